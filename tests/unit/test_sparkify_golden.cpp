// Golden files: the SQL checked in under sql/<dialect>/ must equal what the model renders today.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "starshift/sparkify/sql_files.hpp"
#include "starshift/sparkify/warehouse.hpp"

namespace sp = starshift::sparkify;

namespace {

const std::string regenerate_hint =
    "the model or the renderer changed: regenerate with `cmake --build BUILD --target regenerate-sql`, "
    "review `git diff sql/` and commit it";

std::string first_difference(const std::string& expected, const std::string& actual) {
    std::istringstream e(expected);
    std::istringstream a(actual);
    std::string le;
    std::string la;
    for (int line = 1;; ++line) {
        const bool he = static_cast<bool>(std::getline(e, le));
        const bool ha = static_cast<bool>(std::getline(a, la));
        if (!he && !ha) return "files differ only in line ends";
        if (!he || !ha || le != la) {
            std::ostringstream out;
            out << "line " << line << "\n  checked in: -->|" << (he ? le : "<end of file>") << "|<--"
                << "\n  rendered:   -->|" << (ha ? la : "<end of file>") << "|<--";
            return out.str();
        }
    }
}

}  // namespace

TEST_CASE("sparkify sql files are up to date") {
    const auto w = sp::make_warehouse();
    for (auto d : {starshift::sql::dialect::redshift, starshift::sql::dialect::postgres}) {
        for (auto f : sp::all_sql_files()) {
            if (!sp::has_sql_file(f, d)) continue;
            const std::string rel = "sql/" + starshift::sql::to_string(d) + "/" + sp::file_name(f);
            CAPTURE(rel);
            const std::string rendered = sp::render_sql_file(w, f, d);
            std::ifstream in(std::string(STARSHIFT_SOURCE_DIR) + "/" + rel, std::ios::binary);
            if (!in) {
                FAIL_CHECK(rel << " is missing: " << regenerate_hint);
                continue;
            }
            std::stringstream ss;
            ss << in.rdbuf();
            const std::string checked_in = ss.str();
            const bool up_to_date = checked_in == rendered;
            CHECK_MESSAGE(up_to_date, rel << " is out of date ("
                                          << (up_to_date ? std::string() : first_difference(checked_in, rendered))
                                          << ")\n"
                                          << regenerate_hint);
        }
    }
}

TEST_CASE("sparkify sql file names") {
    CHECK(sp::all_sql_files().size() == 6);
    CHECK(sp::file_name(sp::sql_file::create_tables) == "create_tables.sql");
    CHECK(sp::parse_sql_file("transform") == sp::sql_file::transform);
    CHECK_FALSE(sp::parse_sql_file("nope").has_value());
    CHECK(sp::has_sql_file(sp::sql_file::copy, starshift::sql::dialect::redshift));
    CHECK_FALSE(sp::has_sql_file(sp::sql_file::copy, starshift::sql::dialect::postgres));
    const auto w = sp::make_warehouse();
    CHECK_THROWS(static_cast<void>(sp::render_sql_file(w, sp::sql_file::copy, starshift::sql::dialect::postgres)));
    const std::string copy = sp::render_sql_file(w, sp::sql_file::copy, starshift::sql::dialect::redshift);
    CHECK(copy.find("regenerate-sql") != std::string::npos);
    CHECK(copy.find("epochmillisecs") != std::string::npos);
    CHECK(copy.find("arn:aws:iam::123456789012:role/dwhRole") != std::string::npos);
    CHECK(copy.back() == '\n');
}
