// sparkify: create the Sparkify star schema and load it, on a local PostgreSQL (the default) or a Redshift cluster.
//
//   sparkify [options] create-tables | etl | check | query NAME|all | sql | demo
#include <boost/log/expressions.hpp>
#include <boost/log/utility/setup/common_attributes.hpp>
#include <boost/log/utility/setup/console.hpp>
#include <boost/log/utility/setup/file.hpp>
#include <boost/log/trivial.hpp>
#include <boost/program_options.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
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
    "Usage: sparkify [options] COMMAND [ARG]\n"
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
    "  demo            generate sample data, then create-tables, etl, check and every query, with timings\n"
    "                  (with --start-postgres DIR it first starts a private PostgreSQL in DIR)\n"
    "  advise          rank DISTKEY/SORTKEY designs for the loaded tables (sparkify advise --help)\n"
    "\n"
    "Configuration: --config FILE (default ./dwh.cfg when present) in the seed's shape ([CLUSTER] HOST, DB_NAME,\n"
    "DB_USER, DB_PASSWORD, DB_PORT; [IAM_ROLE] ARN; [S3] LOG_DATA, LOG_JSONPATH, SONG_DATA), then the environment\n"
    "(PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, STARSHIFT_DATABASE_URL, STARSHIFT_IAM_ROLE,\n"
    "STARSHIFT_LOG_DATA, STARSHIFT_LOG_JSONPATH, STARSHIFT_SONG_DATA, STARSHIFT_REGION), then these flags.\n"
    "On PostgreSQL, [S3] paths may be local paths or s3:// URIs (read through --s3-endpoint or AWS, with the AWS\n"
    "credentials of the environment or ~/.aws/credentials).\n"
    "Passwords and secret keys never appear in logs or errors.\n";

struct cli {
    std::string command;
    std::string argument;
    std::string config_file;
    std::string target;  // empty: redshift when the host is a Redshift endpoint, else postgres
    std::string db;
    std::string log_data, log_jsonpath, song_data, iam_role, region;
    std::string s3_endpoint;
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

void setup_logging(const cli& c) {
    namespace logging = boost::log;
    logging::add_common_attributes();
    const char* format = "%TimeStamp% [%Channel%] %Severity%: %Message%";
    logging::add_console_log(std::clog, logging::keywords::format = "[%Channel%] %Message%");
    if (!c.log_file.empty())
        logging::add_file_log(logging::keywords::file_name = c.log_file, logging::keywords::format = format,
                              logging::keywords::auto_flush = true);
    logging::trivial::severity_level level = logging::trivial::info;
    if (c.log_level == "trace") level = logging::trivial::trace;
    else if (c.log_level == "debug") level = logging::trivial::debug;
    else if (c.log_level == "warning") level = logging::trivial::warning;
    else if (c.log_level == "error") level = logging::trivial::error;
    else if (c.log_level != "info")
        throw std::runtime_error("[starshift.cli.bad_option] --log-level must be trace, debug, info, warning or error");
    logging::core::get()->set_filter(logging::trivial::severity >= level);
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
    sparkify::config cfg;
    std::string file = c.config_file;
    if (file.empty() && fs::exists("dwh.cfg")) file = "dwh.cfg";
    if (!file.empty()) sparkify::apply_ini(cfg, sparkify::read_ini(file));
    sparkify::apply_environment(cfg, sparkify::process_environment());
    if (!c.db.empty()) cfg.database_url = c.db;
    if (!c.log_data.empty()) cfg.log_data = c.log_data;
    if (!c.log_jsonpath.empty()) cfg.log_jsonpath = c.log_jsonpath;
    if (!c.song_data.empty()) cfg.song_data = c.song_data;
    if (!c.iam_role.empty()) cfg.iam_role_arn = c.iam_role;
    if (!c.region.empty()) cfg.region = c.region;
    return cfg;
}

warehouse make_model(const sparkify::config& cfg) {
    sparkify::options o;
    if (!cfg.log_data.empty()) o.log_data = cfg.log_data;
    if (!cfg.log_jsonpath.empty()) o.log_jsonpath = cfg.log_jsonpath;
    if (!cfg.song_data.empty()) o.song_data = cfg.song_data;
    if (!cfg.region.empty()) o.region = cfg.region;
    if (!cfg.iam_role_arn.empty()) o.credentials.iam_role = cfg.iam_role_arn;
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

int run_plans(const cli& c, const std::vector<load::plan>& plans, const sparkify::config& cfg, bool redshift,
              bool print_timings) {
    if (c.dry_run) {
        for (const auto& p : plans) load::print_dry_run(p, std::cout);
        return 0;
    }
    std::unique_ptr<io::s3_store> s3;
    if (!redshift && any_s3(cfg)) s3 = make_s3_store(c, cfg);
    const io::uri_store store(s3.get());  // s3:// to S3, other paths to local files
    auto conn = load::connect(sparkify::connection_string(cfg, redshift));
    load::executor_options opts;
    opts.single_transaction = c.single_transaction;
    opts.store = &store;
    if (c.maxerror_rule == "at_least") {
        opts.maxerror_boundary = copy::maxerror_rule::at_least;
    } else if (c.maxerror_rule != "more_than") {
        throw std::runtime_error("[starshift.cli.bad_option] --maxerror-rule must be more_than or at_least");
    }
    if (const auto w = copy::parse_wire_format(c.copy_wire)) {
        opts.copy_wire = *w;
    } else {
        throw std::runtime_error("[starshift.cli.bad_option] --copy-wire must be text or binary");
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

int run(const cli& c) {
    sparkify::config cfg = resolve_config(c);
    if (!c.target.empty() && c.target != "redshift" && c.target != "postgres")
        throw std::runtime_error("[starshift.cli.bad_option] --target must be postgres or redshift, not " + c.target);
    const bool redshift = c.target.empty() ? sparkify::is_redshift_endpoint(cfg) : c.target == "redshift";
    load::target target;
    target.dialect = redshift ? sql::dialect::redshift : sql::dialect::postgres;

    if (c.command == "demo") {
        if (redshift) throw std::runtime_error("[starshift.cli.bad_option] demo runs on the local PostgreSQL target");
        if (!c.start_postgres.empty() && !c.dry_run) cfg.database_url = start_private_postgres(c.start_postgres);
        const auto bytes = sparkify::parse_size(c.size);
        if (!bytes) throw std::runtime_error("[starshift.cli.bad_option] --size: cannot read '" + c.size + "'");
        sparkify::datagen_options g;
        g.seed = c.seed;
        g.log_bytes = *bytes;
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
        const warehouse w = make_model(cfg);
        return run_plans(c,
                         {load::create_tables_plan(w, target), load::etl_plan(w, target), load::checks_plan(w, target),
                          load::queries_plan(w, target)},
                         cfg, false, true);
    }

    const warehouse w = make_model(cfg);
    if (c.command == "create-tables") return run_plans(c, {load::create_tables_plan(w, target)}, cfg, redshift, true);
    if (c.command == "etl") return run_plans(c, {load::etl_plan(w, target)}, cfg, redshift, true);
    if (c.command == "check") return run_plans(c, {load::checks_plan(w, target)}, cfg, redshift, false);
    if (c.command == "query") {
        if (c.argument.empty() || c.argument == "list") {
            for (const auto& q : w.queries) std::cout << q.name << "  " << q.description << "\n";
            return c.argument.empty() ? 2 : 0;
        }
        if (c.argument == "all") return run_plans(c, {load::queries_plan(w, target)}, cfg, redshift, false);
        return run_plans(c, {load::query_plan(w, target, c.argument)}, cfg, redshift, false);
    }
    if (c.command == "sql") {
        for (const auto& p : {load::create_tables_plan(w, target), load::etl_plan(w, target),
                              load::checks_plan(w, target), load::queries_plan(w, target)})
            load::print_dry_run(p, std::cout);
        return 0;
    }
    throw std::runtime_error("[starshift.cli.unknown_command] unknown command '" + c.command +
                             "'; see sparkify --help");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::string(argv[1]) == "advise") return starshift::examples::sparkify_advise_main(argc - 1, argv + 1);
    cli c;
    po::options_description opts("Options");
    // clang-format off
    opts.add_options()
        ("help,h", "print this help and exit")
        ("version", "print the version and exit")
        ("config,c", po::value(&c.config_file), "dwh.cfg-style INI file (default: ./dwh.cfg if present)")
        ("target,t", po::value(&c.target),
         "postgres or redshift (default: redshift when the host or URL is a *.redshift.amazonaws.com endpoint)")
        ("db", po::value(&c.db), "connection URL or key=value string (wins over [CLUSTER] and PG* variables)")
        ("log-data", po::value(&c.log_data), "event logs: s3://bucket/prefix (Redshift) or a local path")
        ("log-jsonpath", po::value(&c.log_jsonpath), "the events' jsonpaths file")
        ("song-data", po::value(&c.song_data), "song files: s3://bucket/prefix (Redshift) or a local path")
        ("iam-role", po::value(&c.iam_role), "IAM role ARN for Redshift's COPY")
        ("region", po::value(&c.region), "S3 region of the data (default us-west-2)")
        ("s3-endpoint", po::value(&c.s3_endpoint),
         "PostgreSQL target reading s3://: an S3-compatible endpoint URL (default: AWS_ENDPOINT_URL_S3, "
         "AWS_ENDPOINT_URL, else AWS); credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, "
         "AWS_PROFILE or ~/.aws/credentials")
        ("maxerror-rule", po::value(&c.maxerror_rule)->default_value(c.maxerror_rule),
         "PostgreSQL COPY: more_than (MAXERROR N tolerates N errors) or at_least (fails at N, the docs' wording)")
        ("copy-wire", po::value(&c.copy_wire)->default_value(c.copy_wire),
         "PostgreSQL COPY: the data format sent to the server, binary (cheaper for the server) or text")
        ("dry-run,n", po::bool_switch(&c.dry_run), "print the SQL each step would run (secrets masked); run nothing")
        ("single-transaction", po::bool_switch(&c.single_transaction), "run the whole plan in one transaction")
        ("log-level", po::value(&c.log_level)->default_value(c.log_level), "trace, debug, info, warning or error")
        ("log-file", po::value(&c.log_file), "also write the log to this file")
        ("data-dir", po::value(&c.data_dir)->default_value(c.data_dir), "demo: where the sample data is generated")
        ("size", po::value(&c.size)->default_value(c.size), "demo: size of the generated event logs (e.g. 10MB, 1GB)")
        ("seed", po::value(&c.seed)->default_value(c.seed), "demo: generator seed")
        ("start-postgres", po::value(&c.start_postgres), "demo: start a private PostgreSQL in this directory first")
        ("force", po::bool_switch(&c.force),
         "demo: replace an earlier generation in --data-dir (deletes only the files a generation writes)");
    // clang-format on
    po::options_description hidden;
    hidden.add_options()("command", po::value(&c.command))("argument", po::value(&c.argument));
    po::options_description all;
    all.add(opts).add(hidden);
    po::positional_options_description pos;
    pos.add("command", 1).add("argument", 1);
    try {
        po::variables_map vm;
        po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
        po::notify(vm);
        if (vm.count("help")) {
            std::cout << usage << "\n" << opts;
            return 0;
        }
        if (vm.count("version")) {
            std::cout << "sparkify (starshift) " << starshift::version << "\n";
            return 0;
        }
        if (c.command.empty()) {
            std::cerr << usage << "\n" << opts;
            return 2;
        }
        setup_logging(c);
        return run(c);
    } catch (const po::error& e) {
        std::cerr << "sparkify: [starshift.cli.bad_option] " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "sparkify: " << load::mask_connection_string(e.what()) << "\n";
        return 1;
    }
}
