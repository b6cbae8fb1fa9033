// Throughput of the tuning simulator on 10 million synthetic fact rows (the advisor's budget: ~20 designs on
// 10 M rows in under a minute on 2 cores): slice simulation (KEY on a Zipf-skewed column, EVEN) and zone maps
// (compound and interleaved sort keys, every column mapped, a workspace reused), plus estimate_scan and column_data::append (the reader's per-value cost).
// analyze_compression: every valid encoding per column.
//
// Columns: user_id INTEGER (Zipf, s = 1.1, 100 000 values), start_time TIMESTAMP (increasing with jitter over
// 30 days), song_id VARCHAR(18) ("SO" + 16 hex digits, uniform), level VARCHAR(4) ("free" / "paid", 10 % NULL).
// Cluster: 4 x ra3.4xlarge (16 slices).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "starshift/common/calendar.hpp"
#include "starshift/common/random.hpp"
#include "starshift/model/table.hpp"
#include "starshift/tune/compression.hpp"
#include "starshift/tune/slice_simulation.hpp"
#include "starshift/tune/zone_map.hpp"

namespace {

using namespace starshift;
namespace tune = starshift::tune;

constexpr std::size_t fact_rows = 10'000'000;


std::string timestamp_text(std::int64_t usec_since_2018_11_01) {
    const std::int64_t sec = usec_since_2018_11_01 / 1'000'000;
    const std::int64_t ms = (usec_since_2018_11_01 / 1000) % 1000;
    const std::int64_t rem = sec % 86400;
    const civil_date d = civil_from_days(days_from_civil(2018, 11, 1) + sec / 86400);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d %02d:%02d:%02d.%03d", static_cast<long long>(d.year), d.month,
                  d.day, static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60),
                  static_cast<int>(ms));
    return buf;
}

const tune::table_data& facts() {
    static const tune::table_data data = [] {
        tune::table_data t;
        t.name = "songplays";
        t.rows = fact_rows;
        t.row_bytes = 120;
        tune::column_data user{"user_id", integer(), {}, {}, {}, 0, false, {}};
        tune::column_data start{"start_time", timestamp(), {}, {}, {}, 0, false, {}};
        tune::column_data song{"song_id", varchar(18), {}, {}, {}, 0, false, {}};
        tune::column_data level{"level", varchar(4), {}, {}, {}, 0, false, {}};
        for (auto* c : {&user, &start, &song, &level}) {
            c->hashes.reserve(fact_rows);
            c->sort_values.reserve(fact_rows);
            c->nulls.reserve(fact_rows);
        }
        // Zipf CDF over 100 000 user ids.
        constexpr std::size_t users = 100'000;
        std::vector<double> cdf(users);
        double sum = 0;
        for (std::size_t k = 0; k < users; ++k) cdf[k] = sum += 1.0 / std::pow(static_cast<double>(k + 1), 1.1);
        for (auto& c : cdf) c /= sum;
        seeded_random r{42};
        const std::int64_t span = 30LL * 86'400'000'000LL;
        std::string text;
        char hex[24];
        for (std::size_t i = 0; i < fact_rows; ++i) {
            const auto u = static_cast<std::size_t>(std::lower_bound(cdf.begin(), cdf.end(), r.uniform()) - cdf.begin());
            user.append(std::string_view(std::to_string(u + 1)));
            const auto base = static_cast<std::int64_t>(static_cast<double>(span) * static_cast<double>(i) / fact_rows);
            const auto jitter = static_cast<std::int64_t>(r.next() % 600'000'000ULL);  // up to 10 minutes late
            start.append(std::string_view(timestamp_text(std::min(base + jitter, span - 1))));
            std::snprintf(hex, sizeof hex, "SO%016llX", static_cast<unsigned long long>(r.next()));
            song.append(std::string_view(hex));
            const std::uint64_t l = r.next() % 10;
            if (l == 0) level.append(std::nullopt);
            else level.append(std::string_view(l < 7 ? "free" : "paid"));
        }
        t.columns = {std::move(user), std::move(start), std::move(song), std::move(level)};
        return t;
    }();
    return data;
}

const tune::cluster_shape& cluster() {
    static const tune::cluster_shape c = tune::make_cluster("ra3.4xlarge", 4);
    return c;
}

void bm_simulate_key(benchmark::State& state) {
    const auto& data = facts();
    const tune::table_design d{dist_style::key, std::string("user_id"), {}};
    double skew = 0;
    for (auto _ : state) {
        auto dist = tune::simulate_distribution(data, d, cluster());
        skew = dist.skew_rows;
        benchmark::DoNotOptimize(dist);
    }
    state.counters["skew_rows"] = skew;
    state.SetItemsProcessed(static_cast<std::int64_t>(fact_rows) * state.iterations());
}

void bm_simulate_even(benchmark::State& state) {
    const auto& data = facts();
    const tune::table_design d{dist_style::even, std::nullopt, {}};
    for (auto _ : state) {
        auto dist = tune::simulate_distribution(data, d, cluster());
        benchmark::DoNotOptimize(dist);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(fact_rows) * state.iterations());
}

void zone_maps(benchmark::State& state, const tune::table_design& d) {
    const auto& data = facts();
    const auto dist = tune::simulate_distribution(data, d, cluster());
    tune::zone_map_options options;
    options.unsorted_fraction = 0.05;
    tune::zone_map_workspace workspace;  // reused across designs, as the advisor does
    std::size_t blocks = 0;
    for (auto _ : state) {
        auto maps = tune::build_zone_maps(data, d, dist, options, workspace);
        blocks = 0;
        for (const auto& c : maps.blocks) blocks += c.size();
        benchmark::DoNotOptimize(maps);
    }
    state.counters["blocks"] = static_cast<double>(blocks);
    state.SetItemsProcessed(static_cast<std::int64_t>(fact_rows) * state.iterations());
}

void bm_zone_maps_compound(benchmark::State& state) {
    zone_maps(state, {dist_style::key, std::string("user_id"), sort_key{sort_style::compound, {"start_time"}}});
}

void bm_zone_maps_compound_two(benchmark::State& state) {
    zone_maps(state, {dist_style::even, std::nullopt, sort_key{sort_style::compound, {"level", "start_time"}}});
}

void bm_zone_maps_interleaved(benchmark::State& state) {
    zone_maps(state, {dist_style::even, std::nullopt, sort_key{sort_style::interleaved, {"user_id", "start_time"}}});
}

void bm_zone_maps_unsorted(benchmark::State& state) {
    zone_maps(state, {dist_style::even, std::nullopt, {}});
}

void bm_estimate_scan(benchmark::State& state) {
    const auto& data = facts();
    const tune::table_design d{dist_style::even, std::nullopt, sort_key{sort_style::compound, {"start_time"}}};
    const auto maps = tune::build_zone_maps(data, d, tune::simulate_distribution(data, d, cluster()));
    tune::filter f;
    f.column = tune::column_ref{"songplays", "start_time"};
    f.kind = tune::predicate_kind::range;
    f.low = "2018-11-05";
    f.high = "2018-11-06";
    std::uint64_t read = 0;
    for (auto _ : state) {
        auto e = tune::estimate_scan(maps, data, f);
        read = e.blocks_read;
        benchmark::DoNotOptimize(e);
    }
    state.counters["blocks_read"] = static_cast<double>(read);
}

void bm_append_timestamp(benchmark::State& state) {
    std::vector<std::string> texts;
    for (int i = 0; i < 100'000; ++i) texts.push_back(timestamp_text(static_cast<std::int64_t>(i) * 25'000'000'000LL / 1000));
    for (auto _ : state) {
        tune::column_data c{"start_time", timestamp(), {}, {}, {}, 0, false, {}};
        for (const auto& t : texts) c.append(std::string_view(t));
        benchmark::DoNotOptimize(c);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(texts.size()) * state.iterations());
}

// ANALYZE COMPRESSION over the four columns of the 10 M rows: every valid encoding (7 to 9 per column) on each
// column's sample of at most 131,072 rows, zstd at level 3 included.
void bm_analyze_compression(benchmark::State& state) {
    const auto& data = facts();
    const table t = table_builder("songplays")
                        .column(col("user_id", integer()))
                        .column(col("start_time", timestamp()))
                        .column(col("song_id", varchar(18)))
                        .column(col("level", varchar(4)))
                        .build();
    double ratio = 0;
    for (auto _ : state) {
        auto c = tune::analyze_compression(data, t);
        ratio = c.columns[1].ratio(encoding::az64);
        benchmark::DoNotOptimize(c);
    }
    state.counters["start_time_az64_ratio"] = ratio;
    state.SetItemsProcessed(static_cast<std::int64_t>(fact_rows) * state.iterations());
}

}  // namespace

BENCHMARK(bm_simulate_key)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_simulate_even)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_zone_maps_compound)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_zone_maps_compound_two)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_zone_maps_interleaved)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_zone_maps_unsorted)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_estimate_scan)->Unit(benchmark::kMicrosecond);
BENCHMARK(bm_append_timestamp)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_analyze_compression)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
