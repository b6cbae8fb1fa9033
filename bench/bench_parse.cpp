// Throughput of the parse layer: a generated 10,000-statement Redshift DDL file (CREATE TABLE in the corpus's
// styles: encodings, IDENTITY, DEFAULT, constraints, DISTKEY/SORTKEY, plus COPY and other statements).
#include <benchmark/benchmark.h>

#include <string>

#include "starshift/parse/parser.hpp"

namespace {

// `statements` statements: 80 % CREATE TABLE (8-20 columns), 15 % COPY, 5 % other (DROP / ANALYZE).
std::string make_script(int statements) {
    static const char* types[] = {"INTEGER", "BIGINT", "VARCHAR(256)", "TIMESTAMP", "DECIMAL(12,2)",
                                  "DOUBLE PRECISION", "CHAR(2)", "DATE", "BOOLEAN", "SMALLINT"};
    static const char* encodings[] = {"AZ64", "AZ64", "ZSTD", "AZ64", "AZ64", "ZSTD", "BYTEDICT", "AZ64", "RAW", "AZ64"};
    std::string s;
    s.reserve(static_cast<std::size_t>(statements) * 700);
    int last_table = 0;
    for (int i = 0; i < statements; ++i) {
        const int kind = i % 20;
        if (kind < 16) {
            last_table = i;
            const int columns = 8 + i % 13;
            s += "-- table " + std::to_string(i) + "\nCREATE TABLE IF NOT EXISTS bench.t" + std::to_string(i) + " (\n";
            s += "    id BIGINT IDENTITY(0,1) ENCODE AZ64 NOT NULL,\n";
            for (int c = 1; c < columns; ++c) {
                const int t = (i + c) % 10;
                s += "    col_" + std::to_string(c) + " " + types[t] + " ENCODE " + encodings[t];
                if (c % 4 == 0) s += " NOT NULL";
                if (c % 7 == 0 && t == 2) s += " DEFAULT 'n/a'";
                s += ",\n";
            }
            s += "    PRIMARY KEY (id)\n)\nDISTSTYLE KEY\nDISTKEY (col_1)\nCOMPOUND SORTKEY (id);\n\n";
        } else if (kind < 19) {
            s += "COPY bench.t" + std::to_string(last_table) +
                 " FROM 's3://bench-bucket/data/t/' IAM_ROLE 'arn:aws:iam::123456789012:role/bench'\n"
                 "FORMAT AS JSON 'auto' GZIP TIMEFORMAT 'epochmillisecs' MAXERROR 10 TRUNCATECOLUMNS "
                 "REGION 'us-west-2';\n\n";
        } else {
            s += "ANALYZE bench.t" + std::to_string(last_table) + ";\n\n";
        }
    }
    return s;
}

void bm_parse_script(benchmark::State& state) {
    const std::string script = make_script(static_cast<int>(state.range(0)));
    std::size_t statements = 0;
    for (auto _ : state) {
        auto parsed = starshift::parse::parse_script(script, {"bench.sql", true, {}});
        statements = parsed.size();
        benchmark::DoNotOptimize(parsed);
    }
    state.counters["statements/s"] = benchmark::Counter(static_cast<double>(statements) * static_cast<double>(state.iterations()),
                                                        benchmark::Counter::kIsRate);
    state.SetBytesProcessed(static_cast<std::int64_t>(script.size()) * state.iterations());
}

void bm_check_script(benchmark::State& state) {
    const std::string script = make_script(static_cast<int>(state.range(0)));
    std::size_t statements = 0;
    for (auto _ : state) {
        auto r = starshift::parse::check_script(script, {"bench.sql", true, {}});
        auto copies = starshift::parse::check_copies(r.statements);
        statements = r.statements.size();
        benchmark::DoNotOptimize(copies);
    }
    state.counters["statements/s"] = benchmark::Counter(static_cast<double>(statements) * static_cast<double>(state.iterations()),
                                                        benchmark::Counter::kIsRate);
    state.SetBytesProcessed(static_cast<std::int64_t>(script.size()) * state.iterations());
}

}  // namespace

BENCHMARK(bm_parse_script)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_check_script)->Arg(10000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
