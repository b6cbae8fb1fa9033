// libFuzzer target: the query parser and the PostgreSQL translation (src/parse/query_parser.cpp,
// src/sql/translate_postgres.cpp). Invariants on any input:
// - parse_query returns or throws parse_error with a position and an id; nothing else, no crash, no hang (nesting is
//   bounded by max_query_depth);
// - a statement that parsed renders for Redshift (or the renderer refuses with sql_error) and the rendering parses
//   back to the same statement;
// - the PostgreSQL translation returns or throws sql_error (untranslatable, or the renderer's refusal).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "starshift/parse/parser.hpp"
#include "starshift/sql/quote.hpp"
#include "starshift/sql/render.hpp"
#include "starshift/sql/translate.hpp"

namespace {

namespace sp = starshift::parse;

void check(bool ok, const char* what, std::string_view input) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_parse_query: invariant broken: %s (input %zu bytes)\n", what, input.size());
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    starshift::statement parsed;
    try {
        parsed = sp::parse_query(in);
    } catch (const sp::parse_error& e) {
        check(e.line() >= 1 && e.column() >= 1 && !e.id().empty(), "parse_error without position or id", in);
        return 0;
    }
    std::string sql;
    try {
        sql = starshift::sql::render(parsed, starshift::sql::dialect::redshift);
    } catch (const starshift::sql::sql_error&) {
        return 0;
    }
    try {
        const starshift::statement again = sp::parse_query(sql);
        if (!(again.body == parsed.body)) std::fprintf(stderr, "fuzz_parse_query: rendered as\n%s\n", sql.c_str());
        check(again.body == parsed.body, "Redshift round trip gives another statement", in);
    } catch (const sp::parse_error& e) {
        std::fprintf(stderr, "fuzz_parse_query: rendering does not parse: %s\n%s\n", e.what(), sql.c_str());
        check(false, "rendered statement does not parse", in);
    }
    try {
        (void)starshift::sql::render(starshift::sql::to_postgres(parsed, {}), starshift::sql::dialect::postgres);
    } catch (const starshift::sql::sql_error&) {
    }
    return 0;
}
