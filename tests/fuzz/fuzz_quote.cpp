// libFuzzer target: identifier and literal quoting (src/sql/quote.cpp) checked by small independent parsers.
// quote_identifier: either the bare name (lower-case [a-z_][a-z0-9_$]*, not reserved) or one double-quoted token
// whose doubled quotes decode back to exactly the input (no unbalanced quote can end it early).
// quote_literal: one single-quoted token (E'…' with backslash escapes for PostgreSQL when it has a backslash;
// Redshift always escapes backslashes) that decodes back to exactly the input. Refusals only for NUL, invalid UTF-8
// or an empty identifier.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "starshift/sql/dialect.hpp"
#include "starshift/sql/quote.hpp"

namespace {

void check(bool ok, const char* what, std::string_view input) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_quote: invariant broken: %s (input %zu bytes)\n", what, input.size());
        std::abort();
    }
}

// Parses one double-quoted identifier occupying all of `s`; nullopt when `s` is not exactly that.
std::optional<std::string> parse_quoted_identifier(std::string_view s) {
    if (s.size() < 2 || s.front() != '"') return std::nullopt;
    std::string out;
    std::size_t i = 1;
    while (i < s.size()) {
        if (s[i] == '"') {
            if (i + 1 < s.size() && s[i + 1] == '"') {
                out.push_back('"');
                i += 2;
                continue;
            }
            return i + 1 == s.size() ? std::optional<std::string>(out) : std::nullopt;  // the closing quote
        }
        out.push_back(s[i++]);
    }
    return std::nullopt;  // never closed
}

bool bare_ok(std::string_view s) {
    if (s.empty() || !((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_')) return false;
    for (char c : s) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$')) return false;
    }
    return !starshift::sql::is_reserved_word(s);
}

// Parses one string literal occupying all of `s`. `backslash_escapes`: a backslash takes the next byte literally.
std::optional<std::string> parse_literal(std::string_view s, bool redshift) {
    std::size_t i = 0;
    bool esc = redshift;
    if (!redshift && !s.empty() && s[0] == 'E') {
        esc = true;
        i = 1;
    }
    if (i >= s.size() || s[i] != '\'') return std::nullopt;
    ++i;
    std::string out;
    while (i < s.size()) {
        const char c = s[i];
        if (esc && c == '\\') {
            if (i + 1 >= s.size()) return std::nullopt;
            const char n = s[i + 1];
            if (n != '\\') return std::nullopt;  // the quoting only ever emits "\\" escapes
            out.push_back('\\');
            i += 2;
            continue;
        }
        if (c == '\'') {
            if (i + 1 < s.size() && s[i + 1] == '\'') {
                out.push_back('\'');
                i += 2;
                continue;
            }
            return i + 1 == s.size() ? std::optional<std::string>(out) : std::nullopt;
        }
        out.push_back(c);
        ++i;
    }
    return std::nullopt;
}

bool refusable(std::string_view s) {
    if (s.find('\0') != std::string_view::npos) return true;
    // Invalid UTF-8 is refusable too: let any refusal of text with a high byte pass, but ASCII without NUL must
    // always be accepted.
    for (char c : s) {
        if (static_cast<unsigned char>(c) >= 0x80) return true;
    }
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);

    try {
        const std::string q = starshift::sql::quote_identifier(in);
        if (q.empty() || q.front() != '"') {
            check(q == in && bare_ok(in), "bare identifier output that is not the plain input", in);
        } else {
            const auto back = parse_quoted_identifier(q);
            check(back.has_value(), "quoted identifier with an unbalanced quote", in);
            check(*back == in, "quoted identifier does not decode to the input", in);
        }
    } catch (const starshift::sql::sql_error&) {
        check(in.empty() || refusable(in), "identifier refused without a NUL or non-ASCII byte", in);
    }

    for (const auto d : {starshift::sql::dialect::postgres, starshift::sql::dialect::redshift}) {
        try {
            const std::string q = starshift::sql::quote_literal(in, d);
            const auto back = parse_literal(q, d == starshift::sql::dialect::redshift);
            check(back.has_value(), "literal is not one complete quoted token", in);
            check(*back == in, "literal does not decode to the input", in);
        } catch (const starshift::sql::sql_error&) {
            check(refusable(in), "literal refused without a NUL or non-ASCII byte", in);
        }
    }

    try {
        (void)starshift::sql::quote_dotted(in);  // must only ever throw sql_error
    } catch (const starshift::sql::sql_error&) {
    }
    return 0;
}
