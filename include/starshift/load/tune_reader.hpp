// Reading a loaded PostgreSQL warehouse for the tuning simulator: column values into tune::table_data (whole or
// sampled) and a workload from EXPLAIN (FORMAT JSON) of any SQL.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/transaction_base>

#include "starshift/model/table.hpp"
#include "starshift/tune/query_plan.hpp"
#include "starshift/tune/table_data.hpp"
#include "starshift/tune/workload.hpp"

namespace starshift::load {

struct tune_read_options {
    // Fraction of rows read (TABLESAMPLE BERNOULLI(p·100) REPEATABLE(seed)); 1 reads every row.
    double sample_fraction = 1.0;
    std::uint32_t seed = 42;
    // Also read the table's other columns into table_data::sample_columns (only their compression sample is kept),
    // so that tune::analyze_compression and the advisor give every column an encoding.
    bool compression_columns = true;
};

// Reads `columns` of table `t` (every one must exist in t), and with options.compression_columns the others into
// sample_columns. rows = count(*) of the whole table; row_bytes = the
// average over the rows read of the sum of every column's text length (octet_length(col::text), NULL 0): the same
// measure as column_data::total_bytes. Values travel as COPY text (\N = NULL, backslash escapes decoded).
// Throws starshift::error [starshift.tune.read_failed] (with the table) on a database error,
// model_error [starshift.tune.bad_value] when a value does not fit the column's type.
[[nodiscard]] tune::table_data read_table_data(pqxx::transaction_base& tx, const table& t,
                                               const std::vector<std::string>& columns,
                                               const tune_read_options& options = {});

// The columns the advisor needs from `t`: those the workload joins, filters or groups by, plus the declared DISTKEY
// and sort-key columns (declaration order, no duplicates); never a SUPER, VARBYTE, GEOMETRY, GEOGRAPHY or HLLSKETCH
// column (no key of Redshift's can be one: the advisor neither sorts nor distributes on them).
[[nodiscard]] std::vector<std::string> tune_columns(const table& t, const tune::workload& w);

// read_table_data for every table of `tables`, with tune_columns; tables missing from the database are skipped
// when skip_missing (to_regclass IS NULL), else [starshift.tune.read_failed].
[[nodiscard]] tune::warehouse_data read_warehouse_data(pqxx::transaction_base& tx, const std::vector<table>& tables,
                                                       const tune::workload& w,
                                                       const tune_read_options& options = {},
                                                       bool skip_missing = true);

// The planner's statistics of `tables` as loaded in PostgreSQL (`starshift explain --db`): rows from count(*), the
// average row width in bytes from pg_stats's avg_width summed over the table's columns when ANALYZE has run (else
// 0: the DDL's types decide), keyed as plan_options::stats keys them (unqualified, lower case). Tables missing from
// the database are left out. Throws starshift::error [starshift.tune.read_failed] on a database error.
[[nodiscard]] std::map<std::string, tune::table_stats> read_table_stats(pqxx::transaction_base& tx,
                                                                         const std::vector<table>& tables);

// Runs EXPLAIN (FORMAT JSON) of `sql` (one statement; a trailing ';' is dropped) and hands the plan to
// load::workload_from_explain. An INSERT/DELETE is explained, never executed.
[[nodiscard]] tune::workload workload_from_sql(pqxx::transaction_base& tx, std::string_view sql,
                                               const std::string& name, const std::vector<table>& tables);

// Splits a SQL script into statements at top-level ';' (quotes, dollar quotes and comments respected), each with a
// name: the "-- name: …" comment right before it when there is one, else "<file stem>_<n>".
struct named_sql {
    std::string name;
    std::string sql;
};
[[nodiscard]] std::vector<named_sql> split_sql_script(std::string_view script, const std::string& stem);

// Decodes one field of PostgreSQL's COPY text format (\b \f \n \r \t \v \\ \ooo \xhh); "\N" is NULL (nullopt).
[[nodiscard]] std::optional<std::string> decode_copy_text_field(std::string_view field);

}  // namespace starshift::load
