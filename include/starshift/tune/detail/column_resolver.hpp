// Resolves a column expression of a SELECT to a model table's column and to the FROM item (scope entry) it comes
// through: aliases, derived tables (a subquery's output column that is a plain column of its own FROM items) and
// CTEs (WITH names pushed by the caller). Shared by the workload (src/tune/workload.cpp) and the plan predictor
// (src/tune/query_plan.cpp). Anything ambiguous or unresolved gives no result, never a wrong table.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "starshift/model/query.hpp"
#include "starshift/model/table.hpp"
#include "starshift/tune/workload.hpp"

namespace starshift::tune::detail {

// One FROM item as resolution sees it: a base table, a derived table or CTE (sub), or neither (a parenthesized join,
// an unknown table, an unnesting of an unknown item).
struct scope_entry {
    std::string name;  // alias, or the table's name when not aliased
    const table* base = nullptr;
    const select_query* sub = nullptr;
    // `c.c_orders o` (r_SUPER_unnesting): the elements of an earlier entry's SUPER column; base/sub are that entry's,
    // and the plan has no join for it (Redshift navigates inside the earlier entry's scan).
    bool unnested = false;
};

// The terms of a chain of `op` (AND, OR) in `e`, left to right; `e` itself when it is no such chain.
inline void flatten(const expr& e, binary_op op, std::vector<expr>& out) {
    if (e.what() == expr::kind::binary && e.get().bop == op) {
        for (const expr& a : e.get().args) flatten(a, op, out);
    } else {
        out.push_back(e);
    }
}

class column_resolver {
public:
    using table_finder = std::function<const table*(std::string_view)>;
    explicit column_resolver(table_finder find) : find_(std::move(find)) {}

    // WITH names visible to add_entry (the innermost pushed last wins).
    void push_ctes(const std::vector<common_table>& with) {
        for (const common_table& c : with) ctes_.push_back(&c);
    }
    void pop_ctes(std::size_t n) { ctes_.resize(ctes_.size() > n ? ctes_.size() - n : 0); }

    void add_entry(std::vector<scope_entry>& scope, const from_item& f) const;

    // (model column, index of the scope entry) for a column expression; `owner` lets a select-item alias resolve.
    [[nodiscard]] std::optional<std::pair<column_ref, std::size_t>> resolve_in(const std::vector<scope_entry>& scope,
                                                                             const expr& e, const select_query* owner,
                                                                             int depth = 0) const;

    // The select item of `q` named `column` (its alias, or a plain column's own name when not aliased).
    [[nodiscard]] static const select_item* output(const select_query& q, std::string_view column);

    [[nodiscard]] std::optional<column_ref> column_of(const scope_entry& e, const std::string& name, int depth) const;

private:
    table_finder find_;
    std::vector<const common_table*> ctes_;
};

}  // namespace starshift::tune::detail
