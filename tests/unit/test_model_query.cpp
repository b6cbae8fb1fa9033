// Expression and query values: construction and structural equality.
#include <doctest/doctest.h>

#include "starshift/model/query.hpp"
#include "starshift/model/statement.hpp"

using namespace starshift;

TEST_CASE("expressions compare structurally") {
    CHECK(eq(column_ref("e", "song"), lit("x")) == eq(column_ref("e", "song"), lit("x")));
    CHECK(eq(column_ref("e", "song"), lit("x")) != eq(column_ref("e", "song"), lit("y")));
    CHECK(lit(1) != lit(1.0));
    CHECK(lit(std::int64_t{7}) == lit(7));
    CHECK(binary(binary_op::lt, lit(1), lit(2)) != binary(binary_op::gt, lit(1), lit(2)));
    CHECK(cast(lit("1"), integer()) != cast(lit("1"), bigint()));
    CHECK(fn("count", {column_ref("x")}).get().name == "COUNT");
    CHECK(fn_distinct("count", {column_ref("x")}) != fn("count", {column_ref("x")}));
}

TEST_CASE("and_ and or_ fold their terms left to right") {
    const expr a = column_ref("a");
    const expr b = column_ref("b");
    const expr c = column_ref("c");
    CHECK(and_({a}) == a);
    const expr abc = and_({a, b, c});
    REQUIRE(abc.what() == expr::kind::binary);
    CHECK(abc.get().bop == binary_op::and_);
    CHECK(abc.get().args[0] == and_({a, b}));
    CHECK(abc.get().args[1] == c);
}

TEST_CASE("window functions keep partition and order") {
    const expr w = over(fn("ROW_NUMBER"), {column_ref("user_id")}, {desc(column_ref("ts"))});
    CHECK(w.what() == expr::kind::window);
    CHECK(w.get().name == "ROW_NUMBER");
    REQUIRE(w.get().order_by.size() == 1);
    CHECK(w.get().order_by[0].descending);
}

TEST_CASE("select queries compare structurally including subqueries") {
    auto inner = select().item(column_ref("x")).from("t");
    auto q1 = select().item(column_ref("s", "x")).from(inner, "s").where(is_not_null(column_ref("s", "x")));
    auto q2 = select().item(column_ref("s", "x")).from(inner, "s").where(is_not_null(column_ref("s", "x")));
    CHECK(q1 == q2);
    q2.limit(5);
    CHECK_FALSE(q1 == q2);
    auto q3 = select().item(column_ref("s", "x")).from(select().item(column_ref("y")).from("t"), "s");
    q3.where(is_not_null(column_ref("s", "x")));
    CHECK_FALSE(q1 == q3);
}
