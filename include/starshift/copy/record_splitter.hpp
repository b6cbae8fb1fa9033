// Splits a JSON byte stream into root-level objects/arrays separated by white space (NDJSON or one pretty-printed
// object per file), tracking line numbers, in bounded memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/copy/input_blocks.hpp"
#include "starshift/io/object_store.hpp"

namespace starshift::copy {

inline constexpr std::size_t default_max_record_bytes = 4U * 1024U * 1024U;  // Redshift: 4 MB per JSON object
inline constexpr std::size_t record_padding = 64;  // bytes readable past a record's end (simdjson padding)

enum class split_event {
    record,        // text() is one complete object/array
    garbage,       // non-white-space text outside any object: the rest of its line (one event per line); text()
                   // holds its start
    too_large,     // an object over the size bound; it was skipped without buffering; text() holds its start
    unterminated,  // the stream ended inside an object; text() holds its start
    end,           // no more input
};

// Records, lines and resynchronisation (docs/bad-input.md, "Record boundaries"): a record starts at '{' or '['
// outside any record and ends at its matching bracket; it may span lines. A "resync line" of a record is a line
// after its first one whose first non-blank character is '{' or '[' (whether or not the scanner is inside a string
// there). A record that turns out broken (not well-formed JSON: see resync(); unterminated at the end of the input;
// over the size bound) and has a resync line is cut before it: the event covers only the lines before, and scanning
// resumes at the resync line, so the records after a broken line are not lost. A record that is certainly not valid
// JSON when a resync line starts (a string held a line end, or no value may start there) is cut at once, so a
// broken line costs a scan of its own length, not of the rest of the file.
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
    // The line (1-based) where the record or problem starts.
    [[nodiscard]] std::uint64_t line() const noexcept { return start_line_; }
    // The last line scanned for it (for a cut record: where the scan stopped, i.e. where the problem showed).
    [[nodiscard]] std::uint64_t end_line() const noexcept { return end_line_; }
    // Non-zero when the event was cut at a resync line: the line where scanning resumes.
    [[nodiscard]] std::uint64_t resumed_line() const noexcept { return resumed_line_; }

    // After a `record` event whose text is not well-formed JSON: when the record has a resync line, cuts it there
    // (text() becomes the part before it, resumed_line() the line, where next() resumes) and returns true;
    // otherwise returns false and the record stays one problem.
    bool resync();
    // After rejecting a record that ended inside a line: next() skips the rest of that line (it belongs to the
    // reject, so one damaged line gives one reject).
    void skip_rest_of_line() noexcept { skip_line_ = true; }

    // Bytes consumed from the input so far.
    [[nodiscard]] std::uint64_t bytes() const noexcept { return in_.bytes(); }

private:
    enum class state { between, garbage, record };
    static constexpr std::size_t none = static_cast<std::size_t>(-1);
    void append(const char* p, std::size_t n);
    // Scans [p, end) of a record for its closing bracket; returns the position after the last byte consumed and
    // sets `done` when the record ended there. Notes the first resync line (chunk = where this chunk of the
    // record starts); an oversize record stops there (cut_here_).
    const char* scan_record(const char* p, const char* end, bool& done, const char* chunk) noexcept;
    // At the start of a line inside a record: records it as the resync line when it starts a record.
    const char* note_line_start(const char* p, const char* end, const char* chunk) noexcept;
    // Whether a JSON value may start at q (a line start inside the record, outside strings).
    [[nodiscard]] bool value_may_start(const char* q, const char* chunk) const noexcept;
    void begin_record() noexcept;
    // Cuts the whole record in text() at the resync line and replays the rest.
    split_event cut(split_event ev);
    split_event finish_buffered(split_event ev);

    input_blocks in_;
    std::size_t max_record_bytes_;
    std::size_t pos_ = 0;
    std::vector<char> record_;
    std::size_t record_len_ = 0;    // bytes in record_ (only the first 1024 once oversize)
    std::size_t record_total_ = 0;  // bytes of the current record scanned so far
    const char* text_ = nullptr;
    std::size_t text_len_ = 0;
    bool oversize_ = false;
    state state_ = state::between;
    int depth_ = 0;
    bool in_string_ = false;
    bool escape_ = false;
    std::size_t resync_off_ = none;  // offset of the first resync line in the record
    std::uint64_t resync_line_ = 0;
    bool resync_pending_ = false;    // a line inside the record started at the end of a block: check it next
    bool cut_here_ = false;
    bool broken_ = false;            // a line end inside a string: the record cannot be valid JSON
    std::uint64_t kinds_ = 0;        // open brackets of the first 64 levels, innermost lowest: 1 = array
    bool skip_line_ = false;
    std::uint64_t line_ = 1;
    std::uint64_t start_line_ = 0;
    std::uint64_t end_line_ = 0;
    std::uint64_t resumed_line_ = 0;
    bool line_candidates_ = false;
    bool candidate_ = false;
    std::size_t candidate_start_ = 0;  // block offset of the candidate's first byte
};

}  // namespace starshift::copy
