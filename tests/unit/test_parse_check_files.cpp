// check_files: every file checked, COPY checked against the tables of all files, an unreadable file one problem,
// problems in the order the files were given and then by position.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "starshift/parse/parser.hpp"

namespace sp = starshift::parse;

TEST_CASE("check_files: problems ordered by the files as given then by line") {
    const std::vector<sp::source_file> files = {
        {"z.sql", std::string("COPY nowhere FROM '/tmp/x' CSV;\nCREATE TABLE w (x BOOLEAN ENCODE delta);\n")},
        {"missing.sql", std::nullopt},
        {"a.sql", std::string("CREATE TABLE bad (x BOOLEAN ENCODE delta);\nCREATE TABLE t (a INT);\n")},
    };
    const sp::check_result r = sp::check_files(files);
    REQUIRE(r.problems.size() == 4);
    CHECK(r.problems[0].file == "z.sql");
    CHECK(r.problems[0].line == 1);
    CHECK(r.problems[0].id == "starshift.parse.copy_table_unknown");
    CHECK(r.problems[1].file == "z.sql");
    CHECK(r.problems[1].line == 2);
    CHECK(r.problems[1].id == "starshift.model.encoding_invalid_for_type");
    CHECK(r.problems[2].to_string() == "missing.sql:1:1: [starshift.parse.io] cannot read the file");
    CHECK(r.problems[3].file == "a.sql");
    CHECK(r.problems[3].id == "starshift.model.encoding_invalid_for_type");
    REQUIRE(r.statements.size() == 2);  // the COPY and t: the invalid tables are problems, not statements
    CHECK(r.statements[0].as_copy() != nullptr);
    CHECK(r.statements[1].as_table() != nullptr);
}

TEST_CASE("check_files: a COPY may load a table another file declares and warnings keep file order") {
    const std::vector<sp::source_file> files = {
        {"load.sql", std::string("COPY t FROM '/data/t.csv' CSV;\n")},
        {"ddl.sql", std::string("CREATE TABLE t (a INT, at TIMESTAMP ENCODE az64) SORTKEY (at);\n")},
    };
    const sp::check_result r = sp::check_files(files);
    CHECK(r.problems.empty());
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].file == "ddl.sql");
    CHECK(r.warnings[0].id == "starshift.model.sortkey_encoded");
}
