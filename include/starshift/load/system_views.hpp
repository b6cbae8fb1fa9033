// Redshift's system views simulated on PostgreSQL from what starshift knows (schema starshift_redshift):
// pg_table_def (the model of each CREATE TABLE: encoding, distkey, sortkey), svv_table_info (rows, size, diststyle,
// sortkey1, skew_rows from the tune layer's slice simulation for a chosen cluster shape) and stl_load_commits (one row
// per file each COPY read). stl_load_errors is load_errors_ddl()'s view. See docs/parse.md, "Simulated system views".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <pqxx/transaction_base>

#include "starshift/copy/copy_encoder.hpp"
#include "starshift/model/copy_spec.hpp"
#include "starshift/model/table.hpp"
#include "starshift/tune/cluster.hpp"

namespace starshift::load {

struct system_view_options {
    // The cluster svv_table_info's slices, skew and sizes are simulated for (and stl_load_commits' slice numbers).
    tune::cluster_shape cluster = tune::make_cluster("dc2.large", 2);
};

// The version of the views' SQL, recorded in starshift_redshift.installed (component system_views).
inline constexpr int system_views_version = 1;

// CREATE TABLE IF NOT EXISTS of the tables behind the views and CREATE OR REPLACE VIEW of the views (the schema
// must exist).
[[nodiscard]] const std::string& system_views_ddl();

// Installs the views unless this version (or a newer one) is recorded (then false), as install_redshift_functions.
// Every function below calls it first.
bool install_system_views(pqxx::transaction_base& tx);

// Records the model of `t`, which must exist (just created): its columns' encodings (the explicit ENCODE, else
// the one Redshift picks, model::default_encoding), DISTKEY and sort-key positions (interleaved: negative), and its
// table-level design for svv_table_info. A table of the same name recorded before is replaced.
void record_table(pqxx::transaction_base& tx, const table& t);

// Recomputes the svv_table_info row of `t` (recorded by record_table): count(*), the average row width (the text
// length of every column, as tune::table_data::row_bytes), the DISTKEY column's values for DISTSTYLE KEY, then
// tune::simulate_distribution on options.cluster.
void refresh_table_info(pqxx::transaction_base& tx, const table& t, const system_view_options& options = {});

// refresh_table_info for each of `tables` that exists and was recorded (the on-demand refresh).
void refresh_system_views(pqxx::transaction_base& tx, const std::vector<table>& tables,
                          const system_view_options& options = {});

// One stl_load_commits row per file a COPY read (query = load_id; slice = the file's position modulo the
// cluster's slices, as Redshift spreads files over slices; errors = the file's rejected records).
void record_load_commits(pqxx::transaction_base& tx, std::int64_t load_id, const copy_spec& spec,
                         const std::vector<copy::file_stats>& files, const system_view_options& options = {});

// Records the session's last COPY for pg_last_copy_id() and pg_last_copy_count() (PG_LAST_COPY_ID,
// PG_LAST_COPY_COUNT): session settings starshift.last_copy_id and starshift.last_copy_count, kept when `tx` commits.
void note_last_copy(pqxx::transaction_base& tx, std::int64_t load_id, std::uint64_t rows_loaded);

}  // namespace starshift::load
