// Redshift queries and DML read into the model's query AST (parse::parse_query), one construct per test, and the
// round trip parse → render (Redshift) → parse giving the same AST.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sql_test_util.hpp"
#include "starshift/model/statement.hpp"
#include "starshift/parse/parser.hpp"
#include "starshift/sql/quote.hpp"
#include "starshift/sql/render.hpp"

using namespace starshift;
namespace sp = starshift::parse;
using sql::dialect;

namespace {

const select_query& as_select(const statement& s) {
    const auto* q = std::get_if<select_query>(&s.body);
    REQUIRE(q != nullptr);
    return *q;
}

select_query parse_select(const std::string& text) { return as_select(sp::parse_query(text)); }

// parse → render for Redshift → parse: the same statement, and the Redshift text is stable.
void round_trip(const std::string& text) {
    CAPTURE(text);
    const statement first = sp::parse_query(text);
    const std::string rendered = sql::render(first, dialect::redshift);
    CAPTURE(rendered);
    const statement again = sp::parse_query(rendered);
    CHECK(again.body == first.body);
    SQL_CHECK_EQ(sql::render(again, dialect::redshift), rendered);
}

std::string parse_error_id(const std::string& text) {
    try {
        (void)sp::parse_query(text);
    } catch (const sp::parse_error& e) {
        return e.id();
    }
    return "no error";
}

}  // namespace

TEST_CASE("query parser: select list aliases where group by having order by limit offset") {
    const select_query q = parse_select(
        "SELECT a AS x, b y, COUNT(*) FROM t WHERE a > 1 GROUP BY a, b HAVING COUNT(*) > 2 ORDER BY 1 DESC "
        "NULLS LAST LIMIT 10 OFFSET 5");
    REQUIRE(q.items.size() == 3);
    CHECK(q.items[0].alias == "x");
    CHECK(q.items[1].alias == "y");
    CHECK(q.items[2].value == count_star());
    CHECK(q.from_clause->table == "t");
    CHECK(*q.where_clause == gt(column_ref("a"), lit(1)));
    CHECK(q.group_by_clause.size() == 2);
    CHECK(q.having_clause.has_value());
    REQUIRE(q.order_by_clause.size() == 1);
    CHECK(q.order_by_clause[0].descending);
    CHECK(q.order_by_clause[0].nulls_first == false);
    CHECK(q.limit_rows == 10);
    CHECK(q.offset_rows == 5);
}

TEST_CASE("query parser: unquoted names fold to lower case and quoted ones stay") {
    const select_query q = parse_select("SELECT UserId, \"UserId\", S.Col FROM Schema1.Tab AS S");
    CHECK(q.items[0].value == column_ref("userid"));
    CHECK(q.items[1].value == column_ref("UserId"));
    CHECK(q.items[2].value == column_ref("s", "col"));
    CHECK(q.from_clause->table == "schema1.tab");
    CHECK(q.from_clause->alias == "s");
}

// table_reference [ NATURAL ] join_type table_reference: the identically named columns join, no ON or USING
// (https://docs.aws.amazon.com/redshift/latest/dg/r_FROM_clause30.html)
TEST_CASE("query parser: NATURAL before every qualified join type") {
    const select_query q = parse_select(
        "SELECT * FROM category NATURAL JOIN event NATURAL INNER JOIN venue NATURAL LEFT OUTER JOIN sales "
        "NATURAL RIGHT JOIN users NATURAL FULL OUTER JOIN date JOIN listing ON listing.listid = sales.listid");
    REQUIRE(q.joins.size() == 6);
    const join_kind kinds[] = {join_kind::inner, join_kind::inner, join_kind::left, join_kind::right,
                               join_kind::full};
    for (std::size_t i = 0; i < 5; ++i) {
        CAPTURE(i);
        CHECK(q.joins[i].natural);
        CHECK(q.joins[i].kind == kinds[i]);
        CHECK(q.joins[i].using_columns.empty());
    }
    CHECK_FALSE(q.joins[5].natural);
    round_trip("SELECT catname, eventname FROM category NATURAL JOIN event NATURAL LEFT JOIN venue "
               "NATURAL RIGHT OUTER JOIN sales NATURAL FULL JOIN users ORDER BY 1");
    SQL_CHECK_EQ(sql::render(sp::parse_query("select * from category natural inner join event"), dialect::redshift),
                 "SELECT\n    *\nFROM category\nNATURAL JOIN event;");
}

// table_reference is itself a join (r_FROM_clause30), so a join may be parenthesized: ( a JOIN b ON … ) JOIN c
// (https://docs.aws.amazon.com/redshift/latest/dg/r_FROM_clause30.html)
TEST_CASE("query parser: a parenthesized join in FROM") {
    const select_query q = parse_select("SELECT * FROM (a JOIN b ON a.id = b.id) LEFT JOIN c USING (id)");
    REQUIRE(q.from_clause);
    REQUIRE(static_cast<bool>(q.from_clause->joined));
    CHECK(q.from_clause->joined->first.table == "a");
    REQUIRE(q.from_clause->joined->joins.size() == 1);
    CHECK(q.from_clause->joined->joins[0].right.table == "b");
    REQUIRE(q.joins.size() == 1);
    CHECK(q.joins[0].kind == join_kind::left);
    SQL_CHECK_EQ(sql::render(sp::parse_query("SELECT * FROM (a JOIN b ON a.id = b.id) LEFT JOIN c USING (id)"),
                             dialect::redshift),
                 "SELECT\n    *\nFROM (a\nJOIN b ON a.id = b.id)\nLEFT JOIN c USING (id);");
    const select_query n = parse_select("SELECT x FROM t JOIN ((a NATURAL JOIN b) CROSS JOIN (SELECT 1) s) ON TRUE");
    REQUIRE(n.joins.size() == 1);
    REQUIRE(static_cast<bool>(n.joins[0].right.joined));
    CHECK(static_cast<bool>(n.joins[0].right.joined->first.joined));
    CHECK(static_cast<bool>(n.joins[0].right.joined->joins.at(0).right.subquery));
    round_trip("SELECT * FROM (a JOIN b ON a.id = b.id) LEFT JOIN c USING (id)");
    round_trip("SELECT x FROM t JOIN ((a NATURAL JOIN b) CROSS JOIN (SELECT 1) AS s) ON TRUE");
    round_trip("UPDATE t SET x = a.x FROM (a JOIN b USING (id)) WHERE t.id = a.id");
    CHECK(parse_error_id("SELECT * FROM (a) JOIN b ON TRUE") == "starshift.parse.unsupported_query");
    CHECK(parse_error_id("SELECT * FROM (a, b)") == "starshift.parse.unsupported_query");
    CHECK(parse_error_id("SELECT * FROM (a JOIN b ON TRUE) AS j") == "starshift.parse.unsupported_query");
}

TEST_CASE("query parser: every join kind with ON USING and comma") {
    const select_query q = parse_select(
        "SELECT * FROM a JOIN b ON a.id = b.id LEFT OUTER JOIN c USING (id) RIGHT JOIN d ON TRUE "
        "FULL OUTER JOIN e ON e.x = a.x CROSS JOIN f, g INNER JOIN h ON h.id = g.id");
    REQUIRE(q.joins.size() == 7);
    CHECK(q.joins[0].kind == join_kind::inner);
    CHECK(q.joins[1].kind == join_kind::left);
    CHECK(q.joins[1].using_columns == std::vector<std::string>{"id"});
    CHECK(q.joins[2].kind == join_kind::right);
    CHECK(q.joins[3].kind == join_kind::full);
    CHECK(q.joins[4].kind == join_kind::cross);
    CHECK(q.joins[5].kind == join_kind::comma);
    CHECK(q.joins[6].kind == join_kind::inner);
}

TEST_CASE("query parser: a statement is named after what it does") {
    CHECK(sp::parse_query("WITH x AS (SELECT 1) SELECT * FROM x").name == "select");
    CHECK(sp::parse_query("(SELECT 1)").name == "select");
    CHECK(sp::parse_query("INSERT INTO t VALUES (1)").name == "insert");
    CHECK(sp::parse_query("UPDATE t SET a = 1").name == "update");
    CHECK(sp::parse_query("DELETE t").name == "delete");
}

TEST_CASE("query parser: CTEs derived tables and subqueries") {
    const select_query q = parse_select(
        "WITH w (k) AS (SELECT 1), v AS (SELECT 2 AS k) SELECT (SELECT MAX(k) FROM w), x.k FROM "
        "(SELECT k FROM v) x WHERE x.k IN (SELECT k FROM w) AND EXISTS (SELECT 1 FROM v) AND NOT EXISTS "
        "(SELECT 1 FROM w WHERE k = 3)");
    REQUIRE(q.with_clause.size() == 2);
    CHECK(q.with_clause[0].columns == std::vector<std::string>{"k"});
    CHECK(q.items[0].value.what() == expr::kind::subquery);
    REQUIRE(static_cast<bool>(q.from_clause->subquery));
    CHECK(q.from_clause->alias == "x");
}

TEST_CASE("query parser: a derived table without an alias") {
    const select_query q = parse_select("SELECT COUNT(*) FROM (SELECT DISTINCT userid FROM events)");
    REQUIRE(static_cast<bool>(q.from_clause->subquery));
    CHECK(q.from_clause->alias.empty());
}

TEST_CASE("query parser: set operations with MINUS and a final ORDER BY") {
    const select_query q = parse_select("SELECT a FROM t UNION ALL SELECT a FROM u MINUS SELECT a FROM v "
                                        "INTERSECT (SELECT a FROM w ORDER BY a LIMIT 1) ORDER BY 1");
    REQUIRE(q.set_operations.size() == 3);
    CHECK(q.set_operations[0].kind == set_kind::union_);
    CHECK(q.set_operations[0].all);
    CHECK(q.set_operations[1].kind == set_kind::except);
    CHECK(q.set_operations[2].kind == set_kind::intersect);
    CHECK(q.set_operations[2].parenthesized);
    CHECK(q.set_operations[2].right->limit_rows == 1);
    CHECK(q.order_by_clause.size() == 1);
}

// r_UNION: set operations evaluate left to right, INTERSECT before UNION and EXCEPT; a parenthesized first operand
// holding its own set operation is the same query written flat unless INTERSECT follows it.
TEST_CASE("query parser: a parenthesized set operation as the first operand") {
    const select_query q = parse_select("(SELECT a FROM t EXCEPT ALL SELECT a FROM u) UNION ALL "
                                        "(SELECT a FROM u EXCEPT ALL SELECT a FROM t)");
    REQUIRE(q.set_operations.size() == 2);
    CHECK(q.set_operations[0].kind == set_kind::except);
    CHECK(q.set_operations[1].kind == set_kind::union_);
    CHECK(q.set_operations[1].parenthesized);
    CHECK(q.set_operations[1].right->set_operations.size() == 1);
    round_trip("(SELECT a FROM t EXCEPT ALL SELECT a FROM u) UNION ALL (SELECT a FROM u EXCEPT ALL SELECT a FROM t)");
    CHECK(parse_error_id("(SELECT a FROM t UNION SELECT a FROM u) INTERSECT SELECT a FROM v") ==
          "starshift.parse.unsupported_query");
    CHECK(parse_error_id("(SELECT a FROM t ORDER BY a LIMIT 1) UNION SELECT a FROM v") ==
          "starshift.parse.unsupported_query");
}

TEST_CASE("query parser: TOP and DISTINCT") {
    const select_query q = parse_select("select top 10 distinct venueid from venue");
    CHECK(q.top_rows == 10);
    CHECK(q.distinct_rows);
    // r_SELECT_list: "You can't use TOP and LIMIT in the same query."
    CHECK(parse_error_id("select top 10 * from sales limit 5") == "starshift.parse.syntax");
}

TEST_CASE("query parser: predicates IN BETWEEN LIKE ILIKE SIMILAR TO IS") {
    const select_query q = parse_select(
        "SELECT 1 FROM t WHERE a NOT IN (1, 2) AND b BETWEEN 1 AND 5 AND c NOT LIKE 'x%' ESCAPE '!' AND d ILIKE 'y' "
        "AND e SIMILAR TO '(a|b)%' AND f IS NOT TRUE AND g IS NULL AND h IS NOT NULL AND i IS UNKNOWN");
    std::vector<expr> terms;
    expr w = *q.where_clause;
    while (w.what() == expr::kind::binary && w.get().bop == binary_op::and_) {
        terms.insert(terms.begin(), w.get().args[1]);
        w = w.get().args[0];
    }
    terms.insert(terms.begin(), w);
    REQUIRE(terms.size() == 9);
    CHECK(terms[0].what() == expr::kind::in_list);
    CHECK(terms[0].get().negated);
    CHECK(terms[1].what() == expr::kind::between);
    CHECK(terms[2].what() == expr::kind::pattern);
    CHECK(terms[2].get().args.size() == 3);
    CHECK(terms[3].get().name == "ILIKE");
    CHECK(terms[4].get().name == "SIMILAR TO");
    CHECK(terms[5].what() == expr::kind::is_test);
    CHECK(terms[6] == is_null(column_ref("g")));
    CHECK(terms[7] == is_not_null(column_ref("h")));
    CHECK(terms[8].get().name == "UNKNOWN");
}

TEST_CASE("query parser: CASE both forms CAST and double colon") {
    const select_query q = parse_select(
        "SELECT CASE WHEN a > 1 THEN 'big' ELSE 'small' END, CASE b WHEN 1 THEN 'one' WHEN 2 THEN 'two' END, "
        "CAST(c AS VARCHAR(10)), d::INT, '5'::DECIMAL(10,2) FROM t");
    CHECK(q.items[0].value.what() == expr::kind::case_when);
    CHECK(q.items[1].value.what() == expr::kind::case_simple);
    CHECK(q.items[1].value.get().args.size() == 5);
    CHECK(q.items[2].value == cast(column_ref("c"), varchar(10)));
    CHECK(q.items[3].value == cast(column_ref("d"), integer()));
    CHECK(q.items[4].value == cast(lit("5"), decimal(10, 2)));
}

TEST_CASE("query parser: typed literals intervals and niladic keywords") {
    const select_query q = parse_select(
        "SELECT TIMESTAMP 'epoch' + ts / 1000 * INTERVAL '1 second', DATE '2008-01-01', SYSDATE, CURRENT_DATE, "
        "GETDATE() FROM t");
    const expr& sum = q.items[0].value;
    REQUIRE(sum.what() == expr::kind::binary);
    CHECK(sum.get().args[0].what() == expr::kind::typed_literal);
    CHECK(sum.get().args[0].get().name == "TIMESTAMP");
    CHECK(q.items[1].value.get().name == "DATE");
    CHECK(q.items[2].value.what() == expr::kind::keyword);
    CHECK(q.items[2].value.get().name == "SYSDATE");
    CHECK(q.items[3].value.get().name == "CURRENT_DATE");
    CHECK(q.items[4].value == fn("GETDATE"));
}

TEST_CASE("query parser: date parts as written in EXTRACT DATE_PART DATEADD DATEDIFF") {
    // r_Dateparts_for_datetime_functions: names and abbreviations, quoted or not
    const select_query q = parse_select(
        "SELECT EXTRACT(weekday FROM ts), DATE_PART(hour, ts), DATEPART('hrs', ts), DATEADD(d, 1, ts), "
        "DATEDIFF(Week, a, b) FROM t");
    CHECK(q.items[0].value == extract("weekday", column_ref("ts")));
    const expr& dp = q.items[1].value;
    REQUIRE(dp.get().args.size() == 2);
    CHECK(dp.get().args[0].what() == expr::kind::datepart);
    CHECK(dp.get().args[0].get().name == "hour");
    CHECK(q.items[2].value.get().args[0].get().name == "hrs");
    CHECK(q.items[3].value.get().args[0].get().name == "d");
    CHECK(q.items[4].value.get().args[0].get().name == "week");
}

TEST_CASE("query parser: window functions with frames LISTAGG WITHIN GROUP and APPROXIMATE COUNT") {
    const select_query q = parse_select(
        "SELECT SUM(x) OVER (PARTITION BY a ORDER BY b ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), "
        "ROW_NUMBER() OVER (ORDER BY c DESC), LISTAGG(name, ',') WITHIN GROUP (ORDER BY name), "
        "APPROXIMATE COUNT(DISTINCT d) FROM t");
    const expr::node& w = q.items[0].value.get();
    CHECK(w.k == expr::kind::window);
    CHECK(w.frame == "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW");
    CHECK(w.partition_by.size() == 1);
    CHECK(q.items[1].value.get().name == "ROW_NUMBER");
    CHECK(q.items[2].value.get().within_group.size() == 1);
    CHECK(q.items[3].value.get().approximate);
    CHECK(q.items[3].value.get().distinct);
}

TEST_CASE("query parser: INSERT SELECT and VALUES UPDATE FROM DELETE USING") {
    const statement ins = sp::parse_query("INSERT INTO users (user_id, level) SELECT DISTINCT userid, level FROM e");
    REQUIRE(std::get_if<insert_select>(&ins.body));
    CHECK(std::get<insert_select>(ins.body).columns == std::vector<std::string>{"user_id", "level"});
    const statement vals = sp::parse_query("INSERT INTO venue VALUES (1, 'a', DEFAULT), (2, 'b', NULL)");
    REQUIRE(std::get_if<insert_values>(&vals.body));
    CHECK(std::get<insert_values>(vals.body).rows.size() == 2);
    const statement upd = sp::parse_query(
        "UPDATE users u SET level = s.level, name = 'x' FROM staging s WHERE u.user_id = s.user_id");
    REQUIRE(std::get_if<update_statement>(&upd.body));
    CHECK(std::get<update_statement>(upd.body).alias == "u");
    CHECK(std::get<update_statement>(upd.body).assignments.size() == 2);
    const statement del = sp::parse_query("DELETE FROM users USING staging s, other o WHERE users.id = s.id");
    REQUIRE(std::get_if<delete_statement>(&del.body));
    CHECK(std::get<delete_statement>(del.body).using_item->alias == "s");
    CHECK(std::get<delete_statement>(del.body).more_using.size() == 1);
}

TEST_CASE("query parser: MERGE as r_MERGE writes it") {
    const statement m = sp::parse_query(
        "MERGE INTO target USING source ON target.id = source.id\n"
        "WHEN MATCHED THEN UPDATE SET id = source.id, name = source.name\n"
        "WHEN NOT MATCHED THEN INSERT VALUES (source.id, source.name);");
    const auto* merge = std::get_if<merge_statement>(&m.body);
    REQUIRE(merge);
    CHECK(m.name == "merge");
    CHECK(merge->table == "target");
    CHECK(merge->source.table == "source");
    CHECK(merge->when_matched);
    CHECK(merge->matched_set.size() == 2);
    CHECK(merge->when_not_matched);
    CHECK(merge->insert_values.size() == 2);
    // r_MERGE: "source_table can't be a view or a subquery"
    CHECK(parse_error_id("MERGE INTO t USING (SELECT 1) s ON TRUE WHEN MATCHED THEN DELETE") ==
          "starshift.parse.syntax");
    CHECK(parse_error_id("MERGE INTO t USING s ON TRUE") == "starshift.parse.syntax");
}

TEST_CASE("query parser: errors carry file line and column") {
    sp::parse_options o;
    o.file = "q.sql";
    try {
        (void)sp::parse_query("SELECT a,\n  FROM t", o);
        FAIL("expected a parse error");
    } catch (const sp::parse_error& e) {
        CHECK(e.id() == "starshift.parse.syntax");
        CHECK(e.file() == "q.sql");
        CHECK(e.line() == 2);
        CHECK(e.column() == 3);
    }
    CHECK(parse_error_id("SELECT * FROM a NATURAL JOIN b ON a.x = b.x") == "starshift.parse.unsupported_query");
    CHECK(parse_error_id("SELECT * FROM a NATURAL JOIN b USING (x)") == "starshift.parse.unsupported_query");
    CHECK(parse_error_id("SELECT * FROM a NATURAL CROSS JOIN b") == "starshift.parse.unsupported_query");
    CHECK(parse_error_id("SELECT * FROM a NATURAL b") == "starshift.parse.syntax");
    CHECK(parse_error_id("SELECT EXTRACT(FROM ts) FROM t") == "starshift.parse.syntax");
}

TEST_CASE("query parser: nesting is bounded") {
    std::string deep = "SELECT ";
    for (int i = 0; i < 200; ++i) deep += "(";
    deep += "1";
    for (int i = 0; i < 200; ++i) deep += ")";
    CHECK(parse_error_id(deep) == "starshift.parse.too_deep");
    std::string minus = "SELECT ";
    for (int i = 0; i < 500; ++i) minus += "- ";  // "--" would start a comment
    minus += "1";
    CHECK(parse_error_id(minus) == "starshift.parse.too_deep");
    std::string shallow = "SELECT ";
    for (int i = 0; i < 20; ++i) shallow += "(";
    shallow += "1";
    for (int i = 0; i < 20; ++i) shallow += ")";
    CHECK(parse_error_id(shallow) == "no error");
}

TEST_CASE("query parser: round trip through the Redshift rendering") {
    const char* statements[] = {
        "SELECT a AS x, b FROM t WHERE a = 1 AND (b = 2 OR c <> 3) ORDER BY a DESC NULLS FIRST LIMIT 3 OFFSET 1",
        "SELECT TOP 5 * FROM sales",
        "SELECT t.*, u.x FROM s.t AS t LEFT JOIN u USING (id) CROSS JOIN v, w FULL JOIN z ON z.a = w.a",
        "WITH q (a) AS (SELECT 1) SELECT a FROM q UNION SELECT 2 EXCEPT (SELECT 3 LIMIT 1) ORDER BY 1",
        "SELECT COUNT(*) FROM (SELECT DISTINCT userid FROM events)",
        "SELECT a FROM t WHERE a NOT IN (1, 2) AND b BETWEEN 1 AND 2 AND c ILIKE 'x' AND d IS NOT FALSE",
        "SELECT a FROM t WHERE a IN (SELECT b FROM u) AND NOT EXISTS (SELECT 1 FROM v WHERE v.a = t.a)",
        "SELECT CASE WHEN a THEN 1 ELSE 2 END, CASE b WHEN 1 THEN 'x' END, CAST(c AS DECIMAL(12,2)), d::DATE FROM t",
        "SELECT EXTRACT(weekday FROM ts), DATE_PART(h, ts), DATEADD(day, 7, '2008-02-28'), DATEDIFF(w, a, b) FROM t",
        "SELECT TIMESTAMP 'epoch' + ts / 1000 * INTERVAL '1 second' AS start_time FROM staging_events",
        "SELECT NVL(a, b), NVL2(a, 1, 2), DECODE(c, 1, 'a', 'b'), SYSDATE, GETDATE(), TRUNC(SYSDATE) FROM t",
        "SELECT LISTAGG(DISTINCT sellerid, ', ') WITHIN GROUP (ORDER BY sellerid) FROM sales",
        "SELECT APPROXIMATE COUNT(DISTINCT pricepaid) FROM sales",
        "SELECT SUM(x) OVER (PARTITION BY a ORDER BY b ROWS 2 PRECEDING), -x, -(a + b), a || b || 'c' FROM t",
        "SELECT a % 2, (a - b) - c, a - (b - c), a * (b + c), 'it''s', 1.5, 1e3 FROM t",
        "INSERT INTO users (user_id) SELECT DISTINCT userid FROM staging_events WHERE userid IS NOT NULL",
        "INSERT INTO venue VALUES (1, 'a', DEFAULT), (2, NULL, 3)",
        "UPDATE users AS u SET level = s.level FROM staging s WHERE u.user_id = s.user_id",
        "DELETE FROM users USING staging s, other WHERE users.id = s.id",
        "DELETE FROM db.sch.users",
        "MERGE INTO target USING source ON target.id = source.id WHEN MATCHED THEN UPDATE SET id = source.id, "
        "name = source.name WHEN NOT MATCHED THEN INSERT VALUES (source.id, source.name)",
        "MERGE INTO target USING source AS s ON target.id = s.id WHEN MATCHED THEN DELETE",
        "MERGE INTO target USING source s ON target.id = s.id WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id)",
        "SELECT \"Weird Name\".\"Col\" FROM \"Weird Name\"",
    };
    for (const char* s : statements) round_trip(s);
}

// https://docs.aws.amazon.com/redshift/latest/dg/r_QUALIFY_clause.html: QUALIFY condition after HAVING; "If you're
// using the QUALIFY clause directly after the FROM clause, the FROM relation name must have an alias specified before
// the QUALIFY clause."
TEST_CASE("query parser: QUALIFY filters after the window functions and needs an alias directly after FROM") {
    const auto q = parse_select("SELECT * FROM store_sales ss WHERE ss_sold_time > time '12:00:00' QUALIFY "
                                "row_number() OVER (PARTITION BY ss_sold_date ORDER BY ss_sales_price DESC) <= 2");
    REQUIRE(q.qualify_clause);
    CHECK(q.qualify_clause->what() == expr::kind::binary);
    CHECK(q.qualify_clause->get().args[0].what() == expr::kind::window);
    round_trip("SELECT * FROM store_sales ss WHERE ss_sold_time > time '12:00:00' QUALIFY row_number() OVER "
               "(PARTITION BY ss_sold_date ORDER BY ss_sales_price DESC) <= 2");
    round_trip("SELECT * FROM store_sales ss QUALIFY last_value(ss_item) OVER (PARTITION BY ss_sold_date ORDER BY "
               "ss_sold_time ASC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) = ss_item");
    round_trip("SELECT a, SUM(b) FROM t GROUP BY a HAVING SUM(b) > 1 QUALIFY RANK() OVER (ORDER BY SUM(b)) = 1 "
               "UNION SELECT 1, 2 ORDER BY 1 LIMIT 5");
    round_trip("SELECT x FROM t JOIN u ON t.a = u.a QUALIFY COUNT(*) OVER (PARTITION BY x) > 1");
    // Redshift would read QUALIFY as the alias of the table (or derived table) that ends the FROM clause
    CHECK(parse_error_id("SELECT * FROM store_sales QUALIFY row_number() OVER (ORDER BY a) = 1") ==
          "starshift.parse.qualify_without_alias");
    CHECK(parse_error_id("SELECT * FROM a t, b QUALIFY row_number() OVER (ORDER BY x) = 1") ==
          "starshift.parse.qualify_without_alias");
    CHECK(parse_error_id("SELECT * FROM (SELECT 1 AS x) QUALIFY x = 1") == "starshift.parse.qualify_without_alias");
    // an alias, a WHERE in between, or a join condition at the end: fine
    CHECK_NOTHROW(sp::parse_query("SELECT * FROM b, a t QUALIFY row_number() OVER (ORDER BY x) = 1"));
    CHECK_NOTHROW(sp::parse_query("SELECT * FROM a WHERE x > 0 QUALIFY row_number() OVER (ORDER BY x) = 1"));
    CHECK_NOTHROW(sp::parse_query("SELECT * FROM a GROUP BY x QUALIFY row_number() OVER (ORDER BY x) = 1"));
    CHECK(parse_error_id("SELECT x FROM a t WINDOW w AS (ORDER BY x)") == "starshift.parse.unsupported_query");
    // a model query with QUALIFY right after an unaliased table has no Redshift text
    statement built;
    built.body = select().item(column_ref("x")).from("t").qualify(eq(column_ref("x"), lit(1)));
    SQL_CHECK_THROWS_ID(sql::render(built, dialect::redshift), "starshift.sql.qualify_without_alias");
    std::get<select_query>(built.body).from("t", "t1");
    CHECK(sql::render(built, dialect::redshift).find("\nQUALIFY x = 1") != std::string::npos);
    // and PostgreSQL has no QUALIFY: only sql::to_postgres's rewrite renders there
    SQL_CHECK_THROWS_ID(sql::render(built, dialect::postgres), "starshift.sql.untranslatable");
}

// https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_VIEW.html: CREATE [ OR REPLACE ] VIEW name
// [ ( column_name [, ...] ) ] AS query [ WITH NO SCHEMA BINDING ]
TEST_CASE("query parser: CREATE VIEW with its columns query and late binding") {
    const statement s = sp::parse_query("create or replace view analytics.myevent (name, n) as select eventname, "
                                        "count(*) from public.event group by 1 with no schema binding");
    CHECK(s.name == "create view");
    const auto* v = std::get_if<create_view>(&s.body);
    REQUIRE(v != nullptr);
    CHECK(v->name == "analytics.myevent");
    CHECK(v->columns == std::vector<std::string>{"name", "n"});
    CHECK(v->or_replace);
    CHECK(v->no_schema_binding);
    CHECK(table_written(s) == "analytics.myevent");
    CHECK(tables_read(s) == std::vector<std::string>{"public.event"});
    round_trip("create view myevent as select eventname from public.event with no schema binding");
    round_trip("CREATE VIEW v AS WITH a AS (SELECT 1 AS x) SELECT x FROM a UNION SELECT 2");
    round_trip("CREATE OR REPLACE VIEW s.v (a) AS SELECT * FROM t");
    // the page's example: "the following statement returns an error" (a late-binding view's tables need a schema);
    // a CTE is not a table
    CHECK(parse_error_id("create view myevent as select eventname from event\nwith no schema binding;") ==
          "starshift.parse.view_table_unqualified");
    CHECK_NOTHROW(sp::parse_query("create view v as with e as (select 1 as x) select x from e with no schema binding"));
    CHECK(parse_error_id("create view v as select 1 with schema binding") == "starshift.parse.syntax");
    CHECK(parse_error_id("create view #tmp as select 1") == "starshift.parse.unsupported");
    // in a script, a view whose query the parser does not read is kept as text with a warning (Redshift reads it);
    // Redshift's own errors stay problems
    const auto checked = sp::check_script("CREATE VIEW v AS SELECT a FROM t GROUP BY GROUPING SETS ((a), ());\n"
                                          "create view w as select x from e with no schema binding;");
    REQUIRE(checked.statements.size() == 1);
    CHECK(checked.statements[0].as_unsupported() != nullptr);
    REQUIRE(checked.warnings.size() == 1);
    CHECK(checked.warnings[0].id == "starshift.parse.view_kept_as_text");
    REQUIRE(checked.problems.size() == 1);
    CHECK(checked.problems[0].id == "starshift.parse.view_table_unqualified");
    round_trip("CREATE VIEW v1 AS (SELECT 1 AS a)");
    round_trip("create view \"My View\" as select * from public.t with no schema binding");
    // PostgreSQL binds every view: the clause is left out there
    const std::string pg = sql::render(s, dialect::postgres);
    CHECK(pg.rfind("CREATE OR REPLACE VIEW analytics.myevent (name, n) AS\nSELECT", 0) == 0);
    CHECK(pg.find("BINDING") == std::string::npos);
    CHECK(sql::render(s, dialect::redshift).find("\nWITH NO SCHEMA BINDING;") != std::string::npos);
}

// r_POSITION, r_SUBSTRING, r_TRIM: the SQL-standard keyword spellings read into plain calls; pattern-matching-conditions-
// posix: expression [ ! ] ~ pattern.
TEST_CASE("query parser: POSITION IN SUBSTRING FROM FOR TRIM FROM and POSIX operators") {
    const auto q = parse_select("SELECT POSITION('in' IN b), SUBSTRING(b FROM 3 FOR 4), SUBSTRING(b FROM 8), "
                                "SUBSTRING(b FOR 3), SUBSTRING(b, 1, 2), TRIM(BOTH 'x' FROM a), TRIM(LEADING FROM a), "
                                "TRIM(TRAILING 'x' FROM a), TRIM('x' FROM a), TRIM(a) FROM t");
    std::vector<std::string> sql;
    for (const auto& it : q.items) sql.push_back(sql::render(it.value, dialect::redshift));
    CHECK(sql == std::vector<std::string>{"POSITION('in' IN b)", "SUBSTRING(b, 3, 4)", "SUBSTRING(b, 8)",
                                          "SUBSTRING(b, 1, 3)", "SUBSTRING(b, 1, 2)", "BTRIM(a, 'x')", "LTRIM(a)",
                                          "RTRIM(a, 'x')", "BTRIM(a, 'x')", "TRIM(a)"});
    round_trip("SELECT POSITION('a' || b IN c || d), SUBSTRING(x FROM 1 FOR n + 1) FROM t");
    round_trip("select count(*) from event where eventname ~ '.*(Ring|Die).*'");
    round_trip("SELECT a FROM t WHERE a !~ 'x' AND NOT b ~ 'y'");
    // a predicate as an operand of a comparison or arithmetic keeps its parentheses (found by fuzz_parse_query)
    round_trip("SELECT a - (b ~ c) < d, (b LIKE c) < d, (a IN (1)) = (b BETWEEN 1 AND 2), (a IS TRUE) || 'x'");
    CHECK(parse_error_id("SELECT POSITION('a', b) FROM t") == "starshift.parse.syntax");
    CHECK(parse_error_id("SELECT TRIM(BOTH 'x' a) FROM t") == "starshift.parse.syntax");
}

// r_WF_first_value / r_WF_last_value: FIRST_VALUE( expression [ IGNORE NULLS | RESPECT NULLS ] ) OVER (…);
// r_WF_LAG / r_WF_LEAD / r_WF_NTH: … ( … ) [ IGNORE NULLS | RESPECT NULLS ] OVER (…); r_APPROXIMATE_PERCENTILE_DISC.
TEST_CASE("query parser: IGNORE NULLS and RESPECT NULLS of window functions and APPROXIMATE PERCENTILE_DISC") {
    round_trip("SELECT FIRST_VALUE(x IGNORE NULLS) OVER (PARTITION BY a ORDER BY b ROWS BETWEEN UNBOUNDED PRECEDING "
               "AND UNBOUNDED FOLLOWING), LAG(x, 1) IGNORE NULLS OVER (ORDER BY y), LEAD(x) RESPECT NULLS OVER "
               "(ORDER BY y), NTH_VALUE(x, 2) IGNORE NULLS OVER (ORDER BY y ROWS BETWEEN UNBOUNDED PRECEDING AND "
               "UNBOUNDED FOLLOWING) FROM t");
    round_trip("SELECT APPROXIMATE PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY x) FROM t");
    // written after the parentheses for FIRST_VALUE: rendered where the page puts it
    const auto q = parse_select("SELECT FIRST_VALUE(x) IGNORE NULLS OVER (ORDER BY y), LAG(x IGNORE NULLS) OVER "
                                "(ORDER BY y) FROM t");
    CHECK(sql::render(q.items[0].value, dialect::redshift) == "FIRST_VALUE(x IGNORE NULLS) OVER (ORDER BY y)");
    CHECK(sql::render(q.items[1].value, dialect::redshift) == "LAG(x) IGNORE NULLS OVER (ORDER BY y)");
    CHECK(parse_error_id("SELECT COUNT(x) IGNORE NULLS FROM t") == "starshift.parse.syntax");
    CHECK(parse_error_id("SELECT APPROXIMATE PERCENTILE_DISC(0.5) FROM t") == "starshift.parse.syntax");
}

// Subqueries are rendered indented; a line break inside a string literal or a quoted name is part of its value and
// must come back unpadded (found by fuzz_parse_query: SELECT (SELECT '<newline>')).
TEST_CASE("query parser: line breaks inside literals and quoted names of a subquery keep their value") {
    round_trip("SELECT (SELECT '\n')");
    round_trip("SELECT a FROM (SELECT 'it''s\n  two\n' AS \"x\ny\" FROM t) WHERE b = 'c\\\nd'");
    round_trip("SELECT * FROM t WHERE a IN (SELECT '\n' || \"q\"\"\nr\" FROM u)");
    const statement s = sp::parse_query("SELECT (SELECT 'a\nb')");
    CHECK(sql::render(s, dialect::redshift).find("'a\nb'") != std::string::npos);
    CHECK(sql::render(s, dialect::postgres).find("'a\nb'") != std::string::npos);
}

// PartiQL unnesting in FROM and SUPER navigation (https://docs.aws.amazon.com/redshift/latest/dg/query-super.html,
// https://docs.aws.amazon.com/redshift/latest/dg/r_SUPER_unnesting.html).
TEST_CASE("query parser: PartiQL unnesting of an earlier FROM item's SUPER column with AT") {
    const select_query q = parse_select(
        "SELECT c_custkey, o.o_orderstatus, o_idx FROM customer_orders_lineitem c, c.c_orders o AT o_idx");
    REQUIRE(q.joins.size() == 1);
    CHECK(q.from_clause->table == "customer_orders_lineitem");
    const from_item& o = q.joins[0].right;
    CHECK(o.table.empty());
    CHECK(o.unnests == "c.c_orders");
    CHECK(o.alias == "o");
    CHECK(o.at_alias == "o_idx");
    CHECK(q.items[1].value == column_ref("o", "o_orderstatus"));
    round_trip("SELECT c_custkey, o.o_orderstatus, o_idx FROM customer_orders_lineitem c, c.c_orders o AT o_idx");
    // AS before the alias, AT without an alias, and an unnesting of an unnested item
    const select_query nested = parse_select("SELECT i FROM t AS c, c.c_orders AS o, o.o_lineitems AT i");
    REQUIRE(nested.joins.size() == 2);
    CHECK(nested.joins[0].right.unnests == "c.c_orders");
    CHECK(nested.joins[1].right.unnests == "o.o_lineitems");
    CHECK(nested.joins[1].right.alias.empty());
    CHECK(nested.joins[1].right.at_alias == "i");
    round_trip("SELECT i FROM t AS c, c.c_orders AS o, o.o_lineitems AT i");
}

TEST_CASE("query parser: a dotted FROM name that names no earlier item stays schema and table") {
    const select_query q = parse_select("SELECT 1 FROM t c, public.c_orders o");
    CHECK(q.joins[0].right.table == "public.c_orders");
    CHECK(q.joins[0].right.unnests.empty());
    CHECK(parse_error_id("SELECT 1 FROM t c, public.c_orders o AT i") == "starshift.parse.syntax");
    CHECK(parse_error_id("SELECT 1 FROM t AT i") == "starshift.parse.syntax");
}

TEST_CASE("query parser: SUPER navigation with subscripts and attributes") {
    const select_query q = parse_select("SELECT c.c_orders[0].o_orderkey, c.c_orders[1][2] FROM t c");
    const expr& first = q.items[0].value;
    REQUIRE(first.what() == expr::kind::member);
    CHECK(first.get().name == "o_orderkey");
    REQUIRE(first.get().args[0].what() == expr::kind::subscript);
    CHECK(first.get().args[0].get().args[0] == column_ref("c", "c_orders"));
    CHECK(first.get().args[0].get().args[1] == lit(0));
    CHECK(q.items[1].value.what() == expr::kind::subscript);
    round_trip("SELECT c.c_orders[0].o_orderkey, c.c_orders[1][2] FROM t c WHERE c.c_orders[0].o_orderkey > 1");
}

TEST_CASE("query parser: PartiQL navigation has no PostgreSQL translation") {
    SQL_CHECK_THROWS_ID(sql::render(sp::parse_query("SELECT o.x FROM t c, c.c_orders o"), dialect::postgres),
                        "starshift.sql.untranslatable");
    SQL_CHECK_THROWS_ID(sql::render(sp::parse_query("SELECT c.a[0] FROM t c"), dialect::postgres),
                        "starshift.sql.untranslatable");
}
