// The DS_* label Redshift's planner would print for one join, and the bytes it would move. One home for the
// decision (decide_join): the advisor's cost (plan_join) and the predicted plan tree (predict_plan) both use it.
//
// Labels (Amazon Redshift Database Developer Guide, "Evaluating the query plan", https://docs.aws.amazon.com/
// redshift/latest/dg/c_data_redistribution.html; "Query plan example", t_explain_plan_example.html; "Query plan",
// c-the-query-plan.html): DS_DIST_NONE (collocated), DS_DIST_ALL_NONE (inner is ALL), DS_DIST_INNER, DS_DIST_OUTER,
// DS_DIST_ALL_INNER (outer is ALL), DS_BCAST_INNER, DS_DIST_BOTH.
//
// Rules, in order (docs/tuning.md, "Join redistribution", with the published plan behind each):
//   inner    the hashed side: the right one of a LEFT JOIN, the left one of a RIGHT JOIN (the preserved side is
//            probed, never hashed or broadcast); in an inner join of an ALL and a non-ALL side the ALL side
//            (DS_DIST_ALL_NONE moves nothing); otherwise the side with fewer rows after filters and LIMIT
//            (ties: fewer bytes, then the side written second) (t_explain_plan_example: sales 172,456 rows is the
//            inner of listing 192,497 rows although wider);
//   1. the inner is ALL                                   DS_DIST_ALL_NONE
//   2. the outer is ALL, the inner is not                 DS_DIST_ALL_INNER
//   3. both sides KEY on the two columns of one pair whose types hash alike       DS_DIST_NONE
//   4. no equality pair (cross join, non-equi join: a nested loop)               DS_BCAST_INNER
//   5. otherwise the cheapest in bytes moved of the possible ones (ties in this order): DS_DIST_INNER (the outer is
//      KEY on a pair's column), DS_DIST_OUTER (the inner is), DS_BCAST_INNER (not for FULL joins), DS_DIST_BOTH.
//
// Bytes moved; S = slices, N = nodes, B(t) = rows × row_bytes:
//   DS_DIST_NONE, DS_DIST_ALL_NONE   0
//   DS_DIST_INNER                    B(inner) × (S − 1) / S   (a well-mixed hash keeps 1/S of the rows in place)
//   DS_DIST_OUTER                    B(outer) × (S − 1) / S
//   DS_DIST_BOTH                     (B(outer) + B(inner)) × (S − 1) / S
//   DS_BCAST_INNER                   B(inner) × (N − 1)       (every node receives the part it does not hold)
//   DS_DIST_ALL_INNER                B(inner) × (S − 1) / S   (all rows gather on one slice)
#include "starshift/tune/join_distribution.hpp"

#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "starshift/common/text.hpp"
#include "starshift/tune/tune_error.hpp"

namespace starshift::tune {

std::string to_sql(join_strategy s) {
    switch (s) {
        case join_strategy::ds_dist_none: return "DS_DIST_NONE";
        case join_strategy::ds_dist_all_none: return "DS_DIST_ALL_NONE";
        case join_strategy::ds_dist_inner: return "DS_DIST_INNER";
        case join_strategy::ds_dist_outer: return "DS_DIST_OUTER";
        case join_strategy::ds_dist_all_inner: return "DS_DIST_ALL_INNER";
        case join_strategy::ds_bcast_inner: return "DS_BCAST_INNER";
        case join_strategy::ds_dist_both: return "DS_DIST_BOTH";
    }
    return "DS_DIST_NONE";
}

std::optional<join_strategy> parse_join_strategy(std::string_view s) {
    return parse_name(s,
                      {join_strategy::ds_dist_none, join_strategy::ds_dist_all_none, join_strategy::ds_dist_inner,
                       join_strategy::ds_dist_outer, join_strategy::ds_dist_all_inner, join_strategy::ds_bcast_inner,
                       join_strategy::ds_dist_both},
                      [](join_strategy v) { return to_sql(v); });
}

namespace {

std::uint64_t round_bytes(double b) { return b <= 0 ? 0 : static_cast<std::uint64_t>(std::llround(b)); }

std::string style_name(dist_style s) {
    switch (s) {
        case dist_style::all: return "ALL";
        case dist_style::key: return "KEY";
        case dist_style::even: return "EVEN";
        case dist_style::automatic: return "AUTO unresolved: as EVEN";
    }
    return "EVEN";
}

std::optional<std::size_t> keyed_pair(const join_operand& s, std::size_t pairs) {
    if (s.effective != dist_style::key) return std::nullopt;
    for (std::size_t i = 0; i < pairs && i < s.keyed.size(); ++i)
        if (s.keyed[i]) return i;
    return std::nullopt;
}

}  // namespace

join_decision decide_join(const join_operand& first, const join_operand& second, const join_pairs& pairs,
                          join_type type, const cluster_shape& cluster) {
    const double slices = cluster.slices() > 0 ? static_cast<double>(cluster.slices()) : 1.0;
    const double nodes = cluster.nodes > 0 ? static_cast<double>(cluster.nodes) : 1.0;
    const double move = (slices - 1.0) / slices;  // share of a redistributed table that changes slice
    const std::size_t n_pairs = pairs.text.size();

    join_decision d;
    std::string why_inner;
    if (type == join_type::left) {
        d.second_is_inner = true;
        why_inner = "the preserved side of a LEFT JOIN is the outer one";
    } else if (type == join_type::right) {
        d.second_is_inner = false;
        why_inner = "the preserved side of a RIGHT JOIN is the outer one";
    } else if (type == join_type::inner &&
               (first.effective == dist_style::all) != (second.effective == dist_style::all)) {
        d.second_is_inner = second.effective == dist_style::all;
        why_inner = "the ALL side is the inner one (nothing moves; ALL as the outer would send the inner to one slice)";
    } else {
        const double b1 = first.rows * first.row_bytes, b2 = second.rows * second.row_bytes;
        d.second_is_inner = second.rows < first.rows || (second.rows == first.rows && b2 <= b1);
        why_inner = "the inner (hashed) side has fewer rows";
    }
    const join_operand& inner = d.second_is_inner ? second : first;
    const join_operand& outer = d.second_is_inner ? first : second;
    const double b_inner = inner.rows * inner.row_bytes;
    const double b_outer = outer.rows * outer.row_bytes;
    const std::string head = "inner " + inner.name + " (" + style_name(inner.effective) + "), outer " + outer.name +
                             " (" + style_name(outer.effective) + "): " + why_inner + "; ";

    if (inner.effective == dist_style::all) {
        d.strategy = join_strategy::ds_dist_all_none;
        d.reason = head + "the inner is ALL, a copy on every node: nothing moves";
        return d;
    }
    if (outer.effective == dist_style::all) {
        d.strategy = join_strategy::ds_dist_all_inner;
        d.bytes_moved = b_inner * move;
        d.reason = head + "the outer is ALL, so the whole inner goes to a single slice (serial join)";
        return d;
    }
    for (std::size_t i = 0; i < n_pairs; ++i) {
        const bool alike = i < pairs.hash_alike.size() && pairs.hash_alike[i];
        if (alike && inner.effective == dist_style::key && outer.effective == dist_style::key &&
            i < inner.keyed.size() && inner.keyed[i] && i < outer.keyed.size() && outer.keyed[i]) {
            d.strategy = join_strategy::ds_dist_none;
            d.pair = i;
            d.reason = head + "both sides are distributed on " + pairs.text[i] + ": collocated, nothing moves";
            return d;
        }
    }
    const double bcast = b_inner * (nodes - 1.0);
    if (n_pairs == 0) {
        d.strategy = join_strategy::ds_bcast_inner;
        d.bytes_moved = bcast;
        d.reason = head + "no equality to redistribute on (nested loop): the inner is broadcast";
        return d;
    }
    struct option {
        join_strategy s;
        double bytes;
        std::optional<std::size_t> pair;
        std::string what;
    };
    std::vector<option> options;
    if (const auto p = keyed_pair(outer, n_pairs))
        options.push_back({join_strategy::ds_dist_inner, b_inner * move, p,
                           "redistributing the inner on " + pairs.text[*p]});
    if (const auto p = keyed_pair(inner, n_pairs))
        options.push_back({join_strategy::ds_dist_outer, b_outer * move, p,
                           "redistributing the outer on " + pairs.text[*p]});
    if (type != join_type::full)
        options.push_back({join_strategy::ds_bcast_inner, bcast, std::nullopt,
                           "broadcasting the inner to " + std::to_string(cluster.nodes) + " nodes"});
    options.push_back({join_strategy::ds_dist_both, (b_inner + b_outer) * move, std::size_t{0},
                       "redistributing both on " + pairs.text[0]});
    std::size_t best = 0;
    for (std::size_t i = 1; i < options.size(); ++i)
        if (options[i].bytes < options[best].bytes) best = i;
    d.strategy = options[best].s;
    d.bytes_moved = options[best].bytes;
    d.pair = options[best].pair;
    std::string others;
    for (std::size_t i = 0; i < options.size(); ++i) {
        if (i == best) continue;
        others += (others.empty() ? "" : ", ") + options[i].what + " " + format_bytes(options[i].bytes);
    }
    d.reason = head + "not collocated; " + options[best].what + " moves the fewest bytes (" +
               format_bytes(options[best].bytes) + (others.empty() ? "" : "; " + others) + ")";
    return d;
}

bool hash_alike(const sql_type& a, const sql_type& b) {
    if (a.kind != b.kind) return false;
    if (a.kind == type_kind::decimal) return a.scale == b.scale;
    return true;
}

join_plan plan_join(const join& j, const join_side& left, const join_side& right, const cluster_shape& cluster) {
    if (left.table != j.left_table)
        throw tune_error("starshift.tune.join_table", left.table, "",
                         "the left side of the join in query '" + j.query + "' is table " + j.left_table +
                              ", not " + left.table);
    if (right.table != j.right_table)
        throw tune_error("starshift.tune.join_table", right.table, "",
                         "the right side of the join in query '" + j.query + "' is table " + j.right_table +
                              ", not " + right.table);
    auto operand = [&](const join_side& s, bool left_side) {
        join_operand o;
        o.name = s.table;
        o.effective = s.effective == dist_style::automatic ? dist_style::even : s.effective;
        if (o.effective == dist_style::key && !s.distkey) o.effective = dist_style::even;
        o.rows = static_cast<double>(s.rows);
        o.row_bytes = s.row_bytes;
        for (const auto& c : j.columns) o.keyed.push_back(s.distkey && (left_side ? c.first : c.second) == *s.distkey);
        return o;
    };
    join_pairs pairs;
    const auto type_of = [](const join_side& s, const std::string& column) -> const sql_type* {
        if (!s.model) return nullptr;
        for (const auto& c : s.model->columns)
            if (iequals(c.name, column)) return &c.type;
        return nullptr;
    };
    for (const auto& c : j.columns) {
        pairs.text.push_back(j.left_table + "." + c.first + " = " + j.right_table + "." + c.second);
        const sql_type* a = type_of(left, c.first);
        const sql_type* b = type_of(right, c.second);
        pairs.hash_alike.push_back(!a || !b || hash_alike(*a, *b));
    }
    const join_decision d =
        decide_join(operand(left, true), operand(right, false), pairs, j.outer ? join_type::left : join_type::inner,
                    cluster);
    join_plan p;
    p.query = j.query;
    p.outer_table = d.second_is_inner ? left.table : right.table;
    p.inner_table = d.second_is_inner ? right.table : left.table;
    p.strategy = d.strategy;
    p.bytes_moved = round_bytes(d.bytes_moved);
    p.reason = d.reason;
    return p;
}

}  // namespace starshift::tune
