// starshift: reads Redshift SQL scripts (CREATE TABLE, COPY) into the model.
//   starshift check FILE…                                  parse and validate; print each problem; exit 1 if any
//   starshift render --dialect redshift|postgres FILE…     print the statements in that dialect (comments for the rest)
//   starshift run FILE… --db URL [--s3-map s3://B[/P]=DIR]… [--s3-endpoint URL] [--dry-run]
//                                                          run the script on PostgreSQL (logic: load/script_runner)
//   starshift explain SCHEMA.sql… QUERY.sql [--stats T=R[,W]]… [--compare EXPLAIN.txt]
//                                                          the predicted Redshift plan (examples/explain_command.cpp)
// Each command parses its own options (argv from the command word on): one line of dispatch per command in main().
#include <algorithm>
#include <boost/program_options.hpp>

#include <exception>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli_common.hpp"

#ifndef STARSHIFT_NO_DB
#include "starshift/io/mapped_store.hpp"
#include "starshift/io/s3_store.hpp"
#include "starshift/load/catalog_tables.hpp"
#include "starshift/load/connection.hpp"
#include "starshift/load/script_report.hpp"
#include "starshift/load/script_runner.hpp"
#include "starshift/common/error.hpp"
#include "starshift/tune/cluster.hpp"
#endif
#include "starshift/load/render_script.hpp"
#include "starshift/parse/parser.hpp"
#include "starshift/sql/dialect.hpp"
#include "starshift/sql/render.hpp"
#include "starshift/version.hpp"
#ifdef STARSHIFT_HAS_ADVISE
#include "advise_command.hpp"
#endif
#include "explain_command.hpp"

namespace po = boost::program_options;
namespace sp = starshift::parse;

namespace {

using starshift::examples::parse_with_files;
using starshift::examples::try_read_text;

int check(const std::vector<std::string>& files) {
    std::vector<sp::source_file> sources;
    for (const auto& f : files) sources.push_back({f, try_read_text(f)});
    const sp::check_result r = sp::check_files(sources);
    for (const auto& w : r.warnings) std::cout << w.to_warning_string() << "\n";
    for (const auto& p : r.problems) std::cout << p.to_string() << "\n";
    std::size_t tables = 0, copies = 0, other = 0;
    for (const auto& s : r.statements) {
        if (s.as_table()) ++tables;
        else if (s.as_copy()) ++copies;
        else ++other;
    }
    std::cerr << "starshift check: " << files.size() << " file(s), " << tables << " CREATE TABLE, " << copies
              << " COPY, " << other << " other statement(s), " << r.problems.size() << " problem(s), "
              << r.warnings.size() << " warning(s)\n";
    return r.problems.empty() ? 0 : 1;
}

int render(const std::vector<std::string>& files, starshift::sql::dialect d, bool reveal, bool enforce_constraints) {
    std::vector<sp::parsed_statement> statements;
    for (const auto& f : files) {
        const auto text = try_read_text(f);
        if (!text) {
            std::cerr << f << ":1:1: [starshift.parse.io] cannot read the file\n";
            return 1;
        }
        try {
            // Earlier files' tables are known (CREATE TABLE … (LIKE t), CREATE TABLE … AS SELECT … FROM t).
            auto parsed = sp::parse_script(*text, {f, true, {}}, [&](std::string_view name) {
                return sp::find_table(statements, name);
            });
            for (auto& s : parsed) statements.push_back(std::move(s));
        } catch (const sp::parse_error& e) {
            std::cerr << e.what() << "\n";
            return 1;
        }
    }
    starshift::sql::ddl_options ddl;
    ddl.enforce_constraints = enforce_constraints;
    try {
        std::cout << starshift::load::render_statements(
            statements, d, reveal ? starshift::sql::secrets::reveal : starshift::sql::secrets::mask, ddl);
    } catch (const sp::parse_error& e) {  // a query with no faithful translation: its file:line:column and why
        std::cerr << e.what() << "\n";
        return 1;
    }
    return 0;
}

// ---------------------------------------------------------------- run
#ifdef STARSHIFT_NO_DB
int run_command(int /*argc*/, char** /*argv*/) {
    std::cerr << "starshift run: this build has no database layer (configure with -DSTARSHIFT_BUILD_DB=ON)\n";
    return 2;
}
#else
int run_command(int argc, char** argv) {
    namespace sl = starshift::load;
    namespace io = starshift::io;
    std::vector<std::string> files, maps;
    std::string db, endpoint, rule = "more_than", node_type = "dc2.large";
    int nodes = 2;
    int s3_concurrency = 64;
    unsigned unload_slices = 0;  // 0: the simulated cluster's slices
    po::options_description visible(
        "Usage: starshift run FILE... --db URL [--s3-map s3://BUCKET[/PREFIX]=DIR]... [--s3-endpoint URL]\n"
        "                     [--s3-concurrency N] [--maxerror-rule more_than|at_least] [--unload-slices N]\n"
        "                     [--enforce-constraints] [--node-type T] [--nodes N] [--dry-run]\n"
        "Runs Redshift SQL scripts on PostgreSQL, in order: CREATE TABLE through the PostgreSQL dialect, COPY through\n"
        "the client-side copy engine (rejects in starshift_load_errors / stl_load_errors), UNLOAD to the mapped\n"
        "folders or the endpoint (docs/unload.md), every other statement as written; Redshift-only statements\n"
        "(VACUUM, ANALYZE COMPRESSION, SET query_group, …) are skipped with a notice. Each statement commits on its\n"
        "own except between BEGIN and COMMIT. Stops at the first failure (file:line: …, exit status 1). See\n"
        "docs/parse.md.\n"
        "Options");
    visible.add_options()("help,h", "show this help and exit")(
        "db", po::value<std::string>(&db), "PostgreSQL connection URL or key=value string")(
        "s3-map", po::value<std::vector<std::string>>(&maps),
        "s3://BUCKET[/PREFIX]=DIR: read that bucket folder from DIR (repeatable; the longest prefix wins)")(
        "s3-endpoint", po::value<std::string>(&endpoint),
        "read s3:// URLs no --s3-map covers from this S3-compatible endpoint (credentials: AWS environment)")(
        "s3-concurrency", po::value<int>(&s3_concurrency)->default_value(s3_concurrency),
        "GETs in flight while a COPY reads s3:// objects (one event loop; objects still parsed in listing order)")(
        "maxerror-rule", po::value<std::string>(&rule)->default_value("more_than"),
        "MAXERROR N: more_than (N errors tolerated, as clusters behave) or at_least (the documentation's words)")(
        "unload-slices", po::value<unsigned>(&unload_slices),
        "UNLOAD PARALLEL ON: slices, one part file series each (<prefix>0000_part_00, …; default: the slices of "
        "--node-type × --nodes, 4 for dc2.large × 2); docs/unload.md")(
        "enforce-constraints",
        "make PostgreSQL enforce PRIMARY KEY, UNIQUE and FOREIGN KEY (Redshift does not: by default they are "
        "informational, named in a comment of the CREATE TABLE; NOT NULL is always enforced)")(
        "node-type", po::value<std::string>(&node_type)->default_value(node_type),
        "the cluster svv_table_info simulates (slices, skew_rows, size): dc2.large, dc2.8xlarge, ra3.xlplus, "
        "ra3.4xlarge, ra3.16xlarge")("nodes", po::value<int>(&nodes)->default_value(nodes), "its number of nodes")(
        "dry-run", "parse, plan and print what would run (PostgreSQL DDL, COPY sources, skips); no database");
    po::variables_map vm;
    try {
        vm = parse_with_files(argc, argv, visible, files);
    } catch (const std::exception& e) {
        std::cerr << "starshift run: [starshift.cli.bad_option] " << e.what() << "\n" << visible << "\n";
        return 2;
    }
    if (vm.count("help") != 0U) {
        std::cout << visible << "\n";
        return 0;
    }
    const bool dry_run = vm.count("dry-run") != 0U;
    if (s3_concurrency < 1) {
        std::cerr << "starshift run: [starshift.cli.bad_option] --s3-concurrency must be at least 1\n";
        return 2;
    }
    if (files.empty() || (db.empty() && !dry_run)) {
        std::cerr << "starshift run: [starshift.cli.bad_option] give at least one FILE and --db URL (or --dry-run)\n" << visible << "\n";
        return 2;
    }
    sl::script_options options;
    if (const auto r = starshift::copy::parse_maxerror_rule(rule)) {
        options.maxerror_boundary = *r;
    } else {
        std::cerr << "starshift run: [starshift.cli.bad_option] --maxerror-rule must be more_than or at_least\n";
        return 2;
    }
    try {
        options.views.cluster = starshift::tune::make_cluster(node_type, nodes);
    } catch (const starshift::error& e) {
        std::cerr << "starshift run: [starshift.cli.bad_option] " << e.what() << "\n";
        return 2;
    }
    std::vector<io::s3_mapping> mappings;
    for (const auto& m : maps) {
        const auto parsed = io::parse_s3_mapping(m);
        if (!parsed) {
            std::cerr << "starshift run: [starshift.cli.bad_option] --s3-map '" << m
                      << "' is not s3://BUCKET[/PREFIX]=DIR\n";
            return 2;
        }
        mappings.push_back(*parsed);
    }
    std::vector<sl::script_file> inputs;
    for (const auto& f : files) {
        auto text = try_read_text(f);
        if (!text) {
            std::cerr << f << ":1:1: [starshift.parse.io] cannot read the file\n";
            return 1;
        }
        inputs.push_back({f, std::move(*text)});
    }
    std::unique_ptr<io::s3_store> s3;
    if (!endpoint.empty()) {
        io::s3_options o;
        o.endpoint = endpoint;
        o.concurrency = s3_concurrency;
        s3 = starshift::examples::make_s3_store(std::move(o));
    }
    const io::mapped_store store(std::move(mappings), s3.get());
    // The database is opened at the first need: a CREATE TABLE … (LIKE t) or CREATE TABLE … AS of a table no script
    // declares reads t from its catalog while the scripts are planned; otherwise the run itself.
    std::unique_ptr<pqxx::connection> conn;
    const auto connection = [&]() -> pqxx::connection& {
        if (!conn) conn = sl::connect(db);
        return *conn;
    };
    sl::catalog_tables catalog(connection);
    std::vector<sl::script_step> steps;
    try {
        starshift::sql::ddl_options ddl;
        ddl.enforce_constraints = vm.count("enforce-constraints") != 0U;
        steps = sl::plan_script(sl::parse_files(inputs, db.empty() ? sp::table_lookup{} : catalog.lookup()),
                                [&](const std::string& uri) { return store.serves(uri); }, ddl);
    } catch (const sp::parse_error& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
    if (dry_run) {
        std::cout << sl::format_script_dry_run(steps, store);
        return 0;
    }
    options.store = &store;
    options.unload_slices =
        unload_slices != 0 ? unload_slices : static_cast<unsigned>(std::max(1, options.views.cluster.slices()));
    options.on_message = [](const std::string& m) { std::cerr << m << "\n"; };
    const sl::script_result r = sl::run_script(connection(), steps, options, [](const sl::script_step_result& s) {
        std::cout << sl::format_script_step(s);
    });
    if (!r.ok) std::cerr << r.error << "\n";
    std::cout << "starshift run: " << sl::summary_line(r) << "\n";
    return r.ok ? 0 : 1;
}

#endif

// ---------------------------------------------------------------- check and render (shared options)
int check_or_render(int argc, char** argv) {
    const std::string command = argv[0];
    std::vector<std::string> files;
    std::string dialect_arg = "redshift";
    po::options_description visible(
        "Usage: starshift check FILE...\n"
        "       starshift render [--dialect redshift|postgres] [--enforce-constraints] FILE...\n"
        "  check   parse and validate every statement, COPY against the CREATE TABLEs of all FILEs; print each\n"
        "          problem as file:line:column: [id] message (exit status 1 if there is any) and each validation\n"
        "          warning as file:line: warning: [id] message (exit status 0 when there are only warnings)\n"
        "  render  print every statement in the dialect: DDL, COPY for Redshift (secrets masked), other statements as\n"
        "          written; for PostgreSQL a comment says what has no form there (Redshift-only attributes, COPY)\n"
        "Options");
    visible.add_options()("help,h", "show this help and exit")(
        "dialect,d", po::value<std::string>(&dialect_arg)->default_value("redshift"),
        "render: redshift or postgres")("reveal-secrets", "render: write access keys and tokens instead of ***")(
        "enforce-constraints", "render postgres: PRIMARY KEY, UNIQUE and FOREIGN KEY as enforced constraints "
                               "(default: a comment, as Redshift does not enforce them)");
    po::variables_map vm;
    try {
        vm = parse_with_files(argc, argv, visible, files);
    } catch (const std::exception& e) {
        std::cerr << "starshift " << command << ": [starshift.cli.bad_option] " << e.what() << "\n" << visible << "\n";
        return 2;
    }
    if (vm.count("help") != 0U) {
        std::cout << visible << "\n";
        return 0;
    }
    if (files.empty()) {
        std::cerr << "starshift " << command << ": [starshift.cli.bad_option] give at least one FILE\n" << visible << "\n";
        return 2;
    }
    if (command == "check") return check(files);
    const auto d = starshift::sql::parse_dialect(dialect_arg);
    if (!d) {
        std::cerr << "starshift: [starshift.cli.bad_option] unknown dialect '" << dialect_arg << "' (redshift or postgres)\n";
        return 2;
    }
    return render(files, *d, vm.count("reveal-secrets") != 0U, vm.count("enforce-constraints") != 0U);
}

const char* const usage =
    "Usage: starshift check FILE...\n"
    "       starshift render [--dialect redshift|postgres] [--reveal-secrets] [--enforce-constraints] FILE...\n"
    "       starshift run FILE... --db URL [--s3-map s3://BUCKET[/PREFIX]=DIR]... [--s3-endpoint URL]\n"
    "                     [--maxerror-rule more_than|at_least] [--enforce-constraints] [--node-type T] [--nodes N]\n"
    "                     [--dry-run]\n"
    "       starshift advise FILE.sql... --db URL [--queries FILE.sql]... [--node-type T] [--nodes N]\n"
    "       starshift explain SCHEMA.sql... QUERY.sql [--stats TABLE=ROWS[,WIDTH]]... [--compare EXPLAIN.txt] [...]\n"
    "       starshift --help | --version | COMMAND --help\n"
    "Reads Redshift SQL scripts (CREATE TABLE and COPY into starshift's model; other statements kept as text).\n"
    "  check   parse and validate; print problems (file:line:column: [id] …, exit 1) and warnings (exit 0)\n"
    "  render  print the statements in the dialect (--dialect redshift|postgres; what has no form there: a comment)\n"
    "  run     run the scripts on PostgreSQL: COPY through the copy engine, s3:// mapped to folders or an endpoint\n"
    "  advise  rank distribution and sort-key designs for the tables loaded in PostgreSQL (starshift advise --help)\n"
    "  explain the plan Redshift would print for each query, offline; --compare: against a printed plan\n"
    "Exit status: 0 success; 1 a failed run or check (a problem found, a statement refused); 2 a usage error.\n";

}  // namespace

int main(int argc, char** argv) {
    const std::string command = argc > 1 ? argv[1] : "";
    try {
        // One line per command: the command's function parses argv[1..] itself (argv[1] is the command word).
        if (command == "check" || command == "render") return check_or_render(argc - 1, argv + 1);
        if (command == "run") return run_command(argc - 1, argv + 1);
        if (command == "explain") return starshift::examples::starshift_explain_main(argc - 1, argv + 1);
#ifdef STARSHIFT_HAS_ADVISE
        if (command == "advise") return starshift::examples::starshift_advise_main(argc - 1, argv + 1);
#endif
    } catch (const std::exception& e) {
        std::cerr << "starshift " << command << ": " << e.what() << "\n";
        return 1;
    }
    if (command == "--help" || command == "-h") {
        std::cout << usage;
        return 0;
    }
    if (command == "--version") {
        std::cout << "starshift " << starshift::version << "\n";
        return 0;
    }
    std::cerr << (command.empty() ? std::string("starshift: [starshift.cli.bad_option] give a command")
                                  : "starshift: [starshift.cli.unknown_command] unknown command '" + command + "'")
              << " (check, render, run, advise or explain)\n"
              << usage;
    return 2;
}
