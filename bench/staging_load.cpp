// staging-load-bench: throughput of the Sparkify staging load on PostgreSQL.
//
//   staging-load-bench --db URL --data DIR [--runs N] [--json FILE] [--label TEXT]
//
// DIR holds generated data (sparkify-datagen --out DIR): log_data/, song_data/, log_json_path.json.
// Creates the Sparkify tables (staging UNLOGGED, as the loader does), then for each staging table times:
//   json    db::copy_into of the JSON files (events: jsonpaths, songs: 'auto'), parser thread + sender;
//   encode  the same conversion with no database (copy_encoder::run into a discarding sink): the JSON side alone;
//   csv     the server's own `COPY … FROM STDIN (FORMAT csv)` of the same rows, produced once with COPY TO into a
//           temporary file and sent back in 1 MB blocks from a plain libpq connection;
//   text    the same in COPY's text format (what copy_into sends): the server's ingest alone, the upper bound;
//   pipe    db::copy_into of the same rows as Redshift's default text format (pipe-delimited, ESCAPE; written once
//           by the server with COPY … TO STDOUT (DELIMITER '|')): starshift's text splitter and converter.
// Tables are truncated (and committed) before every run; each figure is the median of --runs runs.
// Peak RSS is the process's high-water mark during each phase (VmHWM, reset through /proc/self/clear_refs; where
// that is unavailable, getrusage's ru_maxrss, which never goes down).
#include <libpq-fe.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

#include "starshift/copy/copy_encoder.hpp"
#include "starshift/copy/copy_into.hpp"
#include "starshift/load/connection.hpp"
#include "starshift/load/plan.hpp"
#include "starshift/sparkify/warehouse.hpp"
#include "starshift/sql/quote.hpp"

#include "bench_util.hpp"
#include "libpq_session.hpp"
#include "sparkify_tables.hpp"

namespace fs = std::filesystem;

namespace {

using namespace starshift::bench;  // clocks, CPU and memory figures, libpq_session

struct sample {
    double seconds = 0;
    double cpu = 0;  // client process CPU seconds (user + system)
    std::uint64_t rows = 0;
    std::uint64_t bytes = 0;
    double rss_mb = 0;
};

struct rows_bytes {
    std::uint64_t rows = 0;
    std::uint64_t bytes = 0;
};

struct phase_result {
    std::string table;
    std::string phase;  // json, encode, csv
    std::vector<sample> runs;

    [[nodiscard]] sample median() const {
        std::vector<sample> s = runs;
        std::sort(s.begin(), s.end(), [](const sample& a, const sample& b) { return a.seconds < b.seconds; });
        sample m = s[s.size() / 2];
        for (const auto& x : runs) {
            m.rss_mb = std::max(m.rss_mb, x.rss_mb);
        }
        return m;
    }
};


struct cli {
    std::string db;
    std::string data;
    std::string json_file;
    std::string label;
    int runs = 3;
};

void usage() {
    std::cerr << "usage: staging-load-bench --db URL --data DIR [--runs N] [--json FILE] [--label TEXT]\n"
                 "  DIR: output of sparkify-datagen (log_data/, song_data/, log_json_path.json)\n";
}

cli parse_cli(int argc, char** argv) {
    cli c;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&] { return option_value<std::runtime_error>(argc, argv, i, usage); };
        if (a == "--db") {
            c.db = value();
        } else if (a == "--data") {
            c.data = value();
        } else if (a == "--json") {
            c.json_file = value();
        } else if (a == "--label") {
            c.label = value();
        } else if (a == "--runs") {
            c.runs = std::max(1, std::atoi(value().c_str()));
        } else if (a == "-h" || a == "--help") {
            usage();
            std::exit(0);
        } else {
            usage();
            throw std::runtime_error("[starshift.bench.bad_option] unknown argument " + a);
        }
    }
    if (c.db.empty() || c.data.empty()) {
        usage();
        throw std::runtime_error("[starshift.bench.bad_option] --db and --data are required");
    }
    return c;
}

std::string fmt(double v, int prec) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", prec, v);
    return buf;
}

std::uint64_t tree_bytes(const fs::path& p) {
    std::uint64_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(p)) {
        if (e.is_regular_file()) {
            n += e.file_size();
        }
    }
    return n;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const cli c = parse_cli(argc, argv);
        const fs::path dir = fs::absolute(c.data);
        const starshift::warehouse w = sparkify_over(dir);

        auto conn = starshift::load::connect(c.db);
        {
            pqxx::work tx(*conn);
            create_postgres_tables(tx, w);
            tx.commit();
        }
        // notices shown and failing statements quoted whole, as this program always did
        libpq_session csv_conn(c.db, {false, std::string::npos});
        const bool can_reset = reset_peak_rss();
        // One run of `body` (which returns the rows and bytes it handled): wall and CPU seconds, peak RSS.
        auto measure = [&](auto&& body) {
            if (can_reset) {
                reset_peak_rss();
            }
            const double cpu0 = cpu_seconds();
            const auto t0 = clock_type::now();
            const rows_bytes n = body();
            return sample{seconds_since(t0), cpu_seconds() - cpu0, n.rows, n.bytes, peak_rss_mb()};
        };
        const fs::path csv_file = fs::temp_directory_path() / ("staging-load-bench-" + std::to_string(::getpid()) + ".csv");
        std::vector<phase_result> results;

        for (const starshift::copy_spec& spec : w.copies) {
            const starshift::table* t = w.find(spec.table);
            if (t == nullptr) {
                throw std::runtime_error("[starshift.bench.model] no table " + spec.table);
            }
            const std::string qname = starshift::sql::quote_qualified(t->schema, t->name);
            auto truncate = [&] {
                pqxx::work tx(*conn);
                tx.exec0("TRUNCATE " + qname);
                tx.commit();
            };
            phase_result json{t->name, "json", {}};
            phase_result encode{t->name, "encode", {}};
            phase_result csv{t->name, "csv", {}};
            phase_result text{t->name, "text", {}};
            phase_result pipe{t->name, "pipe", {}};
            // `runs` loads of `load_spec` by db::copy_into into a truncated table, timed into `phase`
            auto time_copy_into = [&](const starshift::copy_spec& load_spec, phase_result& phase) {
                for (int r = 0; r < c.runs; ++r) {
                    truncate();
                    starshift::db::copy_result res;
                    phase.runs.push_back(measure([&] {
                        pqxx::work tx(*conn);
                        res = starshift::db::copy_into(tx, load_spec, *t);
                        tx.commit();
                        return rows_bytes{res.rows_loaded, res.bytes_read};
                    }));
                    if (res.rows_rejected != 0) {
                        std::cerr << t->name << " (" << phase.phase << "): " << res.rows_rejected << " rows rejected\n";
                    }
                }
            };
            time_copy_into(spec, json);
            for (int r = 0; r < c.runs; ++r) {
                encode.runs.push_back(measure([&] {
                    starshift::copy::copy_encoder enc(spec, *t);
                    enc.run([](std::string& chunk) { chunk.clear(); });
                    return rows_bytes{enc.stats().rows_loaded, enc.stats().bytes_read};
                }));
            }
            // the same rows as CSV, written once by the server, then loaded back
            const std::uint64_t csv_bytes =
                csv_conn.copy_out("COPY " + qname + " TO STDOUT (FORMAT csv)", csv_file);
            std::uint64_t csv_rows = 0;
            {
                pqxx::work tx(*conn);
                csv_rows = tx.exec1("SELECT count(*) FROM " + qname)[0].as<std::uint64_t>();
                tx.commit();
            }
            // the server's own COPY FROM STDIN of the file in `format` (empty: text)
            auto server_copy = [&](const std::string& format, std::uint64_t bytes) {
                truncate();
                return measure([&] {
                    csv_conn.exec("BEGIN");
                    csv_conn.copy_in("COPY " + qname + " FROM STDIN" + format, csv_file);
                    csv_conn.exec("COMMIT");
                    return rows_bytes{csv_rows, bytes};
                });
            };
            for (int r = 0; r < c.runs; ++r) {
                csv.runs.push_back(server_copy(" (FORMAT csv)", csv_bytes));
            }
            // and in COPY's text format (what copy_into sends): the server's ingest of these rows, no CSV parsing
            const std::uint64_t text_bytes = csv_conn.copy_out("COPY " + qname + " TO STDOUT", csv_file);
            for (int r = 0; r < c.runs; ++r) {
                text.runs.push_back(server_copy("", text_bytes));
            }
            // the same rows as Redshift's pipe-delimited text (backslash escapes, \N for NULL: COPY … ESCAPE), through
            // starshift's text splitter and converter
            (void)csv_conn.copy_out("COPY " + qname + " TO STDOUT (DELIMITER '|')", csv_file);
            starshift::copy_spec pipe_spec;
            pipe_spec.table = spec.table;
            pipe_spec.source.uri = csv_file.string();
            pipe_spec.format.kind = starshift::copy_format_kind::text;
            pipe_spec.format.escape = true;
            time_copy_into(pipe_spec, pipe);
            fs::remove(csv_file);
            results.push_back(json);
            results.push_back(encode);
            results.push_back(csv);
            results.push_back(text);
            results.push_back(pipe);
        }

        const std::uint64_t data_bytes = tree_bytes(dir);
        std::cout << "staging load" << (c.label.empty() ? "" : " (" + c.label + ")") << ": " << dir.string() << ", "
                  << fmt(static_cast<double>(data_bytes) / 1e6, 1) << " MB on disk, median of " << c.runs
                  << " run(s)\n";
        std::cout << "table            phase    rows        MB      seconds  MB/s     rows/s     vs csv  cpu/wall  "
                     "rows/cpu-s  peak RSS MB\n";
        std::ostringstream js;
        js << "{\"label\":\"" << c.label << "\",\"data\":\"" << dir.string() << "\",\"data_bytes\":" << data_bytes
           << ",\"runs\":" << c.runs << ",\"results\":[";
        for (std::size_t i = 0; i < results.size(); ++i) {
            const sample m = results[i].median();
            const sample csv_m = results[(i / 5) * 5 + 2].median();  // five phases per table
            const double mbps = static_cast<double>(m.bytes) / 1e6 / m.seconds;
            const double rps = static_cast<double>(m.rows) / m.seconds;
            const double vs_csv = csv_m.seconds / m.seconds;  // > 1: faster than loading the same rows as CSV
            char line[256];
            const double rows_per_cpu = m.cpu > 0 ? static_cast<double>(m.rows) / m.cpu : 0;
            std::snprintf(line, sizeof line, "%-16s %-8s %-11llu %-7.1f %-8.3f %-8.1f %-10.0f %-7.2f %-9.2f %-11.0f %.1f\n",
                          results[i].table.c_str(), results[i].phase.c_str(),
                          static_cast<unsigned long long>(m.rows), static_cast<double>(m.bytes) / 1e6, m.seconds,
                          mbps, rps, vs_csv, m.cpu / m.seconds, rows_per_cpu, m.rss_mb);
            std::cout << line;
            js << (i > 0 ? "," : "") << "{\"table\":\"" << results[i].table << "\",\"phase\":\"" << results[i].phase
               << "\",\"rows\":" << m.rows << ",\"bytes\":" << m.bytes << ",\"seconds\":" << m.seconds
               << ",\"mb_per_s\":" << mbps << ",\"rows_per_s\":" << rps << ",\"ratio_to_csv\":" << vs_csv
               << ",\"client_cpu_seconds\":" << m.cpu << ",\"rows_per_client_cpu_second\":" << rows_per_cpu << ",\"peak_rss_mb\":" << m.rss_mb << "}";
        }
        js << "],\"peak_rss_reset\":" << (can_reset ? "true" : "false") << "}\n";
        std::cout << "(MB: input bytes — JSON after decompression for json/encode, CSV/text/pipe-delimited for csv/text/pipe; vs csv = CSV time / "
                     "this time; rows/cpu-s: rows per second of this process's CPU time)\n";
        if (!c.json_file.empty()) {
            std::ofstream f(c.json_file);
            f << js.str();
            if (!f) {
                throw std::runtime_error("[starshift.bench.io] cannot write " + c.json_file);
            }
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "staging-load-bench: " << e.what() << "\n";
        return 1;
    }
}
