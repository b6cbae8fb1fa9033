// sparkify: create the Sparkify star schema and load it, on a local PostgreSQL (the default) or a Redshift cluster.
//
//   sparkify [options] create-tables | etl | check | query NAME|all|list | sql | config | demo | advise
#include <boost/log/expressions.hpp>
#include <boost/log/utility/setup/common_attributes.hpp>
#include <boost/log/utility/setup/console.hpp>
#include <boost/log/utility/setup/file.hpp>
#include <boost/log/sources/severity_channel_logger.hpp>
#include <boost/log/trivial.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "advise_command.hpp"
#include "cli_common.hpp"
#include "sparkify_options.hpp"
#include "starshift/io/s3_store.hpp"
#include "starshift/io/uri_store.hpp"
#include "starshift/load/connection.hpp"
#include "starshift/load/executor.hpp"
#include "starshift/load/plan.hpp"
#include "starshift/load/redshift_functions.hpp"
#include "starshift/load/system_views.hpp"
#include "starshift/model/error.hpp"
#include "starshift/sparkify/config.hpp"
#include "starshift/sparkify/datagen.hpp"
#include "starshift/sparkify/warehouse.hpp"

namespace fs = std::filesystem;
using namespace starshift;

namespace {

using cli = examples::sparkify_cli;  // the command line (sparkify_options.hpp)

// Console: "[channel] message"; --log-file (checked before anything runs): every record with time and severity,
// and the error that ends the program (channel "sparkify", not repeated on the console).
void setup_logging(const cli& c) {
    namespace logging = boost::log;
    namespace expr = boost::log::expressions;
    logging::trivial::severity_level level = logging::trivial::info;
    if (c.log_level == "trace") level = logging::trivial::trace;
    else if (c.log_level == "debug") level = logging::trivial::debug;
    else if (c.log_level == "warning") level = logging::trivial::warning;
    else if (c.log_level == "error") level = logging::trivial::error;
    else if (c.log_level != "info")
        throw sparkify::config_error(
            "[starshift.cli.bad_option] --log-level must be trace, debug, info, warning or error");
    if (!c.log_file.empty()) {
        std::ofstream probe(c.log_file, std::ios::app);
        if (!probe)
            throw sparkify::config_error("[starshift.cli.log_file] cannot open --log-file " + c.log_file + ": " +
                                         std::strerror(errno));
    }
    logging::add_common_attributes();
    auto console = logging::add_console_log(std::clog, logging::keywords::format = "[%Channel%] %Message%");
    console->set_filter(!expr::has_attr<std::string>("Channel") || expr::attr<std::string>("Channel") != "sparkify");
    if (!c.log_file.empty())
        logging::add_file_log(logging::keywords::file_name = c.log_file,
                              logging::keywords::format = "%TimeStamp% [%Channel%] %Severity%: %Message%",
                              logging::keywords::open_mode = std::ios::app, logging::keywords::auto_flush = true);
    logging::core::get()->set_filter(logging::trivial::severity >= level);
}

// An error (or warning) of the program itself: to stderr and, through Boost.Log, to the log file.
void report(boost::log::trivial::severity_level severity, const std::string& message) {
    const std::string masked = load::mask_connection_string(message);
    std::cerr << "sparkify: " << (severity == boost::log::trivial::warning ? "warning: " : "") << masked << "\n";
    boost::log::sources::severity_channel_logger<boost::log::trivial::severity_level, std::string> log(
        boost::log::keywords::channel = "sparkify");
    BOOST_LOG_SEV(log, severity) << masked;
}

int fail(int status, const std::string& message) {
    report(boost::log::trivial::error, message + " (exit status " + std::to_string(status) + ")");
    return status;
}

sparkify::config resolve_config(const cli& c) {
    sparkify::config_request r;
    r.config_file = c.config_file;
    r.flags = {{"--db", c.db},           {"--log-data", c.log_data}, {"--log-jsonpath", c.log_jsonpath},
               {"--song-data", c.song_data}, {"--iam-role", c.iam_role}, {"--region", c.region}};
    return sparkify::resolve_config(r);
}

warehouse make_model(const cli& c, const sparkify::config& cfg, bool redshift,
                     std::vector<std::string>* warnings = nullptr) {
    sparkify::options o = sparkify::make_options(cfg, redshift, warnings);
    o.maxerror = sparkify::maxerror_option(c.maxerror);
    return sparkify::make_warehouse(o);
}

// The executor's options from the flags (checked by run() before anything else, dry runs included).
load::executor_options executor_options_of(const cli& c) {
    load::executor_options opts;
    opts.single_transaction = c.single_transaction;
    opts.jobs = static_cast<unsigned>(c.jobs);
    opts.missing_table_hint = "run `sparkify create-tables` first";
    if (const auto rule = copy::parse_maxerror_rule(c.maxerror_rule)) {
        opts.maxerror_boundary = *rule;
    } else {
        throw sparkify::config_error("[starshift.cli.bad_option] --maxerror-rule must be more_than or at_least");
    }
    if (const auto w = copy::parse_wire_format(c.copy_wire)) {
        opts.copy_wire = *w;
    } else {
        throw sparkify::config_error("[starshift.cli.bad_option] --copy-wire must be text or binary");
    }
    return opts;
}

int run_plans(const cli& c, const std::vector<load::plan>& plans, const sparkify::config& cfg, bool redshift,
              bool print_timings) {
    load::executor_options opts = executor_options_of(c);
    if (c.dry_run) {
        for (const auto& p : plans) load::print_dry_run(p, std::cout);
        return 0;
    }
    std::unique_ptr<io::s3_store> s3;
    if (!redshift && sparkify::any_s3_source(cfg)) {
        // The PostgreSQL target reads s3:// itself: AWS credentials of the environment or ~/.aws/credentials (the
        // IAM role is for Redshift's server-side COPY); endpoint --s3-endpoint, AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL.
        io::s3_options o;
        o.endpoint = c.s3_endpoint;
        o.concurrency = c.s3_concurrency;
        o.region = cfg.region;
        s3 = examples::make_s3_store(std::move(o));
    }
    const io::uri_store store(s3.get());  // s3:// to S3, other paths to local files
    opts.store = &store;
    auto conn = load::connect(sparkify::connection_string(cfg, redshift));
    const load::system_view_options views;
    if (!redshift) {
        // Redshift's functions and system views (schema starshift_redshift, on the search path); COPYs fill
        // stl_load_commits.
        load::prepare_redshift_session(*conn);
        opts.views = &views;
    }
    load::executor ex(*conn, opts);
    bool ok = true;
    std::vector<load::run_result> results;
    for (const auto& p : plans) {
        auto r = ex.run(p);
        for (const auto& s : r.steps) {
            if (s.kind == load::step_kind::query) {
                std::cout << "\n== " << s.name << "\n";
                load::print_rows(s, std::cout);
            } else if (s.kind == load::step_kind::check) {
                std::cout << (s.ok ? "PASS " : "FAIL ") << s.name << ": " << s.message << "\n";
            }
        }
        ok = ok && r.ok();
        results.push_back(std::move(r));
    }
    if (print_timings) {
        for (const auto& r : results) {
            std::cout << "\n-- timings: " << r.plan_name << "\n";
            load::print_timings(r, std::cout);
        }
    }
    return ok ? 0 : 1;
}

// Prints SQL that only shows what would run; the warnings (a missing IAM role ARN) go to stderr and make it exit 2.
int print_only(const std::vector<load::plan>& plans, const std::vector<std::string>& warnings) {
    for (const auto& p : plans) load::print_dry_run(p, std::cout);
    for (const auto& w : warnings) report(boost::log::trivial::warning, w);
    return warnings.empty() ? 0 : 2;
}

int run(const cli& c) {
    if (!c.command.empty() && !examples::is_sparkify_command(c.command))
        throw sparkify::config_error("[starshift.cli.unknown_command] unknown command '" + c.command +
                                     "' (create-tables, etl, check, query, sql, config, demo or advise); see "
                                     "sparkify --help");
    sparkify::config cfg = resolve_config(c);
    const bool redshift = sparkify::redshift_target(c.target, cfg);
    (void)executor_options_of(c);
    (void)sparkify::maxerror_option(c.maxerror);
    load::target target;
    target.dialect = redshift ? sql::dialect::redshift : sql::dialect::postgres;
    target.enforce_constraints = c.enforce_constraints;

    if (c.command == "config") {
        std::cout << sparkify::describe_config(cfg, redshift);
        return 0;
    }
    if (c.command == "demo") {
        if (redshift) throw sparkify::config_error("[starshift.cli.bad_option] demo runs on the local PostgreSQL target");
        sparkify::datagen_options g;
        g.seed = c.seed;
        g.log_bytes = sparkify::size_option(c.size);
        if (!c.start_postgres.empty() && !c.dry_run) cfg.database_url = examples::start_private_postgres(c.start_postgres, STARSHIFT_PG_SCRIPT);
        const fs::path dir = fs::absolute(c.data_dir);
        if (!c.dry_run) {
            const auto res = sparkify::generate(dir, g, c.force ? sparkify::existing_data::replace
                                                                : sparkify::existing_data::refuse);
            std::cout << "generated " << res.song_files << " song files and " << res.log_files << " log files ("
                      << res.events << " events, " << res.bytes << " bytes) in " << dir.string() << "\n";
        }
        cfg.log_data = (dir / "log_data").string();
        cfg.log_jsonpath = (dir / "log_json_path.json").string();
        cfg.song_data = (dir / "song_data").string();
        const warehouse w = make_model(c, cfg, false);
        return run_plans(c,
                         {load::create_tables_plan(w, target), load::etl_plan(w, target), load::checks_plan(w, target),
                          load::queries_plan(w, target)},
                         cfg, false, true);
    }

    // SQL that is only printed may show a placeholder ARN (with a warning and exit 2); a run never does.
    const bool print_only_sql = c.dry_run || c.command == "sql";
    std::vector<std::string> warnings;
    const warehouse w = make_model(c, cfg, redshift, print_only_sql ? &warnings : nullptr);
    std::vector<load::plan> plans;
    bool timings = false;
    if (c.command == "create-tables") {
        plans = {load::create_tables_plan(w, target)};
        timings = true;
    } else if (c.command == "etl") {
        plans = {load::etl_plan(w, target)};
        timings = true;
    } else if (c.command == "check") {
        plans = {load::checks_plan(w, target)};
    } else if (c.command == "query") {
        if (c.argument.empty() || c.argument == "list") {
            for (const auto& q : w.queries) (c.argument.empty() ? std::cerr : std::cout) << q.name << "  " << q.description << "\n";
            if (c.argument.empty()) std::cerr << "sparkify: [starshift.cli.bad_option] query needs NAME, all or list\n";
            return c.argument.empty() ? 2 : 0;
        }
        if (c.argument == "all") {
            plans = {load::queries_plan(w, target)};
        } else {
            const bool known = std::any_of(w.queries.begin(), w.queries.end(),
                                           [&](const auto& q) { return q.name == c.argument; });
            if (!known)
                throw sparkify::config_error("[starshift.cli.bad_option] no query named '" + c.argument +
                                             "' (sparkify query list)");
            plans = {load::query_plan(w, target, c.argument)};
        }
    } else {  // sql
        plans = {load::create_tables_plan(w, target), load::etl_plan(w, target), load::checks_plan(w, target),
                 load::queries_plan(w, target)};
    }
    if (print_only_sql) return print_only(plans, warnings);
    return run_plans(c, plans, cfg, redshift, timings);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::string(argv[1]) == "advise") return starshift::examples::sparkify_advise_main(argc - 1, argv + 1);
    cli c;  // options, --help and --version: sparkify_options.cpp
    if (const auto status = starshift::examples::parse_sparkify_options(argc, argv, c)) return *status;
    try {
        setup_logging(c);
    } catch (const std::exception& e) {
        std::cerr << "sparkify: " << e.what() << "\n";
        return 2;
    }
    try {
        return run(c);
    } catch (const sparkify::config_error& e) {
        return fail(2, e.what());
    } catch (const std::exception& e) {
        return fail(1, e.what());
    }
}
