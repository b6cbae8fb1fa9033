// The documented COPY examples: every script of tests/data/redshift/run/docs/ runs as `starshift run` runs it (s3://
// run-bucket mapped to tests/data/redshift/run/data) in a scratch database of its own, and must give what its
// expectation block says the documentation states: the rows of queries afterwards, the error the script stops
// with, the rejects in stl_load_errors (format: tests/data/redshift/README.md, tests/support/doc_case.hpp). One
// SUBCASE per file, named after it; `--subcase=<file>.sql` runs one.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "pg_fixture.hpp"
#include "starshift/common/error.hpp"
#include "starshift/io/mapped_store.hpp"
#include "starshift/load/script_runner.hpp"
#include "starshift/parse/parse_error.hpp"
#include "support/doc_case.hpp"

namespace {

namespace fs = std::filesystem;
namespace sl = starshift::load;
namespace io = starshift::io;
namespace st = starshift::testing;

const fs::path run_dir = fs::path(STARSHIFT_SOURCE_DIR) / "tests/data/redshift/run";

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), p.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// How the script ended: ok, or the failing statement's line and the error text (with its "[id]").
struct ending {
    bool ok = true;
    std::size_t line = 0;
    std::string error;
};

// "file:12: …" → 12.
std::size_t line_of(const std::string& error, const std::string& file) {
    if (error.compare(0, file.size() + 1, file + ":") != 0) return 0;
    std::size_t n = 0;
    for (std::size_t i = file.size() + 1; i < error.size() && error[i] >= '0' && error[i] <= '9'; ++i)
        n = n * 10 + static_cast<std::size_t>(error[i] - '0');
    return n;
}

ending run_case_script(pqxx::connection& conn, const std::string& name, const std::string& text) {
    const io::mapped_store store({*io::parse_s3_mapping("s3://run-bucket=" + (run_dir / "data").string())});
    ending e;
    std::vector<sl::script_step> steps;
    try {
        steps = sl::plan_script(sl::parse_files({{name, text}}), [&](const std::string& u) { return store.serves(u); });
    } catch (const starshift::parse::parse_error& x) {
        return {false, x.line(), x.what()};
    }
    sl::script_options opts;
    opts.store = &store;
    const auto r = sl::run_script(conn, steps, opts);
    if (r.ok) return e;
    return {false, line_of(r.error, name), r.error};
}

std::string render(const std::vector<st::doc_row>& rows) {
    std::string s;
    for (const auto& r : rows) {
        s += "\n  ";
        for (const auto& c : r) s += "| " + (c.value ? *c.value : std::string("<null>")) + " ";
    }
    return s.empty() ? "\n  (no rows)" : s;
}

std::vector<st::doc_row> query_rows(pqxx::connection& conn, const std::string& sql) {
    pqxx::nontransaction tx(conn);
    std::vector<st::doc_row> out;
    for (const auto& row : tx.exec(sql)) {
        st::doc_row r;
        for (const auto& f : row) r.push_back({f.is_null() ? std::nullopt : std::optional<std::string>(f.c_str())});
        out.push_back(std::move(r));
    }
    return out;
}

struct reject_row {
    std::string table;
    long long line = 0;
    int code = 0;
};

std::vector<reject_row> load_errors(pqxx::connection& conn) {
    pqxx::nontransaction tx(conn);
    if (tx.exec1("SELECT to_regclass('stl_load_errors') IS NULL")[0].as<bool>()) return {};
    std::vector<reject_row> out;
    for (const auto& row : tx.exec("SELECT tbl_name, line_number, err_code FROM stl_load_errors "
                                   "ORDER BY tbl_name, line_number, err_code"))
        out.push_back({row[0].as<std::string>(), row[1].as<long long>(), row[2].as<int>()});
    return out;
}

void check_error(const st::doc_case& c, const ending& e, const std::vector<reject_row>& rejects) {
    if (!c.error) {
        CHECK_MESSAGE(e.ok, "the script failed: " << e.error);
        return;
    }
    const auto& want = *c.error;
    REQUIRE_MESSAGE(!e.ok, "the script succeeded; the documentation states the error " << want.what);
    if (want.is_load_code()) {
        CHECK_MESSAGE(e.error.find("COPY into") != std::string::npos, "not a failed COPY: " << e.error);
        const bool found = std::any_of(rejects.begin(), rejects.end(),
                                       [&](const reject_row& r) { return std::to_string(r.code) == want.what; });
        CHECK_MESSAGE(found, "no load error " << want.what << " in stl_load_errors; the script ended with: "
                                              << e.error);
    } else {
        CHECK_MESSAGE(e.error.find("[" + want.what + "]") != std::string::npos,
                      "expected [" << want.what << "], the script ended with: " << e.error);
    }
    if (want.at_line) CHECK_MESSAGE(e.line == *want.at_line, "the failing statement: " << e.error);
}

void check_rejects(const st::doc_case& c, const std::vector<reject_row>& rejects) {
    std::vector<bool> stated(rejects.size(), false);
    for (const auto& want : c.rejects) {
        std::vector<std::pair<long long, int>> got;
        for (std::size_t i = 0; i < rejects.size(); ++i)
            if (rejects[i].table == want.table) {
                got.emplace_back(rejects[i].line, rejects[i].code);
                stated[i] = true;
            }
        std::string listed;
        for (const auto& [l, code] : got) listed += " " + std::to_string(l) + ":" + std::to_string(code);
        CHECK_MESSAGE(got.size() == want.count, "rejects of " << want.table << ":" << listed);
        if (!want.lines.empty()) {
            auto sorted = want.lines;
            std::sort(sorted.begin(), sorted.end());
            CHECK_MESSAGE(got == sorted, "rejects of " << want.table << ":" << listed);
        }
    }
    // Rejects nobody stated: only those of an expected load error code are allowed.
    for (std::size_t i = 0; i < rejects.size(); ++i) {
        if (stated[i]) continue;
        const bool by_error = c.error && c.error->is_load_code() && c.rejects.empty();
        CHECK_MESSAGE(by_error, "an unstated reject: " << rejects[i].table << " line " << rejects[i].line
                                                       << " code " << rejects[i].code);
    }
}

void run_documented_case(const fs::path& file) {
    const std::string name = file.filename().string();
    const std::string text = read_text(file);
    st::doc_case c;
    try {
        c = st::parse_doc_case(text, name);
    } catch (const st::doc_case_error& e) {
        FAIL(e.what());
    }
    std::string purpose = "doc";
    for (char ch : file.stem().string())
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) purpose += ch;
    st::scratch_database db(purpose);
    auto conn = db.connect();
    const ending e = run_case_script(*conn, name, text);
    const auto rejects = load_errors(*conn);
    check_error(c, e, rejects);
    check_rejects(c, rejects);
    for (const auto& want : c.rows) {
        INFO(name << ":" << want.line << ": " << want.query);
        std::vector<st::doc_row> got;
        try {
            got = query_rows(*conn, want.query);
        } catch (const std::exception& x) {
            const std::string why = std::string("the query failed: ") + x.what() +
                                    (e.ok ? "" : "\nthe script ended with: " + e.error);
            FAIL_CHECK(why);
            continue;
        }
        CHECK_MESSAGE(got == want.rows, "expected:" << render(want.rows) << "\ngot:" << render(got));
    }
}

std::vector<fs::path> documented_cases() {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(run_dir / "docs"))
        if (entry.is_regular_file() && entry.path().extension() == ".sql") out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("documented COPY examples give the rows and errors the documentation states") {
    const auto cases = documented_cases();
    REQUIRE_FALSE(cases.empty());
    for (const auto& f : cases) {
        const std::string name = f.filename().string();
        SUBCASE(name.c_str()) { run_documented_case(f); }
    }
}
