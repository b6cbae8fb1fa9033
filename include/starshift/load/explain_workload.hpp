// A workload from PostgreSQL's EXPLAIN (FORMAT JSON) text: parse::read_explain reads it, tune::workload_from_plan
// analyses the plan. Pure (no connection); load::workload_from_sql runs the EXPLAIN and calls it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "starshift/model/table.hpp"
#include "starshift/tune/workload.hpp"

namespace starshift::load {

// The workload of one statement named `query` from its EXPLAIN (FORMAT JSON) output; `tables` maps the plan's
// relation names to the model's tables. Throws model_error [starshift.tune.bad_explain] on malformed JSON
// (parse::read_explain), tune::tune_error with the same id on a plan whose nodes are not a tree.
[[nodiscard]] tune::workload workload_from_explain(std::string_view explain_json, const std::string& query,
                                                   const std::vector<table>& tables);

}  // namespace starshift::load
