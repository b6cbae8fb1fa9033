// COPY binary wire format: every column type's field bytes computed by hand (PostgreSQL's *send/*recv forms),
// the stream's header and trailer, row framing, and the same rows and rejects as the text format.
#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "starshift/copy/copy_binary.hpp"
#include "starshift/copy/copy_encoder.hpp"
#include "starshift/copy/record_converter.hpp"
#include "starshift/copy/reject.hpp"
#include "starshift/copy/value_converter.hpp"
#include "support/hex.hpp"
#include "support/json_values.hpp"
#include "test_bad_input_corpus.hpp"

using namespace starshift;
using namespace starshift::copy;
using starshift::testing::hex;
using namespace starshift::testing::json;

namespace {

// Expected bytes written as hex with optional spaces.
std::string bytes(std::string_view spaced) {
    std::string out;
    for (char c : spaced) {
        if (c != ' ') out += c;
    }
    return out;
}


struct outcome {
    int code = 0;
    std::string hex;
};

outcome bin(const json_value& v, const sql_type& t, conversion_settings s = {}, bool not_null = false) {
    s.wire = wire_format::binary;
    std::string out = "x";  // a field is appended: what was there stays
    std::string scratch;
    const conversion_error e = convert_value(v, t, not_null, s, out, scratch);
    REQUIRE(out.substr(0, 1) == "x");
    if (e.code != 0) {
        CHECK(out == "x");  // nothing appended on failure
    }
    return {e.code, e.code == 0 ? hex(out.substr(1)) : std::string()};
}

// Decodes a whole binary COPY stream: rows of fields (nullopt = NULL). Fails the test on a malformed stream.
std::vector<std::vector<std::optional<std::string>>> decode_stream(const std::string& s) {
    std::vector<std::vector<std::optional<std::string>>> rows;
    std::string header;
    append_binary_header(header);
    REQUIRE(s.size() >= header.size() + 2);
    REQUIRE(s.compare(0, header.size(), header) == 0);
    std::size_t p = header.size();
    auto u16 = [&]() {
        REQUIRE(p + 2 <= s.size());
        const auto v = static_cast<std::uint16_t>((static_cast<unsigned char>(s[p]) << 8U) |
                                                  static_cast<unsigned char>(s[p + 1]));
        p += 2;
        return v;
    };
    auto u32 = [&]() {
        REQUIRE(p + 4 <= s.size());
        std::uint32_t v = 0;
        for (int k = 0; k < 4; ++k) v = (v << 8U) | static_cast<unsigned char>(s[p++]);
        return v;
    };
    for (;;) {
        const std::uint16_t n = u16();
        if (n == 0xFFFFU) break;
        std::vector<std::optional<std::string>> row;
        for (std::uint16_t i = 0; i < n; ++i) {
            const std::uint32_t len = u32();
            if (len == 0xFFFFFFFFU) {
                row.emplace_back(std::nullopt);
                continue;
            }
            REQUIRE(p + len <= s.size());
            row.emplace_back(s.substr(p, len));
            p += len;
        }
        rows.push_back(std::move(row));
    }
    CHECK(p == s.size());  // nothing after the trailer
    return rows;
}

}  // namespace

TEST_CASE("copy binary: the stream header and trailer are PostgreSQL's") {
    std::string h;
    append_binary_header(h);
    CHECK(hex(h) == bytes("5047434f5059 0aff0d0a00 00000000 00000000"));
    std::string t;
    append_binary_trailer(t);
    CHECK(hex(t) == "ffff");
    CHECK(parse_wire_format("BINARY") == wire_format::binary);
    CHECK(parse_wire_format("text") == wire_format::text);
    CHECK_FALSE(parse_wire_format("csv").has_value());
    CHECK(to_sql(wire_format::binary) == "binary");
}

TEST_CASE("copy binary: integers are big-endian of the column's width") {
    CHECK(bin(num(-2), smallint()).hex == bytes("00000002 fffe"));
    CHECK(bin(str(" 300 "), smallint()).hex == bytes("00000002 012c"));
    CHECK(bin(num(1), integer()).hex == bytes("00000004 00000001"));
    CHECK(bin(num(-2147483648LL), integer()).hex == bytes("00000004 80000000"));
    CHECK(bin(num(-1), bigint()).hex == bytes("00000008 ffffffffffffffff"));
    CHECK(bin(str("9223372036854775807"), bigint()).hex == bytes("00000008 7fffffffffffffff"));
    CHECK(bin(dbl(5.0), integer()).hex == bytes("00000004 00000005"));
    // the same rejects as the text format
    CHECK(bin(num(32768), smallint()).code == error_code::out_of_range);
    CHECK(bin(str("12a"), integer()).code == error_code::invalid_digit);
    CHECK(bin(dbl(1.5), integer()).code == error_code::invalid_digit);
}

TEST_CASE("copy binary: REAL and DOUBLE PRECISION are IEEE 754 big-endian") {
    CHECK(bin(dbl(1.0), double_precision()).hex == bytes("00000008 3ff0000000000000"));
    CHECK(bin(str("0.1"), double_precision()).hex == bytes("00000008 3fb999999999999a"));
    CHECK(bin(dbl(-2.5), double_precision()).hex == bytes("00000008 c004000000000000"));
    CHECK(bin(num(3), double_precision()).hex == bytes("00000008 4008000000000000"));
    CHECK(bin(dbl(1.5), real()).hex == bytes("00000004 3fc00000"));
    CHECK(bin(str("0.1"), real()).hex == bytes("00000004 3dcccccd"));   // float4in of "0.1", not (float)0.1 double
    CHECK(bin(dbl(0.1), real()).hex == bytes("00000004 3dcccccd"));
    CHECK(bin(num(-1), real()).hex == bytes("00000004 bf800000"));
    CHECK(bin(str("1e39"), real()).code == error_code::out_of_range);
    CHECK(bin(str("abc"), double_precision()).code == error_code::float_format);
}

TEST_CASE("copy binary: BOOLEAN is one byte") {
    CHECK(bin(boolean_value(true), boolean()).hex == "0000000101");
    CHECK(bin(str("off"), boolean()).hex == "0000000100");
    CHECK(bin(num(1), boolean()).hex == "0000000101");
    CHECK(bin(str("maybe"), boolean()).code == error_code::boolean_format);
}

TEST_CASE("copy binary: character types are the raw UTF-8 bytes and NUL still rejects") {
    CHECK(bin(str("h\xc3\xa9llo"), varchar(10)).hex == bytes("00000006 68c3a96c6c6f"));
    CHECK(bin(str("a\tb\\c\n"), varchar(10)).hex == bytes("00000006 61 09 62 5c 63 0a"));  // no escapes
    CHECK(bin(str(""), varchar(10)).hex == "00000000");                                    // empty, not NULL
    CHECK(bin(str("ab"), char_type(5)).hex == bytes("00000002 6162"));  // the server pads CHAR(5) on recv
    CHECK(bin(num(42), varchar(10)).hex == bytes("00000002 3432"));
    CHECK(bin(str(std::string_view("a\0b", 3)), varchar(10)).code == error_code::invalid_utf8);
    conversion_settings s;
    s.acceptinvchars = "?";
    CHECK(bin(str(std::string_view("a\0b", 3)), varchar(10), s).hex == bytes("00000003 613f62"));
    CHECK(bin(str("abcdef"), varchar(5)).code == error_code::out_of_range);
    s = {};
    s.emptyasnull = true;
    CHECK(bin(str(""), varchar(10), s).hex == "ffffffff");
}

TEST_CASE("copy binary: NULL is length -1 and NOT NULL still rejects") {
    json_value missing;
    CHECK(bin(missing, integer()).hex == "ffffffff");
    CHECK(bin(str(""), integer()).hex == "ffffffff");  // empty string into a non-character column
    CHECK(bin(missing, varchar(3), {}, true).code == error_code::not_null);
}

TEST_CASE("copy binary: DATE is int32 days since 2000-01-01") {
    CHECK(bin(str("2000-01-01"), date()).hex == bytes("00000004 00000000"));
    CHECK(bin(str("1999-12-31"), date()).hex == bytes("00000004 ffffffff"));
    CHECK(bin(str("2018-11-01"), date()).hex == bytes("00000004 00001adf"));  // 6879 days
    CHECK(bin(str("0001-01-01"), date()).hex == bytes("00000004 fff4dbf9"));  // -730119 days
    CHECK(bin(str("2018-13-01"), date()).code == error_code::date_format);
}

TEST_CASE("copy binary: TIMESTAMP is int64 microseconds since 2000-01-01 and TIMESTAMPTZ is UTC") {
    CHECK(bin(str("2000-01-01 00:00:01"), timestamp()).hex == bytes("00000008 00000000000f4240"));
    CHECK(bin(str("1999-12-31 23:59:59.5"), timestamp()).hex == bytes("00000008 fffffffffff85ee0"));
    // TIMESTAMP keeps the wall-clock time of a zoned text; TIMESTAMPTZ converts it to UTC
    CHECK(bin(str("2000-01-01 05:00:00+05"), timestamp()).hex == bytes("00000008 0000000430e23400"));  // 5 h
    CHECK(bin(str("2000-01-01 05:00:00+05"), timestamptz()).hex == bytes("00000008 0000000000000000"));
    conversion_settings s;
    s.timeformat = time_format::parse(std::string("epochmillisecs"), false);
    // 1541105830796 ms since 1970 = 2018-11-01 20:57:10.796 UTC
    CHECK(bin(num(1541105830796LL), timestamp(), s).hex == bytes("00000008 00021c9f6e633ae0"));
    CHECK(bin(str("not a time"), timestamp()).code == error_code::timestamp_format);
}

TEST_CASE("copy binary: DECIMAL is PostgreSQL's numeric (base-10000 digits, weight, sign, dscale)") {
    // 123.45: digits 0123 4500, weight 0, positive, dscale 2
    CHECK(bin(str("123.45"), decimal(8, 2)).hex == bytes("0000000c 0002 0000 0000 0002 007b 1194"));
    // -0.01: digit 0100 at weight -1, negative
    CHECK(bin(str("-0.01"), decimal(5, 2)).hex == bytes("0000000a 0001 ffff 4000 0002 0064"));
    // zero: no digits, weight 0, positive, dscale kept
    CHECK(bin(num(0), decimal(10, 3)).hex == bytes("00000008 0000 0000 0000 0003"));
    // -0.001 truncated to scale 2 is zero: positive
    CHECK(bin(str("-0.001"), decimal(5, 2)).hex == bytes("00000008 0000 0000 0000 0002"));
    // 10000: one digit 0001 at weight 1 (trailing zero digit stripped)
    CHECK(bin(num(10000), decimal(10, 0)).hex == bytes("0000000a 0001 0001 0000 0000 0001"));
    // scale larger than the digits: 5 as DECIMAL(20,8)
    CHECK(bin(str("5"), decimal(20, 8)).hex == bytes("0000000a 0001 0000 0000 0008 0005"));
    // 1e-10 as DECIMAL(38,10): 0.0000000001 = digit 0100 at weight -3
    CHECK(bin(str("1e-10"), decimal(38, 10)).hex == bytes("0000000a 0001 fffd 0000 000a 0064"));
    // 38 digits
    CHECK(bin(str("-12345678901234567890123456789012345678"), decimal(38, 0)).hex ==
          bytes("0000001c 000a 0009 4000 0000 000c 0d80 1ed2 04d2 162e 2334 0d80 1ed2 04d2 162e"));
    // ROUNDEC rounds half away from zero: -2.675 → -2.68
    conversion_settings s;
    s.roundec = true;
    CHECK(bin(str("-2.675"), decimal(5, 2), s).hex == bytes("0000000c 0002 0000 4000 0002 0002 1a90"));
    CHECK(bin(str("-2.675"), decimal(5, 2)).hex == bytes("0000000c 0002 0000 4000 0002 0002 1a2c"));  // -2.67
    CHECK(bin(str("1000"), decimal(5, 2)).code == error_code::out_of_range);
    CHECK(bin(str("x1"), decimal(5, 2)).code == error_code::decimal_format);
}

TEST_CASE("copy binary: the numeric encoder on its own") {
    std::string out;
    append_binary_numeric(out, false, "0000", "");
    CHECK(hex(out) == bytes("00000008 0000 0000 0000 0000"));
    out.clear();
    append_binary_numeric(out, false, "12345", "6789");  // 1 2345 . 6789
    CHECK(hex(out) == bytes("0000000e 0003 0001 0000 0004 0001 0929 1a85"));
}

TEST_CASE("copy binary: a row is an int16 field count then the fields, in every record converter") {
    const std::vector<target_column> cols = {{"id", integer(), true}, {"name", varchar(10), false},
                                             {"ok", boolean(), false}};
    conversion_settings s;
    s.wire = wire_format::binary;
    record_converter conv(cols, std::nullopt, false, s);
    std::string rec = R"({"id": 7, "name": "ab", "ok": true})";
    rec.append(record_padding, '\0');
    std::string out;
    reject rej;
    REQUIRE(conv.convert(std::string_view(rec.data(), rec.size() - record_padding), out, rej));
    CHECK(hex(out) == bytes("0003 00000004 00000007 00000002 6162 00000001 01"));
    // a failed record leaves the output as it was
    std::string bad = R"({"id": null, "name": "ab"})";
    bad.append(record_padding, '\0');
    const std::string before = out;
    CHECK_FALSE(conv.convert(std::string_view(bad.data(), bad.size() - record_padding), out, rej));
    CHECK(rej.code == error_code::not_null);
    CHECK(out == before);
    // missing keys are NULL through the fast path
    std::string sparse = R"({"id": 1})";
    sparse.append(record_padding, '\0');
    out.clear();
    REQUIRE(conv.convert(std::string_view(sparse.data(), sparse.size() - record_padding), out, rej));
    CHECK(hex(out) == bytes("0003 00000004 00000001 ffffffff ffffffff"));

    const row_framing text(wire_format::text, 2);
    std::string t;
    text.begin_row(t);
    text.before_field(t, 0);
    t += "a";
    text.before_field(t, 1);
    text.null_field(t);
    text.end_row(t);
    CHECK(t == "a\t\\N\n");
}

TEST_CASE("copy binary: the bad input corpus gives the same rows and rejects in both wire formats") {
    const table t = bad_input::target_table("bad_target");
    copy_spec spec;
    spec.table = t.name;
    spec.source.uri = bad_input::corpus_dir();
    spec.maxerror = 100000;
    auto run = [&](wire_format w, std::string& all) {
        copy_options o;
        o.wire = w;
        o.chunk_bytes = 4096;  // several chunks: the header only in the first, the trailer only in the last
        auto enc = std::make_unique<copy_encoder>(spec, t, o);
        enc->run([&](std::string& chunk) {
            all += chunk;
            chunk.clear();
        });
        return enc;
    };
    std::string text_all;
    std::string bin_all;
    const auto te = run(wire_format::text, text_all);
    const auto be = run(wire_format::binary, bin_all);
    CHECK(be->stats().rows_loaded == te->stats().rows_loaded);
    CHECK(be->stats().rows_rejected == te->stats().rows_rejected);
    CHECK(be->stats().records_read == te->stats().records_read);
    REQUIRE(be->rejects().size() == te->rejects().size());
    for (std::size_t i = 0; i < te->rejects().size(); ++i) {
        CHECK(be->rejects()[i].code == te->rejects()[i].code);
        CHECK(be->rejects()[i].line == te->rejects()[i].line);
        CHECK(be->rejects()[i].column == te->rejects()[i].column);
    }
    const auto rows = decode_stream(bin_all);
    CHECK(rows.size() == be->stats().rows_loaded);
    CHECK(rows.size() > 0);
    const auto text_rows = bad_input::split(text_all, '\n');
    CHECK(text_rows.size() == rows.size() + 1);  // the last '\n' leaves an empty element
    for (const auto& r : rows) CHECK(r.size() == be->column_names().size());
}
