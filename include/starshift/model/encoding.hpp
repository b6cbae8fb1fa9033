// Redshift column compression encodings and which types each one accepts (REDSHIFT.md §3.13).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "starshift/model/sql_type.hpp"

namespace starshift {

enum class encoding {
    raw,
    az64,
    bytedict,
    delta,
    delta32k,
    lzo,
    mostly8,
    mostly16,
    mostly32,
    runlength,
    text255,
    text32k,
    zstd,
};

[[nodiscard]] std::string to_sql(encoding e);
// Case-insensitive; accepts the Redshift keywords ("AZ64", "Text255", …).
[[nodiscard]] std::optional<encoding> parse_encoding(std::string_view s);

// Whether Redshift accepts `e` on a column of type `t` (the documented matrix plus the MOSTLYn width rule).
[[nodiscard]] bool is_valid_for(encoding e, const sql_type& t) noexcept;

// The encoding Redshift picks when the table has explicit encodings but this column has none (§3.13).
[[nodiscard]] encoding default_encoding(const sql_type& t, bool is_sort_key) noexcept;

}  // namespace starshift
