#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sql_hostile_cases.hpp"
#include "sql_test_util.hpp"
#include "starshift/sql/dialect.hpp"
#include "starshift/sql/quote.hpp"

using starshift::sql::dialect;
using starshift::sql::is_reserved_word;
using starshift::sql::quote_dotted;
using starshift::sql::quote_identifier;
using starshift::sql::quote_literal;
using starshift::sql::quote_qualified;

TEST_CASE("sql dialect names round-trip") {
    CHECK(starshift::sql::to_string(dialect::redshift) == "redshift");
    CHECK(starshift::sql::to_string(dialect::postgres) == "postgres");
    CHECK(starshift::sql::parse_dialect("Redshift") == dialect::redshift);
    CHECK(starshift::sql::parse_dialect("postgresql") == dialect::postgres);
    CHECK(starshift::sql::parse_dialect("PG") == dialect::postgres);
    CHECK_FALSE(starshift::sql::parse_dialect("mysql").has_value());
    CHECK_FALSE(starshift::sql::parse_dialect("").has_value());
}

TEST_CASE("sql quote_identifier keeps plain lower-case names bare") {
    for (const char* name : {"songplays", "user_id", "level", "location", "time", "year", "month", "day", "hour",
                             "week", "weekday", "start_time", "_x", "a1", "a$b", "values", "position"}) {
        SQL_CHECK_EQ(quote_identifier(name), name);
    }
}

TEST_CASE("sql quote_identifier quotes reserved words of either dialect") {
    SQL_CHECK_EQ(quote_identifier("user"), "\"user\"");        // both
    SQL_CHECK_EQ(quote_identifier("order"), "\"order\"");      // both
    SQL_CHECK_EQ(quote_identifier("table"), "\"table\"");
    SQL_CHECK_EQ(quote_identifier("timestamp"), "\"timestamp\"");  // Redshift reserved, PostgreSQL not
    SQL_CHECK_EQ(quote_identifier("open"), "\"open\"");            // Redshift only
    SQL_CHECK_EQ(quote_identifier("left"), "\"left\"");            // PostgreSQL type_func_name keyword
    SQL_CHECK_EQ(quote_identifier("returning"), "\"returning\"");  // PostgreSQL only
    SQL_CHECK_EQ(quote_identifier("start"), "\"start\"");          // Redshift asks to quote it as an alias
}

TEST_CASE("sql is_reserved_word follows the documented lists") {
    CHECK(is_reserved_word("user"));
    CHECK(is_reserved_word("select"));
    CHECK(is_reserved_word("timestamp"));
    CHECK(is_reserved_word("delta32k"));
    CHECK(is_reserved_word("without"));
    CHECK_FALSE(is_reserved_word("time"));
    CHECK_FALSE(is_reserved_word("level"));
    CHECK_FALSE(is_reserved_word("year"));
    CHECK_FALSE(is_reserved_word("weekday"));
    CHECK_FALSE(is_reserved_word("USER"));  // callers pass lower case
    CHECK_FALSE(is_reserved_word(""));
}

TEST_CASE("sql quote_identifier quotes everything else and doubles double quotes") {
    SQL_CHECK_EQ(quote_identifier("UserId"), "\"UserId\"");
    SQL_CHECK_EQ(quote_identifier("1a"), "\"1a\"");
    SQL_CHECK_EQ(quote_identifier("$a"), "\"$a\"");
    SQL_CHECK_EQ(quote_identifier("with space"), "\"with space\"");
    SQL_CHECK_EQ(quote_identifier("a\"b"), "\"a\"\"b\"");
    SQL_CHECK_EQ(quote_identifier("\""), "\"\"\"\"");
    SQL_CHECK_EQ(quote_identifier("x; DROP TABLE y; --"), "\"x; DROP TABLE y; --\"");
    SQL_CHECK_EQ(quote_identifier("/* c */"), "\"/* c */\"");
    SQL_CHECK_EQ(quote_identifier("back\\slash"), "\"back\\slash\"");
    SQL_CHECK_EQ(quote_identifier("caf\xC3\xA9"), "\"caf\xC3\xA9\"");
    SQL_CHECK_EQ(quote_identifier("dot.ted"), "\"dot.ted\"");
}

TEST_CASE("sql quote_identifier rejects NUL and invalid UTF-8 and empty names") {
    SQL_CHECK_THROWS_ID(quote_identifier(std::string("a\0b", 3)), "starshift.sql.nul_byte");
    SQL_CHECK_THROWS_ID(quote_identifier("\xFF"), "starshift.sql.invalid_utf8");
    SQL_CHECK_THROWS_ID(quote_identifier("\xC0\xAF"), "starshift.sql.invalid_utf8");      // overlong '/'
    SQL_CHECK_THROWS_ID(quote_identifier("\xED\xA0\x80"), "starshift.sql.invalid_utf8");  // surrogate
    SQL_CHECK_THROWS_ID(quote_identifier("\xF4\x90\x80\x80"), "starshift.sql.invalid_utf8");  // > U+10FFFF
    SQL_CHECK_THROWS_ID(quote_identifier("caf\xC3"), "starshift.sql.invalid_utf8");           // truncated
    SQL_CHECK_THROWS_ID(quote_identifier(""), "starshift.sql.empty_identifier");
}

TEST_CASE("sql quote_qualified and quote_dotted quote part by part") {
    SQL_CHECK_EQ(quote_qualified("", "songs"), "songs");
    SQL_CHECK_EQ(quote_qualified("public", "songs"), "public.songs");
    SQL_CHECK_EQ(quote_qualified("My Schema", "user"), "\"My Schema\".\"user\"");
    SQL_CHECK_EQ(quote_dotted("songs"), "songs");
    SQL_CHECK_EQ(quote_dotted("public.songs"), "public.songs");
    SQL_CHECK_EQ(quote_dotted("analytics.user"), "analytics.\"user\"");
    SQL_CHECK_EQ(quote_dotted("Stage.Events"), "\"Stage\".\"Events\"");
    SQL_CHECK_EQ(quote_dotted("\"a.b\".c"), "\"a.b\".c");
    SQL_CHECK_EQ(quote_dotted("\"a\"\"b\".\"user\""), "\"a\"\"b\".\"user\"");
    SQL_CHECK_EQ(quote_dotted("\"plain\""), "plain");
    SQL_CHECK_THROWS_ID(quote_dotted("\"unterminated"), "starshift.sql.bad_dotted_name");
    SQL_CHECK_THROWS_ID(quote_dotted("\"a\"b.c"), "starshift.sql.bad_dotted_name");
    SQL_CHECK_THROWS_ID(quote_dotted("a."), "starshift.sql.bad_dotted_name");
    SQL_CHECK_THROWS_ID(quote_dotted("a..b"), "starshift.sql.empty_identifier");
}

// PostgreSQL doubles quotes and uses E'' only for backslashes; Redshift doubles quotes and backslashes.
TEST_CASE("sql quote_literal doubles quotes in both dialects and handles backslashes per dialect") {
    struct literal_case {
        std::string in;
        dialect d;
        std::string expected;
    };
    const std::vector<literal_case> cases = {
        {"", dialect::postgres, "''"},
        {"abc", dialect::postgres, "'abc'"},
        {"it's", dialect::postgres, "'it''s'"},
        {"'; DROP TABLE x; --", dialect::postgres, "'''; DROP TABLE x; --'"},
        {"a\\b", dialect::postgres, "E'a\\\\b'"},
        {"\\'", dialect::postgres, "E'\\\\'''"},
        {"line1\nline2", dialect::postgres, "'line1\nline2'"},
        {"caf\xC3\xA9", dialect::postgres, "'caf\xC3\xA9'"},
        {"abc", dialect::redshift, "'abc'"},
        {"it's", dialect::redshift, "'it''s'"},
        {"a\\b", dialect::redshift, "'a\\\\b'"},
        {"\\'", dialect::redshift, "'\\\\'''"},
        {"ends\\", dialect::redshift, "'ends\\\\'"},
    };
    for (const auto& c : cases) SQL_CHECK_EQ(quote_literal(c.in, c.d), c.expected);
}

TEST_CASE("sql quote_literal rejects NUL and invalid UTF-8") {
    for (const dialect d : {dialect::redshift, dialect::postgres}) {
        SQL_CHECK_THROWS_ID(quote_literal(std::string("a\0b", 3), d), "starshift.sql.nul_byte");
        SQL_CHECK_THROWS_ID(quote_literal("\xFE\xFF", d), "starshift.sql.invalid_utf8");
    }
}

namespace {

// Reads a rendered literal back the way the server would, to prove the round-trip without a server.
std::string unquote_literal(const std::string& sql, dialect d) {
    std::size_t i = 0;
    bool escapes = d == dialect::redshift;
    if (d == dialect::postgres && !sql.empty() && sql[0] == 'E') {
        escapes = true;
        i = 1;
    }
    REQUIRE(sql.size() >= i + 2);
    REQUIRE(sql[i] == '\'');
    REQUIRE(sql.back() == '\'');
    std::string out;
    for (++i; i + 1 < sql.size(); ++i) {
        const char c = sql[i];
        if (c == '\'') {
            REQUIRE(sql[i + 1] == '\'');  // an undoubled quote would end the literal early
            out.push_back('\'');
            ++i;
        } else if (c == '\\' && escapes) {
            REQUIRE(i + 1 < sql.size() - 1);
            REQUIRE(sql[i + 1] == '\\');  // only doubled backslashes are produced
            out.push_back('\\');
            ++i;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string unquote_identifier(const std::string& sql) {
    if (sql.empty() || sql[0] != '"') {
        return sql;
    }
    REQUIRE(sql.back() == '"');
    std::string out;
    for (std::size_t i = 1; i + 1 < sql.size(); ++i) {
        if (sql[i] == '"') {
            REQUIRE(sql[i + 1] == '"');
            ++i;
        }
        out.push_back(sql[i]);
    }
    return out;
}

}  // namespace

TEST_CASE("sql hostile literals and identifiers round-trip") {
    for (const std::string& v : starshift::sql::test::hostile_literals) {
        for (const dialect d : {dialect::redshift, dialect::postgres}) {
            CAPTURE(v);
            CHECK(unquote_literal(quote_literal(v, d), d) == v);
        }
    }
    for (const std::string& name : starshift::sql::test::hostile_identifiers) {
        CAPTURE(name);
        const std::string q = quote_identifier(name);
        CHECK(unquote_identifier(q) == name);
        if (q.front() != '"') {
            CHECK_FALSE(is_reserved_word(q));
        }
    }
}
