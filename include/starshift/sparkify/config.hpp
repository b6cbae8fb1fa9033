// The loader's configuration in the seed's dwh.cfg shape ([CLUSTER], [IAM_ROLE], [S3]), then environment overrides.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace starshift::sparkify {

// An INI file as section -> key -> value. Keys and sections keep their case; values are trimmed and one level of
// matching quotes ('…' or "…") is removed. Lines starting with # or ; are comments.
using ini_file = std::map<std::string, std::map<std::string, std::string>>;

// Throws std::runtime_error "[starshift.config.syntax] FILE:LINE: …" on a malformed line.
[[nodiscard]] ini_file parse_ini(std::string_view text, std::string_view file_name);
[[nodiscard]] ini_file read_ini(const std::string& path);

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
    // A full connection URL or key=value string; when set it wins over the [CLUSTER] fields.
    std::string database_url;
};

// Fills a config from an INI file's sections; unknown keys are ignored, missing ones keep their value.
void apply_ini(config& c, const ini_file& ini);

// Environment overrides: PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, and STARSHIFT_DATABASE_URL,
// STARSHIFT_IAM_ROLE, STARSHIFT_LOG_DATA, STARSHIFT_LOG_JSONPATH, STARSHIFT_SONG_DATA, STARSHIFT_REGION.
using env_lookup = std::function<std::optional<std::string>(const char*)>;
void apply_environment(config& c, const env_lookup& getenv);
[[nodiscard]] env_lookup process_environment();

// A libpq connection string: database_url when set, else key=value pairs of the [CLUSTER] fields (values quoted);
// `redshift` adds sslmode=require and the default port 5439. Empty fields are left to libpq's own defaults.
[[nodiscard]] std::string connection_string(const config& c, bool redshift);

// True when the configured host (or the host of database_url) is an Amazon Redshift endpoint
// (*.redshift.amazonaws.com, *.redshift-serverless.amazonaws.com, also in China regions): picks the default target.
[[nodiscard]] bool is_redshift_endpoint(const config& c);

}  // namespace starshift::sparkify
