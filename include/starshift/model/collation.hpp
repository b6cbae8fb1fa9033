// A column's COLLATE CASE_SENSITIVE | CASE_INSENSITIVE (r_CREATE_TABLE_NEW: string comparison on the column).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace starshift {

enum class collation {
    case_sensitive,
    case_insensitive,
};

[[nodiscard]] std::string to_sql(collation c);                         // "CASE_SENSITIVE", "CASE_INSENSITIVE"
[[nodiscard]] std::optional<collation> parse_collation(std::string_view s);  // case-insensitive keyword

}  // namespace starshift
