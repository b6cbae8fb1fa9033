// The advisor's inputs from a loaded PostgreSQL (`starshift advise`): the tables that Redshift DDL scripts declare,
// a workload from EXPLAIN of every statement of SQL scripts, and the tables' data; each read in its own transaction.
#pragma once

#include <string>
#include <vector>

#include <pqxx/connection>

#include "starshift/load/tune_reader.hpp"
#include "starshift/model/table.hpp"
#include "starshift/tune/table_data.hpp"
#include "starshift/tune/workload.hpp"

namespace starshift::load {

// A SQL script and the file it came from (error positions, default statement names).
struct sql_script {
    std::string file;
    std::string text;
};

// Every CREATE TABLE of the scripts whose columns are known, in order (LIKE and CREATE TABLE … AS see the tables of
// the scripts before). Throws parse::parse_error (file:line:column) like parse_script.
[[nodiscard]] std::vector<table> tables_of_scripts(const std::vector<sql_script>& ddl);

// EXPLAIN (FORMAT JSON) of every statement of the scripts (split_sql_script: named by "-- name:" comments, else
// "<file stem>_<n>"), merged into one workload (workload_from_sql). One transaction, committed.
[[nodiscard]] tune::workload workload_of_scripts(pqxx::connection& conn, const std::vector<sql_script>& queries,
                                                 const std::vector<table>& tables);

// read_warehouse_data in a transaction of its own (committed); tables missing from the database are skipped.
[[nodiscard]] tune::warehouse_data read_advisor_data(pqxx::connection& conn, const std::vector<table>& tables,
                                                     const tune::workload& w, const tune_read_options& options = {});

}  // namespace starshift::load
