// Every validation rule of the model layer: each test fails if its rule is removed.
#include <doctest/doctest.h>

#include <string>

#include "starshift//model/copy_spec.hpp"
#include "starshift/model/identifier.hpp"
#include "starshift/model/table.hpp"
#include "starshift/model/warehouse.hpp"
#include "support/error_of.hpp"

using namespace starshift;

namespace {

// The id of the model_error f throws ("no error" when it returns).
template <typename F>
std::string error_id_of(F&& f) {
    return testing::error_id_of<model_error>(std::forward<F>(f), "no error");
}

template <typename F>
model_error caught(F&& f) {
    return testing::caught<model_error>(std::forward<F>(f));
}

table_builder base() {
    return table_builder("events").column(col("id", bigint()).not_null()).column(col("name", varchar(64)));
}

}  // namespace

TEST_CASE("a valid table builds and keeps its declaration") {
    const table t = base().distkey("id").sortkey({"id"}).primary_key({"id"}).build();
    CHECK(t.name == "events");
    CHECK(t.diststyle == dist_style::key);
    REQUIRE(t.distkey);
    CHECK(*t.distkey == "id");
    CHECK(t.sortkey.style == sort_style::compound);
    CHECK(t.primary_key() == std::vector<std::string>{"id"});
    CHECK(t.column_names() == std::vector<std::string>{"id", "name"});
}

TEST_CASE("the error message names id and table and column") {
    const auto e = caught([] { (void)base().column(col("name", integer())).build(); });
    CHECK(e.id() == "starshift.model.duplicate_column");
    CHECK(e.table() == "events");
    CHECK(e.column() == "name");
    CHECK(std::string(e.what()).rfind("[starshift.model.duplicate_column] table events, column name:", 0) == 0);
}

TEST_CASE("duplicate columns are rejected case-insensitively") {
    CHECK(error_id_of([] { (void)base().column(col("NAME", integer())).build(); }) ==
          "starshift.model.duplicate_column");
}

TEST_CASE("DISTKEY naming a missing column is rejected") {
    CHECK(error_id_of([] { (void)base().distkey("nope").build(); }) == "starshift.model.distkey_column_missing");
}

TEST_CASE("SORTKEY naming a missing column is rejected") {
    CHECK(error_id_of([] { (void)base().sortkey({"id", "nope"}).build(); }) ==
          "starshift.model.sortkey_column_missing");
}

TEST_CASE("PRIMARY KEY UNIQUE and FOREIGN KEY naming missing columns are rejected") {
    CHECK(error_id_of([] { (void)base().primary_key({"nope"}).build(); }) == "starshift.model.pk_column_missing");
    CHECK(error_id_of([] { (void)base().unique({"nope"}).build(); }) == "starshift.model.unique_column_missing");
    CHECK(error_id_of([] { (void)base().foreign_key({"nope"}, "users").build(); }) ==
          "starshift.model.fk_column_missing");
}

TEST_CASE("two PRIMARY KEYs are rejected") {
    CHECK(error_id_of([] { (void)base().primary_key({"id"}).primary_key({"name"}).build(); }) ==
          "starshift.model.multiple_primary_keys");
}

TEST_CASE("more than one DISTKEY is rejected") {
    CHECK(error_id_of([] { (void)base().distkey("id").distkey("name"); }) == "starshift.model.multiple_distkeys");
    // The same column twice is one DISTKEY.
    CHECK_NOTHROW((void)base().distkey("id").distkey("id").build());
}

TEST_CASE("DISTKEY with a DISTSTYLE other than KEY is rejected") {
    for (auto style : {dist_style::all, dist_style::even, dist_style::automatic}) {
        CAPTURE(to_sql(style));
        CHECK(error_id_of([&] { (void)base().distkey("id").diststyle(style).build(); }) ==
              "starshift.model.distkey_without_key_style");
    }
}

TEST_CASE("DISTSTYLE KEY without a DISTKEY is rejected") {
    CHECK(error_id_of([] { (void)base().diststyle(dist_style::key).build(); }) == "starshift.model.distkey_missing");
}

TEST_CASE("an interleaved sort key over 8 columns is rejected and 8 is accepted") {
    table_builder b("wide");
    std::vector<std::string> cols;
    for (int i = 0; i < 9; ++i) {
        b.column(col("c" + std::to_string(i), integer()));
        cols.push_back("c" + std::to_string(i));
    }
    CHECK(error_id_of([&] { (void)table_builder(b).sortkey(cols, sort_style::interleaved).build(); }) ==
          "starshift.model.interleaved_sortkey_too_wide");
    cols.pop_back();
    CHECK_NOTHROW((void)table_builder(b).sortkey(cols, sort_style::interleaved).build());
    cols.push_back("c8");
    CHECK_NOTHROW((void)table_builder(b).sortkey(cols, sort_style::compound).build());
}

TEST_CASE("SORTKEY AUTO with columns and an empty compound key are rejected") {
    table t = base().build();
    t.sortkey = sort_key{sort_style::automatic, {"id"}};
    CHECK(error_id_of([&] { (void)validate(t); }) == "starshift.model.sortkey_auto_with_columns");
    t.sortkey = sort_key{sort_style::compound, {}};
    CHECK(error_id_of([&] { (void)validate(t); }) == "starshift.model.sortkey_empty");
}

TEST_CASE("encodings not valid for the type are rejected") {
    CHECK(error_id_of([] { (void)table_builder("t").column(col("s", varchar(10)).encode(encoding::az64)).build(); }) ==
          "starshift.model.encoding_invalid_for_type");
    CHECK(error_id_of([] { (void)table_builder("t").column(col("i", integer()).encode(encoding::text255)).build(); }) ==
          "starshift.model.encoding_invalid_for_type");
    CHECK(error_id_of([] { (void)table_builder("t").column(col("b", boolean()).encode(encoding::bytedict)).build(); }) ==
          "starshift.model.encoding_invalid_for_type");
    CHECK(error_id_of([] { (void)table_builder("t").column(col("i", smallint()).encode(encoding::mostly16)).build(); }) ==
          "starshift.model.encoding_invalid_for_type");
    CHECK(error_id_of([] { (void)table_builder("t").column(col("i", integer()).encode(encoding::mostly32)).build(); }) ==
          "starshift.model.encoding_invalid_for_type");
    CHECK(error_id_of([] { (void)table_builder("t").column(col("i", smallint()).encode(encoding::delta32k)).build(); }) ==
          "starshift.model.encoding_invalid_for_type");
    CHECK_NOTHROW((void)table_builder("t").column(col("i", bigint()).encode(encoding::mostly32)).build());
    CHECK_NOTHROW((void)table_builder("t").column(col("s", varchar(10)).encode(encoding::text32k)).build());
    CHECK_NOTHROW((void)table_builder("t").column(col("d", double_precision()).encode(encoding::zstd)).build());
}

TEST_CASE("the encoding matrix matches Redshift's documented table") {
    // AZ64 accepts integers, decimals and datetimes only.
    CHECK(is_valid_for(encoding::az64, timestamptz()));
    CHECK_FALSE(is_valid_for(encoding::az64, real()));
    CHECK_FALSE(is_valid_for(encoding::az64, boolean()));
    // LZO: not for REAL, DOUBLE or BOOLEAN.
    CHECK_FALSE(is_valid_for(encoding::lzo, double_precision()));
    CHECK(is_valid_for(encoding::lzo, char_type(3)));
    // TEXT255 / TEXT32K: VARCHAR only.
    CHECK_FALSE(is_valid_for(encoding::text255, char_type(3)));
    // DELTA: no TIMESTAMPTZ.
    CHECK_FALSE(is_valid_for(encoding::delta, timestamptz()));
    CHECK(is_valid_for(encoding::runlength, boolean()));
    CHECK(default_encoding(varchar(5), false) == encoding::lzo);
    CHECK(default_encoding(integer(), false) == encoding::az64);
    CHECK(default_encoding(integer(), true) == encoding::raw);
    CHECK(parse_encoding("text32K") == encoding::text32k);
    CHECK_FALSE(parse_encoding("snappy"));
}

TEST_CASE("IDENTITY on a non-integer column is rejected") {
    CHECK(error_id_of([] { (void)table_builder("t").column(col("x", varchar(5)).identity()).build(); }) ==
          "starshift.model.identity_type_invalid");
    CHECK(error_id_of([] { (void)table_builder("t").column(col("x", smallint()).identity()).build(); }) ==
          "starshift.model.identity_type_invalid");
    CHECK(error_id_of([] { (void)table_builder("t").column(col("x", bigint()).identity(0, 0)).build(); }) ==
          "starshift.model.identity_step_zero");
    const table t = table_builder("t").column(col("x", bigint()).identity(0, 1)).build();
    CHECK(t.columns[0].not_null);
}

TEST_CASE("DECIMAL precision and scale out of range are rejected") {
    CHECK(error_id_of([] { (void)table_builder("t").column(col("d", decimal(39, 2))).build(); }) ==
          "starshift.model.decimal_precision_invalid");
    CHECK(error_id_of([] { (void)table_builder("t").column(col("d", decimal(0, 0))).build(); }) ==
          "starshift.model.decimal_precision_invalid");
    CHECK(error_id_of([] { (void)table_builder("t").column(col("d", decimal(10, 11))).build(); }) ==
          "starshift.model.decimal_scale_invalid");
    CHECK(error_id_of([] { (void)table_builder("t").column(col("d", decimal(10, -1))).build(); }) ==
          "starshift.model.decimal_scale_invalid");
    CHECK_NOTHROW((void)table_builder("t").column(col("d", decimal(38, 38))).build());
}

TEST_CASE("VARCHAR length outside 1 to 65535 is rejected") {
    CHECK(error_id_of([] { (void)table_builder("t").column(col("s", varchar(0))).build(); }) ==
          "starshift.model.varchar_length_invalid");
    CHECK(error_id_of([] { (void)table_builder("t").column(col("s", varchar(65536))).build(); }) ==
          "starshift.model.varchar_length_invalid");
    CHECK_NOTHROW((void)table_builder("t").column(col("s", varchar(65535))).build());
    CHECK_NOTHROW((void)table_builder("t").column(col("s", varchar_max())).build());
    CHECK(error_id_of([] { (void)table_builder("t").column(col("c", char_type(4097))).build(); }) ==
          "starshift.model.char_length_invalid");
}

TEST_CASE("a sort-key column encoded other than RAW warns by default and is rejected on request") {
    const auto b = table_builder("t").column(col("ts", timestamp()).encode(encoding::az64)).sortkey({"ts"});
    const auto warnings = validate(b.peek());
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].id == "starshift.model.sortkey_encoded");
    CHECK(warnings[0].column == "ts");
    validation_options strict;
    strict.sort_key_encoding = sort_key_encoding_policy::reject;
    CHECK(error_id_of([&] { (void)b.build(strict); }) == "starshift.model.sortkey_encoded");
    CHECK(validate(table_builder("t").column(col("ts", timestamp()).encode(encoding::raw)).sortkey({"ts"}).peek())
              .empty());
}

TEST_CASE("identifiers that are empty or over 127 bytes or contain NUL are rejected") {
    CHECK(error_id_of([] { (void)table_builder("").column(col("a", integer())).build(); }) ==
          "starshift.model.identifier_invalid");
    CHECK(error_id_of([] { (void)table_builder(std::string(128, 'x')).column(col("a", integer())).build(); }) ==
          "starshift.model.identifier_invalid");
    CHECK_NOTHROW((void)table_builder(std::string(127, 'x')).column(col("a", integer())).build());
    CHECK(error_id_of([] { (void)table_builder("t").column(col(std::string("a\0b", 3), integer())).build(); }) ==
          "starshift.model.identifier_invalid");
    CHECK(error_id_of([] { (void)table_builder("t").column(col("", integer())).build(); }) ==
          "starshift.model.identifier_invalid");
    CHECK(error_id_of([] { (void)table_builder("t").column(col("bad\xff", integer())).build(); }) ==
          "starshift.model.identifier_invalid");
    // 127 bytes of multi-byte UTF-8 is fine; the limit is bytes, not characters.
    std::string u;
    while (u.size() + 2 <= 127) u += "\xc3\xa9";
    CHECK_NOTHROW(check_identifier(u, "t", ""));
    CHECK(error_id_of([&] { check_identifier(u + "\xc3\xa9", "t", ""); }) == "starshift.model.identifier_invalid");
}

namespace {

copy_spec good_copy() {
    copy_spec c;
    c.table = "events";
    c.source.uri = "s3://bucket/prefix";
    c.credentials.iam_role = "arn:aws:iam::123456789012:role/r";
    return c;
}

}  // namespace

TEST_CASE("COPY into a missing column is rejected") {
    const table t = base().build();
    copy_spec c = good_copy();
    CHECK_NOTHROW(validate(c, t));
    c.columns = {"id", "missing"};
    const auto e = caught([&] { validate(c, t); });
    CHECK(e.id() == "starshift.model.copy_column_missing");
    CHECK(e.column() == "missing");
    CHECK(e.table() == "events");
}

TEST_CASE("COPY from S3 without credentials is rejected") {
    const table t = base().build();
    copy_spec c = good_copy();
    c.credentials = {};
    CHECK(error_id_of([&] { validate(c, t); }) == "starshift.model.copy_credentials_missing");
    // A local source needs none.
    c.source.uri = "/data/events";
    CHECK_NOTHROW(validate(c, t));
}

TEST_CASE("COPY credentials must be complete and not conflicting") {
    const table t = base().build();
    copy_spec c = good_copy();
    c.credentials.access_key_id = "AKIA";
    c.credentials.secret_access_key = "secret";
    CHECK(error_id_of([&] { validate(c, t); }) == "starshift.model.copy_credentials_conflict");
    c.credentials.iam_role.clear();
    CHECK_NOTHROW(validate(c, t));
    c.credentials.secret_access_key.clear();
    CHECK(error_id_of([&] { validate(c, t); }) == "starshift.model.copy_credentials_incomplete");
    c.credentials = {};
    c.credentials.iam_role = "role/x";
    CHECK(error_id_of([&] { validate(c, t); }) == "starshift.model.copy_iam_role_invalid");
}

TEST_CASE("COPY format options are checked") {
    const table t = base().build();
    copy_spec c = good_copy();
    c.format.kind = copy_format_kind::json_paths;
    CHECK(error_id_of([&] { validate(c, t); }) == "starshift.model.copy_jsonpaths_missing");
    c.format.jsonpaths = "/local/paths.json";
    CHECK(error_id_of([&] { validate(c, t); }) == "starshift.model.copy_jsonpaths_not_s3");
    c.format.jsonpaths = "s3://bucket/paths.json";
    CHECK_NOTHROW(validate(c, t));
    c.format.delimiter = '|';
    CHECK(error_id_of([&] { validate(c, t); }) == "starshift.model.copy_option_not_for_json");
    c.format = {};
    c.format.kind = copy_format_kind::csv;
    c.format.quote = ',';
    CHECK(error_id_of([&] { validate(c, t); }) == "starshift.model.copy_quote_invalid");
}

TEST_CASE("COPY MAXERROR TIMEFORMAT ACCEPTINVCHARS and REGION are checked") {
    const table t = base().build();
    copy_spec c = good_copy();
    c.maxerror = 100001;
    CHECK(error_id_of([&] { validate(c, t); }) == "starshift.model.copy_maxerror_invalid");
    c.maxerror = 100000;
    CHECK_NOTHROW(validate(c, t));
    c.timeformat = "EPOCHMILLISECS";
    CHECK(error_id_of([&] { validate(c, t); }) == "starshift.model.copy_timeformat_invalid");
    c.timeformat = "YYYY-MM-DD HH:MI:SSOF";
    CHECK(error_id_of([&] { validate(c, t); }) == "starshift.model.copy_timeformat_invalid");
    c.timeformat = "epochmillisecs";
    CHECK_NOTHROW(validate(c, t));
    c.acceptinvchars = "??";
    CHECK(error_id_of([&] { validate(c, t); }) == "starshift.model.copy_acceptinvchars_invalid");
    c.acceptinvchars = "?";
    c.region = "us-west-2; DROP";
    CHECK(error_id_of([&] { validate(c, t); }) == "starshift.model.copy_region_invalid");
    c.region = "us-west-2";
    CHECK_NOTHROW(validate(c, t));
    c.source.uri = "s3://Bad_Bucket/x";
    CHECK(error_id_of([&] { validate(c, t); }) == "starshift.model.s3_uri_invalid");
}

TEST_CASE("COPY and IDENTITY columns follow EXPLICIT_IDS rules") {
    const table t = table_builder("t").column(col("id", bigint()).identity()).column(col("v", integer())).build();
    copy_spec c = good_copy();
    c.table = "t";
    CHECK(copy_target_columns(c, t) == std::vector<std::string>{"v"});
    c.columns = {"id", "v"};
    CHECK(error_id_of([&] { validate(c, t); }) == "starshift.model.copy_identity_without_explicit_ids");
    c.explicit_ids = true;
    CHECK_NOTHROW(validate(c, t));
    c.columns = {"v"};
    CHECK(error_id_of([&] { validate(c, t); }) == "starshift.model.copy_explicit_ids_without_identity");
}

// doc: https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-column-mapping.html ("Column list"): without
// a column list COPY behaves as if every column were listed, IDENTITY columns left out unless EXPLICIT_IDS; a
// GENERATED BY DEFAULT AS IDENTITY column "can be copied" without EXPLICIT_IDS.
TEST_CASE("COPY without a column list keeps GENERATED BY DEFAULT identity columns") {
    const table t = table_builder("t")
                        .column(col("id", bigint()).generated_by_default_identity())
                        .column(col("v", integer()))
                        .build();
    copy_spec c = good_copy();
    c.table = "t";
    CHECK(copy_target_columns(c, t) == std::vector<std::string>{"id", "v"});
    CHECK_NOTHROW(validate_columns(c, t));
    c.columns = {"id", "v"};
    CHECK_NOTHROW(validate_columns(c, t));  // no EXPLICIT_IDS needed
    c.explicit_ids = true;  // and none allowed: no IDENTITY column that needs it
    CHECK(error_id_of([&] { validate_columns(c, t); }) == "starshift.model.copy_explicit_ids_without_identity");
}

// doc: https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-column-mapping.html ("Column list"): a column
// left out takes its DEFAULT, else NULL; "If COPY attempts to assign NULL to a column that is defined as NOT NULL,
// the COPY command fails" (r_COPY_command_examples, "Load data from a file with default values").
TEST_CASE("COPY leaving out a NOT NULL column without DEFAULT fails") {
    const table t = table_builder("venue")
                        .column(col("venueid", smallint()).not_null())
                        .column(col("venuename", varchar(100)).not_null())
                        .column(col("venuecity", varchar(30)))
                        .column(col("venueseats", integer()).not_null().default_value("1000"))
                        .column(col("serial", bigint()).not_null().identity(1, 1))
                        .build();
    copy_spec c = good_copy();
    c.table = "venue";
    c.columns = {"venueid", "venuename"};  // venuecity NULL, venueseats DEFAULT, serial IDENTITY
    CHECK_NOTHROW(validate_columns(c, t));
    c.columns = {"venueid", "venuecity"};
    try {
        validate_columns(c, t);
        FAIL("expected model_error");
    } catch (const model_error& e) {
        CHECK(e.id() == "starshift.model.copy_not_null_column_omitted");
        CHECK(std::string(e.what()).find("venuename") != std::string::npos);
    }
    c.columns.clear();  // every column but the IDENTITY one
    CHECK_NOTHROW(validate_columns(c, t));
}

TEST_CASE("warehouse validation checks foreign keys copies and transforms") {
    warehouse w;
    w.star.push_back(table_builder("users").column(col("user_id", integer())).primary_key({"user_id"}).build());
    w.star.push_back(table_builder("plays")
                         .column(col("user_id", integer()))
                         .column(col("n", integer()))
                         .foreign_key({"user_id"}, "users")
                         .build());
    CHECK(validate(w).empty());

    warehouse bad_fk = w;
    bad_fk.star[1].constraints.back().ref_table = "nobody";
    CHECK(error_id_of([&] { (void)validate(bad_fk); }) == "starshift.model.fk_table_missing");

    warehouse bad_ref = w;
    bad_ref.star[1].constraints.back().ref_columns = {"nope"};
    CHECK(error_id_of([&] { (void)validate(bad_ref); }) == "starshift.model.fk_ref_column_missing");

    warehouse dup = w;
    dup.star.push_back(dup.star[0]);
    CHECK(error_id_of([&] { (void)validate(dup); }) == "starshift.model.duplicate_table");

    warehouse bad_copy = w;
    copy_spec c;
    c.table = "nowhere";
    c.source.uri = "/tmp/x";
    bad_copy.copies.push_back(c);
    CHECK(error_id_of([&] { (void)validate(bad_copy); }) == "starshift.model.copy_table_missing");

    warehouse bad_insert = w;
    insert_select ins{"plays", {"user_id", "n"}, select().item(column_ref("u", "user_id")).from("users", "u")};
    bad_insert.transforms.push_back({"plays", "", ins});
    CHECK(error_id_of([&] { (void)validate(bad_insert); }) == "starshift.model.statement_arity");

    warehouse bad_source = w;
    insert_select ins2{"plays", {"user_id"}, select().item(column_ref("u", "user_id")).from("ghosts", "u")};
    bad_source.transforms.push_back({"plays", "", ins2});
    CHECK(error_id_of([&] { (void)validate(bad_source); }) == "starshift.model.statement_table_missing");
}
