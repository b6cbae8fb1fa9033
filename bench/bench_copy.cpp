// Throughput of the copy engine's pure part: split + parse + convert Sparkify-like log events to COPY text or to
// COPY binary (the default wire format).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "starshift/copy/jsonpaths.hpp"
#include "starshift/copy/record_converter.hpp"
#include "starshift/copy/record_splitter.hpp"
#include "starshift/io/memory_store.hpp"

namespace {

using namespace starshift;
using namespace starshift::copy;

// Events shaped like the Sparkify log data (same keys, types and typical lengths).
std::string make_events(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) {
        const bool next_song = i % 6 != 0;
        s += "{\"artist\":";
        s += next_song ? "\"Artist number " + std::to_string(i % 3148) + "\"" : "null";
        s += ",\"auth\":\"Logged In\",\"firstName\":\"Kaylee\",\"gender\":\"F\",\"itemInSession\":" +
             std::to_string(i % 100) + ",\"lastName\":\"Summers\",\"length\":";
        s += next_song ? std::to_string(100 + (i % 2000)) + ".30812" : "null";
        s += ",\"level\":\"free\",\"location\":\"Phoenix-Mesa-Scottsdale, AZ\",\"method\":\"PUT\",\"page\":\"";
        s += next_song ? "NextSong" : "Home";
        s += "\",\"registration\":1540344794796.0,\"sessionId\":" + std::to_string(i % 1000) + ",\"song\":";
        s += next_song ? "\"Song title \\u00e9 " + std::to_string(i) + "\"" : "null";
        s += ",\"status\":200,\"ts\":" + std::to_string(1541105830796LL + i * 1000LL) +
             ",\"userAgent\":\"\\\"Mozilla\\/5.0 (Windows NT 6.1; WOW64) AppleWebKit\\/537.36 (KHTML, like Gecko) "
             "Chrome\\/35.0.1916.153 Safari\\/537.36\\\"\",\"userId\":\"" +
             std::to_string(i % 97) + "\"}\n";
    }
    return s;
}

std::vector<target_column> staging_events() {
    return {{"artist", varchar(256), false},     {"auth", varchar(256), false},
            {"firstname", varchar(256), false},  {"gender", varchar(256), false},
            {"iteminsession", integer(), false}, {"lastname", varchar(256), false},
            {"length", double_precision(), false}, {"level", varchar(256), false},
            {"location", varchar(256), false},   {"method", varchar(256), false},
            {"page", varchar(256), false},       {"registration", double_precision(), false},
            {"sessionid", integer(), false},     {"song", varchar(256), false},
            {"status", integer(), false},        {"ts", timestamp(), false},
            {"useragent", varchar(256), false},  {"userid", integer(), false}};
}

void run_encode(benchmark::State& state, bool with_paths, wire_format wire = wire_format::text) {
    const std::string data = make_events(20000);
    std::optional<std::vector<json_path>> paths;
    if (with_paths) {
        std::vector<json_path> p;
        for (const char* k : {"artist", "auth", "firstName", "gender", "itemInSession", "lastName", "length", "level",
                              "location", "method", "page", "registration", "sessionId", "song", "status", "ts",
                              "userAgent", "userId"}) {
            p.push_back(parse_json_path(std::string("$['") + k + "']", "bench"));
        }
        paths = std::move(p);
    }
    conversion_settings s;
    s.timeformat = time_format::parse(std::string("epochmillisecs"), false);
    s.wire = wire;
    record_converter conv(staging_events(), paths, !with_paths, s);
    std::string out;
    out.reserve(2U << 20U);
    reject rej;
    std::uint64_t records = 0;
    for (auto _ : state) {
        io::memory_reader r(data, "memory");
        record_splitter sp(r);
        sp.enable_line_candidates(true);  // as copy_encoder does
        for (split_event ev = sp.next(); ev == split_event::record; ev = sp.next()) {
            bool not_one_value = false;
            if (sp.candidate() && conv.convert_candidate(sp.text(), out, rej, not_one_value)) {
                ++records;
            } else if (not_one_value) {
                state.SkipWithError("the generated events are one JSON object per line");
                break;
            } else if (!sp.candidate() && conv.convert(sp.text(), out, rej)) {
                ++records;
            }
            if (out.size() > (1U << 20U)) {
                out.clear();
            }
        }
        benchmark::DoNotOptimize(out.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(data.size()));
    state.counters["records/s"] = benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
}

void bm_copy_encode_jsonpaths(benchmark::State& state) { run_encode(state, true); }
void bm_copy_encode_auto_ignorecase(benchmark::State& state) { run_encode(state, false); }
void bm_copy_encode_jsonpaths_binary(benchmark::State& state) { run_encode(state, true, wire_format::binary); }
void bm_copy_encode_auto_ignorecase_binary(benchmark::State& state) { run_encode(state, false, wire_format::binary); }

void bm_copy_split_only(benchmark::State& state) {
    const std::string data = make_events(20000);
    std::uint64_t records = 0;
    for (auto _ : state) {
        io::memory_reader r(data, "memory");
        record_splitter sp(r);
        while (sp.next() == split_event::record) {
            ++records;
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(data.size()));
    state.counters["records/s"] = benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(bm_copy_split_only)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_copy_encode_jsonpaths)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_copy_encode_auto_ignorecase)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_copy_encode_jsonpaths_binary)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_copy_encode_auto_ignorecase_binary)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
