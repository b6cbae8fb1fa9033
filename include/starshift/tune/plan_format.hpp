// Printing distributed plans and their comparison (`starshift explain`): text as Redshift's EXPLAIN prints a plan,
// a label-by-label table, and JSON.
#pragma once

#include <string>

#include "starshift/model/distributed_plan.hpp"
#include "starshift/tune/plan_compare.hpp"

namespace starshift::tune {

// The plan as Redshift's EXPLAIN prints it: the root first, each input on a "->" line 6 columns deeper, its
// conditions below it ("XN Hash Join DS_BCAST_INNER  (rows=170771 width=103)", "  ->  XN Seq Scan on sales  (…)").
// A predicted step's rule and bytes moved follow as "Rule: …" and "Moved: N bytes" lines.
[[nodiscard]] std::string format_plan(const distributed_plan& plan);

// One line a compared join (actual line, actual label, predicted label, agree, tables, the predicted rule), the
// joins of one side only, and "agreement: A of C joins".
[[nodiscard]] std::string format_comparison(const plan_comparison& c);

// {"steps": [{"op", "label", "relation", "alias", "rows", "width", "rule", "bytes_moved", "children", "line"}],
//  "notes": [...]}
[[nodiscard]] std::string plan_json(const distributed_plan& plan);
// {"agreeing", "compared", "joins": [{"line", "actual", "predicted", "agree", "match", "outer", "inner", "rule"}],
//  "actual_only": [...], "predicted_only": [...]}
[[nodiscard]] std::string comparison_json(const plan_comparison& c);

}  // namespace starshift::tune
