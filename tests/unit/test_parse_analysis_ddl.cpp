// The DDL forms the analyses (`starshift advise`, `starshift explain`) read: CREATE EXTERNAL TABLE
// (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_EXTERNAL_TABLE.html), CREATE MATERIALIZED VIEW
// (https://docs.aws.amazon.com/redshift/latest/dg/materialized-view-create-sql-command.html), CREATE TABLE … AS
// with its columns learned from the parsed query
// (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_TABLE_AS.html), SUPER columns
// (https://docs.aws.amazon.com/redshift/latest/dg/c_Supported_data_types.html), and the lenient reading of whole DDL
// files (parse::tables_for_analysis).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "starshift/load/render_script.hpp"
#include "starshift/parse/parser.hpp"
#include "starshift/sql/render.hpp"
#include "support/error_of.hpp"

namespace sp = starshift::parse;
using namespace starshift;
using starshift::testing::error_id_of;

namespace {

const char* const base_tables =
    "CREATE TABLE users (userid INTEGER NOT NULL DISTKEY SORTKEY, city VARCHAR(30), prefs SUPER);\n"
    "CREATE TABLE sales (salesid INTEGER NOT NULL, buyerid INTEGER NOT NULL, saletime TIMESTAMP,\n"
    "                    pricepaid DECIMAL(8,2)) DISTKEY (buyerid) SORTKEY (saletime);\n";

// The table the script's last statement creates.
table last_table(const std::string& sql) {
    const auto all = sp::parse_script(sql);
    REQUIRE(!all.empty());
    REQUIRE(all.back().as_table() != nullptr);
    return *all.back().as_table();
}

// Redshift SQL of `t` read back gives the same model (tables it refers to given first).
void round_trips(const table& t, const std::string& before = base_tables) {
    const std::string rendered = sql::create_table(t, sql::dialect::redshift).front();
    CHECK_MESSAGE(last_table(before + rendered) == t, rendered);
}

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += s + "\n";
    return out;
}

}  // namespace

TEST_CASE("CREATE EXTERNAL TABLE keeps its columns partitions format and location") {
    // r_CREATE_EXTERNAL_TABLE's partitioned example (spectrum.sales_part), with ROW FORMAT and TABLE PROPERTIES.
    const std::string sql =
        "create external table spectrum.sales_part(\n"
        "salesid integer, listid integer, pricepaid decimal(8,2), saletime timestamp)\n"
        "partitioned by (saledate date)\n"
        "row format delimited fields terminated by '|'\n"
        "stored as textfile\n"
        "location 's3://redshift-downloads/tickit/spectrum/sales_partition/'\n"
        "table properties ('numRows'='172000');";
    const table t = sp::parse_create_table(sql);
    CHECK(t.schema == "spectrum");
    CHECK(t.name == "sales_part");
    REQUIRE(t.external.has_value());
    CHECK(t.external->location == "s3://redshift-downloads/tickit/spectrum/sales_partition/");
    CHECK(t.external->stored_as == "textfile");
    CHECK(t.external->row_format == "delimited fields terminated by '|'");
    CHECK(t.external->table_properties == "'numRows'='172000'");
    CHECK(t.external->partitioned_by == std::vector<std::string>{"saledate"});
    // The partition column is queryable like the others: the last column of the model.
    REQUIRE(t.columns.size() == 5);
    CHECK(t.columns.back().name == "saledate");
    CHECK(t.columns.back().type == date());
    // Spectrum reads the rows from S3: the model says EVEN, no keys.
    CHECK(t.diststyle == dist_style::even);
    CHECK(!t.distkey);
    round_trips(t, "");
    const std::string rs = sql::create_table(t, sql::dialect::redshift).front();
    CHECK(rs.find("PARTITIONED BY (\n    saledate DATE\n)") != std::string::npos);
    CHECK(rs.find("LOCATION 's3://redshift-downloads/tickit/spectrum/sales_partition/'") != std::string::npos);
}

TEST_CASE("CREATE EXTERNAL TABLE becomes an ordinary PostgreSQL table with a comment saying so") {
    const std::string sql = "CREATE EXTERNAL TABLE spectrum.ev (id INT, body VARCHAR(100)) STORED AS PARQUET "
                            "LOCATION 's3://b/ev/';";
    const auto statements = sp::parse_script(sql, {"ext.sql", true, {}});
    const std::string pg = load::render_statements(statements, sql::dialect::postgres, sql::secrets::mask, {});
    CHECK(pg.find("CREATE TABLE spectrum.ev (\n    id INTEGER,\n    body VARCHAR(100)\n);") != std::string::npos);
    CHECK(pg.find("EXTERNAL (Spectrum reads LOCATION s3://b/ev/, STORED AS PARQUET): created as an ordinary table")
          != std::string::npos);
    CHECK(pg.find("DISTSTYLE") == std::string::npos);
}

TEST_CASE("CREATE EXTERNAL TABLE needs LOCATION") {
    // r_CREATE_EXTERNAL_TABLE_examples' cloudtrail_json: ROW FORMAT SERDE … WITH SERDEPROPERTIES, no STORED AS.
    const table t = sp::parse_create_table(
        "create external table spectrum.cloudtrail_json (event_version int, event_id bigint)\n"
        "row format serde 'org.openx.data.jsonserde.JsonSerDe'\n"
        "with serdeproperties ('dots.in.keys' = 'true', 'mapping.requesttime' = 'requesttimestamp')\n"
        "location 's3://mybucket/json/cloudtrail';");
    CHECK(t.external->stored_as.empty());
    CHECK(t.external->row_format == "serde 'org.openx.data.jsonserde.JsonSerDe'\n"
                                    "with serdeproperties ('dots.in.keys' = 'true', 'mapping.requesttime' = "
                                    "'requesttimestamp')");
    round_trips(t, "");
    CHECK(error_id_of([] { (void)sp::parse_create_table("CREATE EXTERNAL TABLE s.t (a INT) STORED AS PARQUET;"); })
          == "starshift.parse.syntax");
    CHECK(error_id_of([] { (void)sp::parse_create_table("CREATE EXTERNAL TABLE s.t (a INT) LOCATION 's3://b/' "
                                                        "STORED AS PARQUET STORED AS ORC;"); })
          == "starshift.parse.duplicate_attribute");
    CHECK(error_id_of([] {
              (void)sp::parse_create_table(
                  "CREATE EXTERNAL TABLE s.t (a INT) STORED AS PARQUET LOCATION 's3://b/' LOCATION 's3://c/';");
          }) == "starshift.parse.duplicate_attribute");
}

TEST_CASE("CREATE EXTERNAL TABLE AS and CREATE EXTERNAL SCHEMA are kept as text") {
    const auto all = sp::parse_script(
        "CREATE EXTERNAL SCHEMA spectrum FROM DATA CATALOG DATABASE 'db' IAM_ROLE 'arn:aws:iam::1:role/r';\n"
        "CREATE EXTERNAL TABLE spectrum.t2 STORED AS PARQUET LOCATION 's3://b/t2/' AS SELECT 1 AS a;");
    REQUIRE(all.size() == 2);
    CHECK(all[0].as_unsupported() != nullptr);
    CHECK(all[1].as_unsupported() != nullptr);
}

TEST_CASE("CREATE MATERIALIZED VIEW is a table with its design query and columns") {
    // materialized-view-create-sql-command: BACKUP, table attributes, AUTO REFRESH, AS query.
    const table t = last_table(std::string(base_tables) +
                               "CREATE MATERIALIZED VIEW buyer_totals BACKUP NO DISTKEY (buyerid) SORTKEY (buyerid)\n"
                               "AUTO REFRESH YES AS SELECT s.buyerid, u.city, COUNT(*) AS n, MAX(s.pricepaid) AS top\n"
                               "FROM sales s JOIN users u ON s.buyerid = u.userid GROUP BY s.buyerid, u.city;");
    REQUIRE(t.materialized.has_value());
    CHECK(t.materialized->auto_refresh);
    CHECK(!t.backup);
    CHECK(t.diststyle == dist_style::key);
    CHECK(t.distkey == std::optional<std::string>("buyerid"));
    CHECK(t.sortkey.columns == std::vector<std::string>{"buyerid"});
    REQUIRE(t.as_query.has_value());
    REQUIRE(t.columns.size() == 4);
    CHECK(t.columns[0].name == "buyerid");
    CHECK(t.columns[0].type == integer());
    CHECK(t.columns[1].type == varchar(30));
    CHECK(t.columns[2].name == "n");
    CHECK(t.columns[2].type == bigint());
    CHECK(t.columns[3].name == "top");
    CHECK(t.columns[3].type == decimal(8, 2));
    round_trips(t);
}

TEST_CASE("a materialized view without DISTSTYLE is EVEN") {
    // "If you omit this clause, the distribution style is EVEN" (materialized-view-create-sql-command).
    const table t = last_table(std::string(base_tables) + "CREATE MATERIALIZED VIEW mv AS SELECT userid FROM users;");
    CHECK(t.diststyle == dist_style::even);
    CHECK(!t.materialized->auto_refresh);
    CHECK(!t.distkey);  // not inherited from users, unlike a CREATE TABLE … AS
    round_trips(t);
    const std::string rs = sql::create_table(t, sql::dialect::redshift).front();
    CHECK(rs == "CREATE MATERIALIZED VIEW mv\nAS SELECT userid FROM users;");
}

TEST_CASE("a materialized view runs on PostgreSQL as one of its translated query") {
    const auto statements = sp::parse_script(std::string(base_tables) +
                                                 "CREATE MATERIALIZED VIEW recent SORTKEY (saletime) AS\n"
                                                 "SELECT salesid, saletime FROM sales\n"
                                                 "WHERE DATEDIFF(day, saletime, GETDATE()) < 30;",
                                             {"mv.sql", true, {}});
    const std::string pg = load::render_statements(statements, sql::dialect::postgres, sql::secrets::mask, {});
    const auto at = pg.find("CREATE MATERIALIZED VIEW recent\nAS SELECT");
    REQUIRE(at != std::string::npos);
    CHECK(pg.find("starshift_redshift.datediff('day'", at) != std::string::npos);  // sql::to_postgres
    CHECK(pg.find("CREATE INDEX recent_sortkey ON recent (saletime);", at) != std::string::npos);
    CHECK(pg.find("AUTO REFRESH") == std::string::npos);
}

TEST_CASE("CREATE MATERIALIZED VIEW refuses AUTO REFRESH twice and attributes after it") {
    const std::string pre = base_tables;
    CHECK(error_id_of([&] {
              (void)sp::parse_script(pre + "CREATE MATERIALIZED VIEW mv AUTO REFRESH MAYBE AS SELECT 1 AS a;");
          }) == "starshift.parse.syntax");
    CHECK(error_id_of([&] {
              (void)sp::parse_script(pre + "CREATE MATERIALIZED VIEW mv AUTO REFRESH NO DISTSTYLE ALL AS "
                                           "SELECT userid FROM users;");
          }) == "starshift.parse.syntax");
}

TEST_CASE("CREATE TABLE AS learns columns through joins casts and aggregates") {
    const table t = last_table(std::string(base_tables) +
                               "CREATE TABLE city_sales AS\n"
                               "SELECT u.city, s.pricepaid, CAST(s.saletime AS DATE) AS day, u.prefs\n"
                               "FROM sales s JOIN users u ON u.userid = s.buyerid;");
    REQUIRE(t.columns.size() == 4);
    CHECK(t.columns[0].name == "city");
    CHECK(t.columns[1].type == decimal(8, 2));
    CHECK(t.columns[2].name == "day");
    CHECK(t.columns[2].type == date());
    CHECK(t.columns[3].type == super());  // a SUPER column is carried over like any other
    CHECK(t.diststyle == dist_style::automatic);  // a join: not a simple select, nothing inherited
    round_trips(t);
}

TEST_CASE("CREATE TABLE AS learns columns through CTEs and derived tables") {
    const table t = last_table(std::string(base_tables) +
                               "CREATE TABLE t AS WITH b (who, paid) AS (SELECT buyerid, pricepaid FROM sales)\n"
                               "SELECT d.who, d.paid, c.* FROM b d JOIN (SELECT city FROM users) c ON 1 = 1;");
    REQUIRE(t.columns.size() == 3);
    CHECK(t.columns[0].name == "who");
    CHECK(t.columns[0].type == integer());
    CHECK(t.columns[1].name == "paid");
    CHECK(t.columns[2].name == "city");
    CHECK(t.columns[2].type == varchar(30));
}

TEST_CASE("CREATE TABLE AS whose columns cannot be learned keeps no columns") {
    // An expression without a type the query tells: Redshift knows, the model does not guess.
    const table t = last_table(std::string(base_tables) + "CREATE TABLE t AS SELECT userid + 1 AS next FROM users;");
    CHECK(t.columns.empty());
    CHECK(t.as_query.has_value());
}

TEST_CASE("SUPER columns can be neither DISTKEY nor SORTKEY") {
    // r_CREATE_TABLE_NEW / limitations-super: SUPER is not a sort or distribution key type.
    CHECK(error_id_of([] { (void)sp::parse_create_table("CREATE TABLE t (a INT, s SUPER DISTKEY);"); }) ==
          "starshift.model.distkey_type_invalid");
    CHECK(error_id_of([] { (void)sp::parse_create_table("CREATE TABLE t (a INT, s SUPER) SORTKEY (s);"); }) ==
          "starshift.model.sortkey_type_invalid");
    const table t = sp::parse_create_table("CREATE TABLE t (a INT, s SUPER);");
    CHECK(t.columns[1].type == super());
    CHECK(joined(sql::create_table(t, sql::dialect::postgres)).find("s JSONB") != std::string::npos);
}

TEST_CASE("tables_for_analysis reports refused statements with file and line and keeps the tables") {
    const std::string schema = std::string(base_tables) +
                               "COPY sales FROM 's3://b/sales/' IAM_ROLE 'arn:aws:iam::1:role/r' FORMAT AS AVRO "
                               "'auto';\n"                                                      // line 4
                               "GRANT SELECT ON sales TO bob;\n"                                // line 5
                               "CREATE TABLE bad (a INTERVAL);\n"                               // line 6
                               "CREATE TABLE opaque AS SELECT userid + 1 AS next FROM users;\n"  // line 7
                               "CREATE EXTERNAL TABLE spectrum.ev (id INT) STORED AS PARQUET LOCATION 's3://b/';\n";
    const std::string views = "CREATE MATERIALIZED VIEW mv AS SELECT userid FROM users;\n"
                              "CREATE TABLE liked (LIKE nosuch);\n";
    const auto r = sp::tables_for_analysis({{"schema.sql", schema}, {"views.sql", views}, {"gone.sql", std::nullopt}});
    std::vector<std::string> names;
    for (const auto& t : r.tables) names.push_back(t.qualified_name());
    CHECK(names == std::vector<std::string>{"users", "sales", "spectrum.ev", "mv"});
    std::vector<std::string> skipped;
    for (const auto& d : r.skipped) skipped.push_back(d.file + ":" + std::to_string(d.line) + " " + d.id);
    CHECK(skipped == std::vector<std::string>{"schema.sql:4 starshift.parse.unsupported_option",
                                              "schema.sql:6 starshift.parse.unsupported_type",
                                              "schema.sql:7 starshift.parse.columns_unknown",
                                              "views.sql:2 starshift.parse.like_table_unknown",
                                              "gone.sql:1 starshift.parse.io"});
}
