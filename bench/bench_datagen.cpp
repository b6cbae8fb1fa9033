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

// Arguments: log size in MB, number of song files (0: the default for the size). Song files are many small
// files, so their cost is the file system's; the runs with 100 songs measure the log generator itself.
void bm_generate(benchmark::State& state) {
    starshift::sparkify::datagen_options options;
    options.log_bytes = static_cast<std::uint64_t>(state.range(0)) * 1000ULL * 1000ULL;
    options.songs = static_cast<std::uint32_t>(state.range(1));
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

BENCHMARK(bm_generate)
    ->ArgNames({"MB", "songs"})
    ->Args({10, 100})
    ->Args({100, 100})
    ->Args({1000, 100})
    ->Args({10, 0})
    ->Args({100, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK_MAIN();
