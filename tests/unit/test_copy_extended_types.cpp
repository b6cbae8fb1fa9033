// COPY value conversion into TIME, TIMETZ, VARBYTE, SUPER, GEOMETRY, GEOGRAPHY and HLLSKETCH, in both wire formats
// (docs/parse.md, "Type mapping"; https://docs.aws.amazon.com/redshift/latest/dg/copy-usage-varbyte.html,
// https://docs.aws.amazon.com/redshift/latest/dg/ingest-super.html).
#include <doctest/doctest.h>

#include <string>

#include "starshift/copy/reject.hpp"
#include "starshift/copy/value_converter.hpp"
#include "support/hex.hpp"

using namespace starshift;
using namespace starshift::copy;
using starshift::testing::hex;

namespace {

json_value make(json_value::kind_t k, std::string_view text = {}) {
    json_value v;
    v.kind = k;
    v.text = text;
    return v;
}

struct outcome {
    int code = 0;
    std::string text;
};

outcome run(const json_value& v, const sql_type& t, const conversion_settings& s = {}) {
    std::string out;
    std::string scratch;
    const conversion_error e = convert_value(v, t, false, s, out, scratch);
    return {e.code, e.code == 0 ? out : std::string()};
}

conversion_settings csv_settings() {
    copy_spec spec;
    spec.format.kind = copy_format_kind::csv;
    return conversion_settings::from_spec(spec);
}

conversion_settings binary(conversion_settings s = {}) {
    s.wire = wire_format::binary;
    return s;
}

}  // namespace

TEST_CASE("copy extended types: SUPER from JSON input takes the value itself") {
    CHECK(run(make(json_value::composite, R"({"a":[1,2]})"), super()).text == R"({"a":[1,2]})");
    CHECK(run(make(json_value::string, "say \"hi\"\n"), super()).text == R"("say \\"hi\\"\\n")");
    json_value n = make(json_value::int64);
    n.i = -42;
    CHECK(run(n, super()).text == "-42");
    json_value b = make(json_value::boolean);
    b.b = true;
    CHECK(run(b, super()).text == "true");
    CHECK(run(make(json_value::null), super()).text == "\\N");
    CHECK(conversion_settings::from_spec(copy_spec{}).super_text_is_json == false);
}

TEST_CASE("copy extended types: SUPER from CSV or text is serialized JSON") {
    const conversion_settings s = csv_settings();
    CHECK(s.super_text_is_json);
    CHECK(run(make(json_value::string, R"([{"n_nationkey":0}])"), super(), s).text == R"([{"n_nationkey":0}])");
    CHECK(run(make(json_value::string, R"("text")"), super(), s).text == R"("text")");
    CHECK(run(make(json_value::string, "not json"), super(), s).code == error_code::malformed_json);
    CHECK(run(make(json_value::string, R"({"a":)"), super(), s).code == error_code::malformed_json);
    CHECK(run(make(json_value::string, R"("a\u0000b")"), super(), s).code == error_code::malformed_json);
    CHECK(run(make(json_value::string, ""), super(), s).text == "\\N");
    // jsonb's binary form: version 1, then the JSON text.
    CHECK(hex(run(make(json_value::string, "[1]"), super(), binary(s)).text) == "00000004" "01" "5b315d");
}

TEST_CASE("copy extended types: VARBYTE from hexadecimal text") {
    CHECK(run(make(json_value::string, "6162"), varbyte(4)).text == "\\\\x6162");
    CHECK(run(make(json_value::string, "ABff"), varbyte(4)).text == "\\\\xabff");
    CHECK(hex(run(make(json_value::string, "6162"), varbyte(4), binary()).text) == "00000002" "6162");
    CHECK(run(make(json_value::string, "616"), varbyte(4)).code == error_code::invalid_data_type);
    CHECK(run(make(json_value::string, "zz"), varbyte(4)).code == error_code::invalid_data_type);
    CHECK(run(make(json_value::string, "6162636465"), varbyte(4)).code == error_code::out_of_range);
    conversion_settings t;
    t.truncatecolumns = true;  // CHAR and VARCHAR only
    CHECK(run(make(json_value::string, "6162636465"), varbyte(4), t).code == error_code::out_of_range);
    json_value n = make(json_value::int64);
    CHECK(run(n, varbyte(4)).code == error_code::invalid_data_type);
}

TEST_CASE("copy extended types: TIME and TIMETZ") {
    CHECK(run(make(json_value::string, "04:05:06.789"), time_type()).text == "04:05:06.789");
    CHECK(run(make(json_value::string, "4:05"), time_type()).text == "04:05:00");
    CHECK(run(make(json_value::string, "23:59:59.1234567"), time_type()).text == "23:59:59.123456");
    CHECK(run(make(json_value::string, "10:00:00+05"), time_type()).text == "10:00:00");
    CHECK(run(make(json_value::string, "10:00:00+05"), timetz()).text == "10:00:00+05:00");
    CHECK(run(make(json_value::string, "10:00:00 -03:30"), timetz()).text == "10:00:00-03:30");
    CHECK(run(make(json_value::string, "10:00:00"), timetz()).text == "10:00:00+00:00");
    CHECK(run(make(json_value::string, "24:00:00"), time_type()).text == "24:00:00");
    CHECK(run(make(json_value::string, "2019-02-11 05:09:12"), time_type()).text == "05:09:12");
    CHECK(run(make(json_value::string, "25:00"), time_type()).code == error_code::timestamp_format);
    CHECK(run(make(json_value::string, "noon"), time_type()).code == error_code::timestamp_format);
    // time: int64 microseconds; timetz: that and the zone in seconds west of UTC.
    CHECK(hex(run(make(json_value::string, "00:00:01"), time_type(), binary()).text) == "00000008" "00000000000f4240");
    CHECK(hex(run(make(json_value::string, "00:00:01+01"), timetz(), binary()).text) ==
          "0000000c" "00000000000f4240" "fffff1f0");
}

TEST_CASE("copy extended types: GEOMETRY GEOGRAPHY and HLLSKETCH load their text") {
    const std::string ewkb = "0101000020E6100000000000000000F03F0000000000000040";
    CHECK(run(make(json_value::string, ewkb), geometry()).text == ewkb);
    CHECK(run(make(json_value::string, "POINT(1 2)"), geography()).text == "POINT(1 2)");
    const std::string sketch = R"({"version":1,"logm":15,"sparse":{"indices":[4878,9559],"values":[1,2]}})";
    CHECK(run(make(json_value::composite, sketch), hllsketch()).text == sketch);
    CHECK(run(make(json_value::composite, "[1]"), geometry()).code == error_code::invalid_data_type);
    CHECK(run(make(json_value::string, std::string(24581, 'a')), hllsketch()).code == error_code::out_of_range);
}
