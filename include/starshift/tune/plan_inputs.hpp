// What `starshift explain` and the golden plans tell the planner besides the DDL: table statistics written as
// "table=rows[,width]" (rows: a whole number; width: the average bytes of a row), one entry an option or a line.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "starshift/tune/query_plan.hpp"

namespace starshift::tune {

// "sales=172456" or "Public.Sales=172456,53" → ("sales", {172456, 53}): the table unqualified and lower case, as
// plan_options::stats keys it. Throws tune_error [starshift.tune.bad_stats] naming the entry.
[[nodiscard]] std::pair<std::string, table_stats> parse_stats_entry(std::string_view entry);

// One entry a line; blank lines and lines starting with '#' skipped. A later entry for a table replaces an earlier
// one. Throws tune_error [starshift.tune.bad_stats] naming `file`:line.
[[nodiscard]] std::map<std::string, table_stats> parse_stats_file(std::string_view text, const std::string& file);

}  // namespace starshift::tune
