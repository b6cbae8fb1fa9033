// libFuzzer target: the Redshift SQL parser (src/parse). Invariants on any input:
// - parse_script returns or throws parse_error (statement_error included); nothing else, no crash, no hang;
// - check_script never throws, and reports a problem exactly when parse_script throws;
// - every statement check_script keeps is one parse_script returns too (same kind, same line);
// - a CREATE TABLE or COPY that parsed survives the round trip through the Redshift renderer with an equal model
//   (rendering may refuse with sql_error, e.g. for an identifier with a NUL byte, never anything else), the tables
//   before it known (LIKE and CREATE TABLE … AS learn columns from them);
// - an unsupported statement's text is a substring of the input that starts at its line.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/model/error.hpp"
#include "starshift/parse/parser.hpp"
#include "starshift/sql/dialect.hpp"
#include "starshift/sql/quote.hpp"
#include "starshift/sql/render.hpp"

namespace {

namespace sp = starshift::parse;

void check(bool ok, const char* what, std::string_view input) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_parse: invariant broken: %s (input %zu bytes)\n", what, input.size());
        std::abort();
    }
}

constexpr auto reveal = starshift::sql::secrets::reveal;

// A COPY or UNLOAD rendered for Redshift parses back to an equal spec.
template <class Spec, class Render, class Parse>
void spec_round_trip(const Spec& spec, const char* what, Render render, Parse parse, std::string_view in) {
    std::string sql;
    try {
        sql = render(spec);
    } catch (const starshift::sql::sql_error&) {
        return;
    }
    Spec again;
    try {
        again = parse(sql);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fuzz_parse: rendered %s does not parse: %s\n%s\n", what, e.what(), sql.c_str());
        check(false, "a rendered COPY or UNLOAD does not parse", in);
    }
    if (!(again == spec)) std::fprintf(stderr, "fuzz_parse: %s rendered as\n%s\n", what, sql.c_str());
    check(again == spec, "a COPY or UNLOAD round trip gives another model", in);
}

void round_trip(const sp::parsed_statement& s, std::string_view in, const sp::table_lookup& earlier) {
    if (const starshift::table* t = s.as_table()) {
        std::string sql;
        try {
            sql = starshift::sql::create_table(*t, starshift::sql::dialect::redshift).front();
        } catch (const starshift::sql::sql_error&) {
            return;
        }
        starshift::table again;
        try {
            const auto statements = sp::parse_script(sql, {}, earlier);
            check(statements.size() == 1 && statements[0].as_table() != nullptr, "rendered CREATE TABLE is one", in);
            again = *statements[0].as_table();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "fuzz_parse: rendered CREATE TABLE does not parse: %s\n%s\n", e.what(), sql.c_str());
            check(false, "rendered CREATE TABLE does not parse", in);
        }
        if (!(again == *t)) std::fprintf(stderr, "fuzz_parse: CREATE TABLE rendered as\n%s\n", sql.c_str());
        check(again == *t, "CREATE TABLE round trip gives another model", in);
    } else if (const starshift::copy_spec* c = s.as_copy()) {
        spec_round_trip(*c, "COPY", [](const auto& x) { return starshift::sql::copy_command(x, reveal); },
                        [](const std::string& sql) { return sp::parse_copy(sql); }, in);
    } else if (const starshift::unload_spec* u = s.as_unload()) {
        spec_round_trip(*u, "UNLOAD", [](const auto& x) { return starshift::sql::unload_command(x, reveal); },
                        [](const std::string& sql) { return sp::parse_unload(sql); }, in);
    } else if (const sp::unsupported_statement* u = s.as_unsupported()) {
        const std::size_t at = in.find(u->text);
        check(!u->text.empty() && at != std::string_view::npos, "unsupported statement text not in the input", in);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    sp::parse_options options;
    options.file = "fuzz.sql";

    bool threw = false;
    std::vector<sp::parsed_statement> parsed;
    try {
        parsed = sp::parse_script(in, options);
    } catch (const sp::parse_error& e) {
        threw = true;
        check(e.line() >= 1 && e.column() >= 1 && !e.id().empty(), "parse_error without position or id", in);
    }

    sp::check_result checked;
    try {
        checked = sp::check_script(in, options);
    } catch (...) {
        check(false, "check_script threw", in);
    }
    check(threw == !checked.problems.empty(), "check_script and parse_script disagree about errors", in);
    if (!threw) {
        check(checked.statements.size() == parsed.size(), "check_script kept another number of statements", in);
        for (std::size_t i = 0; i < parsed.size(); ++i) {
            check(parsed[i].line == checked.statements[i].line && parsed[i].value.index() == checked.statements[i].value.index(),
                  "check_script and parse_script disagree about a statement", in);
            const std::vector<sp::parsed_statement> before(parsed.begin(),
                                                           parsed.begin() + static_cast<std::ptrdiff_t>(i));
            round_trip(parsed[i], in, [&](std::string_view name) { return sp::find_table(before, name); });
        }
    }
    try {
        (void)sp::check_copies(checked.statements);
    } catch (...) {
        check(false, "check_copies threw", in);
    }
    return 0;
}
