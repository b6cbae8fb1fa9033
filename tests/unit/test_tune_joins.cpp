// Join redistribution: each DS_* label from a join of two tiny tables, with the bytes moved computed by hand.
// Formulas (src/tune/join_distribution.cpp, docs/tuning.md): S slices, N nodes, B = rows × row_bytes;
// DIST_INNER/DIST_OUTER/DIST_ALL_INNER move B × (S−1)/S, DIST_BOTH (B_outer + B_inner) × (S−1)/S,
// BCAST_INNER B_inner × (N−1); when not collocated the possible label that moves the fewest bytes is chosen
// (ties: DIST_INNER, DIST_OUTER, BCAST_INNER, DIST_BOTH).
#include <doctest/doctest.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "starshift/parse/parser.hpp"
#include "starshift/tune/tune_error.hpp"
#include "starshift/tune/join_distribution.hpp"

using namespace starshift;
using namespace starshift::tune;

namespace {

cluster_shape shape(int slices_per_node, int nodes) {
    cluster_shape c;
    c.type = node_type{"test.node", slices_per_node};
    c.nodes = nodes;
    return c;
}

join_side side(const char* table, dist_style s, std::optional<std::string> key, std::uint64_t rows, double width) {
    join_side j;
    j.table = table;
    j.effective = s;
    j.distkey = std::move(key);
    j.rows = rows;
    j.row_bytes = width;
    return j;
}

// fact f (100 rows × 10 B = 1000 B) joins dim d (10 rows × 8 B = 80 B) on f.d_id = d.id.
join fact_dim(bool outer = false) {
    join j;
    j.query = "q";
    j.left_table = "f";
    j.right_table = "d";
    j.columns = {{"d_id", "id"}};
    j.outer = outer;
    return j;
}

// d LEFT JOIN f (or the inner join when `outer` is false) on d.id = f.d_id.
join orphans(bool outer) {
    join j = fact_dim(outer);
    j.query = "orphans";
    std::swap(j.left_table, j.right_table);
    j.columns = {{"id", "d_id"}};
    return j;
}

}  // namespace

TEST_CASE("tune join labels round-trip through to_sql and parse_join_strategy") {
    for (const join_strategy s :
         {join_strategy::ds_dist_none, join_strategy::ds_dist_all_none, join_strategy::ds_dist_inner,
          join_strategy::ds_dist_outer, join_strategy::ds_dist_all_inner, join_strategy::ds_bcast_inner,
          join_strategy::ds_dist_both})
        CHECK(parse_join_strategy(to_sql(s)) == s);
    CHECK(to_sql(join_strategy::ds_bcast_inner) == "DS_BCAST_INNER");
    CHECK(parse_join_strategy("ds_dist_all_none") == join_strategy::ds_dist_all_none);
    CHECK_FALSE(parse_join_strategy("DS_DIST_ALL_BOTH").has_value());
}

// Each label from fact_dim() on two tiny tables; nullptr or an empty part is not checked.
struct label_case {
    const char* what;
    join j;
    join_side outer_side;
    join_side inner_side;
    int nodes;
    join_strategy strategy;
    const char* outer;
    const char* inner;
    std::uint64_t bytes;
    const char* reason;
};

TEST_CASE("tune each DS label from two tiny tables with the bytes moved computed by hand") {
    const std::vector<label_case> cases = {
        {"DS_DIST_NONE when both sides are distributed on the join columns", fact_dim(),
         side("f", dist_style::key, "d_id", 100, 10), side("d", dist_style::key, "id", 10, 8), 2,
         join_strategy::ds_dist_none, "f", "d", 0, "collocated"},
        {"DS_DIST_ALL_NONE when the inner side is ALL", fact_dim(), side("f", dist_style::even, std::nullopt, 100, 10),
         side("d", dist_style::all, std::nullopt, 10, 8), 2, join_strategy::ds_dist_all_none, nullptr, "d", 0, nullptr},
        // 4 slices: 80 B × 3/4 = 60 B.
        {"DS_DIST_INNER moves the inner bytes times (S-1)/S", fact_dim(), side("f", dist_style::key, "d_id", 100, 10),
         side("d", dist_style::even, std::nullopt, 10, 8), 2, join_strategy::ds_dist_inner, nullptr, nullptr, 60,
         "redistributing the inner"},
        // d (60 rows × 10 B = 600 B) is KEY on its join column; 4 nodes × 2 slices: redistributing f moves
        // 1000 × 7/8 = 875 B, broadcasting d 600 × 3 = 1800 B: DS_DIST_OUTER.
        {"DS_DIST_OUTER moves the outer bytes times (S-1)/S", fact_dim(),
         side("f", dist_style::even, std::nullopt, 100, 10), side("d", dist_style::key, "id", 60, 10), 4,
         join_strategy::ds_dist_outer, "f", nullptr, 875, "redistributing the outer"},
        {"a DISTKEY on a column that is not a join column does not collocate", fact_dim(),
         side("f", dist_style::key, "other", 100, 10), side("d", dist_style::key, "id", 60, 10), 4,
         join_strategy::ds_dist_outer, nullptr, nullptr, 875, nullptr},
        // The same with a small d (80 B) on 2 nodes: broadcasting moves 80 B, redistributing f 750 B. Redshift
        // broadcasts small inners even when they are distributed on the join column (t_explain_plan_example:
        // EVENT, KEY eventid, is broadcast to the sales ⋈ listing join).
        {"DS_BCAST_INNER beats DS_DIST_OUTER when it moves fewer bytes", fact_dim(),
         side("f", dist_style::even, std::nullopt, 100, 10), side("d", dist_style::key, "id", 10, 8), 2,
         join_strategy::ds_bcast_inner, "f", "d", 80, "broadcasting the inner"},
        // f LEFT JOIN d: inner d (80 B) gathers on one slice: 80 × 3/4 = 60 B. (In an inner join the ALL side f
        // would be the inner one: DS_DIST_ALL_NONE.)
        {"DS_DIST_ALL_INNER when the preserved outer side is ALL and the inner is not", fact_dim(true),
         side("f", dist_style::all, std::nullopt, 100, 10), side("d", dist_style::even, std::nullopt, 10, 8), 2,
         join_strategy::ds_dist_all_inner, "f", nullptr, 60, nullptr},
        // 2 nodes × 2 slices: broadcast 80 × (2−1) = 80 B; both 1080 × 3/4 = 810 B: broadcast.
        {"DS_BCAST_INNER when the inner is small and neither side is on the join column", fact_dim(),
         side("f", dist_style::even, std::nullopt, 100, 10), side("d", dist_style::even, std::nullopt, 10, 8), 2,
         join_strategy::ds_bcast_inner, nullptr, "d", 80, nullptr},
        // f 1000 B, d 60 rows × 10 B = 600 B; 4 nodes × 2 slices: broadcast 600 × 3 = 1800 B,
        // both (1000 + 600) × 7/8 = 1400 B: redistribute both.
        {"DS_DIST_BOTH when broadcasting would move more", fact_dim(), side("f", dist_style::even, std::nullopt, 100, 10),
         side("d", dist_style::key, "name", 60, 10), 4, join_strategy::ds_dist_both, nullptr, "d", 1400, nullptr},
        // d LEFT JOIN f: inner = f (1000 B) although d (80 B) is smaller. 2 nodes × 2 slices: broadcast 1000 × 1 =
        // 1000 B > both (80 + 1000) × 3/4 = 810 B: DS_DIST_BOTH.
        {"a LEFT JOIN makes the right side inner even when it is larger", orphans(true),
         side("d", dist_style::even, std::nullopt, 10, 8), side("f", dist_style::even, std::nullopt, 100, 10), 2,
         join_strategy::ds_dist_both, "d", "f", 810, nullptr},
        // The same join as an inner join hashes the smaller d and broadcasts it: 80 B.
        {"the same join as an inner join broadcasts the smaller side", orphans(false),
         side("d", dist_style::even, std::nullopt, 10, 8), side("f", dist_style::even, std::nullopt, 100, 10), 2,
         join_strategy::ds_bcast_inner, nullptr, "d", 80, nullptr},
        {"LEFT JOIN onto an ALL dimension makes the dimension inner", fact_dim(true),
         side("f", dist_style::key, "d_id", 100, 10), side("d", dist_style::all, std::nullopt, 10, 8), 2,
         join_strategy::ds_dist_all_none, nullptr, nullptr, 0, nullptr},
    };
    for (const auto& c : cases) {
        INFO(c.what);
        const auto p = plan_join(c.j, c.outer_side, c.inner_side, shape(2, c.nodes));
        CHECK(p.strategy == c.strategy);
        CHECK(p.query == c.j.query);
        if (c.outer != nullptr) CHECK(p.outer_table == c.outer);
        if (c.inner != nullptr) CHECK(p.inner_table == c.inner);
        CHECK(p.bytes_moved == c.bytes);
        if (c.reason != nullptr) CHECK(p.reason.find(c.reason) != std::string::npos);
    }
}

TEST_CASE("tune DS_DIST_NONE on the second column of a multi-column join") {
    join j;
    j.query = "songplays";
    j.left_table = "staging_events";
    j.right_table = "songplays";
    j.columns = {{"ts", "start_time"}, {"user_id", "user_id"}, {"session_id", "session_id"}};
    const auto p = plan_join(j, side("staging_events", dist_style::key, "user_id", 50, 10),
                             side("songplays", dist_style::key, "user_id", 100, 10), shape(2, 2));
    CHECK(p.strategy == join_strategy::ds_dist_none);
    CHECK(p.inner_table == "staging_events");  // 500 B < 1000 B
    CHECK(p.bytes_moved == 0);
}

TEST_CASE("tune plan_join rejects sides that are not the join's tables") {
    try {
        static_cast<void>(plan_join(fact_dim(), side("x", dist_style::even, std::nullopt, 1, 1),
                                    side("d", dist_style::even, std::nullopt, 1, 1), shape(2, 2)));
        FAIL("expected tune_error");
    } catch (const tune_error& e) {
        CHECK(e.id() == "starshift.tune.join_table");
    }
}

TEST_CASE("tune plan_join collocates only join columns whose types hash alike") {
    // Both KEY on the join column: DS_DIST_NONE when the types match, redistribution when INTEGER meets BIGINT
    // (they hash to different slices, docs/tuning.md), as predict_plan decides for a query.
    const table f = starshift::parse::parse_create_table("CREATE TABLE f (d_id INTEGER, v INTEGER) DISTKEY(d_id)");
    const table d_int = starshift::parse::parse_create_table("CREATE TABLE d (id INTEGER, n VARCHAR(8)) DISTKEY(id)");
    const table d_big = starshift::parse::parse_create_table("CREATE TABLE d (id BIGINT, n VARCHAR(8)) DISTKEY(id)");
    join_side fs = side("f", dist_style::key, "d_id", 100, 10);
    join_side ds = side("d", dist_style::key, "id", 10, 8);
    fs.model = &f;
    ds.model = &d_int;
    CHECK(plan_join(fact_dim(), fs, ds, shape(2, 2)).strategy == join_strategy::ds_dist_none);
    ds.model = &d_big;
    const auto p = plan_join(fact_dim(), fs, ds, shape(2, 2));
    CHECK(p.strategy != join_strategy::ds_dist_none);
    CHECK(p.bytes_moved > 0);
    ds.model = nullptr;  // no types known: taken to hash alike
    CHECK(plan_join(fact_dim(), fs, ds, shape(2, 2)).strategy == join_strategy::ds_dist_none);
    CHECK(hash_alike(starshift::decimal(10, 2), starshift::decimal(18, 2)));
    CHECK_FALSE(hash_alike(starshift::decimal(10, 2), starshift::decimal(10, 3)));
}
