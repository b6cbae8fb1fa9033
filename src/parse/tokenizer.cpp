#include "starshift/parse/detail/tokenizer.hpp"

#include "starshift/parse/parse_error.hpp"

namespace starshift::parse {
namespace {

bool is_word_start(unsigned char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
bool is_word_char(unsigned char c) noexcept { return is_word_start(c) || (c >= '0' && c <= '9') || c == '$'; }
bool is_digit(unsigned char c) noexcept { return c >= '0' && c <= '9'; }
bool is_space(unsigned char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
// PostgreSQL's operator characters (scan.l's op_chars).
bool is_operator_char(char c) noexcept {
    constexpr std::string_view chars = "+-*/<>=~!@#%^&|`?";
    return chars.find(c) != std::string_view::npos;
}

}  // namespace

std::string fold_identifier(std::string_view word) {
    std::string out(word);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

tokenizer::tokenizer(std::string_view source, std::string file, spelling how)
    : src_(source), file_(std::move(file)), how_(how) {}

void tokenizer::fail(std::size_t line, std::size_t column, const char* id, std::string_view message) const {
    throw parse_error(file_, line, column, id, message);
}

void tokenizer::advance(std::size_t n) {
    for (std::size_t i = 0; i < n && pos_ < src_.size(); ++i, ++pos_) {
        const auto c = static_cast<unsigned char>(src_[pos_]);
        if (c == '\n') {
            ++line_;
            column_ = 1;
        } else if ((c & 0xC0u) != 0x80u) {
            ++column_;  // count code points: continuation bytes do not start a column
        }
    }
}

bool tokenizer::at_quote(char quote, std::string& text) {
    if (pos_ + 1 < src_.size() && src_[pos_ + 1] == quote) {
        text += quote;
        advance(2);
        return false;
    }
    advance(1);
    return true;
}

std::size_t tokenizer::dollar_tag_length() const {
    // PostgreSQL's dollar quote: '$', an optional tag (a letter or '_', then letters, digits, '_'), '$'.
    std::size_t e = pos_ + 1;
    if (e < src_.size() && is_word_start(static_cast<unsigned char>(src_[e]))) {
        while (e < src_.size() && src_[e] != '$' && is_word_char(static_cast<unsigned char>(src_[e]))) ++e;
    }
    return e < src_.size() && src_[e] == '$' ? e + 1 - pos_ : 0;
}

void tokenizer::skip_space_and_comments() {
    while (pos_ < src_.size()) {
        const auto c = static_cast<unsigned char>(src_[pos_]);
        if (is_space(c)) {
            advance(1);
        } else if (how_ == spelling::postgres) {
            return;  // deparsed expressions hold no comments: "--" and "/*" are operators
        } else if (c == '-' && pos_ + 1 < src_.size() && src_[pos_ + 1] == '-') {
            while (pos_ < src_.size() && src_[pos_] != '\n') advance(1);
        } else if (c == '/' && pos_ + 1 < src_.size() && src_[pos_ + 1] == '*') {
            const std::size_t l = line_, col = column_;
            advance(2);
            std::size_t depth = 1;
            while (depth > 0) {
                if (pos_ >= src_.size()) fail(l, col, "starshift.parse.unterminated_comment", "/* comment is not closed");
                if (src_[pos_] == '*' && pos_ + 1 < src_.size() && src_[pos_ + 1] == '/') {
                    --depth;
                    advance(2);
                } else if (src_[pos_] == '/' && pos_ + 1 < src_.size() && src_[pos_ + 1] == '*') {
                    ++depth;
                    advance(2);
                } else {
                    advance(1);
                }
            }
        } else {
            return;
        }
    }
}

token tokenizer::next() {
    skip_space_and_comments();
    token t;
    t.line = line_;
    t.column = column_;
    t.begin = pos_;
    if (pos_ >= src_.size()) {
        t.kind = token_kind::end;
        t.end = pos_;
        done_ = true;
        return t;
    }
    const auto c = static_cast<unsigned char>(src_[pos_]);
    if (is_word_start(c)) {
        std::size_t e = pos_;
        while (e < src_.size() && is_word_char(static_cast<unsigned char>(src_[e]))) ++e;
        t.kind = token_kind::word;
        t.text = std::string(src_.substr(pos_, e - pos_));
        advance(e - pos_);
    } else if (how_ == spelling::postgres && is_digit(c)) {
        // The run of digits, '.', 'e', 'E' and a sign after e/E: PostgreSQL prints nothing else after a digit, and
        // text that is not a number (1.2.3) reads as a number token that does not convert.
        std::size_t e = pos_;
        while (e < src_.size() && (is_digit(static_cast<unsigned char>(src_[e])) || src_[e] == '.' || src_[e] == 'e' ||
                                   src_[e] == 'E' ||
                                   ((src_[e] == '+' || src_[e] == '-') && (src_[e - 1] == 'e' || src_[e - 1] == 'E'))))
            ++e;
        t.kind = token_kind::number;
        t.text = std::string(src_.substr(pos_, e - pos_));
        advance(e - pos_);
    } else if (is_digit(c) || (how_ == spelling::redshift && c == '.' && pos_ + 1 < src_.size() && is_digit(static_cast<unsigned char>(src_[pos_ + 1])))) {
        std::size_t e = pos_;
        while (e < src_.size() && is_digit(static_cast<unsigned char>(src_[e]))) ++e;
        if (e < src_.size() && src_[e] == '.') {
            ++e;
            while (e < src_.size() && is_digit(static_cast<unsigned char>(src_[e]))) ++e;
        }
        if (e < src_.size() && (src_[e] == 'e' || src_[e] == 'E')) {
            std::size_t f = e + 1;
            if (f < src_.size() && (src_[f] == '+' || src_[f] == '-')) ++f;
            if (f < src_.size() && is_digit(static_cast<unsigned char>(src_[f]))) {
                e = f;
                while (e < src_.size() && is_digit(static_cast<unsigned char>(src_[e]))) ++e;
            }
        }
        t.kind = token_kind::number;
        t.text = std::string(src_.substr(pos_, e - pos_));
        advance(e - pos_);
    } else if (c == '"') {
        t.kind = token_kind::quoted_identifier;
        advance(1);
        for (;;) {
            if (pos_ >= src_.size())
                fail(t.line, t.column, "starshift.parse.unterminated_identifier", "quoted identifier is not closed");
            const char ch = src_[pos_];
            if (ch == '"') {
                if (at_quote('"', t.text)) break;
                continue;
            }
            if (ch == '\0' && how_ == spelling::redshift)
                fail(line_, column_, "starshift.parse.unexpected_character", "NUL byte in a quoted identifier");
            t.text += ch;
            advance(1);
        }
        if (t.text.empty() && how_ == spelling::redshift) fail(t.line, t.column, "starshift.parse.empty_identifier", "empty quoted identifier \"\"");
    } else if (c == '\'') {
        t.kind = token_kind::string;
        advance(1);
        for (;;) {
            if (pos_ >= src_.size())
                fail(t.line, t.column, "starshift.parse.unterminated_string", "string literal is not closed");
            const char ch = src_[pos_];
            if (ch == '\'') {
                if (at_quote('\'', t.text)) break;
                continue;
            }
            if (ch == '\\' && how_ == spelling::redshift) {
                if (pos_ + 1 >= src_.size())
                    fail(t.line, t.column, "starshift.parse.unterminated_string", "string literal is not closed");
                const char e = src_[pos_ + 1];
                if (e >= '0' && e <= '7') {
                    // \o, \oo or \ooo: an octal byte (Redshift's DELIMITER '\001' style).
                    unsigned v = 0;
                    std::size_t n = 0;
                    while (n < 3 && pos_ + 1 + n < src_.size() && src_[pos_ + 1 + n] >= '0' && src_[pos_ + 1 + n] <= '7') {
                        v = v * 8 + static_cast<unsigned>(src_[pos_ + 1 + n] - '0');
                        ++n;
                    }
                    if (v == 0 || v > 0xFF)
                        fail(line_, column_, "starshift.parse.bad_escape", "octal escape must be a byte from \\001 to \\377");
                    t.text += static_cast<char>(v);
                    advance(1 + n);
                    continue;
                }
                switch (e) {
                    case 'n': t.text += '\n'; break;
                    case 't': t.text += '\t'; break;
                    case 'r': t.text += '\r'; break;
                    case 'b': t.text += '\b'; break;
                    case 'f': t.text += '\f'; break;
                    case '\0': fail(line_, column_, "starshift.parse.unexpected_character", "NUL byte in a string literal");
                    default: t.text += e; break;  // \\ \' and any other character stand for themselves
                }
                advance(2);
                continue;
            }
            if (ch == '\0' && how_ == spelling::redshift)
                fail(line_, column_, "starshift.parse.unexpected_character", "NUL byte in a string literal");
            t.text += ch;
            advance(1);
        }
    } else if (const std::size_t n = how_ == spelling::redshift && c == '$' ? dollar_tag_length() : 0; n > 0) {
        // $$…$$ or $tag$…$tag$: a dollar-quoted string (the body of CREATE PROCEDURE / CREATE FUNCTION), taken
        // verbatim up to the same tag.
        const std::string_view tag = src_.substr(pos_, n);
        const std::size_t close = src_.find(tag, pos_ + n);
        if (close == std::string_view::npos)
            fail(t.line, t.column, "starshift.parse.unterminated_string",
                 "dollar-quoted string " + std::string(tag) + " is not closed");
        t.kind = token_kind::string;
        t.text = std::string(src_.substr(pos_ + n, close - pos_ - n));
        advance(close + n - pos_);
    } else if (c == ';') {
        t.kind = token_kind::semicolon;
        t.text = ";";
        advance(1);
    } else if (how_ == spelling::postgres && is_operator_char(static_cast<char>(c))) {
        std::size_t e = pos_;
        while (e < src_.size() && is_operator_char(src_[e])) ++e;
        t.kind = token_kind::symbol;
        t.text = std::string(src_.substr(pos_, e - pos_));
        advance(e - pos_);
    } else if (c > 0x20 && c < 0x7F) {
        t.kind = token_kind::symbol;
        t.text = std::string(1, static_cast<char>(c));
        advance(1);
    } else {
        char buf[8];
        const char* hex = "0123456789ABCDEF";
        buf[0] = '0';
        buf[1] = 'x';
        buf[2] = hex[c >> 4];
        buf[3] = hex[c & 0xF];
        buf[4] = '\0';
        fail(line_, column_, "starshift.parse.unexpected_character", std::string("unexpected character ") + buf);
    }
    t.end = pos_;
    return t;
}

std::vector<token> tokenizer::next_statement() {
    std::vector<token> out;
    next_statement(out);
    return out;
}

void tokenizer::next_statement(std::vector<token>& out) {
    out.clear();
    if (done_) return;
    for (;;) {
        out.push_back(next());
        const token_kind k = out.back().kind;
        if (k == token_kind::semicolon || k == token_kind::end) break;
    }
}

std::vector<token> tokenize(std::string_view source, std::string file, spelling how) {
    tokenizer tz(source, std::move(file), how);
    std::vector<token> out;
    do {
        out.push_back(tz.next());
    } while (out.back().kind != token_kind::end);
    return out;
}

}  // namespace starshift::parse
