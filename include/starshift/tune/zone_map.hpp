// Zone maps: each column of a sorted table cut into 1 MB blocks per slice with min/max, and how many blocks a
// filter reads versus stores (compound keys by prefix, interleaved keys with equal weight per column, an unsorted
// region after appends).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
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
    // Raw width / stored width of a value: 1 = RAW (no compression, the default); 3 = a block holds 3x the values.
    double compression_ratio = 1.0;
    // Per column (by name): the ratio of the column's encoding (tune::column_compression::ratio), in place of
    // compression_ratio for that column.
    std::map<std::string, double> column_compression_ratio;
    // The columns to cut into blocks (empty = every column of the data); fewer columns, less work.
    std::vector<std::string> columns;
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
    std::vector<std::string> columns;           // as in data.columns (or zone_map_options::columns)
    std::vector<std::vector<block>> blocks;     // per column
};

// A value's width (docs/tuning.md "Zone maps"): the RAW binary size for fixed-width types (SMALLINT 2, INTEGER 4,
// BIGINT 8, DECIMAL 8 or 16 above precision 19, REAL 4, DOUBLE 8, BOOLEAN 1, DATE 4, TIMESTAMP[TZ] 8), CHAR(n) n,
// VARCHAR the column's average text width; a block holds floor(block_bytes * ratio / width) rows, ratio the
// column's entry of column_compression_ratio, else compression_ratio.
// Sort order per slice: COMPOUND lexicographic on the key columns' sort values, NULLs last; INTERLEAVED a z-order
// of the key columns' quantile ranks within the slice (equal weight per column); no sort key or AUTO: load order.
// An ALL table's blocks are one copy's, on slice 0. Throws tune_error [starshift.tune.sortkey_not_read] when a sort
// key column is not in `data`, [starshift.tune.filter_column] when options.columns names a column not in `data`,
// [starshift.tune.distribution_mismatch] when `distribution` is not of `data`'s rows,
// [starshift.tune.bad_unsorted_fraction] when unsorted_fraction is not in [0, 1].
[[nodiscard]] zone_maps build_zone_maps(const table_data& data, const table_design& design,
                                        const slice_distribution& distribution, const zone_map_options& options = {});

// Scratch buffers of build_zone_maps, reusable from call to call (one per thread): at 10 M rows a call needs ~150 MB
// of index arrays, and reusing them saves their allocation and page faults on every design after the first.
class zone_map_workspace {
public:
    zone_map_workspace();
    ~zone_map_workspace();
    zone_map_workspace(zone_map_workspace&&) noexcept;
    zone_map_workspace& operator=(zone_map_workspace&&) noexcept;
    zone_map_workspace(const zone_map_workspace&) = delete;
    zone_map_workspace& operator=(const zone_map_workspace&) = delete;

    struct buffers;  // defined in zone_map.cpp
    [[nodiscard]] buffers& get() noexcept { return *buffers_; }

private:
    std::unique_ptr<buffers> buffers_;
};

// The same, with the caller's scratch buffers (same results).
[[nodiscard]] zone_maps build_zone_maps(const table_data& data, const table_design& design,
                                        const slice_distribution& distribution, const zone_map_options& options,
                                        zone_map_workspace& workspace);

// Bytes per value and rows per block of one column under `options` (the model above).
[[nodiscard]] double value_width(const column_data& column);
[[nodiscard]] std::uint64_t rows_per_block(const column_data& column, const zone_map_options& options = {});

struct scan_estimate {
    std::string query;
    column_ref column;
    std::uint64_t blocks_stored = 0;  // blocks of the filtered column
    std::uint64_t blocks_read = 0;    // blocks whose min/max may hold a matching value
};

// A block is read when it may hold a match: not all NULL, and [min, max] meets the equality value, the range
// (inclusive, either bound optional; a range with low > high reads nothing) or one of the in_list values. Bounds are
// converted by sort_value, so character types compare their 8-byte prefixes (conservatively: a block is read when
// the prefixes allow a match). The unsorted region is judged by its own min/max like every block.
// Throws tune_error [starshift.tune.filter_column] when the filter's column is not in the zone maps, or
// [starshift.tune.bad_value] when a bound is not a value of the column's type.
[[nodiscard]] scan_estimate estimate_scan(const zone_maps& maps, const table_data& data, const filter& f);

}  // namespace starshift::tune
