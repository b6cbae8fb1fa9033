// The distributed plan Redshift's planner would print for one statement (join order, operators, DS_* labels, the
// rule behind each, bytes moved), predicted from the statement's own parse (no database), the tables' DDL and
// their statistics. Rules and their sources: docs/tuning.md, "Predicted plans".
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "starshift/model/distributed_plan.hpp"
#include "starshift/model/statement.hpp"
#include "starshift/model/table.hpp"
#include "starshift/tune/cluster.hpp"

namespace starshift::tune {

// What the planner knows of one table: rows and the average width of a row in bytes (0 = from the DDL's types).
struct table_stats {
    std::uint64_t rows = 0;
    double row_bytes = 0;
};

// How a table without DISTSTYLE is distributed: AUTO on current clusters (Redshift's default), EVEN on older ones.
enum class missing_diststyle { automatic, even };

struct plan_options {
    cluster_shape cluster;
    std::map<std::string, table_stats> stats;  // by table name as the DDL spells it, unqualified, lower case
    missing_diststyle default_diststyle = missing_diststyle::automatic;
    std::uint64_t auto_all_max_rows = 1'000'000;  // AUTO is ALL up to this many rows, EVEN above (docs/tuning.md)
    std::uint64_t default_rows = 1'000'000;       // rows of a table `stats` does not name (docs/tuning.md)
};

// Throws tune_error [starshift.tune.unanalysable] naming the reason when the statement cannot be planned (a table
// the DDL does not declare, a statement kind without a plan).
[[nodiscard]] distributed_plan predict_plan(const statement& s, const std::vector<table>& tables,
                                            const plan_options& options);

}  // namespace starshift::tune
