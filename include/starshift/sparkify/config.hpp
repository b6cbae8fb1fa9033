// The loader's configuration: the seed's dwh.cfg shape ([CLUSTER], [IAM_ROLE], [S3], [AWS]), the environment and
// command-line flags, merged by precedence with the origin of every value kept; and the model options built from it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "starshift/common/error.hpp"
#include "starshift/sparkify/warehouse.hpp"

namespace starshift::sparkify {

// A configuration or usage error: a malformed or unknown setting, a bad flag value, a target the configuration
// cannot serve. The message starts with its id ([starshift.config.…]); programs exit with status 2.
class config_error : public error {
public:
    explicit config_error(const std::string& message) : error(message) {}
};

// An INI file read as Python's configparser does in its default strict mode: sections and keys are
// case-insensitive (stored upper-case), a repeated key or section is an error; values are trimmed and one level of
// matching quotes ('…' or "…") is removed. Lines starting with # or ; are comments.
struct ini_entry {
    std::string value;
    std::size_t line = 0;
};
struct ini_section {
    std::string name;  // as written
    std::size_t line = 0;
    std::map<std::string, ini_entry> keys;  // upper-case key -> value
};
struct ini_file {
    std::string file_name;
    std::map<std::string, ini_section> sections;  // upper-case section name
};

// Throws config_error "[starshift.config.syntax|duplicate_key|duplicate_section] FILE:LINE: …".
[[nodiscard]] ini_file parse_ini(std::string_view text, std::string_view file_name);
// Throws config_error "[starshift.config.unreadable] …" when the file cannot be read.
[[nodiscard]] ini_file read_ini(const std::string& path);

// Where a setting's value came from, from the highest precedence to the lowest.
enum class setting_source { flag, config_file, environment, implicit_file, default_value };
[[nodiscard]] std::string to_string(setting_source s);

struct setting_origin {
    setting_source source = setting_source::default_value;
    std::string where;  // "dwh.cfg:3", "PGDATABASE", "--db"; empty for a default
    [[nodiscard]] std::string describe() const;  // "dwh.cfg:3", "environment PGDATABASE", "flag --db", "default"
};

struct config {
    // [CLUSTER]
    std::string host;
    std::string db_name;
    std::string db_user;
    std::string db_password;  // secret: never logged
    std::string db_port;
    // [IAM_ROLE]
    std::string iam_role_arn;
    // [S3] (local paths work too, for the PostgreSQL target)
    std::string log_data;
    std::string log_jsonpath;
    std::string song_data;
    std::string region = "us-west-2";
    // [AWS] the seed's infrastructure keys: accepted (and masked), not used by the loader, which reads S3 with the
    // AWS credentials of the environment.
    std::string aws_key;            // secret (an access key id)
    std::string aws_secret;         // secret
    std::string aws_session_token;  // secret
    // A full connection URL or key=value string (--db, STARSHIFT_DATABASE_URL); it replaces the [CLUSTER] fields
    // unless one of them comes from a source of higher precedence (see connection_string).
    std::string database_url;
    // Setting name (known_settings()[i].name) -> where its value came from; settings never given have none.
    std::map<std::string, setting_origin> origins;

    [[nodiscard]] const setting_origin* origin(std::string_view setting) const;
};

// One setting the configuration knows: its name ("CLUSTER.HOST", "DATABASE_URL"), the INI section and key (empty
// for settings no file holds), the environment variables in precedence order, the flag, and whether it is a secret.
struct setting_info {
    std::string name;
    std::string section;
    std::string key;
    std::vector<std::string> environment;
    std::string flag;
    bool secret = false;
    std::string config::*field = nullptr;
};
[[nodiscard]] const std::vector<setting_info>& known_settings();

// Checks that every section and key of the file is known: config_error "[starshift.config.unknown_section]" or
// "[starshift.config.unknown_key] FILE:LINE: …; did you mean …?" (one line per problem).
void check_ini(const ini_file& ini);

// Fills a config from a checked INI file (see check_ini), recording `source` and FILE:LINE as each value's origin.
// An empty value does not replace a value of lower precedence (it is recorded as the origin of an unset setting).
void apply_ini(config& c, const ini_file& ini, setting_source source = setting_source::config_file);

// Environment variables: STARSHIFT_DATABASE_URL, STARSHIFT_IAM_ROLE, STARSHIFT_LOG_DATA, STARSHIFT_LOG_JSONPATH,
// STARSHIFT_SONG_DATA, STARSHIFT_REGION, then PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD. Empty ones are ignored.
using env_lookup = std::function<std::optional<std::string>(const char*)>;
void apply_environment(config& c, const env_lookup& getenv);
[[nodiscard]] env_lookup process_environment();

// What to merge, by precedence: flags (flag name such as "--log-data" -> value; empty values are ignored), then
// `config_file`, then the environment, then `implicit_file` when `config_file` is empty and it exists, then defaults.
struct config_request {
    std::string config_file;
    std::string implicit_file = "dwh.cfg";
    std::vector<std::pair<std::string, std::string>> flags;
    env_lookup getenv = process_environment();
};
// Throws config_error for an unreadable, malformed or unknown-keyed file, or a flag no setting has.
[[nodiscard]] config resolve_config(const config_request& request);

// A libpq connection string: database_url when set (and not outranked by a [CLUSTER] setting), else key=value pairs
// of the [CLUSTER] fields (values quoted); `redshift` adds sslmode=require and the default port 5439. Empty fields
// are left to libpq's own defaults.
[[nodiscard]] std::string connection_string(const config& c, bool redshift);
// True when database_url is set but a [CLUSTER] setting of higher precedence makes connection_string ignore it.
[[nodiscard]] bool database_url_outranked(const config& c);

// True when the configured host (or the host of database_url) is an Amazon Redshift endpoint
// (*.redshift.amazonaws.com, *.redshift-serverless.amazonaws.com, also in China regions): picks the default target.
[[nodiscard]] bool is_redshift_endpoint(const config& c);

// The PostgreSQL the configuration names (database_url or a [CLUSTER] host, not a Redshift endpoint), as a
// connection string (connection_string(c, false)), e.g. for reading the loaded tables; empty when it names none.
[[nodiscard]] std::string postgres_connection_string(const config& c);

// True when an [S3] source (LOG_DATA, LOG_JSONPATH, SONG_DATA) is an s3:// URI: the PostgreSQL target then needs an
// S3 store to read it.
[[nodiscard]] bool any_s3_source(const config& c);

// The target: "redshift" or "postgres" from --target, else Redshift when the host is a Redshift endpoint.
// Throws config_error "[starshift.cli.bad_option]" for another value.
[[nodiscard]] bool redshift_target(std::string_view target_flag, const config& c);

// Every setting, one per line: "NAME = value  (origin)", secrets masked, then the chosen target and connection.
[[nodiscard]] std::string describe_config(const config& c, bool redshift);

// The ARN written into Redshift SQL that is only printed (sql, --dry-run) when none is configured.
inline constexpr const char* missing_iam_role_placeholder = "arn:aws:iam::<ACCOUNT>:role/<IAM_ROLE ARN missing>";

// The model's options from the configuration, for every program. Never invents an ARN:
// - Redshift target, empty [IAM_ROLE] ARN: config_error "[starshift.config.iam_role_missing]", unless `warnings` is
//   given (SQL that is only printed), where the ARN becomes missing_iam_role_placeholder and the message is added;
// - Redshift target, an [S3] value that is not s3://: config_error "[starshift.config.local_path_for_redshift]";
// - PostgreSQL target: the ARN is not used (the copy engine reads S3 itself); an empty one stays empty for local
//   paths and becomes the placeholder when a source is s3:// (the model of an S3 COPY needs credentials).
[[nodiscard]] options make_options(const config& c, bool redshift, std::vector<std::string>* warnings = nullptr);

// A --size value (10MB, 1GB, 512MiB, bytes) that is at least one byte, for every program that generates data:
// config_error "[starshift.sparkify.datagen_bad_option]" otherwise.
[[nodiscard]] std::uint64_t size_option(std::string_view text, std::string_view flag = "--size");

// A MAXERROR value in 0..max_maxerror: config_error "[starshift.cli.bad_option]" otherwise.
[[nodiscard]] std::int64_t maxerror_option(std::int64_t value);

// Edit distance (insertions, deletions, substitutions), case-sensitive; for "did you mean" suggestions.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace starshift::sparkify
