// The advisor's inputs (`starshift advise`): the tables that Redshift DDL scripts declare, a workload from
// starshift's own parse of every statement of SQL scripts (no database), and the tables' data from a loaded
// PostgreSQL, read in a transaction of its own.
#pragma once

#include <string>
#include <vector>

#include <pqxx/connection>

#include "starshift/load/tune_reader.hpp"
#include "starshift/model/table.hpp"
#include "starshift/parse/parser.hpp"
#include "starshift/tune/table_data.hpp"
#include "starshift/tune/workload.hpp"

namespace starshift::load {

// A SQL script and the file it came from (error positions, default statement names).
struct sql_script {
    std::string file;
    std::string text;
};

// The tables of DDL scripts: parse::tables_for_analysis (parser.hpp), shared with `starshift explain`.

// The workload of query scripts and what could not be analysed.
struct script_workload {
    tune::workload workload;
    std::size_t statements = 0;  // statements read (analysed or not)
    std::size_t analysed = 0;    // statements the workload holds
    // Each statement left out, at its file:line:column: one the parser refuses (reading resumes at the next ';',
    // [starshift.parse.…]), and one that is not a query or DML ([starshift.tune.not_a_query]).
    std::vector<parse::diagnostic> skipped;
};

// Every statement of the scripts read by starshift's parser (parse::check_script: Redshift's own SQL such as
// DATEDIFF(day, …), DATEPART and TOP needs no database) and analysed by tune::workload_from_statement; named by the
// "-- name: description" comment right before it, else "<file stem>_<n>" (n counts the file's statements from 1).
// Never throws for bad input.
[[nodiscard]] script_workload workload_of_scripts(const std::vector<sql_script>& queries,
                                                  const std::vector<table>& tables);

// The query of each materialized view among `tables` (what each REFRESH MATERIALIZED VIEW runs), analysed the same
// way and named "<view>_refresh"; a query starshift's parser cannot read is skipped, its diagnostic's file the view's
// name (`tables` carry no positions). `statements` and `analysed` count the views.
[[nodiscard]] script_workload workload_of_views(const std::vector<table>& tables);

// read_warehouse_data in a transaction of its own (committed); tables missing from the database are skipped.
[[nodiscard]] tune::warehouse_data read_advisor_data(pqxx::connection& conn, const std::vector<table>& tables,
                                                     const tune::workload& w, const tune_read_options& options = {});

}  // namespace starshift::load
