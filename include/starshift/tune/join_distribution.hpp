// The redistribution Redshift's planner would choose for one join (the DS_* label EXPLAIN prints) and the bytes
// it would move, from each side's effective distribution and real row counts and widths.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "starshift/model/sql_type.hpp"
#include "starshift/model/table.hpp"
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
    // The side's table: its join columns' types decide whether a pair can be collocated (hash_alike). nullptr, or a
    // column it does not have: the pair is taken to hash alike.
    const starshift::table* model = nullptr;
};

struct join_plan {
    std::string query;
    std::string outer_table;
    std::string inner_table;  // the hashed side (decide_join)
    join_strategy strategy = join_strategy::ds_dist_none;
    std::uint64_t bytes_moved = 0;  // over the network, for this join
    std::string reason;             // one line: why this label
};

// The label decision itself, shared by plan_join (the advisor's cost) and predict_plan (the plan tree): one side of
// a join as the planner sees it, a table or the result of the joins below it (docs/tuning.md, "Join
// redistribution").
struct join_operand {
    std::string name;                          // for the reason: "sales", "(listing ⋈ sales)"
    dist_style effective = dist_style::even;   // ALL, KEY or EVEN (AUTO already resolved)
    double rows = 0;                           // after filters and LIMIT
    double row_bytes = 0;                      // bytes of the columns read
    std::vector<bool> keyed;                   // per column pair: distributed on its column of the pair
};

enum class join_type { inner, left, right, full };  // left: the first operand is preserved

// Whether two join column types hash to the same slice for equal values (docs/tuning.md): the same type, DECIMAL
// with the same scale. SMALLINT, INTEGER and BIGINT hash differently, as do CHAR and VARCHAR.
[[nodiscard]] bool hash_alike(const sql_type& a, const sql_type& b);

struct join_pairs {
    std::vector<std::string> text;   // "a.x = b.y", per pair (for the reason)
    std::vector<bool> hash_alike;    // per pair: the two columns' types hash alike (collocation possible)
};

struct join_decision {
    bool second_is_inner = true;  // the hashed (inner) operand
    join_strategy strategy = join_strategy::ds_dist_none;
    double bytes_moved = 0;
    std::optional<std::size_t> pair;  // the pair the result is distributed on (NONE, INNER, OUTER, BOTH)
    std::string reason;
};

// The inner side and the DS_* label for a join of `first` and `second` (in the order written) on `pairs` (none: a
// nested loop, cross or non-equi join).
[[nodiscard]] join_decision decide_join(const join_operand& first, const join_operand& second, const join_pairs& pairs,
                                        join_type type, const cluster_shape& cluster);

// Throws tune_error [starshift.tune.join_table] when a side's table does not match the join's tables.
[[nodiscard]] join_plan plan_join(const join& j, const join_side& left, const join_side& right,
                                  const cluster_shape& cluster);

}  // namespace starshift::tune
