// The advisor end to end on PostgreSQL: Sparkify generated with skew (datagen → ETL → read → advise) and a second,
// TPC-H-style schema through the `starshift advise` library path (Redshift DDL → parser → PostgreSQL DDL → rows →
// EXPLAIN workload → read → advise).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "etl_test_util.hpp"
#include "pg_fixture.hpp"
#include "starshift/load/tune_reader.hpp"
#include "starshift/parse/parser.hpp"
#include "starshift/sparkify/datagen.hpp"
#include "starshift/sql/render.hpp"
#include "starshift/tune/advisor.hpp"
#include "starshift/tune/cluster.hpp"
#include "starshift/tune/workload.hpp"

using starshift::testing::scratch_database;
namespace tune = starshift::tune;
namespace load = starshift::load;

namespace {

const tune::table_advice& advice_for(const tune::advice& a, const std::string& table) {
    for (const auto& t : a.tables)
        if (t.table == table) return t;
    FAIL("no advice for " << table);
    return a.tables.front();
}

const tune::candidate* find_candidate(const tune::table_advice& t, const std::string& label) {
    for (const auto& c : t.candidates)
        if (c.label == label) return &c;
    return nullptr;
}

}  // namespace

TEST_CASE("advise on generated Sparkify data ranks KEY on the Zipf user_id below EVEN and names the seed") {
    etl_test::temp_dir dir("tune_advise");
    starshift::sparkify::datagen_options g;
    g.seed = 11;
    g.log_bytes = 2 * 1000 * 1000;
    g.days = 10;
    g.users = 60;  // Zipf over 60 users: a few users make most plays
    g.songs = 400;
    REQUIRE(starshift::sparkify::generate(dir.path(), g).matched_events > 0);
    scratch_database db;
    pqxx::connection conn(db.url());
    const auto w = etl_test::local_sparkify(dir.path());
    etl_test::create_tables(conn, w);
    REQUIRE(etl_test::etl(conn, w).ok());
    REQUIRE(etl_test::scalar(conn, "SELECT COUNT(*) FROM songplays") > 100);

    const tune::workload wl = tune::workload_from_model(w);
    tune::warehouse_data data;
    {
        pqxx::work tx(conn);
        data = load::read_warehouse_data(tx, w.star, wl);
        tx.commit();
    }
    REQUIRE(data.find("songplays") != nullptr);
    CHECK(data.find("songplays")->rows == static_cast<std::uint64_t>(etl_test::scalar(conn, "SELECT COUNT(*) FROM songplays")));
    CHECK(data.find("songplays")->find("user_id") != nullptr);
    CHECK(data.find("songplays")->row_bytes > 20.0);

    const tune::advice a = tune::advise(w, data, wl, tune::make_cluster("dc2.large", 2));
    const auto& sp = advice_for(a, "songplays");
    // The seed design is the model's, named and ranked.
    CHECK(sp.seed.label() == "KEY(user_id) SORTKEY(artist_id)");
    REQUIRE(sp.seed_rank >= 1);
    const auto* seed = find_candidate(sp, "KEY(user_id) SORTKEY(artist_id)");
    REQUIRE(seed != nullptr);
    CHECK(seed->seed);
    CHECK(seed->rank == sp.seed_rank);
    const std::string text = tune::format_advice(a);
    CHECK(text.find("seed KEY(user_id) SORTKEY(artist_id) ranks " + std::to_string(sp.seed_rank)) != std::string::npos);
    // KEY on the Zipf-skewed user_id ranks below EVEN (same sort key), and it is the skew part that differs.
    const auto* even = find_candidate(sp, "EVEN SORTKEY(artist_id)");
    REQUIRE(even != nullptr);
    CHECK(seed->skew_rows > even->skew_rows);
    CHECK(seed->cost.skew > even->cost.skew);
    CHECK(even->rank < seed->rank);
    // The seed design's dimension joins are DS_DIST_ALL_NONE (every dimension is DISTSTYLE ALL).
    int dimension_joins = 0;
    for (const auto& j : a.seed.joins) {
        const bool fact_dim = (j.outer_table == "songplays" || j.inner_table == "songplays") &&
                              j.outer_table != j.inner_table;
        if (!fact_dim) continue;
        ++dimension_joins;
        CAPTURE(j.query);
        CAPTURE(j.inner_table);
        CHECK(j.strategy == tune::join_strategy::ds_dist_all_none);
    }
    CHECK(dimension_joins >= 4);
    // The advised warehouse costs no more than the seed, and its DDL renders for Redshift.
    CHECK(a.advised.cost.total() <= a.seed.cost.total());
    for (const auto& t : a.advised_tables) CHECK_FALSE(starshift::sql::create_table(t, starshift::sql::dialect::redshift).empty());
    CHECK(tune::advice_to_json(a).find("\"seed_rank\"") != std::string::npos);
}

TEST_CASE("advise on a TPC-H-style schema read from Redshift DDL with an EXPLAIN workload") {
    const std::string dir = std::string(STARSHIFT_SOURCE_DIR) + "/tests/data/tune/";
    const auto statements = starshift::parse::parse_script(etl_test::read_file(dir + "tpch.sql"), {"tpch.sql", true, {}});
    std::vector<starshift::table> tables;
    for (const auto& s : statements)
        if (const auto* t = s.as_table()) tables.push_back(*t);
    REQUIRE(tables.size() == 6);

    scratch_database db;
    pqxx::connection conn(db.url());
    for (const auto& t : tables)
        for (const auto& stmt : starshift::sql::create_table(t, starshift::sql::dialect::postgres))
            etl_test::exec(conn, stmt);
    // Deterministic rows: 25 nations, 1500 customers, 100 suppliers, 2000 parts, 15000 orders spread over
    // 1992-1998 (a pseudo-random permutation of days), 4 lines per order shipped 1-120 days later.
    etl_test::exec(conn, "INSERT INTO nation SELECT i, 'NATION ' || i, i % 5 FROM generate_series(0, 24) i");
    etl_test::exec(conn,
                   "INSERT INTO customer SELECT i, 'Customer#' || i, i % 25, 'SEG' || (i % 5), (i % 1000) * 1.5 "
                   "FROM generate_series(1, 1500) i");
    etl_test::exec(conn, "INSERT INTO supplier SELECT i, 'Supplier#' || i, i % 25 FROM generate_series(1, 100) i");
    etl_test::exec(conn,
                   "INSERT INTO part SELECT i, 'part ' || i, 'Brand#' || (i % 50), i % 50 FROM generate_series(1, 2000) i");
    etl_test::exec(conn,
                   "INSERT INTO orders SELECT i, 1 + (i * 7) % 1500, 'O', (i % 997) * 10.0, "
                   "DATE '1992-01-01' + ((i * 7919) % 2557) FROM generate_series(1, 15000) i");
    etl_test::exec(conn,
                   "INSERT INTO lineitem SELECT o, 1 + (o * 13 + j) % 2000, 1 + (o + j) % 100, j, 1 + (o + j) % 50, "
                   "(o % 1000) * 2.0, (j % 10) / 100.0, DATE '1992-01-01' + ((o * 7919) % 2557) + 1 + (o * j) % 120, "
                   "'MODE' || (j % 7) FROM generate_series(1, 15000) o, generate_series(1, 4) j");
    etl_test::exec(conn, "ANALYZE");

    tune::workload wl;
    {
        pqxx::work tx(conn);
        const auto queries = load::split_sql_script(etl_test::read_file(dir + "tpch_queries.sql"), "tpch_queries");
        REQUIRE(queries.size() == 4);
        CHECK(queries[0].name == "revenue_1995");
        for (const auto& q : queries) tune::merge(wl, load::workload_from_sql(tx, q.sql, q.name, tables));
        tx.commit();
    }
    CHECK(wl.joins.size() >= 5);
    const bool shipdate_filter = std::any_of(wl.filters.begin(), wl.filters.end(), [](const tune::filter& f) {
        return f.column.table == "lineitem" && f.column.column == "l_shipdate";
    });
    CHECK(shipdate_filter);

    tune::warehouse_data data;
    {
        pqxx::work tx(conn);
        data = load::read_warehouse_data(tx, tables, wl);
        tx.commit();
    }
    REQUIRE(data.tables.size() == 6);
    CHECK(data.find("lineitem")->rows == 60000);

    tune::advisor_options o;
    o.zone_maps.block_bytes = 8192;  // small blocks, so that this small data has enough to prune
    o.simulation.block_bytes = 8192;
    const tune::advice a = tune::advise(tables, data, wl, tune::make_cluster("dc2.large", 2), o);
    REQUIRE(a.tables.size() == 6);
    for (const auto& t : a.tables) {
        CAPTURE(t.table);
        CHECK(t.seed_rank >= 1);
        CHECK_FALSE(t.candidates.empty());
        CHECK_FALSE(t.why.empty());
    }
    // The range on l_shipdate makes it lineitem's leading sort column.
    const auto& li = advice_for(a, "lineitem");
    REQUIRE_FALSE(li.winner.sortkey.columns.empty());
    CHECK(li.winner.sortkey.columns.front() == "l_shipdate");
    CHECK(a.advised.cost.scan < a.seed.cost.scan);
    CHECK(a.advised.cost.total() <= a.seed.cost.total());
    // The winning lineitem renders to Redshift DDL with its sort key.
    const auto it = std::find_if(a.advised_tables.begin(), a.advised_tables.end(),
                                 [](const starshift::table& t) { return t.name == "lineitem"; });
    REQUIRE(it != a.advised_tables.end());
    const auto ddl = starshift::sql::create_table(*it, starshift::sql::dialect::redshift);
    REQUIRE_FALSE(ddl.empty());
    CHECK(ddl[0].find("SORTKEY (l_shipdate") != std::string::npos);
}

TEST_CASE("tune reader samples rows and decodes COPY text") {
    scratch_database db;
    pqxx::connection conn(db.url());
    etl_test::exec(conn, "CREATE TABLE t (id integer, s varchar(20))");
    etl_test::exec(conn, "INSERT INTO t SELECT i, CASE WHEN i % 10 = 0 THEN NULL ELSE 'a\tb\\c' || i END "
                         "FROM generate_series(1, 20000) i");
    const starshift::table t = starshift::table_builder("t")
                                   .column(starshift::col("id", starshift::integer()))
                                   .column(starshift::col("s", starshift::varchar(20)))
                                   .build();
    pqxx::work tx(conn);
    const auto full = load::read_table_data(tx, t, {"id", "s"});
    CHECK(full.rows == 20000);
    CHECK(full.sampled_rows() == 20000);
    const auto* s = full.find("s");
    REQUIRE(s != nullptr);
    std::size_t nulls = 0;
    for (const bool n : s->nulls) nulls += n ? 1 : 0;
    CHECK(nulls == 2000);
    // "a<TAB>b\c1" hashed as its decoded text.
    CHECK(s->hashes[0] == tune::value_hash("a\tb\\c1"));
    load::tune_read_options o;
    o.sample_fraction = 0.1;
    const auto sampled = load::read_table_data(tx, t, {"id"}, o);
    CHECK(sampled.rows == 20000);
    CHECK(sampled.sample_fraction == doctest::Approx(0.1));
    CHECK(sampled.sampled_rows() > 1500);
    CHECK(sampled.sampled_rows() < 2500);
    CHECK(load::decode_copy_text_field("\\N") == std::nullopt);
    CHECK(load::decode_copy_text_field("x\\101\\x42\\n") == std::optional<std::string>("xAB\n"));
}
