// The common layer: the error root, ASCII case folding, UTF-8 validation, calendar arithmetic, seeded random numbers.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "starshift/common/calendar.hpp"
#include "starshift/common/error.hpp"
#include "starshift/common/random.hpp"
#include "starshift/common/text.hpp"
#include "starshift/common/utf8.hpp"
#include "starshift/copy/reject.hpp"
#include "starshift/io/object_store.hpp"
#include "starshift/model/error.hpp"
#include "starshift/parse/parse_error.hpp"
#include "starshift/sql/quote.hpp"
#include "support/error_of.hpp"

using namespace starshift;

TEST_CASE("common error: id without brackets and the message starting with it") {
    const error e("starshift.test.thing", "what happened");
    CHECK(e.id() == "starshift.test.thing");
    CHECK(std::string(e.what()) == "[starshift.test.thing] what happened");
    CHECK(tagged("a.b", "c") == "[a.b] c");
}

TEST_CASE("common error: every library exception is a starshift::error with its id") {
    auto id_of = [](auto thrower) { return testing::error_id_of<error>(thrower, "(nothing thrown)"); };
    CHECK(id_of([] { throw model_error("starshift.model.x", "t", "c", "d"); }) == "starshift.model.x");
    CHECK(id_of([] { throw sql::sql_error("[starshift.sql.x]", "d"); }) == "starshift.sql.x");
    CHECK(id_of([] { throw io::io_error("starshift.io.x", "obj", "d"); }) == "starshift.io.x");
    CHECK(id_of([] { throw copy::load_error("starshift.copy.x", "d"); }) == "starshift.copy.x");
    CHECK(id_of([] { throw parse::parse_error("f.sql", 1, 2, "starshift.parse.x", "d"); }) == "starshift.parse.x");
    // The messages keep their shapes.
    CHECK(std::string(io::io_error("starshift.io.x", "obj", "gone").what()) == "[starshift.io.x] obj: gone");
    CHECK(std::string(parse::parse_error("f.sql", 3, 4, "starshift.parse.x", "m").what()) ==
          "f.sql:3:4: [starshift.parse.x] m");
    CHECK(std::string(model_error("starshift.model.x", "t", "c", "d").what()) ==
          "[starshift.model.x] table t, column c: d");
}

TEST_CASE("common text: ASCII case folding leaves other bytes alone") {
    CHECK(ascii_lower("SeLeCt_1$") == "select_1$");
    CHECK(ascii_upper("select_1$") == "SELECT_1$");
    CHECK(ascii_upper("\xc3\xa9t\xc3\xa9") == "\xc3\xa9T\xc3\xa9");  // é stays as it is
    CHECK(iequals("LOG_DATA", "log_data"));
    CHECK_FALSE(iequals("LOG_DATA", "log_dat"));
    CHECK_FALSE(iequals("a", "b"));
    CHECK(istarts_with("S3://bucket", "s3://"));
    CHECK_FALSE(istarts_with("s3", "s3://"));
}

TEST_CASE("common utf8: validation rejects overlongs surrogates and truncated sequences") {
    CHECK(valid_utf8("plain"));
    CHECK(valid_utf8(""));
    CHECK(valid_utf8("\xe2\x82\xac"));
    CHECK(valid_utf8("\xf0\x9f\x8e\xb5"));
    CHECK_FALSE(valid_utf8("\xc0\xaf"));          // overlong '/'
    CHECK_FALSE(valid_utf8("\xed\xa0\x80"));      // surrogate
    CHECK_FALSE(valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
    CHECK_FALSE(valid_utf8("\xe2\x82"));          // truncated
    CHECK_FALSE(valid_utf8("a\xff"));
}

TEST_CASE("common utf8: sequence lengths") {
    const std::string s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x8e\xb5\xff\xc0\xaf";
    CHECK(utf8_sequence_length(s, 0) == 1);
    CHECK(utf8_sequence_length(s, 1) == 2);
    CHECK(utf8_sequence_length(s, 3) == 3);
    CHECK(utf8_sequence_length(s, 6) == 4);
    CHECK(utf8_sequence_length(s, 10) == 0);  // 0xFF
    CHECK(utf8_sequence_length(s, 11) == 0);  // overlong
    CHECK(utf8_sequence_length(s, 2) == 0);   // a continuation byte
    CHECK(utf8_sequence_length(s, s.size()) == 0);
    CHECK(utf8_sequence_length("\xe2\x82", 0) == 0);  // truncated
}

TEST_CASE("common calendar: known dates and a round trip over four centuries") {
    CHECK(days_from_civil(1970, 1, 1) == 0);
    CHECK(days_from_civil(2000, 1, 1) == days_1970_to_2000);
    CHECK(days_from_civil(2018, 11, 1) == 17836);
    CHECK(days_from_civil(1969, 12, 31) == -1);
    CHECK(days_in_month(2000, 2) == 29);
    CHECK(days_in_month(1900, 2) == 28);
    CHECK(days_in_month(2024, 2) == 29);
    CHECK(days_in_month(2023, 4) == 30);
    CHECK_FALSE(is_leap_year(2100));
    std::int64_t expected = days_from_civil(1800, 1, 1);
    for (std::int64_t y = 1800; y < 2200; ++y) {
        for (int m = 1; m <= 12; ++m) {
            for (int d = 1; d <= days_in_month(y, m); ++d) {
                REQUIRE(days_from_civil(y, m, d) == expected);
                const civil_date c = civil_from_days(expected);
                REQUIRE(c.year == y);
                REQUIRE(c.month == m);
                REQUIRE(c.day == d);
                ++expected;
            }
        }
    }
}

TEST_CASE("common random: splitmix64 reference values and determinism") {
    // Reference: the first outputs of splitmix64 seeded with 0 (Vigna's splitmix64.c).
    std::uint64_t state = 0;
    CHECK(splitmix64(state) == 0xe220a8397b1dcdafULL);
    CHECK(splitmix64(state) == 0x6e789e6aa1b965f4ULL);
    CHECK(splitmix64(state) == 0x06c45d188009454fULL);
    seeded_random a{42}, b{42};
    for (int i = 0; i < 100; ++i) CHECK(a.next() == b.next());
    for (int i = 0; i < 1000; ++i) {
        const double u = a.uniform();
        REQUIRE(u >= 0.0);
        REQUIRE(u < 1.0);
    }
}

TEST_CASE("common random: a Zipf head takes about 1 over H(n) of the draws") {
    const zipf_distribution z(100);
    seeded_random r{7};
    std::vector<int> counts(100, 0);
    const int n = 100'000;
    for (int i = 0; i < n; ++i) ++counts.at(z.sample(r));
    // H(100) = 5.187: rank 0 takes 19.3 %, rank 1 9.6 %.
    CHECK(counts[0] > n * 0.18);
    CHECK(counts[0] < n * 0.21);
    CHECK(counts[1] > n * 0.085);
    CHECK(counts[1] < n * 0.105);
    CHECK(counts[0] > counts[50]);
}

TEST_CASE("common text: format_bytes prints decimal units with one decimal above bytes") {
    CHECK(starshift::format_bytes(0) == "0 B");
    CHECK(starshift::format_bytes(999) == "999 B");
    CHECK(starshift::format_bytes(1000) == "1.0 kB");
    CHECK(starshift::format_bytes(1.5e6) == "1.5 MB");
    CHECK(starshift::format_bytes(2.14e9) == "2.1 GB");
    CHECK(starshift::format_bytes(-3.2e6) == "-3.2 MB");  // a cost difference may be negative
}
