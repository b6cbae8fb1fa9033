// Object stores (local directories, S3, memory): list keys under a prefix, open one as a byte stream, and (for
// UNLOAD) create and remove objects.
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

// A new object being written. The object exists (whole) only once finish() returned; a writer destroyed before
// that leaves nothing behind (a local temporary file is removed, an S3 multipart upload aborted). Errors throw
// io_error naming the object.
class byte_writer {
public:
    virtual ~byte_writer() = default;
    virtual void write(const char* data, std::size_t n) = 0;
    // Completes the object; returns its size in bytes as stored.
    virtual std::uint64_t finish() = 0;
    [[nodiscard]] virtual const std::string& name() const noexcept = 0;
};

// Objects read one after another in a fixed order while the store fetches the following ones ahead.
class object_sequence {
public:
    virtual ~object_sequence() = default;
    // A reader of the next object, in the order given to open_sequence(); nullptr after the last. Destroy each
    // reader (or read it to the end) before asking for the next one: what it holds counts against the store's
    // read-ahead budget. Errors of an object (after its retries) throw io_error naming it, from next() or read().
    [[nodiscard]] virtual std::unique_ptr<byte_reader> next() = 0;
};

// A listing and the sequence of its objects (object_store::list_and_open).
struct listed_objects {
    std::vector<object_info> objects;
    std::unique_ptr<object_sequence> sequence;
};

class object_store {
public:
    virtual ~object_store() = default;
    // Every object whose key starts with `prefix` (Redshift key-prefix semantics), sorted by key (bytewise).
    // local_store reads a path naming a directory as that directory (its tree only), see local_store.hpp.
    [[nodiscard]] virtual std::vector<object_info> list(std::string_view prefix) const = 0;
    // A stream over the object's stored bytes (no decompression; see make_decompressing_reader).
    [[nodiscard]] virtual std::unique_ptr<byte_reader> open(std::string_view key) const = 0;
    // One line saying what list(prefix) matched, for the COPY's notice and its no-files error. By default
    // describe_prefix_listing(); local_store says "directory /x/log_data: 30 files" for a directory.
    [[nodiscard]] virtual std::string describe_listing(std::string_view prefix,
                                                       const std::vector<object_info>& listed) const;
    // A writer of a new object `key` (replacing one of that name when it is finished). By default a store is
    // read-only: io_error [starshift.io.read_only].
    [[nodiscard]] virtual std::unique_ptr<byte_writer> create(std::string_view key) const;
    // Deletes the object `key` (nothing when there is none). Read-only by default ([starshift.io.read_only]).
    virtual void remove(std::string_view key) const;
    // Readers of `objects` in that order (a listing or a manifest), fetched ahead. By default each object is
    // open()ed `ahead` objects before it is read; s3_store downloads many objects at once on one event loop
    // (s3_options::concurrency, in_flight_bytes).
    [[nodiscard]] virtual std::unique_ptr<object_sequence> open_sequence(std::vector<object_info> objects,
                                                                         std::size_t ahead) const;
    // list(prefix) and open_sequence() of what it matched, in one step. By default exactly that; s3_store starts
    // the GETs of each listing page while it lists the next one (the listing is still returned whole and sorted,
    // and the objects handed out in its order).
    [[nodiscard]] virtual listed_objects list_and_open(std::string_view prefix, std::size_t ahead) const;
    // Requests this store retried so far, over all its operations (S3: 5xx, SlowDown, dropped connections); 0 for
    // stores that never retry. A COPY reports the difference over its run.
    [[nodiscard]] virtual std::uint64_t retries() const noexcept { return 0; }
};

// Writes `data` as the whole object `key`; returns its stored size.
std::uint64_t write_object(const object_store& store, std::string_view key, std::string_view data);

// "1 file", "30 files": the count every listing description uses.
[[nodiscard]] std::string file_count(std::size_t n);

// Reads the whole object `key` into `out`; false (stopping early) when it is larger than `max_bytes`.
[[nodiscard]] bool read_object(const object_store& store, std::string_view key, std::size_t max_bytes,
                               std::string& out);

// The "folder" of a key listed under `prefix`: the key up to and including the first '/' at or after the end of
// the prefix ("s3://b/log_data_old/" for s3://b/log_data_old/x under s3://b/log_data); empty for a key with no
// such '/', a file the prefix matches directly (s3://b/log_data.json).
[[nodiscard]] std::string_view prefix_folder(std::string_view prefix, std::string_view key) noexcept;

// "prefix s3://b/log: 31 files in s3://b/ (1), s3://b/log_data/ (30)": the files a key prefix matched, by
// prefix_folder() (files matched directly count in the prefix's own folder); at most 4 folders are named.
// A prefix ending in '/' is one folder: "folder s3://b/log_data/: 30 files". No files: "…: 0 files".
[[nodiscard]] std::string describe_prefix_listing(std::string_view prefix, const std::vector<object_info>& listed);

}  // namespace starshift::io
