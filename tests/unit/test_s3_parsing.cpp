// S3 XML responses, manifests and AWS credentials files.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include <unistd.h>

#include "starshift/io/aws_credentials.hpp"
#include "starshift/io/local_store.hpp"
#include "starshift/io/manifest.hpp"
#include "starshift/io/detail/s3_xml.hpp"
#include "support/temp_dir.hpp"

namespace io = starshift::io;

TEST_CASE("s3 ListObjectsV2 page parsing") {
    const std::string xml =
        R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>udacity-dend</Name><Prefix>log_data</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>
  <IsTruncated>true</IsTruncated><NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
  <Contents><Key>log_data/2018/11/2018-11-01-events.json</Key><LastModified>2019-04-03T18:34:39.000Z</LastModified>
    <ETag>"abc"</ETag><Size>7151</Size><StorageClass>STANDARD</StorageClass></Contents>
  <Contents><Key>log_data/a&amp;b.json</Key><Size>0</Size></Contents>
</ListBucketResult>)";
    const io::s3_list_page p = io::parse_list_objects_v2(xml, "s3://udacity-dend/log_data");
    REQUIRE(p.objects.size() == 2);
    CHECK(p.objects[0].key == "log_data/2018/11/2018-11-01-events.json");
    CHECK(p.objects[0].size == 7151);
    CHECK(p.objects[1].key == "log_data/a&b.json");
    CHECK(p.is_truncated);
    CHECK(p.next_continuation_token == "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");

    const auto last = io::parse_list_objects_v2("<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>", "x");
    CHECK(last.objects.empty());
    CHECK_FALSE(last.is_truncated);

    CHECK_THROWS_WITH_AS((void)io::parse_list_objects_v2("<ListBucketResult><Contents>", "s3://b/p"),
                         doctest::Contains("[starshift.io.s3_bad_response] s3://b/p"), io::io_error);
    CHECK_THROWS_AS((void)io::parse_list_objects_v2("<Error><Code>NoSuchBucket</Code></Error>", "x"), io::io_error);
    CHECK_THROWS_AS((void)io::parse_list_objects_v2("<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>", "x"),
                    io::io_error);
}

TEST_CASE("s3 error document parsing") {
    const auto e = io::parse_s3_error(
        "<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>"
        "<Key>a.json</Key></Error>");
    CHECK(e.code == "NoSuchKey");
    CHECK(e.message == "The specified key does not exist.");
    CHECK(io::parse_s3_error("not xml <").code.empty());
}

TEST_CASE("s3 manifest parsing") {
    const auto m = io::parse_manifest(
        R"({"entries":[{"url":"s3://b/a.json","mandatory":true,"meta":{"content_length":12}},{"url":"s3://b/c.json"}]})",
        "m.json");
    REQUIRE(m.size() == 2);
    CHECK(m[0].url == "s3://b/a.json");
    CHECK(m[0].mandatory);
    CHECK(m[0].content_length == std::optional<std::uint64_t>(12));
    CHECK_FALSE(m[1].mandatory);
    CHECK_FALSE(m[1].content_length);
    CHECK_THROWS_WITH_AS((void)io::parse_manifest(R"({"files":[]})", "m.json"),
                         doctest::Contains("[starshift.io.bad_manifest] m.json"), io::io_error);
    CHECK_THROWS_AS((void)io::parse_manifest(R"({"entries":[{"mandatory":true}]})", "m"), io::io_error);
    CHECK_THROWS_AS((void)io::parse_manifest(R"({"entries":[{"url":"s3://b/a","mandatory":"yes"}]})", "m"), io::io_error);
    CHECK_THROWS_AS((void)io::parse_manifest("{", "m"), io::io_error);
}

TEST_CASE("s3 manifest resolution against a store") {
    const starshift::testing::temp_dir scratch("starshift_s3_manifest");
    const auto& dir = scratch.path();
    std::ofstream(dir / "a.json") << "{}\n";
    std::ofstream(dir / "ab.json") << "{}\n";
    const std::string a = (dir / "a.json").string();
    const std::string missing = (dir / "missing.json").string();
    const io::local_store store;
    std::vector<std::string> logged;
    auto log = [&logged](const std::string& s) { logged.push_back(s); };

    // "a.json" must not match "ab.json" by prefix: entries are exact keys.
    const auto files = io::resolve_manifest(store, {{a, true, {}}, {missing, false, {}}}, "m.json", log);
    REQUIRE(files.size() == 1);
    CHECK(files[0].key == a);
    REQUIRE(logged.size() == 1);
    CHECK(logged[0].find("[starshift.io.manifest_skipped_file]") == 0);
    CHECK(logged[0].find(missing) != std::string::npos);

    CHECK_THROWS_WITH_AS((void)io::resolve_manifest(store, {{a, true, {}}, {missing, true, {}}}, "m.json", log),
                         doctest::Contains("[starshift.io.manifest_missing_file]"), io::io_error);
    CHECK_THROWS_WITH_AS((void)io::resolve_manifest(store, {{missing, false, {}}}, "m.json", log),
                         doctest::Contains("[starshift.io.manifest_no_files]"), io::io_error);
}

TEST_CASE("aws credentials file profiles") {
    const std::string text =
        "# comment\n[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key=secretdefault\n\n"
        "[profile dev]\n aws_access_key_id=AKIDDEV \r\naws_secret_access_key = secretdev\naws_session_token = tok\n"
        "[broken]\naws_access_key_id = only\n";
    const auto d = io::parse_credentials_file(text, "default");
    REQUIRE(d);
    CHECK(d->access_key_id == "AKIDDEFAULT");
    CHECK(d->secret_access_key == "secretdefault");
    CHECK(d->session_token.empty());
    const auto dev = io::parse_credentials_file(text, "dev");
    REQUIRE(dev);
    CHECK(dev->access_key_id == "AKIDDEV");
    CHECK(dev->session_token == "tok");
    CHECK_FALSE(io::parse_credentials_file(text, "broken"));
    CHECK_FALSE(io::parse_credentials_file(text, "nope"));
}

TEST_CASE("aws credentials resolution order") {
    const starshift::testing::temp_dir scratch("starshift_s3_creds");
    const auto path = scratch / "credentials";
    std::ofstream(path) << "[default]\naws_access_key_id=FILEDEFAULT\naws_secret_access_key=s1\n"
                           "[other]\naws_access_key_id=FILEOTHER\naws_secret_access_key=s2\n";
    std::map<std::string, std::string> vars;
    vars["AWS_SHARED_CREDENTIALS_FILE"] = path.string();
    const io::env_lookup env = [&vars](const std::string& n) -> std::optional<std::string> {
        const auto it = vars.find(n);
        return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    CHECK(io::resolve_aws_credentials({}, env)->access_key_id == "FILEDEFAULT");
    vars["AWS_PROFILE"] = "other";
    CHECK(io::resolve_aws_credentials({}, env)->access_key_id == "FILEOTHER");
    vars["AWS_ACCESS_KEY_ID"] = "ENVID";
    vars["AWS_SECRET_ACCESS_KEY"] = "ENVSECRET";
    vars["AWS_SESSION_TOKEN"] = "ENVTOKEN";
    const auto e = io::resolve_aws_credentials({}, env);
    CHECK(e->access_key_id == "ENVID");
    CHECK(e->session_token == "ENVTOKEN");
    CHECK(e->describe().find("ENVSECRET") == std::string::npos);
    io::aws_credentials expl;
    expl.access_key_id = "EXPLICIT";
    expl.secret_access_key = "x";
    CHECK(io::resolve_aws_credentials(expl, env)->access_key_id == "EXPLICIT");
    vars.erase("AWS_ACCESS_KEY_ID");
    vars["AWS_PROFILE"] = "absent";
    CHECK_THROWS_WITH_AS((void)io::resolve_aws_credentials({}, env),
                         doctest::Contains("[starshift.io.aws_profile_not_found]"), io::io_error);
    vars.erase("AWS_PROFILE");
    vars["AWS_SHARED_CREDENTIALS_FILE"] = path.string() + ".none";
    CHECK_FALSE(io::resolve_aws_credentials({}, env));
}
