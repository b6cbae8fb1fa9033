// Running a Redshift SQL script on PostgreSQL (`starshift run`): CREATE TABLE through the PostgreSQL dialect,
// COPY through the client-side copy engine, every other statement passed as written, in order, stopping at the
// first failure. See docs/parse.md, "Running Redshift scripts locally".
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <pqxx/connection>

#include "starshift/copy/copy_encoder.hpp"
#include "starshift/copy/unload_writer.hpp"
#include "starshift/io/object_store.hpp"
#include "starshift/load/executor.hpp"
#include "starshift/load/system_views.hpp"
#include "starshift/parse/parser.hpp"
#include "starshift/sql/render.hpp"

namespace starshift::load {

// What the runner does with one statement.
enum class script_action {
    create_table,  // the parsed table rendered in the PostgreSQL dialect (plus its sort-key index)
    copy,          // the copy engine; rejects to starshift_load_errors
    unload,        // the query's rows written to the store (docs/unload.md)
    pass_through,  // the statement's text, as written
    translate,     // SELECT/WITH/INSERT/UPDATE/DELETE: parsed, Redshift's idioms translated, rendered for PostgreSQL
    begin,         // BEGIN / START TRANSACTION: opens the script's transaction block
    commit,        // COMMIT / END [TRANSACTION|WORK]: commits it
    rollback,      // ROLLBACK / ABORT: rolls it back
    skip,          // a Redshift-only statement with no PostgreSQL meaning: not run, with a notice
};
[[nodiscard]] const char* to_string(script_action a) noexcept;

// One statement of the script and what will be done with it.
struct script_step {
    parse::parsed_statement statement;
    script_action action = script_action::pass_through;
    std::vector<std::string> sql;  // create_table: the PostgreSQL DDL; pass_through: the text; translate: the
                                   // translated statement; else empty
    std::string notice;            // skip: why (printed); empty otherwise
    table copy_target;             // copy: the table of the latest CREATE TABLE of that name before the COPY
    bool outside_transaction = false;  // pass_through that PostgreSQL refuses inside a transaction (CREATE DATABASE…)
    [[nodiscard]] std::string where() const;  // "file:line"
};

// Classifies each statement (pure: no database); CREATE TABLE is rendered with `ddl` (if_not_exists from the
// statement), so ddl.enforce_constraints makes PostgreSQL enforce the keys Redshift only records.
// Throws parse::parse_error [starshift.run.s3_unmapped] at a COPY whose s3:// source, manifest or jsonpaths (or an
// UNLOAD whose TO) `serves` says no store serves, and [starshift.run.copy_table_unknown] at a COPY into a table no
// earlier CREATE TABLE of the script declares.
[[nodiscard]] std::vector<script_step> plan_script(const std::vector<parse::parsed_statement>& statements,
                                                  const std::function<bool(const std::string& uri)>& serves = {},
                                                  const sql::ddl_options& ddl = {});

// Parses every file (in order) with parse::parse_script; the first syntax or model error is thrown (parse_error).
// CREATE TABLE … (LIKE t) and CREATE TABLE … AS look t up in the files read so far, then in `database` (e.g.
// catalog_tables::lookup(): the tables that already exist).
struct script_file {
    std::string name;  // as errors show it
    std::string text;
};
[[nodiscard]] std::vector<parse::parsed_statement> parse_files(const std::vector<script_file>& files,
                                                               const parse::table_lookup& database = {});

struct script_options {
    const io::object_store* store = nullptr;  // COPY sources, manifests and jsonpaths (e.g. io::mapped_store)
    copy::maxerror_rule maxerror_boundary = copy::maxerror_rule::more_than;
    std::size_t max_result_rows = 100;  // rows kept per SELECT
    unsigned unload_slices = 4;         // UNLOAD … PARALLEL ON: part files per slice (docs/unload.md)
    // Notices as the runner goes ("file:line: notice: skipped …"), without '\n'.
    std::function<void(const std::string&)> on_message;
    // Redshift's functions and the simulated system views (schema starshift_redshift, appended to the session's
    // search_path; redshift_functions.hpp, system_views.hpp): installed before the first statement; pg_table_def
    // and svv_table_info refreshed after each CREATE TABLE and COPY, stl_load_commits filled by each COPY.
    bool redshift_schema = true;
    system_view_options views;  // the simulated cluster
};

struct script_step_result;

struct script_step_result {
    std::string where;  // "file:line"
    script_action action = script_action::pass_through;
    std::string keyword;  // "CREATE TABLE", "COPY", "INSERT", …
    std::int64_t rows = -1;  // affected or returned rows when PostgreSQL reports them
    copy_summary copy;       // copy steps
    copy::unload_result unload;  // unload steps: the files written
    std::string table;       // create_table and copy steps: the table's qualified name
    std::vector<std::string> column_names;               // statements that return rows
    std::vector<std::vector<std::string>> result_rows;  // at most max_result_rows (NULL as "NULL")
    double seconds = 0;
};

// Called after each statement that ran or was skipped (e.g. to print a COPY's count or a SELECT's rows).
using script_step_callback = std::function<void(const script_step_result&)>;

struct script_result {
    std::vector<script_step_result> steps;  // the steps that ran (or were skipped), in order
    bool ok = true;
    std::string error;  // "file:line: [id] …" of the failing statement when !ok
    std::size_t statements = 0;  // in the script
    double seconds = 0;
};

// Runs the planned steps on `conn`, in order, after load::prepare_redshift_session when options.redshift_schema
// (its failure ends the run: [starshift.run.redshift_schema]). Each statement runs in its own transaction (committed when it
// succeeds) except between BEGIN and COMMIT, where the statements share the script's transaction; a failure rolls
// back the current transaction and stops (later statements do not run). Rejects within MAXERROR are recorded in
// starshift_load_errors in the COPY's transaction; the rejects of a COPY that failed MAXERROR are recorded after its
// rollback, as Redshift keeps stl_load_errors rows of failed loads. Database errors and load errors do not throw:
// they end the run with result.ok == false and result.error set.
[[nodiscard]] script_result run_script(pqxx::connection& conn, const std::vector<script_step>& steps,
                                       const script_options& options = {},
                                       const script_step_callback& on_step = {});

// "COPY <table>: N rows loaded, M rejected, from SOURCE" (pg_last_copy_count()'s number, with the rejects); SOURCE
// says what the source matched ("prefix s3://b/x.json: 1 file in s3://b/", copy_summary::source).
[[nodiscard]] std::string copy_count_line(const script_step_result& r);
// "UNLOAD to DEST: N rows in K files" (and ", manifest KEY").
[[nodiscard]] std::string unload_line(const script_step_result& r);
// "N statements: C CREATE TABLE, K COPY (R rows loaded, J rejected), P passed through, S skipped in T s".
[[nodiscard]] std::string summary_line(const script_result& r);

}  // namespace starshift::load
