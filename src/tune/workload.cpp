// The workload of a warehouse: equi-joins, constant filters and group-bys, from the model's statement values or
// from PostgreSQL's EXPLAIN (FORMAT JSON). Both paths reduce conditions to starshift::expr trees (the EXPLAIN path
// parses PostgreSQL's deparsed expressions into them) and share one analysis of AND-chains.
//
// What is collected (docs/tuning.md, "Workload"):
//   joins     col = col conjuncts of an ON or WHERE (and DELETE … USING's WHERE) whose columns resolve to two
//             different FROM items; grouped per pair of items, oriented from the item that comes first; a LEFT JOIN
//             (an anti join in EXPLAIN) is outer with the preserved table on the left.
//   filters   col op constant (=, <, <=, >, >=, constant on either side, constants through casts and unary
//             minus), `col = a OR col = b …` (IN lists; PostgreSQL's `= ANY ('{…}')`), merged per column within one
//             AND-chain: lower and upper bounds into one range (the tightest of each), an equality wins over
//             ranges on the same column.
//   group-bys GROUP BY keys that are columns (or select-item aliases of columns).
// A column resolves through aliases and derived tables (a subquery's output column that is a plain column of its
// own FROM items) to a model table. Anything that does not resolve, or resolves ambiguously, is skipped: the
// workload may miss an expression, it never attributes one to the wrong table.
#include "starshift/tune/workload.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstddef>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "starshift/common/text.hpp"
#include "starshift/model/error.hpp"
#include "starshift/model/query.hpp"
#include "starshift/model/statement.hpp"

namespace starshift::tune {
namespace {

// ------------------------------------------------------------------------------------ shared condition analysis

// A column resolved to a model table, with the FROM item (scope entry) it came through: two aliases of one table
// are two entries (a self-join), one derived table may expose columns of several tables.
struct resolved {
    column_ref ref;
    std::size_t entry = 0;
};
using resolve_fn = std::function<std::optional<resolved>(const expr&)>;

struct constant {
    std::string text;
    std::optional<double> number;
};

void flatten(const expr& e, binary_op op, std::vector<expr>& out) {
    if (e.what() == expr::kind::binary && e.get().bop == op) {
        for (const expr& a : e.get().args) flatten(a, op, out);
    } else {
        out.push_back(e);
    }
}

std::optional<double> as_number(std::string_view s) {
    if (s.empty()) return std::nullopt;
    double v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc{} || r.ptr != s.data() + s.size()) return std::nullopt;
    return v;
}

std::string number_text(double v) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

// A constant: a literal, a cast of a constant, or a negated numeric literal.
std::optional<constant> constant_of(const expr& e) {
    switch (e.what()) {
        case expr::kind::literal: {
            const auto& v = e.get().literal;
            if (const auto* s = std::get_if<std::string>(&v)) return constant{*s, std::nullopt};
            if (const auto* i = std::get_if<std::int64_t>(&v))
                return constant{std::to_string(*i), static_cast<double>(*i)};
            if (const auto* d = std::get_if<double>(&v)) return constant{number_text(*d), *d};
            if (const auto* b = std::get_if<bool>(&v)) return constant{*b ? "true" : "false", std::nullopt};
            return std::nullopt;
        }
        case expr::kind::cast: {
            if (e.get().args.size() != 1) return std::nullopt;
            auto c = constant_of(e.get().args[0]);
            if (c && !c->number) c->number = as_number(c->text);
            if (c && c->number && !as_number(c->text)) c->number.reset();
            return c;
        }
        case expr::kind::unary: {
            if (e.get().uop != unary_op::negate || e.get().args.size() != 1) return std::nullopt;
            auto c = constant_of(e.get().args[0]);
            if (!c || !c->number) return std::nullopt;
            const double v = -*c->number;
            const auto& inner = e.get().args[0];
            if (inner.what() == expr::kind::literal && std::holds_alternative<std::int64_t>(inner.get().literal))
                return constant{"-" + c->text, v};
            return constant{number_text(v), v};
        }
        default: return std::nullopt;
    }
}

// < 0 when a is below b: numerically when both are numbers, else as text (ISO dates and timestamps order so).
int compare(const constant& a, const constant& b) {
    if (a.number && b.number) return *a.number < *b.number ? -1 : (*a.number > *b.number ? 1 : 0);
    return a.text.compare(b.text) < 0 ? -1 : (a.text == b.text ? 0 : 1);
}

struct equi_pair {
    resolved a;
    resolved b;
};

// Per-column predicates of one AND-chain, before merging.
struct column_predicates {
    column_ref column;
    std::optional<constant> equality;
    std::vector<std::vector<constant>> in_lists;
    std::optional<constant> low;
    bool low_inclusive = true;
    std::optional<constant> high;
    bool high_inclusive = true;
};

struct chain_result {
    std::vector<equi_pair> equi;
    std::vector<filter> filters;
};

binary_op mirror(binary_op op) {
    switch (op) {
        case binary_op::lt: return binary_op::gt;
        case binary_op::le: return binary_op::ge;
        case binary_op::gt: return binary_op::lt;
        case binary_op::ge: return binary_op::le;
        default: return op;
    }
}

bool is_comparison(binary_op op) {
    return op == binary_op::eq || op == binary_op::lt || op == binary_op::le || op == binary_op::gt ||
           op == binary_op::ge;
}

// Analyzes one AND-chain. `filter_ok(entry)` says whether a filter on a column of that FROM item counts (the ON of
// a LEFT JOIN restricts only its right side).
chain_result analyze_chain(const expr& condition, const resolve_fn& resolve, const std::string& query,
                           const std::function<bool(std::size_t)>& filter_ok) {
    std::vector<expr> conjuncts;
    flatten(condition, binary_op::and_, conjuncts);
    chain_result out;
    std::vector<column_predicates> preds;
    auto slot = [&](const column_ref& c) -> column_predicates& {
        for (auto& p : preds)
            if (p.column == c) return p;
        preds.push_back({});
        preds.back().column = c;
        return preds.back();
    };

    for (const expr& c : conjuncts) {
        if (c.what() != expr::kind::binary) continue;
        const auto& n = c.get();
        if (n.args.size() != 2) continue;
        if (n.bop == binary_op::or_) {
            // col = a OR col = b …: an IN list on one column.
            std::vector<expr> terms;
            flatten(c, binary_op::or_, terms);
            std::optional<resolved> col;
            std::vector<constant> values;
            bool ok = true;
            for (const expr& t : terms) {
                if (t.what() != expr::kind::binary || t.get().bop != binary_op::eq || t.get().args.size() != 2) {
                    ok = false;
                    break;
                }
                const expr* ce = &t.get().args[0];
                std::optional<constant> v = constant_of(t.get().args[1]);
                if (!v) {
                    ce = &t.get().args[1];
                    v = constant_of(t.get().args[0]);
                }
                std::optional<resolved> r = v ? resolve(*ce) : std::nullopt;
                if (!r || (col && !(col->ref == r->ref && col->entry == r->entry))) {
                    ok = false;
                    break;
                }
                col = r;
                if (std::none_of(values.begin(), values.end(), [&](const constant& x) { return x.text == v->text; }))
                    values.push_back(*v);
            }
            if (!ok || !col || !filter_ok(col->entry)) continue;
            auto& p = slot(col->ref);
            if (values.size() == 1) {
                if (!p.equality) p.equality = values[0];
            } else {
                p.in_lists.push_back(std::move(values));
            }
            continue;
        }
        if (!is_comparison(n.bop)) continue;
        const std::optional<constant> rhs = constant_of(n.args[1]);
        const std::optional<constant> lhs = constant_of(n.args[0]);
        if (rhs && lhs) continue;
        if (!rhs && !lhs) {
            if (n.bop != binary_op::eq) continue;
            const auto a = resolve(n.args[0]);
            const auto b = resolve(n.args[1]);
            if (a && b && a->entry != b->entry) out.equi.push_back({*a, *b});
            continue;
        }
        const expr& col_expr = rhs ? n.args[0] : n.args[1];
        const binary_op op = rhs ? n.bop : mirror(n.bop);
        const constant& v = rhs ? *rhs : *lhs;
        const auto r = resolve(col_expr);
        if (!r || !filter_ok(r->entry)) continue;
        auto& p = slot(r->ref);
        switch (op) {
            case binary_op::eq:
                if (!p.equality) p.equality = v;
                break;
            case binary_op::gt:
            case binary_op::ge: {
                const bool incl = op == binary_op::ge;
                const int cmp = p.low ? compare(v, *p.low) : 1;
                if (!p.low || cmp > 0 || (cmp == 0 && !incl)) {
                    p.low = v;
                    p.low_inclusive = incl;
                }
                break;
            }
            case binary_op::lt:
            case binary_op::le: {
                const bool incl = op == binary_op::le;
                const int cmp = p.high ? compare(v, *p.high) : -1;
                if (!p.high || cmp < 0 || (cmp == 0 && !incl)) {
                    p.high = v;
                    p.high_inclusive = incl;
                }
                break;
            }
            default: break;
        }
    }

    for (auto& p : preds) {
        if (p.equality) {
            filter f;
            f.query = query;
            f.column = p.column;
            f.kind = predicate_kind::equality;
            f.low = p.equality->text;
            f.high = p.equality->text;
            out.filters.push_back(std::move(f));
            continue;
        }
        for (auto& list : p.in_lists) {
            filter f;
            f.query = query;
            f.column = p.column;
            f.kind = predicate_kind::in_list;
            for (auto& v : list) f.values.push_back(v.text);
            out.filters.push_back(std::move(f));
        }
        if (p.low || p.high) {
            filter f;
            f.query = query;
            f.column = p.column;
            f.kind = predicate_kind::range;
            if (p.low) f.low = p.low->text;
            if (p.high) f.high = p.high->text;
            f.low_inclusive = p.low_inclusive;
            f.high_inclusive = p.high_inclusive;
            out.filters.push_back(std::move(f));
        }
    }
    return out;
}

// Groups oriented equi-pairs (a on the left) into joins, one per pair of FROM items (and model tables).
// `outer_of(left_entry, right_entry)` says whether the join is outer.
void add_joins(const std::vector<equi_pair>& pairs, const std::string& query,
               const std::function<bool(std::size_t, std::size_t)>& outer_of, std::vector<join>& out) {
    struct group {
        std::size_t le, re;
        join j;
    };
    std::vector<group> groups;
    for (const equi_pair& p : pairs) {
        const resolved& l = p.a;
        const resolved& r = p.b;
        group* g = nullptr;
        for (auto& x : groups)
            if (x.le == l.entry && x.re == r.entry && x.j.left_table == l.ref.table &&
                x.j.right_table == r.ref.table)
                g = &x;
        if (!g) {
            groups.push_back({l.entry, r.entry, {}});
            g = &groups.back();
            g->j.query = query;
            g->j.left_table = l.ref.table;
            g->j.right_table = r.ref.table;
            g->j.outer = outer_of(l.entry, r.entry);
        }
        const std::pair<std::string, std::string> cols{l.ref.column, r.ref.column};
        if (std::find(g->j.columns.begin(), g->j.columns.end(), cols) == g->j.columns.end())
            g->j.columns.push_back(cols);
    }
    for (auto& g : groups) out.push_back(std::move(g.j));
}

// Orients each pair so that the FROM item that comes first (smaller entry id) is on the left.
std::vector<equi_pair> oriented(std::vector<equi_pair> pairs) {
    for (auto& p : pairs)
        if (p.b.entry < p.a.entry) std::swap(p.a, p.b);
    return pairs;
}

// ------------------------------------------------------------------------------------------------ model path

struct scope_entry {
    std::string name;  // alias, or the table's name when not aliased
    const table* base = nullptr;
    const select_query* sub = nullptr;
};

class model_walker {
public:
    model_walker(const warehouse& w, workload& out, std::string query) : w_(w), out_(out), query_(std::move(query)) {}

    void walk_select(const select_query& q) {
        std::vector<scope_entry> scope;
        if (q.from_clause) add_entry(scope, *q.from_clause);
        for (const auto& jc : q.joins) add_entry(scope, jc.right);
        const std::size_t base = next_id_;
        next_id_ += scope.size();
        const resolve_fn resolve = [&](const expr& e) -> std::optional<resolved> {
            auto r = resolve_in(scope, e, &q);
            if (!r) return std::nullopt;
            return resolved{r->first, base + r->second};
        };

        for (std::size_t k = 0; k < q.joins.size(); ++k) {
            const join_clause& jc = q.joins[k];
            const std::size_t right_id = base + k + (q.from_clause ? 1 : 0);
            const bool left_join = jc.kind == join_kind::left;
            const auto res = analyze_chain(jc.on, resolve, query_, [&](std::size_t id) {
                return !left_join || id == right_id;
            });
            add_joins(oriented(res.equi), query_,
                      [&](std::size_t, std::size_t r) { return left_join && r == right_id; }, out_.joins);
            append(out_.filters, res.filters);
        }
        if (q.where_clause) {
            const auto res = analyze_chain(*q.where_clause, resolve, query_, [](std::size_t) { return true; });
            add_joins(oriented(res.equi), query_, [](std::size_t, std::size_t) { return false; }, out_.joins);
            append(out_.filters, res.filters);
        }
        for (const expr& g : q.group_by_clause) {
            if (g.what() != expr::kind::column) continue;
            if (auto r = resolve(g)) out_.group_bys.push_back({query_, r->ref});
        }
        // The derived tables' own joins, filters and group-bys.
        if (q.from_clause && q.from_clause->subquery) walk_select(*q.from_clause->subquery);
        for (const auto& jc : q.joins)
            if (jc.right.subquery) walk_select(*jc.right.subquery);
    }

    void walk_delete(const delete_statement& d) {
        std::vector<scope_entry> scope;
        from_item target;
        target.table = d.table;
        add_entry(scope, target);
        if (d.using_item) add_entry(scope, *d.using_item);
        const std::size_t base = next_id_;
        next_id_ += scope.size();
        if (d.where_clause) {
            const resolve_fn resolve = [&](const expr& e) -> std::optional<resolved> {
                auto r = resolve_in(scope, e, nullptr);
                if (!r) return std::nullopt;
                return resolved{r->first, base + r->second};
            };
            const auto res = analyze_chain(*d.where_clause, resolve, query_, [](std::size_t) { return true; });
            add_joins(oriented(res.equi), query_, [](std::size_t, std::size_t) { return false; }, out_.joins);
            append(out_.filters, res.filters);
        }
        if (d.using_item && d.using_item->subquery) walk_select(*d.using_item->subquery);
    }

private:
    static void append(std::vector<filter>& to, const std::vector<filter>& from) {
        to.insert(to.end(), from.begin(), from.end());
    }

    void add_entry(std::vector<scope_entry>& scope, const from_item& f) const {
        scope_entry e;
        if (f.subquery) {
            e.sub = f.subquery.get();
            e.name = f.alias;
        } else {
            std::string_view name = f.table;
            e.base = w_.find(name);
            if (!e.base) {
                const auto dot = name.rfind('.');
                if (dot != std::string_view::npos) e.base = w_.find(name.substr(dot + 1));
            }
            if (f.alias.empty()) {
                const auto dot = name.rfind('.');
                e.name = std::string(dot == std::string_view::npos ? name : name.substr(dot + 1));
            } else {
                e.name = f.alias;
            }
        }
        scope.push_back(std::move(e));
    }

    // (model column, index of the scope entry) for a column expression.
    std::optional<std::pair<column_ref, std::size_t>> resolve_in(const std::vector<scope_entry>& scope,
                                                                 const expr& e, const select_query* owner,
                                                                 int depth = 0) const {
        if (depth > 32 || e.what() != expr::kind::column) return std::nullopt;
        const auto& n = e.get();
        if (!n.qualifier.empty()) {
            std::optional<std::size_t> hit;
            for (std::size_t i = 0; i < scope.size(); ++i) {
                const std::string& q = n.qualifier;
                const bool match = ascii_lower(scope[i].name) == ascii_lower(q) ||
                                   (scope[i].base && ascii_lower(scope[i].base->qualified_name()) == ascii_lower(q));
                if (match) {
                    if (hit) return std::nullopt;  // ambiguous
                    hit = i;
                }
            }
            if (!hit) return std::nullopt;
            auto r = column_of(scope[*hit], n.name, depth);
            if (!r) return std::nullopt;
            return std::make_pair(*r, *hit);
        }
        std::optional<std::pair<column_ref, std::size_t>> found;
        int candidates = 0;
        for (std::size_t i = 0; i < scope.size(); ++i) {
            const bool has = scope[i].base ? scope[i].base->find(n.name) != nullptr
                                           : (scope[i].sub && exposes(*scope[i].sub, n.name));
            if (!has) continue;
            ++candidates;
            if (auto r = column_of(scope[i], n.name, depth)) found = std::make_pair(*r, i);
        }
        if (candidates == 1 && found) return found;
        if (candidates == 0 && owner) {
            // A select-item alias (GROUP BY hour where hour is t.hour).
            const expr* target = nullptr;
            for (const auto& it : owner->items)
                if (ascii_lower(it.alias) == ascii_lower(n.name)) {
                    if (target) return std::nullopt;
                    target = &it.value;
                }
            if (target && target->what() == expr::kind::column && !(target->get().qualifier.empty() &&
                                                                     ascii_lower(target->get().name) == ascii_lower(n.name)))
                return resolve_in(scope, *target, nullptr, depth + 1);
        }
        return std::nullopt;
    }

    // The select item of `q` named `column` (its alias, or a plain column's own name when not aliased).
    static const select_item* output(const select_query& q, std::string_view column) {
        const select_item* hit = nullptr;
        for (const auto& it : q.items) {
            const bool named = !it.alias.empty() ? ascii_lower(it.alias) == ascii_lower(column)
                                                 : (it.value.what() == expr::kind::column &&
                                                    ascii_lower(it.value.get().name) == ascii_lower(column));
            if (named) {
                if (hit) return nullptr;  // ambiguous
                hit = &it;
            }
        }
        return hit;
    }
    static bool exposes(const select_query& q, std::string_view column) { return output(q, column) != nullptr; }

    std::optional<column_ref> column_of(const scope_entry& e, const std::string& name, int depth) const {
        if (e.base) {
            const starshift::column* c = e.base->find(name);
            if (!c) return std::nullopt;
            return column_ref{e.base->name, c->name};
        }
        if (!e.sub) return std::nullopt;
        const select_item* it = output(*e.sub, name);
        if (!it || it->value.what() != expr::kind::column) return std::nullopt;
        std::vector<scope_entry> inner;
        if (e.sub->from_clause) add_entry(inner, *e.sub->from_clause);
        for (const auto& jc : e.sub->joins) add_entry(inner, jc.right);
        auto r = resolve_in(inner, it->value, nullptr, depth + 1);
        if (!r) return std::nullopt;
        return r->first;
    }

    const warehouse& w_;
    workload& out_;
    std::string query_;
    std::size_t next_id_ = 0;
};

// ---------------------------------------------------------------------------------------------- EXPLAIN path

// PostgreSQL's deparsed expressions (ruleutils.c) as printed by EXPLAIN: fully parenthesized, `::type` casts,
// `= ANY ('{…}'::type[])` for IN lists, `~~` for LIKE. Parsed into starshift::expr; anything else makes the
// parser fail, and the caller then skips that conjunct.
struct pg_parse_error {};

class pg_expr_parser {
public:
    explicit pg_expr_parser(std::string_view text) : s_(text) {}

    expr parse_all() {
        expr e = parse_or();
        skip_ws();
        if (i_ != s_.size()) throw pg_parse_error{};
        return e;
    }

private:
    void skip_ws() {
        while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
    }
    bool peek_char(char c) {
        skip_ws();
        return i_ < s_.size() && s_[i_] == c;
    }
    bool eat_char(char c) {
        if (!peek_char(c)) return false;
        ++i_;
        return true;
    }
    void expect_char(char c) {
        if (!eat_char(c)) throw pg_parse_error{};
    }
    static bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
    static bool ident_char(char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
    }
    // The next bare word (not consumed), upper-cased; empty when the next token is not a word.
    std::string peek_word() {
        skip_ws();
        std::size_t j = i_;
        if (j >= s_.size() || !ident_start(s_[j])) return {};
        while (j < s_.size() && ident_char(s_[j])) ++j;
        return ascii_upper(s_.substr(i_, j - i_));
    }
    bool eat_word(std::string_view w) {
        if (peek_word() != w) return false;
        i_ += w.size();
        return true;
    }
    std::string identifier() {
        skip_ws();
        if (i_ < s_.size() && s_[i_] == '"') {
            std::string out;
            ++i_;
            while (true) {
                if (i_ >= s_.size()) throw pg_parse_error{};
                if (s_[i_] == '"') {
                    if (i_ + 1 < s_.size() && s_[i_ + 1] == '"') {
                        out.push_back('"');
                        i_ += 2;
                        continue;
                    }
                    ++i_;
                    return out;
                }
                out.push_back(s_[i_++]);
            }
        }
        if (i_ >= s_.size() || !ident_start(s_[i_])) throw pg_parse_error{};
        const std::size_t b = i_;
        while (i_ < s_.size() && ident_char(s_[i_])) ++i_;
        return std::string(s_.substr(b, i_ - b));
    }
    std::string string_literal() {
        skip_ws();
        if (i_ >= s_.size() || s_[i_] != '\'') throw pg_parse_error{};
        ++i_;
        std::string out;
        while (true) {
            if (i_ >= s_.size()) throw pg_parse_error{};
            if (s_[i_] == '\'') {
                if (i_ + 1 < s_.size() && s_[i_ + 1] == '\'') {
                    out.push_back('\'');
                    i_ += 2;
                    continue;
                }
                ++i_;
                return out;
            }
            out.push_back(s_[i_++]);
        }
    }
    // A type name after `::`; returns it lower-cased without modifiers, with "[]" for arrays.
    std::string type_name() {
        std::string t = ascii_lower(identifier());
        static const std::set<std::string> more{"without", "with", "time", "zone", "varying", "precision"};
        while (true) {
            const std::string w = ascii_lower(peek_word());
            if (w.empty() || !more.count(w)) break;
            i_ += w.size();
            t += " " + w;
        }
        if (peek_char('(')) {
            ++i_;
            while (i_ < s_.size() && s_[i_] != ')') ++i_;
            expect_char(')');
        }
        while (peek_char('[')) {
            ++i_;
            expect_char(']');
            t += "[]";
        }
        return t;
    }
    static bool numeric_type(const std::string& t) {
        static const std::set<std::string> n{"integer", "bigint", "smallint", "numeric", "real", "double precision",
                                             "int", "int2", "int4", "int8", "float4", "float8", "decimal"};
        return n.count(t) > 0;
    }
    static bool text_type(const std::string& t) {
        static const std::set<std::string> n{"text", "character varying", "varchar", "bpchar", "character", "name"};
        return n.count(t) > 0;
    }
    static expr typed_literal(const std::string& text, const std::string& type) {
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
    std::string operator_token() {
        skip_ws();
        static const std::string_view op_chars = "+-*/<>=~!@#%^&|`?";
        std::size_t j = i_;
        while (j < s_.size() && op_chars.find(s_[j]) != std::string_view::npos) ++j;
        return std::string(s_.substr(i_, j - i_));
    }
    expr parse_cmp() {
        expr lhs = parse_additive();
        if (eat_word("IS")) {
            const bool negated = eat_word("NOT");
            if (!eat_word("NULL")) throw pg_parse_error{};
            return negated ? is_not_null(lhs) : is_null(lhs);
        }
        const std::string op = operator_token();
        if (op.empty()) return lhs;
        static const std::map<std::string, binary_op> ops{{"=", binary_op::eq},  {"<>", binary_op::ne},
                                                          {"!=", binary_op::ne}, {"<", binary_op::lt},
                                                          {"<=", binary_op::le}, {">", binary_op::gt},
                                                          {">=", binary_op::ge}};
        const auto it = ops.find(op);
        i_ += op.size();
        const binary_op bop = it == ops.end() ? binary_op::like : it->second;  // ~~, !~~, …: opaque to analysis
        if (peek_word() == "ANY" || peek_word() == "ALL") {
            const bool any = peek_word() == "ANY";
            i_ += 3;
            expect_char('(');
            std::vector<expr> elements = array_elements();
            expect_char(')');
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
            expect_char('[');
            if (!eat_char(']')) {
                do out.push_back(parse_or());
                while (eat_char(','));
                expect_char(']');
            }
            return out;
        }
        const std::string text = string_literal();
        std::string type;
        if (peek_char(':')) {
            expect_char(':');
            expect_char(':');
            type = type_name();
        }
        if (type.size() < 2 || type.compare(type.size() - 2, 2, "[]") != 0) throw pg_parse_error{};
        const std::string elem_type = type.substr(0, type.size() - 2);
        if (text.size() < 2 || text.front() != '{' || text.back() != '}') throw pg_parse_error{};
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
                if (k >= end) throw pg_parse_error{};
                ++k;
            } else {
                while (k < end && text[k] != ',') v.push_back(text[k++]);
            }
            if (!quoted && v == "NULL") throw pg_parse_error{};
            out.push_back(typed_literal(v, elem_type));
            if (k < end) {
                if (text[k] != ',') throw pg_parse_error{};
                ++k;
            }
        }
        return out;
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
            i_ += op.size();
            lhs = binary(bop, lhs, parse_unary());
        }
    }
    expr parse_unary() {
        skip_ws();
        if (i_ < s_.size() && s_[i_] == '-' && operator_token() == "-") {
            ++i_;
            expr inner = parse_unary();
            auto n = std::make_shared<expr::node>();
            n->k = expr::kind::unary;
            n->uop = unary_op::negate;
            n->args = {std::move(inner)};
            return expr(std::move(n));
        }
        expr e = parse_primary();
        while (true) {
            skip_ws();
            if (i_ + 1 < s_.size() && s_[i_] == ':' && s_[i_ + 1] == ':') {
                i_ += 2;
                e = apply_cast(e, type_name());
                continue;
            }
            return e;
        }
    }
    expr parse_primary() {
        skip_ws();
        if (i_ >= s_.size()) throw pg_parse_error{};
        const char c = s_[i_];
        if (c == '(') {
            if (++depth_ > 200) throw pg_parse_error{};  // hostile nesting: give up on this conjunct
            ++i_;
            expr e = parse_or();
            expect_char(')');
            --depth_;
            return e;
        }
        if (c == '\'') return lit(string_literal());
        if (std::isdigit(static_cast<unsigned char>(c))) {
            const std::size_t b = i_;
            while (i_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '.' ||
                                      s_[i_] == 'e' || s_[i_] == 'E' ||
                                      ((s_[i_] == '+' || s_[i_] == '-') && (s_[i_ - 1] == 'e' || s_[i_ - 1] == 'E'))))
                ++i_;
            const std::string text(s_.substr(b, i_ - b));
            return typed_literal(text, "numeric");
        }
        const std::string w = peek_word();
        if (w == "NULL") {
            i_ += 4;
            return null_value();
        }
        if (w == "TRUE" || w == "FALSE") {
            i_ += w.size();
            return lit_bool(w == "TRUE");
        }
        if (w == "CASE" || w == "ARRAY" || w == "EXISTS" || w == "SELECT" || w == "ROW") throw pg_parse_error{};
        const std::string first = identifier();
        if (peek_char('(')) {  // a function call
            ++i_;
            std::vector<expr> args;
            if (!eat_char(')')) {
                do args.push_back(parse_or());
                while (eat_char(','));
                expect_char(')');
            }
            if (peek_word() == "OVER") throw pg_parse_error{};
            return fn(first, std::move(args));
        }
        skip_ws();
        if (i_ < s_.size() && s_[i_] == '.') {
            ++i_;
            const std::string second = identifier();
            skip_ws();
            if (i_ < s_.size() && s_[i_] == '.') throw pg_parse_error{};  // schema.table.column: not printed
            return starshift::column_ref(first, second);
        }
        return starshift::column_ref(first);
    }

    std::string_view s_;
    std::size_t i_ = 0;
    int depth_ = 0;
};

// The conjuncts of one EXPLAIN condition, each parsed on its own: a conjunct the parser does not understand is
// dropped, the others are kept.
std::vector<expr> pg_conjuncts(std::string_view text) {
    std::vector<expr> out;
    try {
        const expr whole = pg_expr_parser(text).parse_all();
        flatten(whole, binary_op::and_, out);
        return out;
    } catch (const pg_parse_error&) {
    }
    // Split the outermost AND by hand: "((a) AND (b) AND (c …))".
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
    if (parts.size() < 2) return out;
    for (const auto p : parts) {
        try {
            const expr e = pg_expr_parser(p).parse_all();
            flatten(e, binary_op::and_, out);
        } catch (const pg_parse_error&) {
        }
    }
    return out;
}

struct plan_node {
    std::string type;
    std::string relation;  // base relation scans (not ModifyTable)
    std::string schema;
    std::string alias;     // scans, subquery and CTE scans
    std::string join_type;
    std::vector<std::string> join_conds;  // Hash Cond, Merge Cond, Join Filter
    std::vector<std::string> scan_conds;  // Filter, Index Cond, Recheck Cond of scans
    std::vector<std::string> group_keys;
    std::vector<std::string> output;
    std::vector<std::size_t> children;
    std::size_t parent = static_cast<std::size_t>(-1);
    const table* base = nullptr;  // the model table of a base relation scan
};

class explain_reader {
public:
    explicit explain_reader(const std::vector<table>& tables) : tables_(tables) {}

    void read(std::string_view json) {
        simdjson::dom::parser parser;
        const simdjson::padded_string padded(json);
        simdjson::dom::element root;
        if (parser.parse(padded).get(root) != simdjson::SUCCESS)
            throw model_error("starshift.tune.bad_explain", "", "", "the EXPLAIN output is not valid JSON");
        std::vector<simdjson::dom::element> statements;
        simdjson::dom::array array;
        if (root.get_array().get(array) != simdjson::SUCCESS) {
            statements.push_back(root);  // a single {"Plan": …} object
        } else {
            for (simdjson::dom::element e : array) statements.push_back(e);
        }
        if (statements.empty())
            throw model_error("starshift.tune.bad_explain", "", "", "the EXPLAIN output holds no plan");
        for (const auto& st : statements) {
            simdjson::dom::element plan;
            if (st["Plan"].get(plan) != simdjson::SUCCESS || !plan.is_object())
                throw model_error("starshift.tune.bad_explain", "", "",
                                  "expected EXPLAIN (FORMAT JSON) output: [{\"Plan\": {…}}]");
            add_node(plan, static_cast<std::size_t>(-1), 0);
        }
        for (std::size_t k = 0; k < nodes_.size(); ++k)
            if (!nodes_[k].alias.empty()) aliases_.emplace(nodes_[k].alias, k);
    }

    void collect(const std::string& query, workload& out) const {
        std::vector<equi_pair> pairs;
        for (std::size_t k = 0; k < nodes_.size(); ++k) {
            const plan_node& n = nodes_[k];
            const resolve_fn resolve = [this, k](const expr& e) { return resolve_at(e, k); };
            std::vector<std::string> conds = n.join_conds;
            conds.insert(conds.end(), n.scan_conds.begin(), n.scan_conds.end());
            for (std::size_t c = 0; c < conds.size(); ++c) {
                const bool scan = c >= n.join_conds.size();
                const std::vector<expr> parts = pg_conjuncts(conds[c]);
                if (parts.empty()) continue;
                const auto res = analyze_chain(and_(parts), resolve, query, [&](std::size_t) { return scan; });
                pairs.insert(pairs.end(), res.equi.begin(), res.equi.end());
                if (scan) out.filters.insert(out.filters.end(), res.filters.begin(), res.filters.end());
            }
            for (const std::string& g : n.group_keys) {
                try {
                    const expr e = pg_expr_parser(g).parse_all();
                    if (e.what() != expr::kind::column) continue;
                    if (const auto r = resolve_at(e, k)) out.group_bys.push_back({query, r->ref});
                } catch (const pg_parse_error&) {
                }
            }
        }
        // Orientation and outer-ness from the join node that separates the two sides.
        std::vector<equi_pair> oriented_pairs;
        std::set<std::pair<std::size_t, std::size_t>> outer_pairs;
        for (equi_pair p : pairs) {
            const auto [node, a_side] = separating_join(p.a.entry, p.b.entry);
            bool a_left = a_side != 1;  // the outer child's side is the left one
            bool outer = false;
            if (node != static_cast<std::size_t>(-1)) {
                const std::string& jt = nodes_[node].join_type;
                if (jt == "Left" || jt == "Anti" || jt == "Full") outer = true;
                if (jt == "Right" || jt == "Right Anti") {
                    outer = true;
                    a_left = !a_left;  // the preserved side is the inner child
                }
            }
            if (!a_left) std::swap(p.a, p.b);
            if (outer) outer_pairs.emplace(p.a.entry, p.b.entry);
            oriented_pairs.push_back(p);
        }
        add_joins(
            oriented_pairs, query,
            [&](std::size_t l, std::size_t r) { return outer_pairs.count({l, r}) > 0; }, out.joins);
    }

private:
    static std::string text_of(simdjson::dom::element e) {
        std::string_view v;
        if (e.get_string().get(v) == simdjson::SUCCESS) return std::string(v);
        return {};
    }

    void add_node(simdjson::dom::element obj, std::size_t parent, int depth) {
        if (depth > 200)
            throw model_error("starshift.tune.bad_explain", "", "", "the plan nests deeper than 200 nodes");
        plan_node n;
        n.parent = parent;
        simdjson::dom::object o;
        if (obj.get_object().get(o) != simdjson::SUCCESS)
            throw model_error("starshift.tune.bad_explain", "", "", "a plan node is not a JSON object");
        simdjson::dom::array children;
        bool has_children = false;
        for (auto field : o) {
            const std::string_view key = field.key;
            if (key == "Node Type") n.type = text_of(field.value);
            else if (key == "Relation Name") n.relation = text_of(field.value);
            else if (key == "Schema") n.schema = text_of(field.value);
            else if (key == "Alias") n.alias = text_of(field.value);
            else if (key == "Join Type") n.join_type = text_of(field.value);
            else if (key == "Hash Cond" || key == "Merge Cond" || key == "Join Filter")
                n.join_conds.push_back(text_of(field.value));
            else if (key == "Filter" || key == "Index Cond" || key == "Recheck Cond" || key == "TID Cond")
                n.scan_conds.push_back(text_of(field.value));
            else if (key == "Group Key" || key == "Output") {
                simdjson::dom::array a;
                if (field.value.get_array().get(a) == simdjson::SUCCESS)
                    for (simdjson::dom::element x : a)
                        (key == "Output" ? n.output : n.group_keys).push_back(text_of(x));
            } else if (key == "Plans") {
                has_children = field.value.get_array().get(children) == simdjson::SUCCESS;
            }
        }
        if (n.type == "ModifyTable") {  // the INSERT/DELETE target is not read by this node
            n.relation.clear();
            n.alias.clear();
        }
        if (!n.relation.empty()) n.base = find_table(n.schema, n.relation);
        const std::size_t self = nodes_.size();
        nodes_.push_back(std::move(n));
        if (parent != static_cast<std::size_t>(-1)) nodes_[parent].children.push_back(self);
        if (has_children)
            for (simdjson::dom::element c : children) add_node(c, self, depth + 1);
    }

    const table* find_table(const std::string& schema, const std::string& relation) const {
        const std::string rel = ascii_lower(relation);
        for (const table& t : tables_)
            if (ascii_lower(t.name) == rel && (schema.empty() || t.schema.empty() || ascii_lower(t.schema) == ascii_lower(schema)))
                return &t;
        return nullptr;
    }

    bool in_subtree(std::size_t node, std::size_t root) const {
        for (std::size_t k = node; k != static_cast<std::size_t>(-1); k = nodes_[k].parent)
            if (k == root) return true;
        return false;
    }

    // Scan nodes with an alias in the subtree of `root` (not descending into subquery scans below it).
    void visible_scans(std::size_t root, std::vector<std::size_t>& out, bool top = true) const {
        const plan_node& n = nodes_[root];
        if (!n.alias.empty()) {
            out.push_back(root);
            if (!top) return;
        }
        for (const std::size_t c : n.children) visible_scans(c, out, false);
    }

    std::optional<column_ref> column_of_scan(std::size_t scan, const std::string& column, int depth) const {
        if (depth > 32) return std::nullopt;
        const plan_node& n = nodes_[scan];
        if (!n.relation.empty()) {
            if (!n.base) return std::nullopt;
            const starshift::column* c = n.base->find(column);
            if (!c) return std::nullopt;
            return column_ref{n.base->name, c->name};
        }
        if (n.children.empty()) return std::nullopt;
        // A subquery (or CTE) scan: with VERBOSE, the subquery's output names its columns; else a column of the
        // only base relation below that has one of that name.
        const plan_node& child = nodes_[n.children[0]];
        if (!child.output.empty()) {
            std::optional<column_ref> hit;
            int matches = 0;
            for (const std::string& o : child.output) {
                try {
                    const expr e = pg_expr_parser(o).parse_all();
                    if (e.what() != expr::kind::column || ascii_lower(e.get().name) != ascii_lower(column)) continue;
                    ++matches;
                    if (const auto r = resolve_at(e, n.children[0], depth + 1)) hit = r->ref;
                } catch (const pg_parse_error&) {
                }
            }
            return matches == 1 ? hit : std::nullopt;
        }
        std::vector<std::size_t> below;
        visible_scans(n.children[0], below, false);
        std::optional<column_ref> hit;
        for (const std::size_t b : below) {
            const auto r = column_of_scan(b, column, depth + 1);
            if (!r) continue;
            if (hit) return std::nullopt;  // two candidates: ambiguous
            hit = r;
        }
        return hit;
    }

    // A column seen in a condition of node `at`: qualified by an alias of the plan, or unqualified (a scan's own
    // column, or the only visible scan below `at` that has it).
    std::optional<resolved> resolve_at(const expr& e, std::size_t at, int depth = 0) const {
        if (e.what() != expr::kind::column) return std::nullopt;
        const auto& n = e.get();
        std::size_t scan = static_cast<std::size_t>(-1);
        if (!n.qualifier.empty()) {
            const auto it = aliases_.find(n.qualifier);
            if (it == aliases_.end() || aliases_.count(n.qualifier) != 1) return std::nullopt;
            scan = it->second;
        } else if (!nodes_[at].alias.empty()) {
            scan = at;
        } else {
            std::vector<std::size_t> below;
            visible_scans(at, below);
            for (const std::size_t b : below) {
                if (!column_of_scan(b, n.name, depth + 1)) continue;
                if (scan != static_cast<std::size_t>(-1)) return std::nullopt;
                scan = b;
            }
            if (scan == static_cast<std::size_t>(-1)) return std::nullopt;
        }
        const auto r = column_of_scan(scan, n.name, depth + 1);
        if (!r) return std::nullopt;
        return resolved{*r, scan};
    }

    // The lowest join node with a in one child's subtree and b in the other's, and which child holds a (0 = outer,
    // 1 = inner); (-1, 0) when there is none.
    std::pair<std::size_t, int> separating_join(std::size_t a, std::size_t b) const {
        for (std::size_t k = nodes_[a].parent; k != static_cast<std::size_t>(-1); k = nodes_[k].parent) {
            if (!in_subtree(b, k)) continue;
            const plan_node& n = nodes_[k];
            if (n.children.size() < 2) return {static_cast<std::size_t>(-1), 0};
            const bool a_outer = in_subtree(a, n.children[0]);
            return {k, a_outer ? 0 : 1};
        }
        return {static_cast<std::size_t>(-1), 0};
    }

    const std::vector<table>& tables_;
    std::vector<plan_node> nodes_;
    std::multimap<std::string, std::size_t> aliases_;
};

}  // namespace

workload workload_from_model(const warehouse& w) {
    workload out;
    for (const statement& s : w.transforms) {
        out.queries.push_back(s.name);
        model_walker walker(w, out, s.name);
        if (const auto* ins = std::get_if<insert_select>(&s.body)) walker.walk_select(ins->query);
        if (const auto* del = std::get_if<delete_statement>(&s.body)) walker.walk_delete(*del);
    }
    for (const data_check& c : w.checks) {
        out.queries.push_back(c.name);
        model_walker(w, out, c.name).walk_select(c.query);
    }
    for (const named_query& q : w.queries) {
        out.queries.push_back(q.name);
        model_walker(w, out, q.name).walk_select(q.query);
    }
    return out;
}

void merge(workload& a, const workload& b) {
    a.queries.insert(a.queries.end(), b.queries.begin(), b.queries.end());
    a.joins.insert(a.joins.end(), b.joins.begin(), b.joins.end());
    a.filters.insert(a.filters.end(), b.filters.begin(), b.filters.end());
    a.group_bys.insert(a.group_bys.end(), b.group_bys.begin(), b.group_bys.end());
}

workload workload_from_explain(std::string_view explain_json, const std::string& query,
                               const std::vector<table>& tables) {
    explain_reader reader(tables);
    reader.read(explain_json);
    workload out;
    out.queries.push_back(query);
    reader.collect(query, out);
    return out;
}

}  // namespace starshift::tune
