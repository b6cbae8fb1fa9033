#include <doctest/doctest.h>

#include <limits>
#include <string>

#include "sql_test_util.hpp"
#include "starshift/model/query.hpp"
#include "starshift/sql/quote.hpp"
#include "starshift/sql/render.hpp"

using namespace starshift;  // NOLINT(google-build-using-namespace): test file
using starshift::sql::dialect;

namespace {
std::string rs(const expr& e) { return sql::render(e, dialect::redshift); }
std::string pg(const expr& e) { return sql::render(e, dialect::postgres); }
expr c(const char* name) { return column_ref(name); }
}  // namespace

TEST_CASE("sql select layout with joins where group order limit") {
    select_query q = select()
                         .item(column_ref("s", "title"))
                         .item(count_star(), "plays")
                         .from("songplays", "sp")
                         .join("songs", "s", eq(column_ref("s", "song_id"), column_ref("sp", "song_id")))
                         .join("users", "u", eq(column_ref("u", "user_id"), column_ref("sp", "user_id")), join_kind::left)
                         .where(and_({eq(column_ref("u", "level"), lit("paid")), gt(column_ref("sp", "session_id"), lit(0)),
                                      or_({is_null(column_ref("u", "gender")), ne(column_ref("u", "gender"), lit("M"))})}))
                         .group_by({column_ref("s", "title")})
                         .having(gt(count_star(), lit(1)))
                         .order_by({desc(column_ref("plays")), asc(column_ref("s", "title"))})
                         .limit(5);
    SQL_CHECK_EQ(sql::render(q, dialect::redshift), R"(SELECT
    s.title,
    COUNT(*) AS plays
FROM songplays AS sp
JOIN songs AS s ON s.song_id = sp.song_id
LEFT JOIN users AS u ON u.user_id = sp.user_id
WHERE u.level = 'paid'
  AND sp.session_id > 0
  AND (u.gender IS NULL OR u.gender <> 'M')
GROUP BY s.title
HAVING COUNT(*) > 1
ORDER BY plays DESC, s.title
LIMIT 5;)");
}

TEST_CASE("sql select distinct from a derived table") {
    select_query inner = select().item(c("user_id")).item(c("level")).item(c("ts")).from("staging_events").where(
        eq(c("page"), lit("NextSong")));
    select_query q = select().distinct().item(c("user_id")).item(c("level")).from(inner, "e");
    SQL_CHECK_EQ(sql::render(q, dialect::postgres), R"(SELECT DISTINCT
    user_id,
    level
FROM (
    SELECT
        user_id,
        level,
        ts
    FROM staging_events
    WHERE page = 'NextSong'
) AS e;)");
}

TEST_CASE("sql select window function and join on a subquery") {
    const expr rn = over(fn("row_number"), {c("user_id")}, {desc(c("ts"))});
    select_query latest = select().item(c("user_id")).item(rn, "rn").from("staging_events");
    select_query q = select()
                         .item(column_ref("l", "user_id"))
                         .from("users", "u")
                         .join(latest, "l", and_({eq(column_ref("l", "user_id"), column_ref("u", "user_id")),
                                                  eq(column_ref("l", "rn"), lit(1))}));
    SQL_CHECK_EQ(sql::render(q, dialect::redshift), R"(SELECT
    l.user_id
FROM users AS u
JOIN (
    SELECT
        user_id,
        ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY ts DESC) AS rn
    FROM staging_events
) AS l ON l.user_id = u.user_id AND l.rn = 1;)");
    SQL_CHECK_EQ(rs(over(fn("sum", {c("x")}), {}, {asc(c("t"))})), "SUM(x) OVER (ORDER BY t)");
    SQL_CHECK_EQ(rs(over(count_star(), {c("a"), c("b")}, {})), "COUNT(*) OVER (PARTITION BY a, b)");
}

TEST_CASE("sql expressions cast extract case and count distinct") {
    SQL_CHECK_EQ(rs(cast(c("x"), varchar_max())), "CAST(x AS VARCHAR(MAX))");
    SQL_CHECK_EQ(pg(cast(c("x"), varchar_max())), "CAST(x AS VARCHAR(65535))");
    SQL_CHECK_EQ(pg(cast(c("ts"), timestamp())), "CAST(ts AS TIMESTAMP)");
    SQL_CHECK_EQ(rs(extract("hour", c("start_time"))), "EXTRACT(HOUR FROM start_time)");
    SQL_CHECK_EQ(pg(extract("dow", c("start_time"))), "CAST(DATE_PART('dow', start_time) AS INTEGER)");
    SQL_CHECK_EQ(pg(extract("second", c("start_time"))), "EXTRACT(SECOND FROM start_time)");
    SQL_CHECK_EQ(rs(fn_distinct("count", {c("user_id")})), "COUNT(DISTINCT user_id)");
    SQL_CHECK_EQ(rs(case_when({{eq(c("g"), lit("F")), lit(1)}, {eq(c("g"), lit("M")), lit(2)}}, lit(0))),
                 "CASE WHEN g = 'F' THEN 1 WHEN g = 'M' THEN 2 ELSE 0 END");
    SQL_CHECK_EQ(rs(case_when({{is_not_null(c("a")), c("a")}})), "CASE WHEN a IS NOT NULL THEN a END");
    SQL_CHECK_EQ(rs(binary(binary_op::like, c("page"), lit("Next%"))), "page LIKE 'Next%'");
    SQL_CHECK_EQ(rs(null_value()), "NULL");
    SQL_CHECK_EQ(rs(fn("getdate")), "GETDATE()");
}

TEST_CASE("sql literals per dialect") {
    SQL_CHECK_EQ(rs(lit("it's a\\b")), "'it''s a\\\\b'");
    SQL_CHECK_EQ(pg(lit("it's a\\b")), "E'it''s a\\\\b'");
    SQL_CHECK_EQ(rs(lit(42)), "42");
    SQL_CHECK_EQ(rs(lit(std::int64_t{-9000000000})), "-9000000000");
    SQL_CHECK_EQ(rs(lit_bool(true)), "TRUE");
    SQL_CHECK_EQ(pg(lit_bool(false)), "FALSE");
    SQL_CHECK_EQ(rs(lit(0.1)), "0.1");
    SQL_CHECK_EQ(rs(lit(3.0)), "3.0");
    SQL_CHECK_EQ(rs(lit(-2.5)), "-2.5");
    SQL_CHECK_EQ(rs(lit(1e20)), "1e+20");
    SQL_CHECK_EQ(rs(lit(0.30000000000000004)), "0.30000000000000004");
    SQL_CHECK_EQ(rs(lit(5e-324)), "5e-324");
    SQL_CHECK_THROWS_ID(rs(lit(std::numeric_limits<double>::quiet_NaN())), "starshift.sql.non_finite_literal");
    SQL_CHECK_THROWS_ID(rs(lit(std::numeric_limits<double>::infinity())), "starshift.sql.non_finite_literal");
}

TEST_CASE("sql precedence parenthesizes only where needed") {
    const expr a = c("a"), b = c("b"), d = c("d");
    SQL_CHECK_EQ(rs(binary(binary_op::mul, binary(binary_op::add, a, b), d)), "(a + b) * d");
    SQL_CHECK_EQ(rs(binary(binary_op::add, binary(binary_op::mul, a, b), d)), "a * b + d");
    SQL_CHECK_EQ(rs(binary(binary_op::sub, binary(binary_op::sub, a, b), d)), "a - b - d");
    SQL_CHECK_EQ(rs(binary(binary_op::sub, a, binary(binary_op::sub, b, d))), "a - (b - d)");
    SQL_CHECK_EQ(rs(binary(binary_op::div, a, binary(binary_op::mul, b, d))), "a / (b * d)");
    SQL_CHECK_EQ(rs(binary(binary_op::mod, a, lit(7))), "a % 7");
    SQL_CHECK_EQ(rs(binary(binary_op::concat, binary(binary_op::add, a, b), d)), "a + b || d");
    SQL_CHECK_EQ(rs(binary(binary_op::add, a, binary(binary_op::concat, b, d))), "a + (b || d)");
    SQL_CHECK_EQ(rs(eq(binary(binary_op::add, a, b), d)), "a + b = d");
    SQL_CHECK_EQ(rs(eq(eq(a, b), lit_bool(true))), "(a = b) = TRUE");
    SQL_CHECK_EQ(rs(eq(is_null(a), lit_bool(true))), "(a IS NULL) = TRUE");
    SQL_CHECK_EQ(rs(or_({and_({eq(a, b), eq(b, d)}), eq(a, d)})), "a = b AND b = d OR a = d");
    SQL_CHECK_EQ(rs(and_({or_({eq(a, b), eq(b, d)}), eq(a, d)})), "(a = b OR b = d) AND a = d");
    SQL_CHECK_EQ(rs(not_(or_({a, b}))), "NOT (a OR b)");
    SQL_CHECK_EQ(rs(not_(a)), "NOT a");
    SQL_CHECK_EQ(rs(is_null(binary(binary_op::add, a, b))), "(a + b) IS NULL");
    SQL_CHECK_EQ(rs(and_({not_(a), is_not_null(b)})), "NOT a AND b IS NOT NULL");
}

TEST_CASE("sql unary minus never forms a comment") {
    expr::node n;
    n.k = expr::kind::unary;
    n.uop = unary_op::negate;
    n.args = {lit(-1)};
    const expr neg_neg(std::make_shared<const expr::node>(n));
    SQL_CHECK_EQ(rs(neg_neg), "-(-1)");
    n.args = {c("x")};
    SQL_CHECK_EQ(rs(expr(std::make_shared<const expr::node>(n))), "-x");
    n.args = {binary(binary_op::sub, c("a"), c("b"))};
    SQL_CHECK_EQ(rs(expr(std::make_shared<const expr::node>(n))), "-(a - b)");
    SQL_CHECK_EQ(rs(binary(binary_op::sub, c("a"), lit(-1))), "a - -1");
}

TEST_CASE("sql select quotes hostile names and rejects bad input") {
    select_query q = select().item(column_ref("user", "Order"), "select").from("public.user", "user");
    SQL_CHECK_EQ(sql::render(q, dialect::postgres), R"(SELECT
    "user"."Order" AS "select"
FROM public."user" AS "user";)");
    SQL_CHECK_THROWS_ID(sql::render(select(), dialect::redshift), "starshift.sql.empty_select");
    SQL_CHECK_THROWS_ID(rs(fn("x); DROP TABLE t; --", {})), "starshift.sql.bad_function_name");
    SQL_CHECK_THROWS_ID(rs(extract("hour from x) --", c("y"))), "starshift.sql.bad_expression");
    select_query no_alias = select().item(c("x"));
    no_alias.from_clause = from_item{"", std::make_shared<const select_query>(select().item(c("x"))), ""};
    SQL_CHECK_THROWS_ID(sql::render(no_alias, dialect::postgres), "starshift.sql.subquery_alias");
}

TEST_CASE("a PostgreSQL setting renders as SET LOCAL with a quoted value and a bad name is refused") {
    CHECK(sql::postgres_set_local("enable_hashagg", "off") == "SET LOCAL enable_hashagg = 'off';");
    CHECK(sql::postgres_set_local("work_mem", "256MB") == "SET LOCAL work_mem = '256MB';");
    CHECK(sql::postgres_set_local("x", "it's") == "SET LOCAL x = 'it''s';");
    SQL_CHECK_THROWS_ID(sql::postgres_set_local("work_mem = 1; DROP TABLE t; --", "1"), "starshift.sql.bad_setting");
    SQL_CHECK_THROWS_ID(sql::postgres_set_local("", "1"), "starshift.sql.bad_setting");
    SQL_CHECK_THROWS_ID(sql::postgres_set_local("Work_Mem", "1"), "starshift.sql.bad_setting");
}
