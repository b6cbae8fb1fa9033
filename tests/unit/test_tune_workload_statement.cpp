// tune::workload_from_statement on queries as starshift's parser reads them — Redshift's own SQL (DATEDIFF(day, …),
// DATEPART, SELECT TOP n: https://docs.aws.amazon.com/redshift/latest/dg/r_DATEDIFF_function.html,
// https://docs.aws.amazon.com/redshift/latest/dg/r_DATE_PART_function.html,
// https://docs.aws.amazon.com/redshift/latest/dg/r_SELECT_list.html) that PostgreSQL's EXPLAIN refuses — and
// load::workload_of_scripts, which reads whole query files, names the statements and reports what it skips.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "starshift/load/advise_inputs.hpp"
#include "starshift/parse/parser.hpp"
#include "starshift/tune/workload.hpp"

using namespace starshift;
namespace tn = starshift::tune;
namespace sp = starshift::parse;

namespace {

std::vector<table> tickit() {
    return sp::tables_for_analysis(
               {{"tickit.sql",
                 std::string("CREATE TABLE users (userid INTEGER NOT NULL DISTKEY SORTKEY, city VARCHAR(30));\n"
                             "CREATE TABLE sales (salesid INTEGER NOT NULL, buyerid INTEGER NOT NULL, sellerid INT,\n"
                             "  saletime TIMESTAMP, pricepaid DECIMAL(8,2)) DISTKEY (buyerid) SORTKEY (saletime);\n"
                             "CREATE EXTERNAL TABLE spectrum.sales_ext (buyerid INTEGER, pricepaid DECIMAL(8,2))\n"
                             "  PARTITIONED BY (saledate DATE) STORED AS PARQUET LOCATION 's3://b/sales/';\n")}})
        .tables;
}

tn::workload of(const std::string& sql) {
    return tn::workload_from_statement(sp::parse_query(sql), "q", tickit());
}

std::string join_text(const tn::join& j) {
    std::string out = j.left_table + "-" + j.right_table;
    for (const auto& [l, r] : j.columns) out += " " + l + "=" + r;
    return out + (j.outer ? " outer" : "");
}

std::vector<std::string> joins(const tn::workload& w) {
    std::vector<std::string> out;
    for (const auto& j : w.joins) out.push_back(join_text(j));
    return out;
}

}  // namespace

TEST_CASE("workload_from_statement reads a query with TOP and DATEDIFF") {
    const auto w = of("SELECT TOP 10 u.city, SUM(s.pricepaid) FROM sales s JOIN users u ON s.buyerid = u.userid\n"
                      "WHERE DATEDIFF(day, s.saletime, GETDATE()) < 30 AND s.saletime >= '2008-01-01'\n"
                      "GROUP BY u.city ORDER BY 2 DESC;");
    CHECK(w.queries == std::vector<std::string>{"q"});
    CHECK(joins(w) == std::vector<std::string>{"sales-users buyerid=userid"});
    REQUIRE(w.filters.size() == 1);  // the DATEDIFF expression restricts no column by a constant
    CHECK(w.filters[0].column.column == "saletime");
    CHECK(w.filters[0].low == std::optional<std::string>("2008-01-01"));
    REQUIRE(w.group_bys.size() == 1);
    CHECK(w.group_bys[0].column.table == "users");
    CHECK(w.group_bys[0].column.column == "city");
}

TEST_CASE("workload_from_statement reads DATEPART and resolves through a CTE") {
    const auto w = of("WITH recent AS (SELECT buyerid, saletime FROM sales WHERE saletime > '2008-06-01')\n"
                      "SELECT DATEPART(hour, r.saletime) AS h, COUNT(*) FROM recent r\n"
                      "LEFT JOIN users u ON r.buyerid = u.userid GROUP BY 1;");
    CHECK(joins(w) == std::vector<std::string>{"sales-users buyerid=userid outer"});
    REQUIRE(w.filters.size() == 1);  // the CTE's own filter, on the base table
    CHECK(w.filters[0].column.table == "sales");
    CHECK(w.filters[0].low_inclusive == false);
}

TEST_CASE("workload_from_statement resolves CTE column lists and CTEs over CTEs") {
    const auto w = of("WITH b (who, paid) AS (SELECT buyerid, pricepaid FROM sales),\n"
                      "     big AS (SELECT who FROM b WHERE paid >= 100)\n"
                      "SELECT u.city FROM big JOIN users u ON big.who = u.userid;");
    CHECK(joins(w) == std::vector<std::string>{"sales-users buyerid=userid"});
    REQUIRE(w.filters.size() == 1);
    CHECK(w.filters[0].column.column == "pricepaid");
}

TEST_CASE("workload_from_statement walks every branch of a UNION") {
    const auto w = of("SELECT s.buyerid FROM sales s JOIN users u ON s.buyerid = u.userid\n"
                      "UNION ALL SELECT e.buyerid FROM spectrum.sales_ext e JOIN users u ON e.buyerid = u.userid\n"
                      "WHERE e.saledate = '2008-01-01';");
    CHECK(joins(w) == std::vector<std::string>{"sales-users buyerid=userid", "sales_ext-users buyerid=userid"});
    REQUIRE(w.filters.size() == 1);  // a partition column of the external table
    CHECK(w.filters[0].column.table == "sales_ext");
    CHECK(w.filters[0].column.column == "saledate");
}

TEST_CASE("workload_from_statement reads UPDATE FROM and DELETE USING as joins") {
    const auto up = of("UPDATE sales SET pricepaid = 0 FROM users u WHERE sales.buyerid = u.userid AND u.city = 'X';");
    CHECK(joins(up) == std::vector<std::string>{"sales-users buyerid=userid"});
    CHECK(up.filters.size() == 1);
    const auto del = of("DELETE FROM sales USING users WHERE sales.buyerid = users.userid;");
    CHECK(joins(del) == std::vector<std::string>{"sales-users buyerid=userid"});
    const auto ins = of("INSERT INTO users VALUES (1, 'X');");
    CHECK(ins.queries == std::vector<std::string>{"q"});
    CHECK(ins.joins.empty());
}

TEST_CASE("workload_of_views analyses each materialized view's query as its refresh") {
    auto tables = tickit();
    const auto more = sp::tables_for_analysis(
        {{"mv.sql", std::string("CREATE TABLE users (userid INTEGER NOT NULL, city VARCHAR(30));\n"
                                "CREATE TABLE sales (salesid INTEGER NOT NULL, buyerid INTEGER NOT NULL);\n"
                                "CREATE MATERIALIZED VIEW per_city AS SELECT u.city, COUNT(*) AS n FROM sales s\n"
                                "JOIN users u ON s.buyerid = u.userid GROUP BY u.city;")}});
    REQUIRE(more.tables.size() == 3);
    const auto r = load::workload_of_views(more.tables);
    CHECK(r.statements == 1);
    CHECK(r.analysed == 1);
    CHECK(r.workload.queries == std::vector<std::string>{"per_city_refresh"});
    CHECK(joins(r.workload) == std::vector<std::string>{"sales-users buyerid=userid"});
    CHECK(load::workload_of_views(tables).statements == 0);
}

TEST_CASE("workload_of_scripts names statements and reports what it skips") {
    const std::string text = "-- top_buyers: the biggest buyers\n"
                             "SELECT TOP 5 buyerid FROM sales;\n"
                             "SELECT FROM WHERE;\n"                                         // line 3: refused
                             "SET search_path TO public;\n"                                 // line 4: not a query
                             "SELECT s.salesid FROM sales s JOIN users u ON s.buyerid = u.userid;\n";  // line 5
    const auto r = load::workload_of_scripts({{"dir/q.sql", text}}, tickit());
    CHECK(r.statements == 4);
    CHECK(r.analysed == 2);
    CHECK(r.workload.queries == std::vector<std::string>{"top_buyers", "q_4"});
    REQUIRE(r.skipped.size() == 2);
    CHECK(r.skipped[0].to_string().rfind("dir/q.sql:3:", 0) == 0);
    CHECK(r.skipped[0].id == "starshift.parse.syntax");
    CHECK(r.skipped[1].line == 4);
    CHECK(r.skipped[1].id == "starshift.tune.not_a_query");
    CHECK(joins(r.workload) == std::vector<std::string>{"sales-users buyerid=userid"});
}
