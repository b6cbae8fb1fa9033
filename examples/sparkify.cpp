// sparkify: create the Sparkify star schema and load it, on a local PostgreSQL (the default) or a Redshift cluster.
//
//   sparkify [options] create-tables | etl | check | query NAME|all|list | sql | config | demo | advise
#include <boost/log/expressions.hpp>
#include <boost/log/utility/setup/common_attributes.hpp>
#include <boost/log/utility/setup/console.hpp>
#include <boost/log/utility/setup/file.hpp>
#include <boost/log/sources/severity_channel_logger.hpp>
#include <boost/log/trivial.hpp>
#include <boost/program_options.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "advise_command.hpp"
#include "starshift/io/s3_store.hpp"
#include "starshift/io/uri_store.hpp"
#include "starshift/load/connection.hpp"
#include "starshift/load/executor.hpp"
#include "starshift/load/plan.hpp"
#include "starshift/model/error.hpp"
#include "starshift/sparkify/config.hpp"
#include "starshift/sparkify/datagen.hpp"
#include "starshift/sparkify/warehouse.hpp"
#include "starshift/version.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace starshift;

namespace {

constexpr const char* usage =
    "Usage: sparkify [options] COMMAND [ARG]      (sparkify COMMAND --help: that command's options)\n"
    "\n"
    "Builds and loads the Sparkify star schema (songplays; users, songs, artists, time) from song and event JSON.\n"
    "The default target is PostgreSQL, where starshift's copy engine performs Redshift's COPY semantics locally;\n"
    "with --target redshift the same plan runs on a cluster and COPY reads S3 server-side.\n"
    "\n"
    "Commands:\n"
    "  create-tables   drop and create the staging and star tables\n"
    "  etl             load the staging tables (COPY) and run the transforms (idempotent)\n"
    "  check           run the data-quality checks (exit 1 if one fails)\n"
    "  query NAME      run one analytics query; 'query all' runs them all, 'query list' names them\n"
    "  sql             print the SQL of create-tables, etl, check and the queries for the target\n"
    "  config          print every effective setting and where it comes from (secrets masked)\n"
    "  demo            generate sample data, then create-tables, etl, check and every query, with timings\n"
    "                  (with --start-postgres DIR it first starts a private PostgreSQL in DIR)\n"
    "  advise          rank DISTKEY/SORTKEY designs for the loaded tables (sparkify advise --help)\n"
    "\n"
    "Configuration, highest precedence first: flags; the file named by --config; the environment\n"
    "(STARSHIFT_DATABASE_URL, STARSHIFT_IAM_ROLE, STARSHIFT_LOG_DATA, STARSHIFT_LOG_JSONPATH, STARSHIFT_SONG_DATA,\n"
    "STARSHIFT_REGION, then PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD); ./dwh.cfg when --config is not given;\n"
    "defaults. The file has the seed's shape: [CLUSTER] HOST, DB_NAME, DB_USER, DB_PASSWORD, DB_PORT; [IAM_ROLE] ARN;\n"
    "[S3] LOG_DATA, LOG_JSONPATH, SONG_DATA, REGION; [AWS] KEY, SECRET, SESSION_TOKEN (accepted, not used).\n"
    "Sections and keys are case-insensitive; an unknown or repeated one is an error; an empty value counts as unset.\n"
    "A connection URL (--db, STARSHIFT_DATABASE_URL) replaces [CLUSTER] unless a [CLUSTER] value outranks it.\n"
    "`sparkify config` shows the result. On PostgreSQL, [S3] may hold local paths or s3:// URIs (read through\n"
    "--s3-endpoint or AWS, with the AWS credentials of the environment or ~/.aws/credentials); Redshift needs s3://\n"
    "URIs and an IAM role ARN (never invented: sql and --dry-run print a placeholder, warn and exit 2).\n"
    "Passwords and secret keys never appear in logs or errors.\n"
    "\n"
    "Exit status: 0 success; 1 a failed run or a failed check; 2 a usage or configuration error.\n";

// Each command's help: a synopsis line, what it does, and which option groups apply.
struct command_help {
    const char* name;
    const char* synopsis;
    const char* description;
    bool run_options;   // --dry-run, --maxerror, … (commands that execute a plan)
    bool demo_options;  // --data-dir, --size, …
};
constexpr command_help commands[] = {
    {"create-tables", "sparkify [options] create-tables", "Drops and creates the staging and star tables.", true, false},
    {"etl", "sparkify [options] etl",
     "Loads the staging tables (COPY; on PostgreSQL through the copy engine) and runs the transforms; idempotent.\n"
     "The tables must exist: run create-tables first.",
     true, false},
    {"check", "sparkify [options] check", "Runs the data-quality checks; exit 1 if one fails.", true, false},
    {"query", "sparkify [options] query NAME|all|list",
     "Runs one analytics query, all of them, or lists their names (without NAME: the list, exit 2).", true, false},
    {"sql", "sparkify [options] sql",
     "Prints the SQL of create-tables, etl, check and the queries for the target (secrets masked); connects to\n"
     "nothing. With the Redshift target and no IAM role ARN it prints a placeholder, warns and exits 2.",
     true, false},
    {"config", "sparkify [options] config",
     "Prints every effective setting with where it comes from (file:line, environment variable, flag, default),\n"
     "secrets masked, then the target and the connection string; connects to nothing.",
     false, false},
    {"demo", "sparkify [options] demo",
     "Generates sample data (--size, --seed) in --data-dir, then runs create-tables, etl, check and every query on\n"
     "PostgreSQL with timings; --start-postgres DIR first starts a private PostgreSQL there.",
     true, true},
};

const command_help* find_command(const std::string& name) {
    for (const auto& c : commands)
        if (name == c.name) return &c;
    return nullptr;
}

struct cli {
    std::string command;
    std::string argument;
    std::string config_file;
    std::string target;  // empty: redshift when the host is a Redshift endpoint, else postgres
    std::string db;
    std::string log_data, log_jsonpath, song_data, iam_role, region;
    std::string s3_endpoint;
    std::int64_t maxerror = 0;
    std::string maxerror_rule = "more_than";
    std::string copy_wire = "binary";
    bool dry_run = false;
    bool single_transaction = false;
    std::string log_level = "info";
    std::string log_file;
    // demo
    std::string data_dir = "sparkify-demo-data";
    std::string size = "10MB";
    std::uint64_t seed = 42;
    std::string start_postgres;
    bool force = false;
};

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

// Runs scripts/pg.sh start DIR and returns the URL it prints.
std::string start_private_postgres(const std::string& dir) {
    const char* env_script = std::getenv("STARSHIFT_PG_SCRIPT");  // NOLINT(concurrency-mt-unsafe)
    const std::string script = env_script ? env_script : STARSHIFT_PG_SCRIPT;
    if (!fs::exists(script))
        throw std::runtime_error("[starshift.cli.no_pg_script] cannot find " + script +
                                 " to start a private PostgreSQL (set STARSHIFT_PG_SCRIPT)");
    const std::string cmd = "bash '" + script + "' start '" + fs::absolute(dir).string() + "'";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
    if (!pipe) throw std::runtime_error("[starshift.cli.pg_start_failed] cannot run " + script);
    std::string out;
    std::array<char, 512> buf{};
    while (fgets(buf.data(), static_cast<int>(buf.size()), pipe.get())) out += buf.data();
    const int rc = pclose(pipe.release());
    if (rc != 0) throw std::runtime_error("[starshift.cli.pg_start_failed] " + cmd + " failed:\n" + out);
    // The URL is the last non-empty line.
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    const auto nl = out.rfind('\n');
    return nl == std::string::npos ? out : out.substr(nl + 1);
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

bool any_s3(const sparkify::config& cfg) {
    for (const std::string* p : {&cfg.log_data, &cfg.log_jsonpath, &cfg.song_data})
        if (p->rfind("s3://", 0) == 0) return true;
    return false;
}

// The PostgreSQL target reads s3:// sources itself: credentials from the AWS environment variables or
// ~/.aws/credentials (the IAM role in [IAM_ROLE] is for Redshift's server-side COPY), endpoint from --s3-endpoint,
// AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL.
std::unique_ptr<io::s3_store> make_s3_store(const cli& c, const sparkify::config& cfg) {
    io::s3_options o;
    o.endpoint = c.s3_endpoint;
    o.region = cfg.region;
    o.on_warning = [](const std::string& w) { std::clog << "[s3] warning: " << w << "\n"; };
    return std::make_unique<io::s3_store>(std::move(o));
}

// The executor's options from the flags (checked by run() before anything else, dry runs included).
load::executor_options executor_options_of(const cli& c) {
    load::executor_options opts;
    opts.single_transaction = c.single_transaction;
    opts.missing_table_hint = "run `sparkify create-tables` first";
    if (c.maxerror_rule == "at_least") {
        opts.maxerror_boundary = copy::maxerror_rule::at_least;
    } else if (c.maxerror_rule != "more_than") {
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
    if (!redshift && any_s3(cfg)) s3 = make_s3_store(c, cfg);
    const io::uri_store store(s3.get());  // s3:// to S3, other paths to local files
    opts.store = &store;
    auto conn = load::connect(sparkify::connection_string(cfg, redshift));
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
    if (!c.command.empty() && find_command(c.command) == nullptr)
        throw sparkify::config_error("[starshift.cli.unknown_command] unknown command '" + c.command +
                                     "' (create-tables, etl, check, query, sql, config, demo or advise); see "
                                     "sparkify --help");
    sparkify::config cfg = resolve_config(c);
    const bool redshift = sparkify::redshift_target(c.target, cfg);
    (void)executor_options_of(c);
    (void)sparkify::maxerror_option(c.maxerror);
    load::target target;
    target.dialect = redshift ? sql::dialect::redshift : sql::dialect::postgres;

    if (c.command == "config") {
        std::cout << sparkify::describe_config(cfg, redshift);
        return 0;
    }
    if (c.command == "demo") {
        if (redshift) throw sparkify::config_error("[starshift.cli.bad_option] demo runs on the local PostgreSQL target");
        sparkify::datagen_options g;
        g.seed = c.seed;
        g.log_bytes = sparkify::size_option(c.size);
        if (!c.start_postgres.empty() && !c.dry_run) cfg.database_url = start_private_postgres(c.start_postgres);
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
    cli c;
    po::options_description general("Options");
    general.add_options()("help,h", "print this help (or COMMAND --help: the command's) and exit")(
        "version", "print the version and exit");
    po::options_description config("Configuration (highest precedence first: flags, --config FILE, environment, "
                                   "./dwh.cfg, defaults)");
    po::options_description running("Running");
    po::options_description demo("demo");
    // clang-format off
    config.add_options()
        ("config,c", po::value(&c.config_file), "dwh.cfg-style INI file (default: ./dwh.cfg if present, which the "
         "environment outranks)")
        ("target,t", po::value(&c.target),
         "postgres or redshift (default: redshift when the host or URL is a *.redshift.amazonaws.com endpoint)")
        ("db", po::value(&c.db), "connection URL or key=value string (replaces [CLUSTER] and PG* variables)")
        ("log-data", po::value(&c.log_data), "[S3] LOG_DATA: event logs, s3://bucket/prefix or a local path")
        ("log-jsonpath", po::value(&c.log_jsonpath), "[S3] LOG_JSONPATH: the events' jsonpaths file")
        ("song-data", po::value(&c.song_data), "[S3] SONG_DATA: song files, s3://bucket/prefix or a local path")
        ("iam-role", po::value(&c.iam_role), "[IAM_ROLE] ARN: IAM role for Redshift's COPY (required there)")
        ("region", po::value(&c.region), "[S3] REGION: S3 region of the data (default us-west-2)")
        ("s3-endpoint", po::value(&c.s3_endpoint),
         "PostgreSQL target reading s3://: an S3-compatible endpoint URL (default: AWS_ENDPOINT_URL_S3, "
         "AWS_ENDPOINT_URL, else AWS); credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, "
         "AWS_PROFILE or ~/.aws/credentials");
    running.add_options()
        ("maxerror", po::value(&c.maxerror)->default_value(c.maxerror),
         "MAXERROR of the staging COPYs (0..100000): rejected records tolerated before a COPY fails")
        ("maxerror-rule", po::value(&c.maxerror_rule)->default_value(c.maxerror_rule),
         "PostgreSQL COPY: more_than (MAXERROR N tolerates N errors) or at_least (fails at N, the docs' wording)")
        ("copy-wire", po::value(&c.copy_wire)->default_value(c.copy_wire),
         "PostgreSQL COPY: the data format sent to the server, binary (cheaper for the server) or text")
        ("dry-run,n", po::bool_switch(&c.dry_run), "print the SQL each step would run (secrets masked); run nothing")
        ("single-transaction", po::bool_switch(&c.single_transaction), "run the whole plan in one transaction")
        ("log-level", po::value(&c.log_level)->default_value(c.log_level), "trace, debug, info, warning or error")
        ("log-file", po::value(&c.log_file), "also write the log, and any error, to this file (exit 2 if it cannot "
         "be opened)");
    demo.add_options()
        ("data-dir", po::value(&c.data_dir)->default_value(c.data_dir), "where the sample data is generated")
        ("size", po::value(&c.size)->default_value(c.size), "size of the generated event logs (e.g. 10MB, 1GB; > 0)")
        ("seed", po::value(&c.seed)->default_value(c.seed), "generator seed")
        ("start-postgres", po::value(&c.start_postgres), "start a private PostgreSQL in this directory first")
        ("force", po::bool_switch(&c.force),
         "replace an earlier generation in --data-dir (deletes only the files a generation writes)");
    // clang-format on
    po::options_description hidden;
    hidden.add_options()("command", po::value(&c.command))("argument", po::value(&c.argument));
    po::options_description all;
    all.add(general).add(config).add(running).add(demo).add(hidden);
    po::positional_options_description pos;
    pos.add("command", 1).add("argument", 1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "sparkify: [starshift.cli.bad_option] " << e.what() << " (see sparkify --help)\n";
        return 2;
    }
    const command_help* command = find_command(c.command);
    if (vm.count("help")) {
        if (command == nullptr) {
            std::cout << usage << "\n" << general << "\n" << config << "\n" << running << "\n" << demo;
        } else {
            std::cout << "Usage: " << command->synopsis << "\n\n" << command->description << "\n\n" << general
                      << "\n" << config;
            if (command->run_options) std::cout << "\n" << running;
            if (command->demo_options) std::cout << "\n" << demo;
            std::cout << "\nExit status: 0 success; 1 a failed run or check; 2 a usage or configuration error.\n";
        }
        return 0;
    }
    if (vm.count("version")) {
        std::cout << "sparkify (starshift) " << starshift::version << "\n";
        return 0;
    }
    if (c.command.empty()) {
        std::cerr << usage << "\n" << general << "\n" << config << "\n" << running << "\n" << demo;
        return 2;
    }
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
