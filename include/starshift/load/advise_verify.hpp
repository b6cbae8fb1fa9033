// `advise --verify`: the advisor's designs checked on a real cluster, as a plan and a report (no connection).
// Which designs to load (seed, advised, runners-up of the biggest table, each with its predictions), the cluster
// benchmark's plan with stl_scan figures and EXPLAIN after each timed query, and predicted versus measured as text.
// The plan runs through load::run_cluster_bench (cluster_bench_runner.hpp).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/load/cluster_bench.hpp"
#include "starshift/model/table.hpp"
#include "starshift/model/warehouse.hpp"
#include "starshift/tune/advisor.hpp"

namespace starshift::load {

// One set of designs to load on the cluster, with what the simulator predicts for it.
struct verify_variant {
    std::string name;         // "seed", "advised", "alt1", …
    std::string description;  // "the declared designs", "songplays KEY(user_id) … (rank 2), others advised"
    std::vector<std::string> tables;          // the advised tables, in the advice's order
    std::vector<tune::table_design> designs;  // parallel to tables
    std::map<std::string, double> skew_rows;  // predicted, per table the data holds
    tune::warehouse_evaluation evaluation;    // predicted joins (DS_* labels), scans, cost
};

// seed, advised, then up to `alternatives` runners-up of the biggest table (rows × row bytes): one per distribution
// (AUTO counted as what it resolves to) not yet loaded, with its best-ranked sort key, the other tables as advised.
// Variants with the same designs as an earlier one are left out. `models` are the tables the advice was made for.
[[nodiscard]] std::vector<verify_variant> verify_variants(const tune::advice& a, const std::vector<table>& models,
                                                          const tune::warehouse_data& data, const tune::workload& w,
                                                          std::size_t alternatives);

// The variants as the cluster benchmark's design entries (one per table per variant, named after the variant).
[[nodiscard]] std::vector<design_variant> to_design_variants(const std::vector<verify_variant>& variants);

// stl_scan of the last query (pg_last_query_id() skips leader-node-only statements such as the svl_query_summary
// read before it): rows before and after the range-restricted scan, per table. Columns: query, table_name,
// rows_pre_filter, rows, rrscan.
[[nodiscard]] std::string scan_figures_sql();

struct verify_plan {
    cluster_bench bench;
    std::vector<std::size_t> explain_steps;  // indices into bench.steps: EXPLAIN of a timed query
    std::vector<std::size_t> scan_steps;     // indices into bench.steps: its stl_scan figures
};

// The cluster benchmark's plan (cluster_bench_plan with `options`) plus, after each timed query's
// svl_query_summary figures, a read_figures step of its stl_scan figures and one of its EXPLAIN. Throws as
// cluster_bench_plan does.
[[nodiscard]] verify_plan make_verify_plan(const warehouse& w, const std::vector<verify_variant>& variants,
                                           const cluster_bench_options& options = {});

// The predicted DS_* labels of `query`'s joins, space-separated ("-" when it has none).
[[nodiscard]] std::string predicted_labels(const std::vector<tune::join_plan>& joins, std::string_view query);
// Every DS_… label of an EXPLAIN's text, in plan order, space-separated ("-" when there is none).
[[nodiscard]] std::string explain_labels(const bench_step_outcome& explain);

// "== verify: predictions per variant", then per variant its tables' designs and predicted skew_rows, joins, scans.
[[nodiscard]] std::string format_predictions(const std::vector<verify_variant>& variants);

// "== verify: predicted versus measured", then per variant: skew_rows predicted and measured (svv_table_info, "n/a"
// when missing), DS_* labels predicted and from EXPLAIN, the stl_scan rows and the predicted blocks. `outcomes` is
// parallel to plan.bench.steps (shorter when the run stopped early); throws as summarize_cluster_bench does.
[[nodiscard]] std::string format_verify_report(const std::vector<verify_variant>& variants, const verify_plan& plan,
                                               const std::vector<bench_step_outcome>& outcomes);

}  // namespace starshift::load
