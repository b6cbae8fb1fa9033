// The output columns of a parsed query, for CREATE TABLE … AS and CREATE MATERIALIZED VIEW (docs/parse.md).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parse_detail.hpp"
#include "starshift/common/text.hpp"

namespace starshift::parse {
namespace {

// A FROM item as the select list sees it: the name it is referred to by and its columns.
struct source {
    std::string name;  // alias, else the table's last name part
    std::string table_name;  // the table's own name (unqualified), for `table.column` written without an alias
    std::vector<column> columns;
    bool elements = false;  // an unnested SUPER array (r_SUPER_unnesting): any `alias.name` is a SUPER value
};

struct scope {
    std::vector<source> sources;
    bool complete = true;  // every FROM item's columns are known
};

using cte_list = std::vector<std::pair<std::string, std::vector<column>>>;

std::optional<std::vector<column>> columns_of(const select_query& q, const table_lookup& known, cte_list ctes,
                                              int depth);

void add_source(scope& s, const from_item& f, const table_lookup& known, const cte_list& ctes, int depth) {
    source src;
    if (f.joined) {  // ( a JOIN b … ): its tables, each under its own name
        add_source(s, f.joined->first, known, ctes, depth);
        for (const auto& j : f.joined->joins) add_source(s, j.right, known, ctes, depth);
        return;
    }
    if (!f.unnests.empty()) {  // c.c_orders o AT i: the elements (SUPER) and their index (INTEGER)
        src.name = f.alias.empty() ? std::string(last_name_part(f.unnests)) : f.alias;
        src.elements = true;
        if (!f.at_alias.empty()) {
            column index;
            index.name = f.at_alias;
            index.type = integer();
            src.columns.push_back(std::move(index));
        }
        s.sources.push_back(std::move(src));
        return;
    }
    if (f.subquery) {
        auto cols = columns_of(*f.subquery, known, ctes, depth + 1);
        if (!cols) s.complete = false;
        else src.columns = std::move(*cols);
        src.name = f.alias;
        s.sources.push_back(std::move(src));
        return;
    }
    src.table_name = last_name_part(f.table);
    src.name = f.alias.empty() ? src.table_name : f.alias;
    bool found = false;
    if (f.table.find('.') == std::string::npos)
        for (auto it = ctes.rbegin(); it != ctes.rend() && !found; ++it)
            if (ascii_lower(it->first) == ascii_lower(f.table)) {
                src.columns = it->second;
                found = true;
            }
    if (!found) {
        const table* t = known ? known(f.table) : nullptr;
        if (t && !t->columns.empty()) src.columns = t->columns;
        else s.complete = false;
    }
    s.sources.push_back(std::move(src));
}

const column* find_column(const std::vector<column>& cols, const std::string& name) {
    for (const auto& c : cols)
        if (ascii_lower(c.name) == ascii_lower(name)) return &c;
    return nullptr;
}

// The column a (qualified or plain) reference names, when exactly one FROM item has it.
std::optional<column> resolve(const scope& s, const expr& e) {
    const auto& n = e.get();
    const column* hit = nullptr;
    for (const auto& src : s.sources) {
        if (!n.qualifier.empty()) {
            const std::string q = ascii_lower(last_name_part(n.qualifier));
            if (ascii_lower(src.name) != q && ascii_lower(src.table_name) != q) continue;
            if (src.elements && !find_column(src.columns, n.name)) {  // o.o_orderstatus: an element's attribute
                column out;
                out.name = n.name;
                out.type = super();
                return out;
            }
        }
        if (const column* c = find_column(src.columns, n.name)) {
            if (hit) return std::nullopt;  // ambiguous
            hit = c;
        }
    }
    if (!hit) return std::nullopt;
    column out;
    out.name = hit->name;
    out.type = hit->type;
    return out;
}

// One select item's column (name and type), or nullopt.
std::optional<column> item_column(const scope& s, const select_item& it) {
    const expr& v = it.value;
    std::optional<column> out;
    switch (v.what()) {
        case expr::kind::column: out = resolve(s, v); break;
        case expr::kind::subscript:
        case expr::kind::member: {  // c.c_orders[0].o_orderkey: a SUPER value, named by its last attribute
            column c;
            c.type = super();
            if (v.what() == expr::kind::member) c.name = v.get().name;
            out = c;
            break;
        }
        case expr::kind::cast: {
            column c;
            c.type = v.get().cast_type;
            if (!v.get().args.empty() && v.get().args[0].what() == expr::kind::column)
                c.name = v.get().args[0].get().name;
            out = c;
            break;
        }
        case expr::kind::function: {
            const std::string f = ascii_lower(v.get().name);
            column c;
            c.name = f;
            if (f == "count") {
                c.type = bigint();
                out = c;
            } else if ((f == "min" || f == "max") && v.get().args.size() == 1 &&
                       v.get().args[0].what() == expr::kind::column) {
                if (auto a = resolve(s, v.get().args[0])) {
                    c.type = a->type;
                    out = c;
                }
            }
            break;
        }
        default: break;
    }
    if (!out) return std::nullopt;
    if (!it.alias.empty()) out->name = it.alias;
    if (out->name.empty()) return std::nullopt;
    return out;
}

std::optional<std::vector<column>> columns_of(const select_query& q, const table_lookup& known, cte_list ctes,
                                              int depth) {
    if (depth > static_cast<int>(max_query_depth)) return std::nullopt;
    for (const auto& c : q.with_clause) {
        if (!c.query) return std::nullopt;
        auto cols = columns_of(*c.query, known, ctes, depth + 1);
        if (!cols) return std::nullopt;
        if (!c.columns.empty()) {
            if (c.columns.size() != cols->size()) return std::nullopt;
            for (std::size_t i = 0; i < cols->size(); ++i) (*cols)[i].name = c.columns[i];
        }
        ctes.emplace_back(c.name, std::move(*cols));
    }
    scope s;
    if (q.from_clause) add_source(s, *q.from_clause, known, ctes, depth);
    for (const auto& j : q.joins) add_source(s, j.right, known, ctes, depth);
    std::vector<column> out;
    for (const auto& it : q.items) {
        if (it.value.what() == expr::kind::star) {
            if (!s.complete) return std::nullopt;
            const std::string& qual = it.value.get().qualifier;
            bool any = false;
            for (const auto& src : s.sources) {
                if (!qual.empty() && ascii_lower(src.name) != ascii_lower(last_name_part(qual)) &&
                    ascii_lower(src.table_name) != ascii_lower(last_name_part(qual)))
                    continue;
                if (src.elements) return std::nullopt;  // the elements' attributes are not known
                any = true;
                for (const auto& c : src.columns) {
                    column k;
                    k.name = c.name;
                    k.type = c.type;
                    out.push_back(std::move(k));
                }
            }
            if (!any) return std::nullopt;
            continue;
        }
        auto c = item_column(s, it);
        if (!c) return std::nullopt;
        out.push_back(std::move(*c));
    }
    if (out.empty()) return std::nullopt;
    return out;
}

}  // namespace

std::optional<std::vector<column>> query_columns(const select_query& q, const table_lookup& known) {
    return columns_of(q, known, {}, 0);
}

}  // namespace starshift::parse
