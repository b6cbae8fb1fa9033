// Zone maps: each column of a sorted table cut into 1 MB blocks per slice with min/max, and how many blocks a
// filter reads versus stores (compound keys by prefix, interleaved keys with equal weight per column, an unsorted
// region after appends).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "starshift/tune/cluster.hpp"
#include "starshift/tune/design.hpp"
#include "starshift/tune/slice_simulation.hpp"
#include "starshift/tune/table_data.hpp"
#include "starshift/tune/workload.hpp"

namespace starshift::tune {

struct zone_map_options {
    std::uint64_t block_bytes = 1U << 20U;
    double unsorted_fraction = 0.0;  // the last fraction of each slice's rows, appended after the last VACUUM
};

struct block {
    int slice = 0;
    std::int64_t min = 0;  // sort_value image
    std::int64_t max = 0;
    std::uint64_t rows = 0;
    bool all_null = false;
    bool unsorted = false;
};

// The blocks of every column of `data` under `design` (rows ordered per slice by the sort key, the unsorted
// region last in load order).
struct zone_maps {
    std::string table;
    std::vector<std::string> columns;           // as in data.columns
    std::vector<std::vector<block>> blocks;     // per column
};

[[nodiscard]] zone_maps build_zone_maps(const table_data& data, const table_design& design,
                                        const slice_distribution& distribution, const zone_map_options& options = {});

struct scan_estimate {
    std::string query;
    column_ref column;
    std::uint64_t blocks_stored = 0;  // blocks of the filtered column
    std::uint64_t blocks_read = 0;    // blocks whose min/max may hold a matching value
};

// Throws model_error [starshift.tune.filter_column] when the filter's column is not in the zone maps, or
// [starshift.tune.bad_value] when a bound is not a value of the column's type.
[[nodiscard]] scan_estimate estimate_scan(const zone_maps& maps, const table_data& data, const filter& f);

}  // namespace starshift::tune
