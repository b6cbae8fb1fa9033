// Throughput of the Sparkify sample-data generator (bytes of log_data written per second).
// Run: bench_datagen --benchmark_min_time=0.01 ; set STARSHIFT_BENCH_DIR to choose the scratch directory.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "starshift/sparkify/datagen.hpp"

namespace {

std::filesystem::path scratch_dir() {
    const char* env = std::getenv("STARSHIFT_BENCH_DIR");
    const std::filesystem::path base = env != nullptr ? std::filesystem::path(env) : std::filesystem::temp_directory_path();
    return base / ("starshift_bench_datagen_" +
                   std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
}

void bm_generate(benchmark::State& state) {
    starshift::sparkify::datagen_options options;
    options.log_bytes = static_cast<std::uint64_t>(state.range(0)) * 1000ULL * 1000ULL;
    const auto dir = scratch_dir();
    std::uint64_t bytes = 0;
    starshift::sparkify::datagen_result last;
    for (auto _ : state) {
        last = starshift::sparkify::generate(dir, options);
        bytes += last.bytes;
        state.PauseTiming();
        std::filesystem::remove_all(dir);
        state.ResumeTiming();
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
    state.counters["events"] = static_cast<double>(last.events);
    state.counters["song_files"] = static_cast<double>(last.song_files);
}

}  // namespace

BENCHMARK(bm_generate)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
