// Column resolution through aliases, derived tables and CTEs (include/starshift/tune/detail/column_resolver.hpp).
#include "starshift/tune/detail/column_resolver.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "starshift/common/text.hpp"

namespace starshift::tune::detail {

void column_resolver::add_entry(std::vector<scope_entry>& scope, const from_item& f) const {
    scope_entry e;
    if (f.joined) {  // a parenthesized join: its tables are not looked into, nothing resolves to it
        scope.push_back(std::move(e));
        return;
    }
    if (!f.unnests.empty()) {
        const std::string head = ascii_lower(f.unnests.substr(0, f.unnests.find('.')));
        for (auto it = scope.rbegin(); it != scope.rend(); ++it)
            if (ascii_lower(it->name) == head) {
                e.base = it->base;
                e.sub = it->sub;
                break;
            }
        e.unnested = true;
        e.name = f.alias.empty() ? std::string(last_name_part(f.unnests)) : f.alias;
        scope.push_back(std::move(e));
        return;
    }
    if (f.subquery) {
        e.sub = f.subquery.get();
        e.name = f.alias;
    } else {
        std::string_view name = f.table;
        e.base = find_(name);
        if (!e.base) {
            const auto dot = name.rfind('.');
            if (dot != std::string_view::npos) e.base = find_(name.substr(dot + 1));
        }
        if (!e.base && name.find('.') == std::string_view::npos) {
            for (auto it = ctes_.rbegin(); it != ctes_.rend() && !e.sub; ++it)
                if (ascii_lower((*it)->name) == ascii_lower(name)) e.sub = (*it)->query.get();
        }
        e.name = f.alias.empty() ? std::string(last_name_part(name)) : f.alias;
    }
    scope.push_back(std::move(e));
}

// (model column, index of the scope entry) for a column expression.
std::optional<std::pair<column_ref, std::size_t>> column_resolver::resolve_in(const std::vector<scope_entry>& scope,
                                                                         const expr& e, const select_query* owner,
                                                                         int depth) const {
    if (depth > 32 || e.what() != expr::kind::column) return std::nullopt;
    const auto& n = e.get();
    if (!n.qualifier.empty()) {
        std::optional<std::size_t> hit;
        for (std::size_t i = 0; i < scope.size(); ++i) {
            const std::string& q = n.qualifier;
            const bool match = ascii_lower(scope[i].name) == ascii_lower(q) ||
                               (scope[i].base && !scope[i].unnested &&
                                ascii_lower(scope[i].base->qualified_name()) == ascii_lower(q));
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
        if (scope[i].unnested) continue;  // its base's columns are the earlier entry's
        const bool has = scope[i].base ? scope[i].base->find(n.name) != nullptr
                                       : (scope[i].sub && output(*scope[i].sub, n.name) != nullptr);
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
        if (target && target->what() == expr::kind::column &&
            !(target->get().qualifier.empty() && ascii_lower(target->get().name) == ascii_lower(n.name)))
            return resolve_in(scope, *target, nullptr, depth + 1);
    }
    return std::nullopt;
}

// The select item of `q` named `column` (its alias, or a plain column's own name when not aliased).
const select_item* column_resolver::output(const select_query& q, std::string_view column) {
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

std::optional<column_ref> column_resolver::column_of(const scope_entry& e, const std::string& name, int depth) const {
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

}  // namespace starshift::tune::detail
