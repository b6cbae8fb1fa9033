// Converts one JSON value to one column's COPY text field with Redshift's COPY rules (types, empties, options).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "starshift/copy/copy_binary.hpp"
#include "starshift/copy/time_format.hpp"
#include "starshift/model/copy_spec.hpp"
#include "starshift/model/sql_type.hpp"

namespace starshift::copy {

// The conversion options of a COPY (from copy_spec) in compiled form.
struct conversion_settings {
    bool truncatecolumns = false;
    bool trimblanks = false;  // TRIMBLANKS: trailing white space removed from VARCHAR values
    bool blanksasnull = false;
    bool emptyasnull = false;
    bool roundec = false;
    bool acceptanydate = false;  // a DATE/TIMESTAMP(TZ) value that does not parse loads NULL (ACCEPTANYDATE)
    std::optional<std::string> acceptinvchars;  // replacement text for each invalid byte
    time_format timeformat = time_format::parse(std::nullopt, false);
    time_format dateformat = time_format::parse(std::nullopt, true);
    // CSV and text input: a SUPER field is serialized JSON (ingest-super); JSON input: the value itself.
    bool super_text_is_json = false;
    // The field encoding convert_value produces (the copy_encoder sets it from copy_options::wire).
    wire_format wire = wire_format::text;

    [[nodiscard]] static conversion_settings from_spec(const copy_spec& spec);
};

// A JSON value as the converter sees it.
struct json_value {
    enum kind_t { missing, null, string, int64, uint64, floating, boolean, composite } kind = missing;
    std::string_view text;  // string: its unescaped content; composite: its JSON text; numbers: their text
    std::int64_t i = 0;
    std::uint64_t u = 0;
    double d = 0;
    bool b = false;
};

// The outcome of a failed conversion: Redshift code and short reason. code 0 = success.
struct conversion_error {
    int code = 0;
    std::string reason;
};

// Appends the field for `v` into `out` in settings.wire's format: escaped COPY text or \N (text); the int32 length
// and the value in the column type's binary form, or length -1 for NULL (binary). Frame rows with row_framing. On
// failure appends nothing (`out` keeps its size) and returns the error. `not_null` turns a NULL result into 1213.
[[nodiscard]] conversion_error convert_value(const json_value& v, const sql_type& type, bool not_null,
                                             const conversion_settings& settings, std::string& out,
                                             std::string& scratch);

// DECIMAL(p,s) text from a number's text: scale truncated (or rounded half away from zero with `round`).
// Returns false with a code (1209 format, 1204 overflow).
[[nodiscard]] bool decimal_from_text(std::string_view text, int precision, int scale, bool round, std::string& out,
                                     int& code);

// The same value in parts: sign, integer digits (no leading zeros, empty for 0.x), exactly `scale` fraction digits.
// `negative` is false for a zero result.
[[nodiscard]] bool decimal_parts(std::string_view text, int precision, int scale, bool round, bool& negative,
                                 std::string& int_digits, std::string& frac_digits, int& code);

}  // namespace starshift::copy
