// The simulated system views (load/system_views.hpp) after a real `starshift run` load: pg_table_def
// (https://docs.aws.amazon.com/redshift/latest/dg/r_PG_TABLE_DEF.html), svv_table_info (r_SVV_TABLE_INFO) and
// stl_load_commits (r_STL_LOAD_COMMITS), with the columns and values those pages describe.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "etl_test_util.hpp"
#include "pg_fixture.hpp"
#include "starshift/io/mapped_store.hpp"
#include "starshift/load/redshift_functions.hpp"
#include "starshift/load/script_runner.hpp"
#include "starshift/load/system_views.hpp"
#include "starshift/tune/slice_simulation.hpp"
#include "support/temp_dir.hpp"

namespace {

namespace sl = starshift::load;
namespace io = starshift::io;
namespace tune = starshift::tune;
using etl_test::check_rows;
using etl_test::rows;
using etl_test::rowset;
using starshift::testing::scratch_database;
using starshift::testing::temp_dir;

// 600 + 400 sales lines, listid = i % 50 (the DISTKEY), and two more lines in the second file that are rejected
// (salesid not an integer).
void write_sales(const temp_dir& dir) {
    std::string a, b;
    for (int i = 0; i < 1000; ++i) {
        const std::string line = std::to_string(i) + "|" + std::to_string(i % 50) + "|" + std::to_string(i % 7) + "|" +
                                 std::to_string(1 + i % 4) + "|" + std::to_string(i) + ".50|2008-01-0" +
                                 std::to_string(1 + i % 9) + " 10:00:00|note " + std::to_string(i) + "\n";
        (i < 600 ? a : b) += line;
    }
    b += "x|1|1|1|1.00|2008-01-01 10:00:00|bad\ny|2|1|1|1.00|2008-01-01 "
         "10:00:00|bad\n";
    dir.write("sales/part1.txt", a);
    dir.write("sales/part2.txt", b);
    dir.write("category.txt", "1|Sports\n2|Sports\n3|Shows\n4|Concerts\n");
}

const char* const script = R"(
CREATE TABLE sales (
    salesid INTEGER NOT NULL,
    listid INTEGER NOT NULL ENCODE delta32k DISTKEY,
    sellerid INTEGER NOT NULL,
    qtysold SMALLINT NOT NULL ENCODE mostly8,
    pricepaid DECIMAL(8,2) ENCODE delta32k,
    saletime TIMESTAMP,
    note VARCHAR(100)
) SORTKEY (saletime, listid);
CREATE TABLE category (catid SMALLINT NOT NULL, catname VARCHAR(10)) DISTSTYLE ALL SORTKEY (catid);
CREATE TABLE lineorder_interleaved (
    lo_orderkey INTEGER NOT NULL ENCODE delta32k,
    lo_custkey INTEGER NOT NULL ENCODE raw,
    lo_partkey INTEGER NOT NULL ENCODE raw DISTKEY,
    lo_suppkey INTEGER NOT NULL ENCODE delta32k,
    lo_orderdate INTEGER NOT NULL ENCODE delta,
    lo_comment VARCHAR(40)
) INTERLEAVED SORTKEY (lo_orderkey, lo_custkey, lo_partkey, lo_suppkey, lo_orderdate);
CREATE TABLE empty_one (a INTEGER);
COPY sales FROM 's3://views-bucket/sales/' IAM_ROLE 'arn:aws:iam::0123456789012:role/R' DELIMITER '|' MAXERROR 5;
COPY category FROM 's3://views-bucket/category.txt' IAM_ROLE 'arn:aws:iam::0123456789012:role/R' DELIMITER '|';
CREATE SCHEMA demo;
CREATE TABLE demo.demotable (one INTEGER);
SELECT count(*) FROM pg_table_def WHERE tablename = 'demotable';
SET search_path TO '$user', 'public', 'demo';
SELECT count(*) FROM pg_table_def WHERE tablename = 'demotable';
)";

struct loaded {
    scratch_database db{"views"};
    std::unique_ptr<pqxx::connection> conn = db.connect();
    temp_dir dir{"views"};
    sl::script_result result;
    loaded() {
        write_sales(dir);
        const io::mapped_store store({*io::parse_s3_mapping("s3://views-bucket=" + dir.str())});
        const auto steps = sl::plan_script(sl::parse_files({{"views.sql", script}}),
                                           [&](const std::string& u) { return store.serves(u); });
        sl::script_options o;
        o.store = &store;
        result = sl::run_script(*conn, steps, o);
    }
    // The loaded database (the run must have succeeded).
    pqxx::connection& connection() {
        REQUIRE_MESSAGE(result.ok, result.error);
        return *conn;
    }
};

}  // namespace

TEST_CASE(
    "system views: pg_table_def shows the model of the tables starshift "
    "run created") {
    loaded l;
    auto& c = l.connection();
    // r_PG_TABLE_DEF's interleaved example: the sort-key positions alternate in sign.
    // The page's query: select "column", type, encoding, distkey, sortkey, "notnull" from pg_table_def where ….
    const std::string table_def =
        "SELECT \"column\", type, trim(encoding), distkey, sortkey, \"notnull\" FROM pg_table_def WHERE ";
    check_rows(c, table_def + "tablename = 'lineorder_interleaved' AND sortkey <> 0",
               rowset{{"lo_orderkey", "integer", "delta32k", "f", "-1", "t"},
                      {"lo_custkey", "integer", "none", "f", "2", "t"},
                      {"lo_partkey", "integer", "none", "t", "-3", "t"},
                      {"lo_suppkey", "integer", "delta32k", "f", "4", "t"},
                      {"lo_orderdate", "integer", "delta", "f", "-5", "t"}});
    // Without ENCODE a column gets Redshift's default: RAW (none) for sort-key columns, AZ64 for numbers and times, LZO
    // for strings; types as PostgreSQL's format_type names them (as Redshift does).
    check_rows(c, table_def + "tablename = 'sales'",
               rowset{{"salesid", "integer", "az64", "f", "0", "t"},
                      {"listid", "integer", "delta32k", "t", "2", "t"},
                      {"sellerid", "integer", "az64", "f", "0", "t"},
                      {"qtysold", "smallint", "mostly8", "f", "0", "t"},
                      {"pricepaid", "numeric(8,2)", "delta32k", "f", "0", "f"},
                      {"saletime", "timestamp without time zone", "none", "f", "1", "f"},
                      {"note", "character varying(100)", "lzo", "f", "0", "f"}});
    check_rows(c,
               "SELECT schemaname, pg_typeof(encoding)::text, "
               "pg_typeof(sortkey)::text FROM pg_table_def "
               "WHERE tablename = 'category' AND \"column\" = 'catid'",
               rowset{{"public", "character", "integer"}});
    // Only tables in schemas on the search path (the page's demo example); SET search_path keeps the views.
    std::vector<std::string> counts;
    for (const auto& s : l.result.steps)
        if (s.keyword == "SELECT") counts.push_back(s.result_rows.at(0).at(0));
    CHECK(counts == std::vector<std::string>{"0", "1"});
}

TEST_CASE("system views: svv_table_info from the slice simulation") {
    loaded l;
    auto& c = l.connection();
    // The empty table is not shown (r_SVV_TABLE_INFO: no information for empty tables).
    check_rows(c,
               "SELECT \"table\", encoded, diststyle, sortkey1, "
               "trim(sortkey1_enc), sortkey_num, max_varchar, "
               "tbl_rows, estimated_visible_rows FROM svv_table_info ORDER BY 1",
               rowset{{"category", "Y, AUTO(ENCODE)", "ALL", "catid", "none", "1", "10", "4", "4"},
                      {"sales", "Y", "KEY(listid)", "saletime", "none", "2", "100", "1000", "1000"}});
    // skew_rows as tune::simulate_distribution gives it for the listid values on the default cluster (dc2.large x 2: 4
    // slices); ALL has none. Sizes: every populated slice holds one 1 MB block per column and 3 hidden ones.
    tune::table_data data;
    data.name = "sales";
    data.rows = 1000;
    tune::column_data listid;
    listid.name = "listid";
    listid.type = starshift::integer();
    for (int i = 0; i < 1000; ++i) listid.append(std::to_string(i % 50));
    data.columns.push_back(listid);
    tune::table_design design;
    design.diststyle = starshift::dist_style::key;
    design.distkey = "listid";
    const sl::system_view_options defaults;
    const auto sim = tune::simulate_distribution(data, design, defaults.cluster);
    int populated = 0;
    for (auto r : sim.rows) populated += r > 0 ? 1 : 0;
    char skew[32];
    std::snprintf(skew, sizeof skew, "%.2f", sim.skew_rows);
    CHECK(sim.skew_rows > 1.0);
    check_rows(c, "SELECT skew_rows, size FROM svv_table_info WHERE \"table\" = 'sales'",
               rowset{{skew, std::to_string(populated * (7 + 3))}});
    check_rows(c,
               "SELECT skew_rows, size, pct_used, database = current_database(), "
               "schema, "
               "table_id = 'category'::regclass::oid FROM svv_table_info WHERE "
               "\"table\" = 'category'",
               rowset{{"NULL", std::to_string(2 * (2 + 3)), "NULL", "t", "public", "t"}});
    // On demand, for another cluster shape: ra3.4xlarge x 3 has 12 slices, so ALL is on 3 nodes.
    {
        pqxx::work tx(c);
        sl::system_view_options other;
        other.cluster = tune::make_cluster("ra3.4xlarge", 3);
        const auto tables = sl::parse_files({{"views.sql", script}});
        std::vector<starshift::table> created;
        for (const auto& s : tables)
            if (const auto* t = s.as_table()) created.push_back(*t);
        sl::refresh_system_views(tx, created, other);
        tx.commit();
    }
    check_rows(c, "SELECT size FROM svv_table_info WHERE \"table\" = 'category'",
               rowset{{std::to_string(3 * (2 + 3))}});
}

TEST_CASE("system views: stl_load_commits has a row per file of each COPY") {
    loaded l;
    auto& c = l.connection();
    check_rows(c,
               "SELECT regexp_replace(trim(filename), '^.*/', ''), "
               "lines_scanned, errors, slice, "
               "trim(file_format), is_partial, start_offset FROM "
               "stl_load_commits ORDER BY query, slice",
               rowset{{"part1.txt", "600", "0", "0", "Text", "0", "0"},
                      {"part2.txt", "402", "2", "1", "Text", "0", "0"},
                      {"category.txt", "4", "0", "0", "Text", "0", "0"}});
    // The query id is the COPY's: the same as its rejects' in stl_load_errors.
    check_rows(c,
               "SELECT count(DISTINCT e.query), count(*) FROM stl_load_errors e "
               "JOIN stl_load_commits l "
               "ON l.query = e.query AND trim(l.filename) LIKE '%part2.txt'",
               rowset{{"1", "2"}});
    check_rows(c,
               "SELECT pg_typeof(query)::text, pg_typeof(filename)::text, "
               "pg_typeof(curtime)::text "
               "FROM stl_load_commits LIMIT 1",
               rowset{{"integer", "character", "timestamp without time zone"}});
    // PG_LAST_COPY_ID and PG_LAST_COPY_COUNT of the session: the last COPY (category, 4 rows); r_STL_LOAD_COMMITS'
    // first example finds its file.
    check_rows(c, "SELECT pg_last_copy_count(), pg_typeof(pg_last_copy_id())::text, "
                  "pg_typeof(pg_last_copy_count())::text", rowset{{"4", "integer", "bigint"}});
    check_rows(c, "SELECT regexp_replace(trim(filename), '^.*/', '') FROM stl_load_commits "
                  "WHERE query = pg_last_copy_id()", rowset{{"category.txt"}});
    // A COPY that fails MAXERROR (the lines have more fields than the table's 2 columns: it stops at the second
    // reject): its id (its rejects are in stl_load_errors), 0 rows (PG_LAST_COPY_COUNT).
    const io::mapped_store store({*io::parse_s3_mapping("s3://views-bucket=" + l.dir.str())});
    const auto failing = sl::run_script(
        c, sl::plan_script(sl::parse_files({{"fail.sql",
                                             "CREATE TABLE sales_again (salesid INTEGER, listid INTEGER);\n"
                                             "COPY sales_again FROM 's3://views-bucket/sales/part2.txt' IAM_ROLE "
                                             "'arn:aws:iam::0123456789012:role/R' DELIMITER '|' MAXERROR 1;"}}),
                           [&](const std::string& u) { return store.serves(u); }),
        [&] {
            sl::script_options o;
            o.store = &store;
            return o;
        }());
    CHECK_FALSE(failing.ok);
    check_rows(c, "SELECT pg_last_copy_count(), count(*) FROM stl_load_errors WHERE query = pg_last_copy_id()",
               rowset{{"0", "2"}});
    scratch_database other("nocopy");
    auto fresh = other.connect();
    sl::prepare_redshift_session(*fresh);
    check_rows(*fresh, "SELECT pg_last_copy_id(), pg_last_copy_count()", rowset{{"-1", "0"}});
}
