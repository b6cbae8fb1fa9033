// Where a table's rows land on a cluster's slices for a distribution style, from the real column values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "starshift/tune/cluster.hpp"
#include "starshift/tune/design.hpp"
#include "starshift/tune/table_data.hpp"

namespace starshift::tune {

struct simulation_options {
    // DISTSTYLE AUTO: ALL while the table has at most this many rows, EVEN above (Redshift documents "ALL while
    // small, then EVEN/KEY" without a threshold; this one is our choice, documented in docs/tuning.md).
    std::uint64_t auto_all_max_rows = 1'000'000;
    std::uint64_t block_bytes = 1U << 20U;  // Redshift's 1 MB blocks
};

struct slice_distribution {
    dist_style effective = dist_style::even;  // AUTO resolved to ALL or EVEN
    std::vector<std::uint64_t> rows;          // per slice (scaled to table_data::rows when sampled)
    std::vector<std::uint64_t> bytes;         // per slice
    std::vector<std::uint64_t> node_bytes;    // per node, every ALL copy counted
    std::vector<int> row_slice;               // per sampled row: its slice (ALL: -1); zone maps use it
    double skew_rows = 1.0;                   // svv_table_info.skew_rows: largest slice / smallest non-empty slice
                                              // (1 for ALL and for an empty table)
    int empty_slices = 0;                     // slices without rows (not counted in skew_rows; ALL: 0)
    std::uint64_t total_bytes = 0;            // over all nodes, ALL copies included
};

// KEY: slice = value_hash % slices, NULL keys all on one slice (slice 0), as on Redshift; EVEN: round robin in
// row order from slice 0; ALL: a full copy on the first slice of every node; AUTO: see simulation_options.
// Sampled data (sample_fraction < 1): rows per slice are the sampled counts scaled to table_data::rows (or by
// 1 / sample_fraction when rows is 0), apportioned so that they sum to it. No column read but rows > 0: EVEN and ALL
// are computed from the count alone. Bytes = rows * row_bytes (or the read columns' average text width).
// Throws tune_error [starshift.tune.distkey_not_read] when KEY's column is not in `data`,
// [starshift.tune.bad_sample_fraction] when sample_fraction is not in (0, 1].
[[nodiscard]] slice_distribution simulate_distribution(const table_data& data, const table_design& design,
                                                       const cluster_shape& cluster,
                                                       const simulation_options& options = {});

}  // namespace starshift::tune
