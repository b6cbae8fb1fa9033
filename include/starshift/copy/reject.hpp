// A record the COPY engine could not load (Redshift's STL_LOAD_ERRORS row), and the error that ends a COPY.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/common/error.hpp"

namespace starshift::copy {

// Redshift load error codes (REDSHIFT.md §3.7) that the engine emits.
namespace error_code {
inline constexpr int out_of_range = 1204;         // value exceeds the type's range, string too long, DECIMAL overflow
inline constexpr int date_format = 1205;          // DATE not parseable with DATEFORMAT
inline constexpr int timestamp_format = 1206;     // TIMESTAMP not parseable with TIMEFORMAT
inline constexpr int invalid_digit = 1207;        // integer text with a non-digit
inline constexpr int float_format = 1208;         // REAL/DOUBLE text not a number
inline constexpr int decimal_format = 1209;       // DECIMAL text not a number
inline constexpr int boolean_format = 1210;       // BOOLEAN literal not recognised
inline constexpr int not_null = 1213;             // NULL (or missing key) for a NOT NULL column
inline constexpr int char_field = 1215;           // multi-byte character in a CHAR column
inline constexpr int invalid_utf8 = 1220;         // invalid UTF-8 or a NUL character
inline constexpr int invalid_data_type = 1223;    // object/array/boolean where the column type cannot take it
inline constexpr int malformed_json = 1224;       // malformed JSON, text between objects, object over 4 MB
}  // namespace error_code

inline constexpr std::size_t max_raw_value_bytes = 1024;

struct reject {
    std::string file;
    std::uint64_t line = 0;  // the line (1-based) where the record starts
    std::string column;      // empty when the whole record is bad
    std::string raw_value;   // the offending value (or record), cut to 1024 bytes at a UTF-8 boundary
    int code = 0;            // Redshift error code (error_code::…)
    std::string reason;      // short English reason

    // "file:line column: reason (code N)"
    [[nodiscard]] std::string describe() const;
};

// Cuts `s` to at most `max_bytes` without splitting a UTF-8 sequence.
[[nodiscard]] std::string_view cut_utf8(std::string_view s, std::size_t max_bytes) noexcept;

// Thrown when a COPY cannot complete: too many rejects ([starshift.copy.maxerror_exceeded]), a JSONPath index out
// of range ([starshift.copy.jsonpath_index]), a bad jsonpaths file, no files found, … The message starts with
// the id and names the first few rejects; the full bounded list is in rejects().
class load_error : public error {
public:
    load_error(std::string id, std::string_view detail, std::vector<reject> rejects = {});
    [[nodiscard]] const std::vector<reject>& rejects() const noexcept { return rejects_; }

private:
    std::vector<reject> rejects_;
};

}  // namespace starshift::copy
