#include "sparkify_options.hpp"

#include <boost/program_options.hpp>

#include <iostream>

#include "starshift/version.hpp"

namespace po = boost::program_options;

namespace starshift::examples {
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

}  // namespace

bool is_sparkify_command(const std::string& name) { return find_command(name) != nullptr; }

std::optional<int> parse_sparkify_options(int argc, char** argv, sparkify_cli& c) {
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
         "AWS_PROFILE or ~/.aws/credentials")
        ("s3-concurrency", po::value(&c.s3_concurrency)->default_value(c.s3_concurrency),
         "PostgreSQL target reading s3://: GETs in flight at once (one event loop; files still parsed in listing "
         "order)");
    running.add_options()
        ("maxerror", po::value(&c.maxerror)->default_value(c.maxerror),
         "MAXERROR of the staging COPYs (0..100000): rejected records tolerated before a COPY fails")
        ("maxerror-rule", po::value(&c.maxerror_rule)->default_value(c.maxerror_rule),
         "PostgreSQL COPY: more_than (MAXERROR N tolerates N errors) or at_least (fails at N, the docs' wording)")
        ("copy-wire", po::value(&c.copy_wire)->default_value(c.copy_wire),
         "PostgreSQL COPY: the data format sent to the server, binary (cheaper for the server) or text")
        ("dry-run,n", po::bool_switch(&c.dry_run), "print the SQL each step would run (secrets masked); run nothing")
        ("single-transaction", po::bool_switch(&c.single_transaction),
         "run the whole plan in one transaction (one step at a time)")
        ("jobs,j", po::value(&c.jobs)->default_value(c.jobs),
         "etl: run up to N steps at once, each on its own connection and in its own transaction, when neither "
         "writes a table the other reads or writes (1: one after another)")
        ("enforce-constraints", po::bool_switch(&c.enforce_constraints),
         "PostgreSQL: enforce PRIMARY KEY, UNIQUE and FOREIGN KEY (Redshift does not: they are informational)")
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
    if (c.jobs < 1) {
        std::cerr << "sparkify: [starshift.cli.bad_option] --jobs must be at least 1\n";
        return 2;
    }
    if (c.s3_concurrency < 1) {
        std::cerr << "sparkify: [starshift.cli.bad_option] --s3-concurrency must be at least 1\n";
        return 2;
    }
    if (c.command.empty()) {
        std::cerr << usage << "\n" << general << "\n" << config << "\n" << running << "\n" << demo;
        return 2;
    }
    return std::nullopt;
}

}  // namespace starshift::examples
