// Streaming decompression of a byte_reader by COPY's compression option (GZIP, ZSTD, BZIP2), in bounded memory.
#pragma once

#include <memory>

#include "starshift/io/object_store.hpp"
#include "starshift/model/copy_spec.hpp"

namespace starshift::io {

// Wraps `source` so reads return decompressed bytes. compression::none returns `source` itself.
// GZIP accepts concatenated members (as gzip(1) writes them); ZSTD accepts concatenated frames; BZIP2 accepts
// concatenated streams. A corrupt stream throws io_error [starshift.io.corrupt_stream], a stream that ends
// mid-member throws [starshift.io.truncated_stream]; both name the object.
[[nodiscard]] std::unique_ptr<byte_reader> make_decompressing_reader(std::unique_ptr<byte_reader> source,
                                                                     compression c);

}  // namespace starshift::io
