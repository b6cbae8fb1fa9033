// The cluster benchmark of distribution/sort-key designs, as SQL text (no connection): per design variant, recreate
// the star tables with the variant applied, run the transforms, then every analytics query twice (the second timed,
// result cache off: AWS's table-tuning method) and read the cluster's own figures (stl_load_commits,
// svl_query_summary, svv_table_info). The figures' rows are turned into a report by summarize_cluster_bench().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/model/distribution.hpp"
#include "starshift/model/sort_key.hpp"
#include "starshift/model/warehouse.hpp"

namespace starshift::load {

// One table's design in a variant. A sort key of style automatic with no columns means "no sort key" (rendered as
// CREATE TABLE without SORTKEY, then ALTER TABLE … ALTER SORTKEY NONE unless options say otherwise); distkey is for
// DISTSTYLE KEY only. Several entries with the same name form one variant (applied together, e.g. a fact table and a
// dimension co-distributed on the same key); tables no entry names keep the model's design.
struct design_variant {
    std::string name;   // e.g. "key(user_id)/artist_id"
    std::string table;  // a staging or star table of the warehouse (unqualified name as in the model)
    dist_style diststyle = dist_style::automatic;
    std::optional<std::string> distkey;
    sort_key sortkey;
};

// The 12 songplays variants: DISTSTYLE EVEN, KEY(user_id), KEY(song_id), ALL × compound SORTKEY
// (artist_id), (start_time), none; named "<dist>/<sort>" ("even/artist_id", "key(song_id)/none", "all/start_time").
[[nodiscard]] std::vector<design_variant> songplays_variants();

// A variant's short label for one table: "KEY(user_id) SORTKEY(artist_id)", "ALL", "EVEN no SORTKEY".
[[nodiscard]] std::string label(const design_variant& v);

// The variant names in first-appearance order (entries with the same name are one variant).
[[nodiscard]] std::vector<std::string> variant_names(const std::vector<design_variant>& variants);

// `w` with every entry named `variant_name` applied, each changed table validated (throws model_error, e.g.
// [starshift.model.distkey_missing]); throws starshift::error [starshift.load.variant_unknown_table] when an
// entry names a table the warehouse does not have, [starshift.load.variant_unknown] when no entry has that name.
[[nodiscard]] warehouse apply_variant(const warehouse& w, const std::vector<design_variant>& variants,
                                      std::string_view variant_name);

struct cluster_bench_options {
    std::vector<std::string> queries;  // named queries to time (in this order); empty = all of the warehouse's
    bool load_staging = true;          // drop, create and COPY the staging tables once before the variants
    int warmup_runs = 1;               // untimed runs of each query before the timed one (compilation, caches)
    bool pin_no_sortkey = true;        // "no sort key" variants get ALTER SORTKEY NONE (automatic optimization off)
    bool transform_figures = true;     // read svl_query_summary after each transform (INSERT … SELECT) too
    bool drop_star_at_end = false;     // drop the star tables after the last variant
};

enum class bench_step_kind {
    setup,         // session settings (SET enable_result_cache_for_session TO off)
    ddl,           // DROP / CREATE / ALTER of a table
    copy,          // server-side COPY of a staging table (secrets only in `sql`)
    transform,     // INSERT … SELECT / DELETE of the ETL, ANALYZE
    query_warmup,  // an analytics query, untimed
    query_timed,   // the same query, timed (its figures are read by the next read_figures step)
    read_figures,  // a system-view query reading the figures of the statement before it (or of the tables)
};
[[nodiscard]] std::string to_string(bench_step_kind k);

enum class figures_kind {
    none,
    load_commits,   // stl_load_commits ⨝ stl_query for pg_last_copy_id(): files, lines_scanned, elapsed_us
    query_summary,  // svl_query_summary ⨝ stl_query for pg_last_query_id(): steps, rows, bytes, maxtime_us,
                    // bytes_broadcast, bytes_distributed, rrscan_steps, diskbased_steps, elapsed_us
    table_info,     // svv_table_info of the given tables: diststyle, sortkey1, size_mb, tbl_rows, skew_rows, unsorted
};
[[nodiscard]] std::string to_string(figures_kind k);

struct bench_step {
    bench_step_kind kind = bench_step_kind::setup;
    std::string variant;      // empty for the shared steps (setup, staging tables, COPY)
    std::string name;         // "create songplays", "copy staging_events", "transform songplays_insert", "top_songs"
    std::string sql;          // what runs (secrets revealed); one statement
    std::string display_sql;  // what is shown (secrets masked)
    std::string query;        // query_warmup / query_timed: the named query; read_figures: the measured step's query
    int run = 0;              // query steps: 1-based run number (the timed run is warmup_runs + 1)
    figures_kind figures = figures_kind::none;  // read_figures: what the statement reads
    std::string subject;      // read_figures: the name of the step whose figures it reads ("tables" for table_info)
    int measured_step = -1;   // read_figures of a copy/transform/timed query: that step's index in `steps`
    std::string table;        // ddl and copy steps: the table
};

struct cluster_bench {
    std::vector<std::string> variants;  // in run order
    std::vector<std::string> queries;   // the timed queries, in run order
    std::vector<bench_step> steps;
};

// The whole benchmark: setup, staging COPY (once) with its figures, then per variant: drop and create the star
// tables (Redshift dialect, variant applied), the transforms (etl_plan's transform and analyze steps) with their
// figures, svv_table_info of the star tables, and per query warmup_runs untimed runs, the timed run and its figures.
// Throws like apply_variant, and starshift::error [starshift.load.unknown_query] for an unknown query name.
[[nodiscard]] cluster_bench cluster_bench_plan(const warehouse& w, const std::vector<design_variant>& variants,
                                               const cluster_bench_options& options = {});

// The display SQL of every step, each preceded by "-- [variant] kind: name" (for --dry-run).
[[nodiscard]] std::string display_script(const cluster_bench& b);

// The SQL of a read_figures step (exposed for other tools reading the same views).
[[nodiscard]] std::string load_commits_sql();   // keyed on pg_last_copy_id()
[[nodiscard]] std::string query_summary_sql();  // keyed on pg_last_query_id()
[[nodiscard]] std::string table_info_sql(const std::vector<const table*>& tables);

// ---- results: what a runner returns per step, and the report built from it (pure, testable without a cluster)

struct bench_step_outcome {
    double seconds = 0;  // client wall time of the statement
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;  // NULL as ""
};

struct copy_figures {
    std::string table;
    double seconds = 0;     // client
    std::int64_t query = -1;
    std::int64_t files = -1;
    std::int64_t lines_scanned = -1;
    double cluster_seconds = -1;  // stl_query elapsed
};

struct query_figures {
    std::string variant;
    std::string query;       // named query, or the transform step's name
    bool transform = false;
    double seconds = 0;      // client wall time of the timed run
    std::int64_t query_id = -1;
    double cluster_seconds = -1;  // stl_query elapsed
    std::int64_t steps = -1;
    std::int64_t rows = -1;
    std::int64_t bytes = -1;
    double max_step_seconds = -1;  // max(maxtime)
    std::int64_t bytes_broadcast = -1;
    std::int64_t bytes_distributed = -1;
    std::int64_t rrscan_steps = -1;
    std::int64_t diskbased_steps = -1;
};

struct table_figures {
    std::string variant;
    std::string table;
    std::string diststyle;
    std::string sortkey1;
    std::int64_t size_mb = -1;
    std::int64_t tbl_rows = -1;
    double skew_rows = -1;
    double unsorted = -1;
};

struct cluster_bench_report {
    std::vector<copy_figures> copies;
    std::vector<query_figures> queries;     // timed queries and transforms, in run order
    std::vector<table_figures> tables;
    [[nodiscard]] const table_figures* find_table(std::string_view variant, std::string_view table) const noexcept;
};

// Reads the figures rows by their column names (a missing figure stays -1). `outcomes` is parallel to b.steps
// (shorter when the run stopped early). Throws starshift::error [starshift.load.bench_outcomes] when longer.
[[nodiscard]] cluster_bench_report summarize_cluster_bench(const cluster_bench& b,
                                                           const std::vector<bench_step_outcome>& outcomes);

}  // namespace starshift::load
