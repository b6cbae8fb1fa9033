// The client-side COPY engine against PostgreSQL, on small hand-written JSON files and hand-made tables: exact rows,
// MAXERROR 0 (all or nothing, rows already there stay), MAXERROR N with N bad records under both boundary rules
// (docs/copy-engine.md), and the rejects recorded in starshift_load_errors by the executor.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "etl_test_util.hpp"
#include "pg_fixture.hpp"
#include "starshift/copy/copy_into.hpp"
#include "starshift/copy/reject.hpp"
#include "starshift/load/detail/client_copy.hpp"
#include "starshift/load/executor.hpp"
#include "starshift/load/detail/load_errors.hpp"
#include "starshift/model/column.hpp"
#include "starshift/model/copy_spec.hpp"
#include "starshift/model/table.hpp"
#include "starshift/sql/render.hpp"

namespace {

namespace fs = std::filesystem;
using namespace etl_test;  // NOLINT(google-build-using-namespace): rows, scalar, create, copy_plan, rowset

starshift::copy_spec json_auto_spec(const std::string& table, const fs::path& source, std::int64_t maxerror = 0) {
    starshift::copy_spec s;
    s.table = table;
    s.source.uri = source.string();
    s.format.kind = starshift::copy_format_kind::json_auto;
    s.maxerror = maxerror;
    return s;
}

starshift::table people_table() {
    using namespace starshift;  // NOLINT(google-build-using-namespace): test-local brevity
    return table_builder("it_people")
        .column(col("id", integer()).not_null())
        .column(col("name", varchar(32)))
        .column(col("score", double_precision()))
        .column(col("born", timestamp()))
        .column(col("active", boolean()))
        .column(col("tags", varchar(64)))
        .column(col("amount", decimal(8, 2)))
        .build();
}

starshift::table scores_table() {
    using namespace starshift;  // NOLINT(google-build-using-namespace)
    return table_builder("it_scores").column(col("id", integer()).not_null()).column(col("name", varchar(8))).build();
}

// Three good records (ids 1, 3, 5) and four bad ones, one of each kind, on known lines.
constexpr const char* scores_with_four_bad =
    "{\"id\": 1, \"name\": \"a\"}\n"                // line 1
    "{\"id\": \"x2\", \"name\": \"b\"}\n"           // line 2: 1207 invalid digit, column id
    "{\"id\": 3, \"name\": \"c\"}\n"                // line 3
    "{\"id\": 4, \"name\": \"much too long\"}\n"    // line 4: 1204 longer than VARCHAR(8), column name
    "{\"name\": \"no id\"}\n"                       // line 5: 1213 NULL for NOT NULL, column id
    "not-json\n"                                    // line 6: 1224 text outside an object (one run), no column
    "{\"id\": 5, \"name\": \"e\"}";                 // line 7 (no trailing newline, like the sample)

const char* const scores_select = "SELECT id::text, name FROM it_scores ORDER BY it_scores.id";
const rowset old_scores = {{"100", "old1"}, {"101", "old2"}};
const rowset old_and_good_scores = {{"1", "a"}, {"3", "c"}, {"5", "e"}, {"100", "old1"}, {"101", "old2"}};

void seed_scores(pqxx::connection& conn) {
    create(conn, scores_table());
    etl_test::exec(conn, "INSERT INTO it_scores VALUES (100, 'old1'), (101, 'old2')");
}

// starshift_load_errors rows of one load, as (file name, line, column, code), plus non-empty reasons.
rowset load_errors_of(pqxx::connection& conn, std::int64_t load_id) {
    return rows(conn, "SELECT regexp_replace(filename, '^.*/', ''), line_number::text, colname, err_code::text, "
                      "(length(err_reason) > 0)::text, tbl FROM starshift_load_errors WHERE load_id = " +
                          std::to_string(load_id) + " ORDER BY line_number");
}

const rowset four_rejects = {
    {"scores.json", "2", "id", "1207", "true", "it_scores"},
    {"scores.json", "4", "name", "1204", "true", "it_scores"},
    {"scores.json", "5", "id", "1213", "true", "it_scores"},
    {"scores.json", "6", "", "1224", "true", "it_scores"},
};

}  // namespace

TEST_CASE("copy_into loads hand-written JSON records into exact rows") {
    const auto t = people_table();
    copy_scene scene("copy_rows", {t});
    auto& [pg, conn, tmp] = scene;
    const fs::path file = tmp.write(
        "people.json",
        "{\"id\": 1, \"name\": \"Ann\", \"score\": 1.5, \"born\": \"2018-11-01 20:57:10\", \"active\": true, "
        "\"tags\": [\"a\", \"b\"], \"amount\": 12.345}\n"
        "{\"id\": \"2\", \"name\": \"B\\u00e9a \\\"Q\\\"\", \"score\": \"\", \"born\": null, \"active\": \"yes\", "
        "\"amount\": \"7\"}\n"
        "{\"id\": 3,\n"
        " \"name\": \"tab\\there\\\\back\\/slash\", \"score\": 1e3, \"unknown\": 5, \"active\": 0}\n"
        "{\"name\": \"last wins\", \"id\": 4, \"id\": 5}");

    pqxx::work tx(conn);
    const auto r = starshift::db::copy_into(tx, json_auto_spec("it_people", file), t);
    tx.commit();
    CHECK(r.files == 1);
    CHECK(r.records_read == 4);
    CHECK(r.rows_loaded == 4);
    CHECK(r.rows_rejected == 0);
    CHECK(r.rejects.empty());

    const rowset expected = {
        // An array into VARCHAR: its source text (copy-usage_notes-copy-from-json, docs/copy-engine.md).
        {"1", "Ann", "1.5", "2018-11-01 20:57:10", "true", "[\"a\", \"b\"]", "12.34"},
        {"2", "B\xC3\xA9" "a \"Q\"", "NULL", "NULL", "true", "NULL", "7.00"},
        {"3", "tab\there\\back/slash", "1000", "NULL", "false", "NULL", "NULL"},
        {"5", "last wins", "NULL", "NULL", "NULL", "NULL", "NULL"},
    };
    etl_test::check_rows(conn, "SELECT id::text, name, score::text, born::text, active::text, tags, amount::text "
                               "FROM it_people ORDER BY it_people.id", expected);
}

TEST_CASE("copy_into with jsonpaths and epoch milliseconds loads exact rows") {
    using namespace starshift;  // NOLINT(google-build-using-namespace)
    const table t = table_builder("it_nested")
                        .column(col("a", integer()))
                        .column(col("second", varchar(32)))
                        .column(col("name", varchar(32)))
                        .column(col("ts", timestamp()))
                        .build();
    copy_scene scene("copy_paths", {t});
    auto& [pg, conn, tmp] = scene;
    tmp.write("paths.json",
              "{\n  \"jsonpaths\": [\n    \"$['x']['a']\",\n    \"$['arr'][1]\",\n    \"$['name']\",\n"
              "    \"$['ts']\"\n  ]\n}\n");
    // Two files under one prefix, listed in bytewise order.
    tmp.write("data/part-1.json",
              "{\"x\": {\"a\": 7}, \"arr\": [\"p\", \"q\"], \"name\": \"n1\", \"ts\": 1541105830796}\n"
              "{\"x\": null, \"arr\": null, \"name\": \"n2\", \"ts\": 1543607664796}\n");
    tmp.write("data/part-2.json", "{\"x\": {}, \"name\": \"n3\"}");
    copy_spec spec;
    spec.table = "it_nested";
    spec.source.uri = (tmp.path() / "data").string();
    spec.format.kind = copy_format_kind::json_paths;
    spec.format.jsonpaths = (tmp.path() / "paths.json").string();
    spec.timeformat = "epochmillisecs";

    pqxx::work tx(conn);
    const auto r = db::copy_into(tx, spec, t);
    tx.commit();
    CHECK(r.files == 2);
    CHECK(r.rows_loaded == 3);
    CHECK(r.rows_rejected == 0);
    const rowset expected = {
        {"7", "q", "n1", "2018-11-01 20:57:10.796"},
        {"NULL", "NULL", "n2", "2018-11-30 19:54:24.796"},
        {"NULL", "NULL", "n3", "NULL"},
    };
    etl_test::check_rows(conn, "SELECT a::text, second, name, ts::text FROM it_nested ORDER BY name", expected);
}

TEST_CASE("MAXERROR 0 with one bad record fails the copy and leaves the table unchanged") {
    copy_scene scene("copy_max0");
    auto& [pg, conn, tmp] = scene;
    seed_scores(conn);
    const fs::path file = tmp.write("scores.json",
                                    "{\"id\": 1, \"name\": \"a\"}\n{\"id\": \"x2\", \"name\": \"b\"}\n"
                                    "{\"id\": 3, \"name\": \"c\"}");
    const auto spec = json_auto_spec("it_scores", file, 0);

    SUBCASE("db::copy_into throws load_error and the rolled-back table keeps its rows") {
        bool thrown = false;
        try {
            pqxx::work tx(conn);
            (void)starshift::db::copy_into(tx, spec, scores_table());
            tx.commit();
        } catch (const starshift::copy::load_error& e) {
            thrown = true;
            CHECK(e.id() == "starshift.copy.maxerror_exceeded");
            CHECK(std::string(e.what()).find("[starshift.copy.maxerror_exceeded]") != std::string::npos);
            REQUIRE(e.rejects().size() == 1);
            CHECK(e.rejects()[0].line == 2);
            CHECK(e.rejects()[0].column == "id");
            CHECK(e.rejects()[0].code == starshift::copy::error_code::invalid_digit);
        }
        CHECK(thrown);
        CHECK(rows(conn, scores_select) == old_scores);
    }
    SUBCASE("the executor throws step_error and records the reject of the failed load") {
        CHECK_THROWS_AS((void)etl_test::run_plan(conn, copy_plan(spec, scores_table())), starshift::load::step_error);
        CHECK(rows(conn, scores_select) == old_scores);
        const std::int64_t load_id = scalar(conn, "SELECT MAX(load_id) FROM starshift_load_errors");
        const rowset expected = {{"scores.json", "2", "id", "1207", "true", "it_scores"}};
        CHECK(load_errors_of(conn, load_id) == expected);
        // The stl_load_errors view names the same row with Redshift's columns.
        CHECK(scalar(conn, "SELECT COUNT(*) FROM stl_load_errors WHERE query = " + std::to_string(load_id) +
                               " AND err_code = 1207 AND colname = 'id' AND line_number = 2") == 1);
    }
}

TEST_CASE("MAXERROR N with N bad records loads every good row by default and the boundary rule is an option") {
    copy_scene scene("copy_maxn");
    auto& [pg, conn, tmp] = scene;
    seed_scores(conn);
    const fs::path file = tmp.write("scores.json", scores_with_four_bad);

    SUBCASE("more_than (default): MAXERROR 4 tolerates 4 bad and the executor records the rejects") {
        const auto result = etl_test::run_plan(conn, copy_plan(json_auto_spec("it_scores", file, 4), scores_table()));
        REQUIRE(result.steps.size() == 1);
        const auto& s = result.steps[0];
        CHECK(s.copy.records_read == 7);
        CHECK(s.copy.rows_loaded == 3);
        CHECK(s.copy.rows_rejected == 4);
        CHECK(s.rows == 3);
        CHECK(rows(conn, scores_select) == old_and_good_scores);
        CHECK(scalar(conn, "SELECT COUNT(DISTINCT load_id) FROM starshift_load_errors") == 1);
        const std::int64_t load_id = scalar(conn, "SELECT MAX(load_id) FROM starshift_load_errors");
        CHECK(load_errors_of(conn, load_id) == four_rejects);
        CHECK(scalar(conn, "SELECT COUNT(*) FROM starshift_load_errors WHERE load_id = " + std::to_string(load_id) +
                               " AND line_number = 4 AND raw_field_value = 'much too long'") == 1);
    }
    SUBCASE("more_than (default): MAXERROR 3 with 4 bad fails and nothing is added") {
        CHECK_THROWS_AS((void)etl_test::run_plan(conn, copy_plan(json_auto_spec("it_scores", file, 3), scores_table())),
                        starshift::load::step_error);
        CHECK(rows(conn, scores_select) == old_scores);
        // The failed load's rejects are recorded too (Redshift keeps stl_load_errors rows of failed loads).
        const std::int64_t load_id = scalar(conn, "SELECT MAX(load_id) FROM starshift_load_errors");
        CHECK(load_errors_of(conn, load_id) == four_rejects);
    }
    SUBCASE("run_client_copy with MAXERROR 4 records the rejects in the same transaction") {
        pqxx::work tx(conn);
        const auto summary = starshift::load::run_client_copy(tx, json_auto_spec("it_scores", file, 4), scores_table(),
                                                              starshift::load::client_copy_options{});
        tx.commit();
        CHECK(summary.rows_loaded == 3);
        CHECK(summary.rows_rejected == 4);
        CHECK(rows(conn, scores_select) == old_and_good_scores);
        CHECK(load_errors_of(conn, scalar(conn, "SELECT MAX(load_id) FROM starshift_load_errors")) == four_rejects);
    }
    SUBCASE("at_least: MAXERROR 5 tolerates 4 bad records") {
        starshift::copy::copy_options o;
        o.maxerror_boundary = starshift::copy::maxerror_rule::at_least;
        pqxx::work tx(conn);
        const auto r = starshift::db::copy_into(tx, json_auto_spec("it_scores", file, 5), scores_table(), o);
        tx.commit();
        CHECK(r.rows_loaded == 3);
        CHECK(r.rows_rejected == 4);
        REQUIRE(r.rejects.size() == 4);
        CHECK(r.rejects[3].code == starshift::copy::error_code::malformed_json);
        CHECK(rows(conn, scores_select) == old_and_good_scores);
    }
    SUBCASE("at_least: MAXERROR 4 with 4 bad fails and nothing is added") {
        starshift::copy::copy_options o;
        o.maxerror_boundary = starshift::copy::maxerror_rule::at_least;
        bool thrown = false;
        try {
            pqxx::work tx(conn);
            (void)starshift::db::copy_into(tx, json_auto_spec("it_scores", file, 4), scores_table(), o);
            tx.commit();
        } catch (const starshift::copy::load_error& e) {
            thrown = e.id() == "starshift.copy.maxerror_exceeded";
        }
        CHECK(thrown);
        CHECK(rows(conn, scores_select) == old_scores);
    }
}
