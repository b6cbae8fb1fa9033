// sparkify-bench: the end-to-end load benchmark, every path side by side in one run, on the same
// generated data and the same server, staging_events truncated (and committed) between paths.
//
//   sparkify-bench (--db URL | --db-url-file FILE) [--scratch-db NAME] [--sizes 10MB,100MB] [--work DIR]
//                  [--runs N] [--rowwise-lines N] [--rowwise-script FILE] [--no-rowwise] [--json FILE]
//
// Per size (data generated once with sparkify::generate into WORK/data/<size>, reused when complete):
//   binary_copy       COPY staging_events FROM STDIN (FORMAT binary) of the typed rows (produced once with COPY TO
//                     after a load): the server's ingest limit;
//   csv_copy          COPY … FROM STDIN (FORMAT csv) of the same rows: the reference of every ratio and checksum;
//   text_copy         the same rows in COPY's text format (db::copy_into's wire_format::text; its default is binary,
//                     the format of binary_copy);
//   starshift_json    db::copy_into of the raw JSON logs with log_json_path.json (parser thread + sender);
//   sql_raw_copy      pure SQL, phase 1: the raw JSON lines into a one-column text table by COPY (text format,
//                     escaped by this client);
//   sql_insert_select pure SQL, phase 2: INSERT INTO staging_events SELECT … FROM raw, json_to_record(line::json)
//                     (each line parsed once); sql_total = both phases;
//   rowwise_insert    bench/rowwise_loader.py (psycopg2, one autocommitted INSERT per event, as the Udacity seed's
//                     etl.py), on the first size only and on at most --rowwise-lines lines, extrapolated to the
//                     size's rows (marked "extrapolated");
//   transform/check   etl_plan's analyze+transform steps and checks_plan through load::executor, per statement.
// Correctness: after every load path, count(*) and a checksum of staging_events (sum over rows of the first 64 bits
// of md5(row::text), order-independent) must equal the CSV path's (the row-by-row path: equal to db::copy_into of
// the same capped lines). Any mismatch is reported and the program exits 1.
//
// Cluster mode (--target redshift, --config dwh.cfg): load::cluster_bench_plan over the songplays design variants
// (DISTSTYLE EVEN, KEY user_id, KEY song_id, ALL × SORTKEY artist_id, start_time, none), run by
// load::run_cluster_bench on the cluster: result cache off, server-side COPY of the staging tables once, per variant
// the star tables recreated and filled by the transforms, each analytics query run twice and the second timed, and
// the cluster's own figures (stl_load_commits, svl_query_summary, svv_table_info). --dry-run prints the SQL only.
#include <libpq-fe.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/log/core.hpp>
#include <boost/log/expressions.hpp>
#include <boost/log/trivial.hpp>
#include <pqxx/pqxx>

#include "starshift/copy/copy_into.hpp"
#include "starshift/load/cluster_bench.hpp"
#include "starshift/load/cluster_bench_runner.hpp"
#include "starshift/load/connection.hpp"
#include "starshift/load/executor.hpp"
#include "starshift/load/plan.hpp"
#include "starshift/sparkify/config.hpp"
#include "starshift/sparkify/datagen.hpp"
#include "starshift/sparkify/warehouse.hpp"

#ifndef STARSHIFT_SOURCE_DIR
#define STARSHIFT_SOURCE_DIR "."
#endif

#include "bench_util.hpp"
#include "libpq_session.hpp"
#include "sparkify_tables.hpp"

namespace fs = std::filesystem;

namespace {

using namespace starshift::bench;  // clocks, CPU and memory figures, libpq_session

// CPU seconds (user + system) of another process, e.g. a PostgreSQL backend; -1 when /proc does not tell.
double process_cpu_seconds(int pid) {
    std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
    std::string all;
    if (!f || !std::getline(f, all)) {
        return -1;
    }
    const auto paren = all.rfind(')');
    if (paren == std::string::npos) {
        return -1;
    }
    std::istringstream in(all.substr(paren + 2));
    std::string field;
    std::vector<std::string> fields;
    while (in >> field) {
        fields.push_back(field);
    }
    // after "pid (comm) ": state is field 3, utime 14, stime 15 (1-based) → indexes 11 and 12 here
    if (fields.size() < 13) {
        return -1;
    }
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    return (std::strtod(fields[11].c_str(), nullptr) + std::strtod(fields[12].c_str(), nullptr)) / ticks;
}


struct cli {
    std::string db;
    std::string scratch_db;
    std::vector<std::string> sizes{"10MB", "100MB"};
    std::string work = "sparkify-bench-work";
    std::string json_file;
    std::string rowwise_script = std::string(STARSHIFT_SOURCE_DIR) + "/bench/rowwise_loader.py";
    std::string python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";  // Debian's, with its packages
    std::uint64_t rowwise_lines = 20000;
    bool rowwise = true;
    bool require_rowwise = false;
    bool inject_mismatch = false;  // tests the check itself: alters one row after starshift's load
    int runs = 1;
    // cluster mode
    std::string target = "postgres";
    std::string config_file;
    bool dry_run = false;
    std::vector<std::string> variants;  // names from load::songplays_variants(); empty = all 12
    std::vector<std::string> queries;   // named queries; empty = all
    int warmup_runs = 1;
    bool load_staging = true;
};

void usage() {
    std::cerr << "usage: sparkify-bench (--db URL | --db-url-file FILE) [--scratch-db NAME] [--sizes 10MB,100MB]\n"
                 "                      [--work DIR] [--runs N] [--rowwise-lines N] [--rowwise-script FILE]\n"
                 "                      [--no-rowwise] [--require-rowwise] [--json FILE]\n"
                 "  --scratch-db NAME  create database NAME (dropped first if present) on the server, run there, drop it\n"
                 "  --sizes            sparkify-datagen sizes of the logs (default 10MB,100MB; e.g. 10MB,100MB,1GB)\n"
                 "  --work DIR         generated data goes to DIR/data/<size> (reused), scratch files to DIR\n"
                 "  --runs N           runs per path, the median is reported (default 1)\n"
                 "  --rowwise-lines N  lines the row-by-row loader inserts (first size only; default 20000)\n"
                 "  --python FILE      the Python running rowwise_loader.py (default /usr/bin/python3: Debian's psycopg2)\n"
                 "  --inject-mismatch  alter one row after starshift's load (tests that a mismatch is caught: exit 1)\n"
                 "  --require-rowwise  fail (exit 1) when the row-by-row loader cannot run (default: the path is skipped)\n"
                 "\n"
                 "cluster mode: sparkify-bench --target redshift [--config dwh.cfg] [--db URL] [--dry-run] [--json FILE]\n"
                 "                      [--variants even/artist_id,all/none] [--queries top_songs,…] [--warmup-runs N]\n"
                 "                      [--no-staging-load]\n"
                 "  --target redshift  benchmark the songplays DISTSTYLE/SORTKEY variants on a Redshift cluster\n"
                 "  --config FILE      dwh.cfg ([CLUSTER], [IAM_ROLE], [S3]; default ./dwh.cfg when present), then PG*/STARSHIFT_*\n"
                 "  --dry-run          print the exact SQL it would run (secrets masked) and connect to nothing\n"
                 "  --variants LIST    variant names (default: all 12, see the dry run's '-- [variant]' lines)\n"
                 "  --queries LIST     analytics queries to time (default: all of the model's)\n"
                 "  --warmup-runs N    untimed runs before the timed one (default 1: each query runs twice)\n"
                 "  --no-staging-load  reuse the staging tables already loaded on the cluster (no COPY)\n";
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    std::istringstream in(s);
    while (std::getline(in, cur, sep)) {
        if (!cur.empty()) {
            out.push_back(cur);
        }
    }
    return out;
}

cli parse_cli(int argc, char** argv) {
    cli c;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&] { return option_value<starshift::sparkify::config_error>(argc, argv, i, usage); };
        if (a == "--db") {
            c.db = value();
        } else if (a == "--db-url-file") {
            const std::string file = value();
            std::ifstream f(file);
            if (!f || !std::getline(f, c.db) || c.db.empty()) {
                throw starshift::sparkify::config_error("[starshift.bench.bad_option] cannot read a URL from " + file);
            }
        } else if (a == "--scratch-db") {
            c.scratch_db = value();
        } else if (a == "--sizes") {
            c.sizes = split(value(), ',');
        } else if (a == "--work") {
            c.work = value();
        } else if (a == "--json") {
            c.json_file = value();
        } else if (a == "--runs") {
            c.runs = std::max(1, std::atoi(value().c_str()));
        } else if (a == "--rowwise-lines") {
            c.rowwise_lines = std::max<std::uint64_t>(1, std::strtoull(value().c_str(), nullptr, 10));
        } else if (a == "--rowwise-script") {
            c.rowwise_script = value();
        } else if (a == "--python") {
            c.python = value();
        } else if (a == "--inject-mismatch") {
            c.inject_mismatch = true;
        } else if (a == "--require-rowwise") {
            c.require_rowwise = true;
        } else if (a == "--no-rowwise") {
            c.rowwise = false;
        } else if (a == "--target") {
            c.target = value();
        } else if (a == "--config") {
            c.config_file = value();
        } else if (a == "--dry-run" || a == "-n") {
            c.dry_run = true;
        } else if (a == "--variants") {
            c.variants = split(value(), ',');
        } else if (a == "--queries") {
            c.queries = split(value(), ',');
        } else if (a == "--warmup-runs") {
            c.warmup_runs = std::max(0, std::atoi(value().c_str()));
        } else if (a == "--no-staging-load") {
            c.load_staging = false;
        } else if (a == "-h" || a == "--help") {
            usage();
            std::exit(0);
        } else {
            usage();
            throw starshift::sparkify::config_error("[starshift.bench.bad_option] unknown argument " + a);
        }
    }
    if (c.target != "postgres" && c.target != "redshift") {
        throw starshift::sparkify::config_error("[starshift.bench.bad_option] --target must be postgres or redshift, not " + c.target);
    }
    if (c.target == "redshift") {
        return c;  // the connection comes from dwh.cfg (or --db); --sizes and the local paths do not apply
    }
    if (c.dry_run) {
        throw starshift::sparkify::config_error("[starshift.bench.bad_option] --dry-run is for --target redshift");
    }
    if (c.db.empty()) {
        usage();
        throw starshift::sparkify::config_error("[starshift.bench.bad_option] --db or --db-url-file is required");
    }
    if (c.sizes.empty()) {
        throw starshift::sparkify::config_error("[starshift.bench.bad_option] --sizes is empty");
    }
    for (const auto& s : c.sizes) {
        (void)starshift::sparkify::size_option(s, "--sizes");
    }
    return c;
}

// The URL with its database name replaced (postgresql://user@host:port/DB[?params]).
std::string with_database(const std::string& url, const std::string& db) {
    const auto scheme = url.find("://");
    if (scheme == std::string::npos) {
        return url + " dbname=" + db;  // keyword=value form: a later keyword wins
    }
    const auto query = url.find('?', scheme);
    const std::string head = url.substr(0, query);
    const std::string tail = query == std::string::npos ? "" : url.substr(query);
    const auto slash = head.find('/', scheme + 3);
    return (slash == std::string::npos ? head : head.substr(0, slash)) + "/" + db + tail;
}

std::string quote_ident(const std::string& s) {
    std::string out = "\"";
    for (char ch : s) {
        out += ch;
        if (ch == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

std::vector<fs::path> log_files(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (e.is_regular_file() && e.path().extension() == ".json") {
            out.push_back(e.path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::uint64_t files_bytes(const std::vector<fs::path>& files) {
    std::uint64_t n = 0;
    for (const auto& f : files) {
        n += fs::file_size(f);
    }
    return n;
}

struct result {
    std::string path;
    std::string group;  // load, sql, transform, check
    double seconds = 0;
    double cpu = 0;         // this process (or the row-by-row loader), user + system
    double server_cpu = -1;  // the PostgreSQL backend, -1 unknown
    std::uint64_t rows = 0;
    std::uint64_t input_bytes = 0;  // what the path reads: JSON, CSV, binary …
    std::uint64_t json_bytes = 0;   // the JSON bytes of the same rows (the MB/s basis)
    double rss_mb = 0;
    bool extrapolated = false;
    std::string check;  // "ok", "MISMATCH …", "" (not checked)
    std::string note;
};

struct checksum {
    std::string count;
    std::string sum;
    bool operator==(const checksum& o) const { return count == o.count && sum == o.sum; }
    bool operator!=(const checksum& o) const { return !(*this == o); }
};

constexpr const char* staging = "staging_events";

checksum table_checksum(libpq_session& s) {
    const auto r = s.row(
        "SELECT count(*), coalesce(sum(('x' || substr(md5(t::text), 1, 16))::bit(64)::bigint::numeric), 0) "
        "FROM staging_events t");
    return {r.at(0), r.at(1)};
}

const char* const insert_select_sql =
    "INSERT INTO staging_events (artist, auth, first_name, gender, item_in_session, last_name, length, level, "
    "location, method, page, registration, session_id, song, status, ts, user_agent, user_id) "
    "SELECT r.artist, r.auth, r.\"firstName\", r.gender, r.\"itemInSession\", r.\"lastName\", r.length, r.level, "
    "r.location, r.method, r.page, r.registration, r.\"sessionId\", r.song, r.status, "
    "timestamp 'epoch' + r.ts * interval '1 millisecond', r.\"userAgent\", nullif(r.\"userId\", '')::integer "
    "FROM bench_raw_events b, json_to_record(b.line::json) AS r(artist text, auth text, \"firstName\" text, "
    "gender text, \"itemInSession\" integer, \"lastName\" text, length double precision, level text, location text, "
    "method text, page text, registration double precision, \"sessionId\" integer, song text, status integer, "
    "ts bigint, \"userAgent\" text, \"userId\" text) "
    "WHERE b.line <> ''";

// Streams the log files into bench_raw_events(line) as COPY text: each line one row, \ TAB CR escaped.
std::uint64_t copy_raw_lines(libpq_session& s, const std::vector<fs::path>& files) {
    const std::string sql = "COPY bench_raw_events (line) FROM STDIN";
    s.exec(sql, PGRES_COPY_IN);
    std::vector<char> in(1U << 20U);
    std::string out;
    out.reserve((1U << 21U) + 16);
    std::uint64_t bytes = 0;
    for (const auto& file : files) {
        std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(file.c_str(), "rb"), &std::fclose);
        if (!f) {
            throw std::runtime_error("[starshift.bench.io] cannot read " + file.string());
        }
        char last = '\n';
        for (;;) {
            const std::size_t n = std::fread(in.data(), 1, in.size(), f.get());
            if (n == 0) {
                break;
            }
            bytes += n;
            for (std::size_t i = 0; i < n; ++i) {
                const char ch = in[i];
                switch (ch) {
                    case '\\': out += "\\\\"; break;
                    case '\t': out += "\\t"; break;
                    case '\r': out += "\\r"; break;
                    default: out += ch; break;
                }
            }
            last = in[n - 1];
            if (out.size() >= (1U << 20U)) {
                s.put(out.data(), out.size());
                out.clear();
            }
        }
        if (last != '\n') {
            out += '\n';
        }
    }
    s.put(out.data(), out.size());
    s.end_copy(sql);
    return bytes;
}

// The first `max_lines` non-empty lines of the log files, into one file; returns the lines written.
std::uint64_t write_first_lines(const std::vector<fs::path>& files, std::uint64_t max_lines, const fs::path& out_file,
                                std::uint64_t& bytes) {
    std::ofstream out(out_file, std::ios::binary);
    std::uint64_t n = 0;
    bytes = 0;
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::string line;
        while (n < max_lines && std::getline(in, line)) {
            if (line.empty()) {
                continue;
            }
            out << line << '\n';
            bytes += line.size() + 1;
            ++n;
        }
        if (n >= max_lines) {
            break;
        }
    }
    if (!out) {
        throw std::runtime_error("[starshift.bench.io] cannot write " + out_file.string());
    }
    return n;
}

std::string run_command(const std::string& cmd, int& status) {
    std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), &pclose);
    if (!p) {
        throw std::runtime_error("[starshift.bench.rowwise] cannot run " + cmd);
    }
    std::string out;
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, p.get())) > 0) {
        out.append(buf, n);
    }
    status = pclose(p.release());
    return out;
}

// A number from a flat JSON object printed by rowwise_loader.py.
double json_number(const std::string& js, const std::string& key) {
    const auto k = js.find("\"" + key + "\":");
    if (k == std::string::npos) {
        throw std::runtime_error("[starshift.bench.rowwise] no " + key + " in the loader's output: " + js);
    }
    return std::strtod(js.c_str() + k + key.size() + 3, nullptr);
}

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char ch : s) {
        if (ch == '\'') {
            out += "'\\''";
        } else {
            out += ch;
        }
    }
    return out + "'";
}

std::string fmt(double v, int prec) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", prec, v);
    return buf;
}

std::string json_escape(const std::string& s) {
    std::string out;
    for (char ch : s) {
        if (ch == '"' || ch == '\\') {
            out += '\\';
            out += ch;
        } else if (static_cast<unsigned char>(ch) < 0x20) {
            out += ' ';
        } else {
            out += ch;
        }
    }
    return out;
}

struct size_report {
    std::string label;
    std::uint64_t json_bytes = 0;
    std::uint64_t events = 0;
    std::vector<result> results;
};

class bench {
public:
    bench(const cli& c, std::string url) : c_(c), url_(std::move(url)) {}

    int run() {
        const fs::path work = fs::absolute(c_.work);
        fs::create_directories(work / "data");
        can_reset_ = reset_peak_rss();
        bool first = true;
        for (const auto& size : c_.sizes) {
            reports_.push_back(run_size(work, size, first));
            first = false;
            print(reports_.back(), std::cout);
        }
        if (!c_.json_file.empty()) {
            write_json(c_.json_file);
        }
        if (!all_ok_) {
            std::cerr << "sparkify-bench: [starshift.bench.checksum_mismatch] a path loaded different rows than the "
                         "CSV COPY (see the check column)\n";
            return 1;
        }
        return 0;
    }

private:
    fs::path ensure_data(const fs::path& work, const std::string& size) {
        const fs::path dir = work / "data" / size;
        const fs::path marker = dir / ".sparkify-bench-complete";
        if (!fs::exists(marker)) {
            std::cerr << "sparkify-bench: generating " << size << " in " << dir.string() << "\n";
            fs::remove_all(dir);
            starshift::sparkify::datagen_options o;
            o.log_bytes = *starshift::sparkify::parse_size(size);
            (void)starshift::sparkify::generate(dir, o);
            std::ofstream(marker) << starshift::sparkify::datagen_version << "\n";
        }
        return dir;
    }

    void truncate(libpq_session& s) { s.exec("TRUNCATE staging_events"); }

    // Times `body` (which loads staging_events), then checks the table against `want` when given.
    // Before each run (untimed): `before` when given, else TRUNCATE staging_events.
    template <class F>
    result timed(const std::string& path, const std::string& group, libpq_session& s, int server_pid,
                 const checksum* want, F&& body, const std::function<void()>& before = {}) {
        std::vector<result> runs;
        for (int r = 0; r < c_.runs; ++r) {
            if (before) {
                before();
            } else {
                truncate(s);
            }
            if (can_reset_) {
                reset_peak_rss();
            }
            result x;
            x.path = path;
            x.group = group;
            const double cpu0 = cpu_seconds();
            const double scpu0 = process_cpu_seconds(server_pid);
            const auto t0 = clock_type::now();
            body(x);
            x.seconds = seconds_since(t0);
            x.cpu = cpu_seconds() - cpu0;
            const double scpu1 = process_cpu_seconds(server_pid);
            x.server_cpu = (scpu0 >= 0 && scpu1 >= 0) ? scpu1 - scpu0 : -1;
            x.rss_mb = peak_rss_mb();
            runs.push_back(x);
        }
        std::sort(runs.begin(), runs.end(), [](const result& a, const result& b) { return a.seconds < b.seconds; });
        result m = runs[runs.size() / 2];
        for (const auto& x : runs) {
            m.rss_mb = std::max(m.rss_mb, x.rss_mb);
        }
        if (want != nullptr) {
            if (c_.inject_mismatch && path == "starshift_json") {
                s.exec("UPDATE staging_events SET artist = coalesce(artist, '') || '~' "
                       "WHERE ctid = (SELECT ctid FROM staging_events LIMIT 1)");
            }
            const checksum got = table_checksum(s);
            if (got == *want) {
                m.check = "ok";
            } else {
                m.check = "MISMATCH rows " + got.count + " vs " + want->count;
                all_ok_ = false;
            }
        }
        return m;
    }

    starshift::db::copy_result load_json(pqxx::connection& conn, const starshift::copy_spec& spec,
                                         const starshift::table& t) {
        pqxx::work tx(conn);
        starshift::db::copy_result r = starshift::db::copy_into(tx, spec, t);
        tx.commit();
        if (r.rows_rejected != 0) {
            throw std::runtime_error("[starshift.bench.rejects] " + std::to_string(r.rows_rejected) +
                                     " rows rejected loading " + spec.source.uri);
        }
        return r;
    }

    size_report run_size(const fs::path& work, const std::string& size, bool first) {
        const fs::path dir = ensure_data(work, size);
        const std::vector<fs::path> logs = log_files(dir / "log_data");
        size_report rep;
        rep.label = size;
        rep.json_bytes = files_bytes(logs);

        const starshift::warehouse w = sparkify_over(dir);
        const starshift::load::target target = postgres_target();

        auto conn = starshift::load::connect(url_);
        {
            pqxx::work tx(*conn);
            create_postgres_tables(tx, w);
            tx.exec0("DROP TABLE IF EXISTS bench_raw_events");
            tx.exec0("CREATE UNLOGGED TABLE bench_raw_events (line text)");
            tx.commit();
        }
        libpq_session s(url_);
        const int conn_pid = conn->backendpid();
        const int s_pid = s.backend_pid();
        const starshift::copy_spec* events_spec = nullptr;
        const starshift::copy_spec* songs_spec = nullptr;
        for (const auto& spec : w.copies) {
            (spec.table == staging ? events_spec : songs_spec) = &spec;
        }
        const starshift::table* events_table = w.find(staging);
        const starshift::table* songs_table = w.find(starshift::sparkify::staging_songs_table);
        if (events_spec == nullptr || songs_spec == nullptr || events_table == nullptr || songs_table == nullptr) {
            throw std::runtime_error("[starshift.bench.model] the Sparkify warehouse has no staging tables");
        }

        // prepare: load once with starshift, keep the typed rows as CSV and binary files
        truncate(s);
        const auto prep = load_json(*conn, *events_spec, *events_table);
        rep.events = prep.rows_loaded;
        const fs::path csv_file = work / ("staging_events-" + size + ".csv");
        const fs::path bin_file = work / ("staging_events-" + size + ".bin");
        const std::uint64_t csv_bytes = s.copy_out("COPY staging_events TO STDOUT (FORMAT csv)", csv_file);
        const std::uint64_t bin_bytes = s.copy_out("COPY staging_events TO STDOUT (FORMAT binary)", bin_file);
        const fs::path text_file = work / ("staging_events-" + size + ".txt");
        const std::uint64_t text_bytes = s.copy_out("COPY staging_events TO STDOUT", text_file);

        auto fill = [&](result& x, std::uint64_t input) {
            x.rows = rep.events;
            x.input_bytes = input;
            x.json_bytes = rep.json_bytes;
        };
        // (a) the server's formats; the CSV path is the reference
        result csv = timed("csv_copy", "load", s, s_pid, nullptr, [&](result& x) {
            s.exec("BEGIN");
            s.copy_in("COPY staging_events FROM STDIN (FORMAT csv)", csv_file);
            s.exec("COMMIT");
            fill(x, csv_bytes);
        });
        const checksum reference = table_checksum(s);
        csv.check = "reference";
        if (reference.count != std::to_string(rep.events)) {
            csv.check = "MISMATCH rows " + reference.count + " vs " + std::to_string(rep.events);
            all_ok_ = false;
        }
        rep.results.push_back(csv);
        rep.results.push_back(timed("binary_copy", "load", s, s_pid, &reference, [&](result& x) {
            s.exec("BEGIN");
            s.copy_in("COPY staging_events FROM STDIN (FORMAT binary)", bin_file);
            s.exec("COMMIT");
            fill(x, bin_bytes);
        }));
        rep.results.push_back(timed("text_copy", "load", s, s_pid, &reference, [&](result& x) {
            s.exec("BEGIN");
            s.copy_in("COPY staging_events FROM STDIN", text_file);
            s.exec("COMMIT");
            fill(x, text_bytes);
        }));
        // (b) starshift
        rep.results.push_back(timed("starshift_json", "load", s, conn_pid, &reference, [&](result& x) {
            const auto r = load_json(*conn, *events_spec, *events_table);
            fill(x, r.bytes_read);
            x.rows = r.rows_loaded;
        }));
        // (c) pure SQL: raw lines, then INSERT … SELECT json_to_record
        result raw = timed(
            "sql_raw_copy", "sql", s, s_pid, nullptr,
            [&](result& x) {
                s.exec("BEGIN");
                fill(x, copy_raw_lines(s, logs));
                s.exec("COMMIT");
            },
            [&] { s.exec("TRUNCATE bench_raw_events"); });
        result ins = timed("sql_insert_select", "sql", s, s_pid, &reference, [&](result& x) {
            s.exec(insert_select_sql);
            fill(x, 0);
        });
        result total = ins;
        total.path = "sql_total";
        total.group = "load";
        total.seconds = raw.seconds + ins.seconds;
        total.cpu = raw.cpu + ins.cpu;
        total.server_cpu = (raw.server_cpu >= 0 && ins.server_cpu >= 0) ? raw.server_cpu + ins.server_cpu : -1;
        total.input_bytes = raw.input_bytes;
        total.rss_mb = std::max(raw.rss_mb, ins.rss_mb);
        total.note = "raw copy + insert-select";
        rep.results.push_back(total);
        rep.results.push_back(raw);
        rep.results.push_back(ins);
        s.exec("TRUNCATE bench_raw_events");
        // (d) row by row, first size only, capped and extrapolated
        if (first && c_.rowwise) {
            rep.results.push_back(rowwise(work, logs, s, *conn, *events_spec, *events_table, rep));
        }
        // (e) transforms and checks on the full data (starshift's load of events, songs too)
        truncate(s);
        (void)load_json(*conn, *events_spec, *events_table);
        s.exec("TRUNCATE staging_songs");
        (void)load_json(*conn, *songs_spec, *songs_table);
        for (const auto& tb : w.star) {
            s.exec("TRUNCATE " + quote_ident(tb.name));
        }
        starshift::load::executor_options eo;
        eo.on_progress = [](const starshift::load::progress&) {};
        starshift::load::executor ex(*conn, eo);
        starshift::load::plan transforms;
        transforms.name = "transforms";
        for (const auto& step : starshift::load::etl_plan(w, target).steps) {
            if (step.kind == starshift::load::step_kind::transform || step.kind == starshift::load::step_kind::analyze) {
                transforms.steps.push_back(step);
            }
        }
        auto add_steps = [&](const starshift::load::run_result& rr, const std::string& group) {
            for (const auto& st : rr.steps) {
                result x;
                x.path = st.name;
                x.group = group;
                x.seconds = st.seconds;
                x.rows = st.rows < 0 ? 0 : static_cast<std::uint64_t>(st.rows);
                x.check = st.kind == starshift::load::step_kind::check ? (st.ok ? "passed" : "FAILED") : "";
                x.note = st.message;
                rep.results.push_back(x);
            }
        };
        add_steps(ex.run(transforms), "transform");
        add_steps(ex.run(starshift::load::checks_plan(w, target)), "check");
        s.exec("DROP TABLE IF EXISTS bench_raw_events");
        fs::remove(csv_file);
        fs::remove(bin_file);
        fs::remove(text_file);
        return rep;
    }

    result rowwise(const fs::path& work, const std::vector<fs::path>& logs, libpq_session& s, pqxx::connection& conn,
                   const starshift::copy_spec& events_spec, const starshift::table& events_table,
                   const size_report& rep) {
        result x;
        x.path = "rowwise_insert";
        x.group = "load";
        x.extrapolated = true;
        const fs::path subset = work / "rowwise-lines.json";
        std::uint64_t subset_bytes = 0;
        const std::uint64_t lines = write_first_lines(logs, c_.rowwise_lines, subset, subset_bytes);
        // the reference for these lines: starshift's load of the same file
        starshift::copy_spec spec = events_spec;
        spec.source.uri = subset.string();
        truncate(s);
        (void)load_json(conn, spec, events_table);
        const checksum want = table_checksum(s);
        truncate(s);
        int status = 0;
        const std::string out = run_command(shell_quote(c_.python) + " " + shell_quote(c_.rowwise_script) + " --db " + shell_quote(url_) +
                                                " --file " + shell_quote(subset.string()),
                                            status);
        fs::remove(subset);
        if (status != 0) {
            x.check = "skipped";
            if (c_.require_rowwise) {
                x.check = "FAILED";
                all_ok_ = false;
            }
            x.note = "rowwise_loader.py failed (exit " +
                     std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : status) + "): " + out;
            std::cerr << "sparkify-bench: " << x.note << "\n";
            return x;
        }
        const double measured_rows = json_number(out, "rows");
        const double measured_seconds = json_number(out, "seconds");
        const double scale = static_cast<double>(rep.events) / std::max(1.0, measured_rows);
        x.seconds = measured_seconds * scale;
        x.cpu = json_number(out, "cpu_seconds") * scale;
        const double scpu = json_number(out, "server_cpu_seconds");
        x.server_cpu = scpu >= 0 ? scpu * scale : -1;
        x.rss_mb = json_number(out, "peak_rss_mb");
        x.rows = rep.events;
        x.input_bytes = rep.json_bytes;
        x.json_bytes = rep.json_bytes;
        x.note = "extrapolated from " + std::to_string(static_cast<std::uint64_t>(measured_rows)) + " rows (" +
                 fmt(static_cast<double>(subset_bytes) / 1e6, 2) + " MB) in " + fmt(measured_seconds, 2) + " s";
        const checksum got = table_checksum(s);
        if (got == want && got.count == std::to_string(lines)) {
            x.check = "ok (vs starshift, same " + std::to_string(lines) + " lines)";
        } else {
            x.check = "MISMATCH rows " + got.count + " vs " + want.count;
            all_ok_ = false;
        }
        return x;
    }

    [[nodiscard]] double csv_seconds(const size_report& r) const {
        for (const auto& x : r.results) {
            if (x.path == "csv_copy") {
                return x.seconds;
            }
        }
        return 0;
    }

    void print(const size_report& r, std::ostream& out) const {
        out << "\n== " << r.label << ": " << r.events << " events, " << fmt(static_cast<double>(r.json_bytes) / 1e6, 1)
            << " MB of JSON logs (MB/s: JSON MB of the same rows per second; x csv: CSV COPY time / this time; cpu: "
               "client CPU s; srv cpu: the backend's CPU s)\n";
        char line[512];
        std::snprintf(line, sizeof line, "%-34s %-9s %10s %9s %9s %11s %7s %8s %8s %8s  %s\n", "path", "group", "rows",
                      "seconds", "MB/s", "rows/s", "x csv", "cpu s", "srv cpu", "RSS MB", "check / note");
        out << line;
        const double csv_s = csv_seconds(r);
        for (const auto& x : r.results) {
            const bool load = x.group == "load" || x.group == "sql";
            const double mbps = load && x.seconds > 0 ? static_cast<double>(x.json_bytes) / 1e6 / x.seconds : 0;
            const double rps = x.seconds > 0 ? static_cast<double>(x.rows) / x.seconds : 0;
            std::string note = x.check;
            if (!x.note.empty() && x.group != "check") {
                note += (note.empty() ? "" : "; ") + x.note;
            }
            if (x.extrapolated) {
                note = "EXTRAPOLATED; " + note;
            }
            std::snprintf(line, sizeof line, "%-34s %-9s %10llu %9.3f %9s %11.0f %7s %8s %8s %8s  %s\n",
                          x.path.substr(0, 34).c_str(), x.group.c_str(), static_cast<unsigned long long>(x.rows),
                          x.seconds, load ? fmt(mbps, 1).c_str() : "-", rps,
                          load && x.seconds > 0 ? fmt(csv_s / x.seconds, 3).c_str() : "-",
                          load ? fmt(x.cpu, 2).c_str() : "-",
                          load && x.server_cpu >= 0 ? fmt(x.server_cpu, 2).c_str() : "-",
                          load ? fmt(x.rss_mb, 1).c_str() : "-", note.substr(0, 120).c_str());
            out << line;
        }
    }

    void write_json(const std::string& file) const {
        std::ostringstream js;
        js << "{\"runs\":" << c_.runs << ",\"peak_rss_reset\":" << (can_reset_ ? "true" : "false")
           << ",\"checksums_ok\":" << (all_ok_ ? "true" : "false") << ",\"nproc\":" << sysconf(_SC_NPROCESSORS_ONLN)
           << ",\"sizes\":[";
        for (std::size_t i = 0; i < reports_.size(); ++i) {
            const auto& r = reports_[i];
            const double csv_s = csv_seconds(r);
            js << (i > 0 ? "," : "") << "{\"label\":\"" << r.label << "\",\"json_bytes\":" << r.json_bytes
               << ",\"events\":" << r.events << ",\"results\":[";
            for (std::size_t k = 0; k < r.results.size(); ++k) {
                const auto& x = r.results[k];
                const bool load = x.group == "load" || x.group == "sql";
                const double mbps = load && x.seconds > 0 ? static_cast<double>(x.json_bytes) / 1e6 / x.seconds : 0;
                const double rps = x.seconds > 0 ? static_cast<double>(x.rows) / x.seconds : 0;
                js << (k > 0 ? "," : "") << "{\"path\":\"" << json_escape(x.path) << "\",\"group\":\"" << x.group
                   << "\",\"seconds\":" << x.seconds << ",\"rows\":" << x.rows << ",\"input_bytes\":" << x.input_bytes
                   << ",\"json_bytes\":" << x.json_bytes << ",\"mb_per_s\":" << mbps << ",\"rows_per_s\":" << rps
                   << ",\"ratio_to_csv\":" << (load && x.seconds > 0 ? csv_s / x.seconds : 0)
                   << ",\"client_cpu_seconds\":" << x.cpu << ",\"server_cpu_seconds\":" << x.server_cpu
                   << ",\"peak_rss_mb\":" << x.rss_mb << ",\"extrapolated\":" << (x.extrapolated ? "true" : "false")
                   << ",\"check\":\"" << json_escape(x.check) << "\",\"note\":\"" << json_escape(x.note) << "\"}";
            }
            js << "]}";
        }
        js << "]}\n";
        std::ofstream f(file);
        f << js.str();
        if (!f) {
            throw std::runtime_error("[starshift.bench.io] cannot write " + file);
        }
    }

    const cli& c_;
    std::string url_;
    bool can_reset_ = false;
    bool all_ok_ = true;
    std::vector<size_report> reports_;
};


// ---------------------------------------------------------------------------------------------- cluster mode

starshift::sparkify::config cluster_config(const cli& c) {
    starshift::sparkify::config_request r;
    r.config_file = c.config_file;
    r.flags = {{"--db", c.db}};
    return starshift::sparkify::resolve_config(r);
}

std::vector<starshift::load::design_variant> chosen_variants(const cli& c) {
    auto all = starshift::load::songplays_variants();
    if (c.variants.empty()) {
        return all;
    }
    std::vector<starshift::load::design_variant> out;
    for (const auto& name : c.variants) {
        bool found = false;
        for (const auto& v : all) {
            if (v.name == name) {
                out.push_back(v);
                found = true;
            }
        }
        if (!found) {
            std::string known;
            for (const auto& n : starshift::load::variant_names(all)) {
                known += (known.empty() ? "" : ", ") + n;
            }
            throw starshift::sparkify::config_error("[starshift.bench.bad_option] no variant " + name + "; known: " + known);
        }
    }
    return out;
}

std::string num(std::int64_t v) { return v < 0 ? "-" : std::to_string(v); }
std::string num(double v, int prec) { return v < 0 ? "-" : fmt(v, prec); }
std::string mb(std::int64_t bytes) { return bytes < 0 ? "-" : fmt(static_cast<double>(bytes) / 1e6, 2); }
std::string json_num(std::int64_t v) { return v < 0 ? "null" : std::to_string(v); }
std::string json_num(double v) {
    if (v < 0) {
        return "null";
    }
    std::ostringstream o;
    o << v;
    return o.str();
}

void print_cluster(const starshift::load::cluster_bench& plan, const std::vector<starshift::load::design_variant>& variants,
                   const starshift::load::cluster_bench_report& r, std::ostream& out) {
    char line[512];
    out << "\n== COPY of the staging tables (server-side; stl_load_commits and stl_query for pg_last_copy_id())\n";
    std::snprintf(line, sizeof line, "%-26s %9s %10s %7s %14s %10s\n", "copy", "seconds", "cluster s", "files",
                  "lines_scanned", "query id");
    out << line;
    for (const auto& c : r.copies) {
        std::snprintf(line, sizeof line, "%-26s %9.3f %10s %7s %14s %10s\n", c.table.c_str(), c.seconds,
                      num(c.cluster_seconds, 3).c_str(), num(c.files).c_str(), num(c.lines_scanned).c_str(),
                      num(c.query).c_str());
        out << line;
    }
    out << "\n== variant x query: the second run, result cache off (seconds: client wall time; cluster s: stl_query; "
           "bcast/dist MB: svl_query_summary bytes of bcast/dist steps; skew, size: svv_table_info of the variant's "
           "table)\n";
    std::snprintf(line, sizeof line, "%-22s %-30s %9s %10s %9s %9s %6s %8s %8s\n", "variant", "query", "seconds",
                  "cluster s", "bcast MB", "dist MB", "rrscan", "skew", "size MB");
    out << line;
    for (const auto& q : r.queries) {
        std::string table = "songplays";
        for (const auto& v : variants) {
            if (v.name == q.variant) {
                table = v.table;
                break;
            }
        }
        const auto* t = r.find_table(q.variant, table);
        std::snprintf(line, sizeof line, "%-22s %-30s %9.3f %10s %9s %9s %6s %8s %8s\n", q.variant.c_str(),
                      q.query.substr(0, 30).c_str(), q.seconds, num(q.cluster_seconds, 3).c_str(),
                      mb(q.bytes_broadcast).c_str(), mb(q.bytes_distributed).c_str(), num(q.rrscan_steps).c_str(),
                      t ? num(t->skew_rows, 2).c_str() : "-", t ? num(t->size_mb).c_str() : "-");
        out << line;
    }
    out << "\n== star tables per variant (svv_table_info)\n";
    std::snprintf(line, sizeof line, "%-22s %-12s %-18s %-14s %8s %10s %8s %9s\n", "variant", "table", "diststyle",
                  "sortkey1", "size MB", "tbl_rows", "skew", "unsorted");
    out << line;
    for (const auto& t : r.tables) {
        std::snprintf(line, sizeof line, "%-22s %-12s %-18s %-14s %8s %10s %8s %9s\n", t.variant.c_str(),
                      t.table.c_str(), t.diststyle.c_str(), t.sortkey1.c_str(), num(t.size_mb).c_str(),
                      num(t.tbl_rows).c_str(), num(t.skew_rows, 2).c_str(), num(t.unsorted, 2).c_str());
        out << line;
    }
    out << "(" << plan.variants.size() << " variants, " << plan.queries.size() << " queries, " << plan.steps.size()
        << " statements)\n";
}

void write_cluster_json(const std::string& file, const starshift::load::cluster_bench& plan,
                        const std::vector<starshift::load::design_variant>& variants,
                        const starshift::load::cluster_bench_report& r, const std::string& error) {
    std::ostringstream js;
    js << "{\"target\":\"redshift\",\"method\":\"result cache off; each query run " << "twice, the last timed\""
       << ",\"ok\":" << (error.empty() ? "true" : "false") << ",\"error\":\"" << json_escape(error)
       << "\",\"variants\":[";
    bool first = true;
    for (const auto& name : plan.variants) {
        js << (first ? "" : ",") << "{\"name\":\"" << json_escape(name) << "\",\"tables\":[";
        bool ft = true;
        for (const auto& v : variants) {
            if (v.name == name) {
                js << (ft ? "" : ",") << "{\"table\":\"" << json_escape(v.table) << "\",\"design\":\""
                   << json_escape(starshift::load::label(v)) << "\"}";
                ft = false;
            }
        }
        js << "]}";
        first = false;
    }
    js << "],\"copies\":[";
    for (std::size_t i = 0; i < r.copies.size(); ++i) {
        const auto& c = r.copies[i];
        js << (i > 0 ? "," : "") << "{\"path\":\"copy " << json_escape(c.table) << "\",\"group\":\"copy\",\"seconds\":"
           << c.seconds << ",\"cluster_seconds\":" << json_num(c.cluster_seconds) << ",\"files\":" << json_num(c.files)
           << ",\"lines_scanned\":" << json_num(c.lines_scanned) << ",\"query_id\":" << json_num(c.query) << "}";
    }
    js << "],\"results\":[";
    for (std::size_t i = 0; i < r.queries.size(); ++i) {
        const auto& q = r.queries[i];
        js << (i > 0 ? "," : "") << "{\"variant\":\"" << json_escape(q.variant) << "\",\"path\":\""
           << json_escape(q.query) << "\",\"group\":\"" << (q.transform ? "transform" : "query")
           << "\",\"seconds\":" << q.seconds << ",\"cluster_seconds\":" << json_num(q.cluster_seconds)
           << ",\"rows\":" << json_num(q.rows) << ",\"bytes\":" << json_num(q.bytes)
           << ",\"bytes_broadcast\":" << json_num(q.bytes_broadcast)
           << ",\"bytes_distributed\":" << json_num(q.bytes_distributed) << ",\"steps\":" << json_num(q.steps)
           << ",\"max_step_seconds\":" << json_num(q.max_step_seconds) << ",\"rrscan_steps\":" << json_num(q.rrscan_steps)
           << ",\"diskbased_steps\":" << json_num(q.diskbased_steps) << ",\"query_id\":" << json_num(q.query_id) << "}";
    }
    js << "],\"tables\":[";
    for (std::size_t i = 0; i < r.tables.size(); ++i) {
        const auto& t = r.tables[i];
        js << (i > 0 ? "," : "") << "{\"variant\":\"" << json_escape(t.variant) << "\",\"table\":\""
           << json_escape(t.table) << "\",\"diststyle\":\"" << json_escape(t.diststyle) << "\",\"sortkey1\":\""
           << json_escape(t.sortkey1) << "\",\"size_mb\":" << json_num(t.size_mb) << ",\"tbl_rows\":"
           << json_num(t.tbl_rows) << ",\"skew_rows\":" << json_num(t.skew_rows) << ",\"unsorted\":"
           << json_num(t.unsorted) << "}";
    }
    js << "]}\n";
    std::ofstream f(file);
    f << js.str();
    if (!f) {
        throw std::runtime_error("[starshift.bench.io] cannot write " + file);
    }
}

int run_cluster(const cli& c) {
    const starshift::sparkify::config cfg = cluster_config(c);
    // The cluster's COPY needs an IAM role ARN and s3:// sources; a dry run without an ARN prints a placeholder,
    // warns and exits 2.
    std::vector<std::string> warnings;
    const starshift::warehouse w =
        starshift::sparkify::make_warehouse(starshift::sparkify::make_options(cfg, true, c.dry_run ? &warnings : nullptr));
    const auto variants = chosen_variants(c);
    starshift::load::cluster_bench_options o;
    o.queries = c.queries;
    o.warmup_runs = c.warmup_runs;
    o.load_staging = c.load_staging;
    const auto plan = starshift::load::cluster_bench_plan(w, variants, o);
    const std::string conninfo = starshift::sparkify::connection_string(cfg, true);
    if (c.dry_run) {
        std::cout << "-- sparkify-bench --target redshift --dry-run: nothing is executed\n"
                  << "-- connection: " << starshift::load::mask_connection_string(conninfo) << "\n"
                  << starshift::load::display_script(plan);
        for (const auto& warning : warnings) {
            std::cerr << "sparkify-bench: warning: " << warning << "\n";
        }
        return warnings.empty() ? 0 : 2;
    }
    if (conninfo.empty()) {
        throw starshift::sparkify::config_error(
            "[starshift.bench.bad_option] no cluster: give --config dwh.cfg ([CLUSTER] HOST …) or --db");
    }
    auto conn = starshift::load::connect(conninfo);
    starshift::load::cluster_bench_run_options ro;
    ro.on_step = [](std::size_t, const starshift::load::bench_step& s, const starshift::load::bench_step_outcome& out) {
        if (s.kind == starshift::load::bench_step_kind::read_figures) {
            return;
        }
        std::cerr << "sparkify-bench: " << (s.variant.empty() ? "" : "[" + s.variant + "] ")
                  << starshift::load::to_string(s.kind) << " " << s.name << ": " << fmt(out.seconds, 3) << " s\n";
    };
    const auto run = starshift::load::run_cluster_bench(*conn, plan, ro);
    const auto report = starshift::load::summarize_cluster_bench(plan, run.outcomes);
    print_cluster(plan, variants, report, std::cout);
    if (!c.json_file.empty()) {
        write_cluster_json(c.json_file, plan, variants, report, run.error);
    }
    if (!run.ok()) {
        std::cerr << "sparkify-bench: " << starshift::load::mask_connection_string(run.error) << "\n";
        return 1;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const cli c = parse_cli(argc, argv);
        // the executor logs every statement (Boost.Log): only warnings and errors here
        boost::log::core::get()->set_filter(boost::log::trivial::severity >= boost::log::trivial::warning);
        if (c.target == "redshift") {
            return run_cluster(c);
        }
        std::string url = c.db;
        std::unique_ptr<libpq_session> admin;
        if (!c.scratch_db.empty()) {
            admin = std::make_unique<libpq_session>(c.db);
            admin->exec("DROP DATABASE IF EXISTS " + quote_ident(c.scratch_db));
            admin->exec("CREATE DATABASE " + quote_ident(c.scratch_db));
            url = with_database(c.db, c.scratch_db);
        }
        int rc = 0;
        try {
            bench b(c, url);
            rc = b.run();
        } catch (...) {
            if (admin) {
                try {
                    admin->exec("DROP DATABASE IF EXISTS " + quote_ident(c.scratch_db) + " WITH (FORCE)");
                } catch (...) {
                }
            }
            throw;
        }
        if (admin) {
            admin->exec("DROP DATABASE IF EXISTS " + quote_ident(c.scratch_db) + " WITH (FORCE)");
        }
        return rc;
    } catch (const starshift::sparkify::config_error& e) {  // a usage or configuration error
        std::cerr << "sparkify-bench: " << starshift::load::mask_connection_string(e.what()) << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "sparkify-bench: " << starshift::load::mask_connection_string(e.what()) << "\n";
        return 1;
    }
}
