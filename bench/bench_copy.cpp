// Throughput of the copy engine's pure part: split + parse + convert Sparkify-like log events (JSON, or Redshift's
// pipe-delimited text format) to COPY text or to COPY binary (the default wire format).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

#include "starshift/copy/detail/text_splitter.hpp"
#include "starshift/copy/jsonpaths.hpp"
#include "starshift/copy/record_converter.hpp"
#include "starshift/copy/record_splitter.hpp"
#include "starshift/copy/text_converter.hpp"
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

// The same events in Redshift's default text format with ESCAPE (pipe-delimited, \N for NULL, timestamps as text);
// every 50th song title holds an escaped delimiter.
std::string make_pipe_events(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) {
        const bool next_song = i % 6 != 0;
        const long long secs = 1541105830LL + i;
        const int sec_of_day = static_cast<int>(secs % 86400);
        char ts[40];
        const int day = static_cast<int>(1 + (secs - 1541030400LL) / 86400);  // 1541030400: 2018-11-01 00:00 UTC
        std::snprintf(ts, sizeof ts, "2018-11-%02d %02d:%02d:%02d.796", day, sec_of_day / 3600, sec_of_day / 60 % 60,
                      sec_of_day % 60);
        s += next_song ? "Artist number " + std::to_string(i % 3148) : "\\N";
        s += "|Logged In|Kaylee|F|" + std::to_string(i % 100) + "|Summers|";
        s += next_song ? std::to_string(100 + (i % 2000)) + ".30812" : "\\N";
        s += "|free|Phoenix-Mesa-Scottsdale, AZ|PUT|";
        s += next_song ? "NextSong" : "Home";
        s += "|1540344794796.0|" + std::to_string(i % 1000) + "|";
        s += next_song ? "Song title \u00e9 " + std::string(i % 50 == 0 ? "a\\|b " : "") + std::to_string(i) : "\\N";
        s += "|200|";
        s += ts;
        s += "|\"Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/35.0.1916.153 "
             "Safari/537.36\"|" +
             std::to_string(i % 97) + "\n";
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

// The COPY data a converter appended to `out`, dropped when it reaches a chunk's size (as copy_into sends it).
void drop_full_chunk(std::string& out) {
    if (out.size() > (1U << 20U)) {
        out.clear();
    }
}

// Runs encode_all(out, records) once per iteration (false: it called SkipWithError) and reports input bytes and
// records per second.
template <class EncodeAll>
void measure_encode(benchmark::State& state, std::size_t data_bytes, EncodeAll&& encode_all) {
    std::string out;
    out.reserve(2U << 20U);
    std::uint64_t records = 0;
    for (auto _ : state) {
        if (!encode_all(out, records)) {
            break;
        }
        benchmark::DoNotOptimize(out.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(data_bytes));
    state.counters["records/s"] = benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
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
    reject rej;
    measure_encode(state, data.size(), [&](std::string& out, std::uint64_t& records) {
        io::memory_reader r(data, "memory");
        record_splitter sp(r);
        sp.enable_line_candidates(true);  // as copy_encoder does
        for (split_event ev = sp.next(); ev == split_event::record; ev = sp.next()) {
            bool not_one_value = false;
            if (sp.candidate() && conv.convert_candidate(sp.text(), out, rej, not_one_value)) {
                ++records;
            } else if (not_one_value) {
                state.SkipWithError("the generated events are one JSON object per line");
                return false;
            } else if (!sp.candidate() && conv.convert(sp.text(), out, rej)) {
                ++records;
            }
            drop_full_chunk(out);
        }
        return true;
    });
}

// COPY … DELIMITER '|' ESCAPE of the pipe-delimited events, as copy_encoder runs it (text_splitter, text_converter).
void run_encode_pipe(benchmark::State& state, wire_format wire) {
    const std::string data = make_pipe_events(20000);
    conversion_settings s;
    s.wire = wire;
    text_format f;
    f.escape = true;
    text_converter conv(staging_events(), f, s);
    text_splitter_options o;
    o.escape = true;
    reject rej;
    measure_encode(state, data.size(), [&](std::string& out, std::uint64_t& records) {
        io::memory_reader r(data, "memory");
        text_splitter sp(r, o);
        for (text_event ev = sp.next(); ev == text_event::record; ev = sp.next()) {
            if (!conv.convert(sp.text(), out, rej)) {
                state.SkipWithError(("the generated events must load: " + rej.reason).c_str());
                return false;
            }
            ++records;
            drop_full_chunk(out);
        }
        return true;
    });
}

void bm_copy_encode_jsonpaths(benchmark::State& state) { run_encode(state, true); }
void bm_copy_encode_auto_ignorecase(benchmark::State& state) { run_encode(state, false); }
void bm_copy_encode_jsonpaths_binary(benchmark::State& state) { run_encode(state, true, wire_format::binary); }
void bm_copy_encode_auto_ignorecase_binary(benchmark::State& state) { run_encode(state, false, wire_format::binary); }

void bm_copy_encode_pipe_binary(benchmark::State& state) { run_encode_pipe(state, wire_format::binary); }

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
BENCHMARK(bm_copy_encode_pipe_binary)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
