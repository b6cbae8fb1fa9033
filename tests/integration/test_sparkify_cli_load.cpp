// What `sparkify etl` relies on from the executor: etl before create-tables names the missing table and the command
// that creates it ([starshift.load.table_missing]); --maxerror N (sparkify::options::maxerror) reaches the COPYs,
// so N bad records are tolerated and N + 1 are not.
#include <doctest/doctest.h>

#include <string>

#include "etl_test_util.hpp"
#include "pg_fixture.hpp"
#include "starshift/load/executor.hpp"
#include "starshift/load/plan.hpp"
#include "starshift/sparkify/datagen.hpp"
#include "starshift/sparkify/warehouse.hpp"

namespace {

namespace fs = std::filesystem;

void generate_tiny(const fs::path& dir) {
    starshift::sparkify::datagen_options o;
    o.seed = 11;
    o.log_bytes = 200 * 1000;
    o.days = 2;
    o.songs = 50;
    o.users = 10;
    (void)starshift::sparkify::generate(dir, o);
}

starshift::warehouse warehouse_with_maxerror(const fs::path& dir, std::int64_t maxerror) {
    starshift::sparkify::options o;
    o.log_data = (dir / "log_data").string();
    o.log_jsonpath = (dir / "log_json_path.json").string();
    o.song_data = (dir / "song_data").string();
    o.maxerror = maxerror;
    return starshift::sparkify::make_warehouse(o);
}

}  // namespace

TEST_CASE("sparkify cli: etl before create-tables names the missing table and the command to run") {
    starshift::testing::scratch_database db("cli_missing");
    auto conn = db.connect();
    etl_test::temp_dir dir("cli_missing");
    generate_tiny(dir.path());
    const auto w = warehouse_with_maxerror(dir.path(), 0);
    etl_test::quiet_logs();
    starshift::load::executor_options opts;
    opts.missing_table_hint = "run `sparkify create-tables` first";
    starshift::load::executor ex(*conn, opts);
    try {
        (void)ex.run(starshift::load::etl_plan(w, starshift::load::target{}));
        FAIL("etl ran without tables");
    } catch (const starshift::load::step_error& e) {
        const std::string what = e.what();
        CHECK(what.rfind("[starshift.load.table_missing]", 0) == 0);
        CHECK(what.find("table staging_events does not exist") != std::string::npos);
        CHECK(what.find("run `sparkify create-tables` first") != std::string::npos);
        CHECK(e.sqlstate() == "42P01");
    }
}

TEST_CASE("sparkify cli: maxerror N tolerates N bad records and fails at N plus one") {
    starshift::testing::scratch_database db("cli_maxerror");
    auto conn = db.connect();
    etl_test::temp_dir dir("cli_maxerror");
    generate_tiny(dir.path());
    // Two malformed records in one log file.
    const auto logs = etl_test::files_under(dir.path() / "log_data");
    REQUIRE_FALSE(logs.empty());
    etl_test::write_file(logs.front(), etl_test::read_file(logs.front()) + "{\"ts\": \"x\"}\n{\"ts\": \"y\"}\n");
    etl_test::create_tables(*conn, warehouse_with_maxerror(dir.path(), 0));
    CHECK_THROWS_AS((void)etl_test::etl(*conn, warehouse_with_maxerror(dir.path(), 1)), starshift::load::step_error);
    const auto r = etl_test::etl(*conn, warehouse_with_maxerror(dir.path(), 2));
    CHECK(r.ok());
    bool found = false;
    for (const auto& s : r.steps)
        if (s.name == "copy staging_events") {
            found = true;
            CHECK(s.copy.rows_rejected == 2);
        }
    CHECK(found);
}
