// Helpers shared by the ETL and copy-engine integration tests (test_etl_*.cpp, test_copy_*.cpp): where the real
// Sparkify sample is, temporary folders, small query helpers, whole-table comparisons and running the Sparkify
// plans through load::executor. Header-only; every function is inline.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <tuple>
#include <vector>

#include <unistd.h>

#include <boost/log/core.hpp>
#include <boost/log/expressions.hpp>
#include <boost/log/trivial.hpp>
#include <pqxx/pqxx>

#include "pg_fixture.hpp"
#include "starshift/load/executor.hpp"
#include "starshift/load/plan.hpp"
#include "starshift/sparkify/datagen.hpp"
#include "starshift/sparkify/warehouse.hpp"
#include "starshift/sql/render.hpp"
#include "support/temp_dir.hpp"

namespace etl_test {

namespace fs = std::filesystem;

// The folder holding the shared data sets (sparkify/ …): STARSHIFT_SHARED_DATA_DIR when the target defines it,
// else STARSHIFT_SOURCE_DIR/../shared/data, else the environment variable STARSHIFT_SHARED_DATA_DIR.
inline fs::path shared_data_dir() {
#if defined(STARSHIFT_SHARED_DATA_DIR)
    return fs::path(STARSHIFT_SHARED_DATA_DIR);
#elif defined(STARSHIFT_SOURCE_DIR)
    return fs::path(STARSHIFT_SOURCE_DIR) / ".." / "shared" / "data";
#else
    const char* env = std::getenv("STARSHIFT_SHARED_DATA_DIR");  // NOLINT(concurrency-mt-unsafe)
    return env ? fs::path(env) : fs::path("/work/shared/data");
#endif
}

// The real Sparkify sample (log_data/, song_data/, log_json_path.json), or nothing when it is absent.
inline std::optional<fs::path> sparkify_sample_dir() {
    const fs::path d = shared_data_dir() / "sparkify";
    std::error_code ec;
    if (fs::is_directory(d / "log_data", ec) && fs::is_directory(d / "song_data", ec) &&
        fs::is_regular_file(d / "log_json_path.json", ec))
        return fs::canonical(d);
    return std::nullopt;
}

// A fresh, uniquely named folder under the system temp folder, removed with everything in it on destruction.
using temp_dir = starshift::testing::temp_dir;

inline void write_file(const fs::path& p, const std::string& content) {
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + p.string());
}

inline std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + p.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Every regular file under `dir`, sorted bytewise by path.
inline std::vector<fs::path> files_under(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) out.push_back(e.path());
    std::sort(out.begin(), out.end(), [](const fs::path& a, const fs::path& b) { return a.string() < b.string(); });
    return out;
}

// The executor logs every step at info level through Boost.Log; keep the test output to warnings and errors.
inline void quiet_logs() {
    boost::log::core::get()->set_filter(boost::log::trivial::severity >= boost::log::trivial::warning);
}

// Runs statements (no result) in one transaction.
inline void exec(pqxx::connection& conn, const std::string& sql) {
    pqxx::work tx(conn);
    tx.exec0(sql);
    tx.commit();
}

// The single integer a query returns (NULL as -1).
inline std::int64_t scalar(pqxx::connection& conn, const std::string& sql) {
    pqxx::nontransaction tx(conn);
    const auto r = tx.exec1(sql);
    return r[0].is_null() ? -1 : r[0].as<std::int64_t>();
}

// The rows of a query as text cells, one vector a row.
using rowset = std::vector<std::vector<std::string>>;

// The rows of the Developer Guide's category_csv.txt (r_COPY_command_examples, "Load CATEGORY from a CSV file"):
// quoted fields with doubled quotes, as loaded.
inline const rowset& category_csv_rows() {
    static const rowset r = {{"12", "Shows", "Musicals", "Musical theatre"},
                             {"13", "Shows", "Plays", "All \"non-musical\" theatre"},
                             {"14", "Shows", "Opera", "All opera, light, and \"rock\" opera"},
                             {"15", "Concerts", "Classical", "All symphony, concerto, and choir concerts"}};
    return r;
}

// Creates `t` on PostgreSQL (the DDL sparkify renders for that dialect).
inline void create(pqxx::connection& conn, const starshift::table& t) {
    pqxx::work tx(conn);
    for (const auto& s : starshift::sql::create_table(t, starshift::sql::dialect::postgres)) tx.exec0(s);
    tx.commit();
}

// Where a COPY test starts: a scratch database, a connection to it with `tables` created, and a temp folder
// (bind the parts: `auto& [pg, conn, tmp] = scene;`).
struct copy_scene {
    explicit copy_scene(const std::string& folder, const std::vector<starshift::table>& tables = {})
        : conn(db.url()), tmp(folder) {
        for (const auto& t : tables) create(conn, t);
    }
    starshift::testing::scratch_database db;
    pqxx::connection conn;
    temp_dir tmp;
};

// A client-side copy step of `spec` into `target`, as etl_plan builds them.
inline starshift::load::step copy_step(const starshift::copy_spec& spec, const starshift::table& target) {
    starshift::load::step s;
    s.name = "copy " + target.name;
    s.kind = starshift::load::step_kind::copy;
    s.display_sql = "-- client-side copy of " + target.name;
    s.copy = spec;
    s.copy_target = target;
    return s;
}

// A plan named `name` with that one step.
inline starshift::load::plan copy_plan(const starshift::copy_spec& spec, const starshift::table& target,
                                       const std::string& name = "copy-test") {
    starshift::load::plan p;
    p.name = name;
    p.steps.push_back(copy_step(spec, target));
    return p;
}

// All rows of a query as text cells (NULL as "NULL"), for exact comparisons in CHECK messages.
inline std::vector<std::vector<std::string>> rows(pqxx::connection& conn, const std::string& sql) {
    pqxx::nontransaction tx(conn);
    const auto r = tx.exec(sql);
    std::vector<std::vector<std::string>> out;
    for (const auto& row : r) {
        std::vector<std::string> cells;
        for (const auto& f : row) cells.push_back(f.is_null() ? "NULL" : f.c_str());
        out.push_back(std::move(cells));
    }
    return out;
}

inline std::string to_text(const std::vector<std::vector<std::string>>& rs) {
    std::string out;
    for (const auto& r : rs) {
        out += "  (";
        for (std::size_t i = 0; i < r.size(); ++i) out += (i ? ", " : "") + r[i];
        out += ")\n";
    }
    return out;
}

// Checks that `sql` returns exactly `expected` (text cells, NULL as "NULL", in the query's order); on a difference
// the rows it returned are shown, headed `what`.
inline void check_rows(pqxx::connection& conn, const std::string& sql,
                       const std::vector<std::vector<std::string>>& expected, const char* what = "got") {
    const auto got = rows(conn, sql);
    INFO(what << ":\n" << to_text(got));
    CHECK(got == expected);
}

// Compares two queries' results as multisets (EXCEPT ALL both ways): rows of `a` missing from `b`, rows of `b`
// missing from `a`, the two counts, and the first few differing rows for the failure message.
struct table_diff {
    std::int64_t count_a = 0;
    std::int64_t count_b = 0;
    std::int64_t only_in_a = 0;
    std::int64_t only_in_b = 0;
    std::string sample;  // a few rows of each side's surplus

    [[nodiscard]] bool equal() const noexcept { return only_in_a == 0 && only_in_b == 0 && count_a == count_b; }
    [[nodiscard]] std::string describe() const {
        return "rows " + std::to_string(count_a) + " vs " + std::to_string(count_b) + "; only in the first " +
               std::to_string(only_in_a) + ", only in the second " + std::to_string(only_in_b) + "\n" + sample;
    }
};

inline table_diff compare_queries(pqxx::connection& conn, const std::string& a, const std::string& b) {
    table_diff d;
    d.count_a = scalar(conn, "SELECT COUNT(*) FROM (" + a + ") q");
    d.count_b = scalar(conn, "SELECT COUNT(*) FROM (" + b + ") q");
    const std::string a_minus_b = "(" + a + ") EXCEPT ALL (" + b + ")";
    const std::string b_minus_a = "(" + b + ") EXCEPT ALL (" + a + ")";
    d.only_in_a = scalar(conn, "SELECT COUNT(*) FROM (" + a_minus_b + ") q");
    d.only_in_b = scalar(conn, "SELECT COUNT(*) FROM (" + b_minus_a + ") q");
    if (d.only_in_a > 0) d.sample += "first only:\n" + to_text(rows(conn, "SELECT * FROM (" + a_minus_b + ") q LIMIT 5"));
    if (d.only_in_b > 0)
        d.sample += "second only:\n" + to_text(rows(conn, "SELECT * FROM (" + b_minus_a + ") q LIMIT 5"));
    return d;
}

// The Sparkify warehouse reading local files: DIR/log_data, DIR/log_json_path.json and DIR/song_data unless
// the paths are given one by one.
inline starshift::warehouse local_sparkify(const fs::path& log_data, const fs::path& log_jsonpath,
                                           const fs::path& song_data) {
    starshift::sparkify::options o;
    o.log_data = log_data.string();
    o.log_jsonpath = log_jsonpath.string();
    o.song_data = song_data.string();
    return starshift::sparkify::make_warehouse(o);
}

inline starshift::warehouse local_sparkify(const fs::path& dir) {
    return local_sparkify(dir / "log_data", dir / "log_json_path.json", dir / "song_data");
}

// `jobs`: steps at once (load::executor_options::jobs).
inline starshift::load::run_result run_plan(pqxx::connection& conn, const starshift::load::plan& p, unsigned jobs = 1) {
    quiet_logs();
    starshift::load::executor_options opts;
    opts.on_progress = [](const starshift::load::progress&) {};
    opts.jobs = jobs;
    starshift::load::executor ex(conn, opts);
    return ex.run(p);
}

inline void create_tables(pqxx::connection& conn, const starshift::warehouse& w) {
    (void)run_plan(conn, starshift::load::create_tables_plan(w, starshift::load::target{}));
}

inline starshift::load::run_result etl(pqxx::connection& conn, const starshift::warehouse& w, unsigned jobs = 1) {
    return run_plan(conn, starshift::load::etl_plan(w, starshift::load::target{}), jobs);
}

// A small generated data set: `days` days, about 1 MB of logs.
inline void generate_small(const fs::path& dir, std::uint32_t days) {
    starshift::sparkify::datagen_options o;
    o.seed = 7;
    o.log_bytes = 1000 * 1000;
    o.days = days;
    o.songs = 300;
    o.users = 40;
    const auto r = starshift::sparkify::generate(dir, o);
    REQUIRE(r.log_files == days);
    REQUIRE(r.matched_events > 0);
}

// The star tables' contents, as SELECT lists that compare whole rows. songplays is given without and with its
// identity column.
inline const std::vector<std::string>& star_tables() {
    static const std::vector<std::string> t{"songplays", "users", "songs", "artists", "time"};
    return t;
}

inline std::string songplays_without_id(const std::string& table = "songplays") {
    return "SELECT start_time, user_id, level, song_id, artist_id, session_id, location, user_agent FROM " + table;
}

// CREATE TABLE <prefix><t> AS SELECT * FROM <t> for every star table (a snapshot to compare with later).
inline void snapshot_star(pqxx::connection& conn, const std::string& prefix) {
    for (const auto& t : star_tables())
        exec(conn, "CREATE TABLE " + prefix + t + " AS SELECT * FROM " + t);
}

}  // namespace etl_test
