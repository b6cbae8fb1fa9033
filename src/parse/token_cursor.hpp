// Private to src/parse: reading one statement's tokens (peek, take, keywords, symbols, errors at a token), shared by
// the DDL/COPY parser (parser.cpp) and the query parser (query_parser.cpp).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/common/text.hpp"
#include "starshift/parse/detail/tokenizer.hpp"
#include "starshift/parse/parse_error.hpp"
#include "starshift/parse/parser.hpp"

namespace starshift::parse {

// A name part as the model stores it in a dotted string: bare when it is a plain folded identifier, else "quoted".
inline std::string dotted_part(const std::string& name, bool quoted) {
    if (!quoted) return name;
    bool plain = !name.empty();
    for (char c : name)
        if (c == '.' || c == '"') plain = false;
    if (plain) return name;
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

class token_cursor {
protected:
    token_cursor(const std::vector<token>& toks, const parse_options& options) : t_(toks), o_(options) {}

    const token& peek(std::size_t k = 0) const {
        const std::size_t i = pos_ + k;
        return i < t_.size() ? t_[i] : t_.back();
    }
    const token& take() {
        const token& t = peek();
        if (pos_ < t_.size() - 1) ++pos_;
        return t;
    }
    static bool is_kw(const token& t, std::string_view kw) { return t.kind == token_kind::word && iequals(t.text, kw); }
    static bool is_sym(const token& t, char c) {
        return t.kind == token_kind::symbol && t.text.size() == 1 && t.text[0] == c;
    }
    bool accept_kw(std::string_view kw) {
        if (!is_kw(peek(), kw)) return false;
        take();
        return true;
    }
    bool accept_sym(char c) {
        if (!is_sym(peek(), c)) return false;
        take();
        return true;
    }
    void expect_kw(std::string_view kw) {
        if (!accept_kw(kw)) expected(ascii_upper(kw));
    }
    void expect_sym(char c) {
        if (!accept_sym(c)) expected(std::string("'") + c + "'");
    }

    // A token for a message; `secret` hides what could be a credential.
    static std::string describe(const token& t, bool secret = false) {
        switch (t.kind) {
            case token_kind::end: return "the end of the input";
            case token_kind::semicolon: return "';'";
            case token_kind::symbol: return "'" + t.text + "'";
            case token_kind::number: return secret ? "a number" : "number " + t.text;
            case token_kind::string: return "a string literal";
            case token_kind::quoted_identifier: return secret ? "a quoted identifier" : "\"" + t.text + "\"";
            case token_kind::word: return secret ? "a word" : "'" + t.text + "'";
        }
        return "?";
    }

    [[noreturn]] void fail_at(const token& t, const char* id, const std::string& message) const {
        throw parse_error(o_.file, t.line, t.column, id, message);
    }
    [[noreturn]] void expected(const std::string& what, bool secret = false) const {
        fail_at(peek(), "starshift.parse.syntax", "expected " + what + ", found " + describe(peek(), secret));
    }

    std::string identifier(const char* what) {
        const token& t = peek();
        if (t.kind == token_kind::word) return fold_identifier(take().text);
        if (t.kind == token_kind::quoted_identifier) return take().text;
        expected(what);
    }

    const std::vector<token>& t_;
    const parse_options& o_;
    std::size_t pos_ = 0;
};

}  // namespace starshift::parse
