// What `starshift run` prints of a script: the plan of a dry run, and one line (or a table of rows) per step run.
#pragma once

#include <string>
#include <vector>

#include "starshift/io/mapped_store.hpp"
#include "starshift/load/script_runner.hpp"

namespace starshift::load {

// Per step "-- file:line: action" (a skip with its notice), a COPY's source and jsonpaths with the folder `store`
// maps them to, then the step's SQL, each statement ending in ';'.
[[nodiscard]] std::string format_script_dry_run(const std::vector<script_step>& steps, const io::mapped_store& store);

// The column names, then one line per row (cells separated by " | "), then "(N rows)".
[[nodiscard]] std::string format_result_rows(const script_step_result& r);

// What a step that ran prints: a COPY's count line (copy_count_line), a SELECT's "file:line: KEYWORD" and its rows,
// else "file:line: KEYWORD" with " (N rows)" for INSERT, UPDATE, DELETE and MERGE; nothing for a skip.
[[nodiscard]] std::string format_script_step(const script_step_result& s);

}  // namespace starshift::load
