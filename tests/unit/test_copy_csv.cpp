// COPY … CSV in the copy engine: the record splitter (quotes, newlines, CRLF, IGNOREHEADER, bounds, line numbers),
// the record converter (fields, empties, field counts, conversions) and the encoder over real files (gzip, several
// files, MAXERROR), each with hand-computed rows in COPY text format.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>
#include <vector>

#include "starshift/copy/copy_encoder.hpp"
#include "starshift/copy/csv_converter.hpp"
#include "starshift/copy/detail/csv_splitter.hpp"
#include "starshift/io/memory_store.hpp"
#include "starshift/model/table.hpp"
#include "support/compress.hpp"
#include "support/converted_row.hpp"
#include "support/local_copy_spec.hpp"
#include "support/read_shapes.hpp"
#include "support/temp_dir.hpp"

using namespace starshift;
using namespace starshift::copy;

namespace {

using starshift::testing::gzip;

namespace fs = std::filesystem;

using event = starshift::testing::split_record<csv_event>;
using starshift::testing::operator<<;

struct split_options {
    csv_dialect dialect{};
    std::uint32_t ignore_header = 0;
    csv_header_unit unit = csv_header_unit::lines;
    std::size_t max = default_max_record_bytes;
};

// Splits `s` with every combination of tiny reads and tiny blocks; all must agree (returns the first result).
std::vector<event> split(const std::string& s, const split_options& o = {}) {
    return starshift::testing::over_read_shapes(s, [&](io::byte_reader& r, std::size_t block) {
        csv_splitter sp(r, o.dialect, o.ignore_header, o.unit, o.max, block);
        return starshift::testing::split_all(sp);
    });
}

event rec(std::string text, std::uint64_t line) { return {csv_event::record, std::move(text), line}; }

using starshift::testing::converted;

converted convert(const std::string& record, const std::vector<target_column>& cols,
                  const conversion_settings& s = {}, const csv_options& o = {}, csv_dialect d = {}) {
    csv_converter c(cols, d, s, o);
    return starshift::testing::convert_record(c, record);
}

std::vector<target_column> category_columns() {
    return {{"catid", smallint(), true}, {"catgroup", varchar(10)}, {"catname", varchar(10)}, {"catdesc", varchar(50)}};
}

using csv_dir = starshift::testing::temp_dir;

struct encoded {
    std::string text;
    copy_stats stats;
    std::vector<reject> rejects;
};

encoded run_encoder(const copy_spec& spec, const table& t, copy_options o = {}) {
    o.wire = wire_format::text;
    copy_encoder enc(spec, t, o);
    encoded e;
    enc.run([&](std::string& chunk) {
        e.text += chunk;
        chunk.clear();
    });
    e.stats = enc.stats();
    e.rejects = enc.rejects();
    return e;
}

}  // namespace

// ---- splitter ---------------------------------------------------------------------------------------------------

TEST_CASE("copy csv splitter: a quoted delimiter and doubled quotes stay inside one record") {
    const auto ev = split("1,\"a,b\",x\n2,\"say \"\"hi\"\"\",y\n");
    CHECK(ev == std::vector<event>{rec("1,\"a,b\",x", 1), rec("2,\"say \"\"hi\"\"\",y", 2)});
}

TEST_CASE("copy csv splitter: a quoted newline joins physical lines and line() is where the record starts") {
    const auto ev = split("1,\"two\nlines\"\n2,b\n3,\"x\n\ny\",z\n4,d");
    CHECK(ev == std::vector<event>{rec("1,\"two\nlines\"", 1), rec("2,b", 3), rec("3,\"x\n\ny\",z", 4),
                                   rec("4,d", 7)});
}

TEST_CASE("copy csv splitter: CRLF line ends drop the CR but a quoted CR LF is data") {
    const auto ev = split("1,a\r\n2,\"b\r\nc\"\r\n3,c\r");
    CHECK(ev == std::vector<event>{rec("1,a", 1), rec("2,\"b\r\nc\"", 2), rec("3,c", 4)});
}

TEST_CASE("copy csv splitter: the last line may lack its newline and a trailing newline adds no record") {
    CHECK(split("1,a\n2,b") == std::vector<event>{rec("1,a", 1), rec("2,b", 2)});
    CHECK(split("1,a\n2,b\n") == std::vector<event>{rec("1,a", 1), rec("2,b", 2)});
    CHECK(split("").empty());
    CHECK(split("\n") == std::vector<event>{rec("", 1)});  // a blank line is a record with one empty field
}

TEST_CASE("copy csv splitter: QUOTE AS and DELIMITER change which characters matter") {
    split_options pct;
    pct.dialect.quote = '%';
    CHECK(split("13,Shows,Plays,%All \"non-musical\"\ntheatre%\n14,a\n", pct) ==
          std::vector<event>{rec("13,Shows,Plays,%All \"non-musical\"\ntheatre%", 1), rec("14,a", 3)});
    // with QUOTE AS '%' a double quote is an ordinary character: its newline ends the record
    CHECK(split("1,\"a\n2,b\"\n", pct) == std::vector<event>{rec("1,\"a", 1), rec("2,b\"", 2)});
    split_options pipe;
    pipe.dialect.delimiter = '|';
    CHECK(split("1|\"a|\nb\"|c\n", pipe) == std::vector<event>{rec("1|\"a|\nb\"|c", 1)});
    split_options tab;
    tab.dialect.delimiter = '\t';
    CHECK(split("1\t \"a\tb\"\tc\n", tab) == std::vector<event>{rec("1\t \"a\tb\"\tc", 1)});
}

TEST_CASE("copy csv splitter: IGNOREHEADER skips physical lines and line numbers count them") {
    split_options one;
    one.ignore_header = 1;
    CHECK(split("id,name\n1,a\n2,b\n", one) == std::vector<event>{rec("1,a", 2), rec("2,b", 3)});
    split_options two;
    two.ignore_header = 2;
    CHECK(split("# export\nid,name\n1,a\n", two) == std::vector<event>{rec("1,a", 3)});
    // lines, not records: a header with a quoted newline spans two lines
    CHECK(split("id,\"long\nname\"\n1,a\n", two) == std::vector<event>{rec("1,a", 3)});
    CHECK(split("id,\"long\nname\"\n1,a\n", one) == std::vector<event>{rec("name\"", 2), rec("1,a", 3)});
    split_options records = one;
    records.unit = csv_header_unit::records;
    CHECK(split("id,\"long\nname\"\n1,a\n", records) == std::vector<event>{rec("1,a", 3)});
    // a header longer than the file: nothing
    split_options five;
    five.ignore_header = 5;
    CHECK(split("h\n1,a\n", five).empty());
    CHECK(split("only header", one).empty());
}

// A broken record is one problem event at its starting line; splitting resumes after it (a record that spans lines
// is cut after its first line).
TEST_CASE("copy csv splitter: unterminated and oversized records are one problem each and splitting resumes") {
    struct problem_case {
        const char* what;
        std::string input;
        std::size_t max;
        std::vector<event> expected;
    };
    const std::vector<problem_case> cases = {
        {"an unterminated quote is one problem at its line and splitting resumes at the next line",
         "1,a\n2,\"b\n3,c\n", default_max_record_bytes,
         {rec("1,a", 1), {csv_event::unterminated, "2,\"b", 2}, rec("3,c", 3)}},
        {"a one-line record over the bound is skipped to its end", "1,a\n2,\"0123456789abc\",x\n3,b\n", 8,
         {rec("1,a", 1), {csv_event::too_large, "2,\"0123456789abc\",x", 2}, rec("3,b", 3)}},
        {"a record over the bound that spans lines is cut after its first line",
         "1,a\n2,\"0123456789\nabc\",x\n3,b\n", 8,
         {rec("1,a", 1), {csv_event::too_large, "2,\"0123456789", 2}, rec("abc\",x", 3), rec("3,b", 4)}},
    };
    for (const auto& c : cases) {
        INFO(c.what);
        split_options o;
        o.max = c.max;
        CHECK(split(c.input, o) == c.expected);
    }
}

TEST_CASE("copy csv splitter: reset starts the next file at line 1 with its own header") {
    io::memory_reader a("h\n1,a\n", "mem", 100);
    io::memory_reader b("h\n2,b", "mem", 100);
    csv_splitter sp(a, {}, 1);
    REQUIRE(sp.next() == csv_event::record);
    CHECK(sp.text() == "1,a");
    CHECK(sp.next() == csv_event::end);
    sp.reset(b);
    REQUIRE(sp.next() == csv_event::record);
    CHECK(sp.text() == "2,b");
    CHECK(sp.line() == 2);
    CHECK(sp.next() == csv_event::end);
    CHECK(sp.bytes() == 5);
}

// ---- converter --------------------------------------------------------------------------------------------------

TEST_CASE("copy csv converter: Redshift's category example with doubled quotes and QUOTE AS percent") {
    const auto cols = category_columns();
    CHECK(convert("12,Shows,Musicals,Musical theatre", cols).row == "12\tShows\tMusicals\tMusical theatre");
    CHECK(convert("13,Shows,Plays,\"All \"\"non-musical\"\" theatre\"", cols).row ==
          "13\tShows\tPlays\tAll \"non-musical\" theatre");
    CHECK(convert("14,Shows,Opera,\"All opera, light, and \"\"rock\"\" opera\"", cols).row ==
          "14\tShows\tOpera\tAll opera, light, and \"rock\" opera");
    csv_dialect pct;
    pct.quote = '%';
    CHECK(convert("14,Shows,Opera,%All opera, light, and \"rock\" opera%", cols, {}, {}, pct).row ==
          "14\tShows\tOpera\tAll opera, light, and \"rock\" opera");
    CHECK(convert("15,Concerts,Classical,%100%%%", cols, {}, {}, pct).row == "15\tConcerts\tClassical\t100%");
}

TEST_CASE("copy csv converter: quoted newline tab and backslash are escaped for COPY text") {
    const std::vector<target_column> cols = {{"id", integer()}, {"v", varchar(20)}};
    CHECK(convert("1,\"a\nb\\c\td\"", cols).row == "1\ta\\nb\\\\c\\td");
    CHECK(convert("2,\"x\r\ny\"", cols).row == "2\tx\\r\\ny");
}

TEST_CASE("copy csv converter: white space around a quoted field is ignored but kept in an unquoted one") {
    const std::vector<target_column> cols = {{"a", varchar(10)}, {"b", varchar(10)}, {"c", varchar(10)}};
    CHECK(convert("  \"x\"  , y ,z", cols).row == "x\t y \tz");
    // a quote inside an unquoted field is an ordinary character
    CHECK(convert("5'10\",o\"k,", cols).row == "5'10\"\to\"k\t");
    csv_dialect tab;
    tab.delimiter = '\t';
    CHECK(convert("\"a\"\t\t \"c\" ", cols, {}, {}, tab).row == "a\t\tc");
    csv_dialect pipe;
    pipe.delimiter = '|';
    CHECK(convert("\"a|b\"|c|", cols, {}, {}, pipe).row == "a|b\tc\t");
}

// Too few and too many fields, text after a closing quote and an unterminated quote are 1214 rejects; nullptr is
// not checked.
TEST_CASE("copy csv converter: a broken field structure is a 1214 reject naming its column") {
    struct reject_case {
        std::string record;
        const char* column;
        const char* reason;
        const char* raw_value;
    };
    const std::vector<reject_case> cases = {
        {"12,Shows,Musicals", "catdesc", "Delimiter not found", "12,Shows,Musicals"},
        {"12,Shows,Musicals,x,extra", "", "Extra column(s) found", nullptr},
        {"", "catgroup", nullptr, nullptr},  // a blank line
        {"12,\"Shows\"x,Musicals,y", "catgroup", nullptr, nullptr},
        {"12,Shows,Musicals,\"open", "catdesc", "Delimited value missing end quote", nullptr},
    };
    const auto cols = category_columns();
    for (const auto& c : cases) {
        CAPTURE(c.record);
        const auto r = convert(c.record, cols);
        CHECK_FALSE(r.ok);
        CHECK(r.rej.code == 1214);
        CHECK(r.rej.column == c.column);
        if (c.reason != nullptr) CHECK(r.rej.reason == c.reason);
        if (c.raw_value != nullptr) CHECK(r.rej.raw_value == c.raw_value);
    }
    // one column: a blank line is one empty field
    const std::vector<target_column> one = {{"v", varchar(5)}};
    CHECK(convert("", one).row == "");
}

TEST_CASE("copy csv converter: empty fields load NULL for non-character types and empty text otherwise") {
    const std::vector<target_column> cols = {
        {"v", varchar(5)}, {"c", char_type(3)}, {"i", integer()}, {"d", decimal(8, 2)}, {"t", timestamp()},
        {"b", boolean()}};
    CHECK(convert(",,,,,", cols).row == "\t\t\\N\t\\N\t\\N\t\\N");
    CHECK(convert("\"\",\"\",\"\",\"\",\"\",\"\"", cols).row == "\t\t\\N\t\\N\t\\N\t\\N");
    // \N unquoted is NULL (Redshift's default NULL AS); quoted it is text
    CHECK(convert("\\N,\"\\N\",\\N,,,", cols).row == "\\N\t\\\\N\t\\N\t\\N\t\\N\t\\N");
    csv_options no_null_as;
    no_null_as.null_as.reset();
    CHECK(convert("\\N,,,,,", cols, {}, no_null_as).row == "\\\\N\t\t\\N\t\\N\t\\N\t\\N");
    // NOT NULL: an empty INT field is NULL, so 1213
    const std::vector<target_column> nn = {{"i", integer(), true}};
    CHECK(convert("", nn).rej.code == 1213);
}

TEST_CASE("copy csv converter: EMPTYASNULL turns unquoted empties into NULL and quoted ones only on request") {
    struct empty_case {
        std::string record;
        bool quoted_too;  // csv_options::emptyasnull_quoted
        std::string expected;
    };
    const std::vector<empty_case> cases = {
        {",,x", false, "\\N\t\\N\tx"},
        {"\"\",\"\",\" \"", false, "\t\t "},
        {"\"\",\"\",\" \"", true, "\\N\t\\N\t "},
    };
    const std::vector<target_column> cols = {{"v", varchar(5)}, {"c", char_type(3)}, {"w", varchar(5)}};
    conversion_settings s;
    s.emptyasnull = true;
    for (const auto& c : cases) {
        CAPTURE(c.record);
        csv_options o;
        o.emptyasnull_quoted = c.quoted_too;
        CHECK(convert(c.record, cols, s, o).row == c.expected);
    }
}

TEST_CASE("copy csv converter: BLANKSASNULL turns white-space-only character fields into NULL") {
    const std::vector<target_column> cols = {{"v", varchar(5)}, {"c", char_type(3)}, {"w", varchar(5)}};
    conversion_settings s;
    s.blanksasnull = true;
    CHECK(convert("  ,\" \t \",a b", cols, s).row == "\\N\t\\N\ta b");
    CHECK(convert("  ,\" \",x", cols).row == "  \t \tx");  // without it: kept
}

TEST_CASE("copy csv converter: TRUNCATECOLUMNS ROUNDEC and the 1204 1207 1209 rejects") {
    const std::vector<target_column> cols = {{"v", varchar(3)}, {"d", decimal(8, 2)}, {"i", smallint()}};
    CHECK(convert("abc,20.259,7", cols).row == "abc\t20.25\t7");
    conversion_settings s;
    s.roundec = true;
    s.truncatecolumns = true;
    CHECK(convert("\"abcdef\",20.259, 7 ", cols, s).row == "abc\t20.26\t7");
    auto r = convert("abcd,1,1", cols);
    CHECK(r.rej.code == 1204);
    CHECK(r.rej.column == "v");
    CHECK(r.rej.raw_value == "abcd");
    CHECK(convert("a,x1,1", cols).rej.code == 1209);
    r = convert("a,1,12a", cols);
    CHECK(r.rej.code == 1207);
    CHECK(r.rej.column == "i");
    CHECK(convert("a,1,40000", cols).rej.code == 1204);
}

TEST_CASE("copy csv converter: DATEFORMAT and TIMEFORMAT auto apply to CSV fields") {
    const std::vector<target_column> cols = {{"ts", timestamp()}, {"dt", date()}};
    conversion_settings s;
    s.timeformat = time_format::parse(std::string("auto"), false);
    s.dateformat = time_format::parse(std::string("auto"), true);
    CHECK(convert("2019-02-11T05:09:12.195Z,20190211", cols, s).row == "2019-02-11 05:09:12.195\t2019-02-11");
    CHECK(convert("\"Nov 1, 2018\",2018-11-05 10:00:00", cols, s).row == "2018-11-01 00:00:00\t2018-11-05");
    s.timeformat = time_format::parse(std::string("epochsecs"), false);
    CHECK(convert("0,", cols, s).row == "1970-01-01 00:00:00\t\\N");
    conversion_settings plain;
    auto r = convert("11/02/2019,2019-02-11", cols, plain);
    CHECK(r.rej.code == 1206);
    CHECK(r.rej.column == "ts");
    s.dateformat = time_format::parse(std::string("MM/DD/YYYY"), true);
    CHECK(convert(",02/11/2019", cols, s).row == "\\N\t2019-02-11");
}

TEST_CASE("copy csv converter: invalid UTF-8 is 1220 unless ACCEPTINVCHARS replaces it") {
    const std::vector<target_column> cols = {{"id", integer()}, {"v", varchar(10)}};
    auto r = convert("1,a\xff" "b", cols);
    CHECK(r.rej.code == 1220);
    CHECK(r.rej.column == "v");
    conversion_settings s;
    s.acceptinvchars = "^";
    CHECK(convert("1,\"a\xff\xfe" "b\"", cols, s).row == "1\ta^^b");
    CHECK(convert("1,\xc3\xa9t\xc3\xa9", cols).row == "1\t\xc3\xa9t\xc3\xa9");
}

// ---- encoder over files -----------------------------------------------------------------------------------------

TEST_CASE("copy csv encoder: two gzip files with a header each load every row and count bytes") {
    csv_dir d;
    const std::string part0 = "catid,catgroup,catname,catdesc\n12,Shows,Musicals,Musical theatre\n"
                              "13,Shows,Plays,\"All \"\"non-musical\"\" theatre\"\r\n";
    const std::string part1 = "catid,catgroup,catname,catdesc\n14,Shows,Opera,\"All opera, light,\nand "
                              "\"\"rock\"\" opera\"";
    d.write("part_0.csv.gz", gzip(part0));
    d.write("part_1.csv.gz", gzip(part1));
    const table t = table_builder("category")
                        .column(col("catid", smallint()).not_null())
                        .column(col("catgroup", varchar(10)))
                        .column(col("catname", varchar(10)))
                        .column(col("catdesc", varchar(50)))
                        .build();
    copy_spec spec = starshift::testing::local_copy_spec(t, d.path() / "part_", copy_format_kind::csv);
    spec.format.ignore_header = 1;
    spec.compression = compression::gzip;
    const encoded e = run_encoder(spec, t);
    CHECK(e.text ==
          "12\tShows\tMusicals\tMusical theatre\n13\tShows\tPlays\tAll \"non-musical\" theatre\n"
          "14\tShows\tOpera\tAll opera, light,\\nand \"rock\" opera\n");
    CHECK(e.stats.files == 2);
    CHECK(e.stats.records_read == 3);
    CHECK(e.stats.rows_loaded == 3);
    CHECK(e.stats.rows_rejected == 0);
    CHECK(e.stats.bytes_read == part0.size() + part1.size());
}

TEST_CASE("copy csv encoder: rejects carry file and starting line and MAXERROR counts them") {
    csv_dir d;
    d.write("data.csv",
            "id,name\n"          // 1 header
            "1,a\n"              // 2
            "2\n"                // 3: too few fields
            "3,\"multi\nline\"\n"  // 4-5
            "x,b\n"              // 6: 1207
            "5,c,extra\n"        // 7: too many
            "6,\"open\n"         // 8: unterminated: one reject, loading resumes at line 9
            "7,d\n");
    const table t = table_builder("people").column(col("id", integer())).column(col("name", varchar(10))).build();
    copy_spec spec = starshift::testing::local_copy_spec(t, d.path() / "data.csv", copy_format_kind::csv);
    spec.format.ignore_header = 1;
    spec.maxerror = 4;
    const encoded e = run_encoder(spec, t);
    CHECK(e.text == "1\ta\n3\tmulti\\nline\n7\td\n");
    CHECK(e.stats.records_read == 7);
    CHECK(e.stats.rows_loaded == 3);
    CHECK(e.stats.rows_rejected == 4);
    REQUIRE(e.rejects.size() == 4);
    CHECK(e.rejects[0].line == 3);
    CHECK(e.rejects[0].code == 1214);
    CHECK(e.rejects[0].column == "name");
    CHECK(e.rejects[0].file == (d.path() / "data.csv").string());
    CHECK(e.rejects[1].line == 6);
    CHECK(e.rejects[1].code == 1207);
    CHECK(e.rejects[1].raw_value == "x");
    CHECK(e.rejects[2].line == 7);
    CHECK(e.rejects[2].reason == "Extra column(s) found");
    CHECK(e.rejects[3].line == 8);
    CHECK(e.rejects[3].code == 1214);
    CHECK(e.rejects[3].raw_value == "6,\"open");
    CHECK(e.rejects[3].reason.find("loading resumed at line 9") != std::string::npos);
    spec.maxerror = 3;
    try {
        (void)run_encoder(spec, t);
        FAIL("MAXERROR 3 with 4 rejects must fail");
    } catch (const load_error& err) {
        CHECK(err.id() == "starshift.copy.maxerror_exceeded");
    }
}

TEST_CASE("copy csv encoder: DELIMITER tab and a column list fill the listed columns") {
    csv_dir d;
    d.write("t.tsv", "a\t1\n\"b\tc\"\t2\n");
    const table t = table_builder("kv")
                        .column(col("id", integer()))
                        .column(col("k", varchar(5)))
                        .column(col("n", integer()))
                        .build();
    copy_spec spec = starshift::testing::local_copy_spec(t, d.path() / "t.tsv", copy_format_kind::csv);
    spec.columns = {"k", "n"};
    spec.format.delimiter = '\t';
    const encoded e = run_encoder(spec, t);
    CHECK(e.text == "a\t1\nb\\tc\t2\n");
}

TEST_CASE("copy csv validation: DELIMITER and QUOTE AS stay errors with JSON and are checked with CSV") {
    const table t = table_builder("x").column(col("id", integer())).build();
    copy_spec spec;
    spec.table = "x";
    spec.source.uri = "/tmp/x";
    spec.format.kind = copy_format_kind::json_auto;
    spec.format.delimiter = '|';
    CHECK_THROWS_WITH(validate(spec, t), doctest::Contains("copy_option_not_for_json"));
    spec.format.delimiter = ',';
    spec.format.quote = '%';
    CHECK_THROWS_WITH(validate(spec, t), doctest::Contains("copy_option_not_for_json"));
    spec.format.kind = copy_format_kind::csv;
    CHECK_NOTHROW(validate(spec, t));
    spec.format.quote = ',';
    CHECK_THROWS_WITH(validate(spec, t), doctest::Contains("copy_quote_invalid"));
}
