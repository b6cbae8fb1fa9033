// The pure half of the PostgreSQL COPY engine: lists the source files, reads and decompresses them, splits and
// converts records, and hands COPY data chunks (~1 MB, binary or text format) to a sink. No database involved.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/copy/copy_binary.hpp"
#include "starshift/copy/csv_converter.hpp"
#include "starshift/copy/jsonpaths.hpp"
#include "starshift/copy/record_splitter.hpp"
#include "starshift/copy/reject.hpp"
#include "starshift/copy/text_converter.hpp"
#include "starshift/io/object_store.hpp"
#include "starshift/model/copy_spec.hpp"
#include "starshift/model/table.hpp"

namespace starshift::copy {

// How MAXERROR is read (REDSHIFT.md §3.6, UNVERIFIED on a cluster).
enum class maxerror_rule {
    more_than,  // default, as clusters behave (users' reports) and as the contract asks: MAXERROR N
                // tolerates N errors and fails on error N+1 (MAXERROR 0: the first error fails the load)
    at_least,   // the documentation's literal words: the load fails when errors >= MAXERROR (0 and 1: first error)
};
// "more_than" or "at_least" exactly (the programs' --maxerror-rule); nullopt otherwise.
[[nodiscard]] std::optional<maxerror_rule> parse_maxerror_rule(std::string_view s) noexcept;

struct copy_progress {
    std::uint64_t rows = 0;        // rows handed to the server so far
    std::uint64_t bytes = 0;       // during the load: COPY bytes sent so far; at the end: input bytes read
    double elapsed_seconds = 0;
};

// Engine knobs that are not part of Redshift's COPY syntax.
struct copy_options {
    maxerror_rule maxerror_boundary = maxerror_rule::more_than;
    // The COPY data format sent to the server: binary (default: the server parses no text, ~25% less backend CPU)
    // or text. run() emits a whole stream: with binary, the header starts the first chunk and the trailer ends the
    // last one.
    wire_format wire = wire_format::binary;
    std::size_t max_kept_rejects = 1000;      // rejects kept in memory (all are counted)
    // COPY data per chunk. The first chunk is first_chunk_bytes and each next one twice the last, up to chunk_bytes:
    // the server starts ingesting after a few rows instead of after a whole megabyte (small loads finish sooner).
    std::size_t chunk_bytes = 1U << 20U;
    std::size_t first_chunk_bytes = 64U << 10U;
    std::size_t queue_chunks = 6;             // chunks in flight between parser and sender (copy_into)
    std::size_t max_record_bytes = default_max_record_bytes;
    std::size_t read_block = 1U << 20U;       // bytes read from a file at a time (tests use tiny blocks)
    // A jsonpaths file without the key "jsonpaths": fail the COPY (default) or use 'auto' as Redshift documents.
    jsonpaths_key_rule jsonpaths_key = jsonpaths_key_rule::strict;
    csv_options csv;  // COPY … CSV choices Redshift leaves undocumented (docs/copy-engine.md, "CSV")
    // FIXEDWIDTH widths in characters (default) or bytes (docs/copy-engine.md, "Text and fixed width")
    fixedwidth_unit fixedwidth = fixedwidth_unit::characters;
    const io::object_store* store = nullptr;  // nullptr: local files (s3:// needs a store)
    // Stores without their own read-ahead (object_store::open_sequence's default): objects opened ahead of the one
    // being parsed. s3_store ignores it: s3_options::concurrency GETs are in flight.
    std::size_t open_ahead = 8;
    std::function<void(const copy_progress&)> progress;  // called about every progress_interval_seconds
    double progress_interval_seconds = 2.0;
};

// One file of a COPY as read (stl_load_commits' lines_scanned, errors).
struct file_stats {
    std::string key;                 // the object's key (a full path for local files, s3://… for S3)
    std::uint64_t records_read = 0;  // records and garbage runs seen in this file
    std::uint64_t rows_rejected = 0;
    std::uint64_t bytes_read = 0;    // after decompression
};

struct copy_stats {
    std::vector<file_stats> per_file;  // in reading order; the files read to the end (or to a MAXERROR stop)
    std::uint64_t files = 0;
    std::uint64_t records_read = 0;  // records and garbage runs seen
    std::uint64_t rows_loaded = 0;
    std::uint64_t rows_rejected = 0;
    std::uint64_t bytes_read = 0;    // input bytes after decompression
    std::uint64_t request_retries = 0;  // object store requests retried during the run (S3: 5xx, SlowDown, resets)
};

class copy_encoder {
public:
    // Prepares the COPY: target columns, conversion settings, the jsonpaths file. Throws load_error for a bad
    // jsonpaths file or TIMEFORMAT, model_error when a column is not in the table.
    copy_encoder(const copy_spec& spec, const table& target, const copy_options& options = {});
    ~copy_encoder();
    copy_encoder(const copy_encoder&) = delete;
    copy_encoder& operator=(const copy_encoder&) = delete;

    // Target column names in COPY order.
    [[nodiscard]] const std::vector<std::string>& column_names() const noexcept;
    // Non-fatal findings (e.g. a manifest entry missing, or with jsonpaths_key_rule::auto_fallback a jsonpaths file
    // without "jsonpaths" → 'auto').
    [[nodiscard]] const std::vector<std::string>& warnings() const noexcept;

    // Reads every file, calling sink(chunk) for each full chunk and the last partial one. The sink must leave
    // `chunk` empty (it may swap in a recycled buffer). Stops early, without error, when *cancel becomes true.
    // Throws load_error [starshift.copy.maxerror_exceeded] when the rejects pass MAXERROR,
    // [starshift.copy.no_files] when the source matches nothing, io_error for unreadable or corrupt files.
    void run(const std::function<void(std::string& chunk)>& sink, const std::atomic<bool>* cancel = nullptr);

    [[nodiscard]] const copy_stats& stats() const noexcept;
    // After run() has listed the source: what it matched, in one line ("directory /x/log_data: 30 files",
    // "prefix /x/log: 3 files in /x/", "manifest s3://b/m.json: 2 files"); see io::object_store::describe_listing.
    [[nodiscard]] const std::string& source() const noexcept;
    [[nodiscard]] const std::vector<reject>& rejects() const noexcept;  // at most options.max_kept_rejects

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

// True when `rejected` errors end a COPY with this MAXERROR under `rule`.
[[nodiscard]] bool maxerror_exceeded(std::uint64_t rejected, std::int64_t maxerror, maxerror_rule rule) noexcept;

}  // namespace starshift::copy
