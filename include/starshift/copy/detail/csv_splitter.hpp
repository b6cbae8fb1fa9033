// Splits a CSV byte stream (Redshift's COPY … CSV) into records: a record ends at a newline outside quotes, so a
// quoted field may hold the delimiter, newlines and doubled quotes. Streaming, bounded memory, line numbers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/copy/csv_dialect.hpp"
#include "starshift/copy/input_blocks.hpp"
#include "starshift/copy/record_splitter.hpp"
#include "starshift/io/object_store.hpp"

namespace starshift::copy {

enum class csv_event {
    record,        // text() is one record (without its line end; the CR of a CRLF is dropped)
    too_large,     // a record over max_record_bytes: skipped to its end without buffering; text() holds its start
    unterminated,  // the stream ended inside a quoted field; text() holds the record's start (up to 1024 bytes)
    end,           // no more input
};

// The field grammar shared by the splitter and csv_converter (docs/copy-engine.md, "CSV"): at a field's start,
// spaces and tabs other than the delimiter are skipped; then a quote opens a quoted field, which ends at a quote
// not followed by another one ("" is one quote); anything else is an unquoted field up to the next delimiter or
// newline, in which a quote is an ordinary character.
// A record that spans lines (a quoted field with a newline) and turns out broken (see resync(); unterminated at the
// end of the input; over the size bound) is cut after its first line: the event covers that line, and splitting
// resumes at the next line, so one stray quote costs one record.
class csv_splitter {
public:
    csv_splitter(io::byte_reader& input, csv_dialect dialect, std::uint32_t ignore_header = 0,
                 csv_header_unit header_unit = csv_header_unit::lines,
                 std::size_t max_record_bytes = default_max_record_bytes, std::size_t read_block = 1024U * 1024U);

    // Starts over on another input (line 1, no bytes read, the header skipped again), keeping the buffers.
    void reset(io::byte_reader& input) noexcept;

    // Advances to the next record or problem.
    [[nodiscard]] csv_event next();
    [[nodiscard]] std::string_view text() const noexcept { return {text_, text_len_}; }
    // The physical line (1-based) where the record or problem starts, and where it ends (for a cut record: where
    // the problem showed).
    [[nodiscard]] std::uint64_t line() const noexcept { return start_line_; }
    [[nodiscard]] std::uint64_t end_line() const noexcept { return end_line_; }
    // Non-zero when the event was cut after its first line: the line where splitting resumes.
    [[nodiscard]] std::uint64_t resumed_line() const noexcept { return resumed_line_; }

    // After a `record` event with a structure error (wrong field count, text after a closing quote): when the
    // record spans lines, cuts it after its first line (text() becomes that line, resumed_line() the next one,
    // where next() resumes) and returns true; otherwise returns false.
    bool resync();

    // Bytes consumed from the input so far.
    [[nodiscard]] std::uint64_t bytes() const noexcept { return in_.bytes(); }

private:
    enum class state : unsigned char { field_start, unquoted, quoted, quote_in_quoted, after_quoted };
    static constexpr std::size_t none = static_cast<std::size_t>(-1);
    void append(const char* p, std::size_t n);
    // Scans from pos_ for the end of the current record; true when found (pos_ after the newline).
    bool scan();
    void skip_header();
    // Clears the per-record state (buffers, cut and resync marks, the scanner's state) before a record.
    void begin_record() noexcept;
    // Cuts the record in raw_ after its first line and replays the rest.
    csv_event cut(csv_event ev);

    input_blocks in_;
    csv_dialect dialect_;
    std::uint32_t ignore_header_;
    csv_header_unit header_unit_;
    std::size_t max_record_bytes_;
    std::size_t pos_ = 0;
    std::size_t rec_start_ = 0;  // where the record starts in the current block (0 once it spilled)
    bool header_done_ = false;
    std::vector<char> record_;  // a record that spans blocks (or its first 1024 bytes when too large)
    std::size_t record_len_ = 0;
    std::size_t record_total_ = 0;  // the record's full length so far
    bool spilled_ = false;
    bool cut_pending_ = false;      // over the bound with a second line: cut it after its first line
    std::size_t resync_off_ = none;  // offset of the record's second line
    const char* raw_ = nullptr;      // the whole record as read (with its line end), for cut()
    std::size_t raw_len_ = 0;
    const char* text_ = nullptr;
    std::size_t text_len_ = 0;
    state state_ = state::field_start;
    std::uint64_t line_ = 1;
    std::uint64_t start_line_ = 0;
    std::uint64_t end_line_ = 0;
    std::uint64_t resumed_line_ = 0;
};

}  // namespace starshift::copy
