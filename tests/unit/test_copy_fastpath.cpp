// The copy engine's fast paths give the same results as the general ones: in-place records vs records assembled
// across read blocks, the one-pass key matcher vs path resolution, number and text formatting shortcuts.
#include <doctest/doctest.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "starshift/copy/detail/copy_text.hpp"
#include "starshift/copy/jsonpaths.hpp"
#include "starshift/copy/record_converter.hpp"
#include "starshift/copy/record_splitter.hpp"
#include "starshift/copy/reject.hpp"
#include "starshift/copy/value_converter.hpp"
#include "starshift/io/memory_store.hpp"
#include "support/split_events.hpp"

using namespace starshift;
using namespace starshift::copy;

namespace {

using event = testing::split_record<split_event>;

std::vector<event> split(const std::string& s, std::size_t step, std::size_t block, std::size_t max) {
    io::memory_reader r(s, "mem", step);
    record_splitter sp(r, max, block);
    return testing::split_all(sp, [](const record_splitter& at, split_event e) {
        if (e == split_event::record) {
            // the padding after a record is readable
            const char* end = at.text().data() + at.text().size();
            volatile char sink = 0;
            for (std::size_t i = 0; i < record_padding; ++i) {
                sink = static_cast<char>(sink ^ end[i]);
            }
        }
    });
}

// Random JSON-ish text: objects with strings (escapes, brackets, quotes), nested arrays, newlines, garbage.
std::string random_stream(std::mt19937& rng, int records) {
    const char* const pieces[] = {"{\"a\":1}", "{\"s\":\"x{y}[z]\"}", "{\"e\":\"q\\\"uo\\\\te\\/\"}", "[1,[2,[3]]]",
                                  "{\"n\":{\"m\":[{\"k\":\"v\"}]}}", "{\"long\":\"0123456789abcdefghijklmnopqrstuvwxyz\"}",
                                  "{\"nl\":\n\"v\"\n}", "junk", ",", "{\"u\":\"\\u00e9\"}"};
    const char* const gaps[] = {"\n", " ", "\r\n", "\n\n", "\t", ""};
    std::string s;
    for (int i = 0; i < records; ++i) {
        s += pieces[rng() % (sizeof pieces / sizeof pieces[0])];
        s += gaps[rng() % (sizeof gaps / sizeof gaps[0])];
    }
    if (rng() % 3 == 0) {
        s += "{\"unterminated\":\"";
    }
    return s;
}

}  // namespace

TEST_CASE("copy fastpath: splitting is the same for every read size and block size") {
    std::mt19937 rng(7);
    for (int round = 0; round < 200; ++round) {
        const std::string s = random_stream(rng, 1 + static_cast<int>(rng() % 40));
        const auto reference = split(s, 1, 1, default_max_record_bytes);
        for (std::size_t block : {2U, 7U, 16U, 33U, 100U, 1U << 20U}) {
            for (std::size_t step : {1U, 5U, 64U, 1U << 20U}) {
                const auto got = split(s, step, block, default_max_record_bytes);
                REQUIRE(got.size() == reference.size());
                for (std::size_t i = 0; i < got.size(); ++i) {
                    CHECK(got[i] == reference[i]);
                }
            }
        }
    }
}

TEST_CASE("copy fastpath: an in-block record over the size bound is too_large") {
    const std::string s = "{\"a\":\"" + std::string(3000, 'x') + "\"}\n{\"b\":1}\n";
    for (std::size_t block : {64U, 1U << 20U}) {
        const auto ev = split(s, 1U << 20U, block, 1000);
        REQUIRE(ev.size() == 2);
        CHECK(ev[0].kind == split_event::too_large);
        CHECK(ev[0].text.size() == max_raw_value_bytes);
        CHECK(ev[0].text.substr(0, 6) == "{\"a\":\"");
        CHECK(ev[1].kind == split_event::record);
        CHECK(ev[1].text == "{\"b\":1}");
        CHECK(ev[1].line == 2);
    }
}

namespace {

std::string convert_one(record_converter& conv, const std::string& json, reject* rej_out = nullptr) {
    std::string padded = json;
    padded.append(record_padding, '\0');
    std::string out;
    reject rej;
    if (!conv.convert(std::string_view(padded.data(), json.size()), out, rej)) {
        if (rej_out != nullptr) {
            *rej_out = rej;
        }
        return "REJECT " + std::to_string(rej.code);
    }
    return out;
}

std::vector<json_path> paths_of(std::initializer_list<const char*> exprs) {
    std::vector<json_path> p;
    for (const char* e : exprs) {
        p.push_back(parse_json_path(e, "test"));
    }
    return p;
}

}  // namespace

TEST_CASE("copy fastpath: jsonpaths keys take the first occurrence and may feed several columns") {
    std::vector<target_column> cols = {{"a", varchar(10), false}, {"b", varchar(10), false}, {"a2", varchar(10), false},
                                       {"deep", varchar(10), false}};
    record_converter conv(cols, paths_of({"$['a']", "$['b']", "$['a']", "$['n']['k']"}), false, conversion_settings{});
    CHECK(convert_one(conv, R"({"a":"first","b":"x","a":"second","n":{"k":"deepv"}})") == "first\tx\tfirst\tdeepv\n");
    CHECK(convert_one(conv, R"({"b":"only"})") == "\\N\tonly\t\\N\t\\N\n");
    // keys in another order than the previous record
    CHECK(convert_one(conv, R"({"n":{"k":1},"b":2,"a":3})") == "3\t2\t3\t1\n");
    // a root array: members of a non-object are NULL
    CHECK(convert_one(conv, R"([1,2])") == "\\N\t\\N\t\\N\t\\N\n");
    // keys are matched exactly (case matters) with jsonpaths
    CHECK(convert_one(conv, R"({"A":"x","B":"y"})") == "\\N\t\\N\t\\N\t\\N\n");
}

TEST_CASE("copy fastpath: auto takes the last occurrence and ignorecase folds ASCII") {
    std::vector<target_column> cols = {{"artist", varchar(20), false}, {"userid", integer(), false}};
    record_converter exact(cols, std::nullopt, false, conversion_settings{});
    CHECK(convert_one(exact, R"({"artist":"one","artist":"two","userid":5})") == "two\t5\n");
    CHECK(convert_one(exact, R"({"userId":5,"Artist":"x"})") == "\\N\t\\N\n");
    record_converter folded(cols, std::nullopt, true, conversion_settings{});
    CHECK(convert_one(folded, R"({"userId":"7","ARTIST":"x"})") == "x\t7\n");
    CHECK(convert_one(folded, R"([1])") == "REJECT " + std::to_string(error_code::malformed_json));
}

TEST_CASE("copy fastpath: doubles and integral doubles have their shortest round-trip text") {
    std::vector<target_column> cols = {{"d", double_precision(), false}, {"v", varchar(40), false}};
    record_converter conv(cols, std::nullopt, false, conversion_settings{});
    CHECK(convert_one(conv, R"({"d":1540344794796.0,"v":1540344794796.0})") == "1540344794796\t1540344794796\n");
    CHECK(convert_one(conv, R"({"d":-120.0,"v":266.83244})") == "-120\t266.83244\n");
    for (const char* text : {"100000000000000.0", "1e20", "0.0", "-0.0", "9007199254740993.0", "123456789012345680000.0",
                             "1e15", "999999999999999.0", "1000000000000000.0", "-1e14", "10.0", "5e-324", "1.7976931348623157e308"}) {
        const double d = std::strtod(text, nullptr);
        char buf[64];
        const auto r = std::to_chars(buf, buf + sizeof buf, d);
        const std::string want(buf, r.ptr);
        CHECK(convert_one(conv, std::string("{\"d\":") + text + ",\"v\":" + text + "}") == want + "\t" + want + "\n");
    }
}

TEST_CASE("copy fastpath: COPY text escaping of long and short values") {
    for (const std::string& body : {std::string("plain ascii with no escapes at all, long enough for SIMD"),
                                    std::string("tab\there\nnewline \\ backslash \x01 \x7f del and more text after"),
                                    std::string(40, 'x') + "\x1f", std::string("\t"), std::string()}) {
        std::string expected;
        for (const char ch : body) {
            const auto c = static_cast<unsigned char>(ch);
            switch (c) {
                case '\\': expected += "\\\\"; break;
                case '\n': expected += "\\n"; break;
                case '\r': expected += "\\r"; break;
                case '\t': expected += "\\t"; break;
                case '\b': expected += "\\b"; break;
                case '\f': expected += "\\f"; break;
                case '\v': expected += "\\v"; break;
                default:
                    if (c < 0x20U || c == 0x7FU) {
                        expected += '\\';
                        expected += static_cast<char>('0' + ((c >> 6U) & 7U));
                        expected += static_cast<char>('0' + ((c >> 3U) & 7U));
                        expected += static_cast<char>('0' + (c & 7U));
                    } else {
                        expected += ch;
                    }
            }
        }
        std::string out = "prefix|";
        append_copy_text(out, body);
        CHECK(out == "prefix|" + expected);
    }
}

TEST_CASE("copy fastpath: a reset splitter starts over on another input") {
    io::memory_reader first("{\"a\":1}\n{\"a\":\n2}\n{\"unterminated\":", "mem", 1000);
    io::memory_reader second("\n\n{\"b\":2}", "mem", 1000);
    record_splitter sp(first);
    CHECK(sp.next() == split_event::record);
    CHECK(sp.next() == split_event::record);
    CHECK(sp.line() == 2);  // where the record starts
    CHECK(sp.end_line() == 3);
    CHECK(sp.next() == split_event::unterminated);
    CHECK(sp.next() == split_event::end);
    sp.reset(second);
    REQUIRE(sp.next() == split_event::record);
    CHECK(sp.text() == "{\"b\":2}");
    CHECK(sp.line() == 3);
    CHECK(sp.bytes() == 9);
    CHECK(sp.next() == split_event::end);
}

namespace {

// Every outcome of a stream, as the encoder sees it: rows, and rejects with their line and code.
std::vector<std::string> outcomes(const std::string& s, bool candidates, std::size_t block) {
    io::memory_reader r(s, "mem", 1U << 20U);
    record_splitter sp(r, 200, block);
    sp.enable_line_candidates(candidates);
    std::vector<target_column> cols = {{"a", varchar(20), false}, {"s", varchar(40), false}};
    record_converter conv(cols, std::nullopt, false, conversion_settings{});
    std::vector<std::string> out;
    for (;;) {
        split_event ev = sp.next();
        if (ev == split_event::end) {
            break;
        }
        std::string row;
        reject rej;
        bool ok = false;
        bool done = false;
        if (ev == split_event::record && sp.candidate()) {
            bool not_one = false;
            ok = conv.convert_candidate(sp.text(), row, rej, not_one);
            done = !not_one;
            if (not_one) {
                CHECK(row.empty());
                ev = sp.rescan();
                CHECK_FALSE(sp.candidate());
            }
        }
        if (ev == split_event::record && !done) {
            ok = conv.convert(sp.text(), row, rej);
        }
        const std::string where = "@" + std::to_string(sp.line()) + " ";
        if (ev == split_event::record && ok) {
            out.push_back(where + row);
        } else if (ev == split_event::record) {
            out.push_back(where + "reject " + std::to_string(rej.code) + " " + rej.raw_value.substr(0, 40));
        } else {
            out.push_back(where + "event " + std::to_string(static_cast<int>(ev)) + " " + std::string(sp.text()));
        }
    }
    return out;
}

}  // namespace

TEST_CASE("copy fastpath: line candidates give the same rows and rejects as scanning") {
    std::mt19937 rng(11);
    const char* const lines[] = {"{\"a\":1,\"s\":\"x\"}", "{\"a\":\"}{\",\"s\":\"y\"}  ", "{\"a\":1} {\"a\":2}",
                                 "{\"a\":1},{\"a\":2}", "{\"a\":\n2}", "{\"a\":\"bad\xff utf8\"}", "{\"a\":1 junk}",
                                 "[1,2]", "[\"x\"] [\"y\"]", "{\"a\":\"unbalanced}\"", "{\"a\":{\"b\":[1,{\"c\":2}]}}",
                                 "{\"s\":\"" "\\\"esc\\\\aped\\n\"}\r", "junk {\"a\":3}", "{}", "{\"a\":1}}",
                                 "{\"a\":\"" "0123456789012345678901234567890123456789" "\"}",
                                 "{\"s\":\"" "long long long long long long long long long long long long long long long long long long long long long long long long long long long long long long long long long long long long long long long long long long long" "\"}"};
    for (int round = 0; round < 300; ++round) {
        std::string s;
        const int n = 1 + static_cast<int>(rng() % 30);
        for (int i = 0; i < n; ++i) {
            s += lines[rng() % (sizeof lines / sizeof lines[0])];
            s += rng() % 5 == 0 ? "\n\n" : "\n";
        }
        if (rng() % 4 == 0) {
            s.pop_back();  // no newline at the end
        }
        for (std::size_t block : {64U, 1U << 20U}) {
            CHECK(outcomes(s, true, block) == outcomes(s, false, block));
        }
    }
}

TEST_CASE("copy fastpath: inline conversions agree with convert_value") {
    const std::vector<std::pair<std::string, sql_type>> types = {
        {"vc", varchar(5)}, {"ch", char_type(3)}, {"si", smallint()}, {"in", integer()}, {"bi", bigint()},
        {"re", real()},     {"dp", double_precision()}};
    const std::vector<std::string> values = {"\"abc\"", "\"abcdef\"", "\"a\\u0000b\"", "\"\"", "\"  \"", "\"t\\tb\\\\\"",
                                             "\"é\"", "40000", "-32769", "3000000000", "-9223372036854775808", "7",
                                             "2.5", "null", "true", "\"12\"", "1e300"};
    for (const bool not_null : {false, true}) {
        for (const bool empties : {false, true}) {
            conversion_settings st;
            st.emptyasnull = empties;
            st.blanksasnull = empties;
            for (const auto& [name, type] : types) {
                record_converter conv({{name, type, not_null}}, std::nullopt, false, st);
                for (const std::string& value : values) {
                    for (const bool missing : {false, true}) {
                        const std::string json = missing ? "{\"other\":1}" : "{\"" + name + "\":" + value + "}";
                        reject rej;
                        const std::string got = convert_one(conv, json, &rej);
                        // the reference: convert_value on the same parsed value
                        std::string want;
                        std::string scratch;
                        json_value v;
                        std::string unescaped;
                        if (!missing) {
                            if (value == "null") {
                                v.kind = json_value::null;
                            } else if (value.front() == '"') {
                                v.kind = json_value::string;
                                unescaped = value.substr(1, value.size() - 2);
                                if (unescaped == "a\\u0000b") unescaped = std::string("a\0b", 3);
                                if (unescaped == "t\\tb\\\\") unescaped = "t\tb\\";
                                v.text = unescaped;
                            } else if (value == "true") {
                                v.kind = json_value::boolean;
                                v.b = true;
                            } else if (value.find_first_of(".e") != std::string::npos) {
                                v.kind = json_value::floating;
                                v.d = std::strtod(value.c_str(), nullptr);
                            } else if (value == "3000000000" || value.front() == '-' || value.size() < 6) {
                                v.kind = json_value::int64;
                                v.i = std::strtoll(value.c_str(), nullptr, 10);
                            }
                        }
                        const conversion_error e = convert_value(v, type, not_null, st, want, scratch);
                        INFO(name << " " << json << " not_null=" << not_null << " empties=" << empties);
                        if (e.code != 0) {
                            CHECK(got == "REJECT " + std::to_string(e.code));
                        } else {
                            CHECK(got == want + "\n");
                        }
                    }
                }
            }
        }
    }
}
