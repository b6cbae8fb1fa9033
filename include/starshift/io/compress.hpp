// Streaming compression of a byte_writer by UNLOAD's compression option (GZIP, ZSTD, BZIP2), in bounded memory:
// the counterpart of decompress.hpp, on the same libraries (zlib, libzstd, libbz2).
#pragma once

#include <memory>

#include "starshift/io/object_store.hpp"
#include "starshift/model/copy_spec.hpp"

namespace starshift::io {

// Wraps `sink` so that writes are compressed (one gzip member, one zstd frame, one bzip2 stream); finish() ends the
// stream, finishes `sink` and returns its stored (compressed) size. compression::none returns `sink` itself.
// make_decompressing_reader reads the result back.
[[nodiscard]] std::unique_ptr<byte_writer> make_compressing_writer(std::unique_ptr<byte_writer> sink, compression c);

}  // namespace starshift::io
