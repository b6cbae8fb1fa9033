// The advisor's time on Sparkify-shaped data (target: 10 million fact rows in under a minute on 2 cores).
// Synthetic data made in memory (sparkify::synthetic_tune_data: Zipf user_id/song_id, a time dimension as large as
// the fact), the Sparkify model's workload plus a one-day range filter on songplays.start_time and time.start_time
// (so that zone maps are built for the sort-key candidates). Only advise() is timed.
//
//   bench_advisor [--benchmark_filter=advise/10000000]
#include <benchmark/benchmark.h>

#include <cstdint>
#include <map>
#include <memory>

#include "starshift/sparkify/synthetic_data.hpp"
#include "starshift/sparkify/warehouse.hpp"
#include "starshift/tune/advisor.hpp"
#include "starshift/tune/cluster.hpp"
#include "starshift/tune/workload.hpp"

namespace {

namespace sparkify = starshift::sparkify;
namespace tune = starshift::tune;

const tune::warehouse_data& data_for(std::uint64_t rows) {
    static std::map<std::uint64_t, std::unique_ptr<tune::warehouse_data>> cache;
    auto& slot = cache[rows];
    if (!slot) {
        sparkify::synthetic_options o;
        o.songplays = rows;
        o.users = 10'000;
        o.songs = 200'000;
        o.artists = 40'000;
        o.seconds_apart = 1;
        slot = std::make_unique<tune::warehouse_data>(sparkify::synthetic_tune_data(o));
    }
    return *slot;
}

tune::workload bench_workload(const starshift::warehouse& w) {
    tune::workload wl = tune::workload_from_model(w);
    for (const char* table : {"songplays", "time"}) {
        tune::filter f;
        f.query = "one_day";
        f.column = {table, "start_time"};
        f.kind = tune::predicate_kind::range;
        f.low = "2018-11-02 00:00:00";
        f.high = "2018-11-02 23:59:59";
        wl.filters.push_back(f);
    }
    wl.queries.push_back("one_day");
    return wl;
}

void advise(benchmark::State& state) {
    const auto rows = static_cast<std::uint64_t>(state.range(0));
    const auto& data = data_for(rows);
    const starshift::warehouse w = starshift::sparkify::make_warehouse();
    const tune::workload wl = bench_workload(w);
    const tune::cluster_shape cluster = tune::make_cluster("dc2.large", 2);
    tune::advisor_options o;
    o.threads = static_cast<unsigned>(state.range(1));
    std::size_t candidates = 0;
    for (auto _ : state) {
        const tune::advice a = tune::advise(w, data, wl, cluster, o);
        candidates = 0;
        for (const auto& t : a.tables) candidates += t.candidates.size();
        benchmark::DoNotOptimize(candidates);
        state.counters["rounds"] = a.rounds;
    }
    state.counters["fact_rows"] = static_cast<double>(rows);
    state.counters["candidates"] = static_cast<double>(candidates);
}

}  // namespace

BENCHMARK(advise)
    ->ArgNames({"rows", "threads"})
    ->Args({1'000'000, 2})
    ->Args({10'000'000, 1})
    ->Args({10'000'000, 2})
    ->Unit(benchmark::kSecond)
    ->Iterations(1)
    ->UseRealTime();

BENCHMARK_MAIN();
