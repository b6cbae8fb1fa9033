// Redshift's text format in the copy engine (COPY without CSV or JSON: delimited text and FIXEDWIDTH): the splitter
// (newlines, ESCAPE, IGNOREHEADER, IGNOREBLANKLINES, bounds, line numbers), the converter (DELIMITER, ESCAPE, NULL AS,
// REMOVEQUOTES, FILLRECORD, TRIMBLANKS, field counts, fixed widths) and the encoder over files, each rule with the
// page it follows (https://docs.aws.amazon.com/redshift/latest/dg/<page>.html).
#include <doctest/doctest.h>

#include <ostream>
#include <string>
#include <vector>

#include "starshift/copy/copy_encoder.hpp"
#include "starshift/copy/detail/text_splitter.hpp"
#include "starshift/copy/text_converter.hpp"
#include "starshift/io/memory_store.hpp"
#include "starshift/model/table.hpp"
#include "support/converted_row.hpp"
#include "support/local_copy_spec.hpp"
#include "support/read_shapes.hpp"
#include "support/temp_dir.hpp"

using namespace starshift;
using namespace starshift::copy;

namespace {

using event = starshift::testing::split_record<text_event>;
using starshift::testing::operator<<;

// Splits `s` with tiny reads and tiny blocks as well as whole ones; all must agree (returns the first result).
std::vector<event> split(const std::string& s, text_splitter_options o = {}) {
    return starshift::testing::over_read_shapes(s, [&](io::byte_reader& r, std::size_t block) {
        o.read_block = block;
        text_splitter sp(r, o);
        return starshift::testing::split_all(sp);
    });
}

event rec(std::string text, std::uint64_t line) { return {text_event::record, std::move(text), line}; }

using starshift::testing::converted;

converted convert(const std::string& record, const std::vector<target_column>& cols, const text_format& f = {},
                  const conversion_settings& s = {}) {
    text_converter c(cols, f, s);
    return starshift::testing::convert_record(c, record);
}

std::vector<target_column> two_columns() { return {{"infoid", integer()}, {"tableinfo", varchar(50)}}; }

copy_options text_wire() {
    copy_options o;
    o.wire = wire_format::text;
    return o;
}

// Runs the encoder; its COPY text rows.
std::string rows_of(copy_encoder& enc) {
    std::string text;
    enc.run([&](std::string& chunk) {
        text += chunk;
        chunk.clear();
    });
    return text;
}

text_format escaped() {
    text_format f;
    f.escape = true;
    return f;
}

}  // namespace

// ---- splitter ---------------------------------------------------------------------------------------------------

// copy-parameters-data-conversion (ESCAPE): without ESCAPE a backslash is data and a newline ends the record.
TEST_CASE("copy text splitter: without ESCAPE every newline ends a record and backslashes are data") {
    CHECK(split("1|a\\|b\n2|c\\\n3|d") ==
          std::vector<event>{rec("1|a\\|b", 1), rec("2|c\\", 2), rec("3|d", 3)});
    CHECK(split("1|x\r\n").front().text == "1|x\r");  // a CR is data, as dos2unix advice implies
}

// r_COPY_command_examples ("Preparing files for COPY with the ESCAPE option"): a backslash-escaped newline is data.
TEST_CASE("copy text splitter: with ESCAPE a backslash newline continues the record and lines still count") {
    text_splitter_options o;
    o.escape = true;
    CHECK(split("<xml start>\\\n</xml>|1000\n<xml>\\\n</xml>|2000\n", o) ==
          std::vector<event>{rec("<xml start>\\\n</xml>|1000", 1), rec("<xml>\\\n</xml>|2000", 3)});
    // an escaped backslash before a newline: the newline ends the record
    CHECK(split("a\\\\\nb\n", o) == std::vector<event>{rec("a\\\\", 1), rec("b", 2)});
    // runs of escapes, an escaped newline right after another escape, a lone backslash ending the file
    CHECK(split("\\\\\\\n|x\n\\|\\\\\nlast\\", o) ==
          std::vector<event>{rec("\\\\\\\n|x", 1), rec("\\|\\\\", 3), rec("last\\", 4)});
}

// copy-parameters-data-conversion: IGNOREHEADER counts lines; IGNOREBLANKLINES skips lines holding only a line feed.
TEST_CASE("copy text splitter: IGNOREHEADER skips lines and IGNOREBLANKLINES skips empty lines") {
    text_splitter_options o;
    o.ignore_header = 2;
    CHECK(split("h1\nh2\na\n\nb\n", o) == std::vector<event>{rec("a", 3), rec("", 4), rec("b", 5)});
    o.ignore_blank_lines = true;
    CHECK(split("h1\nh2\na\n\nb\n \n", o) == std::vector<event>{rec("a", 3), rec("b", 5), rec(" ", 6)});
}

TEST_CASE("copy text splitter: a record over the bound is skipped to its end and the next line loads") {
    text_splitter_options o;
    o.max_record_bytes = 4;
    const auto ev = split("12345678\nok\n", o);
    REQUIRE(ev.size() == 2);
    CHECK(ev[0].kind == text_event::too_large);
    CHECK(ev[0].line == 1);
    CHECK(ev[1] == rec("ok", 2));
}

// ---- converter --------------------------------------------------------------------------------------------------

// copy-parameters-data-conversion (ESCAPE): the page's four rows (row 4 with REMOVEQUOTES).
TEST_CASE("copy text converter: ESCAPE keeps the escaped delimiter newline backslash and quote") {
    CHECK(convert("1|The quick brown fox\\\njumped over the lazy dog.", two_columns(), escaped()).row ==
          "1\tThe quick brown fox\\njumped over the lazy dog.");
    CHECK(convert("2| A\\\\B\\\\C", two_columns(), escaped()).row == "2\t A\\\\B\\\\C");
    CHECK(convert("3| A \\| B \\| C", two_columns(), escaped()).row == "3\t A | B | C");
    text_format q = escaped();
    q.removequotes = true;
    CHECK(convert("4| 'A Midsummer Night\\'s Dream'", two_columns(), q).row == "4\tA Midsummer Night's Dream");
    // "doesn't interpret octal, hex, Unicode, or other escape sequence notation": \012 loads 012
    CHECK(convert("5|a\\012", two_columns(), escaped()).row == "5\ta012");
}

// r_COPY_command_examples ("COPY data with the ESCAPE option"): without ESCAPE, "Extra column(s) found".
TEST_CASE("copy text converter: an unescaped delimiter is an extra column 1202 and a missing one 1214") {
    const converted extra = convert("1|public\\|event\\|dwuser", two_columns());
    CHECK_FALSE(extra.ok);
    CHECK(extra.rej.code == 1202);
    CHECK(extra.rej.reason == "Extra column(s) found");
    CHECK(convert("1|public\\|event\\|dwuser", two_columns(), escaped()).row == "1\tpublic|event|dwuser");
    const converted few = convert("1", two_columns());
    CHECK(few.rej.code == 1214);
    CHECK(few.rej.column == "tableinfo");
    CHECK(few.rej.reason == "Delimiter not found");
    // a line ending with the delimiter has no extra column (r_COPY_command_examples, default values)
    CHECK(convert("1|Toyota Park|", two_columns()).row == "1\tToyota Park");
    CHECK(convert("1|Toyota Park||", two_columns()).rej.code == 1202);
}

// copy-parameters-data-format: DELIMITER is one character, '|' by default.
TEST_CASE("copy text converter: DELIMITER changes the field separator and the pipe becomes data") {
    text_format f;
    f.delimiter = '\t';
    CHECK(convert("7\ta|b", two_columns(), f).row == "7\ta|b");
    f.delimiter = ',';
    CHECK(convert("7,a|b", two_columns(), f).row == "7\ta|b");
}

// copy-parameters-data-conversion (NULL AS, ESCAPE): '\N' by default; with ESCAPE \N and \\N are both NULL.
TEST_CASE("copy text converter: NULL AS matches the field as written and the default also escaped") {
    CHECK(convert("\\N|\\N", two_columns()).row == "\\N\t\\N");
    CHECK(convert("1|\\\\N", two_columns()).row == "1\t\\\\\\\\N");  // without ESCAPE: the text \\N
    CHECK(convert("1|\\N", two_columns(), escaped()).row == "1\t\\N");
    CHECK(convert("1|\\\\N", two_columns(), escaped()).row == "1\t\\N");
    text_format nil;
    nil.null_as = "nil";
    CHECK(convert("1|nil", two_columns(), nil).row == "1\t\\N");
    CHECK(convert("1|\\N", two_columns(), nil).row == "1\t\\\\N");  // '\N' is text once NULL AS is another string
    nil.escape = true;
    CHECK(convert("1|\\nil", two_columns(), nil).row == "1\tnil");  // escaped: not the NULL string as written
}

// copy-parameters-data-conversion (REMOVEQUOTES): surrounding quotes go; delimiters inside stay; an opening quote
// without its closing one fails the row.
TEST_CASE("copy text converter: REMOVEQUOTES removes surrounding quotes and refuses an unclosed one") {
    text_format f;
    f.removequotes = true;
    CHECK(convert("1|\"The delimiter is a pipe (|) character\"", two_columns(), f).row ==
          "1\tThe delimiter is a pipe (|) character");
    CHECK(convert("1|'Black'", two_columns(), f).row == "1\tBlack");
    CHECK(convert("1|Blue'", two_columns(), f).row == "1\tBlue'");
    CHECK(convert("1|' ' 'Black' ' '", two_columns(), f).row == "1\t ' 'Black' ' ");
    CHECK(convert("1|' '", two_columns(), f).row == "1\t ");
    const converted open = convert("1|'Blue", two_columns(), f);
    CHECK(open.rej.code == 1214);
    CHECK(open.rej.column == "tableinfo");
    CHECK(convert("1|\"\\N\"", two_columns(), f).row == "1\t\\\\N");  // a quoted \N is text
}

// copy-parameters-data-conversion (FILLRECORD): missing trailing columns load NULL, VARCHAR an empty string (NULL
// with EMPTYASNULL); a NOT NULL column still refuses NULL.
TEST_CASE("copy text converter: FILLRECORD fills missing trailing columns by type") {
    const std::vector<target_column> cols{
        {"id", integer()}, {"name", varchar(10)}, {"state", char_type(2)}, {"seats", integer()}};
    text_format f;
    f.fillrecord = true;
    CHECK(convert("1|apple", cols, f).row == "1\tapple\t\\N\t\\N");
    CHECK(convert("1", cols, f).row == "1\t\t\\N\t\\N");
    conversion_settings empty_null;
    empty_null.emptyasnull = true;
    CHECK(convert("1", cols, f, empty_null).row == "1\t\\N\t\\N\t\\N");
    const std::vector<target_column> strict{{"id", integer()}, {"seats", integer(), true}};
    CHECK(convert("1", strict, f).rej.code == 1213);
    CHECK(convert("1|2|3", strict, f).rej.code == 1202);
}

// copy-parameters-data-conversion (TRIMBLANKS): VARCHAR only.
TEST_CASE("copy text converter: TRIMBLANKS trims trailing white space of VARCHAR only") {
    const std::vector<target_column> cols{{"v", varchar(10)}, {"c", char_type(4)}};
    conversion_settings trim;
    trim.trimblanks = true;
    CHECK(convert(" a  | b  ", cols, {}, trim).row == " a\t b  ");
    CHECK(convert(" a  | b  ", cols).row == " a  \t b  ");
}

// copy-parameters-data-format (FIXEDWIDTH) with r_COPY_command_examples' VENUE sample.
TEST_CASE("copy text converter: FIXEDWIDTH cuts fields by width in characters") {
    const std::vector<target_column> venue{{"venueid", smallint(), true},
                                           {"venuename", varchar(100)},
                                           {"venuecity", varchar(30)},
                                           {"venuestate", char_type(2)},
                                           {"venueseats", integer()}};
    text_format f;
    f.widths = {3, 25, 12, 2, 6};
    CHECK(convert("4  CommunityAmerica BallparkKansas City KS0", venue, f).row ==
          "4\tCommunityAmerica Ballpark\tKansas City \tKS\t0");
    CHECK(convert("5  Gillette Stadium         Foxborough  MA68756", venue, f).row ==
          "5\tGillette Stadium         \tFoxborough  \tMA\t68756");
    // widths count characters: "é" is one character of two bytes
    CHECK(convert("6  Café                     Paris       FR1", venue, f).row ==
          "6\tCafé                     \tParis       \tFR\t1");
    text_format bytes = f;
    bytes.unit = fixedwidth_unit::bytes;
    CHECK(convert("6  Café                    Paris       FR1", venue, bytes).row ==
          "6\tCafé                    \tParis       \tFR\t1");
    const converted shorter = convert("7  Short", venue, f);
    CHECK(shorter.rej.code == 1203);
    CHECK(shorter.rej.column == "venuecity");
    CHECK(convert("5  Gillette Stadium         Foxborough  MA68756 extra", venue, f).rej.code == 1202);
    text_format fill = f;
    fill.fillrecord = true;
    CHECK(convert("7  Short", venue, fill).row == "7\tShort\t\t\\N\t\\N");
    text_format null_as = f;
    CHECK(convert("8  \\N                       Paris       FR\\N    ", venue, null_as).row ==
          "8\t\\N\tParis       \tFR\t\\N");
}

// ---- encoder ----------------------------------------------------------------------------------------------------

TEST_CASE("copy text encoder: a pipe-delimited file with a header loads every row and rejects keep their line") {
    starshift::testing::temp_dir d;
    d.write("listing.txt", "id|name\n1|a\n2|b|extra\n\n3|c\n");
    const table t = table_builder("listing").column(col("id", integer())).column(col("name", varchar(10))).build();
    copy_spec spec = starshift::testing::local_copy_spec(t, d.path() / "listing.txt", copy_format_kind::text);
    spec.format.ignore_header = 1;
    spec.maxerror = 10;
    copy_encoder enc(spec, t, text_wire());
    const std::string text = rows_of(enc);
    CHECK(text == "1\ta\n3\tc\n");
    CHECK(enc.stats().records_read == 4);
    CHECK(enc.stats().rows_loaded == 2);
    REQUIRE(enc.rejects().size() == 2);
    CHECK(enc.rejects()[0].line == 3);
    CHECK(enc.rejects()[0].code == 1202);
    CHECK(enc.rejects()[1].line == 4);
    CHECK(enc.rejects()[1].code == 1214);
    spec.format.ignoreblanklines = true;
    copy_encoder skipping(spec, t, text_wire());
    skipping.run([](std::string& chunk) { chunk.clear(); });
    CHECK(skipping.stats().records_read == 3);
    CHECK(skipping.stats().rows_rejected == 1);
}

// copy-parameters-data-format / copy-parameters-data-conversion: the documented invalid combinations.
TEST_CASE("copy text validation: the combinations Redshift refuses are model errors") {
    const table t = table_builder("x").column(col("id", integer())).column(col("v", varchar(10))).build();
    copy_spec spec;
    spec.table = "x";
    spec.source.uri = "/tmp/x";
    spec.format.kind = copy_format_kind::text;
    CHECK_NOTHROW(validate(spec, t));
    spec.format.escape = true;
    spec.format.delimiter = '\\';
    CHECK_THROWS_WITH(validate(spec, t), doctest::Contains("copy_delimiter_invalid"));
    spec.format.delimiter.reset();
    spec.format.kind = copy_format_kind::csv;
    CHECK_THROWS_WITH(validate(spec, t), doctest::Contains("copy_option_not_for_csv"));
    spec.format.escape = false;
    spec.format.removequotes = true;
    CHECK_THROWS_WITH(validate(spec, t), doctest::Contains("copy_option_not_for_csv"));
    spec.format.removequotes = false;
    spec.format.fillrecord = true;
    CHECK_NOTHROW(validate(spec, t));  // FILLRECORD works for text and CSV
    spec.format.kind = copy_format_kind::json_auto;
    CHECK_THROWS_WITH(validate(spec, t), doctest::Contains("copy_option_not_for_json"));
    spec.format.fillrecord = false;
    spec.format.null_as = "x";
    CHECK_THROWS_WITH(validate(spec, t), doctest::Contains("copy_option_not_for_json"));
    spec.format.null_as.reset();
    spec.format.kind = copy_format_kind::text;
    spec.format.fixedwidth = {{"id", 3}, {"v", 10}};
    CHECK_NOTHROW(validate(spec, t));
    spec.format.delimiter = '|';
    CHECK_THROWS_WITH(validate(spec, t), doctest::Contains("copy_option_not_for_fixedwidth"));
    spec.format.delimiter.reset();
    spec.format.escape = true;
    CHECK_THROWS_WITH(validate(spec, t), doctest::Contains("copy_option_not_for_fixedwidth"));
    spec.format.escape = false;
    spec.format.fixedwidth.pop_back();
    CHECK_THROWS_WITH(validate(spec, t), doctest::Contains("copy_fixedwidth_invalid"));
    spec.format.fixedwidth.clear();
    spec.format.null_as = "a\nb";
    CHECK_THROWS_WITH(validate(spec, t), doctest::Contains("copy_null_as_invalid"));
}

// copy-parameters-data-conversion: NULL AS, FILLRECORD and IGNOREBLANKLINES apply to CSV as well.
TEST_CASE("copy csv encoder: NULL AS FILLRECORD and IGNOREBLANKLINES from the spec") {
    starshift::testing::temp_dir d;
    d.write("c.csv", "1,nil\n\n2\n");
    const table t = table_builder("c").column(col("id", integer())).column(col("name", varchar(10))).build();
    copy_spec spec = starshift::testing::local_copy_spec(t, d.path() / "c.csv", copy_format_kind::csv);
    spec.format.null_as = "nil";
    spec.format.fillrecord = true;
    spec.format.ignoreblanklines = true;
    copy_encoder enc(spec, t, text_wire());
    const std::string text = rows_of(enc);
    CHECK(text == "1\t\\N\n2\t\n");
    CHECK(enc.stats().records_read == 2);
    CHECK(enc.stats().rows_rejected == 0);
}
