// tune::compare_plans: joins matched by the tables under their sides, labels compared, the rest listed per side.
#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <vector>

#include "starshift/parse/redshift_explain.hpp"
#include "starshift/tune/plan_compare.hpp"
#include "starshift/tune/plan_format.hpp"

namespace sp = starshift::parse;
namespace st = starshift::tune;
using starshift::distributed_plan;

namespace {

// https://docs.aws.amazon.com/redshift/latest/dg/c-the-query-plan.html (sales, listing, event)
const char* const three_tables =
    "XN Hash Join DS_BCAST_INNER  (cost=109.98..3871130276.17 rows=172456 width=132)\n"
    "  Hash Cond: (\"outer\".eventid = \"inner\".eventid)\n"
    "  ->  XN Merge Join DS_DIST_NONE  (cost=0.00..6285.93 rows=172456 width=97)\n"
    "        Merge Cond: (\"outer\".listid = \"inner\".listid)\n"
    "        ->  XN Seq Scan on listing  (cost=0.00..1924.97 rows=192497 width=44)\n"
    "        ->  XN Seq Scan on sales  (cost=0.00..1724.56 rows=172456 width=53)\n"
    "  ->  XN Hash  (cost=87.98..87.98 rows=8798 width=35)\n"
    "        ->  XN Seq Scan on event  (cost=0.00..87.98 rows=8798 width=35)\n";

distributed_plan plan_of(const std::string& text) { return sp::read_redshift_explain(text); }

}  // namespace

TEST_CASE("joins of a plan list the tables under each side") {
    const auto joins = st::joins_of(plan_of(three_tables));
    REQUIRE(joins.size() == 2);
    CHECK(joins[0].step == 0);
    CHECK(joins[0].outer == std::vector<std::string>{"listing", "sales"});
    CHECK(joins[0].inner == std::vector<std::string>{"event"});
    CHECK(joins[1].outer == std::vector<std::string>{"listing"});
    CHECK(joins[1].inner == std::vector<std::string>{"sales"});
    CHECK(st::describe(joins[0]) == "{listing, sales} x {event}");
}

TEST_CASE("a plan compared with itself agrees on every join") {
    const auto p = plan_of(three_tables);
    const auto c = st::compare_plans(p, p);
    CHECK(c.compared() == 2);
    CHECK(c.agreeing == 2);
    CHECK(c.actual_only.empty());
    CHECK(c.predicted_only.empty());
    CHECK(c.joins[0].actual_line == 1);
    CHECK(c.joins[1].actual_line == 3);
    CHECK(c.joins[0].match == st::join_match::same_sides);
}

TEST_CASE("sides swapped still match and a different label disagrees") {
    auto predicted = plan_of(
        "XN Hash Join DS_DIST_OUTER  (cost=0.00..1.00 rows=1 width=1)\n"
        "  ->  XN Seq Scan on event  (cost=0.00..1.00 rows=1 width=1)\n"
        "  ->  XN Hash  (cost=0.00..1.00 rows=1 width=1)\n"
        "        ->  XN Merge Join DS_DIST_NONE  (cost=0.00..1.00 rows=1 width=1)\n"
        "              ->  XN Seq Scan on public.sales  (cost=0.00..1.00 rows=1 width=1)\n"
        "              ->  XN Seq Scan on Listing l  (cost=0.00..1.00 rows=1 width=1)\n");
    predicted.steps[0].rule = "R3";
    const auto c = st::compare_plans(predicted, plan_of(three_tables));
    REQUIRE(c.compared() == 2);
    CHECK(c.agreeing == 1);
    CHECK_FALSE(c.joins[0].agree);
    CHECK(c.joins[0].actual_label == "DS_BCAST_INNER");
    CHECK(c.joins[0].predicted_label == "DS_DIST_OUTER");
    CHECK(c.joins[0].predicted_rule == "R3");
    CHECK(c.joins[1].agree);
    CHECK(c.joins[1].predicted_op == "Merge Join");
}

TEST_CASE("another join order matches by the side joined in and lists the rest") {
    // Actual: (sales x event) x listing; predicted: (sales x listing) x event.
    const auto actual = plan_of(
        "XN Hash Join DS_DIST_NONE  (cost=0.00..1.00 rows=1 width=1)\n"
        "  ->  XN Hash Join DS_BCAST_INNER  (cost=0.00..1.00 rows=1 width=1)\n"
        "        ->  XN Seq Scan on sales  (cost=0.00..1.00 rows=1 width=1)\n"
        "        ->  XN Hash  (cost=0.00..1.00 rows=1 width=1)\n"
        "              ->  XN Seq Scan on event  (cost=0.00..1.00 rows=1 width=1)\n"
        "  ->  XN Hash  (cost=0.00..1.00 rows=1 width=1)\n"
        "        ->  XN Seq Scan on listing  (cost=0.00..1.00 rows=1 width=1)\n");
    const auto c = st::compare_plans(plan_of(three_tables), actual);
    REQUIRE(c.compared() == 1);
    CHECK(c.joins[0].match == st::join_match::same_inner);
    CHECK(c.joins[0].actual.inner == std::vector<std::string>{"event"});
    CHECK(c.joins[0].agree);
    REQUIRE(c.actual_only.size() == 1);
    CHECK(st::describe(c.actual_only[0]) == "{event, sales} x {listing}");
    REQUIRE(c.predicted_only.size() == 1);
    CHECK(st::describe(c.predicted_only[0]) == "{listing} x {sales}");
}

TEST_CASE("a self join lists its table twice and a nested loop and a materialized view are read") {
    const auto p = plan_of(
        "XN Nested Loop DS_BCAST_INNER  (cost=0.00..1.00 rows=1 width=1)\n"
        "  ->  XN Seq Scan on sales a  (cost=0.00..1.00 rows=1 width=1)\n"
        "  ->  XN Seq Scan on sales b  (cost=0.00..1.00 rows=1 width=1)\n");
    const auto joins = st::joins_of(p);
    REQUIRE(joins.size() == 1);
    CHECK(st::describe(joins[0]) == "{sales} x {sales}");
    // https://docs.aws.amazon.com/redshift/latest/dg/r_shred_super.html: a materialized view read as its table
    const auto mv = st::joins_of(plan_of(
        "XN Merge Join DS_DIST_NONE  (cost=0.00..34701.82 rows=1470776 width=27)\n"
        "  ->  XN Seq Scan on mv_tbl__super_mv__0 derived_table2  (cost=0.00..14999.86 rows=1499986 width=13)\n"
        "  ->  XN Seq Scan on customer_orders_lineitem c  (cost=0.00..999.96 rows=99996 width=30)\n"));
    REQUIRE(mv.size() == 1);
    CHECK(st::describe(mv[0]) == "{super_mv} x {customer_orders_lineitem}");
    const auto none = st::compare_plans(distributed_plan{}, p);
    CHECK(none.compared() == 0);
    CHECK(none.actual_only.size() == 1);
}

TEST_CASE("a plan printed by format_plan reads back into the same steps") {
    const auto p = plan_of(three_tables);
    const auto text = st::format_plan(p);
    CHECK(text.substr(0, text.find('\n')) ==
          "XN Hash Join DS_BCAST_INNER  (cost=109.98..3871130276.17 rows=172456 width=132)");
    const auto again = sp::read_redshift_explain(text);
    REQUIRE(again.steps.size() == p.steps.size());
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
        CHECK(again.steps[i].op == p.steps[i].op);
        CHECK(again.steps[i].label == p.steps[i].label);
        CHECK(again.steps[i].relation == p.steps[i].relation);
        CHECK(again.steps[i].children == p.steps[i].children);
        CHECK(again.steps[i].conditions == p.steps[i].conditions);
    }
    auto predicted = p;
    predicted.steps[0].rule = "R1: the inner is broadcast";
    predicted.steps[0].bytes_moved = 1234;
    const auto with_rule = st::format_plan(predicted);
    CHECK(with_rule.find("\n  Rule: R1: the inner is broadcast\n  Moved: 1234 bytes\n") != std::string::npos);
}

TEST_CASE("a comparison prints one line a join and its agreement") {
    auto predicted = plan_of(three_tables);
    predicted.steps[0].label = "DS_DIST_OUTER";
    predicted.steps[0].rule = "R9";
    const auto c = st::compare_plans(predicted, plan_of(three_tables));
    const auto text = st::format_comparison(c);
    CHECK(text.find("   1  NO     Hash Join DS_BCAST_INNER        Hash Join DS_DIST_OUTER         "
                    "{listing, sales} x {event}\n      predicted because: R9\n") != std::string::npos);
    CHECK(text.find("agreement: 1 of 2 joins\n") != std::string::npos);
    const auto json = st::comparison_json(c);
    CHECK(json.find("\"agreeing\": 1, \"compared\": 2") != std::string::npos);
    CHECK(json.find("\"predicted\": \"Hash Join DS_DIST_OUTER\", \"agree\": false") != std::string::npos);
    CHECK(st::plan_json(predicted).find("{\"op\": \"Hash Join\", \"label\": \"DS_DIST_OUTER\"") == 11);
}

// https://docs.aws.amazon.com/redshift/latest/dg/r_STL_EXPLAIN.html: substring() cuts "event" to "eve"
TEST_CASE("a cut table name of STL_EXPLAIN stands for the one predicted table it begins") {
    const auto actual = plan_of(
        "query|nodeid|parentid|substring\n"
        "15   |    3 |      1 |       -> XN Seq Scan on eve\n"
        "15   |    2 |      1 |       -> XN Seq Scan on sal\n"
        "15   |    1 |      0 |XN Hash Join DS_DIST_OUTER(cos\n");
    const auto predicted = plan_of(
        "XN Hash Join DS_DIST_OUTER  (cost=0.00..1.00 rows=1 width=1)\n"
        "  ->  XN Seq Scan on sales  (cost=0.00..1.00 rows=1 width=1)\n"
        "  ->  XN Seq Scan on event  (cost=0.00..1.00 rows=1 width=1)\n");
    const auto c = st::compare_plans(predicted, actual);
    REQUIRE(c.compared() == 1);
    CHECK(c.joins[0].agree);
    CHECK(st::describe(c.joins[0].actual) == "{sales} x {event}");
    // Two predicted tables that begin with the cut name: it stays as printed.
    const auto two = plan_of(
        "XN Hash Join DS_DIST_OUTER  (cost=0.00..1.00 rows=1 width=1)\n"
        "  ->  XN Seq Scan on events  (cost=0.00..1.00 rows=1 width=1)\n"
        "  ->  XN Seq Scan on event  (cost=0.00..1.00 rows=1 width=1)\n");
    CHECK(st::compare_plans(two, actual).compared() == 0);
}
