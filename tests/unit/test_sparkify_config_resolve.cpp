// Configuration precedence, strict INI reading (unknown/duplicate sections and keys), `sparkify config`'s listing,
// and the model options every program builds from the configuration (IAM role, S3 paths, --size, --maxerror).
#include <doctest/doctest.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "starshift/sparkify/config.hpp"
#include "starshift/sparkify/warehouse.hpp"
#include "support/error_of.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace starshift::sparkify;

namespace {

using scratch = starshift::testing::temp_dir;

env_lookup env_of(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](const char* n) -> std::optional<std::string> {
        const auto it = vars.find(n);
        if (it == vars.end()) return std::nullopt;
        return it->second;
    };
}

// The message of the config_error `f` throws (empty if none).
template <class F>
std::string error_of(F&& f) {
    return starshift::testing::error_message_of<config_error>(std::forward<F>(f));
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The three [S3] data paths.
void set_s3_paths(config& c, std::string log_data, std::string log_jsonpath, std::string song_data) {
    c.log_data = std::move(log_data);
    c.log_jsonpath = std::move(log_jsonpath);
    c.song_data = std::move(song_data);
}

}  // namespace

TEST_CASE("config precedence: flag then --config file then environment then implicit dwh.cfg then default") {
    scratch s;
    config_request r;
    r.implicit_file = s.write("dwh.cfg", "[CLUSTER]\nHOST=implicit-host\nDB_NAME=implicit-db\nDB_USER=implicit-user\n"
                                         "DB_PORT=1111\n");
    r.getenv = env_of({{"PGHOST", "env-host"}, {"PGDATABASE", "env-db"}, {"PGPORT", "2222"}});
    SUBCASE("the environment outranks the implicit ./dwh.cfg") {
        const config c = resolve_config(r);
        CHECK(c.host == "env-host");
        CHECK(c.db_name == "env-db");
        CHECK(c.db_user == "implicit-user");
        CHECK(c.origin("CLUSTER.DB_USER")->source == setting_source::implicit_file);
        CHECK(c.origin("CLUSTER.HOST")->describe() == "environment PGHOST");
        CHECK(c.region == "us-west-2");
        CHECK(c.origin("S3.REGION")->describe() == "default");
    }
    SUBCASE("--config outranks the environment and replaces the implicit file") {
        r.config_file = s.write("named.cfg", "[CLUSTER]\nDB_NAME=file-db\n\n[S3]\nLOG_DATA=/file/log_data\n");
        const config c = resolve_config(r);
        CHECK(c.db_name == "file-db");  // PGDATABASE does not win over the named file
        CHECK(c.origin("CLUSTER.DB_NAME")->describe() == r.config_file + ":2");
        CHECK(c.host == "env-host");    // the file has no HOST
        CHECK(c.db_user.empty());       // the implicit file is not read when --config is given
        CHECK(c.log_data == "/file/log_data");
    }
    SUBCASE("flags outrank everything") {
        r.config_file = s.write("named.cfg", "[S3]\nLOG_DATA=/file/log_data\n");
        r.getenv = env_of({{"STARSHIFT_LOG_DATA", "/env/log_data"}});
        r.flags = {{"--log-data", "/flag/log_data"}, {"--iam-role", ""}};
        const config c = resolve_config(r);
        CHECK(c.log_data == "/flag/log_data");
        CHECK(c.origin("S3.LOG_DATA")->describe() == "flag --log-data");
        CHECK(c.iam_role_arn.empty());  // an empty flag is not given
    }
    SUBCASE("an unknown flag is a usage error") {
        r.flags = {{"--nope", "x"}};
        CHECK(contains(error_of([&] { (void)resolve_config(r); }), "[starshift.cli.bad_option]"));
    }
}

TEST_CASE("config: STARSHIFT_DATABASE_URL is ignored when a --config [CLUSTER] value outranks it") {
    scratch s;
    config_request r;
    r.implicit_file.clear();
    r.config_file = s.write("dwh.cfg", "[CLUSTER]\nHOST=file-host\nDB_NAME=file-db\n");
    r.getenv = env_of({{"STARSHIFT_DATABASE_URL", "postgresql://u:EnvUrlPw@env-host/envdb"}});
    config c = resolve_config(r);
    CHECK(database_url_outranked(c));
    CHECK(connection_string(c, false) == "host='file-host' dbname='file-db'");
    CHECK(contains(describe_config(c, false), "ignored"));
    r.flags = {{"--db", "postgresql://u@flag-host/flagdb"}};
    c = resolve_config(r);
    CHECK_FALSE(database_url_outranked(c));
    CHECK(connection_string(c, false) == "postgresql://u@flag-host/flagdb");
}

TEST_CASE("config: sections and keys are case-insensitive as configparser reads them") {
    const ini_file ini = parse_ini("[cluster]\nhost = h\nDb_Name=d\n[iam_role]\narn=arn:aws:iam::1:role/r\n", "x.cfg");
    check_ini(ini);
    config c;
    apply_ini(c, ini);
    CHECK(c.host == "h");
    CHECK(c.db_name == "d");
    CHECK(c.iam_role_arn == "arn:aws:iam::1:role/r");
}

TEST_CASE("config: an unknown key names the nearest known one and its line") {
    const ini_file ini = parse_ini("[CLUSTER]\nHOST=h\n\n[S3]\nLOG_DAT=s3://b/log\n", "dwh.cfg");
    const std::string e = error_of([&] { check_ini(ini); });
    CHECK(e.rfind("[starshift.config.unknown_key] dwh.cfg:5: unknown key LOG_DAT in [S3]; did you mean LOG_DATA?", 0) ==
          0);
    // A key of another section says where it belongs; a far-off key lists the known ones.
    CHECK(contains(error_of([] { check_ini(parse_ini("[CLUSTER]\nREGION=x\n", "f")); }), "REGION belongs in [S3]"));
    CHECK(contains(error_of([] { check_ini(parse_ini("[IAM_ROLE]\nzzzzzzzz=x\n", "f")); }),
                   "known keys in [IAM_ROLE]: ARN"));
}

TEST_CASE("config: an unknown section names the nearest known one") {
    const std::string e = error_of([] { check_ini(parse_ini("[CLUSTR]\nHOST=h\n", "dwh.cfg")); });
    CHECK(e.rfind("[starshift.config.unknown_section] dwh.cfg:1: unknown section [CLUSTR]; did you mean [CLUSTER]?",
                  0) == 0);
    CHECK_NOTHROW(check_ini(parse_ini("[AWS]\nKEY=k\nSECRET=s\nSESSION_TOKEN=t\n", "f")));  // the seed's IaC keys
}

TEST_CASE("config: duplicated keys and sections are errors naming both lines") {
    CHECK(error_of([] { (void)parse_ini("[CLUSTER]\nDB_NAME=a\nHOST=h\ndb_name=b\n", "dwh.cfg"); })
              .rfind("[starshift.config.duplicate_key] dwh.cfg:4: db_name in [CLUSTER] is already set at dwh.cfg:2", 0) ==
          0);
    CHECK(error_of([] { (void)parse_ini("[CLUSTER]\nHOST=h\n[S3]\n[cluster]\nDB_NAME=d\n", "dwh.cfg"); })
              .rfind("[starshift.config.duplicate_section] dwh.cfg:4: section [cluster] already starts at dwh.cfg:1",
                     0) == 0);
    CHECK(contains(error_of([] { (void)parse_ini("HOST=h\n[CLUSTER]\n", "dwh.cfg"); }),
                   "[starshift.config.syntax] dwh.cfg:1"));
}

TEST_CASE("config: a configuration file that cannot be read is a config_error") {
    config_request r;
    r.config_file = "/nonexistent/dwh.cfg";
    CHECK(error_of([&] { (void)resolve_config(r); }).rfind("[starshift.config.unreadable]", 0) == 0);
}

TEST_CASE("describe_config lists every setting with its origin and masks secrets") {
    scratch s;
    config_request r;
    r.implicit_file.clear();
    r.config_file = s.write("dwh.cfg", "[CLUSTER]\nHOST=h\nDB_PASSWORD=FilePw123\n[IAM_ROLE]\nARN=\n[AWS]\nKEY=AKIAX\n"
                                       "SECRET=AwsSecret456\nSESSION_TOKEN=Token789\n");
    r.getenv = env_of({{"PGDATABASE", "envdb"}, {"STARSHIFT_DATABASE_URL", "postgresql://u:UrlPw000@x/y"}});
    const std::string out = describe_config(resolve_config(r), false);
    for (const auto& s_ : known_settings()) CHECK(contains(out, s_.name));
    CHECK(contains(out, "CLUSTER.HOST"));
    CHECK(contains(out, "= h  (" + r.config_file + ":2)"));
    CHECK(contains(out, "= envdb  (environment PGDATABASE)"));
    CHECK(contains(out, "(empty at " + r.config_file + ":5)"));
    CHECK(contains(out, "= us-west-2  (default)"));
    CHECK(contains(out, "target"));
    for (const char* secret : {"FilePw123", "AKIAX", "AwsSecret456", "Token789", "UrlPw000"})
        CHECK_FALSE(contains(out, secret));
}

TEST_CASE("make_options never invents an IAM role ARN") {
    config c;
    set_s3_paths(c, "s3://b/log_data", "s3://b/paths.json", "s3://b/song_data");
    SUBCASE("Redshift target without an ARN: an error for a run") {
        CHECK(error_of([&] { (void)make_options(c, true); }).rfind("[starshift.config.iam_role_missing]", 0) == 0);
    }
    SUBCASE("Redshift target without an ARN: a visible placeholder and a warning for printed SQL") {
        std::vector<std::string> warnings;
        const options o = make_options(c, true, &warnings);
        CHECK(o.credentials.iam_role == missing_iam_role_placeholder);
        CHECK(contains(o.credentials.iam_role, "<IAM_ROLE ARN missing>"));
        REQUIRE(warnings.size() == 1);
        CHECK(warnings[0].rfind("[starshift.config.iam_role_missing]", 0) == 0);
        CHECK_FALSE(contains(o.credentials.iam_role, "123456789012"));
    }
    SUBCASE("a configured ARN is used as given") {
        c.iam_role_arn = "arn:aws:iam::111122223333:role/r";
        std::vector<std::string> warnings;
        CHECK(make_options(c, true, &warnings).credentials.iam_role == "arn:aws:iam::111122223333:role/r");
        CHECK(warnings.empty());
    }
    SUBCASE("PostgreSQL target: no ARN needed and never the example one") {
        const options o = make_options(c, false);
        CHECK_FALSE(contains(o.credentials.iam_role, "123456789012"));
        CHECK_NOTHROW((void)make_warehouse(o));
        set_s3_paths(c, "/local/log_data", "/local/paths.json", "/local/song_data");
        CHECK(make_options(c, false).credentials.iam_role.empty());  // nothing to show for local files
    }
}

TEST_CASE("make_options refuses local [S3] paths for the Redshift target") {
    config c;
    c.iam_role_arn = "arn:aws:iam::111122223333:role/r";
    set_s3_paths(c, "/home/me/log_data", "s3://b/paths.json", "./song_data");
    const std::string e = error_of([&] { (void)make_options(c, true); });
    CHECK(e.rfind("[starshift.config.local_path_for_redshift] S3.LOG_DATA = '/home/me/log_data'", 0) == 0);
    CHECK(contains(e, "S3.SONG_DATA = './song_data'"));
    CHECK_FALSE(contains(e, "LOG_JSONPATH"));
    std::vector<std::string> warnings;  // printed SQL too: Redshift cannot read them
    CHECK_THROWS_AS((void)make_options(c, true, &warnings), config_error);
    CHECK_NOTHROW((void)make_options(c, false));  // the copy engine reads local files
}

TEST_CASE("the target comes from --target or a Redshift host") {
    config c;
    CHECK_FALSE(redshift_target("", c));
    CHECK(redshift_target("redshift", c));
    CHECK_FALSE(redshift_target("postgres", c));
    c.host = "x.abc.us-west-2.redshift.amazonaws.com";
    CHECK(redshift_target("", c));
    CHECK(error_of([&] { (void)redshift_target("oracle", c); }).rfind("[starshift.cli.bad_option]", 0) == 0);
}

TEST_CASE("size_option accepts a size of at least one byte") {
    CHECK(size_option("10MB") == 10'000'000ULL);
    CHECK(size_option("1") == 1ULL);
    CHECK(error_of([] { (void)size_option("0"); }).rfind("[starshift.sparkify.datagen_bad_option] --size '0'", 0) == 0);
    CHECK(contains(error_of([] { (void)size_option("0MB"); }), "at least one byte"));
    CHECK(contains(error_of([] { (void)size_option("ten", "--sizes"); }), "--sizes 'ten': cannot read it"));
}

TEST_CASE("maxerror reaches both staging COPYs") {
    CHECK(maxerror_option(0) == 0);
    CHECK(maxerror_option(100000) == 100000);
    CHECK_THROWS_AS((void)maxerror_option(-1), config_error);
    CHECK_THROWS_AS((void)maxerror_option(100001), config_error);
    options o;
    o.maxerror = 7;
    const auto w = make_warehouse(o);
    REQUIRE(w.copies.size() == 2);
    for (const auto& c : w.copies) CHECK(c.maxerror == 7);
}

TEST_CASE("edit distance") {
    CHECK(edit_distance("LOG_DAT", "LOG_DATA") == 1);
    CHECK(edit_distance("CLUSTR", "CLUSTER") == 1);
    CHECK(edit_distance("", "ARN") == 3);
    CHECK(edit_distance("HOST", "HOST") == 0);
}

TEST_CASE("postgres_connection_string: a URL or a PostgreSQL host; nothing for none or a Redshift endpoint") {
    config c;
    CHECK(postgres_connection_string(c).empty());
    c.database_url = "postgresql://u@127.0.0.1:5432/db";
    CHECK(postgres_connection_string(c) == connection_string(c, false));
    CHECK(postgres_connection_string(c) == "postgresql://u@127.0.0.1:5432/db");
    config h;
    h.host = "db.internal";
    h.db_name = "dev";
    CHECK(postgres_connection_string(h) == connection_string(h, false));
    CHECK(postgres_connection_string(h).find("db.internal") != std::string::npos);
    config r;
    r.host = "dwh.abc123.us-west-2.redshift.amazonaws.com";
    CHECK(postgres_connection_string(r).empty());
    config u;
    u.database_url = "postgresql://u@dwh.abc123.us-west-2.redshift.amazonaws.com:5439/dev";
    CHECK(postgres_connection_string(u).empty());
}

TEST_CASE("any_s3_source: true when one of the S3 settings is an s3:// URI") {
    config c;
    CHECK_FALSE(any_s3_source(c));
    c.log_data = "/data/log_data";
    c.song_data = "song_data";
    CHECK_FALSE(any_s3_source(c));
    c.log_jsonpath = "s3://bucket/log_json_path.json";
    CHECK(any_s3_source(c));
    c.log_jsonpath = "S3://bucket/x";  // the scheme is matched as written, as the copy engine routes it
    CHECK_FALSE(any_s3_source(c));
    c.song_data = "s3://udacity-dend/song_data";
    CHECK(any_s3_source(c));
}
