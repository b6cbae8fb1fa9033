// The golden plans (tests/data/redshift/plans/<case>/, each with its SOURCE.md): plans Redshift printed for a
// published schema and query. Every case's schema and query parse, its explain.txt reads into a plan with joins and
// its stats.txt into table statistics.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "starshift/parse/parser.hpp"
#include "starshift/parse/redshift_explain.hpp"
#include "starshift/tune/plan_compare.hpp"
#include "starshift/tune/plan_inputs.hpp"
#include "starshift/tune/tune_error.hpp"

namespace sp = starshift::parse;
namespace st = starshift::tune;
namespace fs = std::filesystem;

namespace {

const fs::path plans_dir = fs::path(STARSHIFT_SOURCE_DIR) / "tests/data/redshift/plans";

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << p.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> case_names() {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(plans_dir)) {
        if (e.is_directory()) out.push_back(e.path().filename().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("every golden plan case parses reads and cites its source") {
    const auto names = case_names();
    CHECK(names.size() == 17);
    for (const auto& name : names) {
        CAPTURE(name);
        const auto dir = plans_dir / name;
        sp::parse_options options;
        options.file = (dir / "schema.sql").string();
        const auto schema = sp::parse_script(slurp(dir / "schema.sql"), options);
        const auto tables = std::count_if(schema.begin(), schema.end(),
                                          [](const sp::parsed_statement& s) { return s.as_table() != nullptr; });
        CHECK(tables >= 1);
        options.file = (dir / "query.sql").string();
        CHECK_NOTHROW((void)sp::parse_query(slurp(dir / "query.sql"), options));
        const auto plan = sp::read_redshift_explain(slurp(dir / "explain.txt"), (dir / "explain.txt").string());
        const auto joins = st::joins_of(plan);
        CHECK_FALSE(joins.empty());
        for (const auto& j : joins) CHECK_FALSE(plan.steps[j.step].label.empty());
        const auto stats = st::parse_stats_file(slurp(dir / "stats.txt"), (dir / "stats.txt").string());
        CHECK_FALSE(stats.empty());
        // Every table the plan joins has a statistic.
        for (const auto& j : joins) {
            for (const auto* side : {&j.outer, &j.inner}) {
                for (const auto& t : *side) CHECK_MESSAGE(stats.count(t) == 1, "no statistic for " << t);
            }
        }
        CHECK(slurp(dir / "SOURCE.md").find("https://") != std::string::npos);
    }
}

TEST_CASE("table statistics read as table=rows and an optional width") {
    const auto [name, stats] = st::parse_stats_entry("Public.\"Sales\"=172456,53.5");
    CHECK(name == "sales");
    CHECK(stats.rows == 172456);
    CHECK(stats.row_bytes == doctest::Approx(53.5));
    CHECK(st::parse_stats_entry("event=8798").second.row_bytes == 0);
    for (const auto* bad : {"sales", "=5", "sales=", "sales=-1", "sales=1.5", "sales=10,0", "sales=10,x"}) {
        CAPTURE(bad);
        CHECK_THROWS_WITH_AS((void)st::parse_stats_entry(bad), doctest::Contains("starshift.tune.bad_stats"),
                             st::tune_error);
    }
    const auto file = st::parse_stats_file("# sizes\n\nsales=1\nsales=2,8\nevent=3\n", "s.txt");
    CHECK(file.size() == 2);
    CHECK(file.at("sales").rows == 2);
    CHECK_THROWS_WITH_AS((void)st::parse_stats_file("sales=1\nevent\n", "s.txt"), doctest::Contains("s.txt:2: "),
                         st::tune_error);
}
