// A predicted plan (tune::predict_plan) against the plan a Redshift cluster printed (parse::read_redshift_explain),
// join by join: which DS_* labels agree. How joins are matched: docs/tuning.md, "starshift explain".
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "starshift/model/distributed_plan.hpp"

namespace starshift::tune {

// One join of a plan: the step and the base tables under each of its sides (sorted, lower case, without schema; a
// table read twice is listed twice).
struct plan_join {
    std::size_t step = 0;                  // index into distributed_plan::steps
    std::vector<std::string> outer;        // under the first child
    std::vector<std::string> inner;        // under the second child (the Hash's input for a Hash Join)
};

// The joins of a plan in pre-order: steps whose operator is a join ("… Join", "Nested Loop") with two children.
[[nodiscard]] std::vector<plan_join> joins_of(const distributed_plan& plan);

enum class join_match {
    same_sides,  // the unordered pair {outer tables, inner tables} is the same on both sides
    same_inner,  // the join orders differ: the side joined in (the inner side's tables) is the same
};

struct join_comparison {
    plan_join actual;
    plan_join predicted;
    join_match match = join_match::same_sides;
    std::string actual_op;         // "Hash Join"
    std::string actual_label;      // "DS_BCAST_INNER"
    std::string predicted_op;
    std::string predicted_label;
    bool agree = false;            // the labels are equal
    int actual_line = 0;           // the line of the actual step in its EXPLAIN text
    std::string predicted_rule;    // the predicted step's rule
};

struct plan_comparison {
    std::vector<join_comparison> joins;     // in the actual plan's order
    std::vector<plan_join> actual_only;     // joins of the actual plan no predicted join matches
    std::vector<plan_join> predicted_only;  // predicted joins no actual join matches
    std::size_t agreeing = 0;
    [[nodiscard]] std::size_t compared() const noexcept { return joins.size(); }
};

// Matches every join of `actual` to a join of `predicted`: first those whose sides are the same pair of table sets
// (whichever is outer), then, among the joins still unmatched, those whose inner sides hold the same tables; each
// predicted join matches at most one actual join, taken in the actual plan's pre-order. A printed table name that no
// predicted join has but that begins exactly one predicted table's name is taken for it (STL_EXPLAIN cuts names).
[[nodiscard]] plan_comparison compare_plans(const distributed_plan& predicted, const distributed_plan& actual);

// "outer ⋈ inner" as "{event, sales} x {category}" for reports.
[[nodiscard]] std::string describe(const plan_join& j);

}  // namespace starshift::tune
