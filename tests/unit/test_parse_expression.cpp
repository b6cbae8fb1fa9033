// PostgreSQL's deparsed expressions (EXPLAIN's conditions) through the parse layer: parse_pg_expression,
// parse_pg_conjuncts, the tokenizer's postgres spelling, and read_explain's plan nodes.
#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "starshift/model/error.hpp"
#include "starshift/model/explain_plan.hpp"
#include "starshift/model/query.hpp"
#include "starshift/parse/detail/tokenizer.hpp"
#include "starshift/parse/explain.hpp"
#include "starshift/parse/expression.hpp"

using namespace starshift;
namespace sp = starshift::parse;

namespace {

expr read(const std::string& text) {
    const auto e = sp::parse_pg_expression(text);
    REQUIRE(e.has_value());
    return *e;
}

expr ge(expr a, expr b) { return binary(binary_op::ge, std::move(a), std::move(b)); }
expr le(expr a, expr b) { return binary(binary_op::le, std::move(a), std::move(b)); }

expr negate(expr e) {
    auto n = std::make_shared<expr::node>();
    n->k = expr::kind::unary;
    n->uop = unary_op::negate;
    n->args = {std::move(e)};
    return expr(std::move(n));
}

std::vector<std::string> texts(const std::vector<sp::token>& tokens) {
    std::vector<std::string> out;
    for (const auto& t : tokens)
        if (t.kind != sp::token_kind::end) out.push_back(t.text);
    return out;
}

}  // namespace

TEST_CASE("parse pg expression: casts of constants are the constant") {
    CHECK(read("'5'::integer") == lit(5));
    CHECK(read("'5.5'::numeric") == lit(5.5));
    CHECK(read("'-5.5'::numeric") == lit(-5.5));
    CHECK(read("'2018-11-01 00:00:00'::timestamp without time zone") == lit("2018-11-01 00:00:00"));
    CHECK(read("'100'::double precision") == lit(100));
    CHECK(read("'abc'::integer") == lit("abc"));  // not a number: the text
    CHECK(read("'7'::character varying(20)") == lit("7"));
}

TEST_CASE("parse pg expression: casts of columns") {
    CHECK(read("(title)::text") == column_ref("title"));  // varchar compared as text: the column
    CHECK(read("(s.title)::character varying") == column_ref("s", "title"));
    CHECK(read("(year)::numeric") == fn("CAST", {column_ref("year")}));  // changes the values: opaque
    CHECK(read("((year)::numeric > '-5.5'::numeric)") == gt(fn("CAST", {column_ref("year")}), lit(-5.5)));
}

TEST_CASE("parse pg expression: quoted identifiers") {
    CHECK(read("(\"Weird Col\" = 1)") == eq(column_ref("Weird Col"), lit(1)));
    CHECK(read("t.\"x y\"") == column_ref("t", "x y"));
    CHECK(read("\"a\"\"b\".c") == column_ref("a\"b", "c"));
    CHECK(read("Title") == column_ref("Title"));  // unquoted names are kept as printed
}

TEST_CASE("parse pg expression: string literals with text casts") {
    CHECK(read("((page)::text = 'NextSong'::text)") == eq(column_ref("page"), lit("NextSong")));
    CHECK(read("'it''s'::text") == lit("it's"));
    CHECK(read("'C:\\dir\\n'::text") == lit("C:\\dir\\n"));  // standard strings: a backslash is a character
    CHECK(read("''::text") == lit(""));
}

TEST_CASE("parse pg expression: AND and OR nesting") {
    CHECK(read("((a = 1) AND ((b = 2) OR (b = 3)))") ==
          and_({eq(column_ref("a"), lit(1)), or_({eq(column_ref("b"), lit(2)), eq(column_ref("b"), lit(3))})}));
    CHECK(read("(a = 1) OR (b = 2) AND (c = 3)") ==
          or_({eq(column_ref("a"), lit(1)), and_({eq(column_ref("b"), lit(2)), eq(column_ref("c"), lit(3))})}));
    CHECK(read("(NOT (a IS NULL))") == not_(is_null(column_ref("a"))));
    CHECK(read("(e.user_id IS NOT NULL)") == is_not_null(column_ref("e", "user_id")));
    CHECK(sp::parse_pg_conjuncts("((a = 1) AND ((b = 2) AND (c = 3)))") ==
          std::vector<expr>{eq(column_ref("a"), lit(1)), eq(column_ref("b"), lit(2)), eq(column_ref("c"), lit(3))});
}

TEST_CASE("parse pg expression: IN lists from ANY") {
    CHECK(read("(user_id = ANY ('{15,29,80}'::integer[]))") ==
          or_({eq(column_ref("user_id"), lit(15)), eq(column_ref("user_id"), lit(29)),
               eq(column_ref("user_id"), lit(80))}));
    CHECK(read("((artist_id)::text = ANY ('{AR1,\"AR 2\",\"a\\\"b\"}'::text[]))") ==
          or_({eq(column_ref("artist_id"), lit("AR1")), eq(column_ref("artist_id"), lit("AR 2")),
               eq(column_ref("artist_id"), lit("a\"b"))}));
    CHECK(read("(x = ANY ('{7}'::integer[]))") == eq(column_ref("x"), lit(7)));  // one value: an equality
    CHECK(read("(x = ANY (ARRAY[1, 2]))") == or_({eq(column_ref("x"), lit(1)), eq(column_ref("x"), lit(2))}));
    CHECK(read("(x <> ALL ('{1,2}'::integer[]))") == fn("OPAQUE", {column_ref("x")}));
    CHECK_FALSE(sp::parse_pg_expression("(x = ANY ('{1,NULL}'::integer[]))"));  // a NULL element
    CHECK_FALSE(sp::parse_pg_expression("(x = ANY ('{1,2}'::integer))"));       // not an array type
}

TEST_CASE("parse pg expression: ranges and operators") {
    CHECK(sp::parse_pg_conjuncts("((hour >= 8) AND (hour <= 17))") ==
          std::vector<expr>{ge(column_ref("hour"), lit(8)), le(column_ref("hour"), lit(17))});
    CHECK(read("('2010'::integer >= year)") == ge(lit(2010), column_ref("year")));
    CHECK(read("(start_time < '2018-11-15'::date)") == lt(column_ref("start_time"), lit("2018-11-15")));
    CHECK(read("(a <> b)") == ne(column_ref("a"), column_ref("b")));
    CHECK(read("(a != b)") == ne(column_ref("a"), column_ref("b")));
    CHECK(read("((title)::text ~~ 'A%'::text)") == binary(binary_op::like, column_ref("title"), lit("A%")));
    CHECK(read("((a || b) = 'ab'::text)") == eq(binary(binary_op::concat, column_ref("a"), column_ref("b")), lit("ab")));
    CHECK(read("((a + 1) > (- b))") == gt(binary(binary_op::add, column_ref("a"), lit(1)), negate(column_ref("b"))));
    CHECK(read("lower((title)::text)") == fn("lower", {column_ref("title")}));
    CHECK(read("(flag = true)") == eq(column_ref("flag"), lit_bool(true)));
    CHECK(read("(v = NULL)") == eq(column_ref("v"), null_value()));
    CHECK(read("(v = NULL::integer)") == eq(column_ref("v"), fn("CAST", {null_value()})));  // only literals fold
}

TEST_CASE("parse pg expression: what it does not understand") {
    for (const char* text : {"", "(x = $1)", "(a.b.c = 1)", "('abc = 1)", "(\"abc = 1)",
                             "CASE WHEN (a > 1) THEN true ELSE false END", "(hashed SubPlan 1)",
                             "(row_number() OVER (?) <= 1)", "(EXTRACT(hour FROM start_time) = '8'::numeric)",
                             "(a = 1", "(a = 1))", "(a IS 1)", "(x\x01 = 1)", "(caf\xc3\xa9 = 1)"}) {
        CAPTURE(text);
        CHECK_FALSE(sp::parse_pg_expression(text));
    }
    CHECK_FALSE(sp::parse_pg_expression(std::string(300, '(') + "a" + std::string(300, ')')));  // hostile nesting
    CHECK(sp::parse_pg_expression(std::string(100, '(') + "a" + std::string(100, ')')) == column_ref("a"));
}

TEST_CASE("parse pg conjuncts keeps the conjuncts it understands") {
    // The whole condition does not parse (CASE): its outermost AND is split and each part read on its own.
    const auto parts = sp::parse_pg_conjuncts(
        "(((title)::text ~~ 'A%'::text) AND (year >= 2000) AND CASE WHEN (duration > '100'::double precision) "
        "THEN true ELSE false END AND ('2010'::integer >= year) AND ((year)::numeric > '-5.5'::numeric))");
    CHECK(parts == std::vector<expr>{binary(binary_op::like, column_ref("title"), lit("A%")),
                                     ge(column_ref("year"), lit(2000)), ge(lit(2010), column_ref("year")),
                                     gt(fn("CAST", {column_ref("year")}), lit(-5.5))});
    // A quoted ' AND ' does not split; one part that does not parse and nothing else: nothing.
    CHECK(sp::parse_pg_conjuncts("((name = 'x AND y'::text) AND (a = $1))") ==
          std::vector<expr>{eq(column_ref("name"), lit("x AND y"))});
    CHECK(sp::parse_pg_conjuncts("(a = $1)").empty());
    CHECK(sp::parse_pg_conjuncts("((a = $1) AND (b = $2))").empty());
    CHECK(sp::parse_pg_conjuncts("").empty());
}

TEST_CASE("parse tokenizer postgres spelling: operators and standard strings") {
    const auto pg = sp::tokenize("a<>b >= c ~~ 'x\\n' -- d !~~ e::text", "t", sp::spelling::postgres);
    CHECK(texts(pg) == std::vector<std::string>{"a", "<>", "b", ">=", "c", "~~", "x\\n", "--", "d", "!~~", "e", ":",
                                                ":", "text"});
    // The Redshift spelling is unchanged: one-character symbols, escapes, comments.
    const auto rs = sp::tokenize("a<>b 'x\\n' -- d", "t");
    CHECK(texts(rs) == std::vector<std::string>{"a", "<", ">", "b", "x\n"});
    // Numbers: the run that starts with a digit; '.5' is a dot and a number.
    CHECK(texts(sp::tokenize("1.5e+3 .5", "t", sp::spelling::postgres)) ==
          std::vector<std::string>{"1.5e+3", ".", "5"});
    CHECK(texts(sp::tokenize("1.5e+3 .5", "t")) == std::vector<std::string>{"1.5e+3", ".5"});
}

TEST_CASE("parse read_explain builds the plan tree") {
    const explain_plan p = sp::read_explain(R"json([{"Plan": {"Node Type": "ModifyTable", "Relation Name": "t",
        "Alias": "t", "Plans": [{"Node Type": "Hash Join", "Join Type": "Left", "Hash Cond": "(a.x = b.y)",
        "Plans": [{"Node Type": "Seq Scan", "Relation Name": "t1", "Schema": "public", "Alias": "a",
                   "Filter": "((a.z > 3) AND CASE WHEN true THEN true END)", "Index Cond": "(a.q = $1)"},
                  {"Node Type": "Hash", "Group Key": ["b.y", "$0"], "Output": ["b.y"]}]}]}}])json");
    REQUIRE(p.nodes.size() == 4);
    CHECK(p.nodes[0].type == "ModifyTable");
    CHECK(p.nodes[0].relation == "t");  // read as printed; tune decides the target is not read
    CHECK_FALSE(p.nodes[0].parent);
    CHECK(p.nodes[0].children == std::vector<std::size_t>{1});
    CHECK(p.nodes[1].join_type == "Left");
    CHECK(p.nodes[1].children == std::vector<std::size_t>{2, 3});
    REQUIRE(p.nodes[1].join_conditions.size() == 1);
    CHECK(p.nodes[1].join_conditions[0] == eq(column_ref("a", "x"), column_ref("b", "y")));
    CHECK(p.nodes[2].parent == std::optional<std::size_t>{1});
    CHECK(p.nodes[2].schema == "public");
    REQUIRE(p.nodes[2].scan_conditions.size() == 2);
    CHECK(p.nodes[2].scan_conditions[0] == gt(column_ref("a", "z"), lit(3)));  // the CASE conjunct is dropped
    CHECK_FALSE(p.nodes[2].scan_conditions[1]);                               // nothing understood
    REQUIRE(p.nodes[3].group_keys.size() == 2);
    CHECK(p.nodes[3].group_keys[0] == column_ref("b", "y"));
    CHECK_FALSE(p.nodes[3].group_keys[1]);
    CHECK(p.nodes[3].output.size() == 1);
}

TEST_CASE("parse read_explain rejects what is not EXPLAIN JSON") {
    std::string deep = R"({"Plan": )";
    for (int i = 0; i < 202; ++i) deep += R"({"Node Type": "Limit", "Plans": [)";
    deep += "{}";
    for (int i = 0; i < 202; ++i) deep += "]}";
    deep += "}";
    for (const std::string& bad : {std::string(), std::string("[{\"Plan\": "), std::string("[]"),
                                   std::string("[{\"Query\": 1}]"), std::string("{\"Plan\": 3}"),
                                   std::string("[{\"Plan\": {\"Plans\": [3]}}]"), deep}) {
        CAPTURE(bad.substr(0, 40));
        try {
            static_cast<void>(sp::read_explain(bad));
            FAIL("expected model_error");
        } catch (const model_error& e) {
            CHECK(e.id() == "starshift.tune.bad_explain");
        }
    }
}
