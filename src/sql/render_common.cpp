// Rendering shared by both dialects: types, expressions, queries, INSERT … SELECT, DELETE, DROP/TRUNCATE/ANALYZE.
// The dialects differ here only in literal quoting, type spelling and TRUNCATE's keyword.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <string>
#include <system_error>
#include <type_traits>
#include <variant>
#include <vector>

#include "render_detail.hpp"
#include "starshift/common/text.hpp"
#include "starshift/sql/quote.hpp"
#include "starshift/sql/render.hpp"

namespace starshift::sql {

namespace detail {

std::string type_sql(const sql_type& t, dialect d) {
    switch (t.kind) {
        case type_kind::smallint: return "SMALLINT";
        case type_kind::integer: return "INTEGER";
        case type_kind::bigint: return "BIGINT";
        case type_kind::decimal:
            return "DECIMAL(" + std::to_string(t.precision) + "," + std::to_string(t.scale) + ")";
        case type_kind::real: return "REAL";
        case type_kind::double_precision: return "DOUBLE PRECISION";
        case type_kind::boolean: return "BOOLEAN";
        case type_kind::char_: return t.length == 0 ? std::string("CHAR") : "CHAR(" + std::to_string(t.length) + ")";
        case type_kind::varchar:
            if (t.max) {
                return d == dialect::redshift ? std::string("VARCHAR(MAX)")
                                              : "VARCHAR(" + std::to_string(varchar_max_length) + ")";
            }
            if (t.length == 0) {
                // Redshift's bare VARCHAR is VARCHAR(256); PostgreSQL's would be unlimited.
                return d == dialect::redshift ? std::string("VARCHAR") : std::string("VARCHAR(256)");
            }
            return "VARCHAR(" + std::to_string(t.length) + ")";
        case type_kind::date: return "DATE";
        case type_kind::timestamp: return "TIMESTAMP";
        case type_kind::timestamptz: return "TIMESTAMPTZ";
        // The PostgreSQL column of each type Redshift has and PostgreSQL lacks: docs/parse.md, "Type mapping".
        case type_kind::time: return "TIME";
        case type_kind::timetz: return "TIMETZ";
        case type_kind::varbyte:
            return d == dialect::redshift ? "VARBYTE(" + std::to_string(t.length) + ")" : std::string("BYTEA");
        case type_kind::super: return d == dialect::redshift ? "SUPER" : "JSONB";
        case type_kind::geometry: return d == dialect::redshift ? "GEOMETRY" : "TEXT";
        case type_kind::geography: return d == dialect::redshift ? "GEOGRAPHY" : "TEXT";
        case type_kind::hllsketch: return d == dialect::redshift ? "HLLSKETCH" : "TEXT";
    }
    throw sql_error("starshift.sql.unknown_type", "unknown column type");
}

std::string column_list(const std::vector<std::string>& names) {
    return "(" + comma_joined(names, [](const std::string& n) { return quote_identifier(n); }) + ")";
}

std::string table_name(const table& t) { return quote_qualified(t.schema, t.name); }

std::string foreign_key_sql(const constraint& c) {
    std::string out = "FOREIGN KEY " + column_list(c.columns) + " REFERENCES " + quote_dotted(c.ref_table);
    if (!c.ref_columns.empty()) {
        out += " " + column_list(c.ref_columns);
    }
    for (const auto& [word, value] : {std::pair<const char*, const std::string&>{" MATCH ", c.match},
                                      {" ON DELETE ", c.on_delete},
                                      {" ON UPDATE ", c.on_update}}) {
        if (!value.empty()) {
            out += word + raw_sql(value, "FOREIGN KEY clause");
        }
    }
    return out;
}

std::string query_text(const table& t) { return raw_sql(t.as_query->text, "CREATE TABLE … AS query"); }

std::string indent(std::string_view text, std::size_t spaces) {
    // The text is the renderer's own: a quote always opens a string literal or a quoted identifier, whose embedded
    // quotes are doubled (and backslashes too), so toggling on each quote character tracks them. A line break inside
    // one is part of its value and gets no padding.
    const std::string pad(spaces, ' ');
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    bool line_start = true;
    char quote = 0;
    for (const char c : text) {
        if (line_start && c != '\n' && quote == 0) {
            out += pad;
        }
        out.push_back(c);
        if (c == '\'' || c == '"') {
            quote = quote == 0 ? c : (quote == c ? 0 : quote);
        }
        line_start = c == '\n';
    }
    return out;
}

std::string comment_text(std::string_view text) {
    if (text.find('\0') != std::string_view::npos) {
        throw sql_error("starshift.sql.nul_byte", "comment text contains a NUL byte");
    }
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        out.push_back(u < 0x20 || u == 0x7F ? ' ' : c);
    }
    return out;
}

std::string raw_sql(std::string_view text, std::string_view what) {
    check_text(text, what);
    if (text.empty()) {
        throw sql_error("starshift.sql.empty_expression", std::string(what) + " is empty");
    }
    return std::string(text);
}

}  // namespace detail

namespace {

using detail::comma_joined;
using detail::query_sql;

bool is_word(std::string_view s, bool allow_lower) {
    if (s.empty()) {
        return false;
    }
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        const bool letter = (c >= 'A' && c <= 'Z') || (allow_lower && c >= 'a' && c <= 'z') || c == '_';
        const bool digit = c >= '0' && c <= '9';
        if (!(letter || (i > 0 && digit))) {
            return false;
        }
    }
    return true;
}


std::string double_literal(double v) {
    if (!std::isfinite(v)) {
        throw sql_error("starshift.sql.non_finite_literal", "NaN and infinity have no portable SQL literal");
    }
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);  // shortest representation that round-trips
    if (res.ec != std::errc{}) {
        throw sql_error("starshift.sql.non_finite_literal", "cannot format a double literal");
    }
    std::string out(buf, res.ptr);
    if (out.find_first_of(".e") == std::string::npos) {
        out += ".0";  // keep it a non-integer literal: 3.0 / 2 must not become integer division
    }
    return out;
}

std::string literal_sql(const expr::literal_value& v, dialect d) {
    return std::visit(
        [d](const auto& x) -> std::string {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::string>) {
                return quote_literal(x, d);
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                return std::to_string(x);
            } else if constexpr (std::is_same_v<T, double>) {
                return double_literal(x);
            } else {
                return x ? "TRUE" : "FALSE";
            }
        },
        v);
}

const char* binary_op_sql(binary_op op) {
    switch (op) {
        case binary_op::eq: return "=";
        case binary_op::ne: return "<>";
        case binary_op::lt: return "<";
        case binary_op::le: return "<=";
        case binary_op::gt: return ">";
        case binary_op::ge: return ">=";
        case binary_op::and_: return "AND";
        case binary_op::or_: return "OR";
        case binary_op::add: return "+";
        case binary_op::sub: return "-";
        case binary_op::mul: return "*";
        case binary_op::div: return "/";
        case binary_op::mod: return "%";
        case binary_op::concat: return "||";
        case binary_op::like: return "LIKE";
    }
    return "=";
}

// Binding strength, higher binds tighter. Comparisons and LIKE share a level and never nest without parentheses
// (PostgreSQL before 9.5, which Redshift follows, ordered them differently from PostgreSQL 15).
int precedence(binary_op op) {
    switch (op) {
        case binary_op::or_: return 1;
        case binary_op::and_: return 2;
        case binary_op::eq:
        case binary_op::ne:
        case binary_op::lt:
        case binary_op::le:
        case binary_op::gt:
        case binary_op::ge:
        case binary_op::like: return 5;
        case binary_op::concat: return 6;
        case binary_op::add:
        case binary_op::sub: return 7;
        case binary_op::mul:
        case binary_op::div:
        case binary_op::mod: return 8;
    }
    return 0;
}

bool is_arithmetic(binary_op op) { return precedence(op) >= 6; }

std::string expr_sql(const expr& e, dialect d);

std::string paren(const std::string& s) { return "(" + s + ")"; }

bool is_predicate(const expr& e);

// An operand of a binary operator, parenthesized when precedence (or readability) requires.
std::string operand_sql(const expr& child, binary_op parent, bool right, dialect d) {
    const std::string text = expr_sql(child, d);
    const int pp = precedence(parent);
    if (is_predicate(child) && parent != binary_op::and_ && parent != binary_op::or_) {
        return paren(text);  // (b LIKE c) < d: a predicate's operand ends where the comparison starts
    }
    if (child.what() == expr::kind::binary) {
        const binary_op cop = child.get().bop;
        const int cp = precedence(cop);
        if (parent == binary_op::and_ || parent == binary_op::or_) {
            const bool same = cop == parent;
            const bool tighter = cp > pp;
            return same || tighter ? text : paren(text);
        }
        if (pp == 5) {  // comparison: arithmetic operands bind tighter in every PostgreSQL version
            return is_arithmetic(cop) ? text : paren(text);
        }
        // arithmetic parent
        if (is_arithmetic(cop) && (cp > pp || (cp == pp && !right))) {
            return text;
        }
        return paren(text);
    }
    if (child.what() == expr::kind::unary) {
        const unary_op uop = child.get().uop;
        if (parent == binary_op::and_ || parent == binary_op::or_) {
            return text;  // NOT, IS [NOT] NULL and unary minus all bind tighter than AND/OR
        }
        return uop == unary_op::negate ? text : paren(text);
    }
    return text;
}

std::string join_exprs(const std::vector<expr>& items, dialect d) {
    return comma_joined(items, [d](const expr& e) { return expr_sql(e, d); });
}

std::string order_items_sql(const std::vector<order_item>& items, dialect d) {
    return comma_joined(items, [d](const order_item& o) {
        std::string out = expr_sql(o.value, d) + (o.descending ? " DESC" : "");
        if (o.nulls_first) {
            out += *o.nulls_first ? " NULLS FIRST" : " NULLS LAST";
        }
        return out;
    });
}

std::string function_name(const std::string& name) {
    const std::size_t dot = name.find('.');
    if (dot != std::string::npos && is_word(name.substr(0, dot), true) && is_word(name.substr(dot + 1), true)) {
        return name;  // schema.function
    }
    if (!is_word(name, true)) {
        throw sql_error("starshift.sql.bad_function_name",
                        "function name must be letters, digits and '_' (got a name of " + std::to_string(name.size()) +
                            " bytes)");
    }
    return name;
}

std::string call_sql(const std::string& name, const std::vector<expr>& args, bool distinct, dialect d) {
    std::string out = function_name(name) + "(";
    if (distinct) {
        out += "DISTINCT ";
    }
    out += join_exprs(args, d);
    out += ")";
    return out;
}

// A call with what parsed queries add: APPROXIMATE, ORDER BY inside the arguments, WITHIN GROUP (ORDER BY …).
std::string full_call_sql(const expr::node& n, dialect d) {
    if (n.name == "POSITION" && n.args.size() == 2 && !n.distinct) {  // r_POSITION: its only spelling, in both
        return "POSITION(" + operand_sql(n.args[0], binary_op::concat, false, d) + " IN " + expr_sql(n.args[1], d) +
               ")";
    }
    std::string out = call_sql(n.name, n.args, n.distinct, d);
    if (!n.arg_order.empty()) {
        out.insert(out.size() - 1, " ORDER BY " + order_items_sql(n.arg_order, d));
    }
    if (n.approximate) {
        out = "APPROXIMATE " + out;
    }
    if (!n.within_group.empty()) {
        out += " WITHIN GROUP (ORDER BY " + order_items_sql(n.within_group, d) + ")";
    }
    return out;
}

std::string qualifier_sql(const std::string& q) {
    return q.find_first_of(".\"") == std::string::npos ? quote_identifier(q) : quote_dotted(q);
}

// Predicates that take operands of their own (IN, BETWEEN, LIKE, IS TRUE): parenthesized as operands.
bool is_predicate(const expr& e) {
    switch (e.what()) {
        case expr::kind::in_list:
        case expr::kind::in_query:
        case expr::kind::between:
        case expr::kind::pattern:
        case expr::kind::is_test: return true;
        default: return false;
    }
}

// An operand of a predicate: comparisons, AND/OR, NOT and predicates in parentheses.
std::string predicate_operand(const expr& e, dialect d) {
    const std::string text = expr_sql(e, d);
    if (is_predicate(e) || (e.what() == expr::kind::binary && !is_arithmetic(e.get().bop)) ||
        (e.what() == expr::kind::unary && e.get().uop != unary_op::negate)) {
        return paren(text);
    }
    return text;
}

// A window frame as the parser normalized it: upper-case words, digits and spaces only.
std::string raw_frame(const std::string& frame) {
    for (const char c : frame) {
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ')) {
            throw sql_error("starshift.sql.bad_expression", "a window frame must be ROWS|RANGE words and numbers");
        }
    }
    return frame;
}

std::string subquery_sql(const select_query& q, dialect d) {
    return "(\n" + detail::indent(query_sql(q, d), 4) + "\n)";
}

const select_query& query_of(const expr::node& n) {
    if (!n.query) {
        throw sql_error("starshift.sql.bad_expression", "a subquery expression without its query");
    }
    return *n.query;
}

bool simple_operand(const expr& e) {
    switch (e.what()) {
        case expr::kind::column:
        case expr::kind::function:
        case expr::kind::cast:
        case expr::kind::extract:
        case expr::kind::window:
        case expr::kind::case_when:
            return true;
        case expr::kind::literal: {
            const auto& v = e.get().literal;
            if (const auto* i = std::get_if<std::int64_t>(&v)) {
                return *i >= 0;
            }
            if (const auto* x = std::get_if<double>(&v)) {
                return !std::signbit(*x);
            }
            return true;
        }
        default:
            return false;
    }
}

std::string expr_sql(const expr& e, dialect d) {
    const expr::node& n = e.get();
    switch (n.k) {
        case expr::kind::column:
            return n.qualifier.empty() ? quote_identifier(n.name)
                                       : qualifier_sql(n.qualifier) + "." + quote_identifier(n.name);
        case expr::kind::literal: return literal_sql(n.literal, d);
        case expr::kind::null: return "NULL";
        case expr::kind::star:
            if (!n.args.empty()) {  // (composite).*: the translation of QUALIFY for PostgreSQL
                if (d == dialect::redshift) {
                    throw sql_error("starshift.sql.bad_expression", "(value).* is PostgreSQL's, not Redshift's");
                }
                return "(" + expr_sql(n.args[0], d) + ").*";
            }
            return n.qualifier.empty() ? "*" : qualifier_sql(n.qualifier) + ".*";
        case expr::kind::function: return full_call_sql(n, d);
        case expr::kind::binary: {
            if (n.args.size() != 2) {
                throw sql_error("starshift.sql.bad_expression", "a binary operator needs two operands");
            }
            return operand_sql(n.args[0], n.bop, false, d) + " " + binary_op_sql(n.bop) + " " +
                   operand_sql(n.args[1], n.bop, true, d);
        }
        case expr::kind::unary: {
            if (n.args.size() != 1) {
                throw sql_error("starshift.sql.bad_expression", "a unary operator needs one operand");
            }
            const expr& x = n.args[0];
            const std::string inner = expr_sql(x, d);
            const bool compound =
                x.what() == expr::kind::binary || x.what() == expr::kind::unary || is_predicate(x);
            switch (n.uop) {
                case unary_op::not_: return "NOT " + (compound ? paren(inner) : inner);
                case unary_op::negate: return "-" + (simple_operand(x) ? inner : paren(inner));
                case unary_op::is_null: return (compound ? paren(inner) : inner) + " IS NULL";
                case unary_op::is_not_null: return (compound ? paren(inner) : inner) + " IS NOT NULL";
            }
            throw sql_error("starshift.sql.bad_expression", "unknown unary operator");
        }
        case expr::kind::cast: {
            if (n.args.size() != 1) {
                throw sql_error("starshift.sql.bad_expression", "CAST needs one operand");
            }
            return "CAST(" + expr_sql(n.args[0], d) + " AS " + detail::type_sql(n.cast_type, d) + ")";
        }
        case expr::kind::case_when: {
            if (n.args.size() < 2) {
                throw sql_error("starshift.sql.bad_expression", "CASE needs at least one WHEN … THEN arm");
            }
            std::string out = "CASE";
            std::size_t i = 0;
            for (; i + 1 < n.args.size(); i += 2) {
                out += " WHEN " + expr_sql(n.args[i], d) + " THEN " + expr_sql(n.args[i + 1], d);
            }
            if (i < n.args.size()) {
                out += " ELSE " + expr_sql(n.args[i], d);
            }
            out += " END";
            return out;
        }
        case expr::kind::window: {
            std::string call;
            if (n.name.empty() && n.args.size() == 1 && n.args[0].what() == expr::kind::function) {
                call = expr_sql(n.args[0], d);  // the function call kept as an argument
            } else {
                call = full_call_sql(n, d);
            }
            if (!n.nulls.empty()) {
                if (n.nulls != "IGNORE NULLS" && n.nulls != "RESPECT NULLS") {
                    throw sql_error("starshift.sql.bad_expression", "a window function's NULLS is IGNORE or RESPECT");
                }
                if (d == dialect::postgres) {
                    throw sql_error("starshift.sql.untranslatable", n.name + " … " + n.nulls +
                                                                       ": PostgreSQL 15 has no IGNORE/RESPECT NULLS");
                }
                // r_WF_first_value, r_WF_last_value: inside the parentheses; r_WF_LAG, r_WF_LEAD, r_WF_NTH: after them
                if (n.name == "FIRST_VALUE" || n.name == "LAST_VALUE") {
                    call.insert(call.size() - 1, " " + n.nulls);
                } else {
                    call += " " + n.nulls;
                }
            }
            std::string spec;
            if (!n.partition_by.empty()) {
                spec += "PARTITION BY " + join_exprs(n.partition_by, d);
            }
            if (!n.order_by.empty()) {
                if (!spec.empty()) {
                    spec += " ";
                }
                spec += "ORDER BY " + order_items_sql(n.order_by, d);
            }
            if (!n.frame.empty()) {
                spec += (spec.empty() ? "" : " ") + raw_frame(n.frame);
            }
            return call + " OVER (" + spec + ")";
        }
        case expr::kind::extract: {
            if (n.args.size() != 1 || !is_word(n.name, true)) {
                throw sql_error("starshift.sql.bad_expression", "EXTRACT needs a field name and one operand");
            }
            if (d == dialect::postgres && detail::postgres_integer_extract(n.name))
                return "CAST(DATE_PART('" + ascii_lower(n.name) + "', " + expr_sql(n.args[0], d) + ") AS INTEGER)";
            return "EXTRACT(" + ascii_upper(n.name) + " FROM " + expr_sql(n.args[0], d) + ")";
        }
        case expr::kind::datepart:
            if (!is_word(n.name, true)) {
                throw sql_error("starshift.sql.bad_expression", "a date part must be a word");
            }
            return n.name;
        case expr::kind::keyword:
            if (!is_word(n.name, false)) {
                throw sql_error("starshift.sql.bad_expression", "a keyword must be an upper-case word");
            }
            return n.name;
        case expr::kind::typed_literal:
            if (!is_word(n.name, false) || !std::holds_alternative<std::string>(n.literal)) {
                throw sql_error("starshift.sql.bad_expression", "a typed literal needs a type word and its text");
            }
            return n.name + " " + literal_sql(n.literal, d);
        case expr::kind::in_list: {
            if (n.args.size() < 2) {
                throw sql_error("starshift.sql.bad_expression", "IN needs an operand and at least one value");
            }
            const std::vector<expr> values(n.args.begin() + 1, n.args.end());
            return predicate_operand(n.args[0], d) + (n.negated ? " NOT IN (" : " IN (") + join_exprs(values, d) +
                   ")";
        }
        case expr::kind::in_query:
            if (n.args.size() != 1) {
                throw sql_error("starshift.sql.bad_expression", "IN (query) needs one operand");
            }
            return predicate_operand(n.args[0], d) + (n.negated ? " NOT IN " : " IN ") +
                   subquery_sql(query_of(n), d);
        case expr::kind::exists: return "EXISTS " + subquery_sql(query_of(n), d);
        case expr::kind::subquery: return subquery_sql(query_of(n), d);
        case expr::kind::between:
            if (n.args.size() != 3) {
                throw sql_error("starshift.sql.bad_expression", "BETWEEN needs three operands");
            }
            return predicate_operand(n.args[0], d) + (n.negated ? " NOT BETWEEN " : " BETWEEN ") +
                   predicate_operand(n.args[1], d) + " AND " + predicate_operand(n.args[2], d);
        case expr::kind::pattern: {
            const bool posix = n.name == "~";  // pattern-matching-conditions-posix: expression [ ! ] ~ pattern
            if ((n.args.size() != 2 && (n.args.size() != 3 || posix)) ||
                (n.name != "LIKE" && n.name != "ILIKE" && n.name != "SIMILAR TO" && !posix)) {
                throw sql_error("starshift.sql.bad_expression",
                                "LIKE, ILIKE, SIMILAR TO or ~ needs two operands (an ESCAPE only with the first three)");
            }
            if (posix) {
                return predicate_operand(n.args[0], d) + (n.negated ? " !~ " : " ~ ") + predicate_operand(n.args[1], d);
            }
            std::string out = predicate_operand(n.args[0], d) + (n.negated ? " NOT " : " ") + n.name + " " +
                              predicate_operand(n.args[1], d);
            if (n.args.size() == 3) {
                out += " ESCAPE " + predicate_operand(n.args[2], d);
            }
            return out;
        }
        case expr::kind::is_test:
            if (n.args.size() != 1 || (n.name != "TRUE" && n.name != "FALSE" && n.name != "UNKNOWN")) {
                throw sql_error("starshift.sql.bad_expression", "IS TRUE, FALSE or UNKNOWN needs one operand");
            }
            return predicate_operand(n.args[0], d) + (n.negated ? " IS NOT " : " IS ") + n.name;
        case expr::kind::case_simple: {
            if (n.args.size() < 3) {
                throw sql_error("starshift.sql.bad_expression", "CASE x needs at least one WHEN … THEN arm");
            }
            std::string out = "CASE " + expr_sql(n.args[0], d);
            std::size_t i = 1;
            for (; i + 1 < n.args.size(); i += 2) {
                out += " WHEN " + expr_sql(n.args[i], d) + " THEN " + expr_sql(n.args[i + 1], d);
            }
            if (i < n.args.size()) {
                out += " ELSE " + expr_sql(n.args[i], d);
            }
            return out + " END";
        }
        case expr::kind::subscript:
        case expr::kind::member:
            if (d == dialect::postgres) {
                throw sql_error("starshift.sql.untranslatable",
                                "SUPER navigation (x[i], x[i].name; query-super) has no PostgreSQL translation");
            }
            if (n.args.empty() || (n.k == expr::kind::subscript && n.args.size() != 2)) {
                throw sql_error("starshift.sql.bad_expression", "a SUPER navigation needs its value");
            }
            if (n.k == expr::kind::member) return expr_sql(n.args[0], d) + "." + quote_identifier(n.name);
            return expr_sql(n.args[0], d) + "[" + expr_sql(n.args[1], d) + "]";
    }
    throw sql_error("starshift.sql.bad_expression", "unknown expression kind");
}

void flatten_and(const expr& e, std::vector<expr>& out) {
    if (e.what() == expr::kind::binary && e.get().bop == binary_op::and_ && e.get().args.size() == 2) {
        flatten_and(e.get().args[0], out);
        flatten_and(e.get().args[1], out);
    } else {
        out.push_back(e);
    }
}

// A condition: top-level AND terms one per line, aligned under the keyword.
std::string condition_sql(const expr& e, dialect d) {
    std::vector<expr> terms;
    flatten_and(e, terms);
    std::string out;
    for (std::size_t i = 0; i < terms.size(); ++i) {
        if (i > 0) {
            out += "\n  AND ";
        }
        out += terms.size() > 1 ? operand_sql(terms[i], binary_op::and_, i > 0, d) : expr_sql(terms[i], d);
    }
    return out;
}

std::string joins_sql(const std::vector<join_clause>& joins, dialect d);

std::string from_item_sql(const from_item& f, dialect d) {
    if (f.joined) {
        return "(" + from_item_sql(f.joined->first, d) + joins_sql(f.joined->joins, d) + ")";
    }
    std::string out;
    if (f.subquery) {
        if (f.alias.empty() && d == dialect::postgres) {
            throw sql_error("starshift.sql.subquery_alias", "a derived table needs an alias");
        }
        out = "(\n" + detail::indent(query_sql(*f.subquery, d), 4) + "\n)";
    } else if (!f.unnests.empty()) {
        if (d == dialect::postgres) {
            throw sql_error("starshift.sql.untranslatable", "FROM " + f.unnests +
                                                                ": PartiQL unnesting of a SUPER column "
                                                                "(r_SUPER_unnesting) has no PostgreSQL translation");
        }
        out = quote_dotted(f.unnests);
    } else {
        out = quote_dotted(f.table);
    }
    if (!f.alias.empty()) {
        out += " AS " + quote_identifier(f.alias);
    }
    if (!f.at_alias.empty()) {
        out += " AT " + quote_identifier(f.at_alias);
    }
    return out;
}

const char* join_keyword(join_kind k, bool natural) {
    switch (k) {
        case join_kind::inner: return natural ? "\nNATURAL JOIN " : "\nJOIN ";
        case join_kind::left: return natural ? "\nNATURAL LEFT JOIN " : "\nLEFT JOIN ";
        case join_kind::right: return natural ? "\nNATURAL RIGHT JOIN " : "\nRIGHT JOIN ";
        case join_kind::full: return natural ? "\nNATURAL FULL JOIN " : "\nFULL JOIN ";
        case join_kind::cross: return "\nCROSS JOIN ";
        case join_kind::comma: return ", ";
    }
    return "\nJOIN ";
}

std::string joins_sql(const std::vector<join_clause>& joins, dialect d) {
    std::string out;
    for (const join_clause& j : joins) {
        out += join_keyword(j.kind, j.natural);
        out += from_item_sql(j.right, d);
        if (j.natural) continue;  // no condition: the identically named columns join (r_FROM_clause30)
        if (!j.using_columns.empty()) {
            out += " USING " + detail::column_list(j.using_columns);
        } else if (j.kind != join_kind::cross && j.kind != join_kind::comma) {
            out += " ON " + expr_sql(j.on, d);
        }
    }
    return out;
}

const char* set_keyword(const set_operation& op) {
    switch (op.kind) {
        case set_kind::union_: return op.all ? "UNION ALL" : "UNION";
        case set_kind::intersect: return op.all ? "INTERSECT ALL" : "INTERSECT";
        case set_kind::except: return op.all ? "EXCEPT ALL" : "EXCEPT";
    }
    return "UNION";
}

std::string with_sql(const std::vector<common_table>& ctes, dialect d) {
    std::string out = "WITH ";
    for (std::size_t i = 0; i < ctes.size(); ++i) {
        const common_table& c = ctes[i];
        if (!c.query) {
            throw sql_error("starshift.sql.bad_expression", "a common table without its query");
        }
        out += (i > 0 ? ",\n" : "") + quote_identifier(c.name);
        if (!c.columns.empty()) {
            out += " " + detail::column_list(c.columns);
        }
        out += " AS " + subquery_sql(*c.query, d);
    }
    return out + "\n";
}

}  // namespace

namespace detail {

bool postgres_integer_extract(std::string_view field) {
    static constexpr std::string_view whole[] = {"century", "day",    "decade", "dow",   "doy",     "hour", "isodow",
                                                 "isoyear", "millennium", "minute", "month", "quarter", "week", "year"};
    const std::string f = ascii_lower(field);
    return std::find(std::begin(whole), std::end(whole), f) != std::end(whole);
}


std::string query_sql(const select_query& q, dialect d) {
    if (q.items.empty()) {
        throw sql_error("starshift.sql.empty_select", "a SELECT needs at least one item");
    }
    std::string out = q.with_clause.empty() ? std::string() : with_sql(q.with_clause, d);
    // TOP n is Redshift's; PostgreSQL gets the same rows from LIMIT n (r_SELECT_list)
    const bool top_as_limit = q.top_rows && d == dialect::postgres;
    if (q.top_rows && q.limit_rows) {
        throw sql_error("starshift.sql.top_and_limit", "TOP and LIMIT in the same query");
    }
    out += "SELECT";
    if (q.top_rows && !top_as_limit) {
        out += " TOP " + std::to_string(*q.top_rows);
    }
    if (q.distinct_rows) {
        out += " DISTINCT";
    }
    for (std::size_t i = 0; i < q.items.size(); ++i) {
        out += i == 0 ? "\n    " : ",\n    ";
        out += expr_sql(q.items[i].value, d);
        if (!q.items[i].alias.empty()) {
            out += " AS " + quote_identifier(q.items[i].alias);
        }
    }
    if (q.from_clause) {
        out += "\nFROM " + from_item_sql(*q.from_clause, d);
    }
    out += joins_sql(q.joins, d);
    if (q.where_clause) {
        out += "\nWHERE " + condition_sql(*q.where_clause, d);
    }
    if (!q.group_by_clause.empty()) {
        out += "\nGROUP BY " + join_exprs(q.group_by_clause, d);
    }
    if (q.having_clause) {
        out += "\nHAVING " + condition_sql(*q.having_clause, d);
    }
    if (q.qualify_clause) {
        if (d == dialect::postgres) {
            throw sql_error("starshift.sql.untranslatable",
                            "QUALIFY has no PostgreSQL spelling: translate the statement (sql::to_postgres)");
        }
        if (item_before_qualify_without_alias(q)) {
            throw sql_error("starshift.sql.qualify_without_alias",
                            "QUALIFY directly after a FROM item without an alias, which Redshift would read as the "
                            "alias (r_QUALIFY_clause): give the last FROM item an alias");
        }
        out += "\nQUALIFY " + condition_sql(*q.qualify_clause, d);
    }
    for (const set_operation& op : q.set_operations) {
        if (!op.right) {
            throw sql_error("starshift.sql.bad_expression", "a set operation without its right operand");
        }
        out += "\n" + std::string(set_keyword(op)) + "\n";
        out += op.parenthesized ? subquery_sql(*op.right, d) : query_sql(*op.right, d);
    }
    if (!q.order_by_clause.empty()) {
        out += "\nORDER BY " + order_items_sql(q.order_by_clause, d);
    }
    if (q.limit_rows) {
        out += "\nLIMIT " + std::to_string(*q.limit_rows);
    } else if (top_as_limit) {
        out += "\nLIMIT " + std::to_string(*q.top_rows);
    }
    if (q.offset_rows) {
        out += "\nOFFSET " + std::to_string(*q.offset_rows);
    }
    return out;
}

}  // namespace detail

std::vector<std::string> create_table(const table& t, dialect d, const ddl_options& options) {
    return d == dialect::redshift ? detail::create_table_redshift(t, options)
                                  : detail::create_table_postgres(t, options);
}

std::string drop_table(const table& t, dialect /*d*/) { return "DROP TABLE IF EXISTS " + detail::table_name(t) + ";"; }

std::string truncate_table(const table& t, dialect d) {
    return (d == dialect::redshift ? "TRUNCATE " : "TRUNCATE TABLE ") + detail::table_name(t) + ";";
}

std::string analyze_table(const table& t, dialect /*d*/) { return "ANALYZE " + detail::table_name(t) + ";"; }

namespace {

// PostgreSQL: a DO block running `statement` only while `t` has no row.
std::string when_empty(const table& t, const std::string& statement) {
    return "DO $starshift$ BEGIN\n    IF NOT EXISTS (SELECT 1 FROM " + detail::table_name(t) + ") THEN\n        " +
           statement + ";\n    END IF;\nEND $starshift$;";
}

}  // namespace

std::string postgres_drop_sort_key_index_if_empty(const table& t) {
    if (t.sortkey.columns.empty() || t.columns.empty()) return {};
    const std::string index =
        (t.schema.empty() ? std::string() : quote_identifier(t.schema) + ".") + detail::sort_key_index_name(t);
    return when_empty(t, "DROP INDEX IF EXISTS " + index);
}

std::string postgres_truncate_if_empty(const table& t) {
    const std::string name = detail::table_name(t);
    return "LOCK TABLE " + name + " IN ACCESS EXCLUSIVE MODE;\n" + when_empty(t, "TRUNCATE " + name);
}

std::string postgres_create_sort_key_index(const table& t) {
    if (t.sortkey.columns.empty() || t.columns.empty()) return {};
    ddl_options options;
    options.if_not_exists = true;
    return detail::sort_key_index(t, options);
}

std::string postgres_set_local(std::string_view name, std::string_view value) {
    const bool plain = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || c == '_' || c == '.';
    });
    if (!plain)
        throw sql_error("starshift.sql.bad_setting", "'" + std::string(name) +
                                                         "' is not a PostgreSQL setting name (lower-case letters, "
                                                         "'_' and '.')");
    return "SET LOCAL " + std::string(name) + " = " + quote_literal(value, dialect::postgres) + ";";
}

std::string render(const select_query& q, dialect d) { return detail::query_sql(q, d) + ";"; }

std::string render(const insert_select& s, dialect d) {
    std::string out = "INSERT INTO " + quote_dotted(s.table);
    if (!s.columns.empty()) {
        out += " " + detail::column_list(s.columns);
    }
    out += "\n" + detail::query_sql(s.query, d) + ";";
    return out;
}

std::string render(const delete_statement& s, dialect d) {
    std::string out = "DELETE FROM " + quote_dotted(s.table);
    if (s.using_item) {
        out += "\nUSING " + from_item_sql(*s.using_item, d);
        for (const from_item& f : s.more_using) {
            out += ", " + from_item_sql(f, d);
        }
    }
    if (s.where_clause) {
        out += "\nWHERE " + condition_sql(*s.where_clause, d);
    }
    return out + ";";
}

std::string render(const insert_values& s, dialect d) {
    std::string out = "INSERT INTO " + quote_dotted(s.table);
    if (!s.columns.empty()) {
        out += " " + detail::column_list(s.columns);
    }
    if (s.rows.empty()) {
        return out + "\nDEFAULT VALUES;";
    }
    out += "\nVALUES";
    for (std::size_t i = 0; i < s.rows.size(); ++i) {
        if (s.rows[i].empty()) {
            throw sql_error("starshift.sql.bad_expression", "a VALUES row needs at least one value");
        }
        out += (i == 0 ? "\n    (" : ",\n    (") + join_exprs(s.rows[i], d) + ")";
    }
    return out + ";";
}

std::string render(const update_statement& s, dialect d) {
    if (s.assignments.empty()) {
        throw sql_error("starshift.sql.bad_expression", "an UPDATE needs at least one assignment");
    }
    std::string out = "UPDATE " + quote_dotted(s.table);
    if (!s.alias.empty()) {
        out += " AS " + quote_identifier(s.alias);
    }
    for (std::size_t i = 0; i < s.assignments.size(); ++i) {
        out += (i == 0 ? "\nSET " : ",\n    ") + quote_identifier(s.assignments[i].first) + " = " +
               expr_sql(s.assignments[i].second, d);
    }
    for (std::size_t i = 0; i < s.from_items.size(); ++i) {
        out += (i == 0 ? "\nFROM " : ", ") + from_item_sql(s.from_items[i], d);
    }
    if (s.where_clause) {
        out += "\nWHERE " + condition_sql(*s.where_clause, d);
    }
    return out + ";";
}

std::string render(const merge_statement& s, dialect d) {
    if (!s.when_matched && !s.when_not_matched) {
        throw sql_error("starshift.sql.bad_expression", "a MERGE needs WHEN MATCHED or WHEN NOT MATCHED");
    }
    std::string out = "MERGE INTO " + quote_dotted(s.table) + "\nUSING " + from_item_sql(s.source, d) + " ON " +
                      expr_sql(s.on, d);
    if (s.when_matched) {
        if (s.matched_delete) {
            out += "\nWHEN MATCHED THEN DELETE";
        } else {
            if (s.matched_set.empty()) {
                throw sql_error("starshift.sql.bad_expression", "MERGE … UPDATE SET needs an assignment");
            }
            out += "\nWHEN MATCHED THEN UPDATE SET ";
            for (std::size_t i = 0; i < s.matched_set.size(); ++i) {
                out += (i ? ", " : "") + quote_identifier(s.matched_set[i].first) + " = " +
                       expr_sql(s.matched_set[i].second, d);
            }
        }
    }
    if (s.when_not_matched) {
        if (s.insert_values.empty()) {
            throw sql_error("starshift.sql.bad_expression", "MERGE … INSERT needs VALUES");
        }
        out += "\nWHEN NOT MATCHED THEN INSERT";
        if (!s.insert_columns.empty()) {
            out += " " + detail::column_list(s.insert_columns);
        }
        out += " VALUES (" + join_exprs(s.insert_values, d) + ")";
    }
    return out + ";";
}

// PostgreSQL binds every view to its tables: WITH NO SCHEMA BINDING has no spelling there and is left out (the
// tables must then exist when the view is created, which a late-binding view on Redshift does not need).
std::string render(const create_view& s, dialect d) {
    std::string out = std::string(s.or_replace ? "CREATE OR REPLACE VIEW " : "CREATE VIEW ") + quote_dotted(s.name);
    if (!s.columns.empty()) {
        out += " " + detail::column_list(s.columns);
    }
    out += " AS\n" + detail::query_sql(s.query, d);
    if (s.no_schema_binding && d == dialect::redshift) {
        out += "\nWITH NO SCHEMA BINDING";
    }
    return out + ";";
}

std::string render(const statement& s, dialect d) {
    return std::visit([d](const auto& body) { return render(body, d); }, s.body);
}

std::string render(const expr& e, dialect d) { return expr_sql(e, d); }

}  // namespace starshift::sql
