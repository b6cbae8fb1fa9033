// Workload extraction: joins, filters and group-bys from model statements (a hand-built warehouse and Sparkify)
// and from PostgreSQL's EXPLAIN (FORMAT JSON) output.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <tuple>
#include <string>
#include <vector>

#include "starshift/load/explain_workload.hpp"
#include "starshift/model/column.hpp"
#include "starshift/model/error.hpp"
#include "starshift/model/query.hpp"
#include "starshift/model/statement.hpp"
#include "starshift/model/table.hpp"
#include "starshift/sparkify/warehouse.hpp"
#include "starshift/tune/tune_error.hpp"
#include "starshift/tune/workload.hpp"

using namespace starshift;
namespace tn = starshift::tune;
namespace ld = starshift::load;

namespace {

using pairs = std::vector<std::pair<std::string, std::string>>;

// The joins of `query` between `l` and `r` (either order is not accepted: the orientation is part of the answer).
std::vector<tn::join> joins_of(const tn::workload& w, const std::string& query, const std::string& l,
                               const std::string& r) {
    std::vector<tn::join> out;
    for (const auto& j : w.joins)
        if (j.query == query && j.left_table == l && j.right_table == r) out.push_back(j);
    return out;
}

std::vector<tn::filter> filters_of(const tn::workload& w, const std::string& query) {
    std::vector<tn::filter> out;
    for (const auto& f : w.filters)
        if (f.query == query) out.push_back(f);
    return out;
}

std::vector<std::string> group_bys_of(const tn::workload& w, const std::string& query) {
    std::vector<std::string> out;
    for (const auto& g : w.group_bys)
        if (g.query == query) out.push_back(g.column.table + "." + g.column.column);
    return out;
}

expr unary_minus(expr e) {
    auto n = std::make_shared<expr::node>();
    n->k = expr::kind::unary;
    n->uop = unary_op::negate;
    n->args = {std::move(e)};
    return expr(std::move(n));
}

warehouse shop() {
    warehouse w;
    w.name = "shop";
    w.star.push_back(table_builder("sales")
                         .column(col("id", bigint()))
                         .column(col("cust_id", integer()))
                         .column(col("prod_id", integer()))
                         .column(col("day", date()))
                         .column(col("amount", integer()))
                         .column(col("region", varchar(8)))
                         .build());
    w.star.push_back(table_builder("customers")
                         .column(col("id", integer()))
                         .column(col("name", varchar(64)))
                         .column(col("segment", varchar(8)))
                         .build());
    w.star.push_back(table_builder("products")
                         .column(col("pid", integer()))
                         .column(col("category", varchar(16)))
                         .build());

    // SELECT c.segment AS seg, SUM(s.amount) FROM sales s
    //   JOIN customers c ON c.id = s.cust_id
    //   JOIN (SELECT p.pid AS product, p.category FROM products p WHERE p.category = 'toys') x
    //     ON x.product = s.prod_id AND LOWER(x.category) = s.region
    // WHERE s.day >= CAST('2020-01-01' AS DATE) AND s.day < '2020-02-01'
    //   AND (c.segment = 'a' OR c.segment = 'b' OR 'c' = c.segment)
    //   AND 5 < s.amount AND s.amount <= 100 AND s.amount > 10 AND id = 3
    // GROUP BY seg, UPPER(s.region)
    select_query toys = select()
                            .item(column_ref("p", "pid"), "product")
                            .item(column_ref("p", "category"))
                            .from("products", "p")
                            .where(eq(column_ref("p", "category"), lit("toys")));
    w.queries.push_back(
        {"sales_by_segment", "",
         select()
             .item(column_ref("c", "segment"), "seg")
             .item(fn("SUM", {column_ref("s", "amount")}))
             .from("sales", "s")
             .join("customers", "c", eq(column_ref("c", "id"), column_ref("s", "cust_id")))
             .join(toys, "x",
                   and_({eq(column_ref("x", "product"), column_ref("s", "prod_id")),
                         eq(fn("LOWER", {column_ref("x", "category")}), column_ref("s", "region"))}))
             .where(and_({binary(binary_op::ge, column_ref("s", "day"), cast(lit("2020-01-01"), date())),
                          lt(column_ref("s", "day"), lit("2020-02-01")),
                          or_({eq(column_ref("c", "segment"), lit("a")), eq(column_ref("c", "segment"), lit("b")),
                               eq(lit("c"), column_ref("c", "segment"))}),
                          lt(lit(5), column_ref("s", "amount")),
                          binary(binary_op::le, column_ref("s", "amount"), lit(100)),
                          gt(column_ref("s", "amount"), lit(10)), eq(column_ref("id"), lit(3))}))
             .group_by({column_ref("seg"), fn("UPPER", {column_ref("s", "region")})})});

    // SELECT COUNT(*) FROM sales s LEFT JOIN customers c ON c.id = s.cust_id AND c.segment = 'x' AND s.region = 'eu'
    // WHERE c.id IS NULL
    w.checks.push_back({"orphan_sales", "",
                        select()
                            .item(count_star())
                            .from("sales", "s")
                            .join("customers", "c",
                                  and_({eq(column_ref("c", "id"), column_ref("s", "cust_id")),
                                        eq(column_ref("c", "segment"), lit("x")),
                                        eq(column_ref("s", "region"), lit("eu"))}),
                                  join_kind::left)
                            .where(is_null(column_ref("c", "id"))),
                        data_check::expectation::zero});

    // DELETE FROM sales USING customers c WHERE sales.cust_id = c.id AND c.segment IN ('gone') AND sales.amount = -1
    delete_statement d;
    d.table = "sales";
    from_item u;
    u.table = "customers";
    u.alias = "c";
    d.using_item = u;
    d.where_clause = and_({eq(column_ref("sales", "cust_id"), column_ref("c", "id")),
                           or_({eq(column_ref("c", "segment"), lit("gone"))}),
                           eq(column_ref("sales", "amount"), unary_minus(lit(1)))});
    w.transforms.push_back({"purge", "", d});
    return w;
}

// Real EXPLAIN outputs of PostgreSQL 15.5 over sql/postgres/create_tables.sql with a few thousand generated rows
// (ANALYZEd), captured with psql -At and re-indented one plan node per line.
// EXPLAIN (FORMAT JSON) of the top_songs query (sql/postgres/queries.sql)
constexpr const char* top_songs_plan = R"json([{"Plan":
  {"Node Type": "Limit", "Parallel Aware": false, "Async Capable": false, "Startup Cost": 3602.6, "Total Cost": 3602.63, "Plan Rows": 10, "Plan Width": 35, "Plans": [
    {"Node Type": "Sort", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Startup Cost": 3602.6, "Total Cost": 3727.44, "Plan Rows": 49935, "Plan Width": 35, "Sort Key": ["(count(*)) DESC", "s.title", "a.name", "s.song_id"], "Plans": [
      {"Node Type": "Aggregate", "Strategy": "Hashed", "Partial Mode": "Simple", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Startup Cost": 2024.18, "Total Cost": 2523.53, "Plan Rows": 49935, "Plan Width": 35, "Group Key": ["s.song_id", "a.name"], "Planned Partitions": 0, "Plans": [
        {"Node Type": "Hash Join", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Join Type": "Inner", "Startup Cost": 371.0, "Total Cost": 1649.66, "Plan Rows": 49935, "Plan Width": 27, "Inner Unique": true, "Hash Cond": "((p.artist_id)::text = (a.artist_id)::text)", "Plans": [
          {"Node Type": "Hash Join", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Join Type": "Inner", "Startup Cost": 309.0, "Total Cost": 1456.31, "Plan Rows": 49935, "Plan Width": 22, "Inner Unique": true, "Hash Cond": "((p.song_id)::text = (s.song_id)::text)", "Plans": [
            {"Node Type": "Seq Scan", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Relation Name": "songplays", "Alias": "p", "Startup Cost": 0.0, "Total Cost": 1016.0, "Plan Rows": 50000, "Plan Width": 12},
            {"Node Type": "Hash", "Parent Relationship": "Inner", "Parallel Aware": false, "Async Capable": false, "Startup Cost": 184.0, "Total Cost": 184.0, "Plan Rows": 10000, "Plan Width": 16, "Plans": [
              {"Node Type": "Seq Scan", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Relation Name": "songs", "Alias": "s", "Startup Cost": 0.0, "Total Cost": 184.0, "Plan Rows": 10000, "Plan Width": 16}]}]},
          {"Node Type": "Hash", "Parent Relationship": "Inner", "Parallel Aware": false, "Async Capable": false, "Startup Cost": 37.0, "Total Cost": 37.0, "Plan Rows": 2000, "Plan Width": 17, "Plans": [
            {"Node Type": "Seq Scan", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Relation Name": "artists", "Alias": "a", "Startup Cost": 0.0, "Total Cost": 37.0, "Plan Rows": 2000, "Plan Width": 17}]}]}]}]}]}}])json";

// EXPLAIN (FORMAT JSON) SELECT p.user_id, COUNT(*) FROM songplays p JOIN time t ON t.start_time = p.start_time WHERE p.start_time >= '2018-11-01' AND p.start_time < '2018-11-15' AND p.user_id IN (15, 29, 80) AND t.hour BETWEEN 8 AND 17 AND p.level = 'paid' GROUP BY p.user_id
constexpr const char* filters_plan = R"json([{"Plan":
  {"Node Type": "Aggregate", "Strategy": "Sorted", "Partial Mode": "Simple", "Parallel Aware": false, "Async Capable": false, "Startup Cost": 1586.82, "Total Cost": 1586.84, "Plan Rows": 1, "Plan Width": 12, "Group Key": ["p.user_id"], "Plans": [
    {"Node Type": "Sort", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Startup Cost": 1586.82, "Total Cost": 1586.83, "Plan Rows": 1, "Plan Width": 4, "Sort Key": ["p.user_id"], "Plans": [
      {"Node Type": "Nested Loop", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Join Type": "Inner", "Startup Cost": 0.29, "Total Cost": 1586.81, "Plan Rows": 1, "Plan Width": 4, "Inner Unique": true, "Plans": [
        {"Node Type": "Seq Scan", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Relation Name": "songplays", "Alias": "p", "Startup Cost": 0.0, "Total Cost": 1578.5, "Plan Rows": 1, "Plan Width": 12, "Filter": "((start_time >= '2018-11-01 00:00:00'::timestamp without time zone) AND (start_time < '2018-11-15 00:00:00'::timestamp without time zone) AND ((level)::text = 'paid'::text) AND (user_id = ANY ('{15,29,80}'::integer[])))"},
        {"Node Type": "Index Scan", "Parent Relationship": "Inner", "Parallel Aware": false, "Async Capable": false, "Scan Direction": "Forward", "Index Name": "time_sortkey", "Relation Name": "time", "Alias": "t", "Startup Cost": 0.29, "Total Cost": 8.31, "Plan Rows": 1, "Plan Width": 8, "Index Cond": "(start_time = p.start_time)", "Filter": "((hour >= 8) AND (hour <= 17))"}]}]}]}}])json";

// EXPLAIN (FORMAT JSON) of the songplays transform (sql/postgres/transform.sql)
constexpr const char* songplays_insert_plan = R"json([{"Plan":
  {"Node Type": "ModifyTable", "Operation": "Insert", "Parallel Aware": false, "Async Capable": false, "Relation Name": "songplays", "Alias": "songplays", "Startup Cost": 3460.28, "Total Cost": 3460.32, "Plan Rows": 0, "Plan Width": 0, "Plans": [
    {"Node Type": "Subquery Scan", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Alias": "*SELECT*", "Startup Cost": 3460.28, "Total Cost": 3460.32, "Plan Rows": 1, "Plan Width": 48, "Plans": [
      {"Node Type": "Unique", "Parent Relationship": "Subquery", "Parallel Aware": false, "Async Capable": false, "Startup Cost": 3460.28, "Total Cost": 3460.31, "Plan Rows": 1, "Plan Width": 40, "Plans": [
        {"Node Type": "Sort", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Startup Cost": 3460.28, "Total Cost": 3460.29, "Plan Rows": 1, "Plan Width": 40, "Sort Key": ["e.ts", "e.user_id", "e.level", "s.song_id", "s.artist_id", "e.session_id", "e.location", "e.user_agent"], "Plans": [
          {"Node Type": "Nested Loop", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Join Type": "Anti", "Startup Cost": 1284.26, "Total Cost": 3460.27, "Plan Rows": 1, "Plan Width": 40, "Inner Unique": false, "Join Filter": "((p.start_time = e.ts) AND (p.user_id = e.user_id) AND (p.session_id = e.session_id))", "Plans": [
            {"Node Type": "Hash Join", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Join Type": "Inner", "Startup Cost": 1284.26, "Total Cost": 1569.27, "Plan Rows": 1, "Plan Width": 40, "Inner Unique": false, "Hash Cond": "(((e.song)::text = (s.title)::text) AND ((e.artist)::text = (s.artist_name)::text) AND (e.length = s.duration))", "Plans": [
              {"Node Type": "Seq Scan", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Relation Name": "staging_events", "Alias": "e", "Startup Cost": 0.0, "Total Cost": 213.0, "Plan Rows": 6400, "Plan Width": 57, "Filter": "((user_id IS NOT NULL) AND (ts IS NOT NULL) AND ((page)::text = 'NextSong'::text))"},
              {"Node Type": "Hash", "Parent Relationship": "Inner", "Parallel Aware": false, "Async Capable": false, "Startup Cost": 1283.39, "Total Cost": 1283.39, "Plan Rows": 50, "Plan Width": 41, "Plans": [
                {"Node Type": "Subquery Scan", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Alias": "s", "Startup Cost": 883.39, "Total Cost": 1283.39, "Plan Rows": 50, "Plan Width": 41, "Filter": "(s.rn = 1)", "Plans": [
                  {"Node Type": "WindowAgg", "Parent Relationship": "Subquery", "Parallel Aware": false, "Async Capable": false, "Startup Cost": 883.39, "Total Cost": 1158.39, "Plan Rows": 10000, "Plan Width": 49, "Run Condition": "(row_number() OVER (?) <= 1)", "Plans": [
                    {"Node Type": "Sort", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Startup Cost": 883.39, "Total Cost": 908.39, "Plan Rows": 10000, "Plan Width": 41, "Sort Key": ["s_1.title", "s_1.artist_name", "s_1.duration", "s_1.song_id", "s_1.artist_id"], "Plans": [
                      {"Node Type": "Seq Scan", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Relation Name": "staging_songs", "Alias": "s_1", "Startup Cost": 0.0, "Total Cost": 219.0, "Plan Rows": 10000, "Plan Width": 41}]}]}]}]}]},
            {"Node Type": "Seq Scan", "Parent Relationship": "Inner", "Parallel Aware": false, "Async Capable": false, "Relation Name": "songplays", "Alias": "p", "Startup Cost": 0.0, "Total Cost": 1016.0, "Plan Rows": 50000, "Plan Width": 16}]}]}]}]}]}}])json";

// EXPLAIN (VERBOSE, FORMAT JSON) of the songplays transform
constexpr const char* songplays_insert_verbose_plan = R"json([{"Plan":
  {"Node Type": "ModifyTable", "Operation": "Insert", "Parallel Aware": false, "Async Capable": false, "Relation Name": "songplays", "Schema": "public", "Alias": "songplays", "Startup Cost": 3460.28, "Total Cost": 3460.32, "Plan Rows": 0, "Plan Width": 0, "Plans": [
    {"Node Type": "Subquery Scan", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Alias": "*SELECT*", "Startup Cost": 3460.28, "Total Cost": 3460.32, "Plan Rows": 1, "Plan Width": 48, "Output": ["nextval('songplays_songplay_id_seq')", "\"*SELECT*\".ts", "\"*SELECT*\".user_id", "\"*SELECT*\".level", "\"*SELECT*\".song_id", "\"*SELECT*\".artist_id", "\"*SELECT*\".session_id", "\"*SELECT*\".location", "\"*SELECT*\".user_agent"], "Plans": [
      {"Node Type": "Unique", "Parent Relationship": "Subquery", "Parallel Aware": false, "Async Capable": false, "Startup Cost": 3460.28, "Total Cost": 3460.31, "Plan Rows": 1, "Plan Width": 40, "Output": ["e.ts", "e.user_id", "e.level", "s.song_id", "s.artist_id", "e.session_id", "e.location", "e.user_agent"], "Plans": [
        {"Node Type": "Sort", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Startup Cost": 3460.28, "Total Cost": 3460.29, "Plan Rows": 1, "Plan Width": 40, "Output": ["e.ts", "e.user_id", "e.level", "s.song_id", "s.artist_id", "e.session_id", "e.location", "e.user_agent"], "Sort Key": ["e.ts", "e.user_id", "e.level", "s.song_id", "s.artist_id", "e.session_id", "e.location", "e.user_agent"], "Plans": [
          {"Node Type": "Nested Loop", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Join Type": "Anti", "Startup Cost": 1284.26, "Total Cost": 3460.27, "Plan Rows": 1, "Plan Width": 40, "Output": ["e.ts", "e.user_id", "e.level", "s.song_id", "s.artist_id", "e.session_id", "e.location", "e.user_agent"], "Inner Unique": false, "Join Filter": "((p.start_time = e.ts) AND (p.user_id = e.user_id) AND (p.session_id = e.session_id))", "Plans": [
            {"Node Type": "Hash Join", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Join Type": "Inner", "Startup Cost": 1284.26, "Total Cost": 1569.27, "Plan Rows": 1, "Plan Width": 40, "Output": ["e.ts", "e.user_id", "e.level", "e.session_id", "e.location", "e.user_agent", "s.song_id", "s.artist_id"], "Inner Unique": false, "Hash Cond": "(((e.song)::text = (s.title)::text) AND ((e.artist)::text = (s.artist_name)::text) AND (e.length = s.duration))", "Plans": [
              {"Node Type": "Seq Scan", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Relation Name": "staging_events", "Schema": "public", "Alias": "e", "Startup Cost": 0.0, "Total Cost": 213.0, "Plan Rows": 6400, "Plan Width": 57, "Output": ["e.artist", "e.auth", "e.first_name", "e.gender", "e.item_in_session", "e.last_name", "e.length", "e.level", "e.location", "e.method", "e.page", "e.registration", "e.session_id", "e.song", "e.status", "e.ts", "e.user_agent", "e.user_id"], "Filter": "((e.user_id IS NOT NULL) AND (e.ts IS NOT NULL) AND ((e.page)::text = 'NextSong'::text))"},
              {"Node Type": "Hash", "Parent Relationship": "Inner", "Parallel Aware": false, "Async Capable": false, "Startup Cost": 1283.39, "Total Cost": 1283.39, "Plan Rows": 50, "Plan Width": 41, "Output": ["s.song_id", "s.artist_id", "s.title", "s.artist_name", "s.duration"], "Plans": [
                {"Node Type": "Subquery Scan", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Alias": "s", "Startup Cost": 883.39, "Total Cost": 1283.39, "Plan Rows": 50, "Plan Width": 41, "Output": ["s.song_id", "s.artist_id", "s.title", "s.artist_name", "s.duration"], "Filter": "(s.rn = 1)", "Plans": [
                  {"Node Type": "WindowAgg", "Parent Relationship": "Subquery", "Parallel Aware": false, "Async Capable": false, "Startup Cost": 883.39, "Total Cost": 1158.39, "Plan Rows": 10000, "Plan Width": 49, "Output": ["s_1.song_id", "s_1.artist_id", "s_1.title", "s_1.artist_name", "s_1.duration", "row_number() OVER (?)"], "Run Condition": "(row_number() OVER (?) <= 1)", "Plans": [
                    {"Node Type": "Sort", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Startup Cost": 883.39, "Total Cost": 908.39, "Plan Rows": 10000, "Plan Width": 41, "Output": ["s_1.song_id", "s_1.artist_id", "s_1.title", "s_1.artist_name", "s_1.duration"], "Sort Key": ["s_1.title", "s_1.artist_name", "s_1.duration", "s_1.song_id", "s_1.artist_id"], "Plans": [
                      {"Node Type": "Seq Scan", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Relation Name": "staging_songs", "Schema": "public", "Alias": "s_1", "Startup Cost": 0.0, "Total Cost": 219.0, "Plan Rows": 10000, "Plan Width": 41, "Output": ["s_1.song_id", "s_1.artist_id", "s_1.title", "s_1.artist_name", "s_1.duration"]}]}]}]}]}]},
            {"Node Type": "Seq Scan", "Parent Relationship": "Inner", "Parallel Aware": false, "Async Capable": false, "Relation Name": "songplays", "Schema": "public", "Alias": "p", "Startup Cost": 0.0, "Total Cost": 1016.0, "Plan Rows": 50000, "Plan Width": 16, "Output": ["p.songplay_id", "p.start_time", "p.user_id", "p.level", "p.song_id", "p.artist_id", "p.session_id", "p.location", "p.user_agent"]}]}]}]}]}]}}])json";

// with enable_hashjoin and enable_mergejoin off: EXPLAIN (FORMAT JSON) SELECT u.user_id, u.level, COUNT(*) FROM songplays p JOIN users u ON u.user_id = p.user_id WHERE u.level = 'paid' GROUP BY u.user_id, u.level
constexpr const char* nestloop_plan = R"json([{"Plan":
  {"Node Type": "Aggregate", "Strategy": "Hashed", "Partial Mode": "Simple", "Parallel Aware": false, "Async Capable": false, "Startup Cost": 2357.85, "Total Cost": 2358.18, "Plan Rows": 33, "Plan Width": 17, "Group Key": ["u.user_id"], "Planned Partitions": 0, "Plans": [
    {"Node Type": "Nested Loop", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Join Type": "Inner", "Startup Cost": 0.15, "Total Cost": 2275.35, "Plan Rows": 16500, "Plan Width": 9, "Inner Unique": true, "Plans": [
      {"Node Type": "Seq Scan", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Relation Name": "songplays", "Alias": "p", "Startup Cost": 0.0, "Total Cost": 1016.0, "Plan Rows": 50000, "Plan Width": 4},
      {"Node Type": "Memoize", "Parent Relationship": "Inner", "Parallel Aware": false, "Async Capable": false, "Startup Cost": 0.15, "Total Cost": 0.17, "Plan Rows": 1, "Plan Width": 9, "Cache Key": "p.user_id", "Cache Mode": "logical", "Plans": [
        {"Node Type": "Index Scan", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Scan Direction": "Forward", "Index Name": "users_sortkey", "Relation Name": "users", "Alias": "u", "Startup Cost": 0.14, "Total Cost": 0.16, "Plan Rows": 1, "Plan Width": 9, "Index Cond": "(user_id = p.user_id)", "Filter": "((level)::text = 'paid'::text)"}]}]}]}}])json";

// with enable_hashjoin and enable_nestloop off: EXPLAIN (FORMAT JSON) of the plays_by_hour query
constexpr const char* merge_plan = R"json([{"Plan":
  {"Node Type": "Sort", "Parallel Aware": false, "Async Capable": false, "Startup Cost": 7362.31, "Total Cost": 7362.37, "Plan Rows": 24, "Plan Width": 12, "Sort Key": ["t.hour"], "Plans": [
    {"Node Type": "Aggregate", "Strategy": "Hashed", "Partial Mode": "Simple", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Startup Cost": 7361.52, "Total Cost": 7361.76, "Plan Rows": 24, "Plan Width": 12, "Group Key": ["t.hour"], "Planned Partitions": 0, "Plans": [
      {"Node Type": "Merge Join", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Join Type": "Inner", "Startup Cost": 4918.73, "Total Cost": 7111.52, "Plan Rows": 50000, "Plan Width": 4, "Inner Unique": false, "Merge Cond": "(t.start_time = p.start_time)", "Plans": [
        {"Node Type": "Index Scan", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Scan Direction": "Forward", "Index Name": "time_sortkey", "Relation Name": "time", "Alias": "t", "Startup Cost": 0.29, "Total Cost": 1401.7, "Plan Rows": 41761, "Plan Width": 12},
        {"Node Type": "Sort", "Parent Relationship": "Inner", "Parallel Aware": false, "Async Capable": false, "Startup Cost": 4918.41, "Total Cost": 5043.41, "Plan Rows": 50000, "Plan Width": 8, "Sort Key": ["p.start_time"], "Plans": [
          {"Node Type": "Seq Scan", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Relation Name": "songplays", "Alias": "p", "Startup Cost": 0.0, "Total Cost": 1016.0, "Plan Rows": 50000, "Plan Width": 8}]}]}]}]}}])json";

// EXPLAIN (FORMAT JSON) of the songplays_orphan_users check: SELECT COUNT(*) AS n FROM songplays AS p LEFT JOIN users AS d ON d.user_id = p.user_id WHERE d.user_id IS NULL
constexpr const char* orphan_plan = R"json([{"Plan":
  {"Node Type": "Aggregate", "Strategy": "Plain", "Partial Mode": "Simple", "Parallel Aware": false, "Async Capable": false, "Startup Cost": 1206.75, "Total Cost": 1206.76, "Plan Rows": 1, "Plan Width": 8, "Plans": [
    {"Node Type": "Hash Join", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Join Type": "Anti", "Startup Cost": 3.25, "Total Cost": 1206.75, "Plan Rows": 1, "Plan Width": 0, "Inner Unique": false, "Hash Cond": "(p.user_id = d.user_id)", "Plans": [
      {"Node Type": "Seq Scan", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Relation Name": "songplays", "Alias": "p", "Startup Cost": 0.0, "Total Cost": 1016.0, "Plan Rows": 50000, "Plan Width": 4},
      {"Node Type": "Hash", "Parent Relationship": "Inner", "Parallel Aware": false, "Async Capable": false, "Startup Cost": 2.0, "Total Cost": 2.0, "Plan Rows": 100, "Plan Width": 4, "Plans": [
        {"Node Type": "Seq Scan", "Parent Relationship": "Outer", "Parallel Aware": false, "Async Capable": false, "Relation Name": "users", "Alias": "d", "Startup Cost": 0.0, "Total Cost": 2.0, "Plan Rows": 100, "Plan Width": 4}]}]}]}}])json";


std::vector<table> sparkify_tables() {
    std::vector<table> out;
    const auto w = starshift::sparkify::make_warehouse();
    for (const table* t : w.all_tables()) out.push_back(*t);
    return out;
}

}  // namespace

TEST_CASE("tune workload_from_model resolves aliases and subqueries in joins") {
    const auto w = tn::workload_from_model(shop());
    CHECK(w.queries == std::vector<std::string>{"purge", "orphan_sales", "sales_by_segment"});

    const auto sc = joins_of(w, "sales_by_segment", "sales", "customers");
    REQUIRE(sc.size() == 1);
    CHECK(sc[0].columns == pairs{{"cust_id", "id"}});
    CHECK_FALSE(sc[0].outer);
    // x.product is p.pid of the derived table; LOWER(x.category) = s.region is an expression: skipped.
    const auto sp = joins_of(w, "sales_by_segment", "sales", "products");
    REQUIRE(sp.size() == 1);
    CHECK(sp[0].columns == pairs{{"prod_id", "pid"}});

    const auto orphan = joins_of(w, "orphan_sales", "sales", "customers");
    REQUIRE(orphan.size() == 1);
    CHECK(orphan[0].outer);
    CHECK(orphan[0].columns == pairs{{"cust_id", "id"}});

    // DELETE … USING: the implicit join in WHERE, from the target table.
    const auto purge = joins_of(w, "purge", "sales", "customers");
    REQUIRE(purge.size() == 1);
    CHECK(purge[0].columns == pairs{{"cust_id", "id"}});
    CHECK_FALSE(purge[0].outer);
    CHECK(w.joins.size() == 4);
}

TEST_CASE("tune workload_from_model merges ranges and reads IN lists") {
    const auto w = tn::workload_from_model(shop());
    const auto f = filters_of(w, "sales_by_segment");
    auto find = [&](const std::string& table, const std::string& column) {
        std::vector<tn::filter> out;
        for (const auto& x : f)
            if (x.column.table == table && x.column.column == column) out.push_back(x);
        return out;
    };
    const auto day = find("sales", "day");
    REQUIRE(day.size() == 1);
    CHECK(day[0].kind == tn::predicate_kind::range);
    CHECK(day[0].low == "2020-01-01");  // through the CAST
    CHECK(day[0].low_inclusive);
    CHECK(day[0].high == "2020-02-01");
    CHECK_FALSE(day[0].high_inclusive);

    const auto amount = find("sales", "amount");  // 5 < amount, amount > 10, amount <= 100: (10, 100]
    REQUIRE(amount.size() == 1);
    CHECK(amount[0].low == "10");
    CHECK_FALSE(amount[0].low_inclusive);
    CHECK(amount[0].high == "100");
    CHECK(amount[0].high_inclusive);

    const auto seg = find("customers", "segment");
    REQUIRE(seg.size() == 1);
    CHECK(seg[0].kind == tn::predicate_kind::in_list);
    CHECK(seg[0].values == std::vector<std::string>{"a", "b", "c"});

    const auto cat = find("products", "category");  // inside the derived table
    REQUIRE(cat.size() == 1);
    CHECK(cat[0].kind == tn::predicate_kind::equality);
    CHECK(cat[0].low == "toys");
    CHECK(cat[0].high == "toys");

    CHECK(f.size() == 4);  // unqualified `id` is ambiguous (sales.id, customers.id): skipped

    // LEFT JOIN … ON: the right side's restriction counts, the preserved side's does not.
    const auto o = filters_of(w, "orphan_sales");
    REQUIRE(o.size() == 1);
    CHECK(o[0].column == tn::column_ref{"customers", "segment"});
    CHECK(o[0].low == "x");

    // A one-value OR is an equality; a negated constant keeps its sign.
    const auto p = filters_of(w, "purge");
    REQUIRE(p.size() == 2);
    CHECK(p[0].column == tn::column_ref{"customers", "segment"});
    CHECK(p[0].kind == tn::predicate_kind::equality);
    CHECK(p[1].column == tn::column_ref{"sales", "amount"});
    CHECK(p[1].low == "-1");
}

TEST_CASE("tune workload_from_model reads group-by columns through select aliases") {
    const auto w = tn::workload_from_model(shop());
    CHECK(group_bys_of(w, "sales_by_segment") == std::vector<std::string>{"customers.segment"});
}

TEST_CASE("tune workload_from_model finds the Sparkify joins") {
    const auto w = tn::workload_from_model(starshift::sparkify::make_warehouse());
    // Analytics queries: songplays to each dimension they join.
    for (const auto& [q, dim, fact_col, dim_col] :
         std::vector<std::tuple<std::string, std::string, std::string, std::string>>{
             {"top_songs", "songs", "song_id", "song_id"},
             {"top_songs", "artists", "artist_id", "artist_id"},
             {"top_artists", "artists", "artist_id", "artist_id"},
             {"plays_by_hour", "time", "start_time", "start_time"},
             {"busiest_users", "users", "user_id", "user_id"}}) {
        CAPTURE(q);
        CAPTURE(dim);
        const auto j = joins_of(w, q, "songplays", dim);
        REQUIRE(j.size() == 1);
        CHECK(j[0].columns == pairs{{fact_col, dim_col}});
        CHECK_FALSE(j[0].outer);
    }
    CHECK(joins_of(w, "free_vs_paid_by_location", "songplays", "users").empty());
    CHECK(group_bys_of(w, "plays_by_hour") == std::vector<std::string>{"time.hour"});
    CHECK(group_bys_of(w, "free_vs_paid_by_location") == std::vector<std::string>{"songplays.location"});
    CHECK(group_bys_of(w, "top_songs") == std::vector<std::string>{"songs.song_id", "songs.title", "artists.name"});

    // Transforms: the staging joins.
    const auto matched = joins_of(w, "songplays", "staging_events", "staging_songs");
    REQUIRE(matched.size() == 1);
    CHECK(matched[0].columns == pairs{{"song", "title"}, {"artist", "artist_name"}, {"length", "duration"}});
    CHECK_FALSE(matched[0].outer);
    const auto anti = joins_of(w, "songplays", "staging_events", "songplays");
    REQUIRE(anti.size() == 1);
    CHECK(anti[0].outer);
    CHECK(anti[0].columns == pairs{{"ts", "start_time"}, {"user_id", "user_id"}, {"session_id", "session_id"}});
    const auto new_songs = joins_of(w, "songs", "staging_songs", "songs");
    REQUIRE(new_songs.size() == 1);
    CHECK(new_songs[0].outer);
    CHECK(new_songs[0].columns == pairs{{"song_id", "song_id"}});
    REQUIRE(joins_of(w, "artists", "staging_songs", "artists").size() == 1);
    const auto new_times = joins_of(w, "time", "staging_events", "time");
    REQUIRE(new_times.size() == 1);
    CHECK(new_times[0].columns == pairs{{"ts", "start_time"}});
    const auto replace = joins_of(w, "users_replace", "users", "staging_events");
    REQUIRE(replace.size() == 1);
    CHECK(replace[0].columns == pairs{{"user_id", "user_id"}});

    // Checks: the orphan checks are outer joins from songplays.
    const auto orphan = joins_of(w, "songplays_orphan_users", "songplays", "users");
    REQUIRE(orphan.size() == 1);
    CHECK(orphan[0].outer);

    // The NextSong filter of the songplays and time transforms; rn = 1 (a window) is not attributed.
    const auto f = filters_of(w, "songplays");
    REQUIRE(f.size() == 1);
    CHECK(f[0].column == tn::column_ref{"staging_events", "page"});
    CHECK(f[0].kind == tn::predicate_kind::equality);
    CHECK(f[0].low == "NextSong");
    CHECK(filters_of(w, "songs").empty());
    CHECK(filters_of(w, "users").empty());
    // Every join names model tables only.
    for (const auto& j : w.joins) {
        CHECK(j.left_table != "e");
        CHECK(j.right_table != "s");
        CHECK_FALSE(j.columns.empty());
    }
}

TEST_CASE("tune merge appends the second workload") {
    auto a = tn::workload_from_model(shop());
    const auto n = a.joins.size();
    tn::merge(a, tn::workload_from_model(shop()));
    CHECK(a.joins.size() == 2 * n);
    CHECK(a.queries.size() == 6);
}

TEST_CASE("tune workload_from_explain reads hash joins and group keys") {
    const auto w = ld::workload_from_explain(top_songs_plan, "top_songs", sparkify_tables());
    CHECK(w.queries == std::vector<std::string>{"top_songs"});
    const auto s = joins_of(w, "top_songs", "songplays", "songs");
    REQUIRE(s.size() == 1);
    CHECK(s[0].columns == pairs{{"song_id", "song_id"}});
    CHECK_FALSE(s[0].outer);
    const auto a = joins_of(w, "top_songs", "songplays", "artists");
    REQUIRE(a.size() == 1);
    CHECK(a[0].columns == pairs{{"artist_id", "artist_id"}});
    CHECK(w.joins.size() == 2);
    // PostgreSQL drops s.title from the key (functionally dependent on the primary key song_id).
    CHECK(group_bys_of(w, "top_songs") == std::vector<std::string>{"songs.song_id", "artists.name"});
    CHECK(w.filters.empty());
}

TEST_CASE("tune workload_from_explain reads scan filters and index-condition joins") {
    const auto w = ld::workload_from_explain(filters_plan, "q", sparkify_tables());
    const auto j = joins_of(w, "q", "songplays", "time");  // the Index Cond of the inner index scan on time
    REQUIRE(j.size() == 1);
    CHECK(j[0].columns == pairs{{"start_time", "start_time"}});
    CHECK_FALSE(j[0].outer);
    REQUIRE(w.filters.size() == 4);
    const auto& start = w.filters[0];
    CHECK(start.column == tn::column_ref{"songplays", "start_time"});
    CHECK(start.kind == tn::predicate_kind::range);
    CHECK(start.low == "2018-11-01 00:00:00");
    CHECK(start.low_inclusive);
    CHECK(start.high == "2018-11-15 00:00:00");
    CHECK_FALSE(start.high_inclusive);
    CHECK(w.filters[1].column == tn::column_ref{"songplays", "level"});
    CHECK(w.filters[1].kind == tn::predicate_kind::equality);
    CHECK(w.filters[1].low == "paid");
    CHECK(w.filters[2].column == tn::column_ref{"songplays", "user_id"});
    CHECK(w.filters[2].kind == tn::predicate_kind::in_list);
    CHECK(w.filters[2].values == std::vector<std::string>{"15", "29", "80"});
    const auto& hour = w.filters[3];  // BETWEEN 8 AND 17
    CHECK(hour.column == tn::column_ref{"time", "hour"});
    CHECK(hour.kind == tn::predicate_kind::range);
    CHECK(hour.low == "8");
    CHECK(hour.high == "17");
    CHECK(hour.high_inclusive);
    CHECK(group_bys_of(w, "q") == std::vector<std::string>{"songplays.user_id"});
}

TEST_CASE("tune workload_from_explain reads the songplays transform with and without VERBOSE") {
    for (const char* plan : {songplays_insert_plan, songplays_insert_verbose_plan}) {
        const auto w = ld::workload_from_explain(plan, "songplays", sparkify_tables());
        // s is a subquery scan over staging_songs (alias s_1); s.rn = 1 is a window column: skipped.
        const auto m = joins_of(w, "songplays", "staging_events", "staging_songs");
        REQUIRE(m.size() == 1);
        CHECK(m[0].columns == pairs{{"song", "title"}, {"artist", "artist_name"}, {"length", "duration"}});
        CHECK_FALSE(m[0].outer);
        // The anti join (LEFT JOIN … IS NULL): outer, the preserved staging_events on the left.
        const auto anti = joins_of(w, "songplays", "staging_events", "songplays");
        REQUIRE(anti.size() == 1);
        CHECK(anti[0].outer);
        CHECK(anti[0].columns == pairs{{"ts", "start_time"}, {"user_id", "user_id"}, {"session_id", "session_id"}});
        CHECK(w.joins.size() == 2);
        REQUIRE(w.filters.size() == 1);
        CHECK(w.filters[0].column == tn::column_ref{"staging_events", "page"});
        CHECK(w.filters[0].low == "NextSong");
        CHECK(w.group_bys.empty());
    }
}

TEST_CASE("tune workload_from_explain reads nested loops merge joins and anti joins") {
    const auto n = ld::workload_from_explain(nestloop_plan, "busiest_paid", sparkify_tables());
    const auto nj = joins_of(n, "busiest_paid", "songplays", "users");
    REQUIRE(nj.size() == 1);
    CHECK(nj[0].columns == pairs{{"user_id", "user_id"}});
    REQUIRE(n.filters.size() == 1);
    CHECK(n.filters[0].column == tn::column_ref{"users", "level"});
    CHECK(group_bys_of(n, "busiest_paid") == std::vector<std::string>{"users.user_id"});

    // The merge join's outer child is the index scan on time: the plan starts from time.
    const auto m = ld::workload_from_explain(merge_plan, "plays_by_hour", sparkify_tables());
    const auto mj = joins_of(m, "plays_by_hour", "time", "songplays");
    REQUIRE(mj.size() == 1);
    CHECK(mj[0].columns == pairs{{"start_time", "start_time"}});
    CHECK(group_bys_of(m, "plays_by_hour") == std::vector<std::string>{"time.hour"});

    const auto o = ld::workload_from_explain(orphan_plan, "songplays_orphan_users", sparkify_tables());
    const auto oj = joins_of(o, "songplays_orphan_users", "songplays", "users");
    REQUIRE(oj.size() == 1);
    CHECK(oj[0].outer);
}

TEST_CASE("tune workload_from_explain keeps the conjuncts it understands") {
    // A hand-written scan: LIKE and CASE are not predicates the simulator uses; the year range around them is.
    const char* plan = R"json([{"Plan": {"Node Type": "Seq Scan", "Relation Name": "songs", "Alias": "s",
        "Filter": "(((title)::text ~~ 'A%'::text) AND (year >= 2000) AND CASE WHEN (duration > '100'::double precision) THEN true ELSE false END AND ('2010'::integer >= year) AND ((artist_id)::text = ANY ('{AR1,\"AR 2\"}'::text[])) AND ((year)::numeric > '-5.5'::numeric))"}}])json";
    const auto w = ld::workload_from_explain(plan, "q", sparkify_tables());
    REQUIRE(w.filters.size() == 2);
    CHECK(w.filters[0].column == tn::column_ref{"songs", "year"});
    CHECK(w.filters[0].kind == tn::predicate_kind::range);
    CHECK(w.filters[0].low == "2000");
    CHECK(w.filters[0].high == "2010");  // constant on the left, mirrored
    CHECK(w.filters[1].column == tn::column_ref{"songs", "artist_id"});
    CHECK(w.filters[1].values == std::vector<std::string>{"AR1", "AR 2"});
    // A relation the model does not know is skipped, not guessed.
    std::vector<table> only_songplays;
    for (const auto& t : sparkify_tables())
        if (t.name == "songplays") only_songplays.push_back(t);
    const auto partial = ld::workload_from_explain(top_songs_plan, "top_songs", only_songplays);
    CHECK(partial.joins.empty());
}

TEST_CASE("tune workload_from_explain rejects what is not EXPLAIN JSON") {
    for (const char* bad : {"", "[{\"Plan\": ", "[]", "[{\"Query\": 1}]", "{\"Plan\": 3}"}) {
        CAPTURE(bad);
        try {
            static_cast<void>(ld::workload_from_explain(bad, "q", sparkify_tables()));
            FAIL("expected an error");
        } catch (const starshift::error& e) {
            CHECK(e.id() == "starshift.tune.bad_explain");
        }
    }
}

TEST_CASE("tune workload_from_plan rejects nodes that are not a tree") {
    const auto node = [](std::optional<std::size_t> parent, std::vector<std::size_t> children) {
        explain_node n;
        n.type = "Seq Scan";
        n.parent = parent;
        n.children = std::move(children);
        return n;
    };
    const std::vector<explain_plan> bad{
        {{node(std::nullopt, {5})}},                          // a child out of range
        {{node(std::nullopt, {1}), node(std::nullopt, {})}},  // a child that names no parent
        {{node(1, {}), node(std::nullopt, {0})}},             // a child before its parent
        {{node(std::nullopt, {0})}},                          // its own child
        {{node(std::nullopt, {}), node(0, {})}},              // a parent that does not list its child
    };
    for (std::size_t k = 0; k < bad.size(); ++k) {
        CAPTURE(k);
        try {
            static_cast<void>(tn::workload_from_plan(bad[k], "q", sparkify_tables()));
            FAIL("expected tune_error");
        } catch (const tn::tune_error& e) {
            CHECK(e.id() == "starshift.tune.bad_explain");
        }
    }
    explain_plan deep;
    for (std::size_t k = 0; k < 202; ++k) {
        deep.nodes.push_back(node(k == 0 ? std::nullopt : std::optional<std::size_t>(k - 1), {}));
        if (k > 0) deep.nodes[k - 1].children.push_back(k);
    }
    CHECK_THROWS_AS(static_cast<void>(tn::workload_from_plan(deep, "q", sparkify_tables())), tn::tune_error);
    deep.nodes.resize(150);
    deep.nodes.back().children.clear();
    CHECK(tn::workload_from_plan(deep, "q", sparkify_tables()).queries == std::vector<std::string>{"q"});
}
