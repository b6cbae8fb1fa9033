// tune: slice simulation for every DISTSTYLE, with hand-computed answers.
//
// KEY slices come from value_hash, computed independently by this Python snippet (see test_tune_cluster.cpp for
// the hash itself): [h(str(i)) % 4 for i in range(1, 13)] == [3, 2, 1, 3, 3, 0, 3, 2, 3, 2, 3, 2]
// so on 4 slices the values "1".."12" land: slice 0 {6}, slice 1 {3}, slice 2 {2, 8, 10, 12},
// slice 3 {1, 4, 5, 7, 9, 11}.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "starshift/tune/slice_simulation.hpp"
#include "support/tune_data.hpp"

using namespace starshift;
using namespace starshift::tune;
using starshift::testing::tune_error_of;

namespace {

std::vector<std::optional<std::string>> numbers(int from, int to) {
    std::vector<std::optional<std::string>> v;
    for (int i = from; i <= to; ++i) v.emplace_back(std::to_string(i));
    return v;
}

table_data one_column_table(const std::vector<std::optional<std::string>>& values, double row_bytes = 10) {
    table_data t;
    t.name = "facts";
    t.rows = values.size();
    t.row_bytes = row_bytes;
    t.columns.push_back(testing::column_of("k", integer(), values));
    return t;
}

table_design key_on(const char* column) { return table_design{dist_style::key, std::string(column), {}}; }
const table_design even{dist_style::even, std::nullopt, {}};
const table_design all{dist_style::all, std::nullopt, {}};
const table_design automatic{dist_style::automatic, std::nullopt, {}};

using rows_t = std::vector<std::uint64_t>;

}  // namespace

TEST_CASE("tune slices: KEY places each value by value_hash modulo the slice count") {
    const auto t = one_column_table(numbers(1, 12));
    const auto d = simulate_distribution(t, key_on("k"), make_cluster("dc2.large", 2));
    CHECK(d.effective == dist_style::key);
    CHECK(d.rows == rows_t{1, 1, 4, 6});
    CHECK(d.row_slice == std::vector<int>{3, 2, 1, 3, 3, 0, 3, 2, 3, 2, 3, 2});
    CHECK(d.skew_rows == doctest::Approx(6.0));
    CHECK(d.empty_slices == 0);
    CHECK(d.bytes == rows_t{10, 10, 40, 60});
    CHECK(d.node_bytes == rows_t{20, 100});
    CHECK(d.total_bytes == 120);
}

TEST_CASE("tune slices: KEY with a NULL-heavy key puts every NULL on slice 0") {
    // 80 NULLs and "1".."20": Python gives the 20 values 4/1/7/8 per slice, so slice 0 holds 80 + 4 = 84.
    auto values = numbers(1, 20);
    for (int i = 0; i < 80; ++i) values.emplace_back(std::nullopt);
    const auto t = one_column_table(values);
    const auto d = simulate_distribution(t, key_on("k"), make_cluster("dc2.large", 2));
    CHECK(d.rows == rows_t{84, 1, 7, 8});
    CHECK(d.skew_rows == doctest::Approx(84.0));
    for (std::size_t i = 20; i < 100; ++i) REQUIRE(d.row_slice[i] == 0);
    // EVEN on the same rows: 25 per slice.
    const auto e = simulate_distribution(t, even, make_cluster("dc2.large", 2));
    CHECK(e.rows == rows_t{25, 25, 25, 25});
    CHECK(e.skew_rows == doctest::Approx(1.0));
}

TEST_CASE("tune slices: KEY on a Zipf key is skewed and EVEN is not") {
    // Value v (1..10) appears 120 // v times: 120 60 40 30 24 20 17 15 13 12 = 351 rows. Its slice (Python):
    // 1->3 2->2 3->1 4->3 5->3 6->0 7->3 8->2 9->3 10->2: slice 0 = 20, 1 = 40, 2 = 60+15+12 = 87,
    // 3 = 120+30+24+17+13 = 204. Skew 204 / 20 = 10.2.
    std::vector<std::optional<std::string>> values;
    for (int v = 1; v <= 10; ++v)
        for (int k = 0; k < 120 / v; ++k) values.emplace_back(std::to_string(v));
    REQUIRE(values.size() == 351);
    const auto t = one_column_table(values);
    const auto key = simulate_distribution(t, key_on("k"), make_cluster("dc2.large", 2));
    CHECK(key.rows == rows_t{20, 40, 87, 204});
    CHECK(key.skew_rows == doctest::Approx(10.2));
    const auto ev = simulate_distribution(t, even, make_cluster("dc2.large", 2));
    CHECK(ev.rows == rows_t{88, 88, 88, 87});
    CHECK(ev.skew_rows == doctest::Approx(88.0 / 87.0));
    CHECK(ev.skew_rows < key.skew_rows);
}

TEST_CASE("tune slices: EVEN is round robin from slice 0") {
    const auto t = one_column_table(numbers(1, 10));
    const auto d = simulate_distribution(t, even, make_cluster("dc2.large", 2));
    CHECK(d.rows == rows_t{3, 3, 2, 2});
    CHECK(d.row_slice == std::vector<int>{0, 1, 2, 3, 0, 1, 2, 3, 0, 1});
    CHECK(d.skew_rows == doctest::Approx(1.5));
    // 3 rows on 4 slices: one slice is empty; skew is over the slices holding rows.
    const auto small = simulate_distribution(one_column_table(numbers(1, 3)), even, make_cluster("dc2.large", 2));
    CHECK(small.rows == rows_t{1, 1, 1, 0});
    CHECK(small.empty_slices == 1);
    CHECK(small.skew_rows == doctest::Approx(1.0));
}

TEST_CASE("tune slices: ALL keeps a full copy on the first slice of every node") {
    const auto t = one_column_table(numbers(1, 10), 10);
    const auto d = simulate_distribution(t, all, make_cluster("dc2.large", 2));
    CHECK(d.effective == dist_style::all);
    CHECK(d.rows == rows_t{10, 0, 10, 0});
    CHECK(d.node_bytes == rows_t{100, 100});
    CHECK(d.total_bytes == 200);
    CHECK(d.skew_rows == doctest::Approx(1.0));
    CHECK(d.row_slice == std::vector<int>(10, -1));
    const auto r = simulate_distribution(t, all, make_cluster("ra3.4xlarge", 3));
    CHECK(r.rows == rows_t{10, 0, 0, 0, 10, 0, 0, 0, 10, 0, 0, 0});
    CHECK(r.node_bytes == rows_t{100, 100, 100});
    CHECK(r.total_bytes == 300);
}

TEST_CASE("tune slices: AUTO is ALL up to the threshold and EVEN above") {
    simulation_options options;
    options.auto_all_max_rows = 10;
    const auto at = simulate_distribution(one_column_table(numbers(1, 10)), automatic, make_cluster("dc2.large", 2), options);
    CHECK(at.effective == dist_style::all);
    CHECK(at.rows == rows_t{10, 0, 10, 0});
    const auto above = simulate_distribution(one_column_table(numbers(1, 11)), automatic, make_cluster("dc2.large", 2), options);
    CHECK(above.effective == dist_style::even);
    CHECK(above.rows == rows_t{3, 3, 3, 2});
    // The default threshold: one million rows.
    table_data counted;
    counted.name = "big";
    counted.rows = 1'000'001;
    counted.row_bytes = 1;
    CHECK(simulate_distribution(counted, automatic, make_cluster("dc2.large", 1)).effective == dist_style::even);
    counted.rows = 1'000'000;
    CHECK(simulate_distribution(counted, automatic, make_cluster("dc2.large", 1)).effective == dist_style::all);
}

TEST_CASE("tune slices: a sample is scaled up to the table's rows") {
    auto t = one_column_table(numbers(1, 12));
    t.sample_fraction = 0.5;
    t.rows = 24;
    auto d = simulate_distribution(t, key_on("k"), make_cluster("dc2.large", 2));
    CHECK(d.rows == rows_t{2, 2, 8, 12});
    CHECK(d.row_slice.size() == 12);  // per sampled row
    CHECK(d.skew_rows == doctest::Approx(6.0));
    // 25 rows: 25/12 * {1, 1, 4, 6} = {2.08, 2.08, 8.33, 12.5}: floors sum to 24, the last row to slice 3.
    t.rows = 25;
    d = simulate_distribution(t, key_on("k"), make_cluster("dc2.large", 2));
    CHECK(d.rows == rows_t{2, 2, 8, 13});
    // Without a row count: by 1 / sample_fraction.
    t.rows = 0;
    t.sample_fraction = 0.25;
    d = simulate_distribution(t, key_on("k"), make_cluster("dc2.large", 2));
    CHECK(d.rows == rows_t{4, 4, 16, 24});
    const auto e = simulate_distribution(t, even, make_cluster("dc2.large", 2));
    CHECK(e.rows == rows_t{12, 12, 12, 12});
}

TEST_CASE("tune slices: bytes from the read columns when the row width is unknown") {
    auto t = one_column_table({std::string("1"), std::string("22"), std::string("333"), std::string("4444")}, 0);
    // total text width 10 over 4 rows: 2.5 bytes a row.
    const auto d = simulate_distribution(t, even, make_cluster("dc2.large", 1));
    CHECK(d.rows == rows_t{2, 2});
    CHECK(d.bytes == rows_t{5, 5});
}

TEST_CASE("tune slices: counts alone for EVEN and ALL when no column was read") {
    table_data t;
    t.name = "dims";
    t.rows = 7;
    t.row_bytes = 2;
    const auto d = simulate_distribution(t, even, make_cluster("dc2.large", 2));
    CHECK(d.rows == rows_t{2, 2, 2, 1});
    CHECK(d.node_bytes == rows_t{8, 6});
    CHECK(d.row_slice.empty());
    CHECK(tune_error_of([&] { (void)simulate_distribution(t, key_on("k"), make_cluster("dc2.large", 2)); }).id() ==
          "starshift.tune.distkey_not_read");
}

TEST_CASE("tune slices: errors") {
    auto t = one_column_table(numbers(1, 4));
    const auto e =
        tune_error_of([&] { (void)simulate_distribution(t, key_on("user_id"), make_cluster("dc2.large", 2)); });
    CHECK(e.id() == "starshift.tune.distkey_not_read");
    CHECK(e.column() == "user_id");
    t.sample_fraction = 0;
    CHECK(tune_error_of([&] { (void)simulate_distribution(t, even, make_cluster("dc2.large", 2)); }).id() ==
          "starshift.tune.bad_sample_fraction");
}
