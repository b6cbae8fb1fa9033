// COPY value conversion for TIME, TIMETZ, VARBYTE, SUPER, GEOMETRY, GEOGRAPHY and HLLSKETCH (the types whose
// PostgreSQL column is not the Redshift type itself: docs/parse.md, "Type mapping"). Private to src/copy.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "starshift/copy/value_converter.hpp"

namespace starshift::copy {

// Whether convert_extended handles the type.
[[nodiscard]] bool is_extended(type_kind k) noexcept;

// Appends the field for a non-null `v` (settings.wire's format); `is_null` set for an empty string. On failure
// appends nothing and returns the error.
[[nodiscard]] conversion_error convert_extended(const json_value& v, const sql_type& type,
                                                const conversion_settings& settings, std::string& out, bool& is_null);

// "HH:MI[:SS[.ffffff]]" with an optional zone (Z, UTC, ±HH, ±HHMM, ±HH:MM; a space before it allowed): microseconds
// since midnight and the zone's offset east of UTC in seconds (0 without one). False when not a time of day.
[[nodiscard]] bool parse_time_of_day(std::string_view text, std::int64_t& micros, int& offset_seconds,
                                     bool& has_zone);

}  // namespace starshift::copy
