// PostgreSQL's EXPLAIN (FORMAT JSON) output read into a starshift::explain_plan: its nodes, relations, joins and
// conditions (each condition text read by parse_pg_conjuncts, group keys and outputs by parse_pg_expression).
#pragma once

#include <string_view>

#include "starshift/model/explain_plan.hpp"

namespace starshift::parse {

// `[{"Plan": {…}}, …]` (or one `{"Plan": {…}}` object). Throws model_error [starshift.tune.bad_explain] when the
// text is not valid JSON, holds no plan, a plan node is not an object, or the plan nests deeper than 200 nodes.
[[nodiscard]] explain_plan read_explain(std::string_view json);

}  // namespace starshift::parse
