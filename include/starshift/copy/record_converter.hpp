// Turns one JSON record into one COPY text row of the target columns (JSON 'auto', 'auto ignorecase', jsonpaths).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/copy/jsonpaths.hpp"
#include "starshift/copy/reject.hpp"
#include "starshift/copy/value_converter.hpp"
#include "starshift/model/copy_spec.hpp"
#include "starshift/model/table.hpp"

namespace starshift::copy {

struct target_column {
    std::string name;
    sql_type type;
    bool not_null = false;
};

// The columns a COPY fills, with their types (copy_target_columns of the model, looked up in `target`).
[[nodiscard]] std::vector<target_column> target_columns(const copy_spec& spec, const table& target);

class record_converter {
public:
    // `paths` empty: JSON 'auto' (key == column name; `ignorecase` for 'auto ignorecase'). Otherwise the i-th
    // path feeds the i-th column; a count mismatch throws load_error [starshift.copy.jsonpaths_count].
    record_converter(std::vector<target_column> columns, std::optional<std::vector<json_path>> paths,
                     bool ignorecase, conversion_settings settings);
    ~record_converter();
    record_converter(const record_converter&) = delete;
    record_converter& operator=(const record_converter&) = delete;

    // `record` must have record_padding readable bytes after its end (record_splitter guarantees it).
    // On success appends "field\tfield…\n" to `out` and returns true. On failure leaves `out` unchanged, fills
    // rej.column/raw_value/code/reason and returns false. A JSONPath array index past the end (or into a
    // non-array) throws load_error [starshift.copy.jsonpath_index]: the whole COPY fails, as in Redshift.
    [[nodiscard]] bool convert(std::string_view record, std::string& out, reject& rej);
    // The same for a record_splitter line candidate: when the text does not parse as exactly one JSON value, sets
    // `not_one_value`, leaves `out` and `rej` alone and returns false; the caller then rescans the splitter.
    [[nodiscard]] bool convert_candidate(std::string_view record, std::string& out, reject& rej, bool& not_one_value);

    // After a failed convert(): true when the text is not one well-formed JSON value (a structural failure, on
    // which record_splitter::resync() may cut the record), false for a conversion error of a well-formed record.
    [[nodiscard]] bool malformed() const noexcept;

    [[nodiscard]] const std::vector<target_column>& columns() const noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

// Copies `in` to `out`, replacing each byte that is not part of a well-formed UTF-8 sequence by `replacement`.
// Returns the number of replacements.
std::size_t replace_invalid_utf8(std::string_view in, std::string_view replacement, std::string& out);

}  // namespace starshift::copy
