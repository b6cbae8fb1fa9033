// The distribution/sort-key advisor: candidate designs per table scored on one cost in byte-equivalents (network
// bytes of the workload's joins + blocks its filters read × block size + a skew penalty + the extra copies ALL
// stores), chosen table by table by coordinate descent from the declared ("seed") design. Pure: no SQL, no database.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "starshift/model/table.hpp"
#include "starshift/model/warehouse.hpp"
#include "starshift/tune/cluster.hpp"
#include "starshift/tune/query_plan.hpp"
#include "starshift/tune/compression.hpp"
#include "starshift/tune/design.hpp"
#include "starshift/tune/join_distribution.hpp"
#include "starshift/tune/slice_simulation.hpp"
#include "starshift/tune/table_data.hpp"
#include "starshift/tune/workload.hpp"
#include "starshift/tune/zone_map.hpp"

namespace starshift::tune {

struct advisor_options {
    simulation_options simulation;  // AUTO's ALL threshold, block size
    zone_map_options zone_maps;     // block size, unsorted region
    // DISTSTYLE ALL is a candidate only for tables of at most this many rows (the same default as AUTO's ALL).
    std::uint64_t all_max_rows = 1'000'000;
    // Weights of the cost's parts (1 = a byte is a byte). storage counts the (nodes − 1) extra copies of ALL.
    double network_weight = 1.0;
    double scan_weight = 1.0;
    double skew_weight = 1.0;
    double storage_weight = 1.0;
    int max_rounds = 8;  // coordinate-descent rounds (each: every table once)
    // Sort keys are tried with this many best distributions of the table (every distribution is tried with the
    // table's current sort key): zone maps are the expensive part.
    std::size_t sort_trials_distributions = 3;
    unsigned threads = 0;  // candidate evaluations in parallel; 0 = hardware concurrency
    // Zone maps of a table holding more sampled rows than this are built from a systematic sample (every k-th row;
    // each stands for k rows, so the blocks keep their size in rows): the block counts are estimates, the sort
    // and the cost of a build shrink by k. 0 = never sample.
    std::uint64_t zone_map_sample_rows = 500'000;
    // A table without DISTSTYLE (the model's AUTO): AUTO on current clusters, EVEN on clusters older than AUTO
    // (`starshift advise --default-diststyle`); with even, each such table's seed design is EVEN.
    missing_diststyle default_diststyle = missing_diststyle::automatic;
    // Encodings in the cost (docs/tuning.md "Encodings"): each column's encoding sets how many rows its blocks hold
    // (zone_map_options::column_compression_ratio) and ALL's extra copies are of the encoded bytes. The seed design
    // is costed with the declared encodings (Redshift's defaults where none is declared), every other candidate
    // with the recommended ones (its sort key columns RAW). false: zone_maps.compression_ratio for every column.
    bool encodings_in_cost = true;
    compression_options compression;  // its block_bytes is taken from zone_maps.block_bytes
};

// One cost in byte-equivalents; total() is what ranks.
struct cost_parts {
    double network = 0;  // bytes the joins touching the table move (plan_join)
    double scan = 0;     // blocks its filters read × block_bytes (estimate_scan)
    double skew = 0;     // per query touching the table: slices × largest slice bytes − table bytes
    double storage = 0;  // ALL: (nodes − 1) × table bytes, once
    [[nodiscard]] double total() const noexcept { return network + scan + skew + storage; }
};

struct candidate {
    table_design design;
    std::string label;                    // design.label()
    dist_style effective = dist_style::even;  // AUTO resolved
    cost_parts cost;
    double skew_rows = 1.0;
    std::vector<std::uint64_t> slice_rows;  // per slice
    std::vector<join_plan> joins;           // the workload's joins touching the table, others at their design
    std::vector<scan_estimate> scans;       // the workload's filters on the table
    bool seed = false;                      // the declared design
    std::size_t rank = 0;                   // 1-based, in table_advice::candidates
};

// One column's encoding next to the keys: the declared one and the one advised for the winning design.
struct column_encoding {
    std::string column;
    encoding current = encoding::raw;      // declared, or Redshift's default
    encoding recommended = encoding::raw;  // RAW for the winner's sort key columns
    bool sort_key = false;                 // in the winner's sort key
    bool analysed = false;                 // false: the column was not read (recommended = current)
    double est_reduction_pct = 0;          // versus current, as ANALYZE COMPRESSION prints it
};

struct table_advice {
    std::string table;
    std::uint64_t rows = 0;
    double row_bytes = 0;
    double sample_fraction = 1.0;
    table_design seed;
    table_design winner;
    std::vector<candidate> candidates;  // ranked, best first (ties: current design, then seed, then simpler)
    std::size_t seed_rank = 0;          // 1-based
    std::string why;                    // plain English: which part the winner reduced versus seed and runner-up
    std::vector<column_encoding> encodings;  // per column of the table, in its order
};

// A whole warehouse's designs evaluated together (every join with both sides' designs).
struct warehouse_evaluation {
    std::string name;  // "seed" or "advised"
    std::vector<std::string> tables;
    std::vector<table_design> designs;  // parallel to tables
    cost_parts cost;                    // sums; each join counted once
    std::vector<join_plan> joins;
    std::vector<scan_estimate> scans;
};

struct advice {
    cluster_shape cluster;
    advisor_options options;
    std::vector<table_advice> tables;  // in the order given
    warehouse_evaluation seed;
    warehouse_evaluation advised;
    std::vector<table> advised_tables;  // the tables with the winning designs (render their DDL with sql::)
    int rounds = 0;
    bool converged = false;
    std::vector<std::string> notes;  // skipped joins/filters, the hash disclaimer, thresholds
};

// Advises every table of `tables` that `data` holds (the others are skipped with a note). The seed is each table's
// declared design. Throws tune_error [starshift.tune.advisor_no_tables] when no table has data.
[[nodiscard]] advice advise(const std::vector<table>& tables, const warehouse_data& data, const workload& w,
                            const cluster_shape& cluster, const advisor_options& options = {});
// The warehouse's star tables (and staging tables that `data` holds).
[[nodiscard]] advice advise(const warehouse& wh, const warehouse_data& data, const workload& w,
                            const cluster_shape& cluster, const advisor_options& options = {});

// The candidate designs the advisor tries for one table (seed first; see docs/tuning.md "Advisor").
[[nodiscard]] std::vector<table_design> candidate_designs(const table& t, const table_data& data, const workload& w,
                                                          const advisor_options& options = {});

// Evaluates one set of designs for the whole warehouse.
[[nodiscard]] warehouse_evaluation evaluate(const std::vector<table>& tables, const std::vector<table_design>& designs,
                                            const warehouse_data& data, const workload& w,
                                            const cluster_shape& cluster, const advisor_options& options = {},
                                            const std::string& name = "custom");

// Human-readable report (ranked tables, why, seed rank, totals) and JSON (docs/tuning.md describes the fields).
// top: candidates shown per table in the text (0 = all).
[[nodiscard]] std::string format_advice(const advice& a, std::size_t top = 8);
[[nodiscard]] std::string advice_to_json(const advice& a);


}  // namespace starshift::tune
