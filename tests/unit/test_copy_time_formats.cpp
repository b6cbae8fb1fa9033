// DATEFORMAT / TIMEFORMAT and the per-type NULL rules of COPY, one check per documented statement:
// https://docs.aws.amazon.com/redshift/latest/dg/r_DATEFORMAT_and_TIMEFORMAT_strings.html,
// https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html and
// https://docs.aws.amazon.com/redshift/latest/dg/automatic-recognition.html.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <string_view>

#include "starshift/copy/reject.hpp"
#include "starshift/copy/value_converter.hpp"

using namespace starshift;
using namespace starshift::copy;

namespace {

json_value text(std::string_view s) {
    json_value v;
    v.kind = json_value::string;
    v.text = s;
    return v;
}

// The COPY text of `value` for a column of `type` (or "error NNNN").
std::string load(std::string_view value, const sql_type& type, const conversion_settings& s = {}) {
    std::string out;
    std::string scratch;
    const conversion_error e = convert_value(text(value), type, false, s, out, scratch);
    return e.code == 0 ? out : "error " + std::to_string(e.code);
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
TEST_CASE("copy time formats: the documented DATEFORMAT and TIMEFORMAT samples") {
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
TEST_CASE("copy time formats: DATEFORMAT may carry a time that is ignored") {
    CHECK(load("01-05-2008", date(), formats("MM-DD-YYYY", std::nullopt)) == "2008-01-05");
    CHECK(load("2008-01-05 14:30:00", date(), formats("YYYY-MM-DD HH:MI:SS", std::nullopt)) == "2008-01-05");
}

// automatic-recognition: "'J2345678 04:05:06.789'" casts to the date 1710-02-23; "If the source data for a DATE
// column includes time information, the time component is truncated. If the source data for a TIMESTAMP column
// omits time information, 00:00:00 is used"; the keywords are case-sensitive (copy-parameters-data-conversion).
TEST_CASE("copy time formats: auto reads Julian days with a time and fills or drops the time") {
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
TEST_CASE("copy time formats: ACCEPTANYDATE loads NULL for a date or timestamp that does not match") {
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
TEST_CASE("copy time formats: empty and blank fields per type") {
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
