// A query plan as a database explains it (PostgreSQL's EXPLAIN): the plan's nodes, the relation each scan reads,
// and its conditions, group keys and output columns as expressions. Read by parse::read_explain, used by tune.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "starshift/model/query.hpp"

namespace starshift {

// One plan node. Each list holds one entry per item the plan printed, in the plan's order; an entry is
// std::nullopt when the reader understood none of it (a condition keeps the conjuncts that were understood).
struct explain_node {
    std::string type;       // "Seq Scan", "Hash Join", "ModifyTable", …
    std::string relation;   // the table a node names ("Relation Name"; for ModifyTable the INSERT/DELETE target)
    std::string schema;
    std::string alias;      // scans, subquery and CTE scans
    std::string join_type;  // "Inner", "Left", "Anti", "Right", "Full", …
    std::vector<std::optional<expr>> join_conditions;  // Hash Cond, Merge Cond, Join Filter
    std::vector<std::optional<expr>> scan_conditions;  // Filter, Index Cond, Recheck Cond, TID Cond
    std::vector<std::optional<expr>> group_keys;
    std::vector<std::optional<expr>> output;           // VERBOSE only
    std::vector<std::size_t> children;                 // indexes into explain_plan::nodes
    std::optional<std::size_t> parent;
};

// The nodes of one or more statements' plans in pre-order: a parent before its children, each root with no parent.
struct explain_plan {
    std::vector<explain_node> nodes;
};

}  // namespace starshift
