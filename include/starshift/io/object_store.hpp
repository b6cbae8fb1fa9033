// Object stores (local directories now, S3 later): list keys under a prefix and open one as a byte stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/common/error.hpp"

namespace starshift::io {

// Thrown for I/O failures (missing file, unreadable directory, corrupt or truncated compressed stream).
// The message starts with a stable id such as [starshift.io.open_failed] and names the object.
class io_error : public error {
public:
    io_error(std::string id, std::string_view object, std::string_view detail);
};

// One object of a listing.
struct object_info {
    std::string key;         // what open() accepts (a full path for local_store)
    std::uint64_t size = 0;  // bytes as stored (compressed size when compressed)
};

// A forward-only byte stream. read() fills up to `n` bytes and returns how many; 0 means end of stream.
// Errors throw io_error naming the object.
class byte_reader {
public:
    virtual ~byte_reader() = default;
    [[nodiscard]] virtual std::size_t read(char* buffer, std::size_t n) = 0;
    [[nodiscard]] virtual const std::string& name() const noexcept = 0;
};

class object_store {
public:
    virtual ~object_store() = default;
    // Every object whose key starts with `prefix` (Redshift key-prefix semantics), sorted by key (bytewise).
    [[nodiscard]] virtual std::vector<object_info> list(std::string_view prefix) const = 0;
    // A stream over the object's stored bytes (no decompression; see make_decompressing_reader).
    [[nodiscard]] virtual std::unique_ptr<byte_reader> open(std::string_view key) const = 0;
};

}  // namespace starshift::io
