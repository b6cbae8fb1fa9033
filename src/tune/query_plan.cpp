// The distributed plan Redshift's planner would print for one statement, predicted from starshift's own parse of
// it: scans, joins (order, operator, inner side, DS_* label through decide_join), aggregation, sort and limit.
// Rules and their sources: docs/tuning.md, "Predicted plans".
#include "starshift/tune/query_plan.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "starshift/common/text.hpp"
#include "starshift/tune/detail/column_resolver.hpp"
#include "starshift/tune/join_distribution.hpp"
#include "starshift/tune/tune_error.hpp"

namespace starshift::tune {
namespace {

using detail::scope_entry;

// Default selectivities when nothing is known of the data: PostgreSQL's (selfuncs.h), the planner Redshift's
// descends from (docs/tuning.md, "Predicted plans").
constexpr double eq_selectivity = 0.005;     // DEFAULT_EQ_SEL: col = constant, IS NULL
constexpr double range_selectivity = 1.0 / 3;  // DEFAULT_INEQ_SEL: col < constant
constexpr double between_selectivity = 0.005;  // DEFAULT_RANGE_INEQ_SEL: col BETWEEN a AND b
constexpr double match_selectivity = 0.005;  // DEFAULT_MATCH_SEL: LIKE, ILIKE, SIMILAR TO
constexpr double other_selectivity = 1.0 / 3;

[[noreturn]] void unanalysable(const std::string& table, const std::string& why) {
    throw tune_error("starshift.tune.unanalysable", table, "", why);
}

// Bytes of one value when the statistics give no row width (docs/tuning.md): fixed-size types their size,
// VARCHAR its declared length up to 16, CHAR its length.
double type_width(const sql_type& t) {
    switch (t.kind) {
        case type_kind::smallint: return 2;
        case type_kind::integer: return 4;
        case type_kind::bigint: return 8;
        case type_kind::decimal: return t.precision <= 18 ? 8 : 16;
        case type_kind::real: return 4;
        case type_kind::double_precision: return 8;
        case type_kind::boolean: return 1;
        case type_kind::char_: return static_cast<double>(t.length);
        case type_kind::date: return 4;
        case type_kind::timestamp:
        case type_kind::timestamptz:
        case type_kind::time:
        case type_kind::timetz: return 8;
        default: return std::min<double>(t.length > 0 ? t.length : 16, 16);
    }
}

bool is_aggregate_name(const std::string& n) {
    static const std::set<std::string> names = {"COUNT",  "SUM",     "AVG",        "MIN",         "MAX",
                                                "LISTAGG", "MEDIAN", "STDDEV",     "STDDEV_SAMP", "STDDEV_POP",
                                                "VARIANCE", "VAR_SAMP", "VAR_POP", "BOOL_AND",    "BOOL_OR",
                                                "BIT_AND", "BIT_OR", "PERCENTILE_CONT", "APPROXIMATE_PERCENTILE_DISC"};
    return names.count(ascii_upper(n)) > 0;
}

bool has_aggregate(const expr& e) {
    if (e.what() == expr::kind::window) return false;
    if (e.what() == expr::kind::function && is_aggregate_name(e.get().name)) return true;
    for (const expr& a : e.get().args)
        if (has_aggregate(a)) return true;
    return false;
}

// Every column expression in `e`, not descending into subqueries (another scope).
void columns_in(const expr& e, std::vector<expr>& out) {
    if (e.what() == expr::kind::column) {
        out.push_back(e);
        return;
    }
    for (const expr& a : e.get().args) columns_in(a, out);
    for (const expr& a : e.get().partition_by) columns_in(a, out);
    for (const order_item& o : e.get().order_by) columns_in(o.value, out);
}

// A column on which a plan part is distributed: the scope entry and the column's name there, with the type it was
// hashed as.
struct key_col {
    std::size_t entry = 0;
    std::string column;
    sql_type type;
};

// A plan part under construction: a scan, a subquery, or joins of several.
struct part {
    std::size_t node = 0;          // index into predictor::nodes_
    std::set<std::size_t> entries;  // the scope entries it covers
    dist_style style = dist_style::even;
    std::vector<key_col> keys;
    double rows = 0;
    double fraction = 1;  // rows / the rows before filters (joins to a filtered table keep this share)
    double width = 0;
    std::string name;
    const table* scan = nullptr;  // a plain base table scan (a Merge Join candidate)
};

// A column of a join condition: its entry, its name there, its type after any cast.
struct side_col {
    std::size_t entry = 0;
    std::string column;
    sql_type type;
    bool unique = false;  // the whole single-column primary key of a base table
};

struct equi {
    side_col a, b;
};

class predictor {
public:
    predictor(const std::vector<table>& tables, const plan_options& o)
        : tables_(tables), o_(o), resolver_([this](std::string_view n) { return find(n); }) {}

    distributed_plan run(const statement& s) {
        std::size_t root = 0;
        if (const auto* q = std::get_if<select_query>(&s.body)) {
            root = plan_select(*q, true).node;
        } else if (const auto* ins = std::get_if<insert_select>(&s.body)) {
            require_table(ins->table);
            root = plan_select(ins->query, true).node;
            notes_.push_back("INSERT INTO " + ins->table + ": the plan of its SELECT");
        } else if (const auto* v = std::get_if<create_view>(&s.body)) {
            root = plan_select(v->query, true).node;
            notes_.push_back("CREATE VIEW " + v->name + ": the plan of its query, which every query of the view runs");
        } else if (const auto* d = std::get_if<delete_statement>(&s.body)) {
            select_query dq;
            dq.from_clause = from_item{d->table, nullptr, {}, nullptr};
            if (d->using_item) dq.joins.push_back(comma(*d->using_item));
            for (const from_item& f : d->more_using) dq.joins.push_back(comma(f));
            dq.where_clause = d->where_clause;
            root = plan_select(dq, false).node;
        } else if (const auto* u = std::get_if<update_statement>(&s.body)) {
            select_query dq;
            dq.from_clause = from_item{u->table, nullptr, u->alias, nullptr};
            for (const from_item& f : u->from_items) dq.joins.push_back(comma(f));
            dq.where_clause = u->where_clause;
            root = plan_select(dq, false).node;
        } else if (const auto* m = std::get_if<merge_statement>(&s.body)) {
            select_query dq;
            dq.from_clause = m->source;
            join_clause jc;
            jc.kind = join_kind::left;
            jc.right = from_item{m->table, nullptr, {}, nullptr};
            jc.on = m->on;
            dq.joins.push_back(jc);
            root = plan_select(dq, false).node;
        } else {
            unanalysable("", "statement '" + s.name + "' reads no table (INSERT … VALUES): it has no join plan");
        }
        distributed_plan out;
        flatten(root, std::nullopt, out);
        out.notes = notes_;
        return out;
    }

private:
    static join_clause comma(const from_item& f) {
        join_clause jc;
        jc.kind = join_kind::comma;
        jc.right = f;
        return jc;
    }

    const table* find(std::string_view name) const {
        const std::string n = ascii_lower(name);
        for (const table& t : tables_)
            if (ascii_lower(t.name) == n || ascii_lower(t.qualified_name()) == n) return &t;
        return nullptr;
    }

    void require_table(const std::string& name) const {
        std::string_view n = name;
        const auto dot = n.rfind('.');
        if (!find(n) && !(dot != std::string_view::npos && find(n.substr(dot + 1))))
            unanalysable(name, "table " + name + " is not declared in the DDL");
    }

    std::size_t add(plan_step s, std::vector<std::size_t> kids = {}) {
        s.children = std::move(kids);
        nodes_.push_back(std::move(s));
        return nodes_.size() - 1;
    }

    void flatten(std::size_t n, std::optional<std::size_t> parent, distributed_plan& out) const {
        const std::size_t at = out.steps.size();
        out.steps.push_back(nodes_[n]);
        out.steps[at].children.clear();
        out.steps[at].parent = parent;
        if (parent) out.steps[*parent].children.push_back(at);
        for (const std::size_t k : nodes_[n].children) flatten(k, at, out);
    }

    // ------------------------------------------------------------------------------------- one SELECT

    part plan_select(const select_query& q, bool top) {
        if (++depth_ > 64) unanalysable("", "queries nest deeper than 64");
        resolver_.push_ctes(q.with_clause);
        part p = plan_from(q);
        bool functions = false;
        for (const select_item& it : q.items) functions = functions || has_aggregate(it.value);
        if (q.having_clause) functions = functions || has_aggregate(*q.having_clause);
        if (!q.group_by_clause.empty() || q.distinct_rows || functions) {
            plan_step s;
            const bool grouped = !q.group_by_clause.empty() || q.distinct_rows;
            // SELECT DISTINCT of plain values prints XN Unique (r_STL_PLAN_INFO: select distinct eventname from event)
            const bool unique = q.distinct_rows && q.group_by_clause.empty() && !functions;
            s.op = unique ? "Unique" : grouped ? "HashAggregate" : "Aggregate";
            // Redshift estimates as many groups as input rows without statistics (t_explain_plan_example).
            s.rows = grouped ? p.rows : 1.0;
            s.width = p.width;
            s.rule = unique    ? "SELECT DISTINCT: duplicate rows removed on each slice"
                     : grouped ? "GROUP BY or DISTINCT: a hash aggregate on each slice"
                               : "aggregates without GROUP BY: one row";
            p.node = add(s, {p.node});
            p.rows = *s.rows;
            p.scan = nullptr;
            if (!grouped) p.style = dist_style::even;
        }
        if (!q.set_operations.empty()) p = set_operations(q, std::move(p));
        const std::optional<std::int64_t> limit = q.limit_rows ? q.limit_rows : q.top_rows;
        if (!q.order_by_clause.empty() && (top || limit)) {
            plan_step sort;
            sort.op = "Sort";
            sort.rows = p.rows;
            sort.width = p.width;
            sort.rule = "ORDER BY: each slice sorts its rows";
            plan_step net;
            net.op = "Network";
            net.conditions.push_back("Send to leader");
            net.rows = p.rows;
            net.width = p.width;
            net.bytes_moved = static_cast<std::uint64_t>(p.rows * p.width);
            net.rule = "the sorted slices are sent to the leader node";
            plan_step merge;
            merge.op = "Merge";
            merge.rows = p.rows;
            merge.width = p.width;
            merge.rule = "the leader merges the sorted streams";
            p.node = add(merge, {add(net, {add(sort, {p.node})})});
            p.scan = nullptr;
        }
        if (limit) {
            plan_step s;
            s.op = "Limit";
            p.rows = std::min(p.rows, static_cast<double>(std::max<std::int64_t>(*limit, 0)));
            s.rows = p.rows;
            s.width = p.width;
            s.rule = "LIMIT or TOP caps the rows";
            p.node = add(s, {p.node});
            p.scan = nullptr;
            p.style = dist_style::even;
            p.keys.clear();
        }
        resolver_.pop_ctes(q.with_clause.size());
        --depth_;
        return p;
    }

    // UNION [ALL], INTERSECT, EXCEPT / MINUS: every SELECT planned on its own (its joins labelled as any other's), each
    // under a Subquery Scan "*SELECT* k", operands under an Append, as PostgreSQL 8 — whose plans Redshift's EXPLAIN
    // keeps — prints them; a UNION without ALL adds Unique, INTERSECT and EXCEPT a SetOp. INTERSECT binds tighter than
    // UNION and EXCEPT, which apply left to right (r_UNION); consecutive UNIONs share one Append. The result is spread
    // as the operands' rows were: no distribution key is assumed for it.
    part set_operations(const select_query& q, part first) {
        struct operand {
            part p;
            std::size_t number = 0;  // *SELECT* k; 0 once combined
        };
        auto scan = [&](const operand& o) {
            plan_step s;
            s.op = "Subquery Scan";
            s.relation = o.number ? "*SELECT* " + std::to_string(o.number) : std::string("*SELECT*");
            s.rows = o.p.rows;
            s.width = o.p.width;
            s.rule = "an operand of the set operation";
            return add(s, {o.p.node});
        };
        auto append = [&](const std::vector<operand>& ops, double rows, double width) {
            std::vector<std::size_t> kids;
            for (const operand& o : ops) kids.push_back(scan(o));
            plan_step app;
            app.op = "Append";
            app.rows = rows;
            app.width = width;
            app.rule = "the operands' rows, one after the other";
            return add(app, kids);
        };
        auto set_op = [&](const operand& l, const operand& r, set_kind kind, bool all) {
            plan_step set;
            const bool intersect = kind == set_kind::intersect;
            set.op = std::string(intersect ? "SetOp Intersect" : "SetOp Except") + (all ? " All" : "");
            set.rows = intersect ? std::min(l.p.rows, r.p.rows) : l.p.rows;
            set.width = std::max(l.p.width, r.p.width);
            set.rule = intersect ? "INTERSECT keeps the rows both operands have"
                                 : "EXCEPT keeps the first operand's rows the second lacks";
            operand out{l.p, 0};
            out.p.node = add(set, {append({l, r}, l.p.rows + r.p.rows, *set.width)});
            out.p.rows = *set.rows;
            out.p.width = *set.width;
            return out;
        };
        // INTERSECT first
        std::vector<operand> terms{{std::move(first), 1}};
        std::vector<const set_operation*> rest;
        for (std::size_t i = 0; i < q.set_operations.size(); ++i) {
            const set_operation& op = q.set_operations[i];
            if (!op.right) unanalysable("", "a set operation without its right operand");
            operand right{plan_select(*op.right, false), i + 2};
            if (op.kind == set_kind::intersect) {
                terms.back() = set_op(terms.back(), right, op.kind, op.all);
            } else {
                rest.push_back(&op);
                terms.push_back(std::move(right));
            }
        }
        // then UNION and EXCEPT, left to right
        operand cur = terms[0];
        std::size_t k = 0;
        while (k < rest.size()) {
            if (rest[k]->kind == set_kind::except) {
                cur = set_op(cur, terms[k + 1], set_kind::except, rest[k]->all);
                ++k;
                continue;
            }
            std::vector<operand> ops{cur};
            bool unique = false;
            double rows = cur.p.rows, width = cur.p.width;
            for (; k < rest.size() && rest[k]->kind == set_kind::union_; ++k) {
                ops.push_back(terms[k + 1]);
                rows += terms[k + 1].p.rows;
                width = std::max(width, terms[k + 1].p.width);
                unique = unique || !rest[k]->all;
            }
            cur.p.node = append(ops, rows, width);
            if (unique) {
                plan_step u;
                u.op = "Unique";
                u.rows = rows;
                u.width = width;
                u.rule = "UNION without ALL removes duplicate rows";
                cur.p.node = add(u, {cur.p.node});
            }
            cur.p.rows = rows;
            cur.p.width = width;
            cur.number = 0;
        }
        part out = cur.p;
        out.scan = nullptr;
        out.style = dist_style::even;
        out.keys.clear();
        return out;
    }

    // The columns of entry `k` the query reads (empty with `all` set: every column).
    struct usage {
        std::set<std::string> columns;
        bool all = false;
    };

    part plan_from(const select_query& q) {
        std::vector<scope_entry> scope;
        std::vector<const from_item*> items;
        if (q.from_clause) items.push_back(&*q.from_clause);
        for (const join_clause& jc : q.joins) items.push_back(&jc.right);
        for (const from_item* f : items) {
            if (f->joined) unanalysable("", "a parenthesized join in FROM is not planned yet");
            resolver_.add_entry(scope, *f);
            if (!scope.back().base && !scope.back().sub && !f->unnests.empty())
                unanalysable(f->unnests, "FROM " + f->unnests + " navigates no earlier FROM item");
            if (!scope.back().base && !scope.back().sub) unanalysable(f->table, "table " + f->table +
                                                                                      " is not declared in the DDL");
        }
        if (scope.empty()) {
            plan_step s;
            s.op = "Result";
            s.rows = 1.0;
            s.rule = "a SELECT without FROM";
            part p;
            p.node = add(s);
            p.rows = 1;
            return p;
        }
        const auto resolve = [&](const expr& e) { return resolver_.resolve_in(scope, e, &q); };

        // Columns read per entry.
        std::vector<usage> used(scope.size());
        std::vector<expr> all_exprs;
        for (const select_item& it : q.items) {
            if (it.value.what() == expr::kind::star) {
                for (auto& u : used) u.all = true;
            } else if (it.value.what() == expr::kind::column && it.value.get().name == "*") {
                for (std::size_t k = 0; k < scope.size(); ++k)
                    if (it.value.get().qualifier.empty() || ascii_lower(scope[k].name) ==
                                                                ascii_lower(it.value.get().qualifier))
                        used[k].all = true;
            } else {
                all_exprs.push_back(it.value);
            }
        }
        for (const join_clause& jc : q.joins) all_exprs.push_back(jc.on);
        if (q.where_clause) all_exprs.push_back(*q.where_clause);
        for (const expr& g : q.group_by_clause) all_exprs.push_back(g);
        if (q.having_clause) all_exprs.push_back(*q.having_clause);
        if (q.qualify_clause) all_exprs.push_back(*q.qualify_clause);
        for (const order_item& o : q.order_by_clause) all_exprs.push_back(o.value);
        std::vector<expr> cols;
        for (const expr& e : all_exprs) columns_in(e, cols);
        for (const expr& c : cols)
            if (const auto r = resolve(c)) used[r->second].columns.insert(exposed(scope[r->second], r->first, c));

        // Conditions: equality pairs between entries, filters on one entry.
        std::vector<equi> pairs;
        std::vector<double> selectivity(scope.size(), 1.0);
        std::vector<join_kind> kind_of(scope.size(), join_kind::inner);
        for (std::size_t k = 0; k < q.joins.size(); ++k) kind_of[k + 1] = q.joins[k].kind;
        const auto take = [&](const expr& cond, bool filters_count) {
            std::vector<expr> conj;
            detail::flatten(cond, binary_op::and_, conj);
            for (const expr& c : conj) {
                if (c.what() == expr::kind::null) continue;
                if (auto e = equality(c, scope, q)) {
                    pairs.push_back(*e);
                    continue;
                }
                std::vector<expr> cs;
                columns_in(c, cs);
                std::set<std::size_t> ents;
                bool ok = !cs.empty();
                for (const expr& x : cs) {
                    const auto r = resolve(x);
                    if (!r) {
                        ok = false;
                        break;
                    }
                    ents.insert(r->second);
                }
                if (ok && ents.size() == 1 && filters_count) selectivity[*ents.begin()] *= filter_selectivity(c);
            }
        };
        for (const join_clause& jc : q.joins) take(jc.on, jc.kind == join_kind::inner);
        if (q.where_clause) take(*q.where_clause, true);
        for (const join_clause& jc : q.joins)
            for (const std::string& u : jc.natural ? names_of(scope[static_cast<std::size_t>(&jc - q.joins.data()) + 1])
                                                   : jc.using_columns) {
                // JOIN … USING (c), NATURAL JOIN: the earlier entry that has c equals the joined entry's c.
                const std::size_t right = static_cast<std::size_t>(&jc - q.joins.data()) + 1;
                for (std::size_t k = 0; k < right; ++k) {
                    const auto l = resolver_.column_of(scope[k], u, 0);
                    const auto r = resolver_.column_of(scope[right], u, 0);
                    if (!l || !r) continue;
                    pairs.push_back({side_of(scope[k], k, *l, u, std::nullopt), side_of(scope[right], right, *r, u,
                                                                                          std::nullopt)});
                    used[k].columns.insert(u);
                    used[right].columns.insert(u);
                    break;
                }
            }

        // The leaves.
        std::vector<part> leaves;
        // An unnested entry is read inside its base's scan: no leaf, no join (r_SUPER_unnesting).
        for (std::size_t k = 0; k < scope.size(); ++k)
            leaves.push_back(scope[k].unnested ? part{} : leaf(scope[k], *items[k], k, used[k], selectivity[k]));
        std::size_t planned = 0;
        for (const scope_entry& e : scope) planned += e.unnested ? 0 : 1;

        const bool written_order = std::any_of(q.joins.begin(), q.joins.end(), [](const join_clause& jc) {
            return jc.kind == join_kind::left || jc.kind == join_kind::right || jc.kind == join_kind::full;
        });
        std::vector<std::size_t> order;
        if (written_order || planned < 3) {
            for (std::size_t k = 0; k < scope.size(); ++k) order.push_back(k);
        } else {
            order = join_order(leaves, pairs);
        }
        order.erase(std::remove_if(order.begin(), order.end(), [&](std::size_t k) { return scope[k].unnested; }),
                    order.end());
        part acc = leaves[order[0]];
        for (std::size_t i = 1; i < order.size(); ++i) {
            const std::size_t k = order[i];
            join_type t = join_type::inner;
            if (written_order) {
                if (kind_of[k] == join_kind::left) t = join_type::left;
                if (kind_of[k] == join_kind::right) t = join_type::right;
                if (kind_of[k] == join_kind::full) t = join_type::full;
            }
            acc = join_parts(acc, leaves[k], pairs, t);
        }
        return acc;
    }

    // The columns an entry exposes (a NATURAL JOIN's candidates).
    static std::vector<std::string> names_of(const scope_entry& e) {
        std::vector<std::string> out;
        if (e.base) {
            for (const column& c : e.base->columns) out.push_back(c.name);
        } else if (e.sub) {
            for (const select_item& it : e.sub->items) {
                if (!it.alias.empty()) out.push_back(it.alias);
                else if (it.value.what() == expr::kind::column && it.value.get().name != "*")
                    out.push_back(it.value.get().name);
            }
        }
        return out;
    }

    // The column's name as its entry exposes it.
    static std::string exposed(const scope_entry& e, const column_ref& r, const expr& c) {
        return e.base ? r.column : ascii_lower(c.get().name);
    }

    side_col side_of(const scope_entry& e, std::size_t entry, const column_ref& r, const std::string& name,
                     const std::optional<sql_type>& cast_to) const {
        side_col s;
        s.entry = entry;
        s.column = e.base ? r.column : ascii_lower(name);
        const table* t = find(r.table);
        const column* c = t ? t->find(r.column) : nullptr;
        if (c) s.type = c->type;
        if (cast_to) s.type = *cast_to;
        if (e.base && !cast_to) {
            const auto pk = e.base->primary_key();
            s.unique = pk.size() == 1 && ascii_lower(pk[0]) == ascii_lower(r.column);
        }
        return s;
    }

    // col = col between two entries, through casts on either side.
    std::optional<equi> equality(const expr& c, const std::vector<scope_entry>& scope, const select_query& q) const {
        if (c.what() != expr::kind::binary || c.get().bop != binary_op::eq || c.get().args.size() != 2)
            return std::nullopt;
        std::optional<side_col> sides[2];
        for (int i = 0; i < 2; ++i) {
            const expr* e = &c.get().args[static_cast<std::size_t>(i)];
            std::optional<sql_type> cast_to;
            while (e->what() == expr::kind::cast && e->get().args.size() == 1) {
                if (!cast_to) cast_to = e->get().cast_type;
                e = &e->get().args[0];
            }
            if (e->what() != expr::kind::column) return std::nullopt;
            const auto r = resolver_.resolve_in(scope, *e, &q);
            if (!r) return std::nullopt;
            sides[i] = side_of(scope[r->second], r->second, r->first, e->get().name, cast_to);
        }
        if (sides[0]->entry == sides[1]->entry) return std::nullopt;
        return equi{*sides[0], *sides[1]};
    }

    static double filter_selectivity(const expr& c) {
        switch (c.what()) {
            case expr::kind::binary:
                switch (c.get().bop) {
                    case binary_op::eq: return eq_selectivity;
                    case binary_op::lt:
                    case binary_op::le:
                    case binary_op::gt:
                    case binary_op::ge: return range_selectivity;
                    case binary_op::like: return match_selectivity;
                    default: return other_selectivity;
                }
            case expr::kind::between: return c.get().negated ? 1 - between_selectivity : between_selectivity;
            case expr::kind::pattern: return c.get().negated ? 1 - match_selectivity : match_selectivity;
            case expr::kind::in_list: {
                const double s = std::min(1.0, eq_selectivity * static_cast<double>(c.get().args.size() - 1));
                return c.get().negated ? 1 - s : s;
            }
            case expr::kind::unary:
                if (c.get().uop == unary_op::is_null) return eq_selectivity;
                if (c.get().uop == unary_op::is_not_null) return 1 - eq_selectivity;
                return other_selectivity;
            default: return other_selectivity;
        }
    }

    dist_style effective_style(const table& t, double rows) const {
        if (t.diststyle == dist_style::key && t.distkey) return dist_style::key;
        if (t.diststyle == dist_style::all) return dist_style::all;
        if (t.diststyle == dist_style::even || t.diststyle == dist_style::key) return dist_style::even;
        if (o_.default_diststyle == missing_diststyle::even) return dist_style::even;
        return rows <= static_cast<double>(o_.auto_all_max_rows) ? dist_style::all : dist_style::even;
    }

    part leaf(const scope_entry& e, const from_item& f, std::size_t k, const usage& u, double selectivity) {
        part p;
        p.entries.insert(k);
        p.name = e.name;
        if (e.base) {
            const table& t = *e.base;
            const auto st = o_.stats.find(ascii_lower(t.name));
            double rows = static_cast<double>(o_.default_rows);
            if (st != o_.stats.end()) {
                rows = static_cast<double>(st->second.rows);
            } else {
                notes_.push_back("no statistics for " + t.name + ": " + std::to_string(o_.default_rows) +
                                 " rows assumed");
            }
            double width = 0;
            if (st != o_.stats.end() && st->second.row_bytes > 0) {
                width = st->second.row_bytes;
            } else {
                for (const column& c : t.columns)
                    if (u.all || u.columns.count(c.name) || u.columns.count(ascii_lower(c.name)))
                        width += type_width(c.type);
            }
            p.style = effective_style(t, rows);
            if (p.style == dist_style::key) p.keys.push_back({k, *t.distkey, t.at(*t.distkey).type});
            p.rows = std::max(1.0, rows * selectivity);
            if (rows <= 0) p.rows = 0;
            p.fraction = rows > 0 ? p.rows / rows : 1;
            p.width = width;
            p.scan = &t;
            plan_step s = scan_step("Seq Scan", t.name, f.alias, p);
            s.rule = "a table scan; DISTSTYLE " + std::string(p.style == dist_style::all    ? "ALL"
                                                             : p.style == dist_style::key ? "KEY " + *t.distkey
                                                                                          : "EVEN") +
                     (t.diststyle == dist_style::automatic ? " (no DISTSTYLE given: " + missing_rule(rows) + ")"
                                                           : "");
            p.node = add(s);
            return p;
        }
        // A derived table or CTE: its own plan under a Subquery Scan; its distribution carries through its plain
        // output columns unless it aggregates or limits.
        const select_query& sub = *e.sub;
        part inner = plan_select(sub, false);
        p.rows = std::max(inner.rows > 0 ? 1.0 : 0.0, inner.rows * selectivity);
        p.fraction = inner.fraction * selectivity;
        p.width = inner.width;
        p.style = inner.style;
        const bool limited = sub.limit_rows || sub.top_rows;
        bool grouped = !sub.group_by_clause.empty() || sub.distinct_rows;
        for (const select_item& it : sub.items) grouped = grouped || has_aggregate(it.value);
        if (p.style == dist_style::key && !limited) {
            std::vector<scope_entry> inner_scope;
            resolver_.push_ctes(sub.with_clause);
            if (sub.from_clause) resolver_.add_entry(inner_scope, *sub.from_clause);
            for (const join_clause& jc : sub.joins) resolver_.add_entry(inner_scope, jc.right);
            for (const select_item& it : sub.items) {
                if (it.value.what() != expr::kind::column) continue;
                const auto r = resolver_.resolve_in(inner_scope, it.value, &sub);
                if (!r) continue;
                const std::string name = it.alias.empty() ? ascii_lower(it.value.get().name) : ascii_lower(it.alias);
                const std::string col = exposed(inner_scope[r->second], r->first, it.value);
                for (const key_col& kc : inner.keys)
                    if (kc.entry == r->second && ascii_lower(kc.column) == ascii_lower(col)) {
                        const bool group_key = std::any_of(
                            sub.group_by_clause.begin(), sub.group_by_clause.end(),
                            [&](const expr& g) { return g == it.value; });
                        if (!grouped || group_key) p.keys.push_back({k, name, kc.type});
                    }
            }
            resolver_.pop_ctes(sub.with_clause.size());
        }
        if (p.style == dist_style::key && p.keys.empty()) p.style = dist_style::even;
        if (limited && p.style != dist_style::all) p.style = dist_style::even;
        plan_step s = scan_step("Subquery Scan", e.name, e.name, p);
        s.rule = std::string("a derived table or CTE, planned on its own") +
                 (limited ? "; its LIMIT caps its rows and leaves it on no distribution key" : "");
        p.node = add(s, {inner.node});
        return p;
    }

    static plan_step scan_step(const char* op, const std::string& relation, const std::string& alias, const part& p) {
        plan_step s;
        s.op = op;
        s.relation = relation;
        s.alias = alias;
        s.rows = p.rows;
        s.width = p.width;
        return s;
    }

    std::string missing_rule(double rows) const {
        if (o_.default_diststyle == missing_diststyle::even) return "EVEN, as on older clusters";
        return "AUTO, ALL up to " + std::to_string(o_.auto_all_max_rows) + " rows (" +
               std::to_string(static_cast<std::uint64_t>(rows)) + " here)";
    }

    // Inner joins only: start with the largest collocated pair of leaves (else the leaf with most rows), then add
    // the first leaf in FROM order that a condition connects to the joined ones (none: the first left, a cross join).
    std::vector<std::size_t> join_order(const std::vector<part>& leaves, const std::vector<equi>& pairs) const {
        std::vector<std::size_t> order;
        std::optional<std::pair<std::size_t, std::size_t>> start;
        double best = -1;
        for (const equi& e : pairs) {
            const part& a = leaves[e.a.entry];
            const part& b = leaves[e.b.entry];
            if (keyed_on(a, e.a) && keyed_on(b, e.b) && hash_alike(e.a.type, e.b.type) && a.rows + b.rows > best) {
                best = a.rows + b.rows;
                start = std::make_pair(std::min(e.a.entry, e.b.entry), std::max(e.a.entry, e.b.entry));
            }
        }
        if (start) {
            order = {start->first, start->second};
        } else {
            std::size_t big = 0;
            for (std::size_t k = 1; k < leaves.size(); ++k)
                if (leaves[k].rows * leaves[k].width > leaves[big].rows * leaves[big].width) big = k;
            order = {big};
        }
        while (order.size() < leaves.size()) {
            std::optional<std::size_t> next;
            for (std::size_t k = 0; k < leaves.size() && !next; ++k) {
                if (std::find(order.begin(), order.end(), k) != order.end()) continue;
                for (const equi& e : pairs) {
                    const bool in_a = std::find(order.begin(), order.end(), e.a.entry) != order.end();
                    const bool in_b = std::find(order.begin(), order.end(), e.b.entry) != order.end();
                    if ((e.a.entry == k && in_b) || (e.b.entry == k && in_a)) next = k;
                }
            }
            if (!next)
                for (std::size_t k = 0; k < leaves.size() && !next; ++k)
                    if (std::find(order.begin(), order.end(), k) == order.end()) next = k;
            order.push_back(*next);
        }
        return order;
    }

    static join_operand operand(const part& p) {
        join_operand o;
        o.name = p.name;
        o.effective = p.style;
        o.rows = p.rows;
        o.row_bytes = p.width;
        return o;
    }

    static bool keyed_on(const part& p, const side_col& c) {
        if (p.style != dist_style::key) return false;
        return std::any_of(p.keys.begin(), p.keys.end(), [&](const key_col& k) {
            return k.entry == c.entry && ascii_lower(k.column) == ascii_lower(c.column) && hash_alike(k.type, c.type);
        });
    }

    static std::string cond_text(const side_col& outer, const side_col& inner) {
        return "(\"outer\"." + outer.column + " = \"inner\"." + inner.column + ")";
    }

    static bool leads_sort_key(const table* t, const std::string& column) {
        return t && t->sortkey.style == sort_style::compound && !t->sortkey.columns.empty() &&
               ascii_lower(t->sortkey.columns[0]) == ascii_lower(column);
    }

    part join_parts(const part& first, const part& second, const std::vector<equi>& all_pairs, join_type type) {
        // The condition pairs between the two parts, each as (first's column, second's column).
        std::vector<std::pair<side_col, side_col>> ps;
        for (const equi& e : all_pairs) {
            if (first.entries.count(e.a.entry) && second.entries.count(e.b.entry)) ps.push_back({e.a, e.b});
            if (first.entries.count(e.b.entry) && second.entries.count(e.a.entry)) ps.push_back({e.b, e.a});
        }
        join_operand a = operand(first), b = operand(second);
        join_pairs jp;
        for (const auto& [x, y] : ps) {
            a.keyed.push_back(keyed_on(first, x));
            b.keyed.push_back(keyed_on(second, y));
            jp.text.push_back(first.name + "." + x.column + " = " + second.name + "." + y.column);
            jp.hash_alike.push_back(hash_alike(x.type, y.type));
        }
        const join_decision d = decide_join(a, b, jp, type, o_.cluster);
        const part& outer = d.second_is_inner ? first : second;
        const part& inner = d.second_is_inner ? second : first;

        part r;
        r.entries = first.entries;
        r.entries.insert(second.entries.begin(), second.entries.end());
        r.name = "(" + outer.name + " ⋈ " + inner.name + ")";
        r.width = first.width + second.width;
        r.fraction = first.fraction * second.fraction;
        if (ps.empty()) {
            r.rows = first.rows * second.rows;
        } else {
            // A join on the whole primary key of one side keeps the other side's rows times that side's filter
            // share; otherwise the larger of both estimates.
            const bool first_unique = std::any_of(ps.begin(), ps.end(), [](const auto& p) { return p.first.unique; });
            const bool second_unique = std::any_of(ps.begin(), ps.end(), [](const auto& p) { return p.second.unique; });
            if (second_unique) {
                r.rows = first.rows * second.fraction;
            } else if (first_unique) {
                r.rows = second.rows * first.fraction;
            } else {
                r.rows = std::max(first.rows * second.fraction, second.rows * first.fraction);
            }
        }
        if (type == join_type::left) r.rows = std::max(r.rows, first.rows);
        if (type == join_type::right) r.rows = std::max(r.rows, second.rows);
        if (type == join_type::full) r.rows = std::max(r.rows, std::max(first.rows, second.rows));
        r.rows = std::max(r.rows, 1.0);

        // The result's distribution.
        switch (d.strategy) {
            case join_strategy::ds_dist_all_none:
                r.style = outer.style;
                r.keys = outer.keys;
                break;
            case join_strategy::ds_dist_all_inner: r.style = dist_style::even; break;
            case join_strategy::ds_bcast_inner:
                r.style = outer.style == dist_style::all ? dist_style::even : outer.style;
                r.keys = outer.keys;
                break;
            case join_strategy::ds_dist_inner:
            case join_strategy::ds_dist_none:
            case join_strategy::ds_dist_outer:
            case join_strategy::ds_dist_both: {
                r.style = dist_style::key;
                if (d.strategy == join_strategy::ds_dist_inner || d.strategy == join_strategy::ds_dist_none)
                    r.keys = outer.keys;
                if (d.strategy == join_strategy::ds_dist_none) r.keys.insert(r.keys.end(), inner.keys.begin(),
                                                                             inner.keys.end());
                if (d.pair) {
                    const auto& [x, y] = ps[*d.pair];
                    const sql_type t = (d.strategy == join_strategy::ds_dist_inner)
                                           ? (d.second_is_inner ? x.type : y.type)
                                           : (d.second_is_inner ? y.type : x.type);
                    r.keys.push_back({x.entry, x.column, t});
                    r.keys.push_back({y.entry, y.column, t});
                }
                break;
            }
        }
        if (first.style == dist_style::all && second.style == dist_style::all) r.style = dist_style::all;

        plan_step s;
        s.label = to_sql(d.strategy);
        s.rows = r.rows;
        s.width = r.width;
        s.rule = d.reason;
        s.bytes_moved = d.bytes_moved <= 0 ? 0 : static_cast<std::uint64_t>(d.bytes_moved + 0.5);
        std::string cond;
        for (const auto& [x, y] : ps) {
            const side_col& oc = d.second_is_inner ? x : y;
            const side_col& ic = d.second_is_inner ? y : x;
            cond += (cond.empty() ? "" : " AND ") + cond_text(oc, ic);
        }
        if (ps.empty()) {
            s.op = "Nested Loop";
            r.node = add(s, {outer.node, inner.node});
            return r;
        }
        const bool merge = d.strategy == join_strategy::ds_dist_none && type == join_type::inner && d.pair &&
                           outer.scan && inner.scan &&
                           leads_sort_key(outer.scan, d.second_is_inner ? ps[*d.pair].first.column
                                                                        : ps[*d.pair].second.column) &&
                           leads_sort_key(inner.scan, d.second_is_inner ? ps[*d.pair].second.column
                                                                        : ps[*d.pair].first.column);
        if (merge) {
            s.op = "Merge Join";
            s.conditions.push_back("Merge Cond: " + cond);
            s.rule += "; both sides are sorted on the join column (DISTKEY and leading SORTKEY): a merge join";
            r.node = add(s, {outer.node, inner.node});
            return r;
        }
        s.op = type == join_type::inner ? "Hash Join" : type == join_type::full ? "Hash Full Join" : "Hash Left Join";
        s.conditions.push_back("Hash Cond: " + cond);
        plan_step h;
        h.op = "Hash";
        h.rows = inner.rows;
        h.width = inner.width;
        h.rule = "the inner side's hash table";
        r.node = add(s, {outer.node, add(h, {inner.node})});
        return r;
    }

    const std::vector<table>& tables_;
    const plan_options& o_;
    detail::column_resolver resolver_;
    std::vector<plan_step> nodes_;
    std::vector<std::string> notes_;
    int depth_ = 0;
};

}  // namespace

distributed_plan predict_plan(const statement& s, const std::vector<table>& tables, const plan_options& options) {
    return predictor(tables, options).run(s);
}

}  // namespace starshift::tune
