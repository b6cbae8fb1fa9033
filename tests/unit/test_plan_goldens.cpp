// The golden plans (tests/data/redshift/plans/<case>/, each with its SOURCE.md): plans Redshift printed for a
// published schema and query. Every case's schema and query parse, its explain.txt reads into a plan with joins and
// its stats.txt into table statistics; tune::predict_plan's plan of each case agrees with the printed one on the
// number of join labels docs/tuning.md reports ("starshift explain", "Agreement with printed plans").
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "starshift/parse/parser.hpp"
#include "starshift/parse/redshift_explain.hpp"
#include "starshift/tune/plan_compare.hpp"
#include "starshift/tune/plan_format.hpp"
#include "starshift/tune/plan_inputs.hpp"
#include "starshift/tune/query_plan.hpp"
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
        const auto name = e.path().filename().string();
        if (e.is_directory() && name.front() != '_') out.push_back(name);  // _shared: DDL several cases use
    }
    std::sort(out.begin(), out.end());
    return out;
}

// cluster.txt: node-type=, nodes=, default-diststyle= (each optional; dc2.large, 2 nodes, auto otherwise).
st::plan_options options_of(const fs::path& dir) {
    std::map<std::string, std::string> kv;
    if (fs::exists(dir / "cluster.txt")) {
        std::istringstream in(slurp(dir / "cluster.txt"));
        std::string line;
        while (std::getline(in, line)) {
            const auto eq = line.find('=');
            if (eq != std::string::npos) kv[line.substr(0, eq)] = line.substr(eq + 1);
        }
    }
    st::plan_options o;
    o.cluster = st::make_cluster(kv.count("node-type") != 0 ? kv["node-type"] : "dc2.large",
                                 kv.count("nodes") != 0 ? std::stoi(kv["nodes"]) : 2);
    if (kv["default-diststyle"] == "even") o.default_diststyle = st::missing_diststyle::even;
    o.stats = st::parse_stats_file(slurp(dir / "stats.txt"), (dir / "stats.txt").string());
    return o;
}

// schema.sql, then schema-*.sql in name order (the CREATE TABLE … AS a case adds to shared DDL), each seeing the
// tables of the ones before.
std::vector<sp::parsed_statement> schema_of(const fs::path& dir) {
    std::vector<fs::path> files{dir / "schema.sql"};
    std::vector<fs::path> more;
    for (const auto& e : fs::directory_iterator(dir)) {
        const auto name = e.path().filename().string();
        if (name.rfind("schema-", 0) == 0 && e.path().extension() == ".sql") more.push_back(e.path());
    }
    std::sort(more.begin(), more.end());
    files.insert(files.end(), more.begin(), more.end());
    std::vector<sp::parsed_statement> out;
    for (const auto& f : files) {
        sp::parse_options options;
        options.file = f.string();
        const auto earlier = [&out](std::string_view name) { return sp::find_table(out, name); };
        for (auto& s : sp::parse_script(slurp(f), options, earlier)) out.push_back(std::move(s));
    }
    return out;
}

// The tables with the schema's ALTER TABLE design changes applied (every change applies).
std::vector<starshift::table> tables_of(const fs::path& dir) {
    std::vector<sp::diagnostic> not_applied;
    auto out = sp::declared_tables(schema_of(dir), not_applied);
    CHECK(not_applied.empty());
    return out;
}

}  // namespace

TEST_CASE("every golden plan case parses reads and cites its source") {
    const auto names = case_names();
    CHECK(names.size() == 18);
    for (const auto& name : names) {
        CAPTURE(name);
        const auto dir = plans_dir / name;
        CHECK_FALSE(tables_of(dir).empty());
        sp::parse_options options;
        options.file = (dir / "query.sql").string();
        CHECK_NOTHROW((void)sp::parse_query(slurp(dir / "query.sql"), options));
        const auto plan = sp::read_redshift_explain(slurp(dir / "explain.txt"), (dir / "explain.txt").string());
        const auto joins = st::joins_of(plan);
        CHECK_FALSE(joins.empty());
        for (const auto& j : joins) CHECK_FALSE(plan.steps[j.step].label.empty());
        const auto stats = st::parse_stats_file(slurp(dir / "stats.txt"), (dir / "stats.txt").string());
        CHECK_FALSE(stats.empty());
        // Every table the plan joins has a statistic (a name STL_EXPLAIN cut: one whose name it begins).
        for (const auto& j : joins) {
            for (const auto* side : {&j.outer, &j.inner}) {
                for (const auto& t : *side) {
                    const auto has = std::any_of(stats.begin(), stats.end(),
                                                 [&t](const auto& kv) { return kv.first.compare(0, t.size(), t) == 0; });
                    CHECK_MESSAGE(has, "no statistic for " << t);
                }
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

// The agreement figure of docs/tuning.md: a change of the predictor that moves it fails here, and the disagreements
// of each case are printed.
TEST_CASE("predicted plans agree with the golden plans on the documented number of join labels") {
    std::size_t agreeing = 0;
    std::size_t compared = 0;
    std::size_t printed_joins = 0;
    std::vector<std::string> unanalysed;
    for (const auto& name : case_names()) {
        const auto dir = plans_dir / name;
        const auto actual = sp::read_redshift_explain(slurp(dir / "explain.txt"), (dir / "explain.txt").string());
        printed_joins += st::joins_of(actual).size();
        sp::parse_options parse;
        parse.file = (dir / "query.sql").string();
        const auto query = sp::parse_query(slurp(dir / "query.sql"), parse);
        starshift::distributed_plan predicted;
        try {
            predicted = st::predict_plan(query, tables_of(dir), options_of(dir));
        } catch (const starshift::error& e) {
            MESSAGE(name << ": not analysed: " << std::string(e.what()));
            unanalysed.push_back(name);
            continue;
        }
        const auto c = st::compare_plans(predicted, actual);
        agreeing += c.agreeing;
        compared += c.compared();
        if (c.agreeing != c.compared() || !c.actual_only.empty() || !c.predicted_only.empty()) {
            MESSAGE(name << ":\n" << st::format_comparison(c));
        }
    }
    MESSAGE("golden plans: " << agreeing << " of " << compared << " compared join labels agree; " << printed_joins
                             << " joins printed; not analysed: " << unanalysed.size());
    CHECK(printed_joins == 36);
    CHECK(compared == 36);
    CHECK(agreeing == 31);
    CHECK(unanalysed.empty());
}
