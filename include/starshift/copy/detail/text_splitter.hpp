// Splits Redshift's text format (COPY without CSV or JSON, delimited or FIXEDWIDTH) into records: a newline ends
// the record; with ESCAPE a backslash makes the next byte data, so a backslash-escaped newline continues the record.
// Streaming, bounded memory, exact line numbers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "starshift/copy/input_blocks.hpp"
#include "starshift/copy/record_splitter.hpp"
#include "starshift/io/object_store.hpp"

namespace starshift::copy {

enum class text_event {
    record,     // text() is one record without its newline (a CR before it is data, as in Redshift)
    too_large,  // a record over max_record_bytes, skipped to its end without buffering; text() holds its start
    end,        // no more input
};

struct text_splitter_options {
    bool escape = false;             // ESCAPE
    bool ignore_blank_lines = false;  // IGNOREBLANKLINES: a line holding only its line feed is no record
    std::uint32_t ignore_header = 0;  // IGNOREHEADER: physical lines skipped at the start of every file
    std::size_t max_record_bytes = default_max_record_bytes;
    std::size_t read_block = 1024U * 1024U;
};

class text_splitter {
public:
    text_splitter(io::byte_reader& input, text_splitter_options options);

    // Starts over on another input (line 1, the header skipped again), keeping the buffers.
    void reset(io::byte_reader& input) noexcept;

    [[nodiscard]] text_event next();
    [[nodiscard]] std::string_view text() const noexcept { return {text_, text_len_}; }
    // The physical line (1-based) where the record starts, and where it ends (differs with escaped newlines).
    [[nodiscard]] std::uint64_t line() const noexcept { return start_line_; }
    [[nodiscard]] std::uint64_t end_line() const noexcept { return end_line_; }
    [[nodiscard]] std::uint64_t bytes() const noexcept { return in_.bytes(); }

private:
    void append(const char* p, std::size_t n);
    // Scans from pos_ for the record's newline; true when found (pos_ after it).
    bool scan();
    text_event one();

    input_blocks in_;
    text_splitter_options options_;
    std::size_t pos_ = 0;
    bool header_done_ = false;
    bool escaped_ = false;        // the last byte scanned was an escaping backslash
    std::vector<char> record_;    // a record that spans blocks (or its start when too large)
    std::size_t record_len_ = 0;
    std::size_t record_total_ = 0;
    const char* text_ = nullptr;
    std::size_t text_len_ = 0;
    std::uint64_t line_ = 1;
    std::uint64_t start_line_ = 0;
    std::uint64_t end_line_ = 0;
};

}  // namespace starshift::copy
