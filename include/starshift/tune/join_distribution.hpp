// The redistribution Redshift's planner would choose for one join (the DS_* label EXPLAIN prints) and the bytes
// it would move, from each side's effective distribution and real row counts and widths.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "starshift/tune/cluster.hpp"
#include "starshift/tune/workload.hpp"

namespace starshift::tune {

enum class join_strategy {
    ds_dist_none,       // both sides distributed on the join columns: collocated
    ds_dist_all_none,   // inner is ALL
    ds_dist_inner,      // inner redistributed on the join column
    ds_dist_outer,      // outer redistributed
    ds_dist_all_inner,  // outer is ALL: the whole inner goes to one slice
    ds_bcast_inner,     // inner broadcast to every node
    ds_dist_both,       // both redistributed
};

[[nodiscard]] std::string to_sql(join_strategy s);  // "DS_DIST_NONE", …
[[nodiscard]] std::optional<join_strategy> parse_join_strategy(std::string_view s);

// One side of a join as the planner sees it.
struct join_side {
    std::string table;
    dist_style effective = dist_style::even;  // AUTO already resolved
    std::optional<std::string> distkey;
    std::uint64_t rows = 0;
    double row_bytes = 0;  // bytes of the columns the query reads from this side (or the whole row)
};

struct join_plan {
    std::string query;
    std::string outer_table;
    std::string inner_table;  // the hashed side: the smaller one in bytes, as Redshift's planner prefers
    join_strategy strategy = join_strategy::ds_dist_none;
    std::uint64_t bytes_moved = 0;  // over the network, for this join
    std::string reason;             // one line: why this label
};

// Throws tune_error [starshift.tune.join_table] when a side's table does not match the join's tables.
[[nodiscard]] join_plan plan_join(const join& j, const join_side& left, const join_side& right,
                                  const cluster_shape& cluster);

}  // namespace starshift::tune
