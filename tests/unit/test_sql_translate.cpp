// Redshift idioms translated for PostgreSQL (sql::to_postgres), one test per idiom, each citing the Redshift page
// (https://docs.aws.amazon.com/redshift/latest/dg/<page>.html) whose example it uses. The same statements run on
// PostgreSQL with the documented results in tests/integration/test_query_translation.cpp.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sql_test_util.hpp"
#include "starshift/model/statement.hpp"
#include "starshift/parse/parser.hpp"
#include "starshift/sql/quote.hpp"
#include "starshift/sql/render.hpp"
#include "starshift/sql/translate.hpp"

using namespace starshift;
namespace sp = starshift::parse;
using sql::dialect;

namespace {

// The script's CREATE TABLEs, then the PostgreSQL form of `query`.
std::string pg(const std::string& query, const std::string& ddl = {}) {
    const auto tables = sp::parse_script(ddl);
    const sql::table_finder finder = [&](std::string_view name) { return sp::find_table(tables, name); };
    return sql::render(sql::to_postgres(sp::parse_query(query), finder), dialect::postgres);
}

std::string pg_item(const std::string& query, const std::string& ddl = {}) {
    const std::string out = pg(query, ddl);
    const std::size_t from = out.find("\n    ");
    const std::size_t to = out.find('\n', from + 5);
    return out.substr(from + 5, (to == std::string::npos ? out.size() - 1 : to) - from - 5);
}

const char* const events_ddl =
    "CREATE TABLE staging_events (userid VARCHAR(50), page VARCHAR(50), ts BIGINT, song VARCHAR(256), "
    "length DECIMAL(10,5), level VARCHAR(10));"
    "CREATE TABLE users (user_id INTEGER, level VARCHAR(10));";

}  // namespace

TEST_CASE("translate: date part spellings normalize to one canonical name") {
    // r_Dateparts_for_datetime_functions: every name and abbreviation of a part
    for (const char* s : {"h", "hr", "hrs", "hour", "hours", "HOUR"}) CHECK(*sql::canonical_datepart(s) == "hour");
    for (const char* s : {"dayofweek", "dow", "dw", "weekday"}) CHECK(*sql::canonical_datepart(s) == "dow");
    for (const char* s : {"dayofyear", "doy", "dy", "yearday"}) CHECK(*sql::canonical_datepart(s) == "doy");
    for (const char* s : {"y", "yr", "yrs", "years"}) CHECK(*sql::canonical_datepart(s) == "year");
    for (const char* s : {"qtr", "qtrs", "quarters"}) CHECK(*sql::canonical_datepart(s) == "quarter");
    for (const char* s : {"mon", "mons", "months"}) CHECK(*sql::canonical_datepart(s) == "month");
    for (const char* s : {"w", "weeks"}) CHECK(*sql::canonical_datepart(s) == "week");
    for (const char* s : {"d", "days"}) CHECK(*sql::canonical_datepart(s) == "day");
    for (const char* s : {"m", "min", "mins", "minutes"}) CHECK(*sql::canonical_datepart(s) == "minute");
    for (const char* s : {"s", "sec", "secs", "seconds"}) CHECK(*sql::canonical_datepart(s) == "second");
    for (const char* s : {"ms", "msec", "msecs", "msecond", "mseconds", "millisec", "millisecs", "millisecon"})
        CHECK(*sql::canonical_datepart(s) == "millisecond");
    for (const char* s : {"microsec", "microsecs", "usecond", "useconds", "us", "usec", "usecs"})
        CHECK(*sql::canonical_datepart(s) == "microsecond");
    for (const char* s : {"c", "cent", "cents", "centuries"}) CHECK(*sql::canonical_datepart(s) == "century");
    for (const char* s : {"dec", "decs", "decades"}) CHECK(*sql::canonical_datepart(s) == "decade");
    for (const char* s : {"mil", "mils", "millennia"}) CHECK(*sql::canonical_datepart(s) == "millennium");
    CHECK(*sql::canonical_datepart("epoch") == "epoch");
    CHECK_FALSE(sql::canonical_datepart("fortnight"));
}

TEST_CASE("translate: DATE_PART with an unquoted or abbreviated part") {
    // r_DATE_PART_function: SELECT DATE_PART(minute, timestamp '20230104 04:05:06.789') is 5
    SQL_CHECK_EQ(pg_item("SELECT DATE_PART(minute, timestamp '20230104 04:05:06.789')"),
                 "DATE_PART('minute', TIMESTAMP '20230104 04:05:06.789')");
    SQL_CHECK_EQ(pg_item("SELECT DATEPART(hrs, ts)"), "DATE_PART('hour', ts)");
    SQL_CHECK_EQ(pg_item("SELECT DATE_PART('dayofweek', ts)"), "DATE_PART('dow', ts)");
    SQL_CHECK_THROWS_ID(pg("SELECT DATE_PART(fortnight, ts)"), "starshift.sql.untranslatable");
}

TEST_CASE("translate: EXTRACT gives Redshift's integer of the part only") {
    // r_EXTRACT_function: extract(minute from timestamp '2009-09-09 12:08:43') is 8 (INTEGER);
    // extract(ms from timestamp '2009-09-09 12:08:43.101') is 101; weekday and dayofweek are dow
    SQL_CHECK_EQ(pg_item("select extract(minute from timestamp '2009-09-09 12:08:43')"),
                 "CAST(DATE_PART('minute', TIMESTAMP '2009-09-09 12:08:43') AS INTEGER)");
    SQL_CHECK_EQ(pg_item("select extract(ms from timestamp '2009-09-09 12:08:43.101')"),
                 "CAST(FLOOR(EXTRACT(MILLISECONDS FROM TIMESTAMP '2009-09-09 12:08:43.101')) AS INTEGER) % 1000");
    SQL_CHECK_EQ(pg_item("select extract(weekday from ts)"), "CAST(DATE_PART('dow', ts) AS INTEGER)");
    SQL_CHECK_EQ(pg_item("select extract(dayofweek from ts)"), "CAST(DATE_PART('dow', ts) AS INTEGER)");
    // r_Dateparts_for_datetime_functions: extract(sec from micro) is 3 for 11:10:03.189717
    SQL_CHECK_EQ(pg_item("select extract(sec from micro)"), "CAST(FLOOR(EXTRACT(SECOND FROM micro)) AS INTEGER)");
}

TEST_CASE("translate: DATEADD and DATEDIFF call the starshift_redshift functions") {
    // r_DATEADD_function: select dateadd(month,18,'2008-02-28') is 2009-08-28 00:00:00
    SQL_CHECK_EQ(pg_item("select dateadd(month,18,'2008-02-28')"),
                 "starshift_redshift.dateadd('month', 18, '2008-02-28')");
    SQL_CHECK_EQ(pg_item("select datediff(w, a, b)"), "starshift_redshift.datediff('week', a, b)");
    SQL_CHECK_EQ(pg_item("select months_between('1969-01-18', '1969-03-18')"),
                 "starshift_redshift.months_between('1969-01-18', '1969-03-18')");
    SQL_CHECK_EQ(pg_item("select add_months('2008-03-31', 1)"), "starshift_redshift.add_months('2008-03-31', 1)");
}

TEST_CASE("translate: the provided functions keep their arguments") {
    SQL_CHECK_EQ(pg_item("select len('français')"), "starshift_redshift.len('français')");
    SQL_CHECK_EQ(pg_item("select charindex('dog', 'fish')"), "starshift_redshift.charindex('dog', 'fish')");
    SQL_CHECK_EQ(pg_item("select strtol('0xf',16)"), "starshift_redshift.strtol('0xf', 16)");
    SQL_CHECK_EQ(pg_item("select convert_timezone('PST', ts)"), "starshift_redshift.convert_timezone('PST', ts)");
    SQL_CHECK_EQ(pg_item("select median(pricepaid)"), "starshift_redshift.median(pricepaid)");
    SQL_CHECK_EQ(pg_item("select getdate()"), "starshift_redshift.getdate()");
}

TEST_CASE("translate: NVL NVL2 and DECODE") {
    // r_NVL_function, r_NVL2 ("nvl2(column1, '2345', 1234)"), r_DECODE_expression (NULL matches NULL)
    SQL_CHECK_EQ(pg_item("select nvl(a, b, 0)"), "COALESCE(a, b, 0)");
    SQL_CHECK_EQ(pg_item("select nvl2(column1, '2345', 1234)"),
                 "CASE WHEN column1 IS NOT NULL THEN '2345' ELSE 1234 END");
    SQL_CHECK_EQ(pg_item("select decode(caldate, '2008-06-01', 'June 1st, 2008')"),
                 "CASE WHEN caldate = '2008-06-01' OR caldate IS NULL AND '2008-06-01' IS NULL THEN "
                 "'June 1st, 2008' END");
    SQL_CHECK_THROWS_ID(pg("select nvl2(a, b)"), "starshift.sql.untranslatable");
}

TEST_CASE("translate: SYSDATE TRUNC TOP and APPROXIMATE COUNT") {
    // r_SYSDATE (a TIMESTAMP, the transaction's start), r_TRUNC_date (trunc(sysdate) is a date)
    SQL_CHECK_EQ(pg_item("select sysdate"), "LOCALTIMESTAMP");
    SQL_CHECK_EQ(pg_item("select trunc(sysdate)"), "starshift_redshift.trunc(LOCALTIMESTAMP)");
    SQL_CHECK_EQ(pg_item("select trunc(123.45)"), "TRUNC(123.45)");  // r_TRUNC: the numeric function stays
    // r_SELECT_list: select top 10 * from sales
    SQL_CHECK_EQ(pg("select top 10 * from sales"), "SELECT\n    *\nFROM sales\nLIMIT 10;");
    // r_COUNT: approximate count(distinct pricepaid)
    SQL_CHECK_EQ(pg_item("select approximate count(distinct pricepaid) from sales"), "COUNT(DISTINCT pricepaid)");
}

TEST_CASE("translate: LISTAGG becomes string_agg without NULLs and empty strings") {
    // r_LISTAGG: select listagg(sellerid, ', ') within group (order by sellerid) from sales …
    SQL_CHECK_EQ(pg_item("select listagg(sellerid, ', ') within group (order by dateid) from sales"),
                 "STRING_AGG(NULLIF(sellerid, ''), ', ' ORDER BY dateid)");
    SQL_CHECK_EQ(pg_item("select listagg(distinct sellerid, ', ') within group (order by sellerid) from sales"),
                 "STRING_AGG(DISTINCT NULLIF(sellerid, ''), ', ' ORDER BY NULLIF(sellerid, ''))");
    SQL_CHECK_EQ(pg_item("select listagg(x) from t"), "STRING_AGG(NULLIF(x, ''), '')");
}

TEST_CASE("translate: lateral column aliases expand unless a FROM column has the name") {
    // r_SELECT_list: select clicks / impressions as probability, round(100 * probability, 1) as percentage
    const std::string ddl = "CREATE TABLE raw_data (clicks INT, impressions INT);";
    SQL_CHECK_EQ(pg("select clicks / impressions as probability, round(100 * probability, 1) as percentage "
                    "from raw_data",
                    ddl),
                 "SELECT\n    clicks / impressions AS probability,\n    ROUND(100 * (clicks / impressions), 1) AS "
                 "percentage\nFROM raw_data;");
    // "if there is a column named 'probability' in table raw_data, the 'probability' … refers to that column"
    const std::string with_column = "CREATE TABLE raw_data (clicks INT, impressions INT, probability INT);";
    SQL_CHECK_EQ(pg("select clicks / impressions as probability, round(100 * probability, 1) as percentage "
                    "from raw_data",
                    with_column),
                 "SELECT\n    clicks / impressions AS probability,\n    ROUND(100 * probability, 1) AS "
                 "percentage\nFROM raw_data;");
    // in WHERE too
    SQL_CHECK_EQ(pg("select ts / 1000 as secs from staging_events where secs > 5", events_ddl),
                 "SELECT\n    ts / 1000 AS secs\nFROM staging_events\nWHERE ts / 1000 > 5;");
    // a table no script declares: the name could be either, so the statement is refused with the reason
    SQL_CHECK_THROWS_ID(pg("select a + 1 as b, b * 2 from unknown_table"), "starshift.sql.untranslatable");
    // no lateral reference: unknown tables are fine
    SQL_CHECK_EQ(pg("select a + 1 as b from unknown_table"), "SELECT\n    a + 1 AS b\nFROM unknown_table;");
}

TEST_CASE("translate: implicit conversions between VARCHAR and numbers where the types are known") {
    // c_Supported_data_types: comparing a character string with a non-DECIMAL number compares as strings;
    // with a DECIMAL, the string is converted to DECIMAL; assignments convert to the column's type
    SQL_CHECK_EQ(pg("select 1 from staging_events e join users u on e.userid = u.user_id", events_ddl),
                 "SELECT\n    1\nFROM staging_events AS e\nJOIN users AS u ON e.userid = CAST(u.user_id AS "
                 "VARCHAR(256));");
    SQL_CHECK_EQ(pg("select 1 from staging_events where userid > 5", events_ddl),
                 "SELECT\n    1\nFROM staging_events\nWHERE userid > CAST(5 AS VARCHAR(256));");
    SQL_CHECK_EQ(pg("select 1 from staging_events where userid = length", events_ddl),
                 "SELECT\n    1\nFROM staging_events\nWHERE CAST(userid AS DECIMAL(10,5)) = length;");
    SQL_CHECK_EQ(pg("insert into users (user_id, level) select userid, level from staging_events", events_ddl),
                 "INSERT INTO users (user_id, level)\nSELECT\n    CAST(userid AS INTEGER) AS userid,\n    level\n"
                 "FROM staging_events;");
    SQL_CHECK_EQ(pg("update users set user_id = e.userid from staging_events e where users.level = e.level",
                    events_ddl),
                 "UPDATE users\nSET user_id = CAST(e.userid AS INTEGER)\nFROM staging_events AS e\nWHERE users.level = "
                 "e.level;");
    // r_NVL2: (firstname + ' ' + lastname) concatenates
    SQL_CHECK_EQ(pg_item("select level + ' ' + level from users", events_ddl), "level || ' ' || level");
    // arithmetic: the string takes the number's type (a documented choice)
    SQL_CHECK_EQ(pg_item("select userid + 1 from staging_events", events_ddl), "CAST(userid AS INTEGER) + 1");
}

TEST_CASE("translate: a derived table without an alias gets one and three-part names lose the database") {
    SQL_CHECK_EQ(pg("select count(*) from (select distinct userid from staging_events)", events_ddl),
                 "SELECT\n    COUNT(*)\nFROM (\n    SELECT DISTINCT\n        userid\n    FROM staging_events\n) AS "
                 "starshift_derived_1;");
    SQL_CHECK_EQ(pg("delete from dev.public.users"), "DELETE FROM public.users;");
}

// PostgreSQL has NATURAL joins too: the join stays as written, and the columns of both tables are in scope
// (https://docs.aws.amazon.com/redshift/latest/dg/r_FROM_clause30.html)
TEST_CASE("translate: a NATURAL join stays NATURAL") {
    SQL_CHECK_EQ(pg("select level from staging_events natural left join users where userid = user_id", events_ddl),
                 "SELECT\n    level\nFROM staging_events\nNATURAL LEFT JOIN users\n"
                 "WHERE userid = CAST(user_id AS VARCHAR(256));");
}

// The tables inside a parenthesized join are in scope for its ON and for the rest of the query
TEST_CASE("translate: a parenthesized join keeps its parentheses and its tables' columns") {
    SQL_CHECK_EQ(pg("select u.level from (staging_events e join users u on e.userid = u.user_id) where userid > 5",
                    events_ddl),
                 "SELECT\n    u.level\nFROM (staging_events AS e\nJOIN users AS u ON e.userid = CAST(u.user_id AS "
                 "VARCHAR(256)))\nWHERE userid > CAST(5 AS VARCHAR(256));");
}

TEST_CASE("translate: CTE columns are known to the outer query") {
    SQL_CHECK_EQ(pg("with w as (select userid as u from staging_events) select u as x, x + 0 from w", events_ddl),
                 "WITH w AS (\n    SELECT\n        userid AS u\n    FROM staging_events\n)\nSELECT\n    u AS x,\n"
                 "    CAST(u AS INTEGER) + 0\nFROM w;");
}

// r_QUALIFY_clause: PostgreSQL has no QUALIFY; the SELECT block becomes a derived table computing the condition, the
// outer query keeps the rows where it holds and returns the block's columns under their names.
TEST_CASE("translate: QUALIFY becomes a derived table filtered on the condition") {
    const std::string ddl = "create table store_sales (ss_sold_date date, ss_sold_time time, ss_item text, "
                            "ss_sales_price float);";
    // the page's first example: a star returns each FROM item's whole row, expanded, so no column is needed
    SQL_CHECK_EQ(pg("SELECT * FROM store_sales ss WHERE ss_sold_time > time '12:00:00' QUALIFY row_number() OVER "
                    "(PARTITION BY ss_sold_date ORDER BY ss_sales_price DESC) <= 2",
                    ddl),
                 "SELECT\n    (starshift_qualified_1.starshift_r1).*\nFROM (\n    SELECT\n        ss AS starshift_r1,\n"
                 "        ROW_NUMBER() OVER (PARTITION BY ss_sold_date ORDER BY ss_sales_price DESC) <= 2 AS "
                 "starshift_qualify\n    FROM store_sales AS ss\n    WHERE ss_sold_time > TIME '12:00:00'\n) AS "
                 "starshift_qualified_1\nWHERE starshift_qualified_1.starshift_qualify;");
    // items keep their output names (alias, column, function, "?column?"); a select alias used in QUALIFY is
    // inlined as in WHERE; DISTINCT, ORDER BY and LIMIT apply after the filter; an ORDER BY expression that is not an
    // output column is computed inside
    SQL_CHECK_EQ(pg("SELECT DISTINCT ss_item, upper(ss_item), row_number() OVER (PARTITION BY ss_sold_date ORDER BY "
                    "ss_sales_price) AS rn, 2 FROM store_sales s QUALIFY rn = 1 ORDER BY rn, 2 DESC LIMIT 3",
                    ddl),
                 "SELECT DISTINCT\n    starshift_qualified_1.starshift_c1 AS ss_item,\n"
                 "    starshift_qualified_1.starshift_c2 AS upper,\n    starshift_qualified_1.starshift_c3 AS rn,\n"
                 "    starshift_qualified_1.starshift_c4 AS \"?column?\"\nFROM (\n    SELECT\n"
                 "        ss_item AS starshift_c1,\n        UPPER(ss_item) AS starshift_c2,\n"
                 "        ROW_NUMBER() OVER (PARTITION BY ss_sold_date ORDER BY ss_sales_price) AS starshift_c3,\n"
                 "        2 AS starshift_c4,\n"
                 "        ROW_NUMBER() OVER (PARTITION BY ss_sold_date ORDER BY ss_sales_price) = 1 AS "
                 "starshift_qualify\n    FROM store_sales AS s\n) AS starshift_qualified_1\n"
                 "WHERE starshift_qualified_1.starshift_qualify\nORDER BY rn, 2 DESC\nLIMIT 3;");
    SQL_CHECK_EQ(pg("SELECT ss_item FROM store_sales s QUALIFY rank() OVER (ORDER BY ss_sales_price) < 3 "
                    "ORDER BY s.ss_sold_time DESC",
                    ddl),
                 "SELECT\n    starshift_qualified_1.starshift_c1 AS ss_item\nFROM (\n    SELECT\n"
                 "        ss_item AS starshift_c1,\n        RANK() OVER (ORDER BY ss_sales_price) < 3 AS "
                 "starshift_qualify,\n        s.ss_sold_time AS starshift_o1\n    FROM store_sales AS s\n) AS "
                 "starshift_qualified_1\nWHERE starshift_qualified_1.starshift_qualify\nORDER BY "
                 "starshift_qualified_1.starshift_o1 DESC;");
    // a star over two FROM items: both whole rows, in order; t.*: that item's
    const std::string two = pg("SELECT * FROM store_sales a JOIN store_sales b ON a.ss_item = b.ss_item "
                               "QUALIFY count(*) OVER () > 1", ddl);
    CHECK(two.find("(starshift_qualified_1.starshift_r1).*,\n    (starshift_qualified_1.starshift_r2).*") !=
          std::string::npos);
    CHECK(two.find("a AS starshift_r1,\n        b AS starshift_r2") != std::string::npos);
    const std::string one = pg("SELECT b.*, a.ss_item FROM store_sales a, store_sales b QUALIFY count(*) OVER () > 1",
                               ddl);
    CHECK(one.find("b AS starshift_r1,\n        a.ss_item AS starshift_c2") != std::string::npos);
    // what has no faithful rewrite is refused with the reason
    SQL_CHECK_THROWS_ID(pg("SELECT * FROM store_sales a JOIN store_sales b USING (ss_item) QUALIFY count(*) OVER () "
                           "> 1", ddl),
                        "starshift.sql.untranslatable");
    SQL_CHECK_THROWS_ID(pg("SELECT DISTINCT ss_item FROM store_sales s QUALIFY count(*) OVER () > 1 ORDER BY "
                           "ss_sold_time", ddl),
                        "starshift.sql.untranslatable");
    SQL_CHECK_THROWS_ID(pg("SELECT * FROM t ss QUALIFY count(*) OVER () > 1", "create table t (ss int, x int);"),
                        "starshift.sql.untranslatable");
    SQL_CHECK_THROWS_ID(pg("SELECT a.* FROM t a, u b QUALIFY count(*) OVER () > 1",
                           "create table t (x int); create table u (a int);"),
                        "starshift.sql.untranslatable");
}

// Each use of a lateral alias copies its expression: a chain that uses the previous alias twice doubles at each step
// (found by fuzz_parse_query: 200 MB of SQL from 6 kB). What inlining adds to a statement is bounded.
TEST_CASE("translate: lateral aliases that would copy an exponential amount of SQL are refused") {
    std::string chain = "select 1 as a0";
    for (int i = 1; i <= 24; ++i)
        chain += ", a" + std::to_string(i - 1) + " + a" + std::to_string(i - 1) + " as a" + std::to_string(i);
    CHECK_THROWS_WITH_AS(pg(chain), doctest::Contains("lateral column aliases copy more than"), sql::sql_error);
    // through subqueries too: each copy of the subquery inlines its own aliases again
    std::string nested = "select 1 as b";
    for (int i = 0; i < 12; ++i) nested = "select 1 as a, a + a + (" + nested + ") as a, a + a as a";
    CHECK_THROWS_WITH_AS(pg(nested), doctest::Contains("lateral column aliases copy more than"), sql::sql_error);
    // a short chain is inlined as before
    CHECK(pg_item("select 1 as a0, a0 + a0 as a1, a1 + a1 as a2") == "1 AS a0,");
    CHECK(pg("select 1 as a0, a0 + a0 as a1, a1 + a1 as a2").find("1 + 1 + (1 + 1) AS a2") != std::string::npos);
}

TEST_CASE("translate: RESPECT NULLS is the default, IGNORE NULLS is refused, APPROXIMATE PERCENTILE_DISC is exact") {
    // r_WF_LAG: RESPECT NULLS is what PostgreSQL does; IGNORE NULLS has no PostgreSQL 15 spelling
    CHECK(pg_item("SELECT LAG(x, 1) RESPECT NULLS OVER (ORDER BY y) FROM t") == "LAG(x, 1) OVER (ORDER BY y)");
    CHECK(pg_item("SELECT LAST_VALUE(x RESPECT NULLS) OVER (ORDER BY y) FROM t") ==
          "LAST_VALUE(x) OVER (ORDER BY y)");
    CHECK_THROWS_WITH_AS(pg("SELECT FIRST_VALUE(x IGNORE NULLS) OVER (ORDER BY y) FROM t"),
                         doctest::Contains("IGNORE NULLS"), sql::sql_error);
    // r_APPROXIMATE_PERCENTILE_DISC: the exact PERCENTILE_DISC is what it approximates
    CHECK(pg_item("SELECT APPROXIMATE PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY x) FROM t") ==
          "PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY x)");
}
