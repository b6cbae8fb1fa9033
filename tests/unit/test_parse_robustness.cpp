// Hostile and truncated Redshift SQL: every prefix of the corpus, random byte mutations and pathological shapes
// give diagnostics, never a crash, an exception out of check_script, or unbounded recursion.
#include <doctest/doctest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "starshift/parse/parser.hpp"

namespace sp = starshift::parse;

namespace {

std::string corpus_file(const char* name) {
    std::ifstream in(std::string(STARSHIFT_SOURCE_DIR) + "/tests/data/redshift/" + name, std::ios::binary);
    REQUIRE(in.good());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("parse robustness: every prefix of a script is checked without throwing") {
    for (const char* name : {"sparkify.sql", "events.sql"}) {
        const std::string text = corpus_file(name);
        std::size_t with_problems = 0;
        for (std::size_t n = 0; n <= text.size(); ++n) {
            sp::check_result r;
            CHECK_NOTHROW(r = sp::check_script(std::string_view(text).substr(0, n), {name, true, {}}));
            with_problems += r.problems.empty() ? 0 : 1;
            for (const auto& p : r.problems) {
                CHECK(p.line >= 1);
                CHECK(p.id.rfind("starshift.", 0) == 0);
            }
        }
        CHECK(with_problems > 0);  // most cuts land inside a statement
    }
}

TEST_CASE("parse robustness: random byte mutations are diagnosed not crashed on") {
    const std::string base = corpus_file("copy.sql") + corpus_file("tickit.sql");
    std::mt19937 rng(20261126);
    const char alphabet[] = "()'\";,.-/*\\\"\n abcXYZ019\x01\xff";
    std::size_t parsed = 0;
    for (int round = 0; round < 400; ++round) {
        std::string s = base;
        const int edits = 1 + static_cast<int>(rng() % 8);
        for (int e = 0; e < edits; ++e) {
            const std::size_t at = rng() % s.size();
            switch (rng() % 3) {
                case 0: s[at] = alphabet[rng() % (sizeof alphabet - 1)]; break;
                case 1: s.erase(at, 1 + rng() % 16); break;
                default: s.insert(at, std::string(1 + rng() % 4, alphabet[rng() % (sizeof alphabet - 1)])); break;
            }
            if (s.empty()) s = "x";
        }
        sp::check_result r;
        CHECK_NOTHROW(r = sp::check_script(s, {"mutated.sql", true, {}}));
        CHECK_NOTHROW((void)sp::check_copies(r.statements));
        parsed += r.statements.size();
    }
    CHECK(parsed > 0);
}

TEST_CASE("parse robustness: pathological shapes") {
    // Deep parentheses in a DEFAULT: bounded, an error with an id.
    const auto deep = sp::check_script("CREATE TABLE t (a INT DEFAULT " + std::string(1000000, '(') + "1);");
    REQUIRE(deep.problems.size() == 1);
    CHECK(deep.problems[0].id == "starshift.parse.too_deep");
    // Many parentheses elsewhere are plain syntax errors (nothing recurses).
    const auto parens = sp::check_script("COPY t " + std::string(200000, '(') + ";");
    REQUIRE(parens.problems.size() == 1);
    CHECK(parens.problems[0].id == "starshift.parse.syntax");
    // Queries with deep nesting: bounded (max_query_depth), an error with an id.
    const auto select = sp::check_script("SELECT " + std::string(100000, '(') + "1" + std::string(100000, ')') + ";");
    REQUIRE(select.problems.size() == 1);
    CHECK(select.problems[0].id == "starshift.parse.too_deep");
    // A view's query is a query: bounded the same way.
    const auto view = sp::check_script("CREATE VIEW v AS SELECT " + std::string(100000, '(') + "1" +
                                       std::string(100000, ')') + ";");
    REQUIRE(view.problems.size() == 1);
    CHECK(view.problems[0].id == "starshift.parse.too_deep");
    // Other statements with deep nesting are kept as text, not parsed.
    const auto call = sp::check_script("CALL p(" + std::string(100000, '(') + "1" + std::string(100000, ')') + ");");
    CHECK(call.problems.empty());
    REQUIRE(call.statements.size() == 1);
    CHECK(call.statements[0].as_unsupported()->keyword == "CALL");
    // A table with 1601 columns: over Redshift's limit.
    std::string wide = "CREATE TABLE w (";
    for (int i = 0; i < 1601; ++i) wide += (i ? ", c" : "c") + std::to_string(i) + " INT";
    wide += ");";
    const auto too_wide = sp::check_script(wide);
    REQUIRE(too_wide.problems.size() == 1);
    CHECK(too_wide.problems[0].id == "starshift.model.too_many_columns");
    // An identifier over 127 bytes.
    const auto long_name = sp::check_script("CREATE TABLE " + std::string(200, 'x') + " (a INT);");
    REQUIRE(long_name.problems.size() == 1);
    CHECK(long_name.problems[0].id == "starshift.model.identifier_invalid");
    // Invalid UTF-8 in a quoted identifier.
    const auto utf8 = sp::check_script("CREATE TABLE \"\xC3\x28\" (a INT);");
    REQUIRE(utf8.problems.size() == 1);
    CHECK(utf8.problems[0].id == "starshift.model.identifier_invalid");
    // Only separators and comments.
    const auto empty = sp::check_script(";;; -- nothing\n/* at all */ ;");
    CHECK(empty.problems.empty());
    CHECK(empty.statements.empty());
}
