#include "starshift/tune/plan_compare.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "starshift/common/text.hpp"

namespace starshift::tune {
namespace {

bool is_join(const plan_step& s) {
    const auto& op = s.op;
    return s.children.size() == 2 &&
           (op == "Nested Loop" || (op.size() >= 4 && op.compare(op.size() - 4, 4, "Join") == 0));
}

// "Spectrum.\"Sales\"" → "sales"; a materialized view's table as Redshift names it ("mv_tbl__super_mv__0") → the view
// ("super_mv").
std::string table_name(const std::string& relation) {
    std::string out;
    for (const char c : relation) {
        if (c == '"') continue;
        if (c == '.') {
            out.clear();
            continue;
        }
        out += ascii_lower(c);
    }
    const std::string prefix = "mv_tbl__";
    const auto tail = out.rfind("__");
    if (out.compare(0, prefix.size(), prefix) == 0 && tail != std::string::npos && tail > prefix.size()) {
        out = out.substr(prefix.size(), tail - prefix.size());
    }
    return out;
}

// The tables under step `i`: a step naming a relation stands for its whole subtree (an S3 Query Scan over its S3 Seq
// Scan counts once).
void tables_under(const distributed_plan& plan, std::size_t i, std::vector<std::string>& out) {
    const auto& s = plan.steps[i];
    if (!s.relation.empty()) {
        out.push_back(table_name(s.relation));
        return;
    }
    for (const auto c : s.children) tables_under(plan, c, out);
}

std::vector<std::string> sorted_tables(const distributed_plan& plan, std::size_t i) {
    std::vector<std::string> out;
    tables_under(plan, i, out);
    std::sort(out.begin(), out.end());
    return out;
}

bool same_sides(const plan_join& a, const plan_join& b) {
    return (a.outer == b.outer && a.inner == b.inner) || (a.outer == b.inner && a.inner == b.outer);
}

std::string join_list(const std::vector<std::string>& names) {
    std::string out = "{";
    for (std::size_t i = 0; i < names.size(); ++i) out += (i == 0 ? "" : ", ") + names[i];
    return out + "}";
}

// A printed table name the prediction does not use that begins exactly one predicted table's name stands for it:
// STL_EXPLAIN's substring() cuts names ("Seq Scan on eve").
void complete_cut_names(std::vector<plan_join>& joins, const std::vector<plan_join>& predicted) {
    std::vector<std::string> known;
    for (const auto& j : predicted) {
        known.insert(known.end(), j.outer.begin(), j.outer.end());
        known.insert(known.end(), j.inner.begin(), j.inner.end());
    }
    const auto complete = [&](std::vector<std::string>& names) {
        for (auto& n : names) {
            if (std::find(known.begin(), known.end(), n) != known.end()) continue;
            std::vector<std::string> longer;
            for (const auto& k : known) {
                if (k.compare(0, n.size(), n) == 0 && std::find(longer.begin(), longer.end(), k) == longer.end()) {
                    longer.push_back(k);
                }
            }
            if (longer.size() == 1) n = longer.front();
        }
        std::sort(names.begin(), names.end());
    };
    for (auto& j : joins) {
        complete(j.outer);
        complete(j.inner);
    }
}

}  // namespace

std::vector<plan_join> joins_of(const distributed_plan& plan) {
    std::vector<plan_join> out;
    for (std::size_t i = 0; i < plan.steps.size(); ++i) {
        const auto& s = plan.steps[i];
        if (!is_join(s)) continue;
        out.push_back({i, sorted_tables(plan, s.children[0]), sorted_tables(plan, s.children[1])});
    }
    return out;
}

plan_comparison compare_plans(const distributed_plan& predicted, const distributed_plan& actual) {
    const auto predicted_joins = joins_of(predicted);
    auto actual_joins = joins_of(actual);
    complete_cut_names(actual_joins, predicted_joins);
    std::vector<std::optional<std::size_t>> match_of(actual_joins.size());  // actual join → predicted join
    std::vector<join_match> how(actual_joins.size(), join_match::same_sides);
    std::vector<bool> taken(predicted_joins.size(), false);
    const auto pass = [&](join_match kind) {
        for (std::size_t a = 0; a < actual_joins.size(); ++a) {
            if (match_of[a]) continue;
            for (std::size_t p = 0; p < predicted_joins.size(); ++p) {
                if (taken[p]) continue;
                const bool fits = kind == join_match::same_sides
                                      ? same_sides(actual_joins[a], predicted_joins[p])
                                      : actual_joins[a].inner == predicted_joins[p].inner;
                if (!fits) continue;
                match_of[a] = p;
                how[a] = kind;
                taken[p] = true;
                break;
            }
        }
    };
    pass(join_match::same_sides);
    pass(join_match::same_inner);

    plan_comparison out;
    for (std::size_t a = 0; a < actual_joins.size(); ++a) {
        if (!match_of[a]) {
            out.actual_only.push_back(actual_joins[a]);
            continue;
        }
        const auto& pj = predicted_joins[*match_of[a]];
        const auto& as = actual.steps[actual_joins[a].step];
        const auto& ps = predicted.steps[pj.step];
        join_comparison c;
        c.actual = actual_joins[a];
        c.predicted = pj;
        c.match = how[a];
        c.actual_op = as.op;
        c.actual_label = as.label;
        c.predicted_op = ps.op;
        c.predicted_label = ps.label;
        c.agree = as.label == ps.label;
        c.actual_line = as.line;
        c.predicted_rule = ps.rule;
        if (c.agree) ++out.agreeing;
        out.joins.push_back(std::move(c));
    }
    for (std::size_t p = 0; p < predicted_joins.size(); ++p) {
        if (!taken[p]) out.predicted_only.push_back(predicted_joins[p]);
    }
    return out;
}

std::string describe(const plan_join& j) { return join_list(j.outer) + " x " + join_list(j.inner); }

}  // namespace starshift::tune
