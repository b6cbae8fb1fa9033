#include "starshift/load/system_views.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

#include <pqxx/stream_to>
#include <pqxx/transaction_base>
#include <tuple>

#include "starshift/common/text.hpp"
#include "starshift/load/detail/install.hpp"
#include "starshift/load/detail/load_errors.hpp"
#include "starshift/load/tune_reader.hpp"
#include "starshift/model/encoding.hpp"
#include "starshift/sql/quote.hpp"
#include "starshift/tune/design.hpp"
#include "starshift/tune/slice_simulation.hpp"

namespace starshift::load {

namespace {

// The views keep Redshift's column names and types (r_PG_TABLE_DEF, r_SVV_TABLE_INFO, r_STL_LOAD_COMMITS:
// https://docs.aws.amazon.com/redshift/latest/dg/<page>.html); what is not simulated is NULL (docs/parse.md).
const char* const views_sql = R"sql(
CREATE TABLE IF NOT EXISTS starshift_redshift.table_model (
    relid oid PRIMARY KEY,
    diststyle text NOT NULL,
    sortkey1 text,
    sortkey1_enc text,
    sortkey_num integer NOT NULL,
    encoded text NOT NULL,
    max_varchar integer,
    create_time timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')
);
CREATE TABLE IF NOT EXISTS starshift_redshift.column_model (
    relid oid NOT NULL,
    attname text NOT NULL,
    encoding text NOT NULL,
    distkey boolean NOT NULL,
    sortkey integer NOT NULL,
    PRIMARY KEY (relid, attname)
);
CREATE TABLE IF NOT EXISTS starshift_redshift.table_simulation (
    relid oid PRIMARY KEY,
    diststyle text NOT NULL,
    tbl_rows bigint NOT NULL,
    size bigint NOT NULL,
    skew_rows numeric(19, 2),
    slices integer NOT NULL,
    cluster text NOT NULL
);
CREATE TABLE IF NOT EXISTS starshift_redshift.load_commits (
    userid integer NOT NULL,
    query bigint NOT NULL,
    slice integer NOT NULL,
    filename text NOT NULL,
    lines_scanned bigint NOT NULL,
    errors bigint NOT NULL,
    curtime timestamp NOT NULL DEFAULT (clock_timestamp() AT TIME ZONE 'UTC'),
    file_format text NOT NULL
);

CREATE OR REPLACE VIEW starshift_redshift.pg_table_def AS
SELECT n.nspname AS schemaname, c.relname AS tablename, a.attname AS "column",
       format_type(a.atttypid, a.atttypmod) AS type, m.encoding::character(32) AS encoding, m.distkey, m.sortkey,
       a.attnotnull AS "notnull"
FROM starshift_redshift.column_model AS m
JOIN pg_class AS c ON c.oid = m.relid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attname = m.attname AND NOT a.attisdropped
WHERE pg_table_is_visible(c.oid);

CREATE OR REPLACE VIEW starshift_redshift.svv_table_info AS
SELECT current_database()::text AS database, n.nspname::text AS schema, c.oid AS table_id, c.relname::text AS "table",
       t.encoded, s.diststyle, t.sortkey1, t.max_varchar, t.sortkey1_enc::character(32) AS sortkey1_enc,
       t.sortkey_num, s.size, NULL::numeric(10, 4) AS pct_used, 0::bigint AS empty, NULL::numeric(5, 2) AS unsorted,
       NULL::numeric(5, 2) AS stats_off, s.tbl_rows::numeric(38, 0) AS tbl_rows,
       NULL::numeric(19, 2) AS skew_sortkey1, s.skew_rows, s.tbl_rows::numeric(38, 0) AS estimated_visible_rows,
       NULL::text AS risk_event, NULL::numeric(12, 2) AS vacuum_sort_benefit, t.create_time
FROM starshift_redshift.table_model AS t
JOIN starshift_redshift.table_simulation AS s ON s.relid = t.relid
JOIN pg_class AS c ON c.oid = t.relid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE s.tbl_rows > 0;

CREATE OR REPLACE VIEW starshift_redshift.stl_load_commits AS
SELECT userid, query::integer AS query, slice, filename::character(256) AS name,
       filename::character(256) AS filename, 0 AS byte_offset, lines_scanned::integer AS lines_scanned,
       errors::integer AS errors, curtime, 1 AS status, file_format::character(16) AS file_format, 0 AS is_partial,
       0::bigint AS start_offset, 0::bigint AS copy_job_id
FROM starshift_redshift.load_commits;
)sql";

std::string relation(const table& t) { return sql::quote_qualified(t.schema, t.name); }

// The table's oid (0 when it does not exist).
std::int64_t relid_of(pqxx::transaction_base& tx, const table& t) {
    const auto r = tx.exec_params1("SELECT coalesce(to_regclass($1)::oid::bigint, 0)", relation(t));
    return r[0].as<std::int64_t>();
}

std::string encoding_name(const column& c, const table& t) {
    const bool in_sort_key =
        std::find(t.sortkey.columns.begin(), t.sortkey.columns.end(), c.name) != t.sortkey.columns.end();
    const encoding e = c.encode ? *c.encode : default_encoding(c.type, in_sort_key);
    return e == encoding::raw ? "none" : ascii_lower(to_sql(e));
}

}  // namespace

const std::string& system_views_ddl() {
    static const std::string sql = views_sql;
    return sql;
}

bool install_system_views(pqxx::transaction_base& tx) {
    return install_component(tx, "system_views", system_views_version, system_views_ddl());
}

void record_table(pqxx::transaction_base& tx, const table& t) {
    install_system_views(tx);
    const std::int64_t relid = relid_of(tx, t);
    if (relid == 0) return;
    // Rows of dropped tables go too (their oids may be reused).
    tx.exec0("DELETE FROM starshift_redshift.column_model WHERE relid NOT IN (SELECT oid FROM pg_class)");
    tx.exec0("DELETE FROM starshift_redshift.table_model WHERE relid NOT IN (SELECT oid FROM pg_class)");
    tx.exec0("DELETE FROM starshift_redshift.table_simulation WHERE relid NOT IN (SELECT oid FROM pg_class)");
    tx.exec_params0("DELETE FROM starshift_redshift.column_model WHERE relid = $1", relid);
    tx.exec_params0("DELETE FROM starshift_redshift.table_model WHERE relid = $1", relid);
    bool any_explicit = false, all_raw = true;
    std::int64_t max_varchar = -1;
    for (const column& c : t.columns) {
        const auto& keys = t.sortkey.columns;
        const auto at = std::find(keys.begin(), keys.end(), c.name);
        int position = at == keys.end() ? 0 : static_cast<int>(at - keys.begin()) + 1;
        // r_PG_TABLE_DEF: interleaved sort-key columns alternate in sign (-1, 2, -3, 4, -5).
        if (t.sortkey.style == sort_style::interleaved && position % 2 == 1) position = -position;
        const bool dist = t.distkey && *t.distkey == c.name;
        tx.exec_params0("INSERT INTO starshift_redshift.column_model VALUES ($1, $2, $3, $4, $5) "
                        "ON CONFLICT DO NOTHING",
                        relid, c.name, encoding_name(c, t), dist, position);
        any_explicit = any_explicit || c.encode.has_value();
        all_raw = all_raw && c.encode && *c.encode == encoding::raw;
        if (c.type.kind == type_kind::varchar)
            max_varchar = std::max<std::int64_t>(max_varchar, static_cast<std::int64_t>(c.type.length));
    }
    // r_SVV_TABLE_INFO: encoded Y when a column has an encoding; tables without ENCODE get ENCODE AUTO.
    const std::string encoded = !any_explicit ? "Y, AUTO(ENCODE)" : all_raw ? "N" : "Y";
    std::string sortkey1;
    std::string sortkey1_enc;
    if (!t.sortkey.columns.empty()) {
        sortkey1 = t.sortkey.columns.front();
        if (const column* c = t.find(sortkey1)) sortkey1_enc = encoding_name(*c, t);
    } else if (t.sortkey.style == sort_style::automatic) {
        sortkey1 = "AUTO(SORTKEY)";
    }
    tx.exec_params0("INSERT INTO starshift_redshift.table_model (relid, diststyle, sortkey1, sortkey1_enc, "
                    "sortkey_num, encoded, max_varchar) VALUES ($1, $2, NULLIF($3, ''), NULLIF($4, ''), $5, $6, "
                    "NULLIF($7, -1))",
                    relid, to_sql(t.diststyle), sortkey1, sortkey1_enc,
                    static_cast<int>(t.sortkey.columns.size()), encoded, max_varchar);
}

void refresh_table_info(pqxx::transaction_base& tx, const table& t, const system_view_options& options) {
    install_system_views(tx);
    const std::int64_t relid = relid_of(tx, t);
    if (relid == 0) return;
    const tune::table_design design = tune::design_of(t);
    // A CREATE TABLE … AS whose columns were not learned: nothing to simulate KEY with.
    if (design.diststyle == dist_style::key && (!design.distkey || t.find(*design.distkey) == nullptr)) return;
    std::vector<std::string> read;
    if (design.diststyle == dist_style::key && design.distkey) read.push_back(*design.distkey);
    tune::table_data data = read_table_data(tx, t, read);
    std::string width;
    for (const column& c : t.columns)
        width += (width.empty() ? "" : " + ") + std::string("coalesce(octet_length(") +
                 sql::quote_identifier(c.name) + "::text), 0)";
    if (!width.empty() && data.rows > 0)
        data.row_bytes = tx.exec1("SELECT avg(" + width + ")::float8 FROM " + relation(t))[0].as<double>();
    const tune::slice_distribution d = tune::simulate_distribution(data, design, options.cluster);
    // Size in 1 MB blocks: each populated slice holds at least one block per column (and Redshift's 3 hidden
    // columns), else its bytes in blocks; an ALL table is on one slice of every node.
    const std::uint64_t min_blocks = t.columns.size() + 3;
    std::uint64_t blocks = 0;
    for (std::size_t s = 0; s < d.bytes.size(); ++s) {
        if (d.rows[s] == 0) continue;
        const auto need = static_cast<std::uint64_t>(std::ceil(static_cast<double>(d.bytes[s]) / (1U << 20U)));
        blocks += std::max(min_blocks, need);
    }
    std::string style = to_sql(d.effective);
    if (d.effective == dist_style::key && design.distkey) style = "KEY(" + ascii_lower(*design.distkey) + ")";
    if (t.diststyle == dist_style::automatic) style = "AUTO(" + style + ")";
    const bool all = d.effective == dist_style::all;
    tx.exec_params0("DELETE FROM starshift_redshift.table_simulation WHERE relid = $1", relid);
    tx.exec_params0("INSERT INTO starshift_redshift.table_simulation VALUES ($1, $2, $3, $4, "
                    "CASE WHEN $5 THEN NULL ELSE round($6::numeric, 2) END, $7, $8)",
                    relid, style, static_cast<std::int64_t>(data.rows), static_cast<std::int64_t>(blocks), all,
                    d.skew_rows, options.cluster.slices(),
                    options.cluster.type.name + " x " + std::to_string(options.cluster.nodes));
}

void refresh_system_views(pqxx::transaction_base& tx, const std::vector<table>& tables,
                          const system_view_options& options) {
    install_system_views(tx);
    for (const table& t : tables) {
        const std::int64_t relid = relid_of(tx, t);
        if (relid == 0) continue;
        const auto known =
            tx.exec_params1("SELECT count(*) FROM starshift_redshift.table_model WHERE relid = $1", relid);
        if (known[0].as<int>() == 0) record_table(tx, t);
        refresh_table_info(tx, t, options);
    }
}

void note_last_copy(pqxx::transaction_base& tx, std::int64_t load_id, std::uint64_t rows_loaded) {
    tx.exec_params("SELECT set_config('starshift.last_copy_id', $1, false), "
                   "set_config('starshift.last_copy_count', $2, false)",
                   std::to_string(load_id), std::to_string(rows_loaded));
}

void record_load_commits(pqxx::transaction_base& tx, std::int64_t load_id, const copy_spec& spec,
                         const std::vector<copy::file_stats>& files, const system_view_options& options) {
    install_system_views(tx);
    const char* format = spec.format.kind == copy_format_kind::csv    ? "Csv"
                         : spec.format.kind == copy_format_kind::text ? "Text"
                                                                      : "Json";
    if (files.empty()) return;
    const int slices = std::max(1, options.cluster.slices());
    const int userid = tx.exec1("SELECT oid::integer FROM pg_roles WHERE rolname = current_user")[0].as<int>();
    // Streamed: a COPY may read thousands of files (one row each).
    pqxx::stream_to out(tx, "starshift_redshift.load_commits",
                        std::vector<std::string>{"userid", "query", "slice", "filename", "lines_scanned", "errors",
                                                 "file_format"});
    for (std::size_t i = 0; i < files.size(); ++i) {
        out << std::make_tuple(userid, load_id, static_cast<int>(i % static_cast<std::size_t>(slices)),
                               storable_text(files[i].key), static_cast<std::int64_t>(files[i].records_read),
                               static_cast<std::int64_t>(files[i].rows_rejected), std::string(format));
    }
    out.complete();
}

}  // namespace starshift::load
