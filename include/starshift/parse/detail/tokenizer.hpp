// Redshift SQL tokens (words, "quoted" identifiers, 'string' literals, numbers, symbols) with line and column.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace starshift::parse {

enum class token_kind {
    word,               // keyword or unquoted identifier, as written (fold with fold_identifier)
    quoted_identifier,  // "…" with "" unescaped
    string,             // '…' with '' (and, spelling::redshift, Redshift's backslash escapes) unescaped; $$…$$ and
                        // $tag$…$tag$ (spelling::redshift) verbatim
    number,             // 12, 3.5, 1e6 (no sign: '-' is a symbol)
    symbol,             // one punctuation character: ( ) , . = + - * / < > | … (spelling::postgres: operator runs)
    semicolon,          // ;
    end,                // end of input
};

struct token {
    token_kind kind = token_kind::end;
    std::string text;          // see token_kind
    std::size_t line = 1;      // 1-based
    std::size_t column = 1;    // 1-based, in characters
    std::size_t begin = 0;     // byte offsets of the token in the source
    std::size_t end = 0;
};

// How the source is spelled. Redshift scripts: '…' strings take backslash escapes, -- and /* */ are comments, each
// punctuation character is its own symbol. PostgreSQL's deparsed expressions (what EXPLAIN prints as Hash Cond,
// Filter, Group Key, …): standard strings (a backslash is an ordinary character), no comments, and an operator is
// one symbol: the longest run of + - * / < > = ~ ! @ # % ^ & | ` ? (so "<>", ">=", "~~", "||" and "!~~" are one
// token each; ':' is not an operator character, so "::" is two ':' symbols); a number is the run of digits, '.',
// 'e', 'E' and a sign after e/E that starts with a digit ('.5' is '.' and 5); NUL bytes and empty "" identifiers are taken as written.
enum class spelling { redshift, postgres };

// Unquoted identifiers fold to lower case (ASCII letters only), as Redshift does.
[[nodiscard]] std::string fold_identifier(std::string_view word);

// Reads tokens one at a time; skips whitespace, -- and /* */ comments (nested, like PostgreSQL).
// Throws parse_error ([starshift.parse.unterminated_string], [starshift.parse.unterminated_identifier],
// [starshift.parse.unterminated_comment], [starshift.parse.empty_identifier], [starshift.parse.unexpected_character])
// for input it cannot read; never reads past the end.
class tokenizer {
public:
    tokenizer(std::string_view source, std::string file, spelling how = spelling::redshift);

    [[nodiscard]] token next();
    // The tokens of the next statement: up to and including its ';' (or the end token). Empty at end of input.
    [[nodiscard]] std::vector<token> next_statement();
    // The same into `out` (cleared first; its capacity is reused across statements).
    void next_statement(std::vector<token>& out);
    [[nodiscard]] bool at_end() const noexcept { return done_; }

private:
    [[noreturn]] void fail(std::size_t line, std::size_t column, const char* id, std::string_view message) const;
    void advance(std::size_t n);
    // At a `quote` inside a literal it encloses: a doubled one stands for one (appended to `text`; returns false), a
    // single one closes the literal (returns true). Advances past what it read.
    bool at_quote(char quote, std::string& text);
    void skip_space_and_comments();
    // The length of the dollar-quote tag ($$ or $tag$) at the current position, 0 when there is none.
    [[nodiscard]] std::size_t dollar_tag_length() const;

    std::string_view src_;
    std::string file_;
    spelling how_ = spelling::redshift;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    std::size_t column_ = 1;
    bool done_ = false;
};

// Every token of `source` (the last is token_kind::end).
[[nodiscard]] std::vector<token> tokenize(std::string_view source, std::string file = "<input>",
                                         spelling how = spelling::redshift);

}  // namespace starshift::parse
