// Redshift's functions that PostgreSQL lacks (DATEADD, DATEDIFF, MONTHS_BETWEEN, ADD_MONTHS, LEN, CHARINDEX,
// STRTOL, CONVERT_TIMEZONE, GETDATE, MEDIAN, TRUNC(timestamp), …), installed into the schema starshift_redshift of a
// PostgreSQL target with Redshift's documented semantics; the list is docs/parse.md, "Redshift functions".
#pragma once

#include <string>

#include <pqxx/connection>
#include <pqxx/transaction_base>

namespace starshift::load {

// The schema the functions (and the simulated system views, system_views.hpp) live in.
inline constexpr const char* redshift_schema = "starshift_redshift";

// The version of the function set; recorded in starshift_redshift.installed. Raise it with every change of the SQL.
inline constexpr int redshift_functions_version = 1;

// The SQL that creates every function (CREATE OR REPLACE …; the schema must exist). One place: the installer runs it.
[[nodiscard]] const std::string& redshift_functions_sql();

// Creates the schema and the functions unless this version (or a newer one) is already recorded: then nothing
// happens (false). An older version is replaced (true). Serialised by an advisory lock, so concurrent sessions
// install once. Runs in `tx` (commit it).
bool install_redshift_functions(pqxx::transaction_base& tx);

// What `starshift run` and `sparkify` do before running statements: install_redshift_functions and
// install_system_views (system_views.hpp) in a transaction of its own, then starshift_redshift appended to the
// session's search_path (once), so the functions and views are callable unqualified as on Redshift. Database errors
// propagate (pqxx exceptions).
void prepare_redshift_session(pqxx::connection& conn);

// Appends starshift_redshift to the session's search_path unless it is on it (for the session once `tx` commits;
// `starshift run` calls it again after a script's own SET search_path).
void append_redshift_schema(pqxx::transaction_base& tx);

}  // namespace starshift::load
