// What the delimited-record converters (CSV, text, fixed width) share: one field's text → UTF-8 check (ACCEPTINVCHARS)
// → convert_value → the COPY field, and the rejects they give.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "starshift/copy/copy_binary.hpp"

#include "starshift/copy/record_converter.hpp"
#include "starshift/copy/reject.hpp"
#include "starshift/copy/value_converter.hpp"

namespace starshift::copy::detail {

[[nodiscard]] bool is_ascii(std::string_view s) noexcept;

// Fills `rej` (afresh) for a failed conversion of `column`'s value `raw` (cut to max_raw_value_bytes).
void set_reject(reject& rej, const std::string& column, const conversion_error& ce, std::string_view raw);

// Fills `rej` (afresh) for a record whose structure is wrong (field count, quotes): the record is the raw value.
void set_structure_reject(reject& rej, std::string column, int code, std::string reason, std::string_view record);

class field_writer {
public:
    // Appends `col`'s field for `text` (a string; `null`: SQL NULL, as NULL AS matched) to `out`. On failure
    // appends nothing, fills `rej` and returns false (invalid UTF-8 without ACCEPTINVCHARS: 1220).
    [[nodiscard]] bool write(std::string_view text, bool null, const target_column& col,
                             const conversion_settings& settings, std::string& out, reject& rej);
    // The field FILLRECORD gives a missing trailing column: an empty string for VARCHAR (NULL with EMPTYASNULL),
    // NULL for every other type (copy-parameters-data-conversion, FILLRECORD).
    [[nodiscard]] bool write_missing(const target_column& col, const conversion_settings& settings, std::string& out,
                                     reject& rej);

private:
    std::string utf8_;
    std::string scratch_;
};

// Frames one row of `columns`: for i < present, field(i) appends column i's field (false after filling `rej`); the
// columns after those are FILLRECORD's missing ones. On failure `out` is cut back to where the row began.
template <class Field>
bool write_row(row_framing& framing, const std::vector<target_column>& columns, std::size_t present,
               const conversion_settings& settings, field_writer& writer, std::string& out, reject& rej,
               Field&& field) {
    const std::size_t mark = out.size();
    framing.begin_row(out);
    for (std::size_t i = 0; i < columns.size(); ++i) {
        framing.before_field(out, i);
        if (!(i < present ? field(i) : writer.write_missing(columns[i], settings, out, rej))) {
            out.resize(mark);
            return false;
        }
    }
    framing.end_row(out);
    return true;
}

}  // namespace starshift::copy::detail
