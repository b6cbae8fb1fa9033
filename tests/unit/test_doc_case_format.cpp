// The expectation block of the documented COPY examples (tests/support/doc_case.hpp, format in
// tests/data/redshift/README.md): what it reads, and that every malformed block is refused with its line.
#include <doctest/doctest.h>

#include <string>

#include "support/doc_case.hpp"

namespace st = starshift::testing;

namespace {

const std::string doc_line =
    "-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_COPY_command_examples.html (\"Load VENUE\")\n";

std::string malformed_message(const std::string& text) {
    try {
        (void)st::parse_doc_case(text, "case.sql");
    } catch (const st::doc_case_error& e) {
        return e.what();
    }
    return "accepted";
}

}  // namespace

TEST_CASE("doc case format: rows and NULL and escapes and continuation lines") {
    const std::string text = doc_line +
                             "-- Free text is ignored.\n"
                             "-- expect rows: SELECT a, b, c\n"
                             "-- +   FROM t ORDER BY a\n"
                             "-- | 1 | Toyota Park | <null>\n"
                             "-- | 2 | a \\| b \\\\ c |\n"
                             "-- | 3 | \\s | \\<null>\n"
                             "-- expect empty: SELECT * FROM u\n"
                             "CREATE TABLE t (a INTEGER);\n";
    const auto c = st::parse_doc_case(text, "case.sql");
    REQUIRE(c.docs.size() == 1);
    CHECK(c.docs[0].find("r_COPY_command_examples.html") != std::string::npos);
    REQUIRE(c.rows.size() == 2);
    CHECK(c.rows[0].query == "SELECT a, b, c FROM t ORDER BY a");
    CHECK(c.rows[0].line == 3);
    REQUIRE(c.rows[0].rows.size() == 3);
    CHECK(c.rows[0].rows[0] == st::doc_row{{"1"}, {"Toyota Park"}, {std::nullopt}});
    CHECK(c.rows[0].rows[1] == st::doc_row{{"2"}, {"a | b \\ c"}, {""}});
    CHECK(c.rows[0].rows[2] == st::doc_row{{"3"}, {" "}, {"<null>"}});
    CHECK(c.rows[1].rows.empty());
    CHECK_FALSE(c.error);
}

TEST_CASE("doc case format: errors and rejects") {
    const auto c = st::parse_doc_case(doc_line + "-- expect error: 1204 at line 7\n"
                                                 "-- expect rejects: venue 2 3:1204 5:1213\n"
                                                 "-- expect rejects: other 1\n",
                                      "case.sql");
    REQUIRE(c.error);
    CHECK(c.error->is_load_code());
    CHECK(c.error->at_line == 7u);
    REQUIRE(c.rejects.size() == 2);
    CHECK(c.rejects[0].table == "venue");
    CHECK(c.rejects[0].count == 2);
    CHECK(c.rejects[0].lines == std::vector<std::pair<long long, int>>{{3, 1204}, {5, 1213}});
    CHECK(c.rejects[1].lines.empty());
    const auto id = st::parse_doc_case(doc_line + "-- expect error: starshift.copy.explicit_ids_invalid\n", "c.sql");
    REQUIRE(id.error);
    CHECK_FALSE(id.error->is_load_code());
    CHECK_FALSE(id.error->at_line);
}

TEST_CASE("doc case format: a malformed block is refused with its line") {
    const std::string rows = "-- expect rows: SELECT 1\n";
    CHECK(malformed_message("-- expect rows: SELECT 1\n-- | 1\n").find("case.sql:1: malformed expectation: no `-- doc:`") == 0);
    CHECK(malformed_message(doc_line).find("no expectation") != std::string::npos);
    CHECK(malformed_message(doc_line + "-- doc: http://example.com/\n" + rows + "-- | 1\n").find("case.sql:2:") == 0);
    CHECK(malformed_message(doc_line + "-- expect row: SELECT 1\n").find("case.sql:2: malformed expectation: unknown") ==
          0);
    CHECK(malformed_message(doc_line + "-- expect rows:\n-- | 1\n").find("no query") != std::string::npos);
    CHECK(malformed_message(doc_line + rows + "CREATE TABLE t (a INT);\n").find("without a row") != std::string::npos);
    CHECK(malformed_message(doc_line + rows + "-- | 1\n\n-- | 2\n").find("case.sql:5: malformed expectation: a row") ==
          0);
    CHECK(malformed_message(doc_line + rows + "\n-- | 1\n").find("case.sql:2: malformed expectation: `expect rows:` "
                                                                "without a row") == 0);
    CHECK(malformed_message(doc_line + "-- | 1\n").find("outside an `expect rows:`") != std::string::npos);
    CHECK(malformed_message(doc_line + rows + "-- | 1 | 2\n-- | 1\n").find("case.sql:4:") == 0);
    CHECK(malformed_message(doc_line + rows + "-- | a \\x\n").find("unknown escape") != std::string::npos);
    CHECK(malformed_message(doc_line + rows + "-- | a \\\n").find("lone backslash") != std::string::npos);
    CHECK(malformed_message(doc_line + "-- expect empty: SELECT 1\n-- | 1\n").find("a row line") != std::string::npos);
    CHECK(malformed_message(doc_line + "-- + FROM t\n").find("continuation") != std::string::npos);
    CHECK(malformed_message(doc_line + "-- expect error: oops\n").find("starshift.* id") != std::string::npos);
    CHECK(malformed_message(doc_line + "-- expect error: 1204 at 3\n").find("at line N") != std::string::npos);
    CHECK(malformed_message(doc_line + "-- expect error: 1204\n-- expect error: 1205\n").find("a second") !=
          std::string::npos);
    CHECK(malformed_message(doc_line + "-- expect rejects: t\n").find("<count>") != std::string::npos);
    CHECK(malformed_message(doc_line + "-- expect rejects: t x\n").find("must be a number") != std::string::npos);
    CHECK(malformed_message(doc_line + "-- expect rejects: t 2 3:1204\n").find("2 rejects but 1") !=
          std::string::npos);
    CHECK(malformed_message(doc_line + "-- expect rejects: t 1 3:12\n").find("4 digits") != std::string::npos);
    CHECK(malformed_message(doc_line + "-- expect rejects: t 1 3-1204\n").find("line:code") != std::string::npos);
    CHECK(malformed_message(doc_line + "-- expect rejects: t 0\n-- expect rejects: t 0\n").find("a second") !=
          std::string::npos);
}
