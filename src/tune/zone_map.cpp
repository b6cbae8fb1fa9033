// Zone maps: per slice, rows ordered by the sort key (compound: lexicographic, NULLs last; interleaved: a z-order of
// per-column quantile ranks; none: load order), the last unsorted_fraction in load order, each column cut into
// blocks with min/max of the sort_value images; and the blocks a filter reads.
//
// Performance (10 M rows): row indices are sorted, never rows; sorting is a stable LSD radix sort on 64-bit keys
// (8-bit digits, digits equal in every key skipped); blocks are filled in one sequential pass over each column
// through the inverse permutation (row -> position in its slice), so no column is gathered at random.
#include "starshift/tune/zone_map.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "starshift/common/text.hpp"
#include "starshift/tune/tune_error.hpp"

namespace starshift::tune {
namespace {

constexpr std::uint64_t sign_bit = 0x8000000000000000ULL;

struct keyed {
    std::uint64_t key;
    std::uint32_t idx;
};

// Scratch space reused by every sort of one build_zone_maps call.
struct sort_workspace {
    std::vector<keyed> tmp;
    std::vector<std::uint32_t> hist;
};

unsigned bit_width(std::uint64_t v) noexcept {
    unsigned b = 0;
    while (b < 64 && (v >> b) != 0) ++b;
    return b;
}

void insertion_sort(keyed* a, std::size_t n) noexcept {
    for (std::size_t i = 1; i < n; ++i) {
        const keyed x = a[i];
        std::size_t j = i;
        for (; j > 0 && a[j - 1].key > x.key; --j) a[j] = a[j - 1];
        a[j] = x;
    }
}

// Stable sort of a[0, n) by key: MSD radix over the bits in which the keys differ (up to 11-bit digits, fewer for
// small ranges), `tmp` as scratch; small ranges by insertion sort. The first pass scatters the whole range once;
// the buckets it makes are small enough to be sorted in cache.
void msd_sort(keyed* a, keyed* tmp, std::size_t n, std::vector<std::uint32_t>& hist, std::size_t depth) {
    if (n <= 48) {
        insertion_sort(a, n);
        return;
    }
    const std::uint64_t first = a[0].key;
    std::uint64_t diff = 0;
    for (std::size_t i = 0; i < n; ++i) diff |= a[i].key ^ first;
    if (diff == 0) return;
    const unsigned top = bit_width(diff);  // keys agree above bit top - 1
    const unsigned digit_bits = std::min({11U, top, std::max(4U, bit_width(n) - 3U)});
    const unsigned shift = top - digit_bits;
    const std::size_t buckets = std::size_t{1} << digit_bits;
    const std::uint64_t mask = buckets - 1;
    const std::size_t offset = depth * 4100;  // this level's bucket starts (buckets + 1) and scatter cursors
    if (hist.size() < offset + 4100) hist.resize(offset + 4100);
    std::uint32_t* h = hist.data() + offset;
    std::uint32_t* next = h + 2050;
    std::fill(h, h + buckets + 1, 0U);
    for (std::size_t i = 0; i < n; ++i) ++h[((a[i].key >> shift) & mask) + 1];
    for (std::size_t d = 0; d < buckets; ++d) h[d + 1] += h[d];
    // h[d] = start of bucket d; scatter, then copy back (sequential) and sort each bucket on the lower bits.
    std::copy(h, h + buckets, next);
    for (std::size_t i = 0; i < n; ++i) tmp[next[(a[i].key >> shift) & mask]++] = a[i];
    std::copy(tmp, tmp + n, a);
    if (shift == 0) return;
    for (std::size_t d = 0; d < buckets; ++d) {
        const std::uint32_t b = hist[offset + d];
        const std::uint32_t e = hist[offset + d + 1];
        if (e - b > 1) msd_sort(a + b, tmp + b, e - b, hist, depth + 1);
    }
}

void radix_sort(keyed* a, std::size_t n, sort_workspace& w) {
    if (n < 2) return;
    if (w.tmp.size() < n) w.tmp.resize(n);
    msd_sort(a, w.tmp.data(), n, w.hist, 0);
}

std::uint64_t unsigned_image(std::int64_t v) noexcept { return static_cast<std::uint64_t>(v) ^ sign_bit; }

// spread[k][byte]: the byte's 8 bits placed k apart (bit t at bit t*k), for the z-order's bit interleaving.
std::vector<std::array<std::uint64_t, 256>> make_spread_tables() {
    std::vector<std::array<std::uint64_t, 256>> tables(max_interleaved_sort_columns + 1);
    for (std::size_t k = 1; k <= max_interleaved_sort_columns; ++k)
        for (unsigned byte = 0; byte < 256; ++byte) {
            std::uint64_t spread = 0;
            for (unsigned t = 0; t < 8; ++t)
                if ((byte >> t) & 1U) spread |= std::uint64_t{1} << (t * k);
            tables[k][byte] = spread;
        }
    return tables;
}

const column_data& key_column(const table_data& data, const std::string& name) {
    const column_data* c = data.find(name);
    if (c == nullptr)
        throw tune_error("starshift.tune.sortkey_not_read", data.name, name,
                         "the sort key column's values were not read (table_data has no such column)");
    if (c->size() != data.sampled_rows())
        throw tune_error("starshift.tune.distribution_mismatch", data.name, name,
                         "the column holds " + std::to_string(c->size()) + " rows, the table " +
                              std::to_string(data.sampled_rows()));
    return *c;
}

// Interleaved sort of every slice's sorted region into rank (see build_zone_maps). Every key column gets `bits`
// bits of a z-order code. A value is ranked among the region's non-NULL values of its column (rank = the position
// of its first occurrence in sorted order) and the rank scaled to a bucket: bucket = rank * 2^bits / non_null_rows,
// so each column spreads over the same bucket range whatever its value distribution: equal weight per column. NULL
// takes the last bucket. The code interleaves the buckets' bits from the most significant down, the first key
// column first at every level; rows are sorted by code (ties in load order). `bits` gives 64 buckets per block of
// the region (finer cannot move a block boundary by more than 1/64 of a block's rank range), at most 20 and 64 / k.
struct slice_layout {
    const std::vector<std::uint32_t>& slice_index;
    const std::vector<std::size_t>& start;         // slice s: rank[start[s] ...]
    const std::vector<std::size_t>& sorted_count;  // rows of the sorted region per slice
};

void z_order_sort(const slice_layout& layout, std::uint64_t block_rows, const std::vector<const column_data*>& cols,
                  sort_workspace& w, std::vector<keyed>& items, std::vector<std::uint64_t>& codes,
                  std::uint32_t* rank) {
    static const auto spread = make_spread_tables();
    const std::size_t slices = layout.sorted_count.size();
    const std::size_t n = layout.slice_index.size();
    const std::size_t k = cols.size();
    std::vector<std::size_t> item_start(slices + 1, 0);
    std::vector<unsigned> bits(slices);
    for (std::size_t s = 0; s < slices; ++s) {
        const std::size_t m = layout.sorted_count[s];
        item_start[s + 1] = item_start[s] + m;
        const std::uint64_t region_blocks = (m + block_rows - 1) / std::max<std::uint64_t>(1, block_rows);
        bits[s] = std::max(1U, std::min({20U, static_cast<unsigned>(64 / k), bit_width(region_blocks) + 6U}));
    }
    codes.assign(item_start[slices], 0);
    items.resize(item_start[slices]);
    const auto& table = spread[k];
    auto z_of = [&](std::uint64_t bucket, unsigned b) {
        std::uint64_t z = 0;
        for (unsigned byte = 0; byte * 8 < b && byte * 8 * k < 64; ++byte)
            z |= table[(bucket >> (8U * byte)) & 0xffU] << (8U * byte * k);
        return z;
    };
    std::vector<std::size_t> seen(slices);
    std::vector<std::size_t> non_null(slices);
    for (std::size_t j = 0; j < k; ++j) {
        const column_data& c = *cols[j];
        const auto lane = static_cast<unsigned>(k - 1 - j);
        // One sequential pass: the non-NULL values of each slice's sorted region, compacted per slice.
        std::fill(seen.begin(), seen.end(), 0);
        std::fill(non_null.begin(), non_null.end(), 0);
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t s = layout.slice_index[i];
            const std::size_t pos = seen[s]++;
            if (pos >= layout.sorted_count[s]) continue;
            if (c.nulls[i]) {
                codes[item_start[s] + pos] |= z_of((std::uint64_t{1} << bits[s]) - 1, bits[s]) << lane;
                continue;
            }
            items[item_start[s] + non_null[s]++] = {unsigned_image(c.sort_values[i]), static_cast<std::uint32_t>(pos)};
        }
        for (std::size_t s = 0; s < slices; ++s) {
            keyed* a = items.data() + item_start[s];
            const std::size_t nn = non_null[s];
            radix_sort(a, nn, w);
            std::uint64_t* code = codes.data() + item_start[s];
            // Bucket per item, then the items back in load order (a radix sort on the position: a cache-friendly
            // scatter, where writing each bucket straight to code[position] would miss the cache on every row).
            std::size_t run_start = 0;
            std::uint64_t previous = 0;
            for (std::size_t q = 0; q < nn; ++q) {
                if (q > 0 && a[q].key != previous) run_start = q;
                previous = a[q].key;
                const std::uint64_t bucket = (static_cast<std::uint64_t>(run_start) << bits[s]) / nn;
                a[q] = {a[q].idx, static_cast<std::uint32_t>(bucket)};
            }
            radix_sort(a, nn, w);
            for (std::size_t q = 0; q < nn; ++q) code[a[q].key] |= z_of(a[q].idx, bits[s]) << lane;
        }
    }
    for (std::size_t s = 0; s < slices; ++s) {
        keyed* a = items.data() + item_start[s];
        const std::uint64_t* code = codes.data() + item_start[s];
        const std::size_t m = layout.sorted_count[s];
        for (std::size_t p = 0; p < m; ++p) a[p] = {code[p], static_cast<std::uint32_t>(p)};
        radix_sort(a, m, w);
        std::uint32_t* r = rank + layout.start[s];
        for (std::size_t q = 0; q < m; ++q) r[a[q].idx] = static_cast<std::uint32_t>(q);
    }
}

// A compound key packed into one 64-bit integer when the key columns' value ranges fit: column j contributes
// (value - min_j), or range_j + 1 for NULL (NULLs last), in width_j bits, the first column most significant.
struct packed_key {
    bool fits = false;
    std::vector<std::uint64_t> min;
    std::vector<unsigned> shift;
    std::vector<std::uint64_t> null_code;
};

packed_key plan_packed_key(const std::vector<const column_data*>& cols) {
    packed_key plan;
    unsigned total = 0;
    std::vector<unsigned> widths;
    for (const column_data* c : cols) {
        std::uint64_t lo = std::numeric_limits<std::uint64_t>::max();
        std::uint64_t hi = 0;
        bool any_null = false;
        const std::size_t n = c->size();
        for (std::size_t i = 0; i < n; ++i) {
            if (c->nulls[i]) {
                any_null = true;
                continue;
            }
            const std::uint64_t u = unsigned_image(c->sort_values[i]);
            lo = std::min(lo, u);
            hi = std::max(hi, u);
        }
        if (lo > hi) lo = hi = 0;  // no value: NULLs only
        const std::uint64_t range = hi - lo;
        if (any_null && range == std::numeric_limits<std::uint64_t>::max()) return plan;  // no room for the NULL code
        const unsigned width = bit_width(range + (any_null ? 1 : 0));
        total += width;
        if (total > 64) return plan;
        plan.min.push_back(lo);
        plan.null_code.push_back(range + 1);
        widths.push_back(width);
    }
    plan.shift.resize(cols.size());
    unsigned below = 0;
    for (std::size_t j = cols.size(); j-- > 0;) {
        plan.shift[j] = below;
        below += widths[j];
    }
    plan.fits = true;
    return plan;
}

}  // namespace

namespace {

std::uint64_t null_count(const column_data& column) noexcept {
    std::uint64_t nulls = 0;
    for (const bool null : column.nulls) nulls += null ? 1 : 0;
    return nulls;
}

bool variable_width(type_kind k) noexcept {
    return k == type_kind::varchar || k == type_kind::varbyte || k == type_kind::super || k == type_kind::geometry ||
           k == type_kind::geography || k == type_kind::hllsketch;
}

bool needs_null_count(const column_data& column) noexcept {
    return variable_width(column.type.kind) || (column.type.kind == type_kind::char_ && column.type.length == 0);
}

double width_of(const column_data& column, std::uint64_t nulls) noexcept {
    switch (column.type.kind) {
        case type_kind::smallint: return 2;
        case type_kind::integer: return 4;
        case type_kind::bigint: return 8;
        case type_kind::decimal: return column.type.precision <= 19 ? 8 : 16;
        case type_kind::real: return 4;
        case type_kind::double_precision: return 8;
        case type_kind::boolean: return 1;
        case type_kind::date: return 4;
        case type_kind::timestamp:
        case type_kind::timestamptz:
        case type_kind::time:
        case type_kind::timetz: return 8;  // r_Datetime_types: TIME and TIMETZ take 8 bytes
        case type_kind::char_:
            if (column.type.length > 0) return column.type.length;
            [[fallthrough]];
        case type_kind::varchar:
        case type_kind::varbyte:
        case type_kind::super:
        case type_kind::geometry:
        case type_kind::geography:
        case type_kind::hllsketch: {
            const std::uint64_t values = column.size() - nulls;
            if (values == 0 || column.total_bytes == 0) return 1;
            return std::max(1.0, static_cast<double>(column.total_bytes) / static_cast<double>(values));
        }
    }
    return 8;
}

double ratio_of(const column_data& column, const zone_map_options& options) noexcept {
    const auto it = options.column_compression_ratio.find(column.name);
    const double ratio = it != options.column_compression_ratio.end() ? it->second : options.compression_ratio;
    return ratio > 0 ? ratio : 1.0;
}

std::uint64_t block_rows(double width, double ratio, const zone_map_options& options) noexcept {
    const double rows = std::floor(static_cast<double>(options.block_bytes) * ratio / width);
    return rows < 1 ? 1 : static_cast<std::uint64_t>(rows);
}

}  // namespace

double value_width(const column_data& column) {
    return width_of(column, needs_null_count(column) ? null_count(column) : 0);
}

std::uint64_t rows_per_block(const column_data& column, const zone_map_options& options) {
    return block_rows(value_width(column), ratio_of(column, options), options);
}

struct zone_map_workspace::buffers {
    std::vector<std::uint32_t> slice_index;
    std::vector<std::uint32_t> order;
    std::vector<std::uint32_t> rank;
    std::vector<std::uint32_t> perm;
    std::vector<keyed> items;
    std::vector<keyed> column_items;
    std::vector<std::uint64_t> codes;
    std::vector<std::int64_t> mins;
    std::vector<std::int64_t> maxs;
    sort_workspace sort;
};

zone_map_workspace::zone_map_workspace() : buffers_(std::make_unique<buffers>()) {}
zone_map_workspace::~zone_map_workspace() = default;
zone_map_workspace::zone_map_workspace(zone_map_workspace&&) noexcept = default;
zone_map_workspace& zone_map_workspace::operator=(zone_map_workspace&&) noexcept = default;

zone_maps build_zone_maps(const table_data& data, const table_design& design, const slice_distribution& distribution,
                          const zone_map_options& options) {
    zone_map_workspace workspace;
    return build_zone_maps(data, design, distribution, options, workspace);
}

namespace {

using buffers = zone_map_workspace::buffers;

// The columns to map: all of data's, or the ones options name (each must have been read).
std::vector<const column_data*> mapped_columns(const table_data& data, const zone_map_options& options) {
    std::vector<const column_data*> mapped;
    if (options.columns.empty()) {
        for (const auto& c : data.columns) mapped.push_back(&c);
        return mapped;
    }
    for (const auto& name : options.columns) {
        const column_data* c = data.find(name);
        if (c == nullptr)
            throw tune_error("starshift.tune.filter_column", data.name, name,
                             "zone maps asked for a column whose values were not read");
        mapped.push_back(c);
    }
    return mapped;
}

void check_inputs(const table_data& data, const slice_distribution& distribution, const zone_map_options& options,
                  std::size_t n) {
    if (n > std::numeric_limits<std::uint32_t>::max())
        throw tune_error("starshift.tune.distribution_mismatch", data.name, "", "more than 2^32 - 1 sampled rows");
    if (distribution.row_slice.size() != n)
        throw tune_error("starshift.tune.distribution_mismatch", data.name, "",
                         "the distribution places " + std::to_string(distribution.row_slice.size()) +
                              " rows, the table data holds " + std::to_string(n));
    if (!(options.unsorted_fraction >= 0.0 && options.unsorted_fraction <= 1.0))
        throw tune_error("starshift.tune.bad_unsorted_fraction", data.name, "",
                         "unsorted_fraction must be in [0, 1], not " + std::to_string(options.unsorted_fraction));
}

// Where the rows are: slice s holds local load positions [0, start[s+1] - start[s]), the first sorted_count[s] of
// them in its sorted region.
struct slice_regions {
    std::vector<std::size_t> start;
    std::vector<std::size_t> sorted_count;
    std::size_t slices() const noexcept { return sorted_count.size(); }
};

// The slice of every row into slice_index (an ALL table: one copy, on slice 0), and the slices' regions.
slice_regions place_rows(const table_data& data, const slice_distribution& distribution,
                         const zone_map_options& options, std::size_t n, std::vector<std::uint32_t>& slice_index) {
    const bool all = distribution.effective == dist_style::all;
    const std::size_t slices = std::max<std::size_t>(1, distribution.rows.size());
    slice_index.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const int s = distribution.row_slice[i];
        const std::size_t slice = all || s < 0 ? 0 : static_cast<std::size_t>(s);
        if (slice >= slices)
            throw tune_error("starshift.tune.distribution_mismatch", data.name, "",
                             "row " + std::to_string(i) + " is on slice " + std::to_string(slice) +
                                  " of a distribution over " + std::to_string(slices));
        slice_index[i] = static_cast<std::uint32_t>(slice);
    }
    slice_regions r{std::vector<std::size_t>(slices + 1, 0), std::vector<std::size_t>(slices, 0)};
    for (std::size_t i = 0; i < n; ++i) ++r.start[slice_index[i] + 1];
    for (std::size_t s = 0; s < slices; ++s) r.start[s + 1] += r.start[s];
    for (std::size_t s = 0; s < slices; ++s) {
        const std::size_t rows = r.start[s + 1] - r.start[s];
        const auto unsorted =
            static_cast<std::size_t>(std::llround(static_cast<double>(rows) * options.unsorted_fraction));
        r.sorted_count[s] = rows - std::min(rows, unsorted);
    }
    return r;
}

// Sampled rows per block of a column (a sampled row stands for 1 / sample_fraction rows).
std::uint64_t sampled_block_rows(const column_data& c, std::uint64_t nulls, const zone_map_options& options,
                                 double fraction) {
    return std::max<std::uint64_t>(
        1, static_cast<std::uint64_t>(std::floor(
               static_cast<double>(block_rows(width_of(c, nulls), ratio_of(c, options), options)) * fraction)));
}

struct block_sizes {
    std::vector<std::uint64_t> nulls;      // per mapped column
    std::vector<std::uint64_t> per_block;  // sampled rows per block, per mapped column
    std::uint64_t smallest = std::numeric_limits<std::uint64_t>::max();
};

block_sizes plan_blocks(const table_data& data, const std::vector<const column_data*>& mapped,
                        const zone_map_options& options, double fraction) {
    block_sizes b;
    for (const column_data* c : mapped) {
        b.nulls.push_back(null_count(*c));
        b.per_block.push_back(sampled_block_rows(*c, b.nulls.back(), options, fraction));
    }
    // The interleaved sort's resolution follows the smallest block of any column of the data (not only the mapped
    // ones, so that a column's blocks do not depend on which other columns are mapped).
    for (const auto& c : data.columns) {
        std::uint64_t nulls = 0;
        if (needs_null_count(c)) {
            const auto it = std::find(mapped.begin(), mapped.end(), &c);
            nulls = it != mapped.end() ? b.nulls[static_cast<std::size_t>(it - mapped.begin())] : null_count(c);
        }
        b.smallest = std::min(b.smallest, sampled_block_rows(c, nulls, options, fraction));
    }
    return b;
}

// Compound key that fits 64 bits: one key per row, computed in one sequential pass, placed per slice (load order
// kept), radix sorted.
void packed_sort(const packed_key& plan, const std::vector<const column_data*>& cols, const slice_regions& r,
                 std::size_t n, buffers& ws) {
    const std::size_t slices = r.slices();
    auto& items = ws.items;
    std::vector<std::size_t> item_start(slices + 1, 0);
    for (std::size_t s = 0; s < slices; ++s) item_start[s + 1] = item_start[s] + r.sorted_count[s];
    items.resize(item_start[slices]);
    std::vector<std::size_t> seen(slices, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t s = ws.slice_index[i];
        const std::size_t k = seen[s]++;
        if (k >= r.sorted_count[s]) continue;  // the unsorted region
        std::uint64_t packed = 0;
        for (std::size_t j = 0; j < cols.size(); ++j) {
            const column_data& c = *cols[j];
            const std::uint64_t v = c.nulls[i] ? plan.null_code[j] : unsigned_image(c.sort_values[i]) - plan.min[j];
            packed |= v << plan.shift[j];
        }
        items[item_start[s] + k] = {packed, static_cast<std::uint32_t>(k)};
    }
    for (std::size_t s = 0; s < slices; ++s) {
        keyed* a = items.data() + item_start[s];
        radix_sort(a, r.sorted_count[s], ws.sort);
        std::uint32_t* rank = ws.rank.data() + r.start[s];
        for (std::size_t p = 0; p < r.sorted_count[s]; ++p) rank[a[p].idx] = static_cast<std::uint32_t>(p);
    }
}

// Wide compound keys: per slice, LSD over the key columns, a stable sort by the last column first, NULLs moved last.
void wide_sort(const std::vector<const column_data*>& cols, const slice_regions& r, std::size_t n, buffers& ws) {
    const std::size_t slices = r.slices();
    // The rows of each slice in load order.
    auto& order = ws.order;
    order.resize(n);
    std::vector<std::size_t> next(r.start.begin(), r.start.end() - 1);
    for (std::size_t i = 0; i < n; ++i) order[next[ws.slice_index[i]]++] = static_cast<std::uint32_t>(i);
    auto& perm = ws.perm;
    auto& items = ws.items;
    for (std::size_t s = 0; s < slices; ++s) {
        const std::uint32_t* rows = order.data() + r.start[s];
        const std::size_t m = r.sorted_count[s];
        perm.resize(m);
        for (std::size_t k = 0; k < m; ++k) perm[k] = static_cast<std::uint32_t>(k);
        for (std::size_t j = cols.size(); j-- > 0;) {
            const column_data& c = *cols[j];
            items.clear();
            bool any_null = false;
            for (const std::uint32_t k : perm) {
                const std::uint32_t row = rows[k];
                const bool null = c.nulls[row];
                any_null = any_null || null;
                items.push_back({null ? 0 : unsigned_image(c.sort_values[row]), k});
            }
            radix_sort(items.data(), items.size(), ws.sort);
            std::size_t p = 0;
            for (const auto& item : items)
                if (!any_null || !c.nulls[rows[item.idx]]) perm[p++] = item.idx;
            if (any_null)
                for (const auto& item : items)
                    if (c.nulls[rows[item.idx]]) perm[p++] = item.idx;
        }
        std::uint32_t* rank = ws.rank.data() + r.start[s];
        for (std::size_t p = 0; p < m; ++p) rank[perm[p]] = static_cast<std::uint32_t>(p);
    }
}

// Orders each slice's sorted region by the sort key: rank[start[s] + k] = the sorted position of the slice's k-th
// row in load order (k < sorted_count[s]; the unsorted region keeps its load position). False: no sort key.
bool sort_regions(const table_data& data, const sort_key& key, const slice_regions& r, std::uint64_t smallest_block,
                  std::size_t n, buffers& ws) {
    if (key.style == sort_style::automatic || key.columns.empty() || n == 0) return false;
    std::vector<const column_data*> cols;
    for (const auto& name : key.columns) cols.push_back(&key_column(data, name));
    ws.rank.resize(n);
    const packed_key plan = key.style == sort_style::compound ? plan_packed_key(cols) : packed_key{};
    if (plan.fits)
        packed_sort(plan, cols, r, n, ws);
    else if (key.style == sort_style::interleaved)
        z_order_sort(slice_layout{ws.slice_index, r.start, r.sorted_count}, smallest_block, cols, ws.sort,
                     ws.column_items, ws.codes, ws.rank.data());
    else
        wide_sort(cols, r, n, ws);
    return true;
}

// Per slice, where its blocks start in a column's blocks and how many hold the sorted region.
struct block_layout {
    std::vector<std::size_t> base;
    std::vector<std::size_t> sorted_blocks;
};

// A column's empty blocks, a sorted region then an unsorted region per slice, with their row counts: per_block
// each, the last block of each region the remainder.
void lay_out_blocks(const slice_regions& r, std::uint64_t per_block, double fraction, std::vector<block>& blocks,
                    block_layout& layout) {
    const std::size_t slices = r.slices();
    blocks.clear();
    for (std::size_t s = 0; s < slices; ++s) {
        const std::uint64_t sorted_rows = r.sorted_count[s];
        const std::uint64_t unsorted_rows = r.start[s + 1] - r.start[s] - r.sorted_count[s];
        layout.base[s] = blocks.size();
        layout.sorted_blocks[s] = static_cast<std::size_t>((sorted_rows + per_block - 1) / per_block);
        const auto unsorted_blocks = static_cast<std::size_t>((unsorted_rows + per_block - 1) / per_block);
        for (std::size_t k = 0; k < layout.sorted_blocks[s] + unsorted_blocks; ++k) {
            block bl;
            bl.slice = static_cast<int>(s);
            bl.min = std::numeric_limits<std::int64_t>::max();
            bl.max = std::numeric_limits<std::int64_t>::min();
            bl.all_null = true;
            bl.unsorted = k >= layout.sorted_blocks[s];
            blocks.push_back(bl);
        }
    }
    for (std::size_t s = 0; s < slices; ++s) {
        const std::uint64_t sorted_rows = r.sorted_count[s];
        const std::uint64_t region_rows[2] = {sorted_rows, r.start[s + 1] - r.start[s] - sorted_rows};
        std::size_t b = layout.base[s];
        for (const std::uint64_t rows : region_rows)
            for (std::uint64_t left = rows; left > 0; left -= std::min(left, per_block)) {
                const std::uint64_t in_block = std::min(left, per_block);
                blocks[b++].rows = fraction < 1.0 ? static_cast<std::uint64_t>(
                                                        std::llround(static_cast<double>(in_block) / fraction))
                                                  : in_block;
            }
    }
}

// min / max of a column's blocks in one sequential pass over the column; block = position / per_block, by a
// reciprocal.
void fill_min_max(const column_data& c, std::uint64_t per_block, bool has_nulls, bool has_key, const slice_regions& r,
                  const block_layout& layout, buffers& ws, std::vector<std::uint64_t>& seen, std::vector<block>& blocks) {
    auto& mins = ws.mins;
    auto& maxs = ws.maxs;
    mins.assign(blocks.size(), std::numeric_limits<std::int64_t>::max());
    maxs.assign(blocks.size(), std::numeric_limits<std::int64_t>::min());
    const std::int64_t* values = c.sort_values.data();
    const double inverse = 1.0 / static_cast<double>(per_block);
    auto divide = [per_block, inverse](std::uint64_t p) {
        auto q = static_cast<std::uint64_t>(static_cast<double>(p) * inverse);
        if (q * per_block > p) --q;
        else if ((q + 1) * per_block <= p) ++q;
        return q;
    };
    const std::size_t n = c.size();
    const auto& slice_index = ws.slice_index;
    const auto& rank = ws.rank;
    seen.assign(r.slices(), 0);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t s = slice_index[i];
        const std::uint64_t sc = r.sorted_count[s];
        const std::uint64_t k = seen[s]++;
        if (has_nulls && c.nulls[i]) continue;
        const std::uint64_t p = has_key && k < sc ? rank[r.start[s] + k] : k;
        const std::size_t bi =
            layout.base[s] + (p < sc ? static_cast<std::size_t>(divide(p))
                                     : layout.sorted_blocks[s] + static_cast<std::size_t>(divide(p - sc)));
        const std::int64_t v = values[i];
        mins[bi] = std::min(mins[bi], v);
        maxs[bi] = std::max(maxs[bi], v);
    }
    for (std::size_t b = 0; b < blocks.size(); ++b) {
        blocks[b].all_null = mins[b] > maxs[b];
        blocks[b].min = blocks[b].all_null ? 0 : mins[b];
        blocks[b].max = blocks[b].all_null ? 0 : maxs[b];
    }
}

}  // namespace

zone_maps build_zone_maps(const table_data& data, const table_design& design, const slice_distribution& distribution,
                          const zone_map_options& options, zone_map_workspace& workspace) {
    auto& ws = workspace.get();
    zone_maps maps;
    maps.table = data.name;
    const std::vector<const column_data*> mapped = mapped_columns(data, options);
    for (const column_data* c : mapped) maps.columns.push_back(c->name);
    maps.blocks.resize(mapped.size());

    const std::size_t n = data.sampled_rows();
    check_inputs(data, distribution, options, n);
    const double fraction = data.sample_fraction > 0 && data.sample_fraction <= 1 ? data.sample_fraction : 1.0;
    const slice_regions regions = place_rows(data, distribution, options, n, ws.slice_index);
    const block_sizes sizes = plan_blocks(data, mapped, options, fraction);
    const bool has_key = sort_regions(data, design.sortkey, regions, sizes.smallest, n, ws);

    // Blocks, column by column.
    block_layout layout{std::vector<std::size_t>(regions.slices()), std::vector<std::size_t>(regions.slices())};
    std::vector<std::uint64_t> seen(regions.slices(), 0);
    for (std::size_t ci = 0; ci < mapped.size(); ++ci) {
        const column_data& c = *mapped[ci];
        if (c.size() != n)
            throw tune_error("starshift.tune.distribution_mismatch", data.name, c.name,
                             "the column holds " + std::to_string(c.size()) + " rows, the table " + std::to_string(n));
        lay_out_blocks(regions, sizes.per_block[ci], fraction, maps.blocks[ci], layout);
        fill_min_max(c, sizes.per_block[ci], sizes.nulls[ci] > 0, has_key, regions, layout, ws, seen, maps.blocks[ci]);
    }
    return maps;
}

scan_estimate estimate_scan(const zone_maps& maps, const table_data& data, const filter& f) {
    scan_estimate out;
    out.query = f.query;
    out.column = f.column;
    const std::string& name = f.column.column;
    if (!f.column.table.empty() && !iequals(f.column.table, maps.table))
        throw tune_error("starshift.tune.filter_column", f.column.table, name,
                         "the filter is on table " + f.column.table + ", the zone maps are of " + maps.table);
    std::size_t ci = maps.columns.size();
    for (std::size_t i = 0; i < maps.columns.size() && ci == maps.columns.size(); ++i)
        if (maps.columns[i] == name) ci = i;
    for (std::size_t i = 0; i < maps.columns.size() && ci == maps.columns.size(); ++i)
        if (iequals(maps.columns[i], name)) ci = i;
    const column_data* column = data.find(name);
    if (ci == maps.columns.size() || column == nullptr)
        throw tune_error("starshift.tune.filter_column", maps.table, name,
                         "the filtered column is not in the zone maps (its values were not read)");

    auto image = [&](const std::string& text) {
        const auto v = sort_value(column->type, text);
        if (!v)
            throw tune_error("starshift.tune.bad_value", maps.table, name,
                             "filter constant '" + text + "' is not a value of type " + to_sql(column->type));
        return *v;
    };

    const std::vector<block>& blocks = maps.blocks[ci];
    out.blocks_stored = blocks.size();
    switch (f.kind) {
        case predicate_kind::equality:
        case predicate_kind::range: {
            std::int64_t lo = std::numeric_limits<std::int64_t>::min();
            std::int64_t hi = std::numeric_limits<std::int64_t>::max();
            if (f.kind == predicate_kind::equality) {
                const std::optional<std::string>& v = f.low ? f.low : f.high;
                if (!v)
                    throw tune_error("starshift.tune.bad_value", maps.table, name, "an equality filter without a value");
                lo = hi = image(*v);
            } else {
                if (f.low) lo = image(*f.low);
                if (f.high) hi = image(*f.high);
            }
            if (lo > hi) break;
            for (const auto& b : blocks)
                if (!b.all_null && b.max >= lo && b.min <= hi) ++out.blocks_read;
            break;
        }
        case predicate_kind::in_list: {
            std::vector<std::int64_t> values;
            values.reserve(f.values.size());
            for (const auto& v : f.values) values.push_back(image(v));
            std::sort(values.begin(), values.end());
            for (const auto& b : blocks) {
                if (b.all_null) continue;
                const auto it = std::lower_bound(values.begin(), values.end(), b.min);
                if (it != values.end() && *it <= b.max) ++out.blocks_read;
            }
            break;
        }
    }
    return out;
}

}  // namespace starshift::tune
