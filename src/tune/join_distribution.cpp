// The DS_* label Redshift's planner would print for one join, and the bytes it would move.
//
// Rules (Amazon Redshift Database Developer Guide, "Evaluating the query plan" [DG:c_data_redistribution] and
// "Query plan example" [DG:t_explain_plan_example], https://docs.aws.amazon.com/redshift/latest/dg/
// t_explain_plan_example.html; summarized in /work/shared/REDSHIFT.md §4):
//   DS_DIST_NONE       no redistribution: both sides are distributed on the join columns (collocated);
//   DS_DIST_ALL_NONE   the inner table is DISTSTYLE ALL: a copy is already on every node;
//   DS_DIST_INNER      the inner table is redistributed (the outer is distributed on its join column);
//   DS_DIST_OUTER      the outer table is redistributed (the inner is distributed on its join column);
//   DS_DIST_ALL_INNER  the outer table is ALL: the whole inner table goes to a single slice;
//   DS_BCAST_INNER     a copy of the whole inner table is broadcast to every node;
//   DS_DIST_BOTH       both tables are redistributed.
// The inner (hashed) side is the smaller one in bytes, as Redshift's hash join builds on the smaller table; a LEFT
// JOIN fixes the right side as the inner one (the preserved left side is probed).
//
// Bytes moved (documented in docs/tuning.md, "Join redistribution"); S = slices, N = nodes, B(t) = rows × row_bytes:
//   DS_DIST_NONE, DS_DIST_ALL_NONE   0
//   DS_DIST_INNER                    B(inner) × (S − 1) / S   (a well-mixed hash keeps 1/S of the rows in place)
//   DS_DIST_OUTER                    B(outer) × (S − 1) / S
//   DS_DIST_BOTH                     (B(outer) + B(inner)) × (S − 1) / S
//   DS_BCAST_INNER                   B(inner) × (N − 1)       (every node receives the part it does not hold)
//   DS_DIST_ALL_INNER                B(inner) × (S − 1) / S   (all rows gather on one slice)
// When neither side is distributed on a join column, the planner broadcasts when that moves no more bytes than
// redistributing both: B(inner) × (N − 1) ≤ (B(outer) + B(inner)) × (S − 1) / S.
#include "starshift/tune/join_distribution.hpp"

#include <cmath>
#include <cstddef>
#include <sstream>
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

double bytes_of(const join_side& s) { return static_cast<double>(s.rows) * s.row_bytes; }

std::uint64_t round_bytes(double b) { return b <= 0 ? 0 : static_cast<std::uint64_t>(std::llround(b)); }

bool is_key(const join_side& s) { return s.effective == dist_style::key && s.distkey.has_value(); }

// The index of the join column pair whose column on this side is the side's DISTKEY (or npos).
std::size_t key_pair(const join& j, const join_side& s, bool left_side) {
    if (!is_key(s)) return std::string::npos;
    for (std::size_t i = 0; i < j.columns.size(); ++i) {
        const std::string& c = left_side ? j.columns[i].first : j.columns[i].second;
        if (c == *s.distkey) return i;
    }
    return std::string::npos;
}

std::string describe(const join_side& s) {
    switch (s.effective) {
        case dist_style::all: return s.table + " (ALL)";
        case dist_style::key:
            return s.distkey ? s.table + " (KEY " + *s.distkey + ")" : s.table + " (KEY without a column: as EVEN)";
        case dist_style::even: return s.table + " (EVEN)";
        case dist_style::automatic: return s.table + " (AUTO unresolved: as EVEN)";
    }
    return s.table;
}

std::string mb(double bytes) {
    std::ostringstream o;
    o.setf(std::ios::fixed);
    o.precision(1);
    o << bytes / 1e6 << " MB";
    return o.str();
}

}  // namespace

join_plan plan_join(const join& j, const join_side& left, const join_side& right, const cluster_shape& cluster) {
    if (left.table != j.left_table)
        throw tune_error("starshift.tune.join_table", left.table, "",
                         "the left side of the join in query '" + j.query + "' is table " + j.left_table +
                              ", not " + left.table);
    if (right.table != j.right_table)
        throw tune_error("starshift.tune.join_table", right.table, "",
                         "the right side of the join in query '" + j.query + "' is table " + j.right_table +
                              ", not " + right.table);

    const double slices = cluster.slices() > 0 ? static_cast<double>(cluster.slices()) : 1.0;
    const double nodes = cluster.nodes > 0 ? static_cast<double>(cluster.nodes) : 1.0;
    const double stay = (slices - 1.0) / slices;  // share of a redistributed table that changes slice

    // The inner (hashed) side: the right one of a LEFT JOIN, else the smaller in bytes (ties: the right one).
    const bool right_is_inner = j.outer || bytes_of(right) <= bytes_of(left);
    const join_side& inner = right_is_inner ? right : left;
    const join_side& outer = right_is_inner ? left : right;
    const std::size_t inner_pair = key_pair(j, inner, right_is_inner ? false : true);
    const std::size_t outer_pair = key_pair(j, outer, right_is_inner ? true : false);
    const double b_inner = bytes_of(inner);
    const double b_outer = bytes_of(outer);

    join_plan p;
    p.query = j.query;
    p.outer_table = outer.table;
    p.inner_table = inner.table;
    const std::string why_inner =
        j.outer ? "inner " + describe(inner) + " is the right side of a LEFT JOIN"
                : "inner " + describe(inner) + " is the smaller side (" + mb(b_inner) + " vs " + mb(b_outer) + ")";

    if (inner.effective == dist_style::all) {
        p.strategy = join_strategy::ds_dist_all_none;
        p.bytes_moved = 0;
        p.reason = why_inner + "; it is ALL, a copy on every node: nothing moves";
    } else if (outer.effective == dist_style::all) {
        p.strategy = join_strategy::ds_dist_all_inner;
        p.bytes_moved = round_bytes(b_inner * stay);
        p.reason = why_inner + "; outer " + describe(outer) +
                   " is ALL, so the whole inner table is sent to a single slice (serial join)";
    } else if (inner_pair != std::string::npos && inner_pair == outer_pair) {
        p.strategy = join_strategy::ds_dist_none;
        p.bytes_moved = 0;
        p.reason = why_inner + "; both sides are distributed on the join columns (" + j.columns[inner_pair].first +
                   " = " + j.columns[inner_pair].second + "): collocated, nothing moves";
    } else if (outer_pair != std::string::npos) {
        p.strategy = join_strategy::ds_dist_inner;
        p.bytes_moved = round_bytes(b_inner * stay);
        p.reason = why_inner + "; outer " + describe(outer) +
                   " is distributed on its join column, so the inner table is redistributed on " +
                   (right_is_inner ? j.columns[outer_pair].second : j.columns[outer_pair].first);
    } else if (inner_pair != std::string::npos) {
        p.strategy = join_strategy::ds_dist_outer;
        p.bytes_moved = round_bytes(b_outer * stay);
        p.reason = why_inner + "; only the inner side is distributed on its join column, so outer " +
                   describe(outer) + " is redistributed on " +
                   (right_is_inner ? j.columns[inner_pair].first : j.columns[inner_pair].second);
    } else {
        const double bcast = b_inner * (nodes - 1.0);
        const double both = (b_inner + b_outer) * stay;
        if (bcast <= both) {
            p.strategy = join_strategy::ds_bcast_inner;
            p.bytes_moved = round_bytes(bcast);
            p.reason = why_inner + "; neither side is distributed on a join column and broadcasting the inner to " +
                       std::to_string(cluster.nodes) + " nodes (" + mb(bcast) + ") moves no more than redistributing both (" +
                       mb(both) + ")";
        } else {
            p.strategy = join_strategy::ds_dist_both;
            p.bytes_moved = round_bytes(both);
            p.reason = why_inner + "; neither side is distributed on a join column and redistributing both (" +
                       mb(both) + ") moves less than broadcasting the inner to " + std::to_string(cluster.nodes) +
                       " nodes (" + mb(bcast) + ")";
        }
    }
    return p;
}

}  // namespace starshift::tune
