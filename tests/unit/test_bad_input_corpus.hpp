// The bad-input corpus (tests/data/bad): its manifest, target table and the expected values of its good records.
// Shared by the unit test (copy encoder, no database) and the integration test (executor on PostgreSQL).
#pragma once

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "starshift/model/column.hpp"
#include "starshift/model/sql_type.hpp"
#include "starshift/model/table.hpp"

namespace starshift::bad_input {

inline std::string corpus_dir() { return std::string(STARSHIFT_SOURCE_DIR) + "/tests/data/bad/corpus"; }

struct expected_reject {
    std::uint64_t line = 0;
    int code = 0;
    std::string column;  // empty when not checked (whole-record rejects)
};

struct corpus_file {
    std::string name;  // file name in corpus_dir()
    std::uint64_t read = 0;
    std::vector<std::int64_t> good_ids;
    std::vector<expected_reject> rejects;
    [[nodiscard]] std::string stem() const { return name.substr(0, name.size() - 5); }  // without ".json"
};

inline std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    std::istringstream in(s);
    while (std::getline(in, cur, sep)) out.push_back(cur);
    if (!s.empty() && s.back() == sep) out.emplace_back();
    return out;
}

// Reads tests/data/bad/expected.tsv (written by make_corpus.py).
inline std::vector<corpus_file> load_manifest() {
    std::ifstream in(std::string(STARSHIFT_SOURCE_DIR) + "/tests/data/bad/expected.tsv");
    std::vector<corpus_file> files;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        const auto f = split(line, '\t');
        if (f.size() < 4) continue;
        corpus_file c;
        c.name = f[0];
        c.read = std::stoull(f[1]);
        for (const auto& id : split(f[2], ','))
            if (!id.empty()) c.good_ids.push_back(std::stoll(id));
        for (const auto& r : split(f[3], ',')) {
            if (r.empty()) continue;
            const auto p = split(r, ':');
            expected_reject e;
            e.line = std::stoull(p.at(0));
            e.code = std::stoi(p.at(1));
            if (p.size() > 2) e.column = p[2];
            c.rejects.push_back(e);
        }
        files.push_back(std::move(c));
    }
    return files;
}

// What the whole manifest expects: records read, rejected and loaded, summed over its files.
struct corpus_totals {
    std::uint64_t read = 0;
    std::uint64_t rejected = 0;
    std::uint64_t good = 0;
};

inline corpus_totals totals(const std::vector<corpus_file>& files) {
    corpus_totals t;
    for (const auto& f : files) {
        t.read += f.read;
        t.rejected += f.rejects.size();
        t.good += f.good_ids.size();
    }
    return t;
}

// CREATE-able target: id INTEGER NOT NULL, src VARCHAR(40), s SMALLINT, i INTEGER, b BIGINT, d DECIMAL(5,2),
// f DOUBLE PRECISION, v VARCHAR(10), c CHAR(3), flag BOOLEAN, ts TIMESTAMP, dt DATE.
inline table target_table(const std::string& name) {
    table t;
    t.name = name;
    t.columns = {
        column_builder("id", integer()).not_null(),  column_builder("src", varchar(40)),
        column_builder("s", smallint()),             column_builder("i", integer()),
        column_builder("b", bigint()),               column_builder("d", decimal(5, 2)),
        column_builder("f", double_precision()),     column_builder("v", varchar(10)),
        column_builder("c", char_type(3)),           column_builder("flag", boolean()),
        column_builder("ts", timestamp()),           column_builder("dt", date()),
    };
    return t;
}

// The PostgreSQL text of good record n's columns, in table order (mirrors good_values in make_corpus.py).
inline std::vector<std::string> good_row_text(std::int64_t n, const std::string& src) {
    char d[32];
    char ts[32];
    char dt[32];
    char c[8];
    std::snprintf(d, sizeof d, "%lld.25", static_cast<long long>(n % 900));
    std::snprintf(ts, sizeof ts, "2018-11-%02lld 12:%02lld:%02lld", static_cast<long long>(n % 28 + 1),
                  static_cast<long long>(n % 60), static_cast<long long>((n * 7) % 60));
    std::snprintf(dt, sizeof dt, "2018-10-%02lld", static_cast<long long>(n % 28 + 1));
    std::snprintf(c, sizeof c, "c%02lld", static_cast<long long>(n % 100));
    return {std::to_string(n),
            src,
            std::to_string(n % 30000),
            std::to_string(n * 1000),
            std::to_string(n * 10000000000LL),
            d,
            std::to_string(n) + ".5",
            "v" + std::to_string(n),
            c,
            n % 2 == 0 ? "true" : "false",  // boolean::text
            ts,
            dt};
}

}  // namespace starshift::bad_input
