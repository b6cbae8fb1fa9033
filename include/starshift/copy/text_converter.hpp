// Turns one record of Redshift's text format (from text_splitter) into one COPY row of the target columns: fields
// split on the delimiter (or cut by FIXEDWIDTH's widths), ESCAPE, REMOVEQUOTES, NULL AS, FILLRECORD, field-count
// rejects, then the conversions of convert_value (docs/copy-engine.md, "Text and fixed width").
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/copy/record_converter.hpp"
#include "starshift/copy/reject.hpp"
#include "starshift/copy/value_converter.hpp"
#include "starshift/model/copy_spec.hpp"

namespace starshift::copy {

// How FIXEDWIDTH counts a width. Redshift's pages say "characters" for UNLOAD's widths and remind that CHAR and
// VARCHAR lengths are bytes; the engine counts characters (UTF-8 code points) unless told otherwise.
enum class fixedwidth_unit { characters, bytes };

// The record grammar of one text COPY (from copy_spec::format).
struct text_format {
    char delimiter = '|';
    bool escape = false;
    bool removequotes = false;
    bool fillrecord = false;
    std::optional<std::string> null_as = std::string(default_null_as);  // nullopt: no NULL string
    std::vector<std::uint32_t> widths;  // FIXEDWIDTH: one width per column; empty: delimited
    fixedwidth_unit unit = fixedwidth_unit::characters;

    [[nodiscard]] static text_format from_spec(const copy_format& f, fixedwidth_unit unit = fixedwidth_unit::characters);
};

class text_converter {
public:
    text_converter(std::vector<target_column> columns, text_format format, conversion_settings settings);
    ~text_converter();
    text_converter(const text_converter&) = delete;
    text_converter& operator=(const text_converter&) = delete;

    // On success appends the row (framed by row_framing in settings.wire's format) to `out` and returns true. On
    // failure leaves `out` unchanged, fills rej.column/raw_value/code/reason and returns false: too few fields
    // without FILLRECORD (1214 "Delimiter not found"; fixed width: 1203), too many (1202 "Extra column(s)
    // found"), a REMOVEQUOTES quote never closed (1214), invalid UTF-8 without ACCEPTINVCHARS (1220), or a
    // conversion error of convert_value (raw_value = the field).
    [[nodiscard]] bool convert(std::string_view record, std::string& out, reject& rej);

    [[nodiscard]] const std::vector<target_column>& columns() const noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

namespace text_code {
inline constexpr int extra_columns = 1202;    // "Extra column(s) found"
inline constexpr int fewer_columns = 1203;    // a fixed-width line shorter than its fields
inline constexpr int delimiter = 1214;        // "Delimiter not found", a quote not closed
inline constexpr int invalid_line = 1216;     // a record over the size bound
}  // namespace text_code

}  // namespace starshift::copy
