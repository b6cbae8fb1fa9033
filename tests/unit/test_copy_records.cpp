#include <doctest/doctest.h>
#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "starshift/copy/jsonpaths.hpp"
#include "starshift/copy/record_converter.hpp"
#include "starshift/copy/record_splitter.hpp"
#include "starshift/io/memory_store.hpp"
#include "support/error_of.hpp"
#include "support/split_events.hpp"

using namespace starshift;
using namespace starshift::copy;

namespace {

using event = testing::split_record<split_event>;

std::vector<event> split(const std::string& s, std::size_t step = 3, std::size_t max = default_max_record_bytes) {
    io::memory_reader r(s, "mem", step);
    record_splitter sp(r, max, 7);
    return testing::split_all(sp);
}

const char* const log_json_path_inline = R"({
    "jsonpaths": [
        "$['artist']", "$['auth']", "$['firstName']", "$['gender']", "$['itemInSession']", "$['lastName']",
        "$['length']", "$['level']", "$['location']", "$['method']", "$['page']", "$['registration']",
        "$['sessionId']", "$['song']", "$['status']", "$['ts']", "$['userAgent']", "$['userId']"
    ]
})";

std::string log_json_path_text() {
    std::ifstream f(STARSHIFT_SHARED_DATA_DIR "/sparkify/log_json_path.json");
    if (!f) {
        MESSAGE("sparkify sample data absent: using the inline copy of log_json_path.json");
        return log_json_path_inline;
    }
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

}  // namespace

TEST_CASE("copy splitter: NDJSON records with line numbers and no trailing newline") {
    const auto ev = split("{\"a\":1}\n{\"a\":\"}{\"}\n\n{\"a\":\n 3}");
    REQUIRE(ev.size() == 3);
    CHECK(ev[0].text == "{\"a\":1}");
    CHECK(ev[0].line == 1);
    CHECK(ev[1].text == "{\"a\":\"}{\"}");
    CHECK(ev[1].line == 2);
    CHECK(ev[2].line == 4);  // a record spanning lines reports the line where it starts
}

TEST_CASE("copy splitter: text outside objects is one garbage event per line") {
    const auto ev = split("{\"a\":1},{\"a\":2} junk\nmore junk [x] {y}\n{\"a\":3}");
    REQUIRE(ev.size() == 4);
    CHECK(ev[1].kind == split_event::garbage);
    CHECK(ev[1].text == ",{\"a\":2} junk");  // the rest of the line, records included
    CHECK(ev[1].line == 1);
    CHECK(ev[2].kind == split_event::garbage);
    CHECK(ev[2].text == "more junk [x] {y}");
    CHECK(ev[2].line == 2);
    CHECK(ev[3].kind == split_event::record);
    CHECK(ev[3].line == 3);
}

TEST_CASE("copy splitter: oversize and unterminated objects") {
    std::string big = "{\"a\":\"" + std::string(5000, 'x') + "\"}\n{\"b\":1}\n{\"c\":";
    const auto ev = split(big, 1000, 1000);
    REQUIRE(ev.size() == 3);
    CHECK(ev[0].kind == split_event::too_large);
    CHECK(ev[0].text.size() <= 1024);
    CHECK(ev[1].kind == split_event::record);
    CHECK(ev[2].kind == split_event::unterminated);
    CHECK(ev[2].line == 3);
}

TEST_CASE("copy jsonpaths: the real log_json_path.json parses to 18 paths") {
    const jsonpaths_file f = parse_jsonpaths(log_json_path_text(), "log_json_path.json");
    REQUIRE(f.paths.has_value());
    REQUIRE(f.paths->size() == 18);
    CHECK(std::get<std::string>(f.paths->front().steps.at(0)) == "artist");
    CHECK(std::get<std::string>(f.paths->back().steps.at(0)) == "userId");
}

TEST_CASE("copy jsonpaths: notations and errors") {
    const json_path p = parse_json_path("$.a.b[2]", "f");
    REQUIRE(p.steps.size() == 3);
    CHECK(std::get<std::size_t>(p.steps[2]) == 2);
    auto id_of = [](const std::string& text) {
        return starshift::testing::error_id_of<load_error>([&] { (void)parse_jsonpaths(text, "paths.json"); }, "none");
    };
    CHECK(id_of(R"({"jsonpaths": ["$['a']", "$.b"]})") == "starshift.copy.bad_jsonpath");
    CHECK(id_of(R"({"jsonpaths": ["$.a[*]"]})") == "starshift.copy.bad_jsonpath");
    CHECK(id_of(R"({"jsonpaths": ["a"]})") == "starshift.copy.bad_jsonpath");
    CHECK(id_of(R"({"jsonpaths": [""]})") == "starshift.copy.bad_jsonpaths");
    CHECK(id_of(R"({"jsonpaths": [1]})") == "starshift.copy.bad_jsonpaths");
    CHECK(id_of(R"({"jsonpaths": []})") == "starshift.copy.bad_jsonpaths");
    CHECK(id_of(R"({"jsonpaths": ["$.a"]} {})") == "starshift.copy.bad_jsonpaths");
    CHECK(id_of(R"({"jsonpaths": ["$.a"]})") == "none");
    const jsonpaths_file other =
        parse_jsonpaths(R"({"paths": ["$.a"]})", "p.json", jsonpaths_key_rule::auto_fallback);
    CHECK_FALSE(other.paths.has_value());
    CHECK(other.warning.find("starshift.copy.jsonpaths_ignored") != std::string::npos);
}

// The jsonpaths file rules of https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-format.html
// (section "JSONPaths file"): "The JSONPaths file must contain only a single JSON object (not an array). The JSON
// object is a name-value pair. The object key ... must be "jsonpaths". The value ... is an array of JSONPath
// expressions", and COPY fails when the JSON is malformed, there is more than one object, any character but white
// space is outside the object, or an element is an empty string or not a string. The same page says a key other
// than "jsonpaths" is ignored in favour of 'auto'; the engine fails such a file unless
// jsonpaths_key_rule::auto_fallback is asked for (docs/copy-engine.md).
TEST_CASE("copy jsonpaths: the file is one object whose one key jsonpaths holds a non-empty array of paths") {
    auto error_of = [](const std::string& text) {
        return starshift::testing::error_message_of<load_error>(
            [&] { (void)parse_jsonpaths(text, "s3://bucket/paths.json"); }, "none");
    };
    const std::string id = "[starshift.copy.bad_jsonpaths] s3://bucket/paths.json: ";
    CHECK(error_of(R"({"jsonpath": ["$.a"]})") ==
          id + "the top-level key must be \"jsonpaths\", found the key \"jsonpath\"");
    CHECK(error_of(R"({"JSONPaths": ["$.a"]})").find("found the key \"JSONPaths\"") != std::string::npos);
    CHECK(error_of(R"({})") == id + "the top-level key must be \"jsonpaths\", found an empty object");
    CHECK(error_of(R"({"jsonpaths": ["$.a"], "comment": "x"})") ==
          id + "unexpected key \"comment\" (the object holds the one key \"jsonpaths\")");
    CHECK(error_of(R"({"jsonpaths": ["$.a"], "jsonpaths": ["$.b"]})") ==
          id + "the key \"jsonpaths\" appears more than once");
    CHECK(error_of(R"({"jsonpaths": []})") == id + "\"jsonpaths\" is an empty array");
    CHECK(error_of(R"({"jsonpaths": "$.a"})") == id + "\"jsonpaths\" must be an array of JSONPath strings");
    CHECK(error_of(R"({"jsonpaths": ["$.a", 2]})").rfind(id + "every \"jsonpaths\" element must be a string", 0) == 0);
    CHECK(error_of(R"({"jsonpaths": ["$.a", ""]})") == id + "a \"jsonpaths\" element is an empty string");
    CHECK(error_of(R"([{"jsonpaths": ["$.a"]}])").rfind(id + "the file must hold exactly one JSON object", 0) == 0);
    CHECK(error_of(R"("$.a")").rfind(id + "the file must hold exactly one JSON object", 0) == 0);
    CHECK(error_of("{\"jsonpaths\": [\"$.a\"]}\ntrailing").rfind(id + "malformed JSON", 0) == 0);
    CHECK(error_of(R"({"jsonpaths": ["$.a"]} {"jsonpaths": ["$.b"]})").rfind(id + "malformed JSON", 0) == 0);
    CHECK(error_of(R"({"jsonpaths": ["$.a"]})") == "none");
    CHECK(error_of("  {\"jsonpaths\": [\"$.a\"]}\n\n") == "none");
    CHECK(error_of(R"({"jsonpaths": ["$.a[*]"]})").rfind("[starshift.copy.bad_jsonpath] s3://bucket/paths.json", 0) == 0);
    // Redshift's documented fallback, on request: other key → 'auto' with a warning; extra keys still fail
    CHECK_FALSE(parse_jsonpaths(R"({"jsonpath": ["$.a"]})", "p.json", jsonpaths_key_rule::auto_fallback).paths);
    CHECK_THROWS_AS((void)parse_jsonpaths(R"({"jsonpaths": ["$.a"], "x": 1})", "p.json",
                                          jsonpaths_key_rule::auto_fallback),
                    load_error);
}

namespace {
std::string padded(std::string s) {
    s.append(record_padding, '\0');
    return s;
}
bool convert(record_converter& c, const std::string& rec, std::string& out, reject& r) {
    const std::string p = padded(rec);
    return c.convert(std::string_view(p.data(), rec.size()), out, r);
}
}  // namespace

TEST_CASE("copy records: JSON auto matches keys case-sensitively and ignores unknown keys") {
    std::vector<target_column> cols{{"user_id", integer(), false}, {"level", varchar(10), false}};
    record_converter c(cols, std::nullopt, false, {});
    std::string out;
    reject r;
    CHECK(convert(c, R"({"level":"free","x":1,"user_id":"39"})", out, r));
    CHECK(convert(c, R"({"LEVEL":"paid"})", out, r));
    CHECK(out == "39\tfree\n\\N\t\\N\n");
    record_converter ci(cols, std::nullopt, true, {});
    out.clear();
    CHECK(convert(ci, R"({"LEVEL":"paid","User_Id":7})", out, r));
    CHECK(out == "7\tpaid\n");
}

TEST_CASE("copy records: malformed JSON and wrong types become rejects") {
    std::vector<target_column> cols{{"n", integer(), true}};
    record_converter c(cols, std::nullopt, false, {});
    std::string out;
    reject r;
    CHECK_FALSE(convert(c, R"({"n":1,})", out, r));
    CHECK(r.code == error_code::malformed_json);
    CHECK_FALSE(convert(c, R"({"n":"x"})", out, r));
    CHECK(r.code == error_code::invalid_digit);
    CHECK(r.column == "n");
    CHECK(r.raw_value == "x");
    CHECK_FALSE(convert(c, R"({"m":1})", out, r));
    CHECK(r.code == error_code::not_null);
    CHECK_FALSE(convert(c, "{\"n\":\"\xff\"}", out, r));
    CHECK(r.code == error_code::invalid_utf8);
    CHECK(out.empty());
}

TEST_CASE("copy records: ACCEPTINVCHARS replaces each invalid byte") {
    std::vector<target_column> cols{{"s", varchar(10), false}};
    conversion_settings s;
    s.acceptinvchars = "?";
    record_converter c(cols, std::nullopt, false, s);
    std::string out;
    reject r;
    CHECK(convert(c, "{\"s\":\"a\xff\xfe" "b\"}", out, r));
    CHECK(out == "a??b\n");
}

TEST_CASE("copy records: jsonpaths with nested objects and array indexes") {
    std::vector<json_path> paths{parse_json_path("$.a.b", "p"), parse_json_path("$.c[1]", "p"),
                                 parse_json_path("$.d", "p"), parse_json_path("$.zz", "p")};
    std::vector<target_column> cols{{"x", integer(), false}, {"y", varchar(10), false},
                                    {"z", varchar(30), false}, {"w", integer(), false}};
    record_converter c(cols, paths, false, {});
    std::string out;
    reject r;
    CHECK(convert(c, R"({"a":{"b":5},"c":["p","q"],"d":{"k":[1, 2]}})", out, r));
    CHECK(out == "5\tq\t{\"k\":[1, 2]}\t\\N\n");  // the object's source text (below)
    CHECK_THROWS_AS((void)convert(c, R"({"a":{"b":5},"c":["p"]})", out, r), load_error);
    CHECK_THROWS_AS(record_converter(cols, std::vector<json_path>{paths[0]}, false, {}), load_error);
}

// doc: https://docs.aws.amazon.com/redshift/latest/dg/copy-usage_notes-copy-from-json.html ("JSONPath option"): "If
// the value in the name-value pair referenced by a JSONPath expression is an object or an array, the entire object
// or array is loaded as a string"; the page's object gives ["nisi",…,"veniam"] for $['tags'] and
// {"id": 1,"name": "Renaldo"} for $['friends'][1]: the source text without the line breaks and their indentation.
TEST_CASE("copy records: an object or array into VARCHAR loads its source text without line breaks") {
    const std::string rec = "{\n    \"id\": 0,\n    \"guid\": \"84512477-fa49-456b-b407-581d0d851c3c\",\n"
                            "    \"isActive\": true,\n    \"tags\": [\n        \"nisi\",\n        \"culpa\",\n"
                            "        \"ad\",\n        \"amet\",\n        \"voluptate\",\n        \"reprehenderit\",\n"
                            "        \"veniam\"\n    ],\n    \"friends\": [\n        {\n            \"id\": 0,\n"
                            "            \"name\": \"Martha Rivera\"\n        },\n        {\n            \"id\": 1,\n"
                            "            \"name\": \"Renaldo\"\n        }\n    ]\n}";
    std::vector<json_path> paths{parse_json_path("$['tags']", "p"), parse_json_path("$['friends'][1]", "p")};
    std::vector<target_column> cols{{"tags", varchar(100), false}, {"friend", varchar(100), false}};
    record_converter c(cols, paths, false, {});
    std::string out;
    reject r;
    REQUIRE(convert(c, rec, out, r));
    CHECK(out == "[\"nisi\",\"culpa\",\"ad\",\"amet\",\"voluptate\",\"reprehenderit\",\"veniam\"]\t"
                 "{\"id\": 1,\"name\": \"Renaldo\"}\n");

    // 'auto': the last of repeated keys, white space inside strings and without line breaks kept, escapes as written.
    std::vector<target_column> auto_cols{{"tags", varchar(40), false}};
    record_converter a(auto_cols, std::nullopt, false, {});
    out.clear();
    REQUIRE(convert(a, R"({"tags": [1], "tags": {"a b": "x\ty",  "n": [ ]}})", out, r));
    CHECK(out == "{\"a b\": \"x\\\\ty\",  \"n\": [ ]}\n");
    // Too long for the column: 1204, unless TRUNCATECOLUMNS.
    out.clear();
    CHECK_FALSE(convert(a, R"({"tags": ["a very long array value", "that does not fit"]})", out, r));
    CHECK(r.code == 1204);
    conversion_settings t;
    t.truncatecolumns = true;
    record_converter truncating(auto_cols, std::nullopt, false, t);
    out.clear();
    REQUIRE(convert(truncating, R"({"tags": ["a very long array value", "that does not fit"]})", out, r));
    CHECK(out == "[\"a very long array value\", \"that does n\n");
    // 'auto ignorecase' finds the member whatever its case.
    record_converter folded(auto_cols, std::nullopt, true, {});
    out.clear();
    REQUIRE(convert(folded, "{\"TAGS\":\n[1,\n 2]}", out, r));
    CHECK(out == "[1,2]\n");
}

TEST_CASE("copy records: a real Sparkify log event through log_json_path.json") {
    const jsonpaths_file f = parse_jsonpaths(log_json_path_text(), "log_json_path.json");
    std::vector<target_column> cols{
        {"artist", varchar(256), false}, {"auth", varchar(256), false}, {"firstname", varchar(256), false},
        {"gender", varchar(256), false}, {"iteminsession", integer(), false}, {"lastname", varchar(256), false},
        {"length", double_precision(), false}, {"level", varchar(256), false}, {"location", varchar(256), false},
        {"method", varchar(256), false}, {"page", varchar(256), false}, {"registration", bigint(), false},
        {"sessionid", integer(), false}, {"song", varchar(256), false}, {"status", integer(), false},
        {"ts", timestamp(), false}, {"useragent", varchar(256), false}, {"userid", integer(), false}};
    conversion_settings s;
    s.timeformat = time_format::parse(std::string("epochmillisecs"), false);
    record_converter c(cols, f.paths, false, s);
    std::string out;
    reject r;
    const std::string rec =
        R"({"artist":"Des'ree","auth":"Logged In","firstName":"Kaylee","gender":"F","itemInSession":1,"lastName":"Summers","length":246.30812,"level":"free","location":"Phoenix-Mesa-Scottsdale, AZ","method":"PUT","page":"NextSong","registration":1540344794796.0,"sessionId":139,"song":"You Gotta Be","status":200,"ts":1541106106796,"userAgent":"\"Mozilla\/5.0 (Windows NT 6.1; WOW64)\"","userId":"8"})";
    REQUIRE(convert(c, rec, out, r));
    CHECK(out ==
          "Des'ree\tLogged In\tKaylee\tF\t1\tSummers\t246.30812\tfree\tPhoenix-Mesa-Scottsdale, AZ\tPUT\tNextSong\t"
          "1540344794796\t139\tYou Gotta Be\t200\t2018-11-01 21:01:46.796\t\"Mozilla/5.0 (Windows NT 6.1; WOW64)\"\t8\n");
    out.clear();
    // logged-out event: userId "" into INTEGER is NULL
    CHECK(convert(c, R"({"artist":null,"auth":"Logged Out","userId":"","ts":1541105830796})", out, r));
    CHECK(out.substr(out.size() - 3) == "\\N\n");
}

namespace {

struct resync_event {
    split_event kind;
    std::string text;
    std::uint64_t line;
    std::uint64_t resumed;
};

// Splits like copy_encoder: a record that is not valid JSON is offered to resync(). Every read step and block size
// must give the same events (the cut may replay from the current block or from the record buffer).
std::vector<resync_event> split_resync(const std::string& s, std::size_t max = default_max_record_bytes) {
    std::vector<resync_event> first;
    bool have = false;
    simdjson::dom::parser parser;
    for (const std::size_t step : {std::size_t{1}, std::size_t{3}, std::size_t{1} << 20U}) {
        for (const std::size_t block : {std::size_t{1}, std::size_t{7}, std::size_t{64 * 1024}}) {
            io::memory_reader r(s, "mem", step);
            record_splitter sp(r, max, block);
            std::vector<resync_event> out;
            for (split_event e = sp.next(); e != split_event::end; e = sp.next()) {
                if (e == split_event::record) {
                    const simdjson::padded_string text(sp.text());
                    simdjson::dom::element el;
                    if (parser.parse(text).get(el) != simdjson::SUCCESS && sp.resync()) {
                        out.push_back({e, std::string(sp.text()), sp.line(), sp.resumed_line()});
                        continue;
                    }
                }
                out.push_back({e, std::string(sp.text()), sp.line(), sp.resumed_line()});
            }
            if (!have) {
                first = out;
                have = true;
            } else {
                REQUIRE(out.size() == first.size());
                for (std::size_t i = 0; i < out.size(); ++i) {
                    INFO("step " << step << " block " << block << " event " << i);
                    CHECK(out[i].kind == first[i].kind);
                    CHECK(out[i].text == first[i].text);
                    CHECK(out[i].line == first[i].line);
                    CHECK(out[i].resumed == first[i].resumed);
                }
            }
        }
    }
    return first;
}

}  // namespace

TEST_CASE("copy splitter: a line cut inside a string is cut before the next record and the rest loads") {
    const auto ev = split_resync("{\"a\":1}\n{\"a\":\"x\n{\"a\":3}\n{\"a\":4}\n");
    REQUIRE(ev.size() == 4);
    CHECK(ev[1].kind == split_event::unterminated);
    CHECK(ev[1].text == "{\"a\":\"x");
    CHECK(ev[1].line == 2);
    CHECK(ev[1].resumed == 3);
    CHECK(ev[2].kind == split_event::record);
    CHECK(ev[2].text == "{\"a\":3}");
    CHECK(ev[2].line == 3);
    CHECK(ev[3].line == 4);
}

TEST_CASE("copy splitter: a line cut after a number or a key is cut before the next record") {
    const auto ev = split_resync("{\"a\":1,\"b\":2\n{\"a\":3}\n{\"a\":\n[1]\n{\"a\":4}\n");
    REQUIRE(ev.size() == 5);
    CHECK(ev[0].kind == split_event::unterminated);
    CHECK(ev[0].line == 1);
    CHECK(ev[0].resumed == 2);
    CHECK(ev[1].text == "{\"a\":3}");
    // `{"a":` then `[1]` may be valid so far; `{` after `]` is not: cut at the first resync line (line 4)
    CHECK(ev[2].kind == split_event::unterminated);
    CHECK(ev[2].text == "{\"a\":");
    CHECK(ev[2].line == 3);
    CHECK(ev[2].resumed == 4);
    CHECK(ev[3].kind == split_event::record);  // `[1]` is read again as a record of its own
    CHECK(ev[3].text == "[1]");
    CHECK(ev[4].text == "{\"a\":4}");
    CHECK(ev[4].line == 5);
}

TEST_CASE("copy splitter: a record that closes but is not valid JSON is cut by resync") {
    const auto ev = split_resync("[1,\n{\"b\":2} 3]\n{\"c\":3}\n");
    REQUIRE(ev.size() == 4);
    CHECK(ev[0].kind == split_event::record);
    CHECK(ev[0].text == "[1,");
    CHECK(ev[0].line == 1);
    CHECK(ev[0].resumed == 2);
    CHECK(ev[1].text == "{\"b\":2}");
    CHECK(ev[1].line == 2);
    CHECK(ev[2].kind == split_event::garbage);
    CHECK(ev[2].text == "3]");
    CHECK(ev[3].text == "{\"c\":3}");
    CHECK(ev[3].line == 3);
}

TEST_CASE("copy splitter: pretty-printed records with objects starting lines inside stay whole") {
    const std::string pretty = "{\n  \"x\": [\n    {\"k\": 1},\n    {\"k\": [2,\n      [3]]}\n  ],\n  \"y\":\n  {}\n}";
    const auto ev = split_resync(pretty + "\n" + pretty + "\n{\"a\":2}\n");
    REQUIRE(ev.size() == 3);
    CHECK(ev[0].kind == split_event::record);
    CHECK(ev[0].text == pretty);
    CHECK(ev[0].line == 1);
    CHECK(ev[0].resumed == 0);
    CHECK(ev[1].text == pretty);
    CHECK(ev[1].line == 10);
    CHECK(ev[2].line == 19);
}

TEST_CASE("copy splitter: a line ending in a backslash inside a string still counts as a line") {
    const auto ev = split_resync("{\"a\":\"x\\\n{\"a\":2}\n{\"a\":3}\n");
    REQUIRE(ev.size() == 3);
    CHECK(ev[0].kind == split_event::unterminated);
    CHECK(ev[0].line == 1);
    CHECK(ev[1].line == 2);
    CHECK(ev[2].line == 3);
}

TEST_CASE("copy splitter: an unterminated record at the end of the file is cut at its resync line") {
    // `[` then a record: valid so far, so the scan runs to the end of the file before cutting
    const auto ev = split_resync("[\n{\"a\":1},\n{\"a\":2}\n");
    REQUIRE(ev.size() == 4);
    CHECK(ev[0].kind == split_event::unterminated);
    CHECK(ev[0].text == "[");
    CHECK(ev[0].resumed == 2);
    CHECK(ev[1].text == "{\"a\":1}");
    CHECK(ev[2].kind == split_event::garbage);
    CHECK(ev[2].text == ",");
    CHECK(ev[3].text == "{\"a\":2}");
    CHECK(ev[3].line == 3);
}

TEST_CASE("copy splitter: an open record over the bound is cut at its resync line") {
    // line 2 may start a value (after '['), so the record runs on until it passes the 40-byte bound
    const std::string long_line = "{\"c\":\"" + std::string(30, 'y') + "\"},";
    const auto ev = split_resync("{\"a\":[\n" + long_line + "\n" + long_line + "\n{\"d\":1}\n", 40);
    REQUIRE(ev.size() >= 3);
    CHECK(ev[0].kind == split_event::too_large);
    CHECK(ev[0].line == 1);
    CHECK(ev[0].resumed == 2);
    CHECK(ev[1].kind == split_event::record);
    CHECK(ev[1].line == 2);
    CHECK(ev.back().text == "{\"d\":1}");
    CHECK(ev.back().line == 4);
}

TEST_CASE("copy splitter: a buffered record over 1024 bytes is cut whole at a certain resync line") {
    // found by fuzz_copy_accounting: the cut appended the last chunk after leaving the record state, so only the
    // first 1024 bytes were kept and the replay ran past the buffer
    const std::string line1 = "{\"a\":\"" + std::string(1100, 'x') + "\",\"b\":{";
    const auto ev = split_resync(line1 + "\n{\"c\":2}\n");
    REQUIRE(ev.size() == 2);
    CHECK(ev[0].kind == split_event::unterminated);
    CHECK(ev[0].text == line1);
    CHECK(ev[0].line == 1);
    CHECK(ev[0].resumed == 2);
    CHECK(ev[1].kind == split_event::record);
    CHECK(ev[1].text == "{\"c\":2}");
    CHECK(ev[1].line == 2);
}
