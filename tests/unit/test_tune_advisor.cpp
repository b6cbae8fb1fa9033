// The advisor on tiny hand-made data: the cost's parts against their formulas, skew, co-location, sort keys.
#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "starshift/model/column.hpp"
#include "starshift/tune/tune_error.hpp"
#include "starshift/model/table.hpp"
#include "starshift/sparkify/synthetic_data.hpp"
#include "starshift/tune/advisor.hpp"

using namespace starshift;
using namespace starshift::tune;

namespace {

column_data int_column(const std::string& name, const std::vector<int>& values) {
    column_data c;
    c.name = name;
    c.type = integer();
    for (const int v : values) {
        const std::string text = std::to_string(v);
        c.append(std::string_view(text));
    }
    return c;
}

// The equi-join left.left_column = right.right_column of query "q".
join join_of(const std::string& left, const std::string& right, const std::string& left_column,
             const std::string& right_column) {
    join j;
    j.query = "q";
    j.left_table = left;
    j.right_table = right;
    j.columns = {{left_column, right_column}};
    return j;
}

table_data make_data(const std::string& name, double row_bytes, std::vector<column_data> columns) {
    table_data d;
    d.name = name;
    d.row_bytes = row_bytes;
    d.rows = columns.empty() ? 0 : columns.front().size();
    d.columns = std::move(columns);
    return d;
}

const candidate* find_candidate(const table_advice& t, const std::string& label) {
    for (const auto& c : t.candidates)
        if (c.label == label) return &c;
    return nullptr;
}

const table_advice& advice_for(const advice& a, const std::string& table) {
    for (const auto& t : a.tables)
        if (t.table == table) return t;
    FAIL("no advice for " << table);
    return a.tables.front();
}

// Query "recent": f.ts between low and high (inclusive; no high: from low on).
workload recent_ts(const std::string& low, std::optional<std::string> high) {
    workload w;
    w.queries = {"recent"};
    filter flt;
    flt.query = "recent";
    flt.column = {"f", "ts"};
    flt.kind = predicate_kind::range;
    flt.low = low;
    flt.high = std::move(high);
    w.filters.push_back(flt);
    return w;
}

}  // namespace

TEST_CASE("advisor: KEY on a Zipf-skewed column ranks below EVEN on skew") {
    // 100 rows: k = 1 for 70 of them (a Zipf-like head), 2..31 for the rest. Seed: DISTKEY(k).
    std::vector<int> k, id;
    for (int i = 0; i < 100; ++i) {
        id.push_back(i);
        k.push_back(i < 70 ? 1 : 2 + (i - 70));
    }
    const table f = table_builder("f").column(col("id", integer())).column(col("k", integer())).distkey("k").build();
    warehouse_data data;
    data.tables.push_back(make_data("f", 10.0, {int_column("id", id), int_column("k", k)}));
    workload w;
    w.queries = {"by_k"};
    w.group_bys.push_back({"by_k", {"f", "k"}});
    const cluster_shape cluster = make_cluster("dc2.large", 2);  // 4 slices

    const advice a = advise({f}, data, w, cluster);
    const table_advice& t = advice_for(a, "f");

    // EVEN: 25 rows per slice, so no slice holds more than its share: skew penalty 4 × 25 − 100 = 0.
    const candidate* even = find_candidate(t, "EVEN");
    REQUIRE(even != nullptr);
    CHECK(even->cost.skew == doctest::Approx(0.0));
    CHECK(even->skew_rows == doctest::Approx(1.0));
    // KEY(k): the slice holding k = 1 holds at least 70 rows; the penalty is (slices × largest − rows) × row_bytes
    // × 1 query touching f.
    const candidate* key = find_candidate(t, "KEY(k)");
    REQUIRE(key != nullptr);
    const auto largest = *std::max_element(key->slice_rows.begin(), key->slice_rows.end());
    CHECK(largest >= 70);
    CHECK(key->cost.skew == doctest::Approx((4.0 * static_cast<double>(largest) - 100.0) * 10.0));
    CHECK(key->skew_rows > 2.0);
    CHECK(key->seed);
    CHECK(even->rank < key->rank);
    CHECK(t.seed_rank == key->rank);
    // ALL (100 rows ≤ all_max_rows): one extra copy on the second node of 100 × 10 bytes, encoded: both columns
    // are recommended AZ64 (id 0..99: one group of 9 bytes with 0-bit differences; k: 70 ones then 2..31, 1-bit
    // differences, 1 + 4 + 4 + 13 = 22 bytes) against 400 RAW bytes each, so each column's text bytes in the row
    // (id 190, k 122) shrink by that ratio.
    const candidate* all = find_candidate(t, "ALL");
    REQUIRE(all != nullptr);
    CHECK(all->cost.storage == doctest::Approx(1000.0 - 190.0 * (1.0 - 9.0 / 400.0) - 122.0 * (1.0 - 22.0 / 400.0)));
    // Without encodings in the cost, the copy is of the RAW bytes.
    advisor_options raw;
    raw.encodings_in_cost = false;
    const advice a_raw = advise({f}, data, w, cluster, raw);
    const candidate* all_raw = find_candidate(advice_for(a_raw, "f"), "ALL");
    REQUIRE(all_raw != nullptr);
    CHECK(all_raw->cost.storage == doctest::Approx(1000.0));
    // The winner is EVEN and the explanation names skew.
    CHECK(t.winner.diststyle == dist_style::even);
    CHECK(t.candidates.front().label == "EVEN");
    CHECK(t.why.find("skew") != std::string::npos);
    CHECK(a.converged);
    // The advised table carries the design; the seed evaluation costs more than the advised one.
    REQUIRE(a.advised_tables.size() == 1);
    CHECK(a.advised_tables[0].diststyle == dist_style::even);
    CHECK(a.seed.cost.total() > a.advised.cost.total());
}

TEST_CASE("advisor: collocating the fact with its big dimension wins on network") {
    // f (1000 rows, 100 B) joins d (400 rows, 100 B) on f.d_id = d.id; d is too big for ALL here.
    std::vector<int> f_id, f_d, d_id;
    for (int i = 0; i < 1000; ++i) {
        f_id.push_back(i);
        f_d.push_back((i * 37) % 400);
    }
    for (int i = 0; i < 400; ++i) d_id.push_back(i);
    const table f = table_builder("f").column(col("id", integer())).column(col("d_id", integer()))
                        .diststyle(dist_style::even).build();
    const table d = table_builder("d").column(col("id", integer())).diststyle(dist_style::even).build();
    warehouse_data data;
    data.tables.push_back(make_data("f", 100.0, {int_column("id", f_id), int_column("d_id", f_d)}));
    data.tables.push_back(make_data("d", 100.0, {int_column("id", d_id)}));
    workload w;
    w.queries = {"q"};
    const join j = join_of("f", "d", "d_id", "id");
    w.joins.push_back(j);
    advisor_options o;
    o.all_max_rows = 100;                  // no ALL candidates
    o.simulation.auto_all_max_rows = 100;  // AUTO is EVEN
    const cluster_shape cluster = make_cluster("dc2.large", 2);

    const advice a = advise({f, d}, data, w, cluster, o);
    const table_advice& tf = advice_for(a, "f");
    const table_advice& td = advice_for(a, "d");
    CHECK(tf.winner.diststyle == dist_style::key);
    CHECK(tf.winner.distkey == std::optional<std::string>("d_id"));
    CHECK(td.winner.diststyle == dist_style::key);
    CHECK(td.winner.distkey == std::optional<std::string>("id"));
    // Advised: the join is collocated and moves nothing.
    REQUIRE(a.advised.joins.size() == 1);
    CHECK(a.advised.joins[0].strategy == join_strategy::ds_dist_none);
    CHECK(a.advised.joins[0].bytes_moved == 0);
    CHECK(a.advised.cost.network == doctest::Approx(0.0));
    // Seed (both EVEN): the network part is exactly what plan_join says for the two EVEN sides.
    join_side ls{"f", dist_style::even, std::nullopt, 1000, 100.0};
    join_side rs{"d", dist_style::even, std::nullopt, 400, 100.0};
    const join_plan seed_plan = plan_join(j, ls, rs, cluster);
    CHECK(seed_plan.bytes_moved > 0);
    REQUIRE(a.seed.joins.size() == 1);
    CHECK(a.seed.joins[0].strategy == seed_plan.strategy);
    CHECK(a.seed.cost.network == doctest::Approx(static_cast<double>(seed_plan.bytes_moved)));
    // The winner's skew part is the formula's, from the simulated slices.
    const auto dist = simulate_distribution(data.tables[0], tf.winner, cluster, o.simulation);
    const auto largest = *std::max_element(dist.rows.begin(), dist.rows.end());
    CHECK(tf.candidates.front().cost.skew == doctest::Approx((4.0 * static_cast<double>(largest) - 1000.0) * 100.0));
    CHECK(a.advised.cost.total() < a.seed.cost.total());
    // d's explanation: versus its seed (EVEN), the network went down.
    CHECK(td.why.find("network") != std::string::npos);
}

TEST_CASE("advisor: a range filter makes its column the winning sort key") {
    // 4000 rows, ts a permutation of 0..3999 in load order; the workload reads ts between 0 and 99.
    std::vector<int> ts, x;
    for (int i = 0; i < 4000; ++i) {
        ts.push_back((i * 7919) % 4000);
        x.push_back(i % 13);
    }
    const table f = table_builder("f").column(col("ts", integer())).column(col("x", integer()))
                        .diststyle(dist_style::even).build();
    warehouse_data data;
    data.tables.push_back(make_data("f", 8.0, {int_column("ts", ts), int_column("x", x)}));
    const workload w = recent_ts("0", std::string("99"));
    advisor_options o;
    o.zone_maps.block_bytes = 256;  // small blocks so that 4000 rows make many
    o.simulation.block_bytes = 256;
    o.all_max_rows = 0;
    o.simulation.auto_all_max_rows = 0;
    const cluster_shape cluster = make_cluster("dc2.large", 1);  // 2 slices

    const advice a = advise({f}, data, w, cluster, o);
    const table_advice& t = advice_for(a, "f");
    CHECK(t.winner.sortkey.style == sort_style::compound);
    CHECK(t.winner.sortkey.columns == std::vector<std::string>{"ts"});
    const candidate& win = t.candidates.front();
    REQUIRE(win.scans.size() == 1);
    CHECK(win.scans[0].blocks_read < win.scans[0].blocks_stored);
    CHECK(win.cost.scan == doctest::Approx(static_cast<double>(win.scans[0].blocks_read) * 256.0));
    // The seed (EVEN, no sort key) reads more blocks: the permuted ts spreads 0..99 over most of them.
    const candidate* seed = find_candidate(t, "EVEN");
    REQUIRE(seed != nullptr);
    CHECK(seed->seed);
    REQUIRE(seed->scans.size() == 1);
    CHECK(seed->scans[0].blocks_read > win.scans[0].blocks_read);
    CHECK(t.why.find("blocks scanned") != std::string::npos);
}

TEST_CASE("advisor: candidate designs cover the stated grid") {
    // Filters on a and b, a join on j; seed EVEN without sort key; small table (ALL allowed).
    const table t = table_builder("t").column(col("a", integer())).column(col("b", integer()))
                        .column(col("j", integer())).diststyle(dist_style::even).build();
    const table_data d = make_data("t", 12.0, {int_column("a", {1, 2}), int_column("b", {3, 4}), int_column("j", {5, 6})});
    workload w;
    for (const char* c : {"a", "b"}) {
        filter f;
        f.query = "q";
        f.column = {"t", c};
        f.kind = predicate_kind::range;
        f.low = "1";
        f.high = "9";
        w.filters.push_back(f);
    }
    w.joins.push_back(join_of("t", "u", "j", "id"));
    const auto cs = candidate_designs(t, d, w);
    // Distributions: EVEN, ALL, KEY(j), AUTO; sort keys: none, a, b, j, (a, b), (b, a), INTERLEAVED (a, b).
    CHECK(cs.size() == 4 * 7);
    CHECK(cs.front() == design_of(t));
    const bool has_interleaved = std::any_of(cs.begin(), cs.end(), [](const table_design& x) {
        return x.sortkey.style == sort_style::interleaved && x.sortkey.columns == std::vector<std::string>{"a", "b"};
    });
    CHECK(has_interleaved);
    const bool has_key_j = std::any_of(cs.begin(), cs.end(), [](const table_design& x) {
        return x.diststyle == dist_style::key && x.distkey == std::optional<std::string>("j");
    });
    CHECK(has_key_j);
    // A big table gets no ALL candidate.
    table_data big = d;
    big.rows = 5'000'000;
    const auto cb = candidate_designs(t, big, w);
    CHECK(std::none_of(cb.begin(), cb.end(), [](const table_design& x) { return x.diststyle == dist_style::all; }));
}

TEST_CASE("advisor: the report and the JSON name the seed and its rank") {
    std::vector<int> k;
    for (int i = 0; i < 40; ++i) k.push_back(i < 30 ? 7 : i);
    const table f = table_builder("f").column(col("k", integer())).distkey("k").build();
    warehouse_data data;
    data.tables.push_back(make_data("f", 4.0, {int_column("k", k)}));
    workload w;
    w.group_bys.push_back({"q", {"f", "k"}});
    const advice a = advise({f}, data, w, make_cluster("dc2.large", 2));
    const std::string text = format_advice(a);
    CHECK(text.find("[seed]") != std::string::npos);
    CHECK(text.find("seed KEY(k) ranks " + std::to_string(a.tables[0].seed_rank)) != std::string::npos);
    const std::string json = advice_to_json(a);
    CHECK(json.find("\"seed_rank\":" + std::to_string(a.tables[0].seed_rank)) != std::string::npos);
    CHECK(json.find("\"slice_rows\":[") != std::string::npos);
    CHECK(json.front() == '{');
}

TEST_CASE("advisor: no table with data is an error with its id") {
    const table f = table_builder("f").column(col("k", integer())).build();
    try {
        (void)advise({f}, warehouse_data{}, workload{}, make_cluster("dc2.large", 1));
        FAIL("expected tune_error");
    } catch (const tune_error& e) {
        CHECK(e.id() == "starshift.tune.advisor_no_tables");
    }
}

TEST_CASE("advisor: synthetic Sparkify data has a Zipf head on user_id") {
    sparkify::synthetic_options o;
    o.songplays = 20'000;
    o.users = 200;
    const warehouse_data d = sparkify::synthetic_tune_data(o);
    const table_data* sp = d.find("songplays");
    REQUIRE(sp != nullptr);
    CHECK(sp->rows == 20'000);
    CHECK(sp->sampled_rows() == 20'000);
    const column_data* u = sp->find("user_id");
    REQUIRE(u != nullptr);
    // Rank 1 of a Zipf(1) over 200 users takes 1 / H(200) ≈ 17 % of the plays.
    std::size_t first = 0;
    const auto h1 = value_hash("1");
    for (const auto h : u->hashes)
        if (h == h1) ++first;
    CHECK(first > 2500);
    CHECK(first < 4500);
    REQUIRE(d.find("time") != nullptr);
    CHECK(d.find("time")->rows == 20'000);
}

TEST_CASE("advisor: zone maps from a systematic sample still pick the filtered column") {
    // The range-filter table again, with zone maps built from every 4th row (zone_map_sample_rows 1000 of 4000).
    std::vector<int> ts;
    for (int i = 0; i < 4000; ++i) ts.push_back((i * 7919) % 4000);
    const table f = table_builder("f").column(col("ts", integer())).diststyle(dist_style::even).build();
    warehouse_data data;
    data.tables.push_back(make_data("f", 4.0, {int_column("ts", ts)}));
    workload w;
    filter flt;
    flt.query = "recent";
    flt.column = {"f", "ts"};
    flt.low = "0";
    flt.high = "99";
    w.filters.push_back(flt);
    advisor_options o;
    o.zone_maps.block_bytes = 256;
    o.simulation.block_bytes = 256;
    o.all_max_rows = 0;
    o.simulation.auto_all_max_rows = 0;
    o.zone_map_sample_rows = 1000;
    const advice sampled = advise({f}, data, w, make_cluster("dc2.large", 1), o);
    o.zone_map_sample_rows = 0;
    const advice full = advise({f}, data, w, make_cluster("dc2.large", 1), o);
    CHECK(sampled.tables[0].winner.sortkey.columns == std::vector<std::string>{"ts"});
    CHECK(full.tables[0].winner.sortkey.columns == std::vector<std::string>{"ts"});
    // Blocks keep their size in rows: the sample's block count is close to the full data's.
    const auto& s = sampled.tables[0].candidates.front().scans.at(0);
    const auto& a = full.tables[0].candidates.front().scans.at(0);
    CHECK(s.blocks_stored >= a.blocks_stored * 3 / 4);
    CHECK(s.blocks_stored <= a.blocks_stored * 5 / 4 + 1);
    CHECK(s.blocks_read < s.blocks_stored);
}

TEST_CASE("advisor: encodings next to the keys and in the blocks a filter reads") {
    // 20,000 rows of f(ts INTEGER, a permutation of 0..19999 in load order; v INTEGER small): a filter on ts.
    // Seed: no sort key, no ENCODE (v and ts default to AZ64). Every candidate with SORTKEY(ts) keeps ts RAW; v gets
    // the smallest encoding.
    std::vector<int> ts, v;
    for (int i = 0; i < 20'000; ++i) {
        ts.push_back((i * 7919) % 20'000);
        v.push_back(i % 7);
    }
    const table f = table_builder("f").column(col("ts", integer())).column(col("v", integer())).build();
    warehouse_data data;
    data.tables.push_back(make_data("f", 8.0, {int_column("ts", ts), int_column("v", v)}));
    const workload w = recent_ts("19000", std::nullopt);
    advisor_options o;
    o.zone_maps.block_bytes = 4096;  // 1,024 RAW INTEGER values per block
    const cluster_shape cluster = make_cluster("dc2.large", 1);  // 2 slices
    const advice a = advise({f}, data, w, cluster, o);
    const table_advice& t = advice_for(a, "f");
    REQUIRE(t.encodings.size() == 2);
    CHECK(t.encodings[0].column == "ts");
    CHECK(t.encodings[0].current == encoding::az64);
    CHECK(t.encodings[1].column == "v");
    CHECK(t.encodings[1].analysed);
    CHECK(t.encodings[1].recommended != encoding::raw);
    // The winner sorts on ts, which stays RAW (r_ANALYZE_COMPRESSION, c_Runlength_encoding); the DDL says so.
    REQUIRE(t.winner.sortkey.columns == std::vector<std::string>{"ts"});
    CHECK(t.encodings[0].sort_key);
    CHECK(t.encodings[0].recommended == encoding::raw);
    REQUIRE(a.advised_tables.size() == 1);
    CHECK(a.advised_tables[0].columns[0].encode == encoding::raw);
    CHECK(a.advised_tables[0].columns[1].encode == t.encodings[1].recommended);
    CHECK(format_advice(a).find("ENCODE RAW") != std::string::npos);
    CHECK(advice_to_json(a).find("\"recommended\":\"RAW\"") != std::string::npos);
    // The seed (no sort key, ts AZ64 by default) stores AZ64 blocks: its 20,000 values fit in fewer blocks than
    // the 20 RAW blocks of 1,024 values the same design has without encodings in the cost.
    const candidate* seed = nullptr;
    for (const auto& c : t.candidates)
        if (c.seed) seed = &c;
    REQUIRE(seed != nullptr);
    REQUIRE(seed->scans.size() == 1);
    CHECK(seed->scans[0].blocks_stored < 20);
    advisor_options raw = o;
    raw.encodings_in_cost = false;
    const advice r = advise({f}, data, w, cluster, raw);
    const candidate* raw_seed = nullptr;
    for (const auto& c : advice_for(r, "f").candidates)
        if (c.seed) raw_seed = &c;
    REQUIRE(raw_seed != nullptr);
    CHECK(raw_seed->scans[0].blocks_stored == 20);
}
