// check_script collects validation warnings (model_warning) at the CREATE TABLE's line without making them problems.
#include <doctest/doctest.h>

#include <string>

#include "starshift/parse/parser.hpp"

namespace sp = starshift::parse;

TEST_CASE("parse warnings: a non-RAW sort-key column is a warning with its line and no problem") {
    const std::string sql =
        "-- clicks\n"
        "CREATE TABLE clicks (\n"
        "    id BIGINT,\n"
        "    at TIMESTAMP ENCODE az64\n"
        ") SORTKEY (at);\n"
        "CREATE TABLE plain (id BIGINT ENCODE RAW) SORTKEY (id);\n";
    const sp::check_result r = sp::check_script(sql, {"w.sql", true, {}});
    CHECK(r.problems.empty());
    CHECK(r.statements.size() == 2);
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].id == "starshift.model.sortkey_encoded");
    CHECK(r.warnings[0].line == 2);
    CHECK(r.warnings[0].to_warning_string().find("w.sql:2: warning: [starshift.model.sortkey_encoded] table clicks, "
                                                 "column at: ") == 0);
}

TEST_CASE("parse warnings: with validation off there are no warnings") {
    const sp::check_result r =
        sp::check_script("CREATE TABLE t (a DATE ENCODE az64) SORTKEY (a);", {"w.sql", false, {}});
    CHECK(r.problems.empty());
    CHECK(r.warnings.empty());
}

TEST_CASE("parse warnings: CREATE TABLE IF NOT EXISTS is recorded on the statement") {
    const auto s = sp::parse_script("CREATE TABLE IF NOT EXISTS t (a INT);\nCREATE TABLE u (a INT);");
    REQUIRE(s.size() == 2);
    CHECK(s[0].if_not_exists);
    CHECK_FALSE(s[1].if_not_exists);
}
