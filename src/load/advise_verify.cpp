#include "starshift/load/advise_verify.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <regex>
#include <sstream>
#include <utility>

#include "starshift/common/text.hpp"
#include "starshift/tune/slice_simulation.hpp"

namespace starshift::load {
namespace {

// printf's "%-Ns": s padded with spaces on the right to at least `width` characters.
std::string padded(const std::string& s, std::size_t width) {
    return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

// printf's "%.2f".
std::string fixed2(double x) {
    std::array<char, 64> buf{};
    const int n = std::snprintf(buf.data(), buf.size(), "%.2f", x);
    return n < 0 ? std::string{} : std::string(buf.data(), std::min(static_cast<std::size_t>(n), buf.size() - 1));
}

std::vector<table> in_order(const std::vector<std::string>& names, const std::vector<table>& models) {
    std::vector<table> ordered;
    for (const auto& n : names)
        for (const auto& m : models)
            if (m.name == n) ordered.push_back(m);
    return ordered;
}

// AUTO as what it resolves to, KEY with its column.
std::string effective_distribution(const tune::candidate& c) {
    return to_sql(c.effective) + (c.effective == dist_style::key ? c.design.distkey.value_or("") : "");
}

std::size_t biggest_table(const tune::advice& a) {
    std::size_t big = 0;
    for (std::size_t i = 1; i < a.tables.size(); ++i)
        if (static_cast<double>(a.tables[i].rows) * a.tables[i].row_bytes >
            static_cast<double>(a.tables[big].rows) * a.tables[big].row_bytes)
            big = i;
    return big;
}

}  // namespace

std::vector<verify_variant> verify_variants(const tune::advice& a, const std::vector<table>& models,
                                            const tune::warehouse_data& data, const tune::workload& w,
                                            std::size_t alternatives) {
    std::vector<verify_variant> out;
    std::vector<std::string> names;
    std::vector<tune::table_design> seeds, winners;
    for (const auto& t : a.tables) {
        names.push_back(t.table);
        seeds.push_back(t.seed);
        winners.push_back(t.winner);
    }
    const std::vector<table> ordered = in_order(names, models);
    auto add = [&](std::string name, std::string description, std::vector<tune::table_design> designs) {
        for (const auto& v : out)
            if (v.designs == designs) return;
        verify_variant v;
        v.name = std::move(name);
        v.description = std::move(description);
        v.tables = names;
        v.designs = std::move(designs);
        v.evaluation = tune::evaluate(ordered, v.designs, data, w, a.cluster, a.options, v.name);
        for (std::size_t i = 0; i < names.size(); ++i) {
            const auto* td = data.find(names[i]);
            if (td == nullptr) continue;
            v.skew_rows[names[i]] =
                tune::simulate_distribution(*td, v.designs[i], a.cluster, a.options.simulation).skew_rows;
        }
        out.push_back(std::move(v));
    };
    add("seed", "the declared designs", seeds);
    add("advised", "every table's winner", winners);
    if (a.tables.empty()) return out;
    // One alternative per distribution of the biggest table (its best sort key), so that the cluster shows how
    // the distributions differ rather than sort keys that cost the same.
    const std::size_t big = biggest_table(a);
    std::size_t added = 0;
    std::vector<std::string> dists_seen;
    for (const auto& v : out)
        for (const auto& cand : a.tables[big].candidates)
            if (cand.design == v.designs[big]) dists_seen.push_back(effective_distribution(cand));
    for (const auto& cand : a.tables[big].candidates) {
        if (added >= alternatives) break;
        const std::string dist = effective_distribution(cand);
        if (std::find(dists_seen.begin(), dists_seen.end(), dist) != dists_seen.end()) continue;
        dists_seen.push_back(dist);
        auto designs = winners;
        designs[big] = cand.design;
        const std::size_t before = out.size();
        add("alt" + std::to_string(added + 1),
            a.tables[big].table + " " + cand.label + " (rank " + std::to_string(cand.rank) + "), others advised",
            designs);
        if (out.size() > before) ++added;
    }
    return out;
}

std::vector<design_variant> to_design_variants(const std::vector<verify_variant>& variants) {
    std::vector<design_variant> out;
    for (const auto& v : variants)
        for (std::size_t i = 0; i < v.tables.size(); ++i) {
            design_variant d;
            d.name = v.name;
            d.table = v.tables[i];
            d.diststyle = v.designs[i].diststyle;
            d.distkey = v.designs[i].distkey;
            d.sortkey = v.designs[i].sortkey;
            out.push_back(std::move(d));
        }
    return out;
}

std::string scan_figures_sql() {
    return "SELECT last.query AS query,\n"
           "       TRIM(s.perm_table_name) AS table_name,\n"
           "       COALESCE(SUM(s.rows_pre_filter), 0) AS rows_pre_filter,\n"
           "       COALESCE(SUM(s.rows), 0) AS rows,\n"
           "       COALESCE(MAX(CASE WHEN s.is_rrscan = 't' THEN 1 ELSE 0 END), 0) AS rrscan\n"
           "FROM (SELECT pg_last_query_id() AS query) last\n"
           "LEFT JOIN stl_scan s ON s.query = last.query\n"
           "GROUP BY last.query, TRIM(s.perm_table_name)\n"
           "ORDER BY 2;";
}

verify_plan make_verify_plan(const warehouse& w, const std::vector<verify_variant>& variants,
                             const cluster_bench_options& options) {
    const cluster_bench base = cluster_bench_plan(w, to_design_variants(variants), options);
    verify_plan vp;
    vp.bench.variants = base.variants;
    vp.bench.queries = base.queries;
    std::vector<int> remap(base.steps.size(), -1);
    for (std::size_t i = 0; i < base.steps.size(); ++i) {
        bench_step s = base.steps[i];
        remap[i] = static_cast<int>(vp.bench.steps.size());
        if (s.measured_step >= 0) s.measured_step = remap[static_cast<std::size_t>(s.measured_step)];
        const bool after_timed = s.kind == bench_step_kind::read_figures &&
                                 s.figures == figures_kind::query_summary && s.measured_step >= 0 &&
                                 vp.bench.steps[static_cast<std::size_t>(s.measured_step)].kind ==
                                     bench_step_kind::query_timed;
        const int measured = s.measured_step;
        const std::string variant = s.variant, query = s.query;
        vp.bench.steps.push_back(std::move(s));
        if (!after_timed) continue;
        bench_step scan;
        scan.kind = bench_step_kind::read_figures;
        scan.variant = variant;
        scan.name = "scan figures " + query;
        scan.sql = scan.display_sql = scan_figures_sql();
        scan.query = query;
        scan.subject = query;
        scan.measured_step = measured;
        vp.scan_steps.push_back(vp.bench.steps.size());
        vp.bench.steps.push_back(std::move(scan));
        bench_step explain;
        explain.kind = bench_step_kind::read_figures;
        explain.variant = variant;
        explain.name = "explain " + query;
        explain.sql = explain.display_sql = "EXPLAIN " + vp.bench.steps[static_cast<std::size_t>(measured)].sql;
        explain.query = query;
        explain.subject = query;
        vp.explain_steps.push_back(vp.bench.steps.size());
        vp.bench.steps.push_back(std::move(explain));
    }
    return vp;
}

std::string predicted_labels(const std::vector<tune::join_plan>& joins, std::string_view query) {
    std::string out;
    for (const auto& j : joins)
        if (j.query == query) out += (out.empty() ? "" : " ") + tune::to_sql(j.strategy);
    return out.empty() ? "-" : out;
}

std::string explain_labels(const bench_step_outcome& explain) {
    static const std::regex re("DS_[A-Z_]+");
    std::string out;
    for (const auto& row : explain.rows)
        for (const auto& cell : row)
            for (std::sregex_iterator it(cell.begin(), cell.end(), re), end; it != end; ++it)
                out += (out.empty() ? "" : " ") + it->str();
    return out.empty() ? "-" : out;
}

std::string format_predictions(const std::vector<verify_variant>& variants) {
    std::ostringstream out;
    out << "\n== verify: predictions per variant\n";
    for (const auto& v : variants) {
        out << "\n-- variant " << v.name << ": " << v.description << " (cost "
            << format_bytes(v.evaluation.cost.total()) << ")\n";
        for (std::size_t i = 0; i < v.tables.size(); ++i) {
            const auto it = v.skew_rows.find(v.tables[i]);
            out << "   " << padded(v.tables[i], 12) << " " << padded(v.designs[i].label(), 44)
                << " predicted skew_rows " << fixed2(it == v.skew_rows.end() ? 0.0 : it->second) << "\n";
        }
        for (const auto& j : v.evaluation.joins)
            out << "   join " << j.query << ": " << j.outer_table << " ⋈ " << j.inner_table << " predicted "
                << tune::to_sql(j.strategy) << "\n";
        for (const auto& s : v.evaluation.scans)
            out << "   scan " << s.query << ": " << s.column.table << "." << s.column.column << " predicted blocks "
                << s.blocks_read << " of " << s.blocks_stored << "\n";
    }
    return out.str();
}

std::string format_verify_report(const std::vector<verify_variant>& variants, const verify_plan& plan,
                                 const std::vector<bench_step_outcome>& outcomes) {
    const cluster_bench_report rep = summarize_cluster_bench(plan.bench, outcomes);
    std::ostringstream out;
    out << "\n== verify: predicted versus measured\n";
    for (const auto& v : variants) {
        out << "\n-- variant " << v.name << ": " << v.description << "\n";
        for (const auto& t : v.tables) {
            const auto* f = rep.find_table(v.name, t);
            const auto predicted = v.skew_rows.find(t);
            out << "   " << padded(t, 12) << " skew_rows predicted "
                << fixed2(predicted == v.skew_rows.end() ? 0.0 : predicted->second) << " measured "
                << (f && f->skew_rows >= 0 ? std::to_string(f->skew_rows) : std::string("n/a")) << "\n";
        }
        for (const std::size_t k : plan.explain_steps) {
            const auto& s = plan.bench.steps[k];
            if (s.variant != v.name) continue;
            const std::string measured = k < outcomes.size() ? explain_labels(outcomes[k]) : "n/a";
            out << "   " << s.query << ": DS labels predicted " << predicted_labels(v.evaluation.joins, s.query)
                << " | EXPLAIN " << measured << "\n";
        }
        for (const std::size_t k : plan.scan_steps) {
            const auto& s = plan.bench.steps[k];
            if (s.variant != v.name || k >= outcomes.size()) continue;
            for (const auto& row : outcomes[k].rows)
                if (row.size() >= 5 && !row[1].empty())
                    out << "   " << s.query << ": stl_scan " << row[1] << " rows_pre_filter " << row[2] << " rows "
                        << row[3] << " rrscan " << row[4] << "\n";
        }
        for (const auto& sc : v.evaluation.scans)
            out << "   " << sc.query << ": predicted blocks " << sc.column.table << "." << sc.column.column << " "
                << sc.blocks_read << " of " << sc.blocks_stored << "\n";
    }
    return out.str();
}

}  // namespace starshift::load
