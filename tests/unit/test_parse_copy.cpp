// parse_copy: Redshift's COPY into starshift::copy_spec (authorization, formats, conversions, unsupported options).
#include <doctest/doctest.h>

#include <string>

#include "starshift/model/table.hpp"
#include "starshift/parse/parser.hpp"
#include "starshift/sql/render.hpp"
#include "support/error_of.hpp"

namespace sp = starshift::parse;
using namespace starshift;

namespace {

std::string error_of(const std::string& sql) {
    return testing::error_id_of<sp::parse_error>([&] { (void)sp::parse_script(sql); });
}

std::string message_of(const std::string& sql) {
    return testing::error_message_of<sp::parse_error>([&] { (void)sp::parse_script(sql); });
}

}  // namespace

TEST_CASE("parse copy: JSON with jsonpaths and conversions in any order") {
    const copy_spec s = sp::parse_copy(R"(
        copy Staging_Events (artist, "Auth") from 's3://udacity-dend/log_data'
        timeformat as 'epochmillisecs' iam_role 'arn:aws:iam::123456789012:role/dwhRole'
        region 'us-west-2' FORMAT AS JSON 's3://udacity-dend/log_json_path.json'
        TRUNCATECOLUMNS BLANKSASNULL EMPTYASNULL MAXERROR AS 10 gzip
        COMPUPDATE OFF STATUPDATE ON ACCEPTINVCHARS ROUNDEC DATEFORMAT 'auto';)");
    CHECK(s.table == "staging_events");
    CHECK(s.columns == std::vector<std::string>{"artist", "Auth"});
    CHECK(s.source.uri == "s3://udacity-dend/log_data");
    CHECK_FALSE(s.source.manifest);
    CHECK(s.credentials.iam_role == "arn:aws:iam::123456789012:role/dwhRole");
    CHECK(s.region == "us-west-2");
    CHECK(s.format.kind == copy_format_kind::json_paths);
    CHECK(s.format.jsonpaths == "s3://udacity-dend/log_json_path.json");
    CHECK(s.timeformat == std::optional<std::string>("epochmillisecs"));
    CHECK(s.dateformat == std::optional<std::string>("auto"));
    CHECK(s.truncatecolumns);
    CHECK(s.blanksasnull);
    CHECK(s.emptyasnull);
    CHECK(s.roundec);
    CHECK(s.maxerror == 10);
    CHECK(s.compression == compression::gzip);
    CHECK(s.compupdate == std::optional<bool>(false));
    CHECK(s.statupdate == std::optional<bool>(true));
    CHECK(s.acceptinvchars == std::optional<std::string>("?"));
}

TEST_CASE("parse copy: JSON forms") {
    auto kind = [](const std::string& opt) {
        return sp::parse_copy("COPY t FROM '/data/x' " + opt + ";").format.kind;
    };
    CHECK(kind("JSON 'auto'") == copy_format_kind::json_auto);
    CHECK(kind("json AS 'auto'") == copy_format_kind::json_auto);
    CHECK(kind("FORMAT JSON 'auto ignorecase'") == copy_format_kind::json_auto_ignorecase);
    CHECK(kind("FORMAT AS JSON") == copy_format_kind::json_auto);
    CHECK(kind("FORMAT AS JSON '/data/paths.json'") == copy_format_kind::json_paths);
    CHECK(kind("CSV") == copy_format_kind::csv);
    CHECK(kind("FORMAT AS CSV") == copy_format_kind::csv);
}

// doc: https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html (ACCEPTANYDATE, "Always
// use ACCEPTANYDATE with the DATEFORMAT parameter").
TEST_CASE("parse copy: ACCEPTANYDATE is a flag kept by the Redshift rendering") {
    const copy_spec s = sp::parse_copy("COPY t FROM 'x' JSON 'auto' DATEFORMAT 'MM/DD/YY' ACCEPTANYDATE;");
    CHECK(s.acceptanydate);
    CHECK(s.dateformat == std::optional<std::string>("MM/DD/YY"));
    CHECK_FALSE(sp::parse_copy("COPY t FROM 'x' JSON 'auto';").acceptanydate);
    CHECK(starshift::sql::copy_command(s, starshift::sql::secrets::mask).find("\nACCEPTANYDATE") !=
          std::string::npos);
}

TEST_CASE("parse copy: CSV options") {
    const copy_spec s = sp::parse_copy(
        "COPY sales.lineitem FROM 's3://b/lineitem/' ACCESS_KEY_ID 'AKIAEXAMPLE' SECRET_ACCESS_KEY 'sEcReT' "
        "SESSION_TOKEN 'tok' CSV QUOTE AS '%' DELIMITER AS '|' IGNOREHEADER AS 1 BZIP2 EXPLICIT_IDS "
        "ACCEPTINVCHARS AS '^' MANIFEST COMPUPDATE TRUE STATUPDATE FALSE;");
    CHECK(s.table == "sales.lineitem");
    CHECK(s.source.manifest);
    CHECK(s.credentials.access_key_id == "AKIAEXAMPLE");
    CHECK(s.credentials.secret_access_key == "sEcReT");
    CHECK(s.credentials.session_token == "tok");
    CHECK(s.format.kind == copy_format_kind::csv);
    CHECK(s.format.quote == '%');
    CHECK(s.format.delimiter == '|');
    CHECK(s.format.ignore_header == 1);
    CHECK(s.compression == compression::bzip2);
    CHECK(s.explicit_ids);
    CHECK(s.acceptinvchars == std::optional<std::string>("^"));
    CHECK(s.compupdate == std::optional<bool>(true));
    CHECK(s.statupdate == std::optional<bool>(false));
    CHECK(sp::parse_copy("COPY t FROM 'x' CSV DELIMITER '\\t';").format.delimiter == '\t');
    // QUOTE may come anywhere once CSV is given (COPY options are order-independent).
    CHECK(sp::parse_copy("COPY t FROM 'x' QUOTE AS '~' DELIMITER ';' CSV;").format.quote == '~');
    CHECK(sp::parse_copy("COPY t FROM 'x' CSV DELIMITER ';' QUOTE '~';").format.quote == '~');
}

TEST_CASE("parse copy: CREDENTIALS strings") {
    const copy_spec k = sp::parse_copy(
        "COPY t FROM 's3://b/p' CREDENTIALS 'aws_access_key_id=AKIA1;aws_secret_access_key=s3cr;token=tk' CSV;");
    CHECK(k.credentials.access_key_id == "AKIA1");
    CHECK(k.credentials.secret_access_key == "s3cr");
    CHECK(k.credentials.session_token == "tk");
    const copy_spec r =
        sp::parse_copy("COPY t FROM 's3://b/p' WITH CREDENTIALS AS 'aws_iam_role=arn:aws:iam::1:role/R' JSON 'auto';");
    CHECK(r.credentials.iam_role == "arn:aws:iam::1:role/R");
    CHECK(error_of("COPY t FROM 's3://b/p' CREDENTIALS 'nonsense' CSV;") == "starshift.parse.bad_credentials");
    CHECK(error_of("COPY t FROM 's3://b/p' CREDENTIALS 'password=x' CSV;") == "starshift.parse.bad_credentials");
}

TEST_CASE("parse copy: unsupported options are errors that name them") {
    CHECK(error_of("COPY t FROM 's3://b/p' IAM_ROLE default CSV;") == "starshift.parse.unsupported_option");
    CHECK(message_of("COPY t FROM 'x' CSV NOLOAD;").find("NOLOAD") != std::string::npos);
    CHECK(error_of("COPY t FROM 'x' CSV READRATIO 50;") == "starshift.parse.unsupported_option");
    CHECK(error_of("COPY t FROM 'x' CSV ENCRYPTED;") == "starshift.parse.unsupported_option");
    CHECK(error_of("COPY t FROM 'x' CSV LZOP;") == "starshift.parse.unsupported_option");
    CHECK(error_of("COPY t FROM 'x' FORMAT AS PARQUET;") == "starshift.parse.unsupported_option");
    CHECK(message_of("COPY t FROM 'x' FORMAT AS PARQUET;").find("PARQUET") != std::string::npos);
    CHECK(error_of("COPY t FROM 'x' CSV COMPUPDATE PRESET;") == "starshift.parse.unsupported_option");
    CHECK(error_of("COPY t FROM 'x' JSON 'noshred';") == "starshift.parse.unsupported_option");
    CHECK(error_of("COPY t FROM 'x' CSV FROBNICATE;") == "starshift.parse.unsupported_option");
    CHECK(error_of("COPY t FROM 'dynamodb://Movies' CSV;") == "starshift.parse.unsupported_option");
    CHECK(error_of("COPY t FROM 'x' FIXEDWIDTH 'a:0';") == "starshift.parse.bad_option_value");
    CHECK(error_of("COPY t FROM 'x' FIXEDWIDTH 'a:1,:2';") == "starshift.parse.bad_option_value");
    CHECK(error_of("COPY t FROM 'x' ESCAPE ESCAPE;") == "starshift.parse.duplicate_option");
    CHECK(error_of("COPY t FROM 'x' NULL AS 'a' NULL 'b';") == "starshift.parse.duplicate_option");
    CHECK(error_of("COPY t FROM 'x' QUOTE AS '%';") == "starshift.parse.syntax");
    CHECK(error_of("COPY t FROM 'x' CSV DELIMITER '||';") == "starshift.parse.bad_option_value");
    CHECK(error_of("COPY t FROM 'x' CSV CSV;") == "starshift.parse.duplicate_option");
    CHECK(error_of("COPY t FROM 'x' CSV GZIP ZSTD;") == "starshift.parse.duplicate_option");
    CHECK(error_of("COPY t FROM 'x' CSV MAXERROR 1 MAXERROR 2;") == "starshift.parse.duplicate_option");
    CHECK(error_of("COPY t FROM 'x' JSON 'auto' QUOTE AS '%';") == "starshift.parse.syntax");
    CHECK(error_of("COPY t FROM 'x' CSV QUOTE '%' QUOTE '~';") == "starshift.parse.duplicate_option");
    CHECK(error_of("COPY t FROM x CSV;") == "starshift.parse.syntax");
    CHECK(error_of("COPY t CSV;") == "starshift.parse.syntax");
    CHECK(error_of("COPY t FROM 'x' CSV MAXERROR 'many';") == "starshift.parse.syntax");
}

TEST_CASE("parse copy: secrets never appear in error messages") {
    const std::string m1 = message_of("COPY t FROM 's3://b/p' SECRET_ACCESS_KEY wJalrXUtnFEMIK7MDENG CSV;");
    CHECK(m1.find("wJalrXUtnFEMIK7MDENG") == std::string::npos);
    CHECK(m1.find("[starshift.parse.syntax]") != std::string::npos);
    const std::string m2 = message_of("COPY t FROM 's3://b/p' CREDENTIALS 'wJalrXUtnFEMIK7MDENG=1' CSV;");
    CHECK(m2.find("wJalrXUtnFEMIK7MDENG") == std::string::npos);
    CHECK(m2.find("wjalrxutnfemik7mdeng") == std::string::npos);
}

TEST_CASE("parse copy: check_script collects every problem and check_copies validates against the tables") {
    const std::string sql =
        "CREATE TABLE t (a INT, b VARCHAR(10));\n"
        "CREATE TABLE bad (x BOOLEAN ENCODE delta);\n"
        "COPY t (a, zz) FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::1:role/R' CSV;\n"
        "COPY t FROM 's3://b/p' CSV;\n"
        "COPY nowhere FROM '/tmp/x' CSV;\n"
        "COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::1:role/R' CSV NOLOAD;\n"
        "INSERT INTO t VALUES (1, 'a;b');\n"
        "COPY t FROM '/data/t.csv' CSV IGNOREHEADER 1;\n";
    const sp::check_result r = sp::check_script(sql, {"s.sql", true, {}});
    REQUIRE(r.problems.size() == 2);
    CHECK(r.problems[0].to_string().rfind("s.sql:2:19: [starshift.model.encoding_invalid_for_type]", 0) == 0);
    CHECK(r.problems[1].line == 6);
    CHECK(r.problems[1].id == "starshift.parse.unsupported_option");
    REQUIRE(r.statements.size() == 6);
    REQUIRE(r.statements[4].as_statement());
    const auto* values = std::get_if<starshift::insert_values>(&r.statements[4].as_statement()->body);
    REQUIRE(values);
    REQUIRE(values->rows.size() == 1);
    CHECK(values->rows[0][1] == starshift::lit("a;b"));
    CHECK(r.statements[4].line == 7);
    const auto copies = sp::check_copies(r.statements);
    REQUIRE(copies.size() == 3);
    CHECK(copies[0].id == "starshift.model.copy_column_missing");
    CHECK(copies[0].line == 3);
    CHECK(copies[1].id == "starshift.model.copy_credentials_missing");
    CHECK(copies[1].line == 4);
    CHECK(copies[2].id == "starshift.parse.copy_table_unknown");
    CHECK(copies[2].line == 5);
}

TEST_CASE("parse copy: a DELIMITER given with JSON survives the round trip and validation reports it") {
    // Found by fuzz_parse: the renderer dropped DELIMITER for JSON formats, so the model changed between parse and
    // render; now the SQL says what the model holds and validation names the mistake.
    const starshift::copy_spec c = starshift::parse::parse_copy("copy category from '/data/category.json' json 'auto' delimiter '|';");
    CHECK(c.format.delimiter == '|');
    const std::string sql = starshift::sql::copy_command(c, starshift::sql::secrets::reveal);
    CHECK(sql.find("DELIMITER AS '|'") != std::string::npos);
    CHECK(starshift::parse::parse_copy(sql) == c);
    const starshift::table t = starshift::table_builder("category").column(starshift::col("catid", starshift::integer())).build();
    CHECK_THROWS_WITH(starshift::validate(c, t), doctest::Contains("copy_option_not_for_json"));
}

// copy-parameters-data-format.html: "By default, the COPY command expects the source data to be character-delimited
// UTF-8 text. The default delimiter is a pipe character"; copy-parameters-data-conversion.html for the options.
TEST_CASE("parse COPY without CSV or JSON reads the text format with its options") {
    const copy_spec plain = sp::parse_copy("COPY t FROM 'x';");
    CHECK(plain.format.kind == copy_format_kind::text);
    CHECK_FALSE(plain.format.delimiter.has_value());
    CHECK(plain.format.field_delimiter() == '|');
    CHECK_FALSE(plain.format.null_as.has_value());
    const copy_spec s = sp::parse_copy(
        "COPY t FROM 'x' DELIMITER AS ',' NULL AS 'nil' ESCAPE REMOVEQUOTES FILLRECORD IGNOREBLANKLINES TRIMBLANKS "
        "IGNOREHEADER 2;");
    CHECK(s.format.field_delimiter() == ',');
    CHECK(s.format.null_as == std::optional<std::string>("nil"));
    CHECK(s.format.escape);
    CHECK(s.format.removequotes);
    CHECK(s.format.fillrecord);
    CHECK(s.format.ignoreblanklines);
    CHECK(s.trimblanks);
    CHECK(s.format.ignore_header == 2);
    const copy_spec fw = sp::parse_copy("COPY t FROM 'x' FORMAT AS FIXEDWIDTH 'id:3, name : 25';");
    REQUIRE(fw.format.fixedwidth.size() == 2);
    CHECK(fw.format.fixedwidth[1].label == "name");
    CHECK(fw.format.fixedwidth[1].width == 25);
    CHECK(fw.format.kind == copy_format_kind::text);
    CHECK(sp::parse_copy("COPY t FROM 'x' NULL '\\\\N';").format.null_as == std::optional<std::string>("\\N"));
}
