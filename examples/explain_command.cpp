// `starshift explain` (see explain_command.hpp and docs/tuning.md "starshift explain").
#include "explain_command.hpp"

#include <boost/program_options.hpp>

#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli_common.hpp"
#include "starshift/common/error.hpp"
#include "starshift/common/text.hpp"
#include "starshift/parse/parser.hpp"
#include "starshift/parse/redshift_explain.hpp"
#include "starshift/tune/cluster.hpp"
#include "starshift/tune/plan_compare.hpp"
#include "starshift/tune/plan_format.hpp"
#include "starshift/tune/plan_inputs.hpp"
#include "starshift/tune/query_plan.hpp"
#ifndef STARSHIFT_NO_DB
#include <pqxx/pqxx>

#include "starshift/load/connection.hpp"
#include "starshift/load/tune_reader.hpp"
#endif

namespace po = boost::program_options;
namespace sp = starshift::parse;
namespace st = starshift::tune;

namespace starshift::examples {
namespace {

struct explain_cli {
    std::vector<std::string> files;
    std::vector<std::string> stats;
    std::string stats_file;
    std::string db;
    std::string node_type = "dc2.large";
    int nodes = 2;
    std::string default_diststyle = "auto";
    std::string compare;
    std::string json;
};

const char* const usage_head =
    "Usage: starshift explain SCHEMA.sql... QUERY.sql [--stats TABLE=ROWS[,WIDTH]]... [--stats-file FILE]\n"
    "                         [--db URL] [--node-type T] [--nodes N] [--default-diststyle auto|even]\n"
    "                         [--compare EXPLAIN.txt] [--json FILE]\n"
    "Prints the plan Redshift would print for each query of QUERY.sql (the last file; the others hold the DDL): join\n"
    "order, operators, DS_* labels, the rule behind each label and the bytes it moves (docs/tuning.md, \"Predicted\n"
    "plans\"). No database is needed: table sizes come from --stats, --stats-file or --db. With --compare, a plan a\n"
    "cluster printed (EXPLAIN text or STL_EXPLAIN rows) is compared label by label. Exit status: 0; 1 a query not\n"
    "analysed or a file not read (the other queries go on); 2 a usage error.\n"
    "Options";

int usage_error(const std::string& message, const po::options_description& visible) {
    std::cerr << "starshift explain: [starshift.cli.bad_option] " << message << "\n" << visible << "\n";
    return 2;
}

#ifndef STARSHIFT_NO_DB
std::map<std::string, st::table_stats> database_stats(const std::string& db, const std::vector<table>& tables) {
    auto conn = load::connect(db);
    pqxx::read_transaction tx(*conn);
    return load::read_table_stats(tx, tables);
}
#endif

struct query_result {
    std::string file;
    std::size_t line = 0;
    std::optional<distributed_plan> plan;
    std::string error;
    std::optional<st::plan_comparison> comparison;
};

std::string json_of(const std::vector<query_result>& results) {
    std::string out = "{\"queries\": [";
    for (std::size_t i = 0; i < results.size(); ++i) {
        const auto& r = results[i];
        out += (i == 0 ? "" : ", ");
        out += "{\"file\": \"" + json_escape(r.file) + "\", \"line\": " + std::to_string(r.line);
        if (r.plan) out += ", \"plan\": " + st::plan_json(*r.plan);
        if (!r.error.empty()) out += ", \"error\": \"" + json_escape(r.error) + "\"";
        if (r.comparison) out += ", \"comparison\": " + st::comparison_json(*r.comparison);
        out += "}";
    }
    return out + "]}\n";
}

}  // namespace

int starshift_explain_main(int argc, char** argv) {
    explain_cli c;
    po::options_description visible(usage_head);
    // clang-format off
    visible.add_options()
        ("help,h", "print this help and exit")
        ("stats", po::value(&c.stats), "a table's rows and average row width in bytes: TABLE=ROWS[,WIDTH] (repeatable; "
         "wins over --stats-file and --db)")
        ("stats-file", po::value(&c.stats_file), "TABLE=ROWS[,WIDTH] a line ('#' comments)")
        ("db", po::value(&c.db), "read rows (count(*)) and widths (pg_stats) of the tables loaded in this PostgreSQL")
        ("node-type", po::value(&c.node_type)->default_value(c.node_type),
         "dc2.large, dc2.8xlarge, ra3.xlplus, ra3.4xlarge, ra3.16xlarge")
        ("nodes", po::value(&c.nodes)->default_value(c.nodes), "number of nodes")
        ("default-diststyle", po::value(&c.default_diststyle)->default_value(c.default_diststyle),
         "a table without DISTSTYLE: auto (current clusters) or even (older clusters)")
        ("compare", po::value(&c.compare),
         "a plan the cluster printed for the query (EXPLAIN text or STL_EXPLAIN rows)")
        ("json", po::value(&c.json), "also write the plans (and the comparison) as JSON to this file");
    // clang-format on
    po::variables_map vm;
    try {
        vm = parse_with_files(argc, argv, visible, c.files);
    } catch (const po::error& e) {
        return usage_error(e.what(), visible);
    }
    if (vm.count("help") != 0U) {
        std::cout << visible << "\n";
        return 0;
    }
    if (c.files.size() < 2) return usage_error("give at least one SCHEMA.sql and the QUERY.sql", visible);
    st::plan_options options;
    try {
        options.cluster = st::make_cluster(c.node_type, c.nodes);
        if (!c.stats_file.empty()) options.stats = st::parse_stats_file(read_text(c.stats_file), c.stats_file);
    } catch (const std::exception& e) {
        return usage_error(e.what(), visible);
    }
    if (c.default_diststyle == "even") {
        options.default_diststyle = st::missing_diststyle::even;
    } else if (c.default_diststyle != "auto") {
        return usage_error("--default-diststyle must be auto or even", visible);
    }
    std::map<std::string, st::table_stats> explicit_stats;
    try {
        for (const auto& s : c.stats) {
            auto [name, stats] = st::parse_stats_entry(s);
            explicit_stats.insert_or_assign(name, stats);
        }
    } catch (const std::exception& e) {
        return usage_error(e.what(), visible);
    }

    bool failed = false;
    // The DDL: every file but the last, read as one script (later files see the earlier ones' tables).
    std::vector<sp::source_file> schema_files;
    for (std::size_t i = 0; i + 1 < c.files.size(); ++i) {
        schema_files.push_back({c.files[i], try_read_text(c.files[i])});
    }
    const auto schema = sp::check_files(schema_files);
    for (const auto& p : schema.problems) std::cerr << p.to_string() << "\n";
    failed = failed || !schema.problems.empty();
    std::vector<sp::diagnostic> not_applied;  // ALTER TABLE design changes that name no table or column
    std::vector<table> tables = sp::declared_tables(schema.statements, not_applied);
    for (const auto& p : not_applied) std::cerr << p.to_string() << "\n";
    failed = failed || !not_applied.empty();
#ifdef STARSHIFT_NO_DB
    if (!c.db.empty()) return usage_error("--db: this build has no database layer (-DSTARSHIFT_BUILD_DB=ON)", visible);
#else
    if (!c.db.empty()) {
        try {
            for (const auto& [name, s] : database_stats(c.db, tables)) options.stats.insert_or_assign(name, s);
        } catch (const std::exception& e) {
            std::cerr << "starshift explain: " << e.what() << "\n";
            return 1;
        }
    }
#endif
    for (const auto& [name, s] : explicit_stats) options.stats.insert_or_assign(name, s);

    const auto& query_file = c.files.back();
    const auto query_text = try_read_text(query_file);
    if (!query_text) {
        std::cerr << query_file << ":1:1: [starshift.parse.io] cannot read the file\n";
        return 1;
    }
    sp::parse_options parse;
    parse.file = query_file;
    const auto queries = sp::check_script(*query_text, parse);
    for (const auto& p : queries.problems) std::cerr << p.to_string() << "\n";
    failed = failed || !queries.problems.empty();
    std::optional<distributed_plan> actual;
    if (!c.compare.empty()) {
        std::size_t count = 0;
        for (const auto& s : queries.statements) count += s.as_statement() != nullptr ? 1 : 0;
        if (count != 1) return usage_error("--compare needs a QUERY.sql of one query", visible);
        try {
            actual = sp::read_redshift_explain(read_text(c.compare), c.compare);
        } catch (const std::exception& e) {
            std::cerr << e.what() << "\n";
            return 1;
        }
    }
    std::vector<query_result> results;
    for (const auto& s : queries.statements) {
        const auto* q = s.as_statement();
        if (q == nullptr) {
            std::cerr << s.file << ":" << s.line << ": not a query: no plan\n";
            continue;
        }
        query_result r{s.file, s.line, std::nullopt, {}, std::nullopt};
        std::cout << "-- " << s.file << ":" << s.line << "\n";
        try {
            r.plan = st::predict_plan(*q, tables, options);
        } catch (const starshift::error& e) {
            r.error = e.what();
            std::cerr << s.file << ":" << s.line << ": cannot analyse the query: " << e.what() << "\n";
            failed = true;
            results.push_back(std::move(r));
            continue;
        }
        std::cout << st::format_plan(*r.plan);
        if (actual) {
            r.comparison = st::compare_plans(*r.plan, *actual);
            std::cout << "\n-- compared with " << c.compare << "\n" << st::format_comparison(*r.comparison);
        }
        std::cout << "\n";
        results.push_back(std::move(r));
    }
    if (!c.json.empty()) {
        try {
            write_text(c.json, json_of(results));
        } catch (const std::exception& e) {
            std::cerr << "starshift explain: " << e.what() << "\n";
            return 1;
        }
    }
    return failed ? 1 : 0;
}

}  // namespace starshift::examples
