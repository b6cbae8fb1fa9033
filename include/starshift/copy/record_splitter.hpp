// Splits a JSON byte stream into root-level objects/arrays separated by white space (NDJSON or one pretty-printed
// object per file), tracking line numbers, in bounded memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/io/object_store.hpp"

namespace starshift::copy {

inline constexpr std::size_t default_max_record_bytes = 4U * 1024U * 1024U;  // Redshift: 4 MB per JSON object
inline constexpr std::size_t record_padding = 64;  // bytes readable past a record's end (simdjson padding)

enum class split_event {
    record,        // text() is one complete object/array
    garbage,       // non-white-space text outside any object (one event per run); text() holds its start
    too_large,     // an object over the size bound; it was skipped without buffering; text() holds its start
    unterminated,  // the stream ended inside an object; text() holds its start
    end,           // no more input
};

class record_splitter {
public:
    explicit record_splitter(io::byte_reader& input, std::size_t max_record_bytes = default_max_record_bytes,
                             std::size_t read_block = 1024U * 1024U);

    // Starts over on another input (line 1, no bytes read), keeping the buffers: one splitter serves many files.
    void reset(io::byte_reader& input) noexcept;

    // Line candidates (off by default): when a record starts a line that ends, within the current read block, with
    // the matching kind of bracket, next() returns the whole line (trailing white space trimmed) as a `record`
    // without scanning it, and candidate() is true. The caller must then validate it as exactly one JSON value
    // (a JSON parser does that anyway): a valid value is exactly what the scan would have found; otherwise call
    // rescan(), which scans from the line's start and returns the exact event.
    void enable_line_candidates(bool on) noexcept { line_candidates_ = on; }
    [[nodiscard]] bool candidate() const noexcept { return candidate_; }
    [[nodiscard]] split_event rescan();

    // Advances to the next event.
    [[nodiscard]] split_event next();
    // The record (or the first 1024 bytes of a problem). For `record`, text().data() has record_padding
    // readable bytes after text().size().
    // A record that lies inside one read block is returned in place (no copy); others are assembled in a buffer.
    [[nodiscard]] std::string_view text() const noexcept { return {text_, text_len_}; }
    // The last line (1-based) of the record or problem.
    [[nodiscard]] std::uint64_t line() const noexcept { return end_line_; }
    // Bytes consumed from the input so far.
    [[nodiscard]] std::uint64_t bytes() const noexcept { return bytes_; }

private:
    enum class state { between, garbage, record };
    bool refill();
    void append(const char* p, std::size_t n);
    // Scans [p, end) of a record for its closing bracket; returns the position after the last byte consumed and
    // sets `done` when the record ended there.
    const char* scan_record(const char* p, const char* end, bool& done) noexcept;
    split_event finish_buffered(split_event ev);

    io::byte_reader* input_;
    std::size_t max_record_bytes_;
    std::unique_ptr<char[]> block_;  // block_size_ + record_padding bytes, not zero-filled
    std::size_t block_size_;
    std::size_t block_len_ = 0;
    std::size_t pos_ = 0;
    bool eof_ = false;
    std::vector<char> record_;
    std::size_t record_len_ = 0;
    const char* text_ = nullptr;
    std::size_t text_len_ = 0;
    bool oversize_ = false;
    state state_ = state::between;
    int depth_ = 0;
    bool in_string_ = false;
    bool escape_ = false;
    std::uint64_t line_ = 1;
    std::uint64_t end_line_ = 0;
    std::uint64_t bytes_ = 0;
    bool line_candidates_ = false;
    bool candidate_ = false;
    std::size_t candidate_start_ = 0;  // block offset of the candidate's first byte
};

}  // namespace starshift::copy
