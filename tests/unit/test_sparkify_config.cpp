// dwh.cfg reading, environment overrides and connection strings.
#include <doctest/doctest.h>

#include <map>
#include <stdexcept>
#include <string>

#include "starshift/sparkify/config.hpp"

using namespace starshift::sparkify;

namespace {

const char* seed_cfg = R"([CLUSTER]
HOST=dwhcluster.abc123.us-west-2.redshift.amazonaws.com
DB_NAME=dwh
DB_USER=dwhuser
DB_PASSWORD=Passw0rd
DB_PORT=5439

[IAM_ROLE]
ARN='arn:aws:iam::123456789012:role/dwhRole'

# the seed quotes its S3 values
[S3]
LOG_DATA='s3://udacity-dend/log_data'
LOG_JSONPATH='s3://udacity-dend/log_json_path.json'
SONG_DATA='s3://udacity-dend/song_data'
)";

}  // namespace

TEST_CASE("the seed's dwh.cfg is read with quotes removed") {
    config c;
    apply_ini(c, parse_ini(seed_cfg, "dwh.cfg"));
    CHECK(c.host == "dwhcluster.abc123.us-west-2.redshift.amazonaws.com");
    CHECK(c.db_name == "dwh");
    CHECK(c.db_port == "5439");
    CHECK(c.iam_role_arn == "arn:aws:iam::123456789012:role/dwhRole");
    CHECK(c.log_data == "s3://udacity-dend/log_data");
    CHECK(c.log_jsonpath == "s3://udacity-dend/log_json_path.json");
    CHECK(c.song_data == "s3://udacity-dend/song_data");
}

TEST_CASE("a malformed INI line is reported with file and line") {
    try {
        (void)parse_ini("[CLUSTER]\nHOST=x\nthis is not a pair\n", "dwh.cfg");
        FAIL("expected an error");
    } catch (const std::runtime_error& e) {
        CHECK(std::string(e.what()).find("[starshift.config.syntax] dwh.cfg:3:") == 0);
    }
    CHECK_THROWS(parse_ini("[CLUSTER\n", "x.cfg"));
}

TEST_CASE("apply_environment fills what the file left unset but does not replace a --config value") {
    config c;
    apply_ini(c, parse_ini(seed_cfg, "dwh.cfg"));
    std::map<std::string, std::string> env{{"PGHOST", "127.0.0.1"},
                                           {"PGPORT", "54321"},
                                           {"PGDATABASE", "envdb"},
                                           {"STARSHIFT_LOG_DATA", "/data/log_data"},
                                           {"STARSHIFT_REGION", "eu-west-1"},
                                           {"PGUSER", ""}};
    apply_environment(c, [&](const char* n) -> std::optional<std::string> {
        auto it = env.find(n);
        if (it == env.end()) return std::nullopt;
        return it->second;
    });
    CHECK(c.host == "dwhcluster.abc123.us-west-2.redshift.amazonaws.com");
    CHECK(c.db_name == "dwh");
    CHECK(c.log_data == "s3://udacity-dend/log_data");
    CHECK(c.region == "eu-west-1");  // not in the file
    CHECK(c.origin("S3.REGION")->describe() == "environment STARSHIFT_REGION");
    CHECK(c.db_user == "dwhuser");  // empty variables do not override
}

TEST_CASE("connection strings quote values and add Redshift's defaults") {
    config c;
    c.host = "h";
    c.db_name = "d b";
    c.db_user = "u";
    c.db_password = "p'w\\x";
    CHECK(connection_string(c, false) == "host='h' dbname='d b' user='u' password='p\\'w\\\\x'");
    CHECK(connection_string(c, true) ==
          "host='h' port='5439' dbname='d b' user='u' password='p\\'w\\\\x' sslmode='require'");
    c.database_url = "postgresql://x@y/z";
    CHECK(connection_string(c, false) == "postgresql://x@y/z");  // no origins: the URL replaces [CLUSTER]
}

TEST_CASE("a Redshift endpoint host picks the Redshift target") {
    config c;
    CHECK_FALSE(is_redshift_endpoint(c));
    c.host = "dwhcluster.abc123.us-west-2.redshift.amazonaws.com";
    CHECK(is_redshift_endpoint(c));
    c.host = "127.0.0.1";
    CHECK_FALSE(is_redshift_endpoint(c));
    c.database_url = "postgresql://u@wg.123.us-east-1.redshift-serverless.amazonaws.com:5439/dev";
    CHECK(is_redshift_endpoint(c));
    c.database_url = "postgresql://u@localhost/redshift";
    CHECK_FALSE(is_redshift_endpoint(c));
}
