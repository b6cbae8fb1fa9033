// parse::read_redshift_explain on every plan printed in Redshift's Database Developer Guide (tests/data/redshift/explain/,
// each file named after its page https://docs.aws.amazon.com/redshift/latest/dg/<page>.html) and on bad text.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "starshift/parse/parse_error.hpp"
#include "starshift/parse/redshift_explain.hpp"
#include "support/error_of.hpp"

namespace sp = starshift::parse;
using starshift::distributed_plan;
using starshift::plan_step;
using starshift::testing::error_id_of;

namespace {

const std::filesystem::path explain_dir = std::filesystem::path(STARSHIFT_SOURCE_DIR) / "tests/data/redshift/explain";

distributed_plan read_doc_plan(const std::string& name) {
    std::ifstream in(explain_dir / name, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << name);
    std::ostringstream text;
    text << in.rdbuf();
    return sp::read_redshift_explain(text.str(), name);
}

// "Hash Join DS_BCAST_INNER", "Seq Scan on sales s": a step as a short string, for whole-plan assertions.
std::string brief(const plan_step& s) {
    std::string out = s.op;
    if (!s.label.empty()) out += " " + s.label;
    if (!s.relation.empty()) out += " on " + s.relation;
    if (!s.alias.empty()) out += " " + s.alias;
    return out;
}

// The plan in pre-order with two spaces of indentation a level.
std::string shape(const distributed_plan& p) {
    std::string out;
    std::vector<int> depth(p.steps.size(), 0);
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
        if (p.steps[i].parent) depth[i] = depth[*p.steps[i].parent] + 1;
        out += std::string(static_cast<std::size_t>(depth[i]) * 2, ' ') + brief(p.steps[i]) + "\n";
    }
    return out;
}

std::string bad_id(const std::string& text) {
    return error_id_of<sp::parse_error>([&] { (void)sp::read_redshift_explain(text); });
}

std::size_t bad_line(const std::string& text) {
    try {
        (void)sp::read_redshift_explain(text);
    } catch (const sp::parse_error& e) {
        return e.line();
    }
    return 0;
}

}  // namespace

TEST_CASE("every plan of the developer guide reads into a tree of steps with estimates") {
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(explain_dir)) {
        if (entry.path().extension() != ".txt") continue;
        ++files;
        const auto name = entry.path().filename().string();
        CAPTURE(name);
        const auto plan = read_doc_plan(name);
        REQUIRE_FALSE(plan.steps.empty());
        CHECK_FALSE(plan.steps[0].parent.has_value());
        for (std::size_t i = 1; i < plan.steps.size(); ++i) {
            REQUIRE(plan.steps[i].parent.has_value());
            CHECK(*plan.steps[i].parent < i);
            CHECK_FALSE(plan.steps[i].op.empty());
        }
        if (name.find("STL_EXPLAIN") == std::string::npos && name.find("SVCS_EXPLAIN") == std::string::npos) {
            for (const auto& s : plan.steps) CHECK(s.rows.has_value());
        }
    }
    CHECK(files == 33);
}

// https://docs.aws.amazon.com/redshift/latest/dg/t_explain_plan_example.html (tab-indented in the guide's source)
TEST_CASE("the TICKIT example plan reads with its labels conditions and estimates") {
    const auto plan = read_doc_plan("t_explain_plan_example-1.txt");
    CHECK(shape(plan) ==
          "Merge\n"
          "  Network\n"
          "    Sort\n"
          "      HashAggregate\n"
          "        Hash Join DS_BCAST_INNER\n"
          "          Hash Join DS_BCAST_INNER\n"
          "            Hash Join DS_BCAST_INNER\n"
          "              Hash Join DS_BCAST_INNER\n"
          "                Hash Join DS_BCAST_INNER\n"
          "                  Merge Join DS_DIST_NONE\n"
          "                    Seq Scan on listing\n"
          "                    Seq Scan on sales\n"
          "                  Hash\n"
          "                    Seq Scan on event\n"
          "                Hash\n"
          "                  Seq Scan on venue\n"
          "              Hash\n"
          "                Seq Scan on users\n"
          "            Hash\n"
          "              Seq Scan on date\n"
          "          Hash\n"
          "            Seq Scan on category\n");
    const auto& top = plan.steps[4];
    CHECK(top.conditions == std::vector<std::string>{"Hash Cond: (\"outer\".catid = \"inner\".catid)"});
    CHECK(*top.cost_low == doctest::Approx(742.08));
    CHECK(*top.cost_high == doctest::Approx(15345146299.10));
    CHECK(*top.rows == 170771);
    CHECK(*top.width == 103);
    CHECK(top.line == 10);
    CHECK(plan.steps[0].conditions == std::vector<std::string>{"Merge Key: category.catname, sum(sales.pricepaid)"});
    CHECK(plan.steps[1].conditions == std::vector<std::string>{"Send to leader"});
    CHECK(plan.steps[3].conditions == std::vector<std::string>{"Filter: (sum(pricepaid) > 9999.00)"});
    CHECK(plan.steps[4].children.size() == 2);
}

// https://docs.aws.amazon.com/redshift/latest/dg/c-spectrum-external-performance.html
TEST_CASE("a Spectrum plan reads its S3 steps with relation location and format") {
    const auto plan = read_doc_plan("c-spectrum-external-performance.txt");
    CHECK(shape(plan) ==
          "Limit\n"
          "  Merge\n"
          "    Network\n"
          "      Sort\n"
          "        HashAggregate\n"
          "          Hash Join DS_BCAST_INNER\n"
          "            S3 Query Scan on sales\n"
          "              S3 HashAggregate\n"
          "                S3 Seq Scan on spectrum.sales\n"
          "            Hash\n"
          "              Seq Scan on event\n");
    const auto& s3 = plan.steps[8];
    CHECK(s3.conditions == std::vector<std::string>{"location:\"s3://redshift-downloads/tickit/spectrum/sales\"",
                                                    "format:TEXT", "Filter: (pricepaid > 30.00)"});
    CHECK(*s3.rows == 172000);
}

// https://docs.aws.amazon.com/redshift/latest/dg/materialized-view-auto-rewrite.html,
// https://docs.aws.amazon.com/redshift/latest/dg/r_shred_super.html
TEST_CASE("aliases of scans and conditions at the root's own column are read") {
    const auto mv = read_doc_plan("materialized-view-auto-rewrite-1.txt");
    CHECK(shape(mv) ==
          "HashAggregate\n"
          "  Hash Join DS_BCAST_INNER\n"
          "    Seq Scan on sales s\n"
          "    Hash\n"
          "      Hash Join DS_BCAST_INNER\n"
          "        Seq Scan on event e\n"
          "        Hash\n"
          "          Seq Scan on category c\n");
    const auto super = read_doc_plan("r_shred_super.txt");
    CHECK(shape(super) ==
          "Merge Join DS_DIST_NONE\n"
          "  Seq Scan on mv_tbl__super_mv__0 derived_table2\n"
          "  Seq Scan on customer_orders_lineitem c\n");
    CHECK(super.steps[0].conditions ==
          std::vector<std::string>{"Merge Cond: (\"outer\".c_custkey = \"inner\".c_custkey)"});
}

// https://docs.aws.amazon.com/redshift/latest/dg/r_EXPLAIN.html prints this plan without indentation: the steps
// are linked by their operators' inputs (a join two, a scan none, a Hash one).
TEST_CASE("a plan printed without indentation is linked by its operators' inputs") {
    const auto plan = read_doc_plan("r_EXPLAIN-4.txt");
    CHECK(shape(plan) ==
          "Hash Join DS_DIST_OUTER\n"
          "  Seq Scan on event\n"
          "  Hash\n"
          "    Seq Scan on venue\n");
    CHECK(plan.notes ==
          std::vector<std::string>{"printed without indentation: the steps linked by their operators' inputs"});
    // Steps that do not fill their operators' inputs are read by indentation, all under the root.
    const auto odd = sp::read_redshift_explain(
        "XN Hash Join DS_DIST_NONE  (cost=0.00..1.00 rows=1 width=4)\n"
        "->  XN Seq Scan on a  (cost=0.00..1.00 rows=1 width=4)\n"
        "->  XN Seq Scan on b  (cost=0.00..1.00 rows=1 width=4)\n"
        "->  XN Seq Scan on c  (cost=0.00..1.00 rows=1 width=4)\n");
    CHECK(shape(odd) == "Hash Join DS_DIST_NONE\n  Seq Scan on a\n  Seq Scan on b\n  Seq Scan on c\n");
    CHECK(odd.notes.empty());
}

// https://docs.aws.amazon.com/redshift/latest/dg/tutorial-tuning-tables-distribution.html prints lines cut short.
TEST_CASE("steps whose estimates are cut short keep what they print") {
    const auto plan = sp::read_redshift_explain(
        "XN Hash Join DS_BCAST_INNER  (cost=30674.95..38007188507.46 \n"
        "  Hash Cond: (\"outer\".lo_orderdate = \"inner\".d_datekey)\n"
        "  ->  XN Seq Scan on lineorder  \n"
        "  ->  XN Hash  (cost=25.56..25.56 rows=2556 width=8)\n"
        "        ->  XN Seq Scan on dwdate  (cost=0.00..25.56 rows=2556\n");
    CHECK(shape(plan) ==
          "Hash Join DS_BCAST_INNER\n  Seq Scan on lineorder\n  Hash\n    Seq Scan on dwdate\n");
    CHECK(*plan.steps[0].cost_high == doctest::Approx(38007188507.46));
    CHECK_FALSE(plan.steps[0].rows.has_value());
    CHECK_FALSE(plan.steps[1].cost_low.has_value());
    CHECK(*plan.steps[3].rows == 2556);
    CHECK(plan.notes == std::vector<std::string>{"3 step(s) printed with their estimates missing or cut short"});
}

// https://docs.aws.amazon.com/redshift/latest/dg/r_STL_EXPLAIN.html
TEST_CASE("STL_EXPLAIN rows read into the tree their nodeid and parentid describe") {
    const auto cut = read_doc_plan("r_STL_EXPLAIN-2.txt");
    CHECK(shape(cut) ==
          "Aggregate\n"
          "  Merge Join DS_DIST_NO\n"
          "    Seq Scan on lis\n"
          "    Seq Scan on sal\n");
    CHECK(cut.steps[1].conditions == std::vector<std::string>{"Merge Cond:(\"outer\""});
    CHECK(cut.notes.size() == 1);
    // Printed in descending nodeid order, cut inside "(cost=".
    const auto reversed = read_doc_plan("r_STL_EXPLAIN-3.txt");
    CHECK(shape(reversed) ==
          "Merge\n"
          "  Network\n"
          "    Sort\n"
          "      HashAggregate\n"
          "        Hash Join DS_DIST_OUTER\n"
          "          Seq Scan on sales\n"
          "          Hash\n"
          "            Seq Scan on eve\n");
    CHECK(reversed.steps[5].line == 5);
    CHECK(*reversed.steps[6].cost_low == doctest::Approx(87.98));
}

TEST_CASE("notes header and row count lines are kept apart from the steps") {
    const auto plan = sp::read_redshift_explain(
        " QUERY PLAN\n"
        "------------\n"
        " XN Nested Loop DS_BCAST_INNER  (cost=0.00..1.50 rows=4 width=8)\n"
        "   ->  XN Seq Scan on a  (cost=0.00..0.02 rows=2 width=4)\n"
        "   ->  XN Seq Scan on b  (cost=0.00..0.02 rows=2 width=4)\n"
        " ----- Nested Loop Join in the query plan - review the join predicates to avoid Cartesian products -----\n"
        " ----- Tables missing statistics: a, b -----\n"
        "(5 rows)\n");
    CHECK(shape(plan) == "Nested Loop DS_BCAST_INNER\n  Seq Scan on a\n  Seq Scan on b\n");
    const std::vector<std::string> notes{
        "Nested Loop Join in the query plan - review the join predicates to avoid Cartesian products",
        "Tables missing statistics: a, b"};
    CHECK(plan.notes == notes);
}

// Each bad text with the line its error names.
struct bad_text {
    std::string text;
    std::size_t line;
};

void check_bad(const std::vector<bad_text>& cases) {
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(bad_id(c.text) == "starshift.parse.bad_redshift_explain");
        CHECK(bad_line(c.text) == c.line);
    }
}

TEST_CASE("bad EXPLAIN text is refused with its line") {
    const std::string root = "XN Hash Join DS_DIST_NONE  (cost=0.00..1.00 rows=1 width=4)\n";
    const std::string scan = "  ->  XN Seq Scan on a  ";
    check_bad({{"", 1},
               {"QUERY PLAN\n-----\n(0 rows)\n", 3},
               {"Hash Cond: (a = b)\nXN Seq Scan on a  (cost=0.00..1.00 rows=1 width=4)\n", 1},
               {root + "  ->  Hash Cond: x\n", 2},
               {root + scan + "(cost=0.00..x rows=1 width=4)\n", 2},
               {root + scan + "(cost=0.00..1.00 rows=x width=4)\n", 2},
               {root + scan + "(cost=0.00..1.00 rows=1 width=4 size=3)\n", 2},
               {root + scan + "(cost=0.00..1.00 rows=1)\n", 2},
               {root + "  ->  Seq Scan on a\n", 2},
               {root + root, 2}});
    CHECK(bad_id(root) == "");
}

TEST_CASE("bad STL_EXPLAIN rows are refused with their line") {
    const std::string header = "query|nodeid|parentid|plannode\n-----+------+--------+--------\n";
    const std::string top = "1 | 1 | 0 | XN Aggregate\n";
    check_bad({{header + "1 | x | 0 | XN Aggregate\n", 3},
               {header + top + "2 | 2 | 1 | -> XN Seq Scan on a\n", 4},
               {header + top + "1 | 2 | 7 | -> XN Seq Scan on a\n", 4},
               {header + top + "1 | 2 | 0 | XN Aggregate\n", 4},
               {header + top + top, 4},
               {header + "1 | 1 | 2 | XN Aggregate\n1 | 2 | 1 | -> XN Seq Scan on a\n", 1},
               {header + "1 | 1 | 0 | Hash Cond: x\n", 3},
               {header + "(0 rows)\n", 1},
               {"nodeid|plannode\n1|XN Aggregate\n", 1}});
}
