#include <doctest/doctest.h>

#include <string>

#include "sql_test_util.hpp"
#include "starshift/model/copy_spec.hpp"
#include "starshift/sql/quote.hpp"
#include "starshift/sql/render.hpp"

using namespace starshift;  // NOLINT(google-build-using-namespace): test file
using starshift::sql::secrets;

namespace {

copy_spec udacity_spec(const std::string& table, const std::string& folder, copy_format_kind kind) {
    copy_spec s;
    s.table = table;
    s.source.uri = "s3://udacity-dend/" + folder;
    s.format.kind = kind;
    return s;
}

copy_spec events_spec() {
    copy_spec s = udacity_spec("staging_events", "log_data", copy_format_kind::json_paths);
    s.format.jsonpaths = "s3://udacity-dend/log_json_path.json";
    s.credentials.iam_role = "arn:aws:iam::123456789012:role/dwhRole";
    s.region = "us-west-2";
    s.timeformat = "epochmillisecs";
    return s;
}

copy_spec keyed_spec() {
    copy_spec s = udacity_spec("staging_songs", "song_data", copy_format_kind::json_auto);
    s.credentials.access_key_id = "AKIAIOSFODNN7EXAMPLE";
    s.credentials.secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    s.credentials.session_token = "FwoGZXIvYXdzEXAMPLETOKEN";
    return s;
}

}  // namespace

TEST_CASE("sql copy json paths with an IAM role") {
    SQL_CHECK_EQ(sql::copy_command(events_spec(), secrets::mask), R"(COPY staging_events
FROM 's3://udacity-dend/log_data'
IAM_ROLE 'arn:aws:iam::123456789012:role/dwhRole'
FORMAT AS JSON 's3://udacity-dend/log_json_path.json'
REGION 'us-west-2'
TIMEFORMAT AS 'epochmillisecs';)");
    // The IAM role is not a secret: masking changes nothing.
    SQL_CHECK_EQ(sql::copy_command(events_spec(), secrets::mask), sql::copy_command(events_spec(), secrets::reveal));
}

TEST_CASE("sql copy access keys are masked for display and revealed for execution") {
    const std::string masked = sql::copy_command(keyed_spec(), secrets::mask);
    SQL_CHECK_EQ(masked, R"(COPY staging_songs
FROM 's3://udacity-dend/song_data'
ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE'
SECRET_ACCESS_KEY '***'
SESSION_TOKEN '***'
FORMAT AS JSON 'auto';)");
    CHECK(masked.find("wJalrXUtnFEMI") == std::string::npos);
    CHECK(masked.find("EXAMPLEKEY") == std::string::npos);
    CHECK(masked.find("FwoGZXIvYXdz") == std::string::npos);
    const std::string revealed = sql::copy_command(keyed_spec(), secrets::reveal);
    CHECK(revealed.find("SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'") != std::string::npos);
    CHECK(revealed.find("SESSION_TOKEN 'FwoGZXIvYXdzEXAMPLETOKEN'") != std::string::npos);
}

TEST_CASE("sql copy without a session token renders no SESSION_TOKEN") {
    copy_spec s = keyed_spec();
    s.credentials.session_token.clear();
    const std::string out = sql::copy_command(s, secrets::reveal);
    CHECK(out.find("SESSION_TOKEN") == std::string::npos);
    CHECK(out.find("SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'") != std::string::npos);
}

TEST_CASE("sql copy every option in its fixed order") {
    copy_spec s;
    s.table = "analytics.staging_csv";
    s.columns = {"id", "user", "Name"};
    s.source.uri = "s3://bucket/manifests/load.manifest";
    s.source.manifest = true;
    s.credentials.iam_role = "arn:aws:iam::1:role/r";
    s.format.kind = copy_format_kind::csv;
    s.format.delimiter = '|';
    s.format.quote = '%';
    s.format.ignore_header = 1;
    s.region = "eu-west-1";
    s.compression = compression::gzip;
    s.timeformat = "auto";
    s.dateformat = "YYYY-MM-DD";
    s.maxerror = 10;
    s.truncatecolumns = true;
    s.blanksasnull = true;
    s.emptyasnull = true;
    s.acceptinvchars = "?";
    s.roundec = true;
    s.explicit_ids = true;
    s.compupdate = false;
    s.statupdate = true;
    SQL_CHECK_EQ(sql::copy_command(s, secrets::mask), R"(COPY analytics.staging_csv (id, "user", "Name")
FROM 's3://bucket/manifests/load.manifest'
MANIFEST
IAM_ROLE 'arn:aws:iam::1:role/r'
FORMAT AS CSV QUOTE AS '%'
DELIMITER AS '|'
IGNOREHEADER 1
REGION 'eu-west-1'
GZIP
TIMEFORMAT AS 'auto'
DATEFORMAT AS 'YYYY-MM-DD'
MAXERROR 10
TRUNCATECOLUMNS
BLANKSASNULL
EMPTYASNULL
ACCEPTINVCHARS AS '?'
ROUNDEC
EXPLICIT_IDS
COMPUPDATE OFF
STATUPDATE ON;)");
}

TEST_CASE("sql copy small variants") {
    copy_spec s;
    s.table = "t";
    s.source.uri = "s3://b/k";
    s.credentials.iam_role = "arn";
    s.format.kind = copy_format_kind::json_auto_ignorecase;
    s.compression = compression::zstd;
    s.acceptinvchars = "";
    s.compupdate = true;
    s.statupdate = false;
    SQL_CHECK_EQ(sql::copy_command(s, secrets::reveal), R"(COPY t
FROM 's3://b/k'
IAM_ROLE 'arn'
FORMAT AS JSON 'auto ignorecase'
ZSTD
ACCEPTINVCHARS
COMPUPDATE ON
STATUPDATE OFF;)");
    s.format.kind = copy_format_kind::csv;  // default delimiter and quote: nothing extra
    s.compression = compression::bzip2;
    s.acceptinvchars.reset();
    s.compupdate.reset();
    s.statupdate.reset();
    SQL_CHECK_EQ(sql::copy_command(s, secrets::reveal), "COPY t\nFROM 's3://b/k'\nIAM_ROLE 'arn'\nFORMAT AS CSV\nBZIP2;");
}

TEST_CASE("sql copy quotes hostile values as Redshift literals") {
    copy_spec s;
    s.table = "t";
    s.source.uri = "s3://b/it's\\here";
    s.credentials.access_key_id = "AK'; DROP TABLE t; --";
    s.credentials.secret_access_key = "se'cr\\et";
    s.format.kind = copy_format_kind::csv;
    s.format.delimiter = '\'';
    s.format.quote = '\\';
    SQL_CHECK_EQ(sql::copy_command(s, secrets::reveal), R"(COPY t
FROM 's3://b/it''s\\here'
ACCESS_KEY_ID 'AK''; DROP TABLE t; --'
SECRET_ACCESS_KEY 'se''cr\\et'
FORMAT AS CSV QUOTE AS '\\'
DELIMITER AS '''';)");
    const std::string masked = sql::copy_command(s, secrets::mask);
    CHECK(masked.find("cr\\\\et") == std::string::npos);
    CHECK(masked.find("SECRET_ACCESS_KEY '***'") != std::string::npos);
    s.source.uri = std::string("s3://b/\0", 8);
    SQL_CHECK_THROWS_ID(sql::copy_command(s, secrets::mask), "starshift.sql.nul_byte");
}
