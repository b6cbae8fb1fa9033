// Redshift idioms translated for PostgreSQL (sql::to_postgres) and run on PostgreSQL 15 with the example values of
// the Redshift page each case cites (https://docs.aws.amazon.com/redshift/latest/dg/<page>.html), checking the
// documented results. Functions that call the starshift_redshift schema are unit-tested as rendered calls
// (tests/unit/test_sql_translate.cpp); everything translated into plain PostgreSQL runs here.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "etl_test_util.hpp"
#include "pg_fixture.hpp"
#include "starshift/parse/parser.hpp"
#include "starshift/sql/render.hpp"
#include "starshift/sql/translate.hpp"

namespace {

namespace sp = starshift::parse;
namespace sql = starshift::sql;
using starshift::testing::scratch_database;
using etl_test::rows;
using etl_test::rowset;

// The script's CREATE TABLEs (run on PostgreSQL) and the translated query's rows.
struct translated_db {
    scratch_database db;
    std::unique_ptr<pqxx::connection> conn;
    std::vector<sp::parsed_statement> tables;

    explicit translated_db(const std::string& name, const std::string& ddl = {}) : db(name), conn(db.connect()) {
        tables = sp::parse_script(ddl);
        pqxx::work tx(*conn);
        for (const auto& s : tables)
            if (const auto* t = s.as_table())
                for (const auto& stmt : sql::create_table(*t, sql::dialect::postgres)) tx.exec0(stmt);
        tx.commit();
    }
    std::string translate(const std::string& redshift) const {
        const sql::table_finder finder = [&](std::string_view n) { return sp::find_table(tables, n); };
        return sql::render(sql::to_postgres(sp::parse_query(redshift), finder), sql::dialect::postgres);
    }
    rowset run(const std::string& redshift) {
        const std::string pg = translate(redshift);
        CAPTURE(pg);
        return rows(*conn, pg.substr(0, pg.size() - 1));
    }
    void exec(const std::string& redshift) {
        pqxx::work tx(*conn);
        tx.exec0(translate(redshift));
        tx.commit();
    }
};

}  // namespace

TEST_CASE("query translation: DATE_PART with unquoted parts gives the documented values") {
    translated_db d("qt_datepart");
    // r_DATE_PART_function
    CHECK(d.run("SELECT DATE_PART(minute, timestamp '20230104 04:05:06.789')") == rowset{{"5"}});
    CHECK(d.run("SELECT DATE_PART(week, timestamp '20220502 04:05:06.789')") == rowset{{"18"}});
    CHECK(d.run("SELECT DATE_PART(day, timestamp '20220502 04:05:06.789')") == rowset{{"2"}});
    CHECK(d.run("SELECT DATE_PART(dayofweek, timestamp '20220502 04:05:06.789')") == rowset{{"1"}});
    CHECK(d.run("SELECT DATE_PART(century, timestamp '20220502 04:05:06.789')") == rowset{{"21"}});
    CHECK(d.run("SELECT DATE_PART(millennium, timestamp '20220502 04:05:06.789')") == rowset{{"3"}});
    // abbreviations (r_Dateparts_for_datetime_functions)
    CHECK(d.run("SELECT DATEPART(h, timestamp '20230104 04:05:06.789'), DATE_PART('mins', "
                "timestamp '20230104 04:05:06.789')") == rowset{{"4", "5"}});
}

TEST_CASE("query translation: EXTRACT gives the documented integers") {
    translated_db d("qt_extract", "create table seconds(micro timestamp);");
    // r_EXTRACT_function
    CHECK(d.run("select extract(minute from timestamp '2009-09-09 12:08:43')") == rowset{{"8"}});
    CHECK(d.run("select extract(ms from timestamp '2009-09-09 12:08:43.101')") == rowset{{"101"}});
    CHECK(d.run("select extract(ms from time '18:25:33.123456')") == rowset{{"123"}});
    // r_Dateparts_for_datetime_functions: EXTRACT drops lower parts, DATE_PART keeps the fraction of seconds;
    // CENTURY runs from ###1 to ###0
    d.exec("insert into seconds values('2009-09-21 11:10:03.189717')");
    CHECK(d.run("select extract(sec from micro) from seconds") == rowset{{"3"}});
    CHECK(d.run("select date_part(sec, micro) from seconds") == rowset{{"3.189717"}});
    CHECK(d.run("select extract (century from timestamp '2000-12-16 12:21:13')") == rowset{{"20"}});
    CHECK(d.run("select extract (century from timestamp '2001-12-16 12:21:13')") == rowset{{"21"}});
    // weekday and dayofweek are dow: 2022-05-02 was a Monday
    CHECK(d.run("select extract(weekday from timestamp '2022-05-02'), extract(dayofweek from "
                "timestamp '2022-05-02'), extract(dw from timestamp '2022-05-08')") == rowset{{"1", "1", "0"}});
    // an INTEGER: hour / 2 divides as integers on Redshift
    CHECK(d.run("select extract(hour from timestamp '2009-09-09 13:00:00') / 2") == rowset{{"6"}});
}

TEST_CASE("query translation: NVL NVL2 and DECODE") {
    translated_db d("qt_nvl", "create table datetable (caldate date);"
                              "create table users (firstname varchar(20), email varchar(40), phone char(14));");
    d.exec("insert into datetable values ('2008-06-01'), ('2008-06-02'), (null)");
    // r_DECODE_expression: "replaces it with June 1st, 2008 … all other caldate values with NULL"
    CHECK(d.run("select decode(caldate, '2008-06-01', 'June 1st, 2008') from datetable order by caldate") ==
          rowset{{"June 1st, 2008"}, {"NULL"}, {"NULL"}});
    // r_DECODE_expression usage notes: a NULL expression matches a NULL search
    CHECK(d.run("select decode(caldate, null, 'none', 'some') from datetable order by caldate") ==
          rowset{{"some"}, {"some"}, {"none"}});
    // r_NVL2: nvl2(email, email, phone) AS contact_info
    d.exec("insert into users values ('Aphrodite', null, '(355) 452-0048'), ('Bob', 'b@x.org', '(1) 1')");
    CHECK(d.run("select firstname, nvl2(email, email, phone) AS contact_info from users order by firstname") ==
          rowset{{"Aphrodite", "(355) 452-0048"}, {"Bob", "b@x.org"}});
    // r_NVL_function: the first non-null expression
    CHECK(d.run("select nvl(email, phone, 'none') from users order by firstname") ==
          rowset{{"(355) 452-0048"}, {"b@x.org"}});
}

TEST_CASE("query translation: LISTAGG ignores NULLs and empty strings and orders within the group") {
    translated_db d("qt_listagg", "create table sales (sellerid varchar(10), dateid int);");
    d.exec("insert into sales values ('380', 3), ('', 4), (null, 5), ('1178', 1), ('380', 2)");
    // r_LISTAGG: "NULL values and empty strings are ignored"; WITHIN GROUP orders the values
    CHECK(d.run("select listagg(sellerid, ', ') within group (order by dateid) from sales") ==
          rowset{{"1178, 380, 380"}});
    CHECK(d.run("select listagg(distinct sellerid, ', ') within group (order by sellerid) from sales") ==
          rowset{{"1178, 380"}});
}

TEST_CASE("query translation: TOP SYSDATE and APPROXIMATE COUNT") {
    translated_db d("qt_top", "create table sales (pricepaid decimal(8,2));");
    d.exec("insert into sales values (1), (2), (2), (3)");
    // r_SELECT_list: TOP n returns n rows
    CHECK(d.run("select top 2 pricepaid from sales order by pricepaid desc") == rowset{{"3.00"}, {"2.00"}});
    // r_COUNT: APPROXIMATE COUNT(DISTINCT …) estimates the exact count
    CHECK(d.run("select approximate count(distinct pricepaid) from sales") == rowset{{"3"}});
    // r_SYSDATE: a TIMESTAMP of the current transaction's start
    CHECK(d.run("select sysdate = localtimestamp, trunc(2.5)") == rowset{{"t", "2"}});
}

TEST_CASE("query translation: lateral column aliases and derived tables without an alias") {
    translated_db d("qt_lateral", "create table raw_data (clicks decimal(10,2), impressions decimal(10,2));"
                                  "create table other (probability int, clicks decimal(10,2), "
                                  "impressions decimal(10,2));");
    d.exec("insert into raw_data values (50, 100)");
    d.exec("insert into other values (7, 50, 100)");
    // r_SELECT_list: clicks / impressions as probability, round(100 * probability, 1) as percentage
    CHECK(d.run("select clicks / impressions as probability, round(100 * probability, 1) as percentage "
                "from raw_data") == rowset{{"0.50000000000000000000", "50.0"}});
    // "the column in the FROM clause takes priority"
    CHECK(d.run("select clicks / impressions as probability, round(100 * probability, 1) as percentage "
                "from other") == rowset{{"0.50000000000000000000", "700.0"}});
    CHECK(d.run("select clicks * 2 as twice from raw_data where twice > 99") == rowset{{"100.00"}});
    CHECK(d.run("select count(*) from (select clicks from raw_data union all select clicks from other)") ==
          rowset{{"2"}});
}

TEST_CASE("query translation: implicit conversions between VARCHAR and numbers") {
    translated_db d("qt_convert", "create table staging (userid varchar(10), amount varchar(10));"
                                  "create table users (user_id integer, price decimal(8,2));");
    d.exec("insert into staging values ('42', '3.50'), ('7', '1')");
    // c_Supported_data_types: assignments convert a string to the column's type
    d.exec("insert into users (user_id, price) select userid, amount from staging");
    CHECK(d.run("select user_id, price from users order by user_id") == rowset{{"7", "1.00"}, {"42", "3.50"}});
    // comparing a string with an INTEGER compares strings ('42' = '42'); with a DECIMAL converts the string
    CHECK(d.run("select s.userid from staging s join users u on s.userid = u.user_id order by 1") ==
          rowset{{"42"}, {"7"}});
    CHECK(d.run("select s.userid from staging s join users u on s.amount = u.price order by 1") ==
          rowset{{"42"}, {"7"}});
    CHECK(d.run("select userid from staging where userid = 42") == rowset{{"42"}});
    // UPDATE … FROM with the same assignment rule
    d.exec("update users set user_id = s.userid from staging s where users.price = s.amount and s.userid = '7'");
    CHECK(d.run("select count(*) from users where user_id = 7") == rowset{{"1"}});
}

TEST_CASE("query translation: NATURAL joins and parenthesized joins") {
    // r_FROM_clause30: "if the CATEGORY and EVENT tables both have columns named CATID, a natural join of those
    // tables is a join over their CATID columns"; with no such pair, "the query defaults to a cross-join"
    translated_db d("qt_natural", "create table category (catid smallint, catgroup varchar(10), catname varchar(10));"
                                  "create table event (eventid integer, catid smallint, eventname varchar(200));"
                                  "create table venue (venueid smallint, venuename varchar(100));");
    d.exec("insert into category values (7, 'Shows', 'Plays'), (8, 'Shows', 'Opera'), (9, 'Concerts', 'Pop')");
    d.exec("insert into event values (1, 7, 'Hamlet'), (2, 8, 'Carmen'), (3, 7, 'Macbeth'), (4, 6, 'Cats')");
    d.exec("insert into venue values (1, 'Hall'), (2, 'Arena')");
    CHECK(d.run("select catid, catname, eventname from category natural join event order by eventid") ==
          rowset{{"7", "Plays", "Hamlet"}, {"8", "Opera", "Carmen"}, {"7", "Plays", "Macbeth"}});
    // an outer NATURAL join keeps the unmatched rows, and one CATID column
    CHECK(d.run("select catid, catname, eventname from category natural full join event order by catid, eventid") ==
          rowset{{"6", "NULL", "Cats"}, {"7", "Plays", "Hamlet"}, {"7", "Plays", "Macbeth"}, {"8", "Opera", "Carmen"},
                 {"9", "Pop", "NULL"}});
    CHECK(d.run("select count(*) from category natural join venue") == rowset{{"6"}});
    // a parenthesized join is a table_reference of the next join
    CHECK(d.run("select eventname, venuename from (category natural join event) join venue on venueid = eventid "
                "order by eventid") == rowset{{"Hamlet", "Hall"}, {"Carmen", "Arena"}});
}

TEST_CASE("query translation: MERGE updates matching rows and inserts the others") {
    // r_MERGE: the example's tables, rows and result
    translated_db d("qt_merge", "CREATE TABLE target (id INT, name CHAR(10));"
                                "CREATE TABLE source (id INT, name CHAR(10));");
    d.exec("INSERT INTO target VALUES (101, 'Bob'), (102, 'John'), (103, 'Susan')");
    d.exec("INSERT INTO source VALUES (102, 'Tony'), (103, 'Alice'), (104, 'Bill')");
    d.exec("MERGE INTO target USING source ON target.id = source.id "
           "WHEN MATCHED THEN UPDATE SET id = source.id, name = source.name "
           "WHEN NOT MATCHED THEN INSERT VALUES (source.id, source.name)");
    CHECK(d.run("SELECT id, TRIM(name) FROM target ORDER BY id") ==
          rowset{{"101", "Bob"}, {"102", "Tony"}, {"103", "Alice"}, {"104", "Bill"}});
    // the second MERGE of the page deletes the matched rows and inserts the new one
    d.exec("INSERT INTO source VALUES (105, 'David')");
    d.exec("MERGE INTO target USING source ON target.id = source.id WHEN MATCHED THEN DELETE "
           "WHEN NOT MATCHED THEN INSERT VALUES (source.id, source.name)");
    CHECK(d.run("SELECT id, TRIM(name) FROM target ORDER BY id") == rowset{{"101", "Bob"}, {"105", "David"}});
}

TEST_CASE("query translation: QUALIFY keeps the documented rows") {
    // r_QUALIFY_clause's sample data and examples
    translated_db d("qt_qualify", "create table store_sales (ss_sold_date date, ss_sold_time time, ss_item text, "
                                  "ss_sales_price float);");
    d.exec("insert into store_sales values ('2022-01-01', '09:00:00', 'Product 1', 100.0), ('2022-01-01', "
           "'11:00:00', 'Product 2', 500.0), ('2022-01-01', '15:00:00', 'Product 3', 20.0), ('2022-01-01', "
           "'17:00:00', 'Product 4', 1000.0), ('2022-01-01', '18:00:00', 'Product 5', 30.0), ('2022-01-02', "
           "'10:00:00', 'Product 6', 5000.0), ('2022-01-02', '16:00:00', 'Product 7', 5.0)");
    // "the two most expensive items sold after 12:00 each day"
    CHECK(d.run("SELECT * FROM store_sales ss WHERE ss_sold_time > time '12:00:00' QUALIFY row_number() OVER "
                "(PARTITION BY ss_sold_date ORDER BY ss_sales_price DESC) <= 2 ORDER BY 1, 2") ==
          rowset{{"2022-01-01", "17:00:00", "Product 4", "1000"},
                 {"2022-01-01", "18:00:00", "Product 5", "30"},
                 {"2022-01-02", "16:00:00", "Product 7", "5"}});
    // the last item sold each day
    CHECK(d.run("SELECT * FROM store_sales ss QUALIFY last_value(ss_item) OVER (PARTITION BY ss_sold_date ORDER BY "
                "ss_sold_time ASC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) = ss_item ORDER BY 1") ==
          rowset{{"2022-01-01", "18:00:00", "Product 5", "30"}, {"2022-01-02", "16:00:00", "Product 7", "5"}});
    // names, an alias used in QUALIFY, DISTINCT and ORDER BY after the filter, a hidden ORDER BY column
    CHECK(d.run("SELECT ss_item AS item, row_number() OVER (PARTITION BY ss_sold_date ORDER BY ss_sales_price DESC) "
                "AS rn FROM store_sales ss QUALIFY rn = 1 ORDER BY ss.ss_sales_price") ==
          rowset{{"Product 4", "1"}, {"Product 6", "1"}});
    CHECK(d.run("SELECT DISTINCT ss_sold_date FROM store_sales ss QUALIFY count(*) OVER (PARTITION BY ss_sold_date) > "
                "2 ORDER BY 1") == rowset{{"2022-01-01"}});
    CHECK(d.run("SELECT COUNT(*) FROM (SELECT ss_item FROM store_sales ss GROUP BY ss_item HAVING SUM(ss_sales_price) "
                "> 25 QUALIFY rank() OVER (ORDER BY SUM(ss_sales_price) DESC) <= 3)") == rowset{{"3"}});
}

TEST_CASE("query translation: a late-binding view is created bound on PostgreSQL and queried") {
    // r_CREATE_VIEW: "create view myevent as select eventname from public.event with no schema binding;"
    translated_db d("qt_view", "create table public.event (eventid int, eventname varchar(200));");
    d.exec("insert into public.event values (1, 'Hamlet'), (2, 'Macbeth')");
    d.exec("create view myevent as select eventname from public.event with no schema binding");
    CHECK(d.run("select * from myevent order by 1") == rowset{{"Hamlet"}, {"Macbeth"}});
    d.exec("create or replace view myevent (eventname) as select eventname from public.event where eventid > 1 "
           "qualify row_number() over (order by eventid) = 1 with no schema binding");
    CHECK(d.run("select eventname from myevent") == rowset{{"Macbeth"}});
}

TEST_CASE("query translation: the keyword forms of POSITION SUBSTRING and TRIM give the documented values") {
    translated_db d("qt_keyword_functions");
    // r_POSITION: select position('fish' in 'dogfish'); → 4
    CHECK(d.run("select position('fish' in 'dogfish')") == rowset{{"4"}});
    // r_TRIM: select trim('"' FROM '"dog"'); → dog (the column printed as btrim)
    CHECK(d.run("select trim('\"' FROM '\"dog\"')") == rowset{{"dog"}});
    // r_SUBSTRING: substring('caterpillar',6,4) → pill, substring('caterpillar',6,8) → pillar; the FROM…FOR option
    // is "the same"
    CHECK(d.run("select substring('caterpillar' from 6 for 4), substring('caterpillar' from 6 for 8)") ==
          rowset{{"pill", "pillar"}});
    // pattern-matching-conditions-posix: ~ matches any substring, !~ negates
    CHECK(d.run("select 'Ring of Fire' ~ '.*(Ring|Die).*', 'Hamlet' !~ '.*(Ring|Die).*'") == rowset{{"t", "t"}});
}
