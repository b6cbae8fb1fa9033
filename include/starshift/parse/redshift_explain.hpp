// Amazon Redshift's printed EXPLAIN read into a starshift::distributed_plan: the text a cluster prints for EXPLAIN
// (https://docs.aws.amazon.com/redshift/latest/dg/r_EXPLAIN.html) or the rows of STL_EXPLAIN as psql prints them
// (https://docs.aws.amazon.com/redshift/latest/dg/r_STL_EXPLAIN.html). What is read: docs/tuning.md,
// "starshift explain".
#pragma once

#include <string>
#include <string_view>

#include "starshift/model/distributed_plan.hpp"

namespace starshift::parse {

// EXPLAIN text: an optional "QUERY PLAN" header and its dashes, then one step a line ("XN Hash Join DS_BCAST_INNER
// (cost=… rows=… width=…)"), children on "->" lines indented deeper than their parent (tabs count to the next
// multiple of 8), every other line a condition of the step above it ("Hash Cond: …", "Filter: …", "Send to leader"),
// "----- … -----" lines notes of the plan and "(N rows)" ignored.
// STL_EXPLAIN rows: a header naming nodeid and parentid, "|"-separated rows of one query whose plannode column holds
// the step (possibly cut short by substring(): a cut label or relation is kept as printed, with a note) and whose
// next column, when there is one, a condition.
// Throws parse_error [starshift.parse.bad_redshift_explain] at `file`:line naming what is wrong (no step at all, a
// "->" line that is no step, a cost that does not read, a second root, a condition before the first step, STL rows
// of several queries or whose parents do not form one tree).
[[nodiscard]] distributed_plan read_redshift_explain(std::string_view text, const std::string& file = "<explain>");

}  // namespace starshift::parse
