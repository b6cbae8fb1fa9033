// Splits a CSV byte stream (Redshift's COPY … CSV) into records: a record ends at a newline outside quotes, so a
// quoted field may hold the delimiter, newlines and doubled quotes. Streaming, bounded memory, line numbers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/copy/record_splitter.hpp"
#include "starshift/io/object_store.hpp"

namespace starshift::copy {

// The characters that shape a CSV file (copy_format's delimiter and QUOTE AS character).
struct csv_dialect {
    char delimiter = ',';
    char quote = '"';
};

enum class csv_event {
    record,        // text() is one record (without its line end; the CR of a CRLF is dropped)
    too_large,     // a record over max_record_bytes: skipped to its end without buffering; text() holds its start
    unterminated,  // the stream ended inside a quoted field; text() holds the record's start (up to 1024 bytes)
    end,           // no more input
};

// Whether IGNOREHEADER counts physical lines (default, as Redshift counts newlines) or CSV records.
enum class csv_header_unit { lines, records };

// The field grammar shared by the splitter and csv_converter (docs/copy-engine.md, "CSV"): at a field's start,
// spaces and tabs other than the delimiter are skipped; then a quote opens a quoted field, which ends at a quote
// not followed by another one ("" is one quote); anything else is an unquoted field up to the next delimiter or
// newline, in which a quote is an ordinary character.
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
    // The physical line (1-based) where the record or problem starts, and where it ends.
    [[nodiscard]] std::uint64_t line() const noexcept { return start_line_; }
    [[nodiscard]] std::uint64_t end_line() const noexcept { return end_line_; }
    // Bytes consumed from the input so far.
    [[nodiscard]] std::uint64_t bytes() const noexcept { return bytes_; }

private:
    enum class state : unsigned char { field_start, unquoted, quoted, quote_in_quoted, after_quoted };
    bool refill();
    void append(const char* p, std::size_t n);
    // Scans from pos_ for the end of the current record; true when found (pos_ after the newline).
    bool scan();
    void skip_header();

    io::byte_reader* input_;
    csv_dialect dialect_;
    std::uint32_t ignore_header_;
    csv_header_unit header_unit_;
    std::size_t max_record_bytes_;
    std::unique_ptr<char[]> block_;
    std::size_t block_size_;
    std::size_t block_len_ = 0;
    std::size_t pos_ = 0;
    bool eof_ = false;
    bool header_done_ = false;
    std::vector<char> record_;  // a record that spans blocks (or its first 1024 bytes when too large)
    std::size_t record_len_ = 0;
    std::size_t record_total_ = 0;  // the record's full length so far
    bool spilled_ = false;
    const char* text_ = nullptr;
    std::size_t text_len_ = 0;
    state state_ = state::field_start;
    std::uint64_t line_ = 1;
    std::uint64_t start_line_ = 0;
    std::uint64_t end_line_ = 0;
    std::uint64_t bytes_ = 0;
};

}  // namespace starshift::copy
