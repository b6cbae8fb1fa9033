// PostgreSQL's deparsed expressions (ruleutils.c) as printed by EXPLAIN: fully parenthesized, `::type` casts,
// `= ANY ('{…}'::type[])` for IN lists, `~~` for LIKE. Tokenized by the parse layer's tokenizer (spelling::postgres)
// and read by recursive descent into starshift::expr; anything else makes the reader give up on that text.
#include "starshift/parse/expression.hpp"

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>

#include "starshift/common/text.hpp"
#include "starshift/parse/detail/tokenizer.hpp"
#include "starshift/parse/parse_error.hpp"

namespace starshift::parse {
namespace {

// Thrown inside the reader when the text is not an expression it understands; never leaves this file.
struct not_understood {};

bool numeric_type(const std::string& t) {
    static const std::set<std::string> n{"integer", "bigint", "smallint", "numeric", "real", "double precision",
                                         "int", "int2", "int4", "int8", "float4", "float8", "decimal"};
    return n.count(t) > 0;
}

bool text_type(const std::string& t) {
    static const std::set<std::string> n{"text", "character varying", "varchar", "bpchar", "character", "name"};
    return n.count(t) > 0;
}

// A constant of a type: an integer or real literal for numeric types when the text is a number, else the text.
expr typed_literal(const std::string& text, const std::string& type) {
    if (numeric_type(type)) {
        std::int64_t iv = 0;
        const auto r = std::from_chars(text.data(), text.data() + text.size(), iv);
        if (r.ec == std::errc{} && r.ptr == text.data() + text.size()) return lit(iv);
        if (const auto d = as_number(text)) return lit(*d);
    }
    return lit(text);
}

// `expr::type`: casts of constants are the constant, casts of columns to a text type are the column (varchar
// compared as text); any other cast of a column changes its values and becomes opaque.
expr apply_cast(const expr& e, const std::string& type) {
    if (e.what() == expr::kind::literal) {
        if (const auto* sv = std::get_if<std::string>(&e.get().literal)) return typed_literal(*sv, type);
        return e;
    }
    if (e.what() == expr::kind::column && text_type(type)) return e;
    return fn("CAST", {e});
}

// The elements of an array constant's text, '{a,"b c",…}', as constants of `elem_type`.
std::vector<expr> array_text_elements(const std::string& text, const std::string& elem_type) {
    std::vector<expr> out;
    if (text.size() < 2 || text.front() != '{' || text.back() != '}') throw not_understood{};
    std::size_t k = 1;
    const std::size_t end = text.size() - 1;
    while (k < end) {
        std::string v;
        bool quoted = false;
        if (text[k] == '"') {
            quoted = true;
            ++k;
            while (k < end && text[k] != '"') {
                if (text[k] == '\\' && k + 1 < end) ++k;
                v.push_back(text[k++]);
            }
            if (k >= end) throw not_understood{};
            ++k;
        } else {
            while (k < end && text[k] != ',') v.push_back(text[k++]);
        }
        if (!quoted && v == "NULL") throw not_understood{};
        out.push_back(typed_literal(v, elem_type));
        if (k < end) {
            if (text[k] != ',') throw not_understood{};
            ++k;
        }
    }
    return out;
}

class pg_expression_reader {
public:
    explicit pg_expression_reader(std::vector<token> tokens) : t_(std::move(tokens)) {}

    expr read_all() {
        expr e = parse_or();
        if (t_[i_].kind != token_kind::end) throw not_understood{};
        return e;
    }

private:
    const token& peek() const { return t_[i_]; }
    void take() {
        if (t_[i_].kind != token_kind::end) ++i_;
    }
    bool peek_symbol(std::string_view s) const { return peek().kind == token_kind::symbol && peek().text == s; }
    bool eat_symbol(std::string_view s) {
        if (!peek_symbol(s)) return false;
        take();
        return true;
    }
    void expect_symbol(std::string_view s) {
        if (!eat_symbol(s)) throw not_understood{};
    }
    // The next bare word (not consumed), upper-cased; empty when the next token is not a word.
    std::string peek_word() const {
        if (peek().kind != token_kind::word) return {};
        return ascii_upper(peek().text);
    }
    bool eat_word(std::string_view w) {
        if (peek_word() != w) return false;
        take();
        return true;
    }
    // The next symbol when it is an operator (a run of operator characters), else empty.
    std::string operator_token() const {
        if (peek().kind != token_kind::symbol || peek().text.empty()) return {};
        for (const char c : peek().text)
            if (std::string_view("+-*/<>=~!@#%^&|`?").find(c) == std::string_view::npos) return {};
        return peek().text;
    }
    // `::` written without a space between the colons.
    bool at_typecast() const {
        return peek_symbol(":") && i_ + 1 < t_.size() && t_[i_ + 1].kind == token_kind::symbol &&
               t_[i_ + 1].text == ":" && t_[i_ + 1].begin == t_[i_].end;
    }
    std::string identifier() {
        const token& t = peek();
        if (t.kind == token_kind::quoted_identifier) {
            std::string out = t.text;
            take();
            return out;
        }
        // PostgreSQL quotes every name that is not plain ASCII.
        if (t.kind != token_kind::word) throw not_understood{};
        for (const char c : t.text)
            if (static_cast<unsigned char>(c) >= 0x80) throw not_understood{};
        std::string out = t.text;
        take();
        return out;
    }
    std::string string_literal() {
        if (peek().kind != token_kind::string) throw not_understood{};
        std::string out = peek().text;
        take();
        return out;
    }
    // A type name after `::`; returns it lower-cased without modifiers, with "[]" for arrays.
    std::string type_name() {
        std::string t = ascii_lower(identifier());
        static const std::set<std::string> more{"without", "with", "time", "zone", "varying", "precision"};
        while (true) {
            const std::string w = ascii_lower(peek_word());
            if (w.empty() || !more.count(w)) break;
            take();
            t += " " + w;
        }
        if (eat_symbol("(")) {
            while (peek().kind != token_kind::end && !peek_symbol(")")) take();
            expect_symbol(")");
        }
        while (eat_symbol("[")) {
            expect_symbol("]");
            t += "[]";
        }
        return t;
    }

    expr parse_or() {
        std::vector<expr> terms{parse_and()};
        while (eat_word("OR")) terms.push_back(parse_and());
        return terms.size() == 1 ? terms[0] : or_(std::move(terms));
    }
    expr parse_and() {
        std::vector<expr> terms{parse_not()};
        while (eat_word("AND")) terms.push_back(parse_not());
        return terms.size() == 1 ? terms[0] : and_(std::move(terms));
    }
    expr parse_not() {
        if (eat_word("NOT")) return not_(parse_not());
        return parse_cmp();
    }
    expr parse_cmp() {
        expr lhs = parse_additive();
        if (eat_word("IS")) {
            const bool negated = eat_word("NOT");
            if (!eat_word("NULL")) throw not_understood{};
            return negated ? is_not_null(lhs) : is_null(lhs);
        }
        const std::string op = operator_token();
        if (op.empty()) return lhs;
        static const std::map<std::string, binary_op> ops{{"=", binary_op::eq},  {"<>", binary_op::ne},
                                                          {"!=", binary_op::ne}, {"<", binary_op::lt},
                                                          {"<=", binary_op::le}, {">", binary_op::gt},
                                                          {">=", binary_op::ge}};
        const auto it = ops.find(op);
        take();
        const binary_op bop = it == ops.end() ? binary_op::like : it->second;  // ~~, !~~, …: opaque to analysis
        if (peek_word() == "ANY" || peek_word() == "ALL") {
            const bool any = peek_word() == "ANY";
            take();
            expect_symbol("(");
            std::vector<expr> elements = array_elements();
            expect_symbol(")");
            if (!any || bop != binary_op::eq || elements.empty()) return fn("OPAQUE", {lhs});
            std::vector<expr> terms;
            for (auto& el : elements) terms.push_back(eq(lhs, el));
            return terms.size() == 1 ? terms[0] : or_(std::move(terms));
        }
        return binary(bop, lhs, parse_additive());
    }
    // The elements of '{a,b,…}'::type[] or ARRAY[e, …].
    std::vector<expr> array_elements() {
        std::vector<expr> out;
        if (eat_word("ARRAY")) {
            expect_symbol("[");
            if (!eat_symbol("]")) {
                do out.push_back(parse_or());
                while (eat_symbol(","));
                expect_symbol("]");
            }
            return out;
        }
        const std::string text = string_literal();
        std::string type;
        if (eat_symbol(":")) {
            expect_symbol(":");
            type = type_name();
        }
        if (type.size() < 2 || type.compare(type.size() - 2, 2, "[]") != 0) throw not_understood{};
        return array_text_elements(text, type.substr(0, type.size() - 2));
    }
    expr parse_additive() {
        expr lhs = parse_unary();
        while (true) {
            const std::string op = operator_token();
            binary_op bop;
            if (op == "+") bop = binary_op::add;
            else if (op == "-") bop = binary_op::sub;
            else if (op == "*") bop = binary_op::mul;
            else if (op == "/") bop = binary_op::div;
            else if (op == "%") bop = binary_op::mod;
            else if (op == "||") bop = binary_op::concat;
            else return lhs;
            take();
            lhs = binary(bop, lhs, parse_unary());
        }
    }
    expr parse_unary() {
        if (operator_token() == "-") {
            take();
            expr inner = parse_unary();
            auto n = std::make_shared<expr::node>();
            n->k = expr::kind::unary;
            n->uop = unary_op::negate;
            n->args = {std::move(inner)};
            return expr(std::move(n));
        }
        expr e = parse_primary();
        while (at_typecast()) {
            take();
            take();
            e = apply_cast(e, type_name());
        }
        return e;
    }
    expr parse_primary() {
        const token& t = peek();
        if (t.kind == token_kind::end) throw not_understood{};
        if (peek_symbol("(")) {
            if (++depth_ > 200) throw not_understood{};  // hostile nesting: give up on this text
            take();
            expr e = parse_or();
            expect_symbol(")");
            --depth_;
            return e;
        }
        if (t.kind == token_kind::string) return lit(string_literal());
        if (t.kind == token_kind::number) {
            const std::string text = t.text;
            take();
            return typed_literal(text, "numeric");
        }
        const std::string w = peek_word();
        if (w == "NULL") {
            take();
            return null_value();
        }
        if (w == "TRUE" || w == "FALSE") {
            take();
            return lit_bool(w == "TRUE");
        }
        if (w == "CASE" || w == "ARRAY" || w == "EXISTS" || w == "SELECT" || w == "ROW") throw not_understood{};
        const std::string first = identifier();
        if (eat_symbol("(")) {  // a function call
            std::vector<expr> args;
            if (!eat_symbol(")")) {
                do args.push_back(parse_or());
                while (eat_symbol(","));
                expect_symbol(")");
            }
            if (peek_word() == "OVER") throw not_understood{};
            return fn(first, std::move(args));
        }
        if (eat_symbol(".")) {
            const std::string second = identifier();
            if (peek_symbol(".")) throw not_understood{};  // schema.table.column: not printed
            return starshift::column_ref(first, second);
        }
        return starshift::column_ref(first);
    }

    std::vector<token> t_;  // ends with token_kind::end
    std::size_t i_ = 0;
    int depth_ = 0;
};

// The text of each conjunct of the outermost AND, split by hand: "((a) AND (b) AND (c …))" → "(a)", "(b)", "(c …)".
std::vector<std::string_view> split_outer_and(std::string_view text) {
    std::string_view t = text;
    for (int strip = 0; strip < 8 && t.size() >= 2 && t.front() == '(' && t.back() == ')'; ++strip) {
        int depth = 0;
        bool in_string = false;
        bool wraps = true;
        for (std::size_t k = 0; k < t.size(); ++k) {
            const char c = t[k];
            if (c == '\'') in_string = !in_string;
            if (in_string) continue;
            if (c == '(') ++depth;
            if (c == ')' && --depth == 0 && k + 1 != t.size()) {
                wraps = false;
                break;
            }
        }
        if (!wraps) break;
        t = t.substr(1, t.size() - 2);
    }
    int depth = 0;
    bool in_string = false;
    std::size_t begin = 0;
    std::vector<std::string_view> parts;
    for (std::size_t k = 0; k < t.size(); ++k) {
        const char c = t[k];
        if (c == '\'') in_string = !in_string;
        if (in_string) continue;
        if (c == '(') ++depth;
        if (c == ')') --depth;
        if (depth == 0 && t.substr(k, 5) == " AND ") {
            parts.push_back(t.substr(begin, k - begin));
            begin = k + 5;
            k += 4;
        }
    }
    parts.push_back(t.substr(begin));
    return parts;
}

void flatten_and(const expr& e, std::vector<expr>& out) {
    if (e.what() == expr::kind::binary && e.get().bop == binary_op::and_) {
        for (const expr& a : e.get().args) flatten_and(a, out);
    } else {
        out.push_back(e);
    }
}

}  // namespace

std::optional<expr> parse_pg_expression(std::string_view text) {
    try {
        return pg_expression_reader(tokenize(text, "<explain>", spelling::postgres)).read_all();
    } catch (const not_understood&) {
    } catch (const parse_error&) {  // the tokenizer's: an unterminated quote, a control character, …
    }
    return std::nullopt;
}

std::vector<expr> parse_pg_conjuncts(std::string_view text) {
    std::vector<expr> out;
    if (const auto whole = parse_pg_expression(text)) {
        flatten_and(*whole, out);
        return out;
    }
    const std::vector<std::string_view> parts = split_outer_and(text);
    if (parts.size() < 2) return out;
    for (const auto p : parts)
        if (const auto e = parse_pg_expression(p)) flatten_and(*e, out);
    return out;
}

}  // namespace starshift::parse
