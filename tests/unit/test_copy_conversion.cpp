#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <string_view>

#include "starshift/copy/reject.hpp"
#include "starshift/copy/value_converter.hpp"
#include "support/json_values.hpp"

using namespace starshift;
using namespace starshift::copy;
using namespace starshift::testing::json;

namespace {

struct outcome {
    int code = 0;
    std::string text;
};

outcome run(const json_value& v, const sql_type& t, const conversion_settings& s = {}, bool not_null = false) {
    std::string out;
    std::string scratch;
    const conversion_error e = convert_value(v, t, not_null, s, out, scratch);
    return {e.code, e.code == 0 ? out : std::string()};
}

}  // namespace

TEST_CASE("copy conversion: strings into VARCHAR are escaped for COPY text") {
    CHECK(run(str("a\tb\\c\nd"), varchar(20)).text == "a\\tb\\\\c\\nd");
    CHECK(run(str(""), varchar(5)).text == "");
    json_value missing;
    CHECK(run(missing, varchar(5)).text == "\\N");
}

TEST_CASE("copy conversion: VARCHAR length is in bytes and TRUNCATECOLUMNS cuts at a character boundary") {
    CHECK(run(str("abcdef"), varchar(5)).code == error_code::out_of_range);
    CHECK(run(str("\xc3\xa9\xc3\xa9\xc3\xa9"), varchar(5)).code == error_code::out_of_range);  // 3 chars, 6 bytes
    conversion_settings s;
    s.truncatecolumns = true;
    CHECK(run(str("\xc3\xa9\xc3\xa9\xc3\xa9"), varchar(5), s).text == "\xc3\xa9\xc3\xa9");
    CHECK(run(str("abcdef"), varchar(5), s).text == "abcde");
}

TEST_CASE("copy conversion: EMPTYASNULL and BLANKSASNULL apply to character columns") {
    conversion_settings s;
    CHECK(run(str(""), varchar(5), s).text == "");
    s.emptyasnull = true;
    CHECK(run(str(""), varchar(5), s).text == "\\N");
    CHECK(run(str("  "), varchar(5), s).text == "  ");
    s.blanksasnull = true;
    CHECK(run(str("  "), varchar(5), s).text == "\\N");
}

TEST_CASE("copy conversion: empty string into a non-character column is NULL") {
    CHECK(run(str(""), integer()).text == "\\N");
    CHECK(run(str(""), timestamp()).text == "\\N");
    CHECK(run(str(""), decimal(8, 2)).text == "\\N");
    CHECK(run(str(""), integer(), {}, true).code == error_code::not_null);
}

TEST_CASE("copy conversion: integers with range checks") {
    CHECK(run(str("39"), integer()).text == "39");
    CHECK(run(str(" -7 "), smallint()).text == "-7");
    CHECK(run(num(32767), smallint()).text == "32767");
    CHECK(run(num(32768), smallint()).code == error_code::out_of_range);
    CHECK(run(str("2147483648"), integer()).code == error_code::out_of_range);
    CHECK(run(str("9223372036854775808"), bigint()).code == error_code::out_of_range);
    CHECK(run(str("12a"), integer()).code == error_code::invalid_digit);
    CHECK(run(str("1.5"), integer()).code == error_code::invalid_digit);
    CHECK(run(dbl(1540919166796.0), bigint()).text == "1540919166796");
    CHECK(run(dbl(1.5), bigint()).code == error_code::invalid_digit);
}

TEST_CASE("copy conversion: DECIMAL truncates the scale unless ROUNDEC") {
    CHECK(run(str("20.259"), decimal(8, 2)).text == "20.25");
    conversion_settings s;
    s.roundec = true;
    CHECK(run(str("20.259"), decimal(8, 2), s).text == "20.26");
    CHECK(run(str("-20.259"), decimal(8, 2), s).text == "-20.26");
    CHECK(run(str("99.999"), decimal(4, 2), s).code == error_code::out_of_range);
    CHECK(run(str("123456.1"), decimal(7, 2)).code == error_code::out_of_range);
    CHECK(run(str("1e2"), decimal(5, 1)).text == "100.0");
    CHECK(run(str("abc"), decimal(5, 1)).code == error_code::decimal_format);
    CHECK(run(dbl(246.30812), decimal(10, 3)).text == "246.308");
    CHECK(run(num(42), decimal(4, 0)).text == "42");
}

TEST_CASE("copy conversion: doubles keep a text that reads back to the same value") {
    CHECK(run(dbl(246.30812), double_precision()).text == "246.30812");
    CHECK(run(dbl(196.67546), double_precision()).text == "196.67546");
    CHECK(run(str("286.4322"), double_precision()).text == "286.4322");
    CHECK(run(str("1e400"), double_precision()).code == error_code::out_of_range);
    CHECK(run(str("x1"), real()).code == error_code::float_format);
    CHECK(run(str("1e39"), real()).code == error_code::out_of_range);
}

TEST_CASE("copy conversion: BOOLEAN literals") {
    json_value t;
    t.kind = json_value::boolean;
    t.b = true;
    CHECK(run(t, boolean()).text == "t");
    CHECK(run(str("YES"), boolean()).text == "t");
    CHECK(run(str("f"), boolean()).text == "f");
    CHECK(run(num(0), boolean()).text == "f");
    CHECK(run(str("maybe"), boolean()).code == error_code::boolean_format);
}

TEST_CASE("copy conversion: numbers and booleans into VARCHAR use their JSON text") {
    CHECK(run(num(108), varchar(256)).text == "108");
    CHECK(run(dbl(1.5), varchar(256)).text == "1.5");
}

TEST_CASE("copy conversion: NUL in a string is rejected unless ACCEPTINVCHARS") {
    const std::string with_nul("a\0b", 3);
    CHECK(run(str(with_nul), varchar(10)).code == error_code::invalid_utf8);
    conversion_settings s;
    s.acceptinvchars = "?";
    CHECK(run(str(with_nul), varchar(10), s).text == "a?b");
}

TEST_CASE("copy conversion: multi-byte characters are rejected in CHAR") {
    CHECK(run(str("\xc3\xa9"), char_type(4)).code == error_code::char_field);
    CHECK(run(str("ab"), char_type(4)).text == "ab");
}

TEST_CASE("copy conversion: epochmillisecs into TIMESTAMP and TIMESTAMPTZ") {
    conversion_settings s;
    s.timeformat = time_format::parse(std::string("epochmillisecs"), false);
    CHECK(run(num(1541105830796), timestamp(), s).text == "2018-11-01 20:57:10.796");
    CHECK(run(num(1541105830796), timestamptz(), s).text == "2018-11-01 20:57:10.796+00");
    CHECK(run(str("1541105830796"), timestamp(), s).text == "2018-11-01 20:57:10.796");
    CHECK(run(dbl(1541105830796.5), timestamp(), s).text == "2018-11-01 20:57:10.7965");
    CHECK(run(num(-1), timestamp(), s).text == "1969-12-31 23:59:59.999");
    CHECK(run(str("yesterday"), timestamp(), s).code == error_code::timestamp_format);
    s.timeformat = time_format::parse(std::string("epochsecs"), false);
    CHECK(run(num(1541105830), timestamp(), s).text == "2018-11-01 20:57:10");
}

TEST_CASE("copy conversion: default and explicit TIMEFORMAT and DATEFORMAT") {
    conversion_settings s;
    CHECK(run(str("2018-11-01 20:57:10"), timestamp(), s).text == "2018-11-01 20:57:10");
    CHECK(run(str("2018-11-01 20:57:10.5"), timestamp(), s).text == "2018-11-01 20:57:10.5");
    CHECK(run(str("2018-02-30 20:57:10"), timestamp(), s).code == error_code::timestamp_format);
    CHECK(run(num(1541105830796), timestamp(), s).code == error_code::timestamp_format);
    s.timeformat = time_format::parse(std::string("DD/MM/YYYY HH12:MI:SS AM"), false);
    CHECK(run(str("01/11/2018 08:57:10 PM"), timestamp(), s).text == "2018-11-01 20:57:10");
    s.dateformat = time_format::parse(std::string("DD-MON-YYYY"), true);
    CHECK(run(str("05-Nov-2018"), date(), s).text == "2018-11-05");
    CHECK_THROWS_AS((void)time_format::parse(std::string("YYYY-MM-DD HH:MI:SSOF"), false), load_error);
}

TEST_CASE("copy conversion: TIMEFORMAT auto recognises ISO 8601 and common forms") {
    conversion_settings s;
    s.timeformat = time_format::parse(std::string("auto"), false);
    CHECK(run(str("2019-02-11T05:09:12.195Z"), timestamp(), s).text == "2019-02-11 05:09:12.195");
    CHECK(run(str("2019-02-11T05:09:12+05:30"), timestamptz(), s).text == "2019-02-10 23:39:12+00");
    CHECK(run(str("2019-02-11T05:09:12+05:30"), timestamp(), s).text == "2019-02-11 05:09:12");
    CHECK(run(str("20190211 050912"), timestamp(), s).text == "2019-02-11 05:09:12");
    CHECK(run(str("J2451187"), timestamp(), s).text == "1999-01-08 00:00:00");
    CHECK(run(str("2019.042"), timestamp(), s).text == "2019-02-11 00:00:00");
    CHECK(run(str("Nov 1, 2018"), timestamp(), s).text == "2018-11-01 00:00:00");
    CHECK(run(str("not a date"), timestamp(), s).code == error_code::timestamp_format);
}

TEST_CASE("copy conversion: decimal_from_text keeps sign and zero") {
    std::string out;
    int code = 0;
    CHECK(decimal_from_text("-0.001", 5, 2, false, out, code));
    CHECK(out == "0.00");
}

// DATEFORMAT / TIMEFORMAT and the per-type NULL rules of COPY, one check per documented statement:
// https://docs.aws.amazon.com/redshift/latest/dg/r_DATEFORMAT_and_TIMEFORMAT_strings.html,
// https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html and
// https://docs.aws.amazon.com/redshift/latest/dg/automatic-recognition.html.
namespace {

// The COPY text of `value` for a column of `type` (or "error NNNN").
std::string load(std::string_view value, const sql_type& type, const conversion_settings& s = {}) {
    const outcome o = run(str(value), type, s);
    return o.code == 0 ? o.text : "error " + std::to_string(o.code);
}

conversion_settings formats(std::optional<std::string> dateformat, std::optional<std::string> timeformat) {
    conversion_settings s;
    s.dateformat = time_format::parse(dateformat, true);
    s.timeformat = time_format::parse(timeformat, false);
    return s;
}

}  // namespace

// r_DATEFORMAT_and_TIMEFORMAT_strings: "a COPY command loading source data with the date value Jan-01-1999 must
// include the following DATEFORMAT string: 'MON-DD-YYYY'", and the page's table of samples.
TEST_CASE("copy conversion: the documented DATEFORMAT and TIMEFORMAT samples") {
    CHECK(load("Jan-01-1999", date(), formats("MON-DD-YYYY", std::nullopt)) == "1999-01-01");
    CHECK(load("03/31/2003", date(), formats("MM/DD/YYYY", std::nullopt)) == "2003-03-31");
    CHECK(load("March 31, 2003", date(), formats("MON DD, YYYY", std::nullopt)) == "2003-03-31");
    const auto dotted = formats(std::nullopt, "MM.DD.YYYY HH:MI:SS");
    CHECK(load("03.31.2003 18:45:05", timestamp(), dotted) == "2003-03-31 18:45:05");
    CHECK(load("03.31.2003 18:45:05.123456", timestamp(), dotted) == "2003-03-31 18:45:05.123456");
    // "The default date format is YYYY-MM-DD. The default timestamp without time zone (TIMESTAMP) format is
    // YYYY-MM-DD HH:MI:SS. … TIMESTAMPTZ … YYYY-MM-DD HH:MI:SSOF, where OF is the offset from UTC (for example,
    // -8:00."
    CHECK(load("2008-01-05", date()) == "2008-01-05");
    CHECK(load("2008-01-05 14:30:00", timestamp()) == "2008-01-05 14:30:00");
    CHECK(load("2008-01-05 14:30:00-8:00", timestamptz()) == "2008-01-05 22:30:00+00");
    CHECK(load("2008-01-05 14:30:00+05:30", timestamptz()) == "2008-01-05 09:00:00+00");
    // "The seconds (SS) field also supports fractional seconds up to a microsecond level of detail."
    CHECK(load("2009-01-12 14:15:57.119568", timestamp()) == "2009-01-12 14:15:57.119568");
    CHECK(load("2009-01-12 14:15:57.1", timestamp()) == "2009-01-12 14:15:57.1");
    // "You can't include a time zone specifier (TZ, tz, or OF) in the timeformat_string."
    for (const char* f : {"YYYY-MM-DD HH:MI:SSOF", "YYYY-MM-DD HH:MI:SS TZ", "YYYY-MM-DD HH:MI:SS tz"})
        CHECK_THROWS_AS((void)time_format::parse(std::string(f), false), load_error);
}

// copy-parameters-data-conversion, DATEFORMAT: "an alternative valid format is 'MM-DD-YYYY'"; "The date format can
// include time information (hour, minutes, seconds), but this information is ignored."
TEST_CASE("copy conversion: DATEFORMAT may carry a time that is ignored") {
    CHECK(load("01-05-2008", date(), formats("MM-DD-YYYY", std::nullopt)) == "2008-01-05");
    CHECK(load("2008-01-05 14:30:00", date(), formats("YYYY-MM-DD HH:MI:SS", std::nullopt)) == "2008-01-05");
}

// automatic-recognition: "'J2345678 04:05:06.789'" casts to the date 1710-02-23; "If the source data for a DATE
// column includes time information, the time component is truncated. If the source data for a TIMESTAMP column
// omits time information, 00:00:00 is used"; the keywords are case-sensitive (copy-parameters-data-conversion).
TEST_CASE("copy conversion: auto reads Julian days with a time and fills or drops the time") {
    const auto a = formats("auto", "auto");
    CHECK(load("J2345678 04:05:06.789", date(), a) == "1710-02-23");
    CHECK(load("J2345678 04:05:06.789", timestamp(), a).rfind("1710-02-23 04:05:06", 0) == 0);
    CHECK(load("2008-01-05", timestamp(), a) == "2008-01-05 00:00:00");
    CHECK(load("2008-01-05 14:30:00", date(), a) == "2008-01-05");
    CHECK_THROWS_AS((void)time_format::parse(std::string("AUTO"), false), load_error);
    CHECK_THROWS_AS((void)time_format::parse(std::string("Epochsecs"), false), load_error);
}

// copy-parameters-data-conversion, ACCEPTANYDATE: "Allows any date format, including invalid formats such as
// 00/00/00 00:00:00, to be loaded without generating an error. This parameter applies only to TIMESTAMP and DATE
// columns. … If the date format for the data doesn't match the DATEFORMAT specification, Amazon Redshift inserts a
// NULL value into that field."
TEST_CASE("copy conversion: ACCEPTANYDATE loads NULL for a date or timestamp that does not match") {
    auto s = formats("MM/DD/YY", "MM/DD/YY HH:MI:SS");
    CHECK(load("00/00/00", date(), s) == "error 1205");
    CHECK(load("00/00/00 00:00:00", timestamp(), s) == "error 1206");
    s.acceptanydate = true;
    CHECK(load("00/00/00", date(), s) == "\\N");
    CHECK(load("00/00/00 00:00:00", timestamp(), s) == "\\N");
    CHECK(load("not a date", timestamptz(), s) == "\\N");
    CHECK(load("12/31/99", date(), s) == "1999-12-31");
    CHECK(load("x", integer(), s) == "error 1207");  // only dates and timestamps
}

// copy-parameters-data-conversion, BLANKSASNULL and EMPTYASNULL: they apply to CHAR and VARCHAR; "Blank fields for
// other data types, such as INT, are always loaded with NULL"; "Empty fields for other data types, such as INT, are
// always loaded with NULL".
TEST_CASE("copy conversion: empty and blank fields per type") {
    conversion_settings plain;
    CHECK(load("   ", varchar(10), plain) == "   ");
    CHECK(load("", varchar(10), plain).empty());
    CHECK(load("   ", char_type(3), plain) == "   ");
    for (const sql_type& t : {integer(), smallint(), bigint(), decimal(8, 2), real(), double_precision(), boolean(),
                              date(), timestamp(), timestamptz()}) {
        CAPTURE(to_sql(t));
        CHECK(load("", t, plain) == "\\N");
        CHECK(load("   ", t, plain) == "\\N");
        CHECK(load(" \t ", t, plain) == "\\N");
    }
    conversion_settings blanks;
    blanks.blanksasnull = true;
    CHECK(load("   ", varchar(10), blanks) == "\\N");
    CHECK(load("   ", char_type(3), blanks) == "\\N");
    conversion_settings empties;
    empties.emptyasnull = true;
    CHECK(load("", varchar(10), empties) == "\\N");
    CHECK(load("", char_type(3), empties) == "\\N");
    CHECK(load("   ", varchar(10), empties) == "   ");
}
