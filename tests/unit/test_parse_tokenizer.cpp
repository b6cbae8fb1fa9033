// The parse layer's tokenizer: keywords, quoted identifiers, strings with Redshift escapes, comments, positions.
#include <doctest/doctest.h>

#include <string>

#include "starshift/parse/parse_error.hpp"
#include "starshift/parse/detail/tokenizer.hpp"
#include "support/error_of.hpp"

namespace sp = starshift::parse;

namespace {

std::string error_id(const std::string& sql) {
    return starshift::testing::error_id_of<sp::parse_error>([&] { (void)sp::tokenize(sql, "t.sql"); });
}

}  // namespace

TEST_CASE("parse tokenizer: kinds and positions") {
    const auto t = sp::tokenize("CREATE TABLE \"My \"\"T\"\" \" (\n  a INT, -- c\n  b 'it''s' /* x /* nested */ y */ 1.5e3;", "f");
    REQUIRE(t.size() == 12);
    CHECK(t[0].kind == sp::token_kind::word);
    CHECK(t[0].text == "CREATE");
    CHECK(t[2].kind == sp::token_kind::quoted_identifier);
    CHECK(t[2].text == "My \"T\" ");
    CHECK(t[3].text == "(");
    CHECK(t[4].line == 2);
    CHECK(t[4].column == 3);
    CHECK(t[7].line == 3);
    CHECK(t[8].kind == sp::token_kind::string);
    CHECK(t[8].text == "it's");
    CHECK(t[9].kind == sp::token_kind::number);
    CHECK(t[9].text == "1.5e3");
    CHECK(t[10].kind == sp::token_kind::semicolon);
    CHECK(t.back().kind == sp::token_kind::end);
}

TEST_CASE("parse tokenizer: backslash escapes in strings") {
    const auto t = sp::tokenize(R"('a\\b' '\t' '\'' '\001' '\q')");
    REQUIRE(t.size() == 6);
    CHECK(t[0].text == "a\\b");
    CHECK(t[1].text == "\t");
    CHECK(t[2].text == "'");
    CHECK(t[3].text == std::string(1, '\001'));
    CHECK(t[4].text == "q");
}

TEST_CASE("parse tokenizer: columns count characters not bytes") {
    const auto t = sp::tokenize("\"caf\xC3\xA9\" x");
    REQUIRE(t.size() == 3);
    CHECK(t[1].column == 8);
}

TEST_CASE("parse tokenizer: unreadable input is an error with an id") {
    CHECK(error_id("SELECT 'abc") == "starshift.parse.unterminated_string");
    CHECK(error_id("SELECT 'abc\\") == "starshift.parse.unterminated_string");
    CHECK(error_id("SELECT \"abc") == "starshift.parse.unterminated_identifier");
    CHECK(error_id("SELECT \"\"") == "starshift.parse.empty_identifier");
    CHECK(error_id("SELECT /* /* */") == "starshift.parse.unterminated_comment");
    CHECK(error_id(std::string("SELECT \x01")) == "starshift.parse.unexpected_character");
    CHECK(error_id(std::string("SELECT '\\000'")) == "starshift.parse.bad_escape");
    CHECK(error_id(std::string("a\0b", 3)) == "starshift.parse.unexpected_character");
}

TEST_CASE("parse tokenizer: error position and message format") {
    try {
        (void)sp::tokenize("x\n  'open", "dir/file.sql");
        FAIL("no error");
    } catch (const sp::parse_error& e) {
        CHECK(e.line() == 2);
        CHECK(e.column() == 3);
        CHECK(std::string(e.what()) == "dir/file.sql:2:3: [starshift.parse.unterminated_string] string literal is not closed");
    }
}

TEST_CASE("parse tokenizer: unquoted identifiers fold to lower case") {
    CHECK(sp::fold_identifier("SongPlays_ID$") == "songplays_id$");
}

// Stored procedure bodies (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_PROCEDURE.html: AS $$ … $$) are
// dollar-quoted: one string token, taken verbatim, whatever semicolons, quotes and comments it holds.
TEST_CASE("parse tokenizer: dollar-quoted strings") {
    const auto t = sp::tokenize("AS $$\nBEGIN\n  DELETE FROM t; -- it's\n  RAISE INFO 'x';\nEND;\n$$ LANGUAGE plpgsql; "
                                "$body$ a $$ b $body$ $1 x$y;");
    REQUIRE(t.size() == 11);
    CHECK(t[1].kind == sp::token_kind::string);
    CHECK(t[1].text == "\nBEGIN\n  DELETE FROM t; -- it's\n  RAISE INFO 'x';\nEND;\n");
    CHECK(t[2].text == "LANGUAGE");
    CHECK(t[2].line == 6);
    CHECK(t[4].kind == sp::token_kind::semicolon);
    CHECK(t[5].kind == sp::token_kind::string);
    CHECK(t[5].text == " a $$ b ");
    CHECK(t[6].text == "$");  // $1: a parameter, not a dollar quote
    CHECK(t[7].kind == sp::token_kind::number);
    CHECK(t[8].text == "x$y");
    CHECK(error_id("SELECT $$abc") == "starshift.parse.unterminated_string");
    CHECK(error_id("SELECT $tag$abc$other$") == "starshift.parse.unterminated_string");
    // one statement for the script splitter
    sp::tokenizer tz("CREATE PROCEDURE p() AS $$ BEGIN DELETE FROM t; END; $$ LANGUAGE plpgsql; SELECT 1;", "t.sql");
    CHECK(tz.next_statement().size() == 10);
    CHECK(tz.next_statement().size() == 3);
}
