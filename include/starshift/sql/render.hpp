// Rendering model values to SQL text for one dialect: DDL, COPY, INSERT … SELECT, DELETE, ANALYZE, queries.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "starshift/model/copy_spec.hpp"
#include "starshift/model/statement.hpp"
#include "starshift/model/table.hpp"
#include "starshift/model/unload_spec.hpp"
#include "starshift/model/warehouse.hpp"
#include "starshift/sql/dialect.hpp"

namespace starshift::sql {

struct ddl_options {
    bool if_not_exists = false;
    bool sort_key_index = true;  // PostgreSQL: a B-tree index on the sort-key columns
    // PostgreSQL: CREATE UNLOGGED TABLE … WITH (autovacuum_enabled = off) (fast staging loads; the loader runs
    // ANALYZE after its COPYs, and autovacuum would scan the fresh rows while the transforms read them)
    bool unlogged = false;
    // PostgreSQL: whether PRIMARY KEY, UNIQUE and FOREIGN KEY are rendered as constraints PostgreSQL enforces.
    // Off by default: Redshift does not enforce them (they are informational, planner hints:
    // https://docs.aws.amazon.com/redshift/latest/dg/t_Defining_constraints.html), so scripts that insert duplicate
    // keys run there; the PostgreSQL DDL then names them in a comment inside the CREATE TABLE instead. NOT NULL is
    // always rendered (Redshift enforces it). On: the stricter local check. Redshift always gets every constraint.
    bool enforce_constraints = false;
};

// PostgreSQL: the collation COLLATE CASE_INSENSITIVE columns get (created by create_table when a column needs it).
inline constexpr const char* case_insensitive_collation = "starshift_case_insensitive";

// Every rendered statement ends with ';' and uses '\n' line ends; keywords upper case; deterministic.

// CREATE TABLE plus, for PostgreSQL, the sort-key index statement "CREATE INDEX <table>_sortkey ON … (cols);"
// (and before it "CREATE COLLATION IF NOT EXISTS starshift_case_insensitive …" when a column is CASE_INSENSITIVE).
[[nodiscard]] std::vector<std::string> create_table(const table& t, dialect d, const ddl_options& options = {});
[[nodiscard]] std::string drop_table(const table& t, dialect d);  // DROP TABLE IF EXISTS … ;
[[nodiscard]] std::string truncate_table(const table& t, dialect d);
[[nodiscard]] std::string analyze_table(const table& t, dialect d);
// PostgreSQL bulk inserts: a B-tree updated row by row costs as much as the insert itself, building it afterwards a
// fraction. drop_sort_key_index_if_empty drops <table>_sortkey only while the table is empty (a DO block), so an
// incremental load into a filled table keeps its index; create_sort_key_index is CREATE INDEX IF NOT EXISTS. Both
// are empty for a table without a sort key.
[[nodiscard]] std::string postgres_drop_sort_key_index_if_empty(const table& t);
[[nodiscard]] std::string postgres_create_sort_key_index(const table& t);
// PostgreSQL bulk inserts into an empty table: lock it, and TRUNCATE it if it has no row (no change to the data) so
// that the statements after it in the same transaction write a new file. With wal_level = minimal PostgreSQL then
// skips the WAL of those rows and syncs the file at commit ("wal_skip_threshold"; "Populating a Database", 14.4.7):
// songplays at 1 GB, 3.8–4.5 s → 3.1–3.3 s. Other wal_levels lose nothing. The lock (ACCESS EXCLUSIVE until the
// transaction ends) first, so no concurrent writer's rows can be truncated; PostgreSQL refuses to TRUNCATE a table
// that enforced foreign keys reference.
[[nodiscard]] std::string postgres_truncate_if_empty(const table& t);
// PostgreSQL: "SET LOCAL name = 'value';" (a planner or resource setting for the rest of the transaction). Throws
// sql_error [starshift.sql.bad_setting] unless name is a lower-case setting name ([a-z_.]+).
[[nodiscard]] std::string postgres_set_local(std::string_view name, std::string_view value);

// Redshift's server-side COPY. `secrets::mask` writes '***' for secret keys and session tokens.
[[nodiscard]] std::string copy_command(const copy_spec& spec, secrets s);
// Redshift's UNLOAD (r_UNLOAD), options in a fixed order; parse_unload reads it back to an equal spec.
[[nodiscard]] std::string unload_command(const unload_spec& spec, secrets s);

[[nodiscard]] std::string render(const select_query& q, dialect d);  // ends with ';' like every statement
[[nodiscard]] std::string render(const insert_select& s, dialect d);
[[nodiscard]] std::string render(const delete_statement& s, dialect d);
[[nodiscard]] std::string render(const insert_values& s, dialect d);
[[nodiscard]] std::string render(const update_statement& s, dialect d);
[[nodiscard]] std::string render(const merge_statement& s, dialect d);  // the same in both (PostgreSQL 15 has MERGE)
// CREATE [OR REPLACE] VIEW; PostgreSQL: without WITH NO SCHEMA BINDING (its views are always bound to their tables)
[[nodiscard]] std::string render(const create_view& s, dialect d);
[[nodiscard]] std::string render(const statement& s, dialect d);
[[nodiscard]] std::string render(const expr& e, dialect d);  // an expression: no ';'

// Whole files as checked in under sql/<dialect>/: each statement preceded by a "-- name: description" comment.
[[nodiscard]] std::string create_tables_script(const warehouse& w, dialect d, const ddl_options& options = {});
[[nodiscard]] std::string drop_tables_script(const warehouse& w, dialect d);
[[nodiscard]] std::string copy_script(const warehouse& w, secrets s);  // Redshift only
[[nodiscard]] std::string transform_script(const warehouse& w, dialect d);
[[nodiscard]] std::string checks_script(const warehouse& w, dialect d);
[[nodiscard]] std::string queries_script(const warehouse& w, dialect d);

}  // namespace starshift::sql
