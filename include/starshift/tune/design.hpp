// One table's physical design as the tuning lab varies it: distribution style and key, sort key.
#pragma once

#include <optional>
#include <string>

#include "starshift/model/distribution.hpp"
#include "starshift/model/sort_key.hpp"
#include "starshift/model/table.hpp"

namespace starshift::tune {

struct table_design {
    dist_style diststyle = dist_style::automatic;
    std::optional<std::string> distkey;  // DISTSTYLE KEY only
    sort_key sortkey;                    // style automatic with no columns = no sort key simulated

    // "KEY(user_id) SORTKEY(artist_id)", "ALL", "EVEN INTERLEAVED SORTKEY(a, b)", "AUTO": for tables and plots.
    [[nodiscard]] std::string label() const;
    friend bool operator==(const table_design& a, const table_design& b);
    friend bool operator!=(const table_design& a, const table_design& b) { return !(a == b); }
};

// The design a model table declares.
[[nodiscard]] table_design design_of(const table& t);
// `t` with `d` applied (the model's table_builder rules: validated; throws model_error when d names a missing column).
[[nodiscard]] table with_design(const table& t, const table_design& d);

}  // namespace starshift::tune
