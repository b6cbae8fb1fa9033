// The checked-in PostgreSQL files under sql/postgres/ run on PostgreSQL 15 as they are, in the order a user would
// run them, twice (drop_tables.sql then create_tables.sql again), and the checks and queries run on the empty schema.
#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include "pg_fixture.hpp"
#include "starshift/load/executor.hpp"
#include "starshift/load/plan.hpp"
#include "starshift/sparkify/warehouse.hpp"

namespace {

std::string read_sql(const std::string& name) {
    const std::string path = std::string(STARSHIFT_SOURCE_DIR) + "/sql/postgres/" + name;
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void run_file(pqxx::connection& conn, const std::string& name) {
    pqxx::work tx(conn);
    try {
        tx.exec(read_sql(name));
    } catch (const std::exception& e) {
        FAIL("sql/postgres/" << name << " failed on PostgreSQL: " << e.what());
    }
    tx.commit();
}

std::int64_t count_tables(pqxx::connection& conn) {
    pqxx::nontransaction tx(conn);
    return tx.exec1("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")[0].as<std::int64_t>();
}

}  // namespace

TEST_CASE("sql files: the generated PostgreSQL scripts run on PostgreSQL 15") {
    starshift::testing::scratch_database db("sqlfiles");
    auto conn = db.connect();
    run_file(*conn, "create_tables.sql");
    CHECK(count_tables(*conn) == 7);
    run_file(*conn, "transform.sql");
    run_file(*conn, "checks.sql");
    run_file(*conn, "queries.sql");
    run_file(*conn, "drop_tables.sql");
    CHECK(count_tables(*conn) == 0);
    run_file(*conn, "create_tables.sql");
    CHECK(count_tables(*conn) == 7);
    // songplays carries the sort-key index the PostgreSQL dialect renders for SORTKEY (artist_id).
    pqxx::nontransaction tx(*conn);
    const auto idx = tx.exec1(
        "SELECT count(*) FROM pg_indexes WHERE tablename = 'songplays' AND indexdef LIKE '%(artist_id)%'")[0];
    CHECK(idx.as<int>() == 1);
}


TEST_CASE("sql files: the data-quality checks catch duplicates orphans and empty tables") {
    starshift::testing::scratch_database db("checks");
    auto conn = db.connect();
    starshift::sparkify::options o;
    o.log_data = "/nonexistent/log_data";
    o.log_jsonpath = "/nonexistent/log_json_path.json";
    o.song_data = "/nonexistent/song_data";
    o.credentials = {};
    const auto w = starshift::sparkify::make_warehouse(o);
    const starshift::load::target pg;
    starshift::load::executor ex(*conn);
    (void)ex.run(starshift::load::create_tables_plan(w, pg));
    {
        // Duplicate users load, as on Redshift, which does not enforce keys (t_Defining_constraints): the PostgreSQL
        // DDL leaves them informational; a broken transform could plant one.
        pqxx::work tx(*conn);
        tx.exec0("INSERT INTO users VALUES (1, 'A', 'B', 'F', 'free'), (1, 'A', 'B', 'F', 'paid')");
        tx.exec0("INSERT INTO time VALUES ('2018-11-01 00:00:00', 0, 1, 44, 11, 2018, 4)");
        tx.exec0("INSERT INTO songplays (start_time, user_id, level, song_id, artist_id, session_id, location, "
                 "user_agent) VALUES ('2018-11-01 00:00:00', 2, 'free', 'SOX', 'ARX', 1, 'x', 'y')");
        tx.commit();
    }
    const auto r = ex.run(starshift::load::checks_plan(w, pg));
    std::set<std::string> failed;
    for (const auto& s : r.steps)
        if (!s.ok) failed.insert(s.name);
    CHECK_FALSE(r.ok());
    CHECK(failed.count("check users_duplicate_keys") == 1);
    CHECK(failed.count("check songplays_orphan_users") == 1);
    CHECK(failed.count("check songplays_orphan_songs") == 1);
    CHECK(failed.count("check songplays_orphan_artists") == 1);
    CHECK(failed.count("check songs_not_empty") == 1);
    CHECK(failed.count("check artists_not_empty") == 1);
    CHECK(failed.count("check songplays_orphan_time") == 0);
    CHECK(failed.count("check users_not_empty") == 0);
    CHECK(failed.count("check songplays_duplicate_keys") == 0);
}
