// Redshift DISTSTYLE: how a table's rows are spread over the slices (AUTO, EVEN, KEY, ALL).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace starshift {

enum class dist_style {
    automatic,  // DISTSTYLE AUTO (Redshift's default)
    even,
    key,
    all,
};

[[nodiscard]] std::string to_sql(dist_style s);
[[nodiscard]] std::optional<dist_style> parse_dist_style(std::string_view s);

}  // namespace starshift
