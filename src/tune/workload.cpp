// The workload of a warehouse: equi-joins, constant filters and group-bys, from the model's statement values or
// from a query plan (PostgreSQL's EXPLAIN, read into an explain_plan by parse::read_explain). Both paths see
// conditions as starshift::expr trees and share one analysis of AND-chains.
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

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "starshift/common/text.hpp"
#include "starshift/tune/detail/column_resolver.hpp"
#include "starshift/tune/tune_error.hpp"
#include "starshift/model/explain_plan.hpp"
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

using detail::flatten;

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

using detail::scope_entry;

class model_walker {
public:
    model_walker(const warehouse& w, workload& out, std::string query)
        : resolver_([&w](std::string_view name) { return w.find(name); }), out_(out), query_(std::move(query)) {}

    void walk_select(const select_query& q) {
        std::vector<scope_entry> scope;
        if (q.from_clause) resolver_.add_entry(scope, *q.from_clause);
        for (const auto& jc : q.joins) resolver_.add_entry(scope, jc.right);
        const std::size_t base = next_id_;
        next_id_ += scope.size();
        const resolve_fn resolve = [&](const expr& e) -> std::optional<resolved> {
            auto r = resolver_.resolve_in(scope, e, &q);
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
        resolver_.add_entry(scope, target);
        if (d.using_item) resolver_.add_entry(scope, *d.using_item);
        const std::size_t base = next_id_;
        next_id_ += scope.size();
        if (d.where_clause) {
            const resolve_fn resolve = [&](const expr& e) -> std::optional<resolved> {
                auto r = resolver_.resolve_in(scope, e, nullptr);
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

    detail::column_resolver resolver_;
    workload& out_;
    std::string query_;
    std::size_t next_id_ = 0;
};

// ---------------------------------------------------------------------------------------------- EXPLAIN path

// A node of the plan as the analysis sees it: a ModifyTable's relation is the INSERT/DELETE target, which that
// node does not read, so it has neither relation nor alias here.
struct plan_node {
    const explain_node* source = nullptr;
    std::string relation;  // base relation scans (not ModifyTable)
    std::string alias;     // scans, subquery and CTE scans
    std::size_t parent = static_cast<std::size_t>(-1);
    const table* base = nullptr;  // the model table of a base relation scan
};

class plan_walker {
public:
    plan_walker(const explain_plan& plan, const std::vector<table>& tables) : plan_(plan), tables_(tables) {
        check_tree();
        for (const explain_node& e : plan.nodes) {
            plan_node n;
            n.source = &e;
            if (e.type != "ModifyTable") {
                n.relation = e.relation;
                n.alias = e.alias;
            }
            if (e.parent) n.parent = *e.parent;
            if (!n.relation.empty()) n.base = find_table(e.schema, n.relation);
            nodes_.push_back(std::move(n));
        }
        for (std::size_t k = 0; k < nodes_.size(); ++k)
            if (!nodes_[k].alias.empty()) aliases_.emplace(nodes_[k].alias, k);
    }

    void collect(const std::string& query, workload& out) const {
        std::vector<equi_pair> pairs;
        for (std::size_t k = 0; k < nodes_.size(); ++k) {
            const explain_node& n = *nodes_[k].source;
            const resolve_fn resolve = [this, k](const expr& e) { return resolve_at(e, k); };
            for (const bool scan : {false, true}) {
                for (const std::optional<expr>& condition : scan ? n.scan_conditions : n.join_conditions) {
                    if (!condition) continue;
                    const auto res = analyze_chain(*condition, resolve, query, [&](std::size_t) { return scan; });
                    pairs.insert(pairs.end(), res.equi.begin(), res.equi.end());
                    if (scan) out.filters.insert(out.filters.end(), res.filters.begin(), res.filters.end());
                }
            }
            for (const std::optional<expr>& g : n.group_keys) {
                if (!g || g->what() != expr::kind::column) continue;
                if (const auto r = resolve_at(*g, k)) out.group_bys.push_back({query, r->ref});
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
                const std::string& jt = nodes_[node].source->join_type;
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
    // The nodes must form a tree in pre-order (as parse::read_explain builds it): every child after its parent and
    // naming it as parent, no node deeper than 200. A plan built by hand that is not one is rejected here.
    void check_tree() const {
        const auto& nodes = plan_.nodes;
        std::vector<int> depth(nodes.size(), 0);
        for (std::size_t k = 0; k < nodes.size(); ++k) {
            if (const std::optional<std::size_t> p = nodes[k].parent) {
                const bool listed = *p < k && std::find(nodes[*p].children.begin(), nodes[*p].children.end(), k) !=
                                                  nodes[*p].children.end();
                if (!listed)
                    throw tune_error("starshift.tune.bad_explain", "", "",
                                     "plan node " + std::to_string(k) + " is not a child of its parent");
                depth[k] = depth[*p] + 1;
                if (depth[k] > 200)
                    throw tune_error("starshift.tune.bad_explain", "", "", "the plan nests deeper than 200 nodes");
            }
            for (const std::size_t c : nodes[k].children)
                if (c <= k || c >= nodes.size() || nodes[c].parent != k)
                    throw tune_error("starshift.tune.bad_explain", "", "",
                                     "plan node " + std::to_string(k) + " has a child that does not name it as parent");
        }
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
        for (const std::size_t c : n.source->children) visible_scans(c, out, false);
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
        const std::vector<std::size_t>& children = n.source->children;
        if (children.empty()) return std::nullopt;
        // A subquery (or CTE) scan: with VERBOSE, the subquery's output names its columns; else a column of the
        // only base relation below that has one of that name.
        const explain_node& child = plan_.nodes[children[0]];
        if (!child.output.empty()) {
            std::optional<column_ref> hit;
            int matches = 0;
            for (const std::optional<expr>& e : child.output) {
                if (!e || e->what() != expr::kind::column || ascii_lower(e->get().name) != ascii_lower(column)) continue;
                ++matches;
                if (const auto r = resolve_at(*e, children[0], depth + 1)) hit = r->ref;
            }
            return matches == 1 ? hit : std::nullopt;
        }
        std::vector<std::size_t> below;
        visible_scans(children[0], below, false);
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
            const std::vector<std::size_t>& children = plan_.nodes[k].children;
            if (children.size() < 2) return {static_cast<std::size_t>(-1), 0};
            const bool a_outer = in_subtree(a, children[0]);
            return {k, a_outer ? 0 : 1};
        }
        return {static_cast<std::size_t>(-1), 0};
    }

    const explain_plan& plan_;
    const std::vector<table>& tables_;
    std::vector<plan_node> nodes_;  // parallel to plan_.nodes
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

workload workload_from_plan(const explain_plan& plan, const std::string& query, const std::vector<table>& tables) {
    const plan_walker walker(plan, tables);
    workload out;
    out.queries.push_back(query);
    walker.collect(query, out);
    return out;
}

}  // namespace starshift::tune

// ------------------------------------------------------------------------------------- one parsed statement

namespace starshift::tune {
namespace {

// `q` with every FROM or JOIN item that names a CTE of `ctes` (unqualified, case-insensitive) replaced by that CTE's
// query as a derived table (aliased as written, else by the CTE's name), so the walker resolves through it like any
// derived table. A CTE sees the ones before it; each is inlined once and shared, so nesting costs no copies.
using cte_map = std::vector<std::pair<std::string, std::shared_ptr<const select_query>>>;

std::shared_ptr<const select_query> inline_ctes(const select_query& q, cte_map ctes);

from_item inline_item(const from_item& f, const cte_map& ctes) {
    from_item out = f;
    if (f.subquery) {
        out.subquery = inline_ctes(*f.subquery, ctes);
    } else if (!f.joined && f.table.find('.') == std::string::npos) {
        for (auto it = ctes.rbegin(); it != ctes.rend(); ++it)
            if (ascii_lower(it->first) == ascii_lower(f.table)) {
                out.table.clear();
                out.subquery = it->second;
                if (out.alias.empty()) out.alias = it->first;
                break;
            }
    }
    return out;
}

std::shared_ptr<const select_query> inline_ctes(const select_query& q, cte_map ctes) {
    auto out = std::make_shared<select_query>(q);
    for (const common_table& c : q.with_clause) {
        if (!c.query) continue;
        auto body = std::const_pointer_cast<select_query>(inline_ctes(*c.query, ctes));
        if (!c.columns.empty() && c.columns.size() == body->items.size())  // WITH name (a, b) AS (…)
            for (std::size_t i = 0; i < c.columns.size(); ++i) body->items[i].alias = c.columns[i];
        ctes.emplace_back(c.name, std::move(body));
    }
    out->with_clause.clear();
    if (out->from_clause) out->from_clause = inline_item(*out->from_clause, ctes);
    for (auto& jc : out->joins) jc.right = inline_item(jc.right, ctes);
    for (auto& s : out->set_operations)
        if (s.right) s.right = inline_ctes(*s.right, ctes);
    return out;
}

void walk_with_set_operations(model_walker& walker, const select_query& q) {
    walker.walk_select(q);
    for (const auto& s : q.set_operations)
        if (s.right) walk_with_set_operations(walker, *s.right);
}

}  // namespace

workload workload_from_statement(const statement& s, const std::string& name, const std::vector<table>& tables) {
    warehouse w;
    w.star = tables;
    workload out;
    out.queries.push_back(name);
    model_walker walker(w, out, name);
    auto walk = [&](const select_query& q) { walk_with_set_operations(walker, *inline_ctes(q, {})); };
    if (const auto* q = std::get_if<select_query>(&s.body)) walk(*q);
    if (const auto* ins = std::get_if<insert_select>(&s.body)) walk(ins->query);
    if (const auto* view = std::get_if<create_view>(&s.body)) walk(view->query);  // every query of the view runs it
    if (const auto* del = std::get_if<delete_statement>(&s.body)) {
        if (del->more_using.empty()) {
            walker.walk_delete(*del);
        } else {  // DELETE … USING a, b: the target and every USING item as one FROM list
            select_query q;
            q.from_clause = from_item{del->table, nullptr, {}, nullptr};
            if (del->using_item) q.joins.push_back({join_kind::comma, *del->using_item, {}, {}, false});
            for (const auto& f : del->more_using) q.joins.push_back({join_kind::comma, f, {}, {}, false});
            q.where_clause = del->where_clause;
            walk(q);
        }
    }
    if (const auto* up = std::get_if<update_statement>(&s.body)) {  // UPDATE t SET … FROM a, b WHERE …
        select_query q;
        q.from_clause = from_item{up->table, nullptr, up->alias, nullptr};
        for (const auto& f : up->from_items) q.joins.push_back({join_kind::comma, f, {}, {}, false});
        q.where_clause = up->where_clause;
        walk(q);
    }
    if (const auto* m = std::get_if<merge_statement>(&s.body)) {  // MERGE INTO t USING s ON …: t joined to s
        select_query q;
        q.from_clause = from_item{m->table, nullptr, {}, nullptr};
        q.joins.push_back({join_kind::inner, m->source, m->on, {}, false});
        walk(q);
    }
    return out;
}

}  // namespace starshift::tune
