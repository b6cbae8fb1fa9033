// A plan: the ordered steps (drop, create, truncate, copy, transform, check, analyze, query) that build or load a
// warehouse on one target, with the SQL each runs (and a display form with secrets masked).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/model/copy_spec.hpp"
#include "starshift/model/statement.hpp"
#include "starshift/model/warehouse.hpp"
#include "starshift/sql/dialect.hpp"

namespace starshift::load {

enum class step_kind { drop, create, truncate, copy, transform, check, analyze, query };

[[nodiscard]] std::string to_string(step_kind k);

// Where a plan runs. On Redshift, COPY runs on the cluster (server-side, from S3); on PostgreSQL, the client-side
// copy engine performs it (the step carries the COPY spec and its target table).
struct target {
    sql::dialect dialect = sql::dialect::postgres;
    bool unlogged_staging = true;  // PostgreSQL: staging tables UNLOGGED (faster loads; they are scratch data)
    // PostgreSQL: run each transform with SET LOCAL enable_nestloop = off. Its estimates for joins on several
    // correlated columns (songplays: title, artist name and duration) come out near 1 row, and the nested loop it
    // then picks is quadratic: a second etl of 1 GB of events ran over 15 minutes instead of seconds. Batch
    // transforms of staging data are hash-join work, as on Redshift.
    bool postgres_disable_nestloop = true;
    // PostgreSQL: each transform runs with SET LOCAL work_mem = this (empty: the server's setting). The transforms'
    // DISTINCTs and windows sort or hash a whole staging table; with PostgreSQL's default 4 MB they spill to disk
    // or fall back to sorting. It bounds each sort or hash of the statement, not the statement.
    std::string postgres_transform_work_mem = "256MB";
    // PostgreSQL: a star table that is empty before the transforms loses its sort-key index while they insert, and
    // gets it back after them (sql::postgres_drop_sort_key_index_if_empty): the index is built once instead of row
    // by row (time: 0.56 s → 0.30 s at 100 MB). A filled table keeps its index (incremental loads).
    bool postgres_index_after_load = true;
    // PostgreSQL: a transform inserting into a star table first runs sql::postgres_truncate_if_empty on it, in its
    // transaction (no change to the data: only an empty table is truncated), so that a first load into it skips the
    // WAL on a wal_level = minimal server (the private cluster of scripts/pg.sh). Not for tables that enforced
    // foreign keys reference (PostgreSQL refuses to truncate them).
    bool postgres_truncate_empty_targets = true;
    // PostgreSQL: PRIMARY KEY, UNIQUE and FOREIGN KEY enforced (sql::ddl_options::enforce_constraints); off, they
    // are informational as on Redshift, and the data-quality checks test the keys' uniqueness.
    bool enforce_constraints = false;
};

struct step {
    std::string name;         // e.g. "copy staging_events", "transform songplays"
    step_kind kind = step_kind::create;
    std::string sql;          // what runs (secrets revealed); empty for a client-side copy
    std::string display_sql;  // what is shown (secrets masked)
    std::optional<copy_spec> copy;  // copy steps
    std::optional<table> copy_target;
    std::optional<data_check::expectation> expect;  // check steps
    // The tables the step reads and writes, for running independent steps at once (executor_options::jobs): two
    // steps may overlap only when neither writes a table the other reads or writes. A step with neither is a
    // barrier: it waits for every step before it, and every step after it waits for it. etl_plan fills them; the
    // other plans run in order.
    std::vector<std::string> reads;
    std::vector<std::string> writes;
    // Among steps ready at once, the executor starts the highest first (then plan order). etl_plan gives 1 to the
    // transforms and index builds of tables with foreign keys (a star schema's fact tables, its largest: the
    // longest steps, started first so the dimensions' run beside them).
    int priority = 0;
};

struct plan {
    std::string name;
    std::vector<step> steps;
};

// DROP every table (star then staging, reverse order), then CREATE them.
[[nodiscard]] plan create_tables_plan(const warehouse& w, const target& t);
// TRUNCATE staging, COPY each spec, run the transforms in order, ANALYZE the star tables.
[[nodiscard]] plan etl_plan(const warehouse& w, const target& t);
// Every data-quality check.
[[nodiscard]] plan checks_plan(const warehouse& w, const target& t);
// One analytics query by name (throws starshift::error [starshift.load.unknown_query] listing the known names), or all of them.
[[nodiscard]] plan query_plan(const warehouse& w, const target& t, std::string_view query_name);
[[nodiscard]] plan queries_plan(const warehouse& w, const target& t);

// For each step, the earlier steps it must wait for (indexes, ascending): those whose tables conflict with its own
// (step::reads/writes; names compared without schema or quotes, case-insensitively, so a doubt is a conflict).
[[nodiscard]] std::vector<std::vector<std::size_t>> step_dependencies(const plan& p);

// The display SQL of every step, as a script (for --dry-run and `sql`).
[[nodiscard]] std::string display_script(const plan& p);

}  // namespace starshift::load
