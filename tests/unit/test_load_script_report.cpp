// What `starshift run` prints: the dry-run plan with mapped folders, a SELECT's rows, counted and uncounted steps.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "starshift/io/mapped_store.hpp"
#include "starshift/load/script_report.hpp"
#include "starshift/load/script_runner.hpp"
#include "starshift/parse/parser.hpp"

using namespace starshift;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("format_script_dry_run: actions and COPY sources with their mapped folders") {
    const std::string sql =
        "CREATE TABLE t (a INT);\n"
        "COPY t FROM 's3://b/p/t.json' IAM_ROLE 'arn:aws:iam::1:role/R' FORMAT AS JSON 's3://b/p/paths.json';\n"
        "VACUUM t;\n"
        "INSERT INTO t VALUES (1);\n"
        "GRANT SELECT ON t TO PUBLIC\n";
    const auto m = io::parse_s3_mapping("s3://b/p=/srv/p");
    REQUIRE(m);
    const io::mapped_store store({*m});
    const auto steps = load::plan_script(parse::parse_script(sql, {"s.sql", true, {}}),
                                         [&](const std::string& uri) { return store.serves(uri); });
    const std::string out = load::format_script_dry_run(steps, store);
    CHECK(out.rfind("-- s.sql:1: ", 0) == 0);
    CHECK(contains(out, "CREATE TABLE"));
    CHECK(contains(out, "--   COPY t FROM s3://b/p/t.json -> /srv/p/t.json\n"));
    CHECK(contains(out, "--   JSONPATHS s3://b/p/paths.json -> /srv/p/paths.json\n"));
    CHECK(contains(out, "-- s.sql:3: skip ("));
    CHECK(contains(out, "-- s.sql:4: translate\nINSERT INTO t\nVALUES\n    (1);\n"));  // parsed and rendered
    CHECK(contains(out, "GRANT SELECT ON t TO PUBLIC;\n"));  // a statement without ';' gets one
}

TEST_CASE("format_script_step: rows of a SELECT and row counts only where the tag has one") {
    load::script_step_result select;
    select.where = "q.sql:4";
    select.keyword = "SELECT";
    select.column_names = {"a", "b"};
    select.result_rows = {{"1", "x"}};
    select.rows = 1;
    CHECK(load::format_script_step(select) == "q.sql:4: SELECT\na | b\n1 | x\n(1 row)\n");
    select.result_rows.push_back({"2", "NULL"});
    select.rows = 2;
    CHECK(load::format_result_rows(select) == "a | b\n1 | x\n2 | NULL\n(2 rows)\n");
    load::script_step_result insert;
    insert.where = "q.sql:5";
    insert.keyword = "INSERT";
    insert.rows = 3;
    CHECK(load::format_script_step(insert) == "q.sql:5: INSERT (3 rows)\n");
    load::script_step_result create;
    create.where = "q.sql:1";
    create.action = load::script_action::create_table;
    create.keyword = "CREATE TABLE";
    create.rows = 0;
    CHECK(load::format_script_step(create) == "q.sql:1: CREATE TABLE\n");
    load::script_step_result skip;
    skip.action = load::script_action::skip;
    skip.keyword = "VACUUM";
    CHECK(load::format_script_step(skip).empty());
}

// r_UNLOAD, "Limit clause": "The SELECT query can't use a LIMIT clause in the outer SELECT"; a nested LIMIT is the
// page's rewrite (https://docs.aws.amazon.com/redshift/latest/dg/r_UNLOAD.html)
TEST_CASE("plan_script: an UNLOAD with a LIMIT in its outer SELECT is refused at its line") {
    const auto plan = [](const std::string& query) {
        return load::plan_script(parse::parse_script("select 1;\nUNLOAD ('" + query + "') TO 's3://b/p/out_' "
                                                     "IAM_ROLE 'arn:aws:iam::1:role/R';\n",
                                                     {"u.sql", true, {}}),
                                 [](const std::string&) { return true; });
    };
    for (const std::string q : {"select * from venue order by venueid limit 10", "select top 10 * from venue",
                                "select 1 union select 2 limit 1"}) {
        CAPTURE(q);
        try {
            (void)plan(q);
            FAIL("expected the outer LIMIT to be refused");
        } catch (const parse::parse_error& e) {
            CHECK(e.id() == "starshift.run.unload_limit");
            CHECK(e.file() == "u.sql");
            CHECK(e.line() == 2);
        }
    }
    const auto steps = plan("select * from venue where venueid in (select venueid from venue order by venueid "
                            "desc limit 10)");
    REQUIRE(steps.size() == 2);
    CHECK(contains(steps[1].sql.at(0), "LIMIT 10"));
    CHECK(plan("select * from (select * from venue order by venueid limit 10) as t").size() == 2);
}

TEST_CASE("plan_script and format_script_step: UNLOAD steps") {
    const std::string sql = "UNLOAD ('select 1') TO 's3://b/p/out_' IAM_ROLE 'arn:aws:iam::1:role/R';\n";
    const auto m = io::parse_s3_mapping("s3://b/p=/srv/p");
    REQUIRE(m);
    const io::mapped_store store({*m});
    const auto steps = load::plan_script(parse::parse_script(sql, {"u.sql", true, {}}),
                                         [&](const std::string& uri) { return store.serves(uri); });
    REQUIRE(steps.size() == 1);
    CHECK(steps[0].action == load::script_action::unload);
    CHECK(contains(load::format_script_dry_run(steps, store), "--   UNLOAD TO s3://b/p/out_ -> /srv/p/out_\n"));
    // An UNLOAD no store serves is refused before anything runs.
    const io::mapped_store none({});
    CHECK_THROWS_WITH_AS(load::plan_script(parse::parse_script("UNLOAD ('select 1') TO 's3://x/y' IAM_ROLE "
                                                               "'arn:aws:iam::1:role/R';",
                                                               {"u.sql", true, {}}),
                                           [&](const std::string& uri) { return none.serves(uri); }),
                         doctest::Contains("[starshift.run.s3_unmapped]"), parse::parse_error);
    load::script_step_result r;
    r.where = "u.sql:1";
    r.action = load::script_action::unload;
    r.table = "s3://b/p/out_";
    r.unload.rows = 1;
    r.unload.files = {{"s3://b/p/out_0000_part_00", 2, 1}, {"s3://b/p/out_0001_part_00", 0, 0}};
    r.unload.manifest_key = "s3://b/p/out_manifest";
    CHECK(load::format_script_step(r) ==
          "u.sql:1: UNLOAD to s3://b/p/out_: 1 row in 2 files, manifest s3://b/p/out_manifest\n");
}
