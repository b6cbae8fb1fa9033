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

// ALTER TABLE's distribution and sort-key forms change the design of the table declared before them
// (https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_TABLE.html).
TEST_CASE("tables_for_analysis: ALTER DISTKEY and SORTKEY change an earlier table's design") {
    const std::vector<sp::source_file> files = {
        {"s.sql", std::string("CREATE TABLE t (a BIGINT, b INT, c SUPER);\n"
                              "ALTER TABLE t ALTER DISTKEY a, ALTER SORTKEY (a, b);\n"
                              "CREATE TABLE u (a INT) DISTSTYLE KEY DISTKEY (a) SORTKEY (a);\n"
                              "ALTER TABLE u ALTER DISTSTYLE ALL;\nALTER TABLE u ALTER SORTKEY NONE;\n"
                              "CREATE TABLE v (a INT);\nALTER TABLE v ALTER DISTSTYLE KEY DISTKEY a;\n"
                              "ALTER TABLE v ALTER COMPOUND SORTKEY (a), ALTER ENCODE AUTO;\n")},
    };
    const sp::analysis_tables r = sp::tables_for_analysis(files);
    CHECK(r.skipped.empty());
    REQUIRE(r.tables.size() == 3);
    CHECK(r.tables[0].diststyle == starshift::dist_style::key);
    CHECK(r.tables[0].distkey == std::optional<std::string>("a"));
    CHECK(r.tables[0].sortkey.style == starshift::sort_style::compound);
    CHECK(r.tables[0].sortkey.columns == std::vector<std::string>{"a", "b"});
    CHECK(r.tables[1].diststyle == starshift::dist_style::all);
    CHECK_FALSE(r.tables[1].distkey.has_value());
    CHECK(r.tables[1].sortkey.columns.empty());
    CHECK(r.tables[2].diststyle == starshift::dist_style::key);
    CHECK(r.tables[2].sortkey.columns == std::vector<std::string>{"a"});
}

TEST_CASE("tables_for_analysis: ALTER TABLE of an unknown table or column is reported and not applied") {
    const std::vector<sp::source_file> files = {
        {"s.sql", std::string("ALTER TABLE nowhere ALTER DISTKEY a;\nCREATE TABLE t (a INT);\n"
                              "ALTER TABLE t ALTER DISTKEY b;\nALTER TABLE t ADD COLUMN z INT;\n")},
    };
    const sp::analysis_tables r = sp::tables_for_analysis(files);
    REQUIRE(r.skipped.size() == 2);
    CHECK(r.skipped[0].id == "starshift.parse.alter_table_unknown");
    CHECK(r.skipped[1].line == 3);
    CHECK(r.skipped[1].id == "starshift.model.distkey_column_missing");
    REQUIRE(r.tables.size() == 1);
    CHECK(r.tables[0].diststyle == starshift::dist_style::automatic);
}

// The columns of a materialized view over an unnested SUPER column
// (https://docs.aws.amazon.com/redshift/latest/dg/r_shred_super.html).
TEST_CASE("tables_for_analysis: a materialized view's columns through PartiQL unnesting") {
    const std::vector<sp::source_file> files = {
        {"s.sql", std::string("CREATE TABLE col (c_custkey BIGINT, c_orders SUPER);\n"
                              "CREATE MATERIALIZED VIEW super_mv DISTKEY(c_custkey) SORTKEY(c_custkey) AS (\n"
                              "  SELECT c_custkey, o.o_orderstatus, o.o_totalprice, o_idx\n"
                              "  FROM col c, c.c_orders o AT o_idx);\n")},
    };
    const sp::analysis_tables r = sp::tables_for_analysis(files);
    CHECK(r.skipped.empty());
    REQUIRE(r.tables.size() == 2);
    const starshift::table& mv = r.tables[1];
    REQUIRE(mv.columns.size() == 4);
    CHECK(mv.columns[0].name == "c_custkey");
    CHECK(mv.columns[0].type.kind == starshift::bigint().kind);
    CHECK(mv.columns[1].name == "o_orderstatus");
    CHECK(mv.columns[1].type.kind == starshift::super().kind);
    CHECK(mv.columns[3].name == "o_idx");
    CHECK(mv.columns[3].type.kind == starshift::integer().kind);
    CHECK(mv.distkey == std::optional<std::string>("c_custkey"));
}
