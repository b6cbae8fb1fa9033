// Redshift → PostgreSQL rewriting of parsed statements (docs/parse.md, "Queries and DML", cites each rule's page).
// Per SELECT: nested queries first, then lateral column aliases (r_SELECT_list), then implicit conversions where the
// types are known (c_Supported_data_types), then Redshift's functions and date parts.
#include "starshift/sql/translate.hpp"

#include <algorithm>
#include <cstddef>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "render_detail.hpp"
#include "starshift/common/text.hpp"
#include "starshift/sql/quote.hpp"

namespace starshift::sql {
namespace {

[[noreturn]] void untranslatable(const std::string& why) { throw sql_error("starshift.sql.untranslatable", why); }

expr make(expr::node n) { return expr(std::make_shared<const expr::node>(std::move(n))); }

// ---------------------------------------------------------------- scopes: what the FROM items provide
struct source {
    std::string qualifier;                               // alias, or the table's last name part
    std::map<std::string, std::optional<sql_type>> columns;  // lower-case name → type when known
    bool known = true;                                   // false: a table no script declares (columns unknown)
    std::string what;                                    // for messages: the table's name
};

struct scope {
    std::vector<source> sources;
    const scope* outer = nullptr;
};

struct cte_env {
    std::map<std::string, source> tables;  // lower-case CTE name → its columns
    const cte_env* outer = nullptr;

    const source* find(const std::string& name) const {
        for (const cte_env* e = this; e; e = e->outer) {
            const auto it = e->tables.find(name);
            if (it != e->tables.end()) return &it->second;
        }
        return nullptr;
    }
};

std::string last_part(const std::string& dotted) {
    const std::size_t dot = dotted.rfind('.');
    std::string out = dot == std::string::npos ? dotted : dotted.substr(dot + 1);
    if (out.size() >= 2 && out.front() == '"') out = out.substr(1, out.size() - 2);
    return out;
}

// schema.table without the database part of a three-part name (the connected database, as the DDL renders it).
std::string without_database(const std::string& dotted) {
    std::size_t dots = 0;
    bool quoted = false;
    std::size_t first = std::string::npos;
    for (std::size_t i = 0; i < dotted.size(); ++i) {
        if (dotted[i] == '"') quoted = !quoted;
        if (dotted[i] == '.' && !quoted) {
            if (first == std::string::npos) first = i;
            ++dots;
        }
    }
    return dots == 2 ? dotted.substr(first + 1) : dotted;
}

bool is_char(const std::optional<sql_type>& t) { return t && is_character(t->kind); }
bool is_num(const std::optional<sql_type>& t) { return t && is_numeric(t->kind); }
bool is_dt(const std::optional<sql_type>& t) {
    return t && (is_datetime(t->kind) || is_time_of_day(t->kind));
}

class translator {
public:
    explicit translator(const table_finder& tables) : tables_(tables) {}

    statement run(const statement& s) {
        statement out = s;
        if (const auto* q = std::get_if<select_query>(&s.body)) {
            out.body = query(*q, nullptr, nullptr);
        } else if (const auto* ins = std::get_if<insert_select>(&s.body)) {
            insert_select r = *ins;
            r.table = without_database(r.table);
            r.query = query(ins->query, nullptr, nullptr);
            assign_casts(r.table, r.columns, r.query);
            out.body = std::move(r);
        } else if (const auto* v = std::get_if<insert_values>(&s.body)) {
            insert_values r = *v;
            r.table = without_database(r.table);
            const scope empty;
            for (auto& row : r.rows) {
                for (std::size_t i = 0; i < row.size(); ++i) {
                    row[i] = functions(row[i], empty, nullptr);
                    row[i] = assigned(row[i], target_type(r.table, r.columns, i), empty);
                }
            }
            out.body = std::move(r);
        } else if (const auto* u = std::get_if<update_statement>(&s.body)) {
            out.body = update(*u);
        } else if (const auto* d = std::get_if<delete_statement>(&s.body)) {
            out.body = delete_(*d);
        } else if (const auto* m = std::get_if<merge_statement>(&s.body)) {
            out.body = merge(*m);
        } else if (const auto* view = std::get_if<create_view>(&s.body)) {
            create_view r = *view;
            r.name = without_database(r.name);
            r.query = query(view->query, nullptr, nullptr);
            out.body = std::move(r);
        }
        return out;
    }

private:
    // ---------------------------------------------------------------- queries
    select_query query(const select_query& in, const scope* outer, const cte_env* outer_ctes) {
        select_query q = in;
        cte_env ctes;
        ctes.outer = outer_ctes;
        for (common_table& c : q.with_clause) {
            auto inner = std::make_shared<select_query>(query(*c.query, outer, &ctes));
            source src = output_of(*inner, c.name);
            if (!c.columns.empty()) src = renamed(src, c.columns, *inner, c.name);
            ctes.tables[ascii_lower(c.name)] = src;
            c.query = std::move(inner);
        }
        scope sc;
        sc.outer = outer;
        if (q.from_clause) q.from_clause = from(*q.from_clause, sc, outer, &ctes);
        for (join_clause& j : q.joins) j.right = from(j.right, sc, outer, &ctes);
        lateral_aliases(q, sc);
        for (join_clause& j : q.joins)
            if (has_on(j)) j.on = rewrite(j.on, sc, &ctes);
        for (select_item& it : q.items) it.value = rewrite(it.value, sc, &ctes);
        if (q.where_clause) q.where_clause = rewrite(*q.where_clause, sc, &ctes);
        for (expr& g : q.group_by_clause) g = rewrite(g, sc, &ctes);
        if (q.having_clause) q.having_clause = rewrite(*q.having_clause, sc, &ctes);
        if (q.qualify_clause) q.qualify_clause = rewrite(*q.qualify_clause, sc, &ctes);
        for (order_item& o : q.order_by_clause) o.value = rewrite(o.value, sc, &ctes);
        for (set_operation& op : q.set_operations)
            op.right = std::make_shared<select_query>(query(*op.right, outer, &ctes));
        if (q.qualify_clause) return qualified(std::move(q), in, sc);
        return q;
    }

    // ---------------------------------------------------------------- QUALIFY (r_QUALIFY_clause)
    // PostgreSQL has no QUALIFY. The SELECT block (FROM … HAVING, its items and the condition) becomes a derived
    // table; the outer query keeps the rows whose condition is true and returns the block's columns under their
    // names: an item as `starshift_c<i> AS name`, a star as `(starshift_r<k>).*` over a FROM item's whole row (its
    // columns, names and types, without knowing them). DISTINCT, TOP, the set operations, ORDER BY, LIMIT and
    // OFFSET stay outside, after the filter; an ORDER BY expression that is not a position or an output name is
    // computed inside as a hidden column.
    select_query qualified(select_query q, const select_query& written, const scope& sc) {
        const std::string d = "starshift_qualified_" + std::to_string(++derived_);
        select_query inner;
        inner.from_clause = std::move(q.from_clause);
        inner.joins = std::move(q.joins);
        inner.where_clause = std::move(q.where_clause);
        inner.group_by_clause = std::move(q.group_by_clause);
        inner.having_clause = std::move(q.having_clause);
        select_query outer;
        outer.with_clause = std::move(q.with_clause);
        outer.distinct_rows = q.distinct_rows;
        outer.top_rows = q.top_rows;
        outer.set_operations = std::move(q.set_operations);
        outer.limit_rows = q.limit_rows;
        outer.offset_rows = q.offset_rows;
        std::set<std::string> names;  // lower-case output names, for ORDER BY
        std::size_t rows = 0;
        auto whole_row = [&](const source& s) {
            // the bare name stands for the row only when no FROM item has a column of that name
            if (in_from(sc, ascii_lower(s.qualifier), nullptr) == lookup::column)
                untranslatable("QUALIFY with * over " + s.qualifier + ", and a FROM item has a column of that name: "
                               "give " + s.qualifier + " another alias");
            const std::string r = "starshift_r" + std::to_string(++rows);
            inner.item(column_ref(s.qualifier), r);
            expr::node star;
            star.k = expr::kind::star;
            star.args.push_back(column_ref(d, r));
            outer.item(make(std::move(star)));
        };
        for (std::size_t i = 0; i < q.items.size(); ++i) {
            const expr::node& n = q.items[i].value.get();
            if (n.k != expr::kind::star) {
                const std::string c = "starshift_c" + std::to_string(i + 1);
                inner.item(q.items[i].value, c);
                const std::string name = output_name(written.items[i]);
                outer.item(column_ref(d, c), name);
                names.insert(ascii_lower(name));
                continue;
            }
            if (n.qualifier.empty() && (any_using(inner.joins) || (inner.from_clause && inner.from_clause->joined)))
                untranslatable("QUALIFY with SELECT * over a join with USING, NATURAL or parentheses (PostgreSQL's *"
                               " merges the USING columns): list the columns or qualify the star");
            bool matched = false;
            for (const source& s : sc.sources) {
                if (!n.qualifier.empty() && !iequals(s.qualifier, last_part(n.qualifier))) continue;
                whole_row(s);
                matched = true;
            }
            if (!matched) untranslatable("QUALIFY with " + n.qualifier + ".*: no FROM item is named " + n.qualifier);
        }
        inner.item(*q.qualify_clause, "starshift_qualify");
        outer.where(column_ref(d, "starshift_qualify"));
        std::size_t hidden = 0;
        for (order_item& o : q.order_by_clause) {
            const expr::node& n = o.value.get();
            const bool position = n.k == expr::kind::literal && std::holds_alternative<std::int64_t>(n.literal);
            const bool output = n.k == expr::kind::column && n.qualifier.empty() && names.count(ascii_lower(n.name));
            if (!outer.set_operations.empty() || position || output) {
                outer.order_by_clause.push_back(std::move(o));
                continue;
            }
            if (outer.distinct_rows)
                untranslatable("QUALIFY with SELECT DISTINCT and an ORDER BY expression that is not a selected "
                               "column: order by the column's name or position");
            const std::string h = "starshift_o" + std::to_string(++hidden);
            inner.item(o.value, h);
            o.value = column_ref(d, h);
            outer.order_by_clause.push_back(std::move(o));
        }
        outer.from(std::move(inner), d);
        return outer;
    }

    static bool any_using(const std::vector<join_clause>& joins) {
        for (const join_clause& j : joins)
            if (!j.using_columns.empty() || j.natural || j.right.joined) return true;
        return false;
    }

    static bool has_on(const join_clause& j) {
        return j.kind != join_kind::cross && j.kind != join_kind::comma && j.using_columns.empty() && !j.natural;
    }

    // A FROM item translated, and the columns it provides added to `sc` (for a parenthesized join, the columns of
    // every table inside it; its ON conditions see them).
    from_item from(const from_item& f, scope& sc, const scope* outer, const cte_env* ctes) {
        from_item out = f;
        if (f.joined) {
            auto group = std::make_shared<join_group>();
            group->first = from(f.joined->first, sc, outer, ctes);
            for (const join_clause& j : f.joined->joins) {
                group->joins.push_back(j);
                group->joins.back().right = from(j.right, sc, outer, ctes);
            }
            for (join_clause& j : group->joins)
                if (has_on(j)) j.on = rewrite(j.on, sc, ctes);
            out.joined = std::move(group);
            return out;
        }
        if (!f.unnests.empty())
            untranslatable("FROM " + f.unnests + ": PartiQL unnesting of a SUPER column (r_SUPER_unnesting)");
        source src;
        if (f.subquery) {
            auto inner = std::make_shared<select_query>(query(*f.subquery, outer, ctes));
            // PostgreSQL before 16 requires an alias on a derived table; Redshift does not.
            if (out.alias.empty()) out.alias = "starshift_derived_" + std::to_string(++derived_);
            src = output_of(*inner, out.alias);
            out.subquery = std::move(inner);
        } else {
            out.table = without_database(f.table);
            const source* cte = f.table.find('.') == std::string::npos ? ctes->find(ascii_lower(last_part(f.table)))
                                                                       : nullptr;
            if (cte) {
                src = *cte;
            } else if (const table* t = tables_ ? tables_(f.table) : nullptr) {
                for (const column& c : t->columns) src.columns[ascii_lower(c.name)] = c.type;
                src.known = !t->columns.empty();
            } else {
                src.known = false;
            }
            src.what = f.table;
        }
        src.qualifier = out.alias.empty() ? last_part(out.table) : out.alias;
        sc.sources.push_back(std::move(src));
        return out;
    }

    // The columns a query returns, named as PostgreSQL names them.
    source output_of(const select_query& q, const std::string& name) {
        source out;
        out.what = name;
        scope sc;
        if (q.from_clause) add_known(*q.from_clause, sc);
        for (const join_clause& j : q.joins) add_known(j.right, sc);
        for (const select_item& it : q.items) {
            const expr::node& n = it.value.get();
            if (n.k == expr::kind::star && !n.args.empty()) {  // (whole row).* of a translated QUALIFY
                out.known = false;
                continue;
            }
            if (n.k == expr::kind::star) {
                for (const source& s : sc.sources) {
                    if (!n.qualifier.empty() && !iequals(s.qualifier, last_part(n.qualifier))) continue;
                    if (!s.known) out.known = false;
                    for (const auto& [c, t] : s.columns) out.columns[c] = t;
                }
                continue;
            }
            out.columns[ascii_lower(output_name(it))] = type_of(it.value, sc);
        }
        return out;
    }
    void add_known(const from_item& f, scope& sc) {
        if (f.joined) {
            add_known(f.joined->first, sc);
            for (const join_clause& j : f.joined->joins) add_known(j.right, sc);
            return;
        }
        source s;
        s.qualifier = f.alias.empty() ? last_part(f.table) : f.alias;
        if (f.subquery) {
            s = output_of(*f.subquery, s.qualifier);
            s.qualifier = f.alias;
        } else if (const table* t = tables_ ? tables_(f.table) : nullptr) {
            for (const column& c : t->columns) s.columns[ascii_lower(c.name)] = c.type;
        } else {
            s.known = false;
        }
        sc.sources.push_back(std::move(s));
    }
    source renamed(const source& src, const std::vector<std::string>& names, const select_query& q,
                   const std::string& name) {
        source out;
        out.what = name;
        out.known = true;
        std::vector<std::optional<sql_type>> types;
        scope sc;
        if (q.from_clause) add_known(*q.from_clause, sc);
        for (const join_clause& j : q.joins) add_known(j.right, sc);
        for (const select_item& it : q.items) types.push_back(type_of(it.value, sc));
        (void)src;
        for (std::size_t i = 0; i < names.size(); ++i)
            out.columns[ascii_lower(names[i])] = i < types.size() ? types[i] : std::nullopt;
        return out;
    }

    // ---------------------------------------------------------------- lateral column aliases (r_SELECT_list)
    // "If there is a column with the same name defined in the FROM clause as the previously aliased expression, the
    // column in the FROM clause takes priority."
    enum class lookup { column, absent, unknown };
    static lookup in_from(const scope& sc, const std::string& name, std::string* unknown_table) {
        bool unknown = false;
        for (const source& s : sc.sources) {
            if (s.columns.count(name)) return lookup::column;
            if (!s.known) {
                unknown = true;
                if (unknown_table) *unknown_table = s.what;
            }
        }
        return unknown ? lookup::unknown : lookup::absent;
    }

    void lateral_aliases(select_query& q, const scope& sc) {
        std::map<std::string, expr> aliases;  // lower-case alias → its (expanded) expression
        auto expanded = [&](const expr& e) {
            expr out = expand(e, aliases, sc);
            if (out == e) return out;
            std::map<const void*, std::size_t> memo;
            const std::size_t before = tree_size(e, memo), after = tree_size(out, memo);
            inlined_ = std::min(inlined_ + (after > before ? after - before : 0), max_inlined_nodes + 1);
            if (inlined_ > max_inlined_nodes)
                untranslatable("lateral column aliases copy more than " + std::to_string(max_inlined_nodes) +
                               " expression nodes into the statement (each use of an alias copies its expression, "
                               "subqueries included): compute the aliased expressions once, in a derived table");
            return out;
        };
        for (select_item& it : q.items) {
            it.value = expanded(it.value);
            if (!it.alias.empty()) aliases[ascii_lower(it.alias)] = it.value;
        }
        if (q.where_clause) q.where_clause = expanded(*q.where_clause);
        if (q.qualify_clause) q.qualify_clause = expanded(*q.qualify_clause);  // a documented choice
    }

    // An alias used twice in the next aliased expression doubles its size: a chain of them (or of subqueries that
    // use them) grows exponentially — the tree shares its nodes, the SQL text would not — so what inlining adds to a
    // statement is bounded (a real statement's aliases add tens of nodes).
    static constexpr std::size_t max_inlined_nodes = 100000;

    // The nodes of e as a tree (shared subtrees counted at each use, subqueries' expressions included), saturating
    // above max_inlined_nodes.
    static std::size_t tree_size(const expr& e, std::map<const void*, std::size_t>& memo) {
        const expr::node& n = e.get();
        const auto hit = memo.find(&n);
        if (hit != memo.end()) return hit->second;
        std::size_t total = 1;
        auto add = [&](std::size_t k) { total = std::min(total + k, max_inlined_nodes + 1); };
        for (const expr& c : n.args) add(tree_size(c, memo));
        for (const expr& c : n.partition_by) add(tree_size(c, memo));
        for (const auto* v : {&n.order_by, &n.within_group, &n.arg_order})
            for (const order_item& o : *v) add(tree_size(o.value, memo));
        if (n.query) add(query_size(*n.query, memo));
        memo.emplace(&n, total);
        return total;
    }
    static std::size_t query_size(const select_query& q, std::map<const void*, std::size_t>& memo) {
        const auto hit = memo.find(&q);
        if (hit != memo.end()) return hit->second;
        std::size_t total = 1;
        auto add = [&](std::size_t k) { total = std::min(total + k, max_inlined_nodes + 1); };
        auto item = [&](const from_item& f) {
            if (f.subquery) add(query_size(*f.subquery, memo));
        };
        for (const common_table& c : q.with_clause)
            if (c.query) add(query_size(*c.query, memo));
        for (const select_item& it : q.items) add(tree_size(it.value, memo));
        if (q.from_clause) item(*q.from_clause);
        for (const join_clause& j : q.joins) {
            item(j.right);
            add(tree_size(j.on, memo));
        }
        for (const auto* c : {&q.where_clause, &q.having_clause, &q.qualify_clause})
            if (*c) add(tree_size(**c, memo));
        for (const expr& g : q.group_by_clause) add(tree_size(g, memo));
        for (const order_item& o : q.order_by_clause) add(tree_size(o.value, memo));
        for (const set_operation& op : q.set_operations)
            if (op.right) add(query_size(*op.right, memo));
        memo.emplace(&q, total);
        return total;
    }

    static expr expand(const expr& e, const std::map<std::string, expr>& aliases, const scope& sc) {
        if (aliases.empty()) return e;
        const expr::node& n = e.get();
        if (n.k == expr::kind::column && n.qualifier.empty()) {
            const std::string name = ascii_lower(n.name);
            const auto it = aliases.find(name);
            if (it == aliases.end()) return e;
            std::string table;
            switch (in_from(sc, name, &table)) {
                case lookup::column: return e;
                case lookup::absent: return it->second;
                case lookup::unknown:
                    untranslatable(n.name + " names an earlier select item (a lateral column alias) or a column of " +
                                   table + ", whose columns no CREATE TABLE of the scripts declares (r_SELECT_list: "
                                   "the column takes priority); declare the table or qualify the name");
            }
        }
        return map_children(e, [&](const expr& c) { return expand(c, aliases, sc); });
    }

    // Rebuilds e with f applied to each child expression (not into nested queries).
    template <class F>
    static expr map_children(const expr& e, F&& f) {
        const expr::node& n = e.get();
        bool changed = false;
        expr::node out = n;
        auto each = [&](std::vector<expr>& v) {
            for (expr& x : v) {
                expr y = f(x);
                if (!(y == x)) changed = true;
                x = std::move(y);
            }
        };
        auto each_order = [&](std::vector<order_item>& v) {
            for (order_item& o : v) {
                expr y = f(o.value);
                if (!(y == o.value)) changed = true;
                o.value = std::move(y);
            }
        };
        each(out.args);
        each(out.partition_by);
        each_order(out.order_by);
        each_order(out.within_group);
        each_order(out.arg_order);
        return changed ? make(std::move(out)) : e;
    }

    // ---------------------------------------------------------------- types (as far as they are known)
    std::optional<sql_type> column_type(const expr::node& n, const scope& sc) const {
        const std::string name = ascii_lower(n.name);
        for (const scope* s = &sc; s; s = s->outer) {
            std::optional<sql_type> found;
            int hits = 0;
            for (const source& src : s->sources) {
                if (!n.qualifier.empty() && !iequals(src.qualifier, last_part(n.qualifier))) continue;
                const auto it = src.columns.find(name);
                if (it != src.columns.end()) {
                    found = it->second;
                    ++hits;
                }
            }
            if (hits == 1) return found;
            if (hits > 1) return std::nullopt;
        }
        return std::nullopt;
    }

    std::optional<sql_type> type_of(const expr& e, const scope& sc) const {
        const expr::node& n = e.get();
        switch (n.k) {
            case expr::kind::column: return column_type(n, sc);
            case expr::kind::literal:
                if (std::holds_alternative<std::int64_t>(n.literal)) return integer();
                if (std::holds_alternative<double>(n.literal)) return decimal(38, 10);
                if (std::holds_alternative<bool>(n.literal)) return boolean();
                return std::nullopt;  // a string literal takes the other operand's type in both databases
            case expr::kind::cast: return n.cast_type;
            case expr::kind::typed_literal:
                if (n.name == "DATE") return date();
                if (n.name == "TIMESTAMP") return timestamp();
                if (n.name == "TIMESTAMPTZ") return timestamptz();
                return std::nullopt;
            case expr::kind::keyword:
                if (n.name == "SYSDATE" || n.name == "LOCALTIMESTAMP") return timestamp();
                if (n.name == "CURRENT_DATE") return date();
                return std::nullopt;
            case expr::kind::extract: return integer();
            case expr::kind::binary: {
                if (n.bop == binary_op::concat) return varchar_max();
                const bool arith = n.bop == binary_op::add || n.bop == binary_op::sub || n.bop == binary_op::mul ||
                                   n.bop == binary_op::div || n.bop == binary_op::mod;
                if (!arith) return boolean();
                const auto a = type_of(n.args[0], sc), b = type_of(n.args[1], sc);
                if (is_num(a) && is_num(b)) return a->kind == type_kind::decimal ? a : b;
                if (is_dt(a) && !is_dt(b)) return a;
                return std::nullopt;
            }
            case expr::kind::function: {
                std::string f = ascii_upper(n.name);
                const std::string schema = ascii_upper(std::string(redshift_functions_schema) + ".");
                if (f.rfind(schema, 0) == 0) f = f.substr(schema.size());
                if (f == "STRING_AGG") return varchar_max();
                if (f == "COUNT") return bigint();
                if (f == "GETDATE" || f == "DATEADD" || f == "CONVERT_TIMEZONE") return timestamp();
                if (f == "TRUNC" && n.args.size() == 1 && is_dt(type_of(n.args[0], sc))) return date();
                if (f == "DATE_PART" || f == "DATEPART") return double_precision();
                if (f == "DATEDIFF" || f == "LEN" || f == "LENGTH" || f == "CHARINDEX") return bigint();
                if ((f == "MAX" || f == "MIN" || f == "NVL" || f == "COALESCE") && !n.args.empty())
                    return type_of(n.args[0], sc);
                return std::nullopt;
            }
            default: return std::nullopt;
        }
    }

    // ---------------------------------------------------------------- implicit conversions (c_Supported_data_types)
    // In a comparison: a character value and a DECIMAL → the string is converted to DECIMAL; a character value and
    // any other number → the number is converted to a character string; a character value and a date or time → the
    // string is converted to the date or time type. In arithmetic: the character operand takes the numeric operand's
    // type (a documented choice: Redshift's page names comparisons only).
    expr conversions(const expr& e, const scope& sc) const {
        const expr::node& n = e.get();
        auto convert_pair = [&](const expr& a, const expr& b, bool comparison) -> std::pair<expr, expr> {
            const auto ta = type_of(a, sc), tb = type_of(b, sc);
            if (is_char(ta) && (is_num(tb) || is_dt(tb))) {
                if (comparison && is_num(tb) && tb->kind != type_kind::decimal)
                    return {a, cast(b, varchar(256))};
                return {cast(a, *tb), b};
            }
            if (is_char(tb) && (is_num(ta) || is_dt(ta))) {
                if (comparison && is_num(ta) && ta->kind != type_kind::decimal)
                    return {cast(a, varchar(256)), b};
                return {a, cast(b, *ta)};
            }
            return {a, b};
        };
        if (n.k == expr::kind::binary && n.bop == binary_op::add && n.args.size() == 2) {
            // r_NVL2's example: firstname + ' ' + lastname concatenates character strings
            auto stringy = [&](const expr& x) {
                return is_char(type_of(x, sc)) || (x.what() == expr::kind::literal &&
                                                   std::holds_alternative<std::string>(x.get().literal));
            };
            const bool a_char = is_char(type_of(n.args[0], sc)), b_char = is_char(type_of(n.args[1], sc));
            if ((a_char || b_char) && stringy(n.args[0]) && stringy(n.args[1]))
                return binary(binary_op::concat, n.args[0], n.args[1]);
        }
        if (n.k == expr::kind::binary && n.args.size() == 2 && n.bop != binary_op::and_ && n.bop != binary_op::or_ &&
            n.bop != binary_op::concat && n.bop != binary_op::like) {
            const bool comparison = n.bop == binary_op::eq || n.bop == binary_op::ne || n.bop == binary_op::lt ||
                                    n.bop == binary_op::le || n.bop == binary_op::gt || n.bop == binary_op::ge;
            auto [a, b] = convert_pair(n.args[0], n.args[1], comparison);
            if (a == n.args[0] && b == n.args[1]) return e;
            return binary(n.bop, a, b);
        }
        if (n.k == expr::kind::in_list || n.k == expr::kind::between) {
            expr::node out = n;
            bool changed = false;
            for (std::size_t i = 1; i < out.args.size(); ++i) {
                auto [a, b] = convert_pair(out.args[0], out.args[i], true);
                if (!(b == out.args[i])) {
                    out.args[i] = b;
                    changed = true;
                }
                if (!(a == out.args[0])) {
                    out.args[0] = a;
                    changed = true;
                }
            }
            return changed ? make(std::move(out)) : e;
        }
        return e;
    }

    // The value assigned to a column of type `target` (INSERT, UPDATE): a character value into a number, date or
    // time column is converted to the column's type (c_Supported_data_types, "Implicit conversions in assignments").
    expr assigned(const expr& value, const std::optional<sql_type>& target, const scope& sc) const {
        if (!target) return value;
        const auto t = type_of(value, sc);
        if (is_char(t) && (is_numeric(target->kind) || is_dt(target) || target->kind == type_kind::boolean))
            return cast(value, *target);
        return value;
    }

    std::optional<sql_type> target_type(const std::string& table_name, const std::vector<std::string>& columns,
                                        std::size_t i) const {
        const table* t = tables_ ? tables_(table_name) : nullptr;
        if (!t) return std::nullopt;
        if (columns.empty()) {
            if (i < t->columns.size()) return t->columns[i].type;
            return std::nullopt;
        }
        if (i >= columns.size()) return std::nullopt;
        for (const column& c : t->columns)
            if (iequals(c.name, columns[i])) return c.type;
        return std::nullopt;
    }

    void assign_casts(const std::string& table_name, const std::vector<std::string>& columns, select_query& q) {
        if (!q.set_operations.empty()) return;
        for (const select_item& it : q.items)
            if (it.value.what() == expr::kind::star) return;
        scope sc;
        if (q.from_clause) add_known(*q.from_clause, sc);
        for (const join_clause& j : q.joins) add_known(j.right, sc);
        for (std::size_t i = 0; i < q.items.size(); ++i) {
            expr v = assigned(q.items[i].value, target_type(table_name, columns, i), sc);
            if (!(v == q.items[i].value) && q.items[i].alias.empty() && q.items[i].value.what() == expr::kind::column)
                q.items[i].alias = q.items[i].value.get().name;  // keep the output name a CAST would lose
            q.items[i].value = std::move(v);
        }
    }

    // ---------------------------------------------------------------- one expression, bottom-up
    expr rewrite(const expr& e, const scope& sc, const cte_env* ctes) {
        expr x = map_children(e, [&](const expr& c) { return rewrite(c, sc, ctes); });
        const expr::node& n = x.get();
        if (n.query) {
            expr::node out = n;
            out.query = std::make_shared<select_query>(query(*n.query, &sc, ctes));
            x = make(std::move(out));
        }
        x = conversions(x, sc);
        return functions(x, sc, ctes);
    }

    static expr part_text(const expr& part, const std::string& function) {
        const expr::node& p = part.get();
        std::string spelling = p.k == expr::kind::datepart ? p.name : std::string();
        if (p.k == expr::kind::literal)
            if (const auto* s = std::get_if<std::string>(&p.literal)) spelling = *s;
        const auto canon = canonical_datepart(spelling);
        if (!canon)
            untranslatable(function + ": '" + spelling +
                           "' is not a date part Redshift accepts (r_Dateparts_for_datetime_functions)");
        return lit(*canon);
    }
    static expr provided(const std::string& name, std::vector<expr> args) {
        expr::node n;
        n.k = expr::kind::function;
        n.name = std::string(redshift_functions_schema) + "." + name;
        n.args = std::move(args);
        return make(std::move(n));
    }

    expr functions(const expr& e, const scope& sc, const cte_env* /*ctes*/) const {
        const expr::node& n = e.get();
        if (n.k == expr::kind::keyword && n.name == "SYSDATE") {
            expr::node out = n;
            out.name = "LOCALTIMESTAMP";  // r_SYSDATE: the start of the current transaction, as a TIMESTAMP
            return make(std::move(out));
        }
        if (n.k == expr::kind::extract) return extract_sql(n, sc);
        if (n.k != expr::kind::function && n.k != expr::kind::window) return e;
        const std::string& f = n.name;
        const std::size_t argc = n.args.size();
        auto with = [&](std::string name, std::vector<expr> args) {
            expr::node out = n;
            out.name = std::move(name);
            out.args = std::move(args);
            return make(std::move(out));
        };
        auto need = [&](std::size_t lo, std::size_t hi) {
            if (argc < lo || argc > hi)
                untranslatable(f + " takes " + std::to_string(lo) + (lo == hi ? "" : ".." + std::to_string(hi)) +
                               " arguments, not " + std::to_string(argc));
        };
        if (f == "NVL") {  // r_NVL_function: the first non-null argument
            need(2, 64);
            return with("COALESCE", n.args);
        }
        if (f == "NVL2") {  // r_NVL2: expression IS NOT NULL ? not_null_value : null_value
            need(3, 3);
            return case_when({{is_not_null(n.args[0]), n.args[1]}}, n.args[2]);
        }
        if (f == "DECODE") {  // r_DECODE_expression: NULL matches NULL
            need(3, 255);
            std::vector<std::pair<expr, expr>> arms;
            std::size_t i = 1;
            for (; i + 1 < argc; i += 2)
                arms.emplace_back(decode_match(n.args[0], n.args[i]), n.args[i + 1]);
            std::optional<expr> otherwise;
            if (i < argc) otherwise = n.args[i];
            return case_when(std::move(arms), otherwise);
        }
        if (f == "GETDATE") {
            need(0, 0);
            return provided("getdate", {});
        }
        if (f == "DATEADD" || f == "DATEDIFF") {
            need(3, 3);
            return with(std::string(redshift_functions_schema) + "." + ascii_lower(f),
                        {part_text(n.args[0], f), n.args[1], n.args[2]});
        }
        if (f == "DATE_PART" || f == "DATEPART") {  // r_DATE_PART_function: DOUBLE PRECISION, like date_part
            need(2, 2);
            return with("DATE_PART", {part_text(n.args[0], f), n.args[1]});
        }
        if (f == "DATE_TRUNC") {
            need(2, 2);
            return with("DATE_TRUNC", {part_text(n.args[0], f), n.args[1]});
        }
        if (f == "TRUNC" && argc == 1 && is_dt(type_of(n.args[0], sc)))
            return provided("trunc", n.args);  // r_TRUNC_date
        if (f == "LEN" || f == "CHARINDEX" || f == "STRTOL" || f == "MONTHS_BETWEEN" || f == "ADD_MONTHS" ||
            f == "CONVERT_TIMEZONE" || f == "MEDIAN")
            return with(std::string(redshift_functions_schema) + "." + ascii_lower(f), n.args);
        if (n.nulls == "RESPECT NULLS") {  // the default in both
            expr::node out = n;
            out.nulls.clear();
            return functions(make(std::move(out)), sc, nullptr);
        }
        if (n.nulls == "IGNORE NULLS")
            untranslatable(f + " … IGNORE NULLS: PostgreSQL 15's window functions have no IGNORE NULLS; filter the "
                               "NULL rows in a derived table, or use MAX/MIN over a frame");
        if ((f == "COUNT" || f == "PERCENTILE_DISC") && n.approximate) {
            // r_COUNT, r_APPROXIMATE_PERCENTILE_DISC: the exact value is what the approximation estimates
            expr::node out = n;
            out.approximate = false;
            return make(std::move(out));
        }
        if (f == "LISTAGG") return listagg(n);
        if (n.approximate) untranslatable("APPROXIMATE " + f);
        return e;
    }

    // a = b, or both NULL (r_DECODE_expression: "If the expression value and the search value are both NULL, the
    // DECODE result is the corresponding result value").
    static expr decode_match(const expr& a, const expr& b) { return or_({eq(a, b), and_({is_null(a), is_null(b)})}); }

    // r_LISTAGG: NULLs and empty strings are ignored; the delimiter defaults to none; WITHIN GROUP orders the values.
    static expr listagg(const expr::node& n) {
        if (n.args.empty() || n.args.size() > 2) untranslatable("LISTAGG takes one or two arguments");
        expr value = fn("NULLIF", {n.args[0], lit("")});
        expr::node out = n;
        out.name = "STRING_AGG";
        out.args = {value, n.args.size() == 2 ? n.args[1] : lit("")};
        out.arg_order = n.within_group;
        if (n.distinct)
            for (order_item& o : out.arg_order)
                if (o.value == n.args[0]) o.value = value;
        out.within_group.clear();
        return make(std::move(out));
    }

    // r_EXTRACT_function: INTEGER for TIMESTAMP and TIME sources, "the specified date part only" (seconds without
    // their fraction, milliseconds and microseconds without the whole seconds).
    expr extract_sql(const expr::node& n, const scope& sc) const {
        const auto canon = canonical_datepart(n.name);
        if (!canon)
            untranslatable("EXTRACT: '" + n.name + "' is not a date part Redshift accepts "
                           "(r_Dateparts_for_datetime_functions)");
        const expr& source = n.args.at(0);
        const auto t = type_of(source, sc);
        if (t && (t->kind == type_kind::timestamptz)) return cast(extract(*canon, source), double_precision());
        if (*canon == "second")
            return cast(fn("FLOOR", {extract("second", source)}), integer());
        if (*canon == "millisecond")
            return binary(binary_op::mod, cast(fn("FLOOR", {extract("milliseconds", source)}), integer()), lit(1000));
        if (*canon == "microsecond")
            return binary(binary_op::mod, cast(fn("FLOOR", {extract("microseconds", source)}), integer()), lit(1000));
        if (*canon == "epoch") return cast(fn("FLOOR", {extract("epoch", source)}), bigint());
        // The whole-number fields already render as INTEGER on PostgreSQL (detail::postgres_integer_extract).
        if (detail::postgres_integer_extract(*canon)) return extract(*canon, source);
        return cast(extract(*canon, source), integer());
    }

    // ---------------------------------------------------------------- DML
    // The scope of a statement on `table` (its columns under `alias` or its name).
    scope target_scope(const std::string& table_name, const std::string& alias) {
        scope sc;
        from_item self;
        self.table = table_name;
        self.alias = alias;
        (void)from(self, sc, nullptr, &no_ctes_);
        return sc;
    }
    std::optional<sql_type> column_of(const std::string& table_name, const std::string& column_name) const {
        if (const table* t = tables_ ? tables_(table_name) : nullptr)
            for (const column& c : t->columns)
                if (iequals(c.name, column_name)) return c.type;
        return std::nullopt;
    }
    // SET column = value, …: translated, a string converted to the column's type.
    void assignments(const std::string& table_name, std::vector<std::pair<std::string, expr>>& set, const scope& sc) {
        for (auto& [column_name, value] : set)
            value = assigned(rewrite(value, sc, &no_ctes_), column_of(table_name, column_name), sc);
    }

    update_statement update(const update_statement& in) {
        update_statement u = in;
        u.table = without_database(u.table);
        scope sc = target_scope(in.table, in.alias);
        for (from_item& f : u.from_items) f = from(f, sc, nullptr, &no_ctes_);
        assignments(in.table, u.assignments, sc);
        if (u.where_clause) u.where_clause = rewrite(*u.where_clause, sc, &no_ctes_);
        return u;
    }

    delete_statement delete_(const delete_statement& in) {
        delete_statement d = in;
        d.table = without_database(d.table);
        scope sc = target_scope(in.table, {});
        if (d.using_item) d.using_item = from(*d.using_item, sc, nullptr, &no_ctes_);
        for (from_item& f : d.more_using) f = from(f, sc, nullptr, &no_ctes_);
        if (d.where_clause) d.where_clause = rewrite(*d.where_clause, sc, &no_ctes_);
        return d;
    }

    // r_MERGE: the same statement in PostgreSQL 15; its expressions translated, assignments converted.
    merge_statement merge(const merge_statement& in) {
        merge_statement m = in;
        m.table = without_database(m.table);
        scope sc = target_scope(in.table, {});
        m.source = from(in.source, sc, nullptr, &no_ctes_);
        m.on = rewrite(m.on, sc, &no_ctes_);
        assignments(in.table, m.matched_set, sc);
        for (std::size_t i = 0; i < m.insert_values.size(); ++i)
            m.insert_values[i] = assigned(rewrite(m.insert_values[i], sc, &no_ctes_),
                                          target_type(in.table, in.insert_columns, i), sc);
        return m;
    }

    const table_finder& tables_;
    const cte_env no_ctes_;
    int derived_ = 0;
    std::size_t inlined_ = 0;  // expression nodes lateral aliases added to the statement
};

}  // namespace

std::optional<std::string> canonical_datepart(std::string_view spelling) {
    // r_Dateparts_for_datetime_functions: every name and abbreviation of each date part.
    static const std::map<std::string, std::string> parts = {
        {"millennium", "millennium"}, {"millennia", "millennium"}, {"mil", "millennium"}, {"mils", "millennium"},
        {"century", "century"}, {"centuries", "century"}, {"c", "century"}, {"cent", "century"}, {"cents", "century"},
        {"decade", "decade"}, {"decades", "decade"}, {"dec", "decade"}, {"decs", "decade"},
        {"epoch", "epoch"},
        {"year", "year"}, {"years", "year"}, {"y", "year"}, {"yr", "year"}, {"yrs", "year"},
        {"quarter", "quarter"}, {"quarters", "quarter"}, {"qtr", "quarter"}, {"qtrs", "quarter"},
        {"month", "month"}, {"months", "month"}, {"mon", "month"}, {"mons", "month"},
        {"week", "week"}, {"weeks", "week"}, {"w", "week"},
        {"dayofweek", "dow"}, {"dow", "dow"}, {"dw", "dow"}, {"weekday", "dow"},
        {"dayofyear", "doy"}, {"doy", "doy"}, {"dy", "doy"}, {"yearday", "doy"},
        {"day", "day"}, {"days", "day"}, {"d", "day"},
        {"hour", "hour"}, {"hours", "hour"}, {"h", "hour"}, {"hr", "hour"}, {"hrs", "hour"},
        {"minute", "minute"}, {"minutes", "minute"}, {"m", "minute"}, {"min", "minute"}, {"mins", "minute"},
        {"second", "second"}, {"seconds", "second"}, {"s", "second"}, {"sec", "second"}, {"secs", "second"},
        {"millisecond", "millisecond"}, {"milliseconds", "millisecond"}, {"ms", "millisecond"},
        {"msec", "millisecond"}, {"msecs", "millisecond"}, {"msecond", "millisecond"}, {"mseconds", "millisecond"},
        {"millisec", "millisecond"}, {"millisecs", "millisecond"}, {"millisecon", "millisecond"},
        {"microsecond", "microsecond"}, {"microseconds", "microsecond"}, {"microsec", "microsecond"},
        {"microsecs", "microsecond"}, {"usecond", "microsecond"}, {"useconds", "microsecond"},
        {"us", "microsecond"}, {"usec", "microsecond"}, {"usecs", "microsecond"},
        {"timezone", "timezone"}, {"timezone_hour", "timezone_hour"}, {"timezone_minute", "timezone_minute"}};
    const auto it = parts.find(ascii_lower(spelling));
    if (it == parts.end()) return std::nullopt;
    return it->second;
}

statement to_postgres(const statement& s, const table_finder& tables) { return translator(tables).run(s); }

}  // namespace starshift::sql
