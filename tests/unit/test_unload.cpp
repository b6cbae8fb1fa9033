// UNLOAD: parsing (r_UNLOAD's syntax and the examples of r_UNLOAD_command_examples), validation of the documented
// invalid combinations, rendering back to Redshift, the formats as Redshift writes them, file names, manifests and
// the writer over an in-memory store.
//   https://docs.aws.amazon.com/redshift/latest/dg/r_UNLOAD.html
//   https://docs.aws.amazon.com/redshift/latest/dg/r_UNLOAD_command_examples.html
//   https://docs.aws.amazon.com/redshift/latest/dg/t_Unloading_tables.html
//   https://docs.aws.amazon.com/redshift/latest/dg/t_unloading_fixed_width_data.html
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "starshift/copy/unload_writer.hpp"
#include "starshift/io/compress.hpp"
#include "starshift/io/decompress.hpp"
#include "starshift/io/memory_store.hpp"
#include "starshift/model/unload_spec.hpp"
#include "starshift/parse/parser.hpp"
#include "starshift/sql/render.hpp"
#include "support/error_of.hpp"

namespace sp = starshift::parse;
using namespace starshift;
using copy::unload_column;

namespace {

const std::string role = " iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'";

unload_spec unload_of(const std::string& options, const std::string& to = "s3://mybucket/unload/") {
    return sp::parse_unload("unload ('select * from venue') to '" + to + "'" + role + " " + options + ";");
}

std::string parse_error_id(const std::string& options) {
    return testing::error_id_of<sp::parse_error>([&] { (void)unload_of(options); });
}

// The VENUE table of the examples: venueid | venuename | venuecity | venuestate | venueseats.
std::vector<unload_column> venue_columns() {
    return {{"venueid", "integer", unload_column::kind::number},
            {"venuename", "character varying(100)", unload_column::kind::character},
            {"venuecity", "character varying(30)", unload_column::kind::character},
            {"venuestate", "character(2)", unload_column::kind::character},
            {"venueseats", "integer", unload_column::kind::number}};
}

std::string format_rows(const unload_spec& spec, const std::vector<copy::unload_row>& rows, bool header = false) {
    const copy::unload_formatter f(spec, venue_columns());
    std::string out;
    if (header) f.append_header(out);
    for (const auto& r : rows) f.append_row(out, r);
    return out;
}

copy::unload_row row(std::initializer_list<const char*> values) {
    copy::unload_row r;
    for (const char* v : values) r.emplace_back(v == nullptr ? std::nullopt : std::optional<std::string_view>(v));
    return r;
}

std::string read_all(const io::memory_store& store, const std::string& key, compression c = compression::none) {
    auto r = io::make_decompressing_reader(store.open(key), c);
    std::string out;
    char buf[4096];
    for (std::size_t n = r->read(buf, sizeof buf); n > 0; n = r->read(buf, sizeof buf)) out.append(buf, n);
    return out;
}

std::vector<std::string> keys(const io::memory_store& store, const std::string& prefix) {
    std::vector<std::string> out;
    for (const auto& o : store.list(prefix)) out.push_back(o.key);
    return out;
}

}  // namespace

// ---------------------------------------------------------------- parsing
TEST_CASE("unload parse: the default pipe-delimited example") {
    const unload_spec s = sp::parse_unload(
        "unload ('select * from venue')\nto 's3://mybucket/unload/'\n"
        "iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole';");
    CHECK(s.query == "select * from venue");
    CHECK(s.to == "s3://mybucket/unload/");
    CHECK(s.credentials.iam_role == "arn:aws:iam::0123456789012:role/MyRedshiftRole");
    CHECK(s.format == unload_format_kind::text);
    CHECK(s.field_delimiter() == '|');
    CHECK(s.parallel);
    CHECK_FALSE(s.manifest);
}

TEST_CASE("unload parse: quotes in the query as two quotes or a backslash") {
    CHECK(unload_of("").query == "select * from venue");
    CHECK(sp::parse_unload("unload ('select * from venue where venuestate=''NV''') to 's3://b/p'" + role).query ==
          "select * from venue where venuestate='NV'");
    // t_Unloading_tables: "the quotation marks are escaped (=\'OH\' ')"
    CHECK(sp::parse_unload("unload ('select venuename from venue where venuestate=\\'OH\\' ') to 's3://b/p'" + role)
              .query == "select venuename from venue where venuestate='OH' ");
}

TEST_CASE("unload parse: every documented option") {
    const unload_spec s = unload_of(
        "FORMAT AS CSV HEADER DELIMITER AS '|' NULL AS 'fred' GZIP PARALLEL OFF MAXFILESIZE AS 100 MB "
        "MANIFEST VERBOSE CLEANPATH EXTENSION 'csv.gz' REGION AS 'us-west-2'");
    CHECK(s.format == unload_format_kind::csv);
    CHECK(s.header);
    CHECK(s.delimiter == '|');
    CHECK(s.null_as == std::optional<std::string>("fred"));
    CHECK(s.compression == compression::gzip);
    CHECK_FALSE(s.parallel);
    CHECK(s.maxfilesize == std::optional<std::uint64_t>(100ULL << 20U));
    CHECK(s.manifest);
    CHECK(s.manifest_verbose);
    CHECK(s.cleanpath);
    CHECK(s.extension == std::optional<std::string>("csv.gz"));
    CHECK(s.region == "us-west-2");
    CHECK(unload_of("maxfilesize 1 gb").maxfilesize == std::optional<std::uint64_t>(1ULL << 30U));
    CHECK(unload_of("maxfilesize 6.2 gb").maxfilesize == std::optional<std::uint64_t>(unload_max_file_size + 0));
    CHECK(unload_of("parallel true").parallel);
    CHECK_FALSE(unload_of("parallel false").parallel);
    CHECK(unload_of("json").format == unload_format_kind::json);
    CHECK(unload_of("format json").format == unload_format_kind::json);
    CHECK(unload_of("parquet").format == unload_format_kind::parquet);
    const unload_spec fw = unload_of("fixedwidth as 'venueid:3,venuename:39,venuecity:16,venuestate:2,venueseats:6'");
    CHECK(fw.fixedwidth.size() == 5);
    CHECK(unload_of("delimiter as '\\t'").delimiter == '\t');
    CHECK(unload_of("delimiter ',' addquotes").addquotes);
    CHECK(unload_of("escape allowoverwrite").allowoverwrite);
    CHECK(unload_of("manifest").manifest_verbose == false);
    CHECK(unload_of("encrypted auto").encrypted_auto);
    const unload_spec keys = sp::parse_unload(
        "unload ('select 1') to 's3://b/p' access_key_id 'AKIDEXAMPLE' secret_access_key 'secret' zstd;");
    CHECK(keys.credentials.access_key_id == "AKIDEXAMPLE");
    CHECK(keys.compression == compression::zstd);
}

TEST_CASE("unload parse: syntax errors and unsupported options") {
    CHECK(parse_error_id("quote as '\"'") == "starshift.parse.unsupported_option");
    CHECK(parse_error_id("csv quote as '\"'") == "starshift.parse.unsupported_option");
    CHECK(parse_error_id("partition by (venuestate)") == "starshift.parse.unsupported_option");
    CHECK(parse_error_id("kms_key_id '1234abcd' encrypted") == "starshift.parse.unsupported_option");
    CHECK(parse_error_id("frobnicate") == "starshift.parse.unsupported_option");
    CHECK(parse_error_id("gzip gzip") == "starshift.parse.duplicate_option");
    CHECK(parse_error_id("gzip bzip2") == "starshift.parse.duplicate_option");
    CHECK(parse_error_id("csv json") == "starshift.parse.duplicate_option");
    CHECK(parse_error_id("delimiter '||'") == "starshift.parse.bad_option_value");
    CHECK(parse_error_id("maxfilesize 10 tb") == "starshift.parse.unsupported_option");  // TB is no unit
    CHECK(parse_error_id("maxfilesize mb") == "starshift.parse.syntax");
    CHECK(parse_error_id("fixedwidth 'a'") == "starshift.parse.bad_option_value");
    CHECK(testing::error_id_of<sp::parse_error>([] { (void)sp::parse_unload("unload 'select 1' to 's3://b/p'"); }) ==
          "starshift.parse.syntax");
    CHECK(testing::error_id_of<sp::parse_error>(
              [] { (void)sp::parse_unload("unload ('select 1') 's3://b/p' iam_role 'arn:aws:iam::1:role/r'"); }) ==
          "starshift.parse.syntax");
}

TEST_CASE("unload parse: a script keeps UNLOAD beside the other statements") {
    const auto all = sp::parse_script(
        "create table venue (venueid int);\nunload ('select * from venue') to 's3://b/v_'" + role +
        ";\nselect 1;");
    REQUIRE(all.size() == 3);
    REQUIRE(all[1].as_unload() != nullptr);
    CHECK(all[1].line == 2);
    CHECK(all[1].as_unload()->to == "s3://b/v_");
}

// ---------------------------------------------------------------- validation
TEST_CASE("unload validation: the combinations r_UNLOAD refuses") {
    const auto id = [](const std::string& options) { return parse_error_id(options); };
    // "You can't use CSV with FIXEDWIDTH or ADDQUOTES."
    CHECK(id("csv fixedwidth 'a:1'") == "starshift.model.unload_option_not_for_csv");
    CHECK(id("csv addquotes") == "starshift.model.unload_option_not_for_csv");
    CHECK(id("csv escape") == "starshift.model.unload_option_not_for_csv");
    // "You can't use JSON with DELIMITER, HEADER, FIXEDWIDTH, ADDQUOTES, ESCAPE, or NULL AS."
    for (const char* o : {"delimiter ','", "header", "fixedwidth 'a:1'", "addquotes", "escape", "null as 'x'"})
        CHECK(id(std::string("json ") + o) == "starshift.model.unload_option_not_for_json");
    // "You can't use PARQUET with DELIMITER, FIXEDWIDTH, ADDQUOTES, ESCAPE, NULL AS, HEADER, GZIP, BZIP2, or ZSTD."
    for (const char* o : {"delimiter ','", "fixedwidth 'a:1'", "addquotes", "escape", "null as 'x'", "header", "gzip",
                          "bzip2", "zstd"})
        CHECK(id(std::string("parquet ") + o) == "starshift.model.unload_option_not_for_parquet");
    // "You can't use DELIMITER with FIXEDWIDTH." / "You can't use HEADER with FIXEDWIDTH."
    CHECK(id("fixedwidth 'a:1' delimiter ','") == "starshift.model.unload_option_not_for_fixedwidth");
    CHECK(id("fixedwidth 'a:1' header") == "starshift.model.unload_option_not_for_fixedwidth");
    // "You can't specify the CLEANPATH option if you specify the ALLOWOVERWRITE option."
    CHECK(id("cleanpath allowoverwrite") == "starshift.model.unload_cleanpath_with_allowoverwrite");
    // "Specify a decimal value between 5 MB and 6.2 GB."
    CHECK(id("maxfilesize 4 mb") == "starshift.model.unload_maxfilesize_invalid");
    CHECK(id("maxfilesize 6.3 gb") == "starshift.model.unload_maxfilesize_invalid");
    CHECK(id("maxfilesize 5 mb").empty());
    CHECK(id("delimiter '\"'") == "starshift.model.unload_delimiter_invalid");
    CHECK(id("extension 'a/b'") == "starshift.model.unload_extension_invalid");
    // Authorization as COPY's (copy-parameters-authorization).
    CHECK(testing::error_id_of<sp::parse_error>([] {
              (void)sp::parse_unload("unload ('select 1') to 's3://b/p';");
          }) == "starshift.model.copy_credentials_missing");
    CHECK(testing::error_id_of<sp::parse_error>([] {
              (void)sp::parse_unload("unload ('') to 's3://b/p'" + role);
          }) == "starshift.model.unload_query_missing");
    CHECK(testing::error_id_of<sp::parse_error>([] {
              (void)sp::parse_unload("unload ('select 1') to 's3://B/p'" + role);
          }) == "starshift.model.s3_uri_invalid");
    // Built in code: VERBOSE without MANIFEST.
    unload_spec s = unload_of("");
    s.manifest_verbose = true;
    CHECK(testing::error_id_of<model_error>([&] { validate(s); }) == "starshift.model.unload_verbose_without_manifest");
    // A local destination needs no credentials (starshift run's local paths).
    unload_spec local;
    local.query = "select 1";
    local.to = "/tmp/out/x_";
    CHECK_NOTHROW(validate(local));
}

// ---------------------------------------------------------------- rendering
TEST_CASE("unload render: Redshift's UNLOAD reads back to the same spec") {
    for (const char* options :
         {"", "csv header delimiter as '|' null as 'fred' gzip parallel off maxfilesize 100 mb manifest verbose",
          "json cleanpath extension 'json' region 'us-west-2' bzip2", "fixedwidth '0:3,1:100' null as 'x' zstd",
          "delimiter as '\\t' addquotes escape allowoverwrite manifest", "parquet encrypted auto",
          "maxfilesize 1.5 gb"}) {
        CAPTURE(options);
        const unload_spec s = unload_of(options);
        const std::string sql = sql::unload_command(s, sql::secrets::reveal);
        CHECK(sp::parse_unload(sql) == s);
    }
    const unload_spec q =
        sp::parse_unload("unload ('select * from venue where venuestate=''NV''') to 's3://b/p'" + role);
    CHECK(sql::unload_command(q, sql::secrets::mask) ==
          "UNLOAD ('select * from venue where venuestate=''NV''')\nTO 's3://b/p'\n"
          "IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole';");
    const unload_spec k = sp::parse_unload(
        "unload ('select 1') to 's3://b/p' access_key_id 'AKIDEXAMPLE' secret_access_key 'verysecret' csv;");
    const std::string masked = sql::unload_command(k, sql::secrets::mask);
    CHECK(masked.find("verysecret") == std::string::npos);
    CHECK(masked.find("SECRET_ACCESS_KEY '***'") != std::string::npos);
}

// ---------------------------------------------------------------- formats
TEST_CASE("unload format: CSV as the VENUE example writes it") {
    // r_UNLOAD_command_examples, "Unload VENUE to a CSV file"
    const auto rows = {row({"1", "Pinewood Racetrack", "Akron", "OH", "0"}),
                       row({"2", "Columbus \"Crew\" Stadium", "Columbus", "OH", "0"}),
                       row({"4", "Community, Ballpark, Arena", "Kansas City", "KS", "0"})};
    CHECK(format_rows(unload_of("csv"), rows) ==
          "1,Pinewood Racetrack,Akron,OH,0\n2,\"Columbus \"\"Crew\"\" Stadium\",Columbus,OH,0\n"
          "4,\"Community, Ballpark, Arena\",Kansas City,KS,0\n");
    // "Unload VENUE to a CSV file using a delimiter"
    const auto piped = {row({"1", "Pinewood Race|track", "Akron", "OH", "0"}),
                        row({"2", "Columbus \"Crew\" Stadium", "Columbus", "OH", "0"}),
                        row({"4", "Community, Ballpark, Arena", "Kansas City", "KS", "0"})};
    CHECK(format_rows(unload_of("csv delimiter as '|'"), piped) ==
          "1|\"Pinewood Race|track\"|Akron|OH|0\n2|\"Columbus \"\"Crew\"\" Stadium\"|Columbus|OH|0\n"
          "4|Community, Ballpark, Arena|Kansas City|KS|0\n");
    // NULL and the empty string differ (docs/unload.md); line ends are quoted.
    CHECK(format_rows(unload_of("csv"), {row({"1", "", nullptr, "a\nb", "2"})}) == "1,\"\",,\"a\nb\",2\n");
    CHECK(format_rows(unload_of("csv null as 'NULL'"), {row({"1", "", nullptr, "x", "2"})}) == "1,\"\",NULL,x,2\n");
}

TEST_CASE("unload format: delimited text with HEADER NULL AS ADDQUOTES and ESCAPE") {
    // "Unload VENUE with a header"
    CHECK(format_rows(unload_of("header parallel off"), {row({"6", "New York Giants Stadium", "East Rutherford", "NJ",
                                                          "80242"})},
                      true) ==
          "venueid|venuename|venuecity|venuestate|venueseats\n6|New York Giants Stadium|East Rutherford|NJ|80242\n");
    // "Unload using NULL AS": nulls replaced with fred, in numeric columns too
    CHECK(format_rows(unload_of("null as 'fred'"), {row({"251", "Paris Hotel", "Las Vegas", "NV", nullptr}),
                                                row({"22", "Quicken Loans Arena", "Cleveland", nullptr, "0"})}) ==
          "251|Paris Hotel|Las Vegas|NV|fred\n22|Quicken Loans Arena|Cleveland|fred|0\n");
    // Without NULL AS: "Zero-length strings for delimited output"
    CHECK(format_rows(unload_of(""), {row({"1", nullptr, "c", nullptr, nullptr})}) == "1||c||\n");
    // "Unload data that contains a delimiter": ADDQUOTES
    CHECK(format_rows(unload_of("delimiter ',' addquotes"), {row({"1", "Phoenix, AZ", "x", "AZ", "2"})}) ==
          "\"1\",\"Phoenix, AZ\",\"x\",\"AZ\",\"2\"\n");
    // a NULL stays bare, so that REMOVEQUOTES reads it back as NULL (docs/unload.md)
    CHECK(format_rows(unload_of("delimiter ',' addquotes null as 'fred'"), {row({"1", nullptr, "", "AZ", nullptr})}) ==
          "\"1\",fred,\"\",\"AZ\",fred\n");
    // ESCAPE: linefeed, carriage return, the delimiter and the escape character in CHAR/VARCHAR columns only
    CHECK(format_rows(unload_of("escape"), {row({"1|2", "a|b\\c", "l1\nl2", "r\r", "3"})}) ==
          "1|2|a\\|b\\\\c|l1\\\nl2|r\\\r|3\n");
    // with ADDQUOTES also the quotation marks
    CHECK(format_rows(unload_of("escape addquotes"), {row({"1", "say \"hi\" 'x'", "c", "s", "2"})}) ==
          "\"1\"|\"say \\\"hi\\\" \\'x\\'\"|\"c\"|\"s\"|\"2\"\n");
    // Text transformations apply to the header line too
    CHECK(format_rows(unload_of("header addquotes delimiter ','"), {}, true) ==
          "\"venueid\",\"venuename\",\"venuecity\",\"venuestate\",\"venueseats\"\n");
}

TEST_CASE("unload format: fixed width as the VENUE example writes it") {
    // "Unload VENUE to a fixed-width data file"
    const unload_spec s = unload_of("fixedwidth as 'venueid:3,venuename:39,venuecity:16,venuestate:2,venueseats:6'");
    CHECK(format_rows(s, {row({"1", "Toyota Park", "Bridgeview", "IL", "0"})}) ==
          "1  Toyota Park                            Bridgeview      IL0     \n");
    // NULL without NULL AS: whitespace; characters count, not bytes
    CHECK(format_rows(s, {row({"2", "Caf\xc3\xa9", nullptr, nullptr, nullptr})}) ==
          "2  Caf\xc3\xa9" + std::string(35, ' ') + std::string(16 + 2 + 6, ' ') + "\n");
    // "UNLOAD will fail rather than truncate data"
    CHECK(testing::error_id_of<copy::unload_error>([&] {
              (void)format_rows(s, {row({"1234", "x", "y", "z", "0"})});
          }) == "starshift.unload.fixedwidth_overflow");
    // NULL AS wider than the column: empty for non-character columns, an error for character columns
    const unload_spec n = unload_of("fixedwidth '0:3,1:39,2:16,3:2,4:6' null as 'fred'");
    CHECK(format_rows(n, {row({nullptr, "a", "b", "cd", nullptr})}) ==
          "   a" + std::string(38, ' ') + "b" + std::string(15, ' ') + "cdfred  \n");
    CHECK(testing::error_id_of<copy::unload_error>([&] {
              (void)format_rows(n, {row({"1", "a", "b", nullptr, "1"})});
          }) == "starshift.unload.null_too_wide");
    CHECK(testing::error_id_of<copy::unload_error>([] {
              const unload_spec two = unload_of("fixedwidth 'a:1,b:2'");
              const copy::unload_formatter f(two, venue_columns());
          }) == "starshift.unload.fixedwidth_columns");
}

TEST_CASE("unload format: JSON lines as the VENUE example writes them") {
    // "Unload the VENUE table to a JSON file"
    CHECK(format_rows(unload_of("json"), {row({"1", "Pinewood Racetrack", "Akron", "OH", "0"}),
                                      row({"2", "Columbus \"Crew\" Stadium", "Columbus", "OH", nullptr})}) ==
          "{\"venueid\":1,\"venuename\":\"Pinewood Racetrack\",\"venuecity\":\"Akron\",\"venuestate\":\"OH\","
          "\"venueseats\":0}\n"
          "{\"venueid\":2,\"venuename\":\"Columbus \\\"Crew\\\" Stadium\",\"venuecity\":\"Columbus\","
          "\"venuestate\":\"OH\",\"venueseats\":null}\n");
    // "boolean values are unloaded as t or f"; NaN is no JSON number
    const unload_spec s = unload_of("json");
    const copy::unload_formatter f(s, {{"b", "boolean", unload_column::kind::boolean},
                                       {"d", "double precision", unload_column::kind::number},
                                       {"t", "date", unload_column::kind::other}});
    std::string out;
    f.append_row(out, row({"t", "NaN", "2008-01-02"}));
    CHECK(out == "{\"b\":\"t\",\"d\":\"NaN\",\"t\":\"2008-01-02\"}\n");
    CHECK(testing::error_id_of<copy::unload_error>([&] {
              const copy::unload_formatter dup(s, {{"a", "integer", unload_column::kind::number},
                                                   {"a", "integer", unload_column::kind::number}});
          }) == "starshift.unload.json_duplicate_column");
}

// ---------------------------------------------------------------- names and manifests
TEST_CASE("unload names: slices and parts as documented") {
    const unload_spec s = unload_of("", "s3://mybucket/unload/venue_pipe_");
    CHECK(copy::unload_file_key(s, 0, 0) == "s3://mybucket/unload/venue_pipe_0000_part_00");
    CHECK(copy::unload_file_key(s, 3, 2) == "s3://mybucket/unload/venue_pipe_0003_part_02");
    CHECK(copy::unload_manifest_key(s) == "s3://mybucket/unload/venue_pipe_manifest");
    // PARALLEL OFF: "s3://mybucket/key000, key001, key002"
    CHECK(copy::unload_file_key(unload_of("parallel off", "s3://mybucket/key"), 0, 1) == "s3://mybucket/key001");
    // GZIP adds .gz; EXTENSION replaces it ("you still have to specify .gz in the extension parameter")
    CHECK(copy::unload_file_key(unload_of("gzip"), 1, 0) == "s3://mybucket/unload/0001_part_00.gz");
    CHECK(copy::unload_file_key(unload_of("zstd"), 0, 0) == "s3://mybucket/unload/0000_part_00.zst");
    CHECK(copy::unload_file_key(unload_of("bzip2"), 0, 0) == "s3://mybucket/unload/0000_part_00.bz2");
    CHECK(copy::unload_file_key(unload_of("extension 'txt.gz' gzip"), 0, 0) ==
          "s3://mybucket/unload/0000_part_00.txt.gz");
    CHECK(copy::unload_file_key(unload_of("extension 'csv'"), 0, 0) == "s3://mybucket/unload/0000_part_00.csv");
    CHECK(copy::unload_could_write(s, "s3://mybucket/unload/venue_pipe_0012_part_03"));
    CHECK(copy::unload_could_write(s, "s3://mybucket/unload/venue_pipe_manifest"));
    CHECK_FALSE(copy::unload_could_write(s, "s3://mybucket/unload/venue_pipe_notes.txt"));
    CHECK_FALSE(copy::unload_could_write(s, "s3://mybucket/unload/other_0000_part_00"));
}

TEST_CASE("unload manifest: entries and VERBOSE sections") {
    const std::vector<copy::unload_file> files = {{"s3://mybucket/venue_pipe_0000_part_00", 32295, 10},
                                                  {"s3://mybucket/venue_pipe_0001_part_00", 32771, 20}};
    CHECK(copy::unload_manifest_json(unload_of("manifest"), venue_columns(), files) ==
          "{\n  \"entries\": [\n    {\"url\":\"s3://mybucket/venue_pipe_0000_part_00\"},\n"
          "    {\"url\":\"s3://mybucket/venue_pipe_0001_part_00\"}\n  ]\n}\n");
    const std::string v = copy::unload_manifest_json(unload_of("manifest verbose"), venue_columns(), files);
    CHECK(v.find("{\"url\":\"s3://mybucket/venue_pipe_0000_part_00\", \"meta\": { \"content_length\": 32295, "
                 "\"record_count\": 10 }}") != std::string::npos);
    CHECK(v.find("{\"name\": \"venueid\", \"type\": { \"base\": \"integer\" }}") != std::string::npos);
    CHECK(v.find("{\"name\": \"venuename\", \"type\": { \"base\": \"character varying\", \"length\": 100 }}") !=
          std::string::npos);
    CHECK(v.find("\"content_length\": 65066,\n    \"record_count\": 30") != std::string::npos);
    CHECK(v.find("\"name\": \"Amazon Redshift\"") != std::string::npos);
}

// ---------------------------------------------------------------- the writer
TEST_CASE("unload writer: rows spread over the slices with empty files for idle slices") {
    io::memory_store store;
    const unload_spec s = unload_of("", "s3://b/v_");
    copy::unload_options o;
    o.slices = 4;
    copy::unload_writer w(s, venue_columns(), store, o);
    for (const char* id : {"1", "2", "3", "4", "5"}) w.add(row({id, "n", "c", "st", "0"}));
    const copy::unload_result r = w.finish();
    CHECK(r.rows == 5);
    REQUIRE(r.files.size() == 4);
    CHECK(keys(store, "s3://b/v_") == std::vector<std::string>{"s3://b/v_0000_part_00", "s3://b/v_0001_part_00",
                                                               "s3://b/v_0002_part_00", "s3://b/v_0003_part_00"});
    CHECK(read_all(store, "s3://b/v_0000_part_00") == "1|n|c|st|0\n5|n|c|st|0\n");
    CHECK(read_all(store, "s3://b/v_0003_part_00") == "4|n|c|st|0\n");
    CHECK(r.files[0].rows == 2);
}

TEST_CASE("unload writer: MAXFILESIZE parts HEADER per file and the manifest") {
    io::memory_store store;
    const unload_spec s = unload_of("header parallel off manifest verbose", "s3://b/serial_");
    copy::unload_options o;
    o.max_file_bytes = 40;  // the header (51 bytes) plus one row per file
    copy::unload_writer w(s, venue_columns(), store, o);
    for (const char* id : {"1", "2", "3"}) w.add(row({id, "n", "c", "st", "0"}));
    const copy::unload_result r = w.finish();
    REQUIRE(r.files.size() == 3);
    CHECK(r.files[2].key == "s3://b/serial_002");
    const std::string header = "venueid|venuename|venuecity|venuestate|venueseats\n";
    CHECK(read_all(store, "s3://b/serial_001") == header + "2|n|c|st|0\n");
    CHECK(r.files[1].rows == 2);  // "If the HEADER option is specified, the row count includes the header line."
    CHECK(r.manifest_key == "s3://b/serial_manifest");
    CHECK(read_all(store, "s3://b/serial_manifest").find("\"record_count\": 6") != std::string::npos);
}

TEST_CASE("unload writer: compressed files read back") {
    for (const compression c : {compression::gzip, compression::zstd, compression::bzip2}) {
        io::memory_store store;
        const unload_spec s = unload_of(to_sql(c) + " parallel off", "s3://b/z_");
        copy::unload_writer w(s, venue_columns(), store);
        std::string expected;
        for (int i = 0; i < 2000; ++i) {
            const std::string id = std::to_string(i);
            w.add(row({id.c_str(), "name", "city", "st", "0"}));
            expected += id + "|name|city|st|0\n";
        }
        const copy::unload_result r = w.finish();
        REQUIRE(r.files.size() == 1);
        CHECK(r.files[0].bytes < expected.size());
        CHECK(read_all(store, r.files[0].key, c) == expected);
    }
}

TEST_CASE("unload writer: existing files ALLOWOVERWRITE and CLEANPATH") {
    io::memory_store store;
    store.put("s3://b/v_0000_part_00", "old");
    store.put("s3://b/v_notes", "kept unless CLEANPATH");
    // "By default, UNLOAD fails if it finds files that it would possibly overwrite."
    CHECK(testing::error_id_of<copy::unload_error>([&] {
              copy::unload_writer w(unload_of("", "s3://b/v_"), venue_columns(), store);
          }) == "starshift.unload.would_overwrite");
    {
        const unload_spec s = unload_of("allowoverwrite", "s3://b/v_");
        copy::unload_writer w(s, venue_columns(), store);
        w.add(row({"1", "a", "b", "c", "2"}));
        (void)w.finish();
    }
    CHECK(read_all(store, "s3://b/v_0000_part_00") == "1|a|b|c|2\n");
    CHECK(keys(store, "s3://b/v_notes").size() == 1);
    {
        const unload_spec s = unload_of("cleanpath", "s3://b/v_");
        copy::unload_writer w(s, venue_columns(), store);
        (void)w.finish();
    }
    CHECK(keys(store, "s3://b/v_notes").empty());
    CHECK(read_all(store, "s3://b/v_0000_part_00").empty());
}

TEST_CASE("unload writer: JSON writes no object for zero rows and PARQUET is refused") {
    io::memory_store store;
    const unload_spec s = unload_of("json", "s3://b/j_");
    copy::unload_writer w(s, venue_columns(), store);
    CHECK(w.finish().files.empty());
    CHECK(keys(store, "s3://b/").empty());
    CHECK(testing::error_id_of<copy::unload_error>([&] {
              copy::unload_writer p(unload_of("parquet", "s3://b/p_"), venue_columns(), store);
          }) == "starshift.unload.parquet_unsupported");
    CHECK(testing::error_id_of<copy::unload_error>([&] {
              copy::unload_writer p(unload_of("encrypted", "s3://b/p_"), venue_columns(), store);
          }) == "starshift.unload.encrypted_unsupported");
}

TEST_CASE("unload decode: PostgreSQL text COPY lines") {
    std::string scratch;
    copy::unload_row out;
    copy::decode_copy_text_line("1\t\\N\ta\\tb\\\\c\\nd\t\t\\101\\x41", scratch, out);
    REQUIRE(out.size() == 5);
    CHECK(out[0] == std::optional<std::string_view>("1"));
    CHECK_FALSE(out[1].has_value());
    CHECK(out[2] == std::optional<std::string_view>("a\tb\\c\nd"));
    CHECK(out[3] == std::optional<std::string_view>(""));
    CHECK(out[4] == std::optional<std::string_view>("AA"));
}
