// Redshift's functions installed into starshift_redshift (load/redshift_functions.hpp), each run on PostgreSQL with the
// example values and results of its page in Redshift's Database Developer Guide,
// https://docs.aws.amazon.com/redshift/latest/dg/<page>.html (the page is named before each check).
#include <doctest/doctest.h>

#include <string>

#include <pqxx/pqxx>

#include "etl_test_util.hpp"
#include "pg_fixture.hpp"
#include "starshift/load/redshift_functions.hpp"

namespace {

namespace sl = starshift::load;
using etl_test::check_rows;
using etl_test::rows;
using etl_test::rowset;
using starshift::testing::scratch_database;

// The first cell of `sql` as text ("NULL" for NULL).
std::string one(pqxx::connection& conn, const std::string& sql) {
    const auto r = rows(conn, sql);
    REQUIRE_MESSAGE(r.size() == 1, sql);
    return r.at(0).at(0);
}

// A column of `sql` as text.
std::vector<std::string> column(pqxx::connection& conn, const std::string& sql) {
    std::vector<std::string> out;
    for (const auto& r : rows(conn, sql)) out.push_back(r.at(0));
    return out;
}

// The SQLSTATE `sql` fails with ("" when it succeeds).
std::string sqlstate_of(pqxx::connection& conn, const std::string& sql) {
    try {
        pqxx::nontransaction tx(conn);
        tx.exec(sql);
    } catch (const pqxx::sql_error& e) {
        return e.sqlstate();
    }
    return "";
}

struct session {
    scratch_database db{"rsfun"};
    std::unique_ptr<pqxx::connection> conn = db.connect();
    session() { sl::prepare_redshift_session(*conn); }
};

}  // namespace

TEST_CASE("redshift functions: install is versioned and idempotent") {
    scratch_database db("rsinstall");
    auto conn = db.connect();
    {
        pqxx::work tx(*conn);
        CHECK(sl::install_redshift_functions(tx));
        CHECK_FALSE(sl::install_redshift_functions(tx));  // the same version: nothing to do
        tx.commit();
    }
    const std::string version =
        "SELECT version FROM starshift_redshift.installed WHERE component = "
        "'functions'";
    CHECK(one(*conn, version) == std::to_string(sl::redshift_functions_version));
    // An older version recorded is replaced; a newer one is left alone.
    {
        pqxx::work tx(*conn);
        tx.exec0(
            "UPDATE starshift_redshift.installed SET version = 0 WHERE "
            "component = 'functions'");
        tx.exec0("DROP FUNCTION starshift_redshift.charindex(text, text)");
        CHECK(sl::install_redshift_functions(tx));
        tx.exec0(
            "UPDATE starshift_redshift.installed SET version = 1000 WHERE "
            "component = 'functions'");
        CHECK_FALSE(sl::install_redshift_functions(tx));
        tx.commit();
    }
    CHECK(one(*conn, "SELECT starshift_redshift.charindex('fish', 'dogfish')") == "4");
    // The session: the schema appended to search_path once, however often it is prepared.
    sl::prepare_redshift_session(*conn);
    sl::prepare_redshift_session(*conn);
    const std::string path = one(*conn, "SHOW search_path");
    CHECK(path.find("starshift_redshift") != std::string::npos);
    CHECK(path.find("starshift_redshift") == path.rfind("starshift_redshift"));
    CHECK(one(*conn, "SELECT charindex('fish', 'dogfish')") == "4");
}

TEST_CASE("redshift functions: DATEADD as r_DATEADD_function") {
    session s;
    auto& c = *s.conn;
    // r_DATEADD_function: 30 days after the November dates; 18 months; m is minutes.
    CHECK(one(c, "SELECT dateadd('day', 30, date '2008-11-01')") == "2008-12-01 00:00:00");
    CHECK(one(c, "SELECT dateadd('month', 18, '2008-02-28')") == "2009-08-28 00:00:00");
    CHECK(one(c, "SELECT dateadd('m', 30, '2008-02-28')") == "2008-02-28 00:30:00");
    CHECK(one(c, "SELECT pg_typeof(dateadd('day', 1, date '2008-11-01'))") == "timestamp without time zone");
    // TIME and TIMETZ (UTC).
    CHECK(column(c,
                 "SELECT dateadd('minute', 5, t) FROM (VALUES (time "
                 "'20:00:00', 1), ('00:00:00.5550', 2), "
                 "('00:58:00', 3)) v(t, o) ORDER BY o") ==
          std::vector<std::string>{"20:05:00", "00:05:00.555", "01:03:00"});
    CHECK(one(c, "SELECT dateadd('hour', 8, time '13:24:55')") == "21:24:55");
    CHECK(one(c, "SELECT dateadd('hour', 12, time '13:24:55')") == "01:24:55");
    CHECK(column(c,
                 "SELECT dateadd('minute', 5, t) FROM (VALUES (timetz '04:00:00+00', "
                 "1), "
                 "('00:00:00.5550+00', 2), ('05:58:00+00', 3)) v(t, o) ORDER BY o") ==
          std::vector<std::string>{"04:05:00+00", "00:05:00.555+00", "06:03:00+00"});
    CHECK(one(c, "SELECT dateadd('hour', 2, timetz '13:24:55 PST')") == "23:24:55+00");
    // Usage notes: month ends and 02-29.
    CHECK(one(c, "SELECT dateadd('month', 1, '2008-04-30')") == "2008-05-30 00:00:00");
    CHECK(one(c, "SELECT dateadd('month', 12, '2016-02-29')") == "2017-02-28 00:00:00");
    CHECK(one(c, "SELECT dateadd('year', 1, '2016-02-29')") == "2017-03-01 00:00:00");
    // The canonical parts the translator emits, NULLs, and a part DATEADD does not take.
    CHECK(one(c,
              "SELECT starshift_redshift.dateadd('quarter', 1, timestamp "
              "'2008-01-31 10:00')") == "2008-04-30 10:00:00");
    CHECK(one(c,
              "SELECT starshift_redshift.dateadd('week', -1, timestamp "
              "'2008-01-31')") == "2008-01-24 00:00:00");
    CHECK(one(c,
              "SELECT starshift_redshift.dateadd('decade', 1, timestamp "
              "'2008-01-31')") == "2018-01-31 00:00:00");
    CHECK(one(c,
              "SELECT starshift_redshift.dateadd('millisecond', 1500, "
              "timestamp '2008-01-31')") == "2008-01-31 00:00:01.5");
    CHECK(one(c, "SELECT dateadd('day', 1, timestamptz '2008-01-31 23:00+00')") == "2008-02-01 23:00:00+00");
    CHECK(one(c, "SELECT dateadd('day', NULL, timestamp '2008-01-31')") == "NULL");
    CHECK(sqlstate_of(c, "SELECT dateadd('dow', 1, timestamp '2008-01-31')") == "22023");
    CHECK(sqlstate_of(c, "SELECT dateadd('fortnight', 1, timestamp '2008-01-31')") == "22023");
    CHECK(sqlstate_of(c, "SELECT dateadd('day', 1, time '10:00')") == "22023");
}

TEST_CASE("redshift functions: DATEDIFF as r_DATEDIFF_function") {
    session s;
    auto& c = *s.conn;
    CHECK(one(c, "SELECT datediff('week', '2009-01-01', '2009-12-31')") == "52");
    CHECK(one(c, "SELECT datediff('hour', '2023-01-01', '2023-01-03 05:04:03')") == "53");
    CHECK(column(c,
                 "SELECT datediff('day', s, e) FROM (VALUES (date "
                 "'2009-01-01', date '2009-03-23', 1), "
                 "('2023-01-04', '2024-05-04', 2)) v(s, e, o) ORDER BY o") == std::vector<std::string>{"81", "486"});
    // The page's quarter example assumes today is 2008-06-05 and says 40; counting quarter boundaries as the page
    // defines DATEDIFF gives 39 from 1998-07-01 (Q3) to 2008-06-05 (Q2), and 40 from 2008-07-01 on.
    CHECK(one(c, "SELECT datediff('qtr', '1998-07-01', '2008-07-01')") == "40");
    CHECK(one(c, "SELECT datediff('qtr', '1998-07-01', '2008-06-05')") == "39");
    CHECK(column(c,
                 "SELECT datediff('hour', t, time '15:24:45') FROM (VALUES (time "
                 "'20:00:00', 1), "
                 "('00:00:00.5550', 2), ('00:58:00', 3)) v(t, o) ORDER BY o") ==
          std::vector<std::string>{"-5", "15", "15"});
    CHECK(one(c, "SELECT datediff('minute', time '20:00:00', time '21:00:00')") == "60");
    CHECK(column(c,
                 "SELECT datediff('hours', timetz '20:00:00 PST', t) FROM (VALUES "
                 "(timetz '04:00:00+00', 1), "
                 "('00:00:00.5550+00', 2), ('05:58:00+00', 3)) v(t, o) ORDER BY o") ==
          std::vector<std::string>{"0", "-4", "1"});
    CHECK(one(c,
              "SELECT datediff('hours', timetz '20:00:00 PST', timetz "
              "'00:58:00 EST')") == "1");
    // The argument section: 12-31-2008 to 01-01-2009 is 1 year; 8:30 to 10:00 is 2 hours.
    CHECK(one(c, "SELECT datediff('year', date '2008-12-31', date '2009-01-01')") == "1");
    CHECK(one(c,
              "SELECT datediff('hour', timestamp '2009-01-01 08:30', "
              "timestamp '2009-01-01 10:00')") == "2");
    CHECK(one(c, "SELECT datediff('hour', time '08:30', time '10:00')") == "2");
    CHECK(one(c,
              "SELECT pg_typeof(datediff('day', date '2009-01-01', date "
              "'2009-01-02'))") == "bigint");
    CHECK(one(c, "SELECT datediff('day', date '2009-01-02', NULL::date)") == "NULL");
    // Decades follow the common calendar (r_Dateparts_for_datetime_functions), centuries start in ###1.
    CHECK(one(c, "SELECT datediff('decade', date '1999-12-31', date '2000-01-01')") == "1");
    CHECK(one(c, "SELECT datediff('century', date '2000-12-31', date '2001-01-01')") == "1");
    CHECK(one(c, "SELECT datediff('century', date '2000-01-01', date '2000-12-31')") == "0");
}

TEST_CASE(
    "redshift functions: MONTHS_BETWEEN and ADD_MONTHS as "
    "r_MONTHS_BETWEEN_function and r_ADD_MONTHS") {
    session s;
    auto& c = *s.conn;
    CHECK(one(c, "SELECT months_between('1969-01-18', '1969-03-18')") == "-2");
    CHECK(one(c,
              "SELECT pg_typeof(months_between(date '1969-01-18', date "
              "'1969-03-18'))") == "double precision");
    // The event examples (max(starttime), min(starttime)), two decimals as the page prints them.
    CHECK(column(c,
                 "SELECT round(months_between(l, f)::numeric, 2) FROM (VALUES "
                 "(timestamp '2008-12-25 15:00', timestamp '2008-01-21 19:30', 1), "
                 "('2008-12-01 19:30', '2008-01-03 15:00', 2), ('2008-12-07 "
                 "14:00', '2008-01-16 19:30', 3), "
                 "('2008-12-15 15:00', '2008-01-21 19:00', 4), ('2008-12-19 "
                 "19:00', '2008-01-08 19:30', 5)) "
                 "v(l, f, o) ORDER BY o") == std::vector<std::string>{"11.12", "10.94", "10.70", "10.80", "11.35"});
    // Same day of the month, or both last days: whole numbers whatever the time.
    CHECK(one(c,
              "SELECT months_between(timestamp '2014-02-15 23:00', timestamp "
              "'2014-01-15 01:00')") == "1");
    CHECK(one(c, "SELECT months_between(date '2014-09-30', date '2014-08-31')") == "1");
    CHECK(one(c, "SELECT months_between(NULL::date, date '2014-08-31')") == "NULL");
    CHECK(one(c, "SELECT add_months('2008-03-31', 1)") == "2008-04-30 00:00:00");
    CHECK(one(c, "SELECT add_months('2008-04-30', 1)") == "2008-05-31 00:00:00");
    CHECK(one(c, "SELECT trunc(add_months(date '2008-01-02', 12))") == "2009-01-02");
    CHECK(one(c, "SELECT add_months(timestamp '2008-02-29 10:30', 12)") == "2009-02-28 10:30:00");
}

TEST_CASE("redshift functions: strings as r_LEN r_CHARINDEX r_STRTOL and SHA2") {
    session s;
    auto& c = *s.conn;
    check_rows(c, "SELECT octet_length('français'), len('français')", rowset{{"9", "8"}});
    check_rows(c, "SELECT len('cat'), len('cat   ')", rowset{{"3", "6"}});
    // Usage notes: trailing blanks count for VARCHAR, not for CHAR.
    check_rows(c,
               "SELECT len('cat   '::varchar(10)), len('cat   '::char(10)), "
               "textlen('ab  ')",
               rowset{{"6", "3", "4"}});
    CHECK(one(c, "SELECT len('aaa'::bytea)") == "3");
    CHECK(one(c, "SELECT pg_typeof(len('x'))") == "integer");
    CHECK(one(c, "SELECT charindex('dog', 'fish')") == "0");
    CHECK(one(c, "SELECT charindex('fish', 'dogfish')") == "4");
    CHECK(one(c, "SELECT charindex('ç', 'français')") == "5");  // characters, not bytes
    check_rows(c,
               "SELECT strtol('0xf', 16), strtol('abcd1234', 16), "
               "strtol('1234567', 10), strtol('1234567', 8), "
               "strtol('110101', 2), strtol('\\0', 2)",
               rowset{{"15", "2882343476", "1234567", "342391", "53", "0"}});
    check_rows(c,
               "SELECT strtol('  -12z', 10), strtol('', 10), strtol(NULL, 10), "
               "strtol('-9223372036854775808', 10)",
               rowset{{"-12", "0", "NULL", "-9223372036854775808"}});
    CHECK(sqlstate_of(c, "SELECT strtol('9223372036854775808', 10)") == "22003");
    CHECK(sqlstate_of(c, "SELECT strtol('1', 37)") == "22023");
    check_rows(c, "SELECT replicate('ab', 3)", rowset{{"ababab"}});
    // SHA2: the page's call; the digest checked against the standard SHA-256 and SHA-512 test vectors of "abc".
    CHECK(one(c, "SELECT length(sha2('Amazon Redshift', 256))") == "64");
    CHECK(one(c, "SELECT sha2('abc', 0)") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(one(c, "SELECT left(sha2('abc', 512), 16)") == "ddaf35a193617aba");
    CHECK(one(c, "SELECT sha2('abc', 100)").empty());
}

TEST_CASE("redshift functions: CONVERT_TIMEZONE GETDATE and TRUNC") {
    session s;
    auto& c = *s.conn;
    // CONVERT_TIMEZONE: an abbreviation is a fixed offset, a name follows daylight saving time.
    CHECK(one(c, "SELECT convert_timezone('PST', timestamp '2008-08-24 09:36:12')") == "2008-08-24 01:36:12");
    CHECK(one(c,
              "SELECT convert_timezone('US/Pacific', timestamp '2008-08-24 "
              "09:36:12')") == "2008-08-24 02:36:12");
    CHECK(one(c, "SELECT convert_timezone('EST', 'PST', '20080305 12:25:29')") == "2008-03-05 09:25:29");
    CHECK(one(c,
              "SELECT convert_timezone('America/New_York', '2013-02-01 "
              "08:00:00')") == "2013-02-01 03:00:00");
    CHECK(one(c,
              "SELECT convert_timezone('America/New_York', '2013-06-01 "
              "08:00:00')") == "2013-06-01 04:00:00");
    check_rows(c,
               "SELECT CONVERT_TIMEZONE('GMT','NEWZONE +2','2014-05-17 12:00:00'), "
               "CONVERT_TIMEZONE('GMT','NEWZONE-2:15','2014-05-17 12:00:00'), "
               "CONVERT_TIMEZONE('GMT','America/Los_Angeles+2','2014-05-17 12:00:00'), "
               "CONVERT_TIMEZONE('GMT','GMT+2','2014-05-17 12:00:00')",
               rowset{{"2014-05-17 10:00:00", "2014-05-17 14:15:00", "2014-05-17 10:00:00", "2014-05-17 10:00:00"}});
    // r_GETDATE: TIMESTAMP to the second, the statement's start; r_TRUNC_date: the DATE of a timestamp.
    check_rows(c,
               "SELECT pg_typeof(getdate())::text, getdate() = "
               "date_trunc('second', getdate()), "
               "abs(extract(epoch FROM getdate() - "
               "statement_timestamp()::timestamp)) < 1",
               rowset{{"timestamp without time zone", "t", "t"}});
    CHECK(one(c, "SELECT trunc(getdate()) = current_date") == "t");
    check_rows(c,
               "SELECT trunc(timestamp '2011-07-21 10:32:38.248109'), "
               "pg_typeof(trunc(timestamp '2011-07-21 10:32:38'))::text, trunc(1.5)",
               rowset{{"2011-07-21", "date", "1"}});
}

TEST_CASE("redshift functions: MEDIAN as r_MEDIAN") {
    session s;
    auto& c = *s.conn;
    pqxx::work tx(c);
    tx.exec0(
        "CREATE TABLE sales (sellerid integer, qtysold smallint, pricepaid "
        "decimal(8,2), ratio float8)");
    tx.exec0(
        "INSERT INTO sales VALUES (1, 1, 10.00, 0.5), (2, 3, 20.00, 1.5), "
        "(2, 3, NULL, NULL), (5, 2, 31.00, 2), "
        "(5, 2, 40.00, 4), (9, 4, 50.00, NULL)");
    tx.commit();
    // The page's example: MEDIAN equals PERCENTILE_CONT(0.5) per group.
    check_rows(c,
               "SELECT sellerid, qtysold, percentile_cont(0.5) WITHIN GROUP "
               "(ORDER BY qtysold), median(qtysold) "
               "FROM sales GROUP BY sellerid, qtysold ORDER BY 1",
               rowset{{"1", "1", "1", "1"}, {"2", "3", "3", "3"}, {"5", "2", "2", "2"}, {"9", "4", "4", "4"}});
    // NULLs ignored; an even count takes the mean of the middle two; the return type follows the argument.
    check_rows(c,
               "SELECT median(pricepaid), pg_typeof(median(pricepaid))::text, "
               "median(qtysold), "
               "pg_typeof(median(qtysold))::text, median(ratio), "
               "pg_typeof(median(ratio))::text FROM sales",
               rowset{{"31.00", "numeric", "2.5", "numeric", "1.75", "double precision"}});
    check_rows(c, "SELECT median(sellerid) FROM sales WHERE sellerid > 100", rowset{{"NULL"}});
    // An even count of DECIMAL(8,2): the mean keeps the scale, with more digits only when needed.
    check_rows(c, "SELECT median(pricepaid) FROM sales WHERE pricepaid < 35", rowset{{"20.00"}});
    check_rows(c, "SELECT median(p) FROM (VALUES (10.00::decimal(8,2)), (20.01)) v(p)", rowset{{"15.005"}});
    check_rows(c,
               "SELECT median(d)::text, pg_typeof(median(d))::text FROM (VALUES "
               "(date '2008-01-01'), "
               "(date '2008-01-03'), (NULL)) v(d)",
               rowset{{"2008-01-02", "date"}});
    check_rows(c,
               "SELECT DISTINCT sellerid, median(qtysold) OVER (PARTITION BY "
               "sellerid) FROM sales ORDER BY 1",
               rowset{{"1", "1"}, {"2", "3"}, {"5", "2"}, {"9", "4"}});
}

TEST_CASE(
    "redshift functions: dates as r_LAST_DAY r_NEXT_DAY r_DATE_CMP and "
    "r_DATE_PART_YEAR") {
    session s;
    auto& c = *s.conn;
    CHECK(one(c, "SELECT last_day(date '2014-01-15')") == "2014-01-31");
    CHECK(one(c, "SELECT last_day(timestamp '2008-02-10 10:00')") == "2008-02-29");
    CHECK(one(c, "SELECT next_day('2014-08-20', 'Tuesday')") == "2014-08-26");
    check_rows(c,
               "SELECT next_day(date '2008-07-06', 'Monday'), next_day(date "
               "'2008-07-03', 'monday'), "
               "next_day(date '2008-07-07', 'mo')",
               rowset{{"2008-07-07", "2008-07-07", "2008-07-14"}});
    CHECK(sqlstate_of(c, "SELECT next_day(date '2008-07-07', 'someday')") == "22023");
    CHECK(column(c,
                 "SELECT date_cmp(d, '2008-01-04') FROM (VALUES (date "
                 "'2008-01-03', 1), ('2008-01-04', 2), "
                 "('2008-01-05', 3)) v(d, o) ORDER BY o") == std::vector<std::string>{"-1", "0", "1"});
    CHECK(one(c,
              "SELECT timestamp_cmp(timestamp '2008-01-04 10:00', timestamp "
              "'2008-01-04 09:00')") == "1");
    CHECK(one(c,
              "SELECT date_cmp_timestamp(date '2008-01-04', timestamp "
              "'2008-01-04 09:00')") == "-1");
    CHECK(one(c, "SELECT date_part_year(date '20220502 04:05:06.789')") == "2022");
    check_rows(c, "SELECT dexp(0), dlog1(1), dlog10(100)", rowset{{"1", "0", "2"}});
}

TEST_CASE("redshift functions: JSON on VARCHAR as the JSON_EXTRACT_PATH_TEXT and IS_VALID_JSON pages") {
    session s;
    auto& c = *s.conn;
    // JSON_EXTRACT_PATH_TEXT: a value, an error for invalid JSON unless null_if_invalid, NULL for a missing element.
    CHECK(one(c, R"(SELECT json_extract_path_text('{"f2":{"f3":1},"f4":{"f5":99,"f6":"star"}}','f4', 'f6'))") ==
          "star");
    CHECK(sqlstate_of(c, R"(SELECT json_extract_path_text('{"f2":{"f3":1},"f4":{"f5":99,"f6":"star"}','f4', 'f6'))") ==
          "22P02");
    CHECK(one(c, R"(SELECT json_extract_path_text('{"f2":{"f3":1},"f4":{"f5":99,"f6":"star"}','f4', 'f6',true))") ==
          "NULL");
    CHECK(one(c, R"(SELECT json_extract_path_text('{"farm": {"barn": {"color": "red", "feed stocked": true}}}',
                 'farm', 'barn', 'color'))") == "red");
    CHECK(one(c, R"(SELECT json_extract_path_text('{"farm": {"barn": {}}}', 'farm', 'barn', 'color'))") == "NULL");
    CHECK(one(c, R"(SELECT json_extract_path_text('{"a": {"b": 1}}'::varchar, 'a'))") == R"({"b": 1})");
    // JSON_EXTRACT_ARRAY_ELEMENT_TEXT: zero-based; out of bounds an empty string.
    check_rows(c,
               R"(SELECT json_extract_array_element_text('[111,112,113]', 2),
                         json_extract_array_element_text('[111,112,113]', 3) = '',
                         json_extract_array_element_text('["a",["b",1,["c",2,3,null,]]]', 1, true))",
               rowset{{"113", "t", "NULL"}});
    CHECK(sqlstate_of(c, R"(SELECT json_extract_array_element_text('["a",["b",1,["c",2,3,null,]]]', 1))") == "22P02");
    // JSON_ARRAY_LENGTH.
    check_rows(c,
               R"(SELECT json_array_length('[11,12,13,{"f1":21,"f2":[25,26]},14]'),
                         json_array_length('[11,12,13,{"f1":21,"f2":[25,26]},14', true))",
               rowset{{"5", "NULL"}});
    // IS_VALID_JSON (an object) and IS_VALID_JSON_ARRAY: the pages' test tables.
    CHECK(column(c, R"(SELECT is_valid_json(s) FROM (VALUES ('{"a":2}', 1), ('{"a":{"b":{"c":1}}}', 2),
                      ('{"a": [1,2,"b"]}', 3), ('{{}}', 4), ('{1:"a"}', 5), ('[1,2,3]', 6)) v(s, o) ORDER BY o)") ==
          std::vector<std::string>{"t", "t", "t", "f", "f", "f"});
    CHECK(column(c, R"(SELECT is_valid_json_array(s) FROM (VALUES ('[]', 1), ('["a","b"]', 2),
                      ('["a",["b",1,["c",2,3,null]]]', 3), ('{"a":1}', 4), ('a', 5), ('[1,2,]', 6)) v(s, o)
                      ORDER BY o)") == std::vector<std::string>{"t", "t", "t", "f", "f", "f"});
}
