// run_cluster_bench on the private PostgreSQL (Redshift's SQL does not run here, so the plans are hand-made with
// PostgreSQL statements of the same kinds): one session, autocommit, figures rows kept, query rows not, the first
// failure stops the run with the masked statement.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <pqxx/nontransaction>

#include "pg_fixture.hpp"
#include "starshift/load/cluster_bench.hpp"
#include "starshift/load/cluster_bench_runner.hpp"

using starshift::load::bench_step;
using starshift::load::bench_step_kind;
using starshift::load::figures_kind;

namespace {

bench_step step(bench_step_kind kind, std::string name, std::string sql) {
    bench_step s;
    s.kind = kind;
    s.name = std::move(name);
    s.display_sql = sql;
    s.sql = std::move(sql);
    s.variant = "v1";
    return s;
}

}  // namespace

TEST_CASE("run_cluster_bench: one session in autocommit with figures rows kept") {
    starshift::testing::scratch_database db("clusterbench");
    auto conn = db.connect();
    auto other = db.connect();
    starshift::load::cluster_bench plan;
    plan.variants = {"v1"};
    plan.queries = {"count"};
    plan.steps.push_back(step(bench_step_kind::setup, "session setting", "SET application_name TO 'bench_session';"));
    plan.steps.push_back(step(bench_step_kind::ddl, "create t", "CREATE TABLE t (id integer, v text);"));
    plan.steps.push_back(step(bench_step_kind::transform, "fill t",
                              "INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 1000) g;"));
    // the figures read what the session did before: its setting and the committed rows
    bench_step f = step(bench_step_kind::read_figures, "figures fill t",
                        "SELECT 42 AS query, current_setting('application_name') AS app, count(*) AS rows FROM t;");
    f.figures = figures_kind::query_summary;
    f.measured_step = 2;
    plan.steps.push_back(f);
    plan.steps.push_back(step(bench_step_kind::query_warmup, "count", "SELECT id FROM t ORDER BY id;"));
    plan.steps.push_back(step(bench_step_kind::query_timed, "count", "SELECT id FROM t ORDER BY id;"));

    std::vector<std::size_t> seen;
    starshift::load::cluster_bench_run_options o;
    o.on_step = [&](std::size_t i, const bench_step& s, const starshift::load::bench_step_outcome&) {
        seen.push_back(i);
        if (s.name == "fill t") {  // committed before the next step runs: another session sees the rows
            pqxx::nontransaction tx(*other);
            CHECK(tx.exec1("SELECT count(*) FROM t")[0].as<int>() == 1000);
        }
    };
    const auto run = starshift::load::run_cluster_bench(*conn, plan, o);
    REQUIRE(run.ok());
    REQUIRE(run.outcomes.size() == plan.steps.size());
    CHECK(seen == std::vector<std::size_t>{0, 1, 2, 3, 4, 5});
    const auto& fig = run.outcomes[3];
    CHECK(fig.columns == std::vector<std::string>{"query", "app", "rows"});
    REQUIRE(fig.rows.size() == 1);
    CHECK(fig.rows[0] == std::vector<std::string>{"42", "bench_session", "1000"});
    CHECK(run.outcomes[5].rows.empty());  // query results are not kept
    CHECK(run.outcomes[5].seconds >= 0);

    const auto report = starshift::load::summarize_cluster_bench(plan, run.outcomes);
    REQUIRE(report.queries.size() == 1);
    CHECK(report.queries[0].query_id == 42);
    CHECK(report.queries[0].rows == 1000);
    CHECK(report.queries[0].transform);
    CHECK(report.queries[0].seconds == doctest::Approx(run.outcomes[2].seconds));
}

TEST_CASE("run_cluster_bench: the first failing statement stops the run with the masked statement") {
    starshift::testing::scratch_database db("clusterbenchfail");
    auto conn = db.connect();
    starshift::load::cluster_bench plan;
    plan.steps.push_back(step(bench_step_kind::ddl, "create t", "CREATE TABLE t (id integer);"));
    bench_step bad = step(bench_step_kind::copy, "copy t",
                          "SELECT 'SuperSecretKey123' FROM no_such_table;");
    bad.display_sql = "SELECT '***' FROM no_such_table;";
    plan.steps.push_back(bad);
    plan.steps.push_back(step(bench_step_kind::ddl, "never", "CREATE TABLE never_created (id integer);"));
    const auto run = starshift::load::run_cluster_bench(*conn, plan);
    CHECK_FALSE(run.ok());
    CHECK(run.outcomes.size() == 1);
    CHECK(run.error.find("[starshift.load.step_failed]") != std::string::npos);
    CHECK(run.error.find("[v1] copy t") != std::string::npos);
    CHECK(run.error.find("42P01") != std::string::npos);
    CHECK(run.error.find("SuperSecretKey123") == std::string::npos);
    CHECK(run.error.find("SELECT '***' FROM no_such_table;") != std::string::npos);
    pqxx::nontransaction tx(*conn);  // the connection stays usable
    CHECK(tx.exec1("SELECT count(*) FROM pg_tables WHERE tablename = 'never_created'")[0].as<int>() == 0);
}
