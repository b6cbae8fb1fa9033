// What `starshift render` prints: parsed Redshift statements rendered in one dialect, everything that was read kept
// (IF NOT EXISTS, other statements as written), and a comment for what has no form in that dialect.
#pragma once

#include <string>
#include <vector>

#include "starshift/parse/parser.hpp"
#include "starshift/sql/dialect.hpp"
#include "starshift/sql/render.hpp"

namespace starshift::load {

// Each statement followed by a blank line. PostgreSQL: a CREATE TABLE is preceded by "-- Redshift only, not
// rendered: …" naming what the dialect drops (ENCODE, DISTSTYLE, DISTKEY, BACKUP, a three-part name's database,
// foreign keys that ddl_options leaves out), a COPY becomes a comment with the `starshift run` line that
// performs it through the copy engine, and a query or DML statement is translated (postgres_statement).
// A parsed query or DML statement for PostgreSQL (sql::to_postgres, then sql::render), the column types from the
// CREATE TABLEs among `statements`. Throws parse_error with the statement's file:line:column and the translator's id
// ([starshift.sql.untranslatable], or the renderer's) and reason.
[[nodiscard]] std::string postgres_statement(const parse::parsed_statement& s,
                                             const std::vector<parse::parsed_statement>& statements);

// A query written inside statement `at` (CREATE TABLE … AS, UNLOAD ('…')) parsed and translated like
// postgres_statement, without a trailing ';'. Errors name `at`'s file, the query's line within the statement and
// `what` ("CREATE TABLE … AS", "UNLOAD").
[[nodiscard]] std::string postgres_query(const parse::parsed_statement& at, const std::string& query_text,
                                         const std::string& what,
                                         const std::vector<parse::parsed_statement>& statements);

// An UNLOAD's query, as postgres_query, refused ([starshift.run.unload_limit], at the UNLOAD's line) when its outer
// SELECT has a LIMIT or TOP: r_UNLOAD, "The SELECT query can't use a LIMIT clause in the outer SELECT."
[[nodiscard]] std::string postgres_unload_query(const parse::parsed_statement& at, const std::string& query_text,
                                                const std::vector<parse::parsed_statement>& statements);

// A CREATE TABLE … AS's table for PostgreSQL: its query parsed and translated like postgres_statement (errors at the
// statement's file and the query's line in it). Other tables are returned as they are.
[[nodiscard]] table postgres_table(const parse::parsed_statement& s,
                                   const std::vector<parse::parsed_statement>& statements);

[[nodiscard]] std::string render_statements(const std::vector<parse::parsed_statement>& statements, sql::dialect d,
                                            sql::secrets secret_mode, const sql::ddl_options& options = {});

}  // namespace starshift::load
