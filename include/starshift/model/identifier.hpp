// Rules for Redshift identifiers (table and column names): 1..127 bytes of UTF-8, no NUL.
#pragma once

#include <cstddef>
#include <string_view>

namespace starshift {

inline constexpr std::size_t max_identifier_bytes = 127;

// Throws model_error [starshift.model.identifier_invalid] naming `table`/`column` when `name` is empty,
// longer than 127 bytes, contains NUL or is not valid UTF-8.
void check_identifier(std::string_view name, std::string_view table, std::string_view column);

}  // namespace starshift
