// `sparkify`'s command line: the options of every command, the help (general and per command) and --version.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace starshift::examples {

struct sparkify_cli {
    std::string command;
    std::string argument;
    std::string config_file;
    std::string target;  // empty: redshift when the host is a Redshift endpoint, else postgres
    std::string db;
    std::string log_data, log_jsonpath, song_data, iam_role, region;
    std::string s3_endpoint;
    int s3_concurrency = 64;  // GETs in flight while a COPY reads s3:// (io::s3_options::concurrency)
    std::int64_t maxerror = 0;
    std::string maxerror_rule = "more_than";
    std::string copy_wire = "binary";
    bool dry_run = false;
    bool single_transaction = false;
    int jobs = 2;  // steps at once (load::executor_options::jobs)
    bool enforce_constraints = false;
    std::string log_level = "info";
    std::string log_file;
    // demo
    std::string data_dir = "sparkify-demo-data";
    std::string size = "10MB";
    std::uint64_t seed = 42;
    std::string start_postgres;
    bool force = false;
};

// True for the commands the program knows (create-tables, etl, check, query, sql, config, demo).
[[nodiscard]] bool is_sparkify_command(const std::string& name);

// Parses argv into `c`. Returns the exit status when the program ends here (--help, COMMAND --help, --version: 0;
// a bad option or no command: 2, the message or usage on stderr), else nullopt.
[[nodiscard]] std::optional<int> parse_sparkify_options(int argc, char** argv, sparkify_cli& c);

}  // namespace starshift::examples
