// Steps at once (load::executor_options::jobs): the etl gives the same tables with two steps at a time, independent
// steps really overlap, a failure stops what depends on it; and the users transform's candidate ranking keeps the
// row that ranking every event keeps, NULL start times included.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "etl_test_util.hpp"
#include "pg_fixture.hpp"
#include "starshift/load/executor.hpp"
#include "starshift/load/plan.hpp"

namespace {

using starshift::testing::scratch_database;
using etl_test::compare_queries;
using etl_test::scalar;
namespace load = starshift::load;

load::step table_step(const std::string& name, const std::string& sql, std::vector<std::string> writes) {
    load::step s;
    s.name = name;
    s.kind = load::step_kind::transform;
    s.sql = sql;
    s.display_sql = sql;
    s.writes = std::move(writes);
    return s;
}

// Statements that return once another connection has taken advisory lock `other` (30 s at most: then they fail, as
// they would if the steps ran one after another), having taken lock `mine` themselves. The locks are session
// locks: they stay taken after the statement, so neither step can miss the other however short it is.
std::string meet(int mine, int other) {
    return "SET LOCAL statement_timeout = '30s';\n"
           "SELECT pg_advisory_lock(" + std::to_string(mine) + ");\n"
           "DO $wait$ BEGIN\n"
           "  WHILE NOT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = " +
           std::to_string(other) + "\n"
           "                    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())\n"
           "                    AND pid <> pg_backend_pid()) LOOP\n"
           "    PERFORM pg_sleep(0.01);\n"
           "  END LOOP;\n"
           "END $wait$;\n";
}

}  // namespace

TEST_CASE("etl with two steps at once gives the tables of one step at a time on generated data") {
    etl_test::temp_dir data("etl_jobs");
    etl_test::generate_small(data.path(), 4);
    scratch_database db;
    pqxx::connection conn(db.url());
    const auto w = etl_test::local_sparkify(data.path());
    etl_test::create_tables(conn, w);
    REQUIRE(etl_test::etl(conn, w, 1).ok());
    REQUIRE(scalar(conn, "SELECT COUNT(*) FROM songplays") > 0);
    for (const auto& t : etl_test::star_tables()) etl_test::exec(conn, "CREATE TABLE one_" + t + " AS SELECT * FROM " + t);

    etl_test::create_tables(conn, w);
    const auto run = etl_test::etl(conn, w, 2);
    CHECK(run.ok());
    const auto plan = load::etl_plan(w, load::target{});
    REQUIRE(run.steps.size() == plan.steps.size());
    for (std::size_t i = 0; i < plan.steps.size(); ++i) CHECK(run.steps[i].name == plan.steps[i].name);
    for (const auto& t : etl_test::star_tables()) {
        CAPTURE(t);
        const auto d = t == "songplays"
                           ? compare_queries(conn, etl_test::songplays_without_id(), etl_test::songplays_without_id("one_songplays"))
                           : compare_queries(conn, "SELECT * FROM " + t, "SELECT * FROM one_" + t);
        INFO(d.describe());
        CHECK(d.equal());
    }
    // Incremental again with two at once: nothing new.
    const auto again = etl_test::etl(conn, w, 2);
    for (const auto& s : again.steps)
        if (s.name == "transform songplays" || s.name == "transform time") CHECK(s.rows == 0);
}

TEST_CASE("independent steps run at once and a step waits for one writing its table") {
    scratch_database db;
    pqxx::connection conn(db.url());
    load::plan p;
    p.name = "overlap";
    // a and b each wait for the other to have started: they finish only if they overlap.
    p.steps.push_back(table_step("a", meet(1601, 1602) + "CREATE TABLE a_done (x int);",
                                 {"a_table"}));
    p.steps.push_back(table_step("b", meet(1602, 1601) + "CREATE TABLE b_done (x int);",
                                 {"b_table"}));
    // c writes a's table: it starts after a.
    p.steps.push_back(table_step("c", "CREATE TABLE c_done AS SELECT COUNT(*) AS n FROM a_done;", {"a_table"}));
    const auto run = etl_test::run_plan(conn, p, 2);
    REQUIRE(run.steps.size() == 3);
    CHECK(run.steps[2].started >= run.steps[0].started + run.steps[0].seconds);
    CHECK(scalar(conn, "SELECT COUNT(*) FROM c_done") == 1);
}

TEST_CASE("with steps at once a failure is thrown and what depends on the failed step never starts") {
    scratch_database db;
    pqxx::connection conn(db.url());
    load::plan p;
    p.name = "failing";
    p.steps.push_back(
        table_step("fails", meet(1601, 1602) + "SELECT 1 / 0;", {"a_table"}));
    p.steps.push_back(
        table_step("runs beside", meet(1602, 1601) + "CREATE TABLE b_done (x int);",
                   {"b_table"}));
    p.steps.push_back(table_step("after the failure", "CREATE TABLE c_done (x int);", {"a_table"}));
    try {
        (void)etl_test::run_plan(conn, p, 2);
        FAIL("the plan should have failed");
    } catch (const load::step_error& e) {
        CHECK(e.step() == "fails");
        CHECK(e.sqlstate() == "22012");  // division_by_zero
    }
    // The step running beside it committed; the one waiting for it never ran.
    CHECK(scalar(conn, "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'b_done'") == 1);
    CHECK(scalar(conn, "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'c_done'") == 0);
}

TEST_CASE("users keeps each user's latest event with NULL start times ranking first as when every event is ranked") {
    scratch_database db;
    pqxx::connection conn(db.url());
    const auto w = etl_test::local_sparkify("/nonexistent");
    etl_test::create_tables(conn, w);
    // (user, ts, session, item, first name): user 1 has a NULL ts (it wins: NULLS FIRST in DESC, r_ORDER_BY_clause);
    // user 2 only NULL ts (the highest session wins); user 3 ties at its latest ts (session, then item, a NULL
    // session first); user 4 one latest event; user 5 ties everywhere but the item.
    etl_test::exec(conn, R"(INSERT INTO staging_events (user_id, ts, session_id, item_in_session, first_name, level) VALUES
        (1, '2018-11-01 10:00', 5, 1, 'u1-old', 'free'), (1, NULL, 2, 1, 'u1-null', 'paid'),
        (1, '2018-11-30 10:00', 9, 9, 'u1-latest-ts', 'free'),
        (2, NULL, 1, 1, 'u2-s1', 'free'), (2, NULL, 3, 1, 'u2-s3', 'paid'), (2, NULL, 2, 7, 'u2-s2', 'free'),
        (3, '2018-11-30 10:00', 4, 1, 'u3-s4', 'free'), (3, '2018-11-30 10:00', NULL, 1, 'u3-null-session', 'paid'),
        (3, '2018-11-30 10:00', 7, 2, 'u3-s7', 'free'), (3, '2018-11-29 10:00', 99, 1, 'u3-older', 'free'),
        (4, '2018-11-02 10:00', 1, 1, 'u4-old', 'free'), (4, '2018-11-03 10:00', 1, 2, 'u4-new', 'paid'),
        (5, '2018-11-05 10:00', 2, 3, 'u5-i3', 'free'), (5, '2018-11-05 10:00', 2, 8, 'u5-i8', 'paid'),
        (NULL, '2018-11-30 11:00', 1, 1, 'anonymous', 'free'))");
    load::plan users;
    users.name = "users";
    for (const auto& s : load::etl_plan(w, load::target{}).steps)
        if (s.name == "transform users_replace" || s.name == "transform users") users.steps.push_back(s);
    REQUIRE(users.steps.size() == 2);
    REQUIRE(etl_test::run_plan(conn, users).ok());
    etl_test::check_rows(conn, "SELECT user_id, first_name, level FROM users ORDER BY user_id",
                         {{"1", "u1-null", "paid"},
                          {"2", "u2-s3", "paid"},
                          {"3", "u3-null-session", "paid"},
                          {"4", "u4-new", "paid"},
                          {"5", "u5-i8", "paid"}});
    // The same rows as ranking every event (the statement before the candidates were introduced).
    const auto d = compare_queries(
        conn, "SELECT user_id, first_name, level FROM users",
        "SELECT user_id, first_name, level FROM (SELECT user_id, first_name, level, ROW_NUMBER() OVER (PARTITION BY "
        "user_id ORDER BY ts DESC, session_id DESC, item_in_session DESC) AS rn FROM staging_events WHERE user_id "
        "IS NOT NULL) e WHERE rn = 1");
    INFO(d.describe());
    CHECK(d.equal());
}
