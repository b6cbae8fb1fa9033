// A query plan as Amazon Redshift's EXPLAIN prints it: a tree of steps ("XN Hash Join DS_BCAST_INNER", "XN Seq Scan
// on sales", …) with the data movement label of each join. Two producers fill the same type, so they can be compared
// label by label: tune::predict_plan (what starshift expects Redshift to do, from the DDL and table statistics) and
// parse::read_redshift_explain (what a cluster printed: EXPLAIN text or STL_EXPLAIN rows).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace starshift {

// One step of the plan.
struct plan_step {
    // The operator as printed, without the "XN " prefix and without the label: "Hash Join", "Hash Left Join",
    // "Merge Join", "Nested Loop", "Seq Scan", "Hash", "HashAggregate", "Subquery Scan", "Limit", "Sort", "Network",
    // "Merge", "S3 Query Scan", …
    std::string op;
    std::string label;              // "DS_DIST_NONE", "DS_BCAST_INNER", …; empty for steps without one
    std::string relation;           // scans: the table read ("Seq Scan on sales s": "sales")
    std::string alias;              // scans: the alias when one is printed ("s"), else empty
    std::vector<std::string> conditions;  // "Hash Cond: (\"outer\".listid = \"inner\".listid)", "Filter: …", as printed
    std::optional<double> rows;     // rows=…  (estimated output rows)
    std::optional<double> width;    // width=… (bytes per output row)
    std::optional<double> cost_low;   // cost=low..high
    std::optional<double> cost_high;
    std::vector<std::size_t> children;  // indexes into distributed_plan::steps; for a join: outer first, then inner
    std::optional<std::size_t> parent;
    int line = 0;                   // 1-based line in the EXPLAIN text it was read from (0: predicted)

    // Predicted steps only:
    std::string rule;               // why this label / operator (one sentence, citing the rule of docs/tuning.md)
    std::uint64_t bytes_moved = 0;  // over the network by this step
};

// The steps of one statement's plan in pre-order: steps[0] is the root, a parent comes before its children.
struct distributed_plan {
    std::vector<plan_step> steps;
    std::vector<std::string> notes;  // what the producer could not read or chose to assume, one sentence each
};

}  // namespace starshift
