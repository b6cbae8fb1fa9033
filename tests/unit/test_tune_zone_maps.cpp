// tune: zone maps (blocks with min/max per slice) and blocks scanned per filter, with hand-computed answers.
// Small block sizes keep the block arithmetic visible: INTEGER is 4 bytes, so block_bytes 16 holds 4 rows.
#include <doctest/doctest.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "starshift/tune/zone_map.hpp"
#include "support/tune_data.hpp"

using namespace starshift;
using namespace starshift::tune;
using starshift::testing::int_column;
using starshift::testing::tune_error_of;

namespace {

// (a, b) over every pair of 0..side-1, loaded b-major (load order sorted by b, then a).
table_data grid(int side) {
    std::vector<std::optional<int>> a;
    std::vector<std::optional<int>> b;
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) {
            a.emplace_back(x);
            b.emplace_back(y);
        }
    table_data t;
    t.name = "facts";
    t.rows = a.size();
    t.row_bytes = 8;
    t.columns.push_back(int_column("a", a));
    t.columns.push_back(int_column("b", b));
    return t;
}

// Table "facts" with the one INTEGER column a.
table_data facts(const std::vector<std::optional<int>>& a) {
    table_data t;
    t.name = "facts";
    t.columns.push_back(int_column("a", a));
    return t;
}

// a = 0..n-1 in load order.
std::vector<std::optional<int>> ascending(int n) {
    std::vector<std::optional<int>> v;
    for (int i = 0; i < n; ++i) v.emplace_back(i);
    return v;
}

const table_design all_unsorted{dist_style::all, std::nullopt, {}};
table_design all_sorted(sort_style style, std::vector<std::string> columns) {
    return table_design{dist_style::all, std::nullopt, sort_key{style, std::move(columns)}};
}

zone_map_options blocks_of(std::uint64_t bytes, double unsorted = 0.0) {
    zone_map_options o;
    o.block_bytes = bytes;
    o.unsorted_fraction = unsorted;
    return o;
}

filter eq(const char* column, std::string value) {
    filter f;
    f.query = "q";
    f.column = tune::column_ref{"facts", column};
    f.kind = predicate_kind::equality;
    f.low = value;
    f.high = value;
    return f;
}

filter range(const char* column, std::optional<std::string> low, std::optional<std::string> high) {
    filter f;
    f.query = "q";
    f.column = tune::column_ref{"facts", column};
    f.kind = predicate_kind::range;
    f.low = std::move(low);
    f.high = std::move(high);
    return f;
}

filter in_list(const char* column, std::vector<std::string> values) {
    filter f;
    f.query = "q";
    f.column = tune::column_ref{"facts", column};
    f.kind = predicate_kind::in_list;
    f.values = std::move(values);
    return f;
}

struct lab {
    table_data data;
    zone_maps maps;
    lab(table_data d, const table_design& design, const cluster_shape& cluster, const zone_map_options& o)
        : data(std::move(d)), maps(build_zone_maps(data, design, simulate_distribution(data, design, cluster), o)) {}
    std::uint64_t read(const filter& f) const { return estimate_scan(maps, data, f).blocks_read; }
    std::uint64_t stored(const filter& f) const { return estimate_scan(maps, data, f).blocks_stored; }
};

}  // namespace

TEST_CASE("tune zone maps: value widths and rows per block") {
    CHECK(value_width(int_column("i", {1})) == 4);
    CHECK(value_width(column_data{"x", bigint(), {}, {}, {}, 0, false, {}}) == 8);
    CHECK(value_width(column_data{"x", smallint(), {}, {}, {}, 0, false, {}}) == 2);
    CHECK(value_width(column_data{"x", decimal(18, 2), {}, {}, {}, 0, false, {}}) == 8);
    CHECK(value_width(column_data{"x", decimal(38, 2), {}, {}, {}, 0, false, {}}) == 16);
    CHECK(value_width(column_data{"x", timestamp(), {}, {}, {}, 0, false, {}}) == 8);
    CHECK(value_width(column_data{"x", date(), {}, {}, {}, 0, false, {}}) == 4);
    CHECK(value_width(column_data{"x", boolean(), {}, {}, {}, 0, false, {}}) == 1);
    CHECK(value_width(column_data{"x", char_type(2), {}, {}, {}, 0, false, {}}) == 2);
    column_data v{"v", varchar(32), {}, {}, {}, 0, false, {}};
    v.append(std::string_view("abc"));
    v.append(std::nullopt);
    v.append(std::string_view("abcdefg"));
    CHECK(value_width(v) == doctest::Approx(5.0));  // (3 + 7) / 2 non-NULL values
    CHECK(rows_per_block(int_column("i", {1})) == 262144);  // 1 MB / 4 bytes
    zone_map_options compressed;
    compressed.compression_ratio = 3;
    CHECK(rows_per_block(int_column("i", {1}), compressed) == 786432);
    CHECK(rows_per_block(v, blocks_of(12)) == 2);
}

TEST_CASE("tune zone maps: a compound key prunes by its first column and barely by the second") {
    // 16 rows (a, b) in 0..3 x 0..3, 4 rows a block: COMPOUND (a, b) makes blocks a = 0, 1, 2, 3.
    const lab l(grid(4), all_sorted(sort_style::compound, {"a", "b"}), make_cluster("dc2.large", 1), blocks_of(16));
    REQUIRE(l.maps.blocks[0].size() == 4);
    for (int k = 0; k < 4; ++k) {
        CHECK(l.maps.blocks[0][static_cast<std::size_t>(k)].min == k);
        CHECK(l.maps.blocks[0][static_cast<std::size_t>(k)].max == k);
        CHECK(l.maps.blocks[1][static_cast<std::size_t>(k)].min == 0);
        CHECK(l.maps.blocks[1][static_cast<std::size_t>(k)].max == 3);
        CHECK(l.maps.blocks[0][static_cast<std::size_t>(k)].rows == 4);
    }
    CHECK(l.read(eq("a", "1")) == 1);
    CHECK(l.stored(eq("a", "1")) == 4);
    CHECK(l.read(range("a", "1", "2")) == 2);
    CHECK(l.read(range("a", std::nullopt, "0")) == 1);
    CHECK(l.read(eq("b", "1")) == 4);  // the second column alone: every block
    CHECK(l.read(eq("a", "7")) == 0);

    // Larger: 64 x 64 rows, 64 rows a block (256 bytes): a = c reads 1 of 64 blocks, b = c all 64.
    const lab big(grid(64), all_sorted(sort_style::compound, {"a", "b"}), make_cluster("dc2.large", 1), blocks_of(256));
    CHECK(big.stored(eq("a", "10")) == 64);
    CHECK(big.read(eq("a", "10")) == 1);
    CHECK(big.read(eq("b", "10")) == 64);
}

TEST_CASE("tune zone maps: without a sort key blocks follow load order") {
    const lab l(grid(4), all_unsorted, make_cluster("dc2.large", 1), blocks_of(16));
    // Loaded b-major: b's blocks are b = 0, 1, 2, 3, a's blocks each span 0..3.
    CHECK(l.read(eq("a", "1")) == 4);
    CHECK(l.read(eq("b", "1")) == 1);
    const lab a(grid(4), all_sorted(sort_style::automatic, {}), make_cluster("dc2.large", 1), blocks_of(16));
    CHECK(a.read(eq("b", "1")) == 1);
}

TEST_CASE("tune zone maps: an interleaved key gives both columns equal weight") {
    // z-order of (a, b) in 0..3: the code's top bits are a1 b1 a0 b0, so the 4 blocks are
    // a in 0..1 x b in 0..1, a 0..1 x b 2..3, a 2..3 x b 0..1, a 2..3 x b 2..3.
    const lab l(grid(4), all_sorted(sort_style::interleaved, {"a", "b"}), make_cluster("dc2.large", 1), blocks_of(16));
    const auto& a = l.maps.blocks[0];
    const auto& b = l.maps.blocks[1];
    REQUIRE(a.size() == 4);
    CHECK((a[0].min == 0 && a[0].max == 1 && b[0].min == 0 && b[0].max == 1));
    CHECK((a[1].min == 0 && a[1].max == 1 && b[1].min == 2 && b[1].max == 3));
    CHECK((a[2].min == 2 && a[2].max == 3 && b[2].min == 0 && b[2].max == 1));
    CHECK((a[3].min == 2 && a[3].max == 3 && b[3].min == 2 && b[3].max == 3));
    CHECK(l.read(eq("a", "0")) == 2);
    CHECK(l.read(eq("b", "0")) == 2);

    // 64 x 64 rows, 64 rows a block: each block is an 8 x 8 square of (a, b), so a = c and b = c each read
    // 64 / 8 = 8 blocks (compound: 1 and 64).
    const lab big(grid(64), all_sorted(sort_style::interleaved, {"a", "b"}), make_cluster("dc2.large", 1), blocks_of(256));
    CHECK(big.read(eq("a", "10")) == 8);
    CHECK(big.read(eq("b", "10")) == 8);
    CHECK(big.read(eq("a", "63")) == 8);
    CHECK(big.read(range("a", "0", "15")) == 16);  // 2 of 8 a-bands x 8 b-bands
}

TEST_CASE("tune zone maps: the unsorted region is in load order and read whenever its range allows") {
    // 20 rows: the first 16 a permutation of 0..15 ((5 i) mod 16), then 15, 0, 10, 5 appended.
    std::vector<std::optional<int>> values;
    for (int i = 0; i < 16; ++i) values.emplace_back((5 * i) % 16);
    for (int v : {15, 0, 10, 5}) values.emplace_back(v);
    table_data t = facts(values);
    t.rows = 20;
    const lab l(t, all_sorted(sort_style::compound, {"a"}), make_cluster("dc2.large", 1), blocks_of(16, 0.2));
    const auto& blocks = l.maps.blocks[0];
    REQUIRE(blocks.size() == 5);  // 16 sorted rows in 4 blocks, 4 unsorted rows in 1
    for (std::size_t k = 0; k < 4; ++k) {
        CHECK_FALSE(blocks[k].unsorted);
        CHECK(blocks[k].min == static_cast<std::int64_t>(4 * k));
        CHECK(blocks[k].max == static_cast<std::int64_t>(4 * k + 3));
    }
    CHECK(blocks[4].unsorted);
    CHECK(blocks[4].min == 0);
    CHECK(blocks[4].max == 15);
    CHECK(l.read(eq("a", "7")) == 2);   // the sorted block 4..7 and the unsorted block
    CHECK(l.read(eq("a", "13")) == 2);  // 12..15 and the unsorted block
    CHECK(l.read(eq("a", "99")) == 0);
    // After a VACUUM (all 20 rows sorted): 0 0 1 2 | 3 4 5 5 | 6 7 8 9 | 10 10 11 12 | 13 14 15 15.
    const lab s(t, all_sorted(sort_style::compound, {"a"}), make_cluster("dc2.large", 1), blocks_of(16));
    CHECK(s.read(eq("a", "7")) == 1);
    CHECK(s.read(eq("a", "10")) == 1);
    CHECK(s.read(eq("a", "5")) == 1);
}

TEST_CASE("tune zone maps: NULL blocks are skipped by every predicate") {
    // 8 values and 8 NULLs, sorted: NULLs last, so blocks 3 and 4 are all NULL.
    std::vector<std::optional<int>> values;
    for (int i = 0; i < 8; ++i) {
        values.emplace_back(i);
        values.emplace_back(std::nullopt);
    }
    table_data t = facts(values);
    const lab l(t, all_sorted(sort_style::compound, {"a"}), make_cluster("dc2.large", 1), blocks_of(16));
    const auto& blocks = l.maps.blocks[0];
    REQUIRE(blocks.size() == 4);
    CHECK_FALSE(blocks[0].all_null);
    CHECK_FALSE(blocks[1].all_null);
    CHECK(blocks[2].all_null);
    CHECK(blocks[3].all_null);
    CHECK(blocks[2].rows == 4);
    CHECK(l.read(range("a", std::nullopt, std::nullopt)) == 2);  // any non-NULL value
    CHECK(l.read(range("a", "-100", "100")) == 2);
    CHECK(l.read(eq("a", "0")) == 1);
    // Unsorted (load order: value, NULL, value, NULL ...): every block holds values.
    const lab u(t, all_unsorted, make_cluster("dc2.large", 1), blocks_of(16));
    CHECK(u.read(range("a", std::nullopt, std::nullopt)) == 4);
    CHECK(u.read(eq("a", "0")) == 1);
}

TEST_CASE("tune zone maps: in-lists read the blocks holding any of their values") {
    std::vector<std::optional<int>> values;
    for (int i = 15; i >= 0; --i) values.emplace_back(i);
    table_data t = facts(values);
    const lab l(t, all_sorted(sort_style::compound, {"a"}), make_cluster("dc2.large", 1), blocks_of(16));
    CHECK(l.read(in_list("a", {"1", "2", "13"})) == 2);
    CHECK(l.read(in_list("a", {"1", "5", "9", "13"})) == 4);
    CHECK(l.read(in_list("a", {"100", "-4"})) == 0);
    CHECK(l.read(in_list("a", {})) == 0);
    CHECK(l.read(range("a", "9", "3")) == 0);  // an empty range
}

TEST_CASE("tune zone maps: blocks per slice after EVEN distribution") {
    // 16 rows a = 0..15 on 2 slices, EVEN: slice 0 even values, slice 1 odd; 4 rows a block.
    table_data t = facts(ascending(16));
    const table_design d{dist_style::even, std::nullopt, sort_key{sort_style::compound, {"a"}}};
    const lab l(t, d, make_cluster("dc2.large", 1), blocks_of(16));
    const auto& blocks = l.maps.blocks[0];
    REQUIRE(blocks.size() == 4);
    CHECK((blocks[0].slice == 0 && blocks[0].min == 0 && blocks[0].max == 6));
    CHECK((blocks[1].slice == 0 && blocks[1].min == 8 && blocks[1].max == 14));
    CHECK((blocks[2].slice == 1 && blocks[2].min == 1 && blocks[2].max == 7));
    CHECK((blocks[3].slice == 1 && blocks[3].min == 9 && blocks[3].max == 15));
    CHECK(l.read(eq("a", "5")) == 2);  // slice 1's 1..7 and slice 0's 0..6 (its range allows 5)
    CHECK(l.read(eq("a", "15")) == 1);
    // The same rows ALL on 2 nodes: one copy's blocks (4 rows each, slice 0).
    const lab a(t, table_design{dist_style::all, std::nullopt, sort_key{sort_style::compound, {"a"}}},
                make_cluster("dc2.large", 2), blocks_of(16));
    CHECK(a.maps.blocks[0].size() == 4);
    CHECK(a.read(eq("a", "5")) == 1);
}

TEST_CASE("tune zone maps: character keys compare 8-byte prefixes") {
    column_data c{"s", varchar(32), {}, {}, {}, 0, false, {}};
    std::vector<std::string> values;
    for (int i = 1; i <= 8; ++i) values.push_back("aaaaaaaa" + std::to_string(i));
    for (int i = 1; i <= 8; ++i) values.push_back("b" + std::to_string(i));
    for (const auto& v : values) c.append(std::string_view(v));
    table_data t;
    t.name = "facts";
    t.columns.push_back(c);
    // Average width (9 * 8 + 2 * 8) / 16 = 5.5 bytes: 22-byte blocks hold 4 rows.
    const lab l(t, all_sorted(sort_style::compound, {"s"}), make_cluster("dc2.large", 1), blocks_of(22));
    REQUIRE(l.maps.blocks[0].size() == 4);
    filter f = eq("s", "aaaaaaaa7");
    CHECK(l.read(f) == 2);  // both aaaaaaaa blocks have the same prefix image: no way to tell them apart
    CHECK(l.read(eq("s", "b3")) == 1);
    CHECK(l.read(range("s", "b", "b9")) == 2);
    CHECK(l.read(eq("s", "a")) == 0);
}

TEST_CASE("tune zone maps: a sample's blocks hold 1 / sample_fraction rows per sampled row") {
    table_data t = facts(ascending(16));
    t.sample_fraction = 0.5;
    t.rows = 32;
    // 4 rows a block; a sampled row stands for 2, so 2 sampled rows a block: 8 blocks of 4 rows.
    const lab l(t, all_sorted(sort_style::compound, {"a"}), make_cluster("dc2.large", 1), blocks_of(16));
    REQUIRE(l.maps.blocks[0].size() == 8);
    CHECK(l.maps.blocks[0][0].rows == 4);
    CHECK(l.read(eq("a", "3")) == 1);
}

TEST_CASE("tune zone maps: errors") {
    const auto t = grid(2);
    const auto dist = simulate_distribution(t, all_unsorted, make_cluster("dc2.large", 1));
    const auto maps = build_zone_maps(t, all_unsorted, dist);
    CHECK(tune_error_of([&] { (void)estimate_scan(maps, t, eq("zz", "1")); }).id() == "starshift.tune.filter_column");
    filter other = eq("a", "1");
    other.column.table = "users";
    CHECK(tune_error_of([&] { (void)estimate_scan(maps, t, other); }).id() == "starshift.tune.filter_column");
    const auto bad = tune_error_of([&] { (void)estimate_scan(maps, t, eq("a", "one")); });
    CHECK(bad.id() == "starshift.tune.bad_value");
    CHECK(bad.column() == "a");
    CHECK(tune_error_of([&] { (void)build_zone_maps(t, all_sorted(sort_style::compound, {"zz"}), dist); }).id() ==
          "starshift.tune.sortkey_not_read");
    slice_distribution wrong = dist;
    wrong.row_slice.pop_back();
    CHECK(tune_error_of([&] { (void)build_zone_maps(t, all_unsorted, wrong); }).id() ==
          "starshift.tune.distribution_mismatch");
    CHECK(tune_error_of([&] { (void)build_zone_maps(t, all_unsorted, dist, blocks_of(16, 1.5)); }).id() ==
          "starshift.tune.bad_unsorted_fraction");
}

TEST_CASE("tune zone maps: wide compound keys (not packable) sort like a reference sort") {
    // A VARCHAR's 8-byte image spans ~58 bits, so (s, a) cannot be packed into 64 bits: the per-column path runs.
    // Reference: std::stable_sort of the rows by (s image, a) with NULLs last, then 4-row blocks.
    const std::vector<std::string> words = {"pear", "apple", "fig", "kiwi", "plum"};
    column_data s{"s", varchar(8), {}, {}, {}, 0, false, {}};
    std::vector<std::optional<int>> a_values;
    std::uint32_t x = 12345;
    for (int i = 0; i < 200; ++i) {
        x = x * 1103515245U + 12345U;
        const auto r = (x >> 8U) % 23U;
        if (r == 0) s.append(std::nullopt);
        else s.append(std::string_view(words[r % words.size()]));
        if (r == 7) a_values.emplace_back(std::nullopt);
        else a_values.emplace_back(static_cast<int>((x >> 4U) % 50U));
    }
    table_data t;
    t.name = "facts";
    t.columns.push_back(s);
    t.columns.push_back(int_column("a", a_values));
    const lab l(t, all_sorted(sort_style::compound, {"s", "a"}), make_cluster("dc2.large", 1), blocks_of(16));

    std::vector<std::size_t> rows(200);
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
    const auto& cs = l.data.columns[0];
    const auto& ca = l.data.columns[1];
    auto key = [](const column_data& c, std::size_t i) {
        return std::make_pair(c.nulls[i] ? 1 : 0, c.nulls[i] ? 0 : c.sort_values[i]);
    };
    std::stable_sort(rows.begin(), rows.end(), [&](std::size_t p, std::size_t q) {
        return std::make_pair(key(cs, p), key(ca, p)) < std::make_pair(key(cs, q), key(ca, q));
    });
    // INTEGER: 4 rows a block; VARCHAR: 16 bytes / average width.
    const std::uint64_t a_rows = 4;
    const std::uint64_t s_rows = rows_per_block(cs, blocks_of(16));
    for (const auto& [column, per_block, maps] :
         {std::make_tuple(&ca, a_rows, &l.maps.blocks[1]), std::make_tuple(&cs, s_rows, &l.maps.blocks[0])}) {
        REQUIRE(maps->size() == (rows.size() + per_block - 1) / per_block);
        for (std::size_t b = 0; b < maps->size(); ++b) {
            std::int64_t lo = std::numeric_limits<std::int64_t>::max();
            std::int64_t hi = std::numeric_limits<std::int64_t>::min();
            for (std::size_t p = b * per_block; p < std::min(rows.size(), (b + 1) * per_block); ++p)
                if (!column->nulls[rows[p]]) {
                    lo = std::min(lo, column->sort_values[rows[p]]);
                    hi = std::max(hi, column->sort_values[rows[p]]);
                }
            const block& got = (*maps)[b];
            CHECK(got.all_null == (lo > hi));
            if (lo <= hi) {
                CHECK(got.min == lo);
                CHECK(got.max == hi);
            }
        }
    }
    // The same check on the packed path: (a) alone.
    const lab p(t, all_sorted(sort_style::compound, {"a"}), make_cluster("dc2.large", 1), blocks_of(16));
    std::stable_sort(rows.begin(), rows.end(), [&](std::size_t i, std::size_t j) { return key(ca, i) < key(ca, j); });
    for (std::size_t b = 0; b < p.maps.blocks[1].size(); ++b) {
        const auto first = ca.nulls[rows[b * 4]];
        if (!first) CHECK(p.maps.blocks[1][b].min == ca.sort_values[rows[b * 4]]);
    }
}
