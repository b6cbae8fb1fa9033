// Redshift SORTKEY: COMPOUND or INTERLEAVED over named columns, or AUTO.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace starshift {

enum class sort_style {
    automatic,  // SORTKEY AUTO, and the default when no sort key is given
    compound,
    interleaved,
};

[[nodiscard]] std::string to_sql(sort_style s);
[[nodiscard]] std::optional<sort_style> parse_sort_style(std::string_view s);

inline constexpr std::size_t max_compound_sort_columns = 400;
inline constexpr std::size_t max_interleaved_sort_columns = 8;

struct sort_key {
    sort_style style = sort_style::automatic;
    std::vector<std::string> columns;  // empty for AUTO

    friend bool operator==(const sort_key& a, const sort_key& b);
    friend bool operator!=(const sort_key& a, const sort_key& b) { return !(a == b); }
};

}  // namespace starshift
