// Turns one CSV record (from csv_splitter) into one COPY row of the target columns, with Redshift's COPY … CSV
// rules: fields by position, quoted fields, empty fields, field-count rejects, the conversions of convert_value.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/copy/csv_dialect.hpp"
#include "starshift/copy/record_converter.hpp"
#include "starshift/copy/reject.hpp"
#include "starshift/copy/value_converter.hpp"

namespace starshift::copy {

// Choices where Redshift's documentation is silent (docs/copy-engine.md, "CSV"); the defaults are the engine's
// reading of it.
struct csv_options {
    // IGNOREHEADER n skips n physical lines (Redshift counts newlines) or n CSV records (a quoted header field
    // with a newline then counts once).
    csv_header_unit header_unit = csv_header_unit::lines;
    // EMPTYASNULL (and BLANKSASNULL) turn an unquoted empty field into NULL; with this, a quoted empty field ("")
    // as well. Without it "" is an explicit empty string. (BLANKSASNULL always applies to quoted white space.)
    bool emptyasnull_quoted = false;
    // An unquoted field equal to this text loads NULL (Redshift's default NULL AS is '\N'); nullopt: none.
    std::optional<std::string> null_as = std::string("\\N");
};

class csv_converter {
public:
    // `fillrecord` (FILLRECORD): a record with too few fields loads the missing trailing columns as NULL (VARCHAR:
    // empty, NULL with EMPTYASNULL) instead of being rejected.
    csv_converter(std::vector<target_column> columns, csv_dialect dialect, conversion_settings settings,
                  csv_options options = {}, bool fillrecord = false);
    ~csv_converter();
    csv_converter(const csv_converter&) = delete;
    csv_converter& operator=(const csv_converter&) = delete;

    // On success appends the row (framed by row_framing in settings.wire's format, as record_converter) to `out`
    // and returns true. On failure leaves `out` unchanged, fills rej.column/raw_value/code/reason and returns
    // false: too few fields (1214 "Delimiter not found", column = the first missing one), too many (1214 "Extra
    // column(s) found"), text after a closing quote (1214), an unterminated quote (1214), invalid UTF-8 without
    // ACCEPTINVCHARS (1220), or a conversion error of convert_value (raw_value = the field).
    [[nodiscard]] bool convert(std::string_view record, std::string& out, reject& rej);

    [[nodiscard]] const std::vector<target_column>& columns() const noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

// The code of every CSV structure reject (Redshift's 1214, "Delimiter not found"; REDSHIFT.md §3.7).
inline constexpr int csv_structure_code = 1214;
// The code of a record over max_record_bytes (1216, "Input line is not valid").
inline constexpr int csv_too_large_code = 1216;

}  // namespace starshift::copy
