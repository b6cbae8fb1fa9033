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

#include "starshift/model/error.hpp"

namespace starshift::tune {
namespace {

constexpr std::uint64_t sign_bit = 0x8000000000000000ULL;

struct keyed {
    std::uint64_t key;
    std::uint32_t idx;
};

// Stable sort of `a` by key (LSD radix, 8-bit digits); `tmp` is scratch space.
void radix_sort(std::vector<keyed>& a, std::vector<keyed>& tmp) {
    const std::size_t n = a.size();
    if (n < 2) return;
    if (n < 128) {
        std::stable_sort(a.begin(), a.end(), [](const keyed& x, const keyed& y) { return x.key < y.key; });
        return;
    }
    std::vector<std::array<std::uint32_t, 256>> hist(8);
    for (auto& h : hist) h.fill(0);
    for (const auto& item : a)
        for (unsigned d = 0; d < 8; ++d) ++hist[d][(item.key >> (8U * d)) & 0xffU];
    tmp.resize(n);
    for (unsigned d = 0; d < 8; ++d) {
        auto& h = hist[d];
        if (h[(a.front().key >> (8U * d)) & 0xffU] == n) continue;  // every key has the same digit here
        std::uint32_t sum = 0;
        for (auto& c : h) {
            const std::uint32_t count = c;
            c = sum;
            sum += count;
        }
        for (const auto& item : a) tmp[h[(item.key >> (8U * d)) & 0xffU]++] = item;
        a.swap(tmp);
    }
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
        throw model_error("starshift.tune.sortkey_not_read", data.name, name,
                          "the sort key column's values were not read (table_data has no such column)");
    if (c->size() != data.sampled_rows())
        throw model_error("starshift.tune.distribution_mismatch", data.name, name,
                          "the column holds " + std::to_string(c->size()) + " rows, the table " +
                              std::to_string(data.sampled_rows()));
    return *c;
}

// Interleaved sort: every key column gets `bits` bits of a z-order code. A column's value is ranked among the
// table's non-NULL values of that column (rank = position of the first row with that value in sorted order), and the
// rank scaled to a bucket: bucket = rank * 2^bits / non_null_rows, so each column spreads over the same bucket range
// whatever its value distribution: equal weight per column. NULL takes the last bucket. The code interleaves the
// buckets' bits from the most significant down, the first key column first at every level.
std::vector<std::uint64_t> z_order_codes(const table_data& data, const std::vector<std::string>& key_columns) {
    static const auto spread = make_spread_tables();
    const std::size_t n = data.sampled_rows();
    const std::size_t k = key_columns.size();
    const unsigned bits = std::min(20U, static_cast<unsigned>(64 / k));
    const std::uint64_t buckets = std::uint64_t{1} << bits;
    std::vector<std::uint64_t> codes(n, 0);
    std::vector<keyed> items;
    std::vector<keyed> tmp;
    items.reserve(n);
    for (std::size_t j = 0; j < k; ++j) {
        const column_data& c = key_column(data, key_columns[j]);
        const unsigned lane = static_cast<unsigned>(k - 1 - j);
        auto place = [&](std::uint32_t row, std::uint64_t bucket) {
            std::uint64_t z = 0;
            for (unsigned m = 0; m * 8 < bits && m * 8 * k < 64; ++m)
                z |= spread[k][(bucket >> (8U * m)) & 0xffU] << (8U * m * k);
            codes[row] |= z << lane;
        };
        items.clear();
        for (std::size_t i = 0; i < n; ++i) {
            if (c.nulls[i]) place(static_cast<std::uint32_t>(i), buckets - 1);
            else items.push_back({unsigned_image(c.sort_values[i]), static_cast<std::uint32_t>(i)});
        }
        radix_sort(items, tmp);
        const std::uint64_t non_null = items.size();
        std::size_t run_start = 0;
        for (std::size_t p = 0; p < items.size(); ++p) {
            if (p > 0 && items[p].key != items[p - 1].key) run_start = p;
            place(items[p].idx, (static_cast<std::uint64_t>(run_start) << bits) / non_null);
        }
    }
    return codes;
}

}  // namespace

double value_width(const column_data& column) {
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
        case type_kind::timestamptz: return 8;
        case type_kind::char_:
            if (column.type.length > 0) return column.type.length;
            [[fallthrough]];
        case type_kind::varchar: {
            const auto nulls = static_cast<std::uint64_t>(std::count(column.nulls.begin(), column.nulls.end(), true));
            const std::uint64_t values = column.size() - nulls;
            if (values == 0 || column.total_bytes == 0) return 1;
            return std::max(1.0, static_cast<double>(column.total_bytes) / static_cast<double>(values));
        }
    }
    return 8;
}

std::uint64_t rows_per_block(const column_data& column, const zone_map_options& options) {
    const double ratio = options.compression_ratio > 0 ? options.compression_ratio : 1.0;
    const double rows = std::floor(static_cast<double>(options.block_bytes) * ratio / value_width(column));
    return rows < 1 ? 1 : static_cast<std::uint64_t>(rows);
}

zone_maps build_zone_maps(const table_data& data, const table_design& design, const slice_distribution& distribution,
                          const zone_map_options& options) {
    zone_maps maps;
    maps.table = data.name;
    for (const auto& c : data.columns) maps.columns.push_back(c.name);
    maps.blocks.resize(data.columns.size());

    const std::size_t n = data.sampled_rows();
    if (n > std::numeric_limits<std::uint32_t>::max())
        throw model_error("starshift.tune.distribution_mismatch", data.name, "", "more than 2^32 - 1 sampled rows");
    if (distribution.row_slice.size() != n)
        throw model_error("starshift.tune.distribution_mismatch", data.name, "",
                          "the distribution places " + std::to_string(distribution.row_slice.size()) +
                              " rows, the table data holds " + std::to_string(n));
    if (!(options.unsorted_fraction >= 0.0 && options.unsorted_fraction <= 1.0))
        throw model_error("starshift.tune.bad_unsorted_fraction", data.name, "",
                          "unsorted_fraction must be in [0, 1], not " + std::to_string(options.unsorted_fraction));
    const double fraction = data.sample_fraction > 0 && data.sample_fraction <= 1 ? data.sample_fraction : 1.0;
    const bool all = distribution.effective == dist_style::all;
    const std::size_t slices = std::max<std::size_t>(1, distribution.rows.size());

    // Slice of every row (an ALL table: one copy, on slice 0).
    auto slice_of = [&](std::size_t i) -> std::size_t {
        const int s = distribution.row_slice[i];
        return all || s < 0 ? 0 : static_cast<std::size_t>(s);
    };
    for (std::size_t i = 0; i < n; ++i)
        if (slice_of(i) >= slices)
            throw model_error("starshift.tune.distribution_mismatch", data.name, "",
                              "row " + std::to_string(i) + " is on slice " + std::to_string(slice_of(i)) +
                                  " of a distribution over " + std::to_string(slices));

    // Rows grouped by slice, load order kept (counting sort).
    std::vector<std::size_t> start(slices + 1, 0);
    for (std::size_t i = 0; i < n; ++i) ++start[slice_of(i) + 1];
    for (std::size_t s = 0; s < slices; ++s) start[s + 1] += start[s];
    std::vector<std::uint32_t> order(n);
    {
        std::vector<std::size_t> next(start.begin(), start.end() - 1);
        for (std::size_t i = 0; i < n; ++i) order[next[slice_of(i)]++] = static_cast<std::uint32_t>(i);
    }
    std::vector<std::size_t> sorted_count(slices, 0);
    for (std::size_t s = 0; s < slices; ++s) {
        const std::size_t rows = start[s + 1] - start[s];
        const auto unsorted = static_cast<std::size_t>(std::llround(static_cast<double>(rows) * options.unsorted_fraction));
        sorted_count[s] = rows - std::min(rows, unsorted);
    }

    // Order each slice's sorted region by the sort key.
    const sort_key& key = design.sortkey;
    const bool has_key = key.style != sort_style::automatic && !key.columns.empty();
    if (has_key && n > 0) {
        std::vector<keyed> items;
        std::vector<keyed> tmp;
        if (key.style == sort_style::interleaved) {
            const auto codes = z_order_codes(data, key.columns);
            for (std::size_t s = 0; s < slices; ++s) {
                const std::size_t b = start[s];
                const std::size_t e = b + sorted_count[s];
                items.clear();
                for (std::size_t p = b; p < e; ++p) items.push_back({codes[order[p]], order[p]});
                radix_sort(items, tmp);
                for (std::size_t p = b; p < e; ++p) order[p] = items[p - b].idx;
            }
        } else {
            std::vector<const column_data*> cols;
            for (const auto& name : key.columns) cols.push_back(&key_column(data, name));
            for (std::size_t s = 0; s < slices; ++s) {
                const std::size_t b = start[s];
                const std::size_t e = b + sorted_count[s];
                // LSD over the key columns: stable sort by the last column first, NULLs moved last after each.
                for (std::size_t j = cols.size(); j-- > 0;) {
                    const column_data& c = *cols[j];
                    items.clear();
                    bool any_null = false;
                    for (std::size_t p = b; p < e; ++p) {
                        const std::uint32_t row = order[p];
                        const bool null = c.nulls[row];
                        any_null = any_null || null;
                        items.push_back({null ? 0 : unsigned_image(c.sort_values[row]), row});
                    }
                    radix_sort(items, tmp);
                    std::size_t p = b;
                    for (const auto& item : items)
                        if (!any_null || !c.nulls[item.idx]) order[p++] = item.idx;
                    if (any_null)
                        for (const auto& item : items)
                            if (c.nulls[item.idx]) order[p++] = item.idx;
                }
            }
        }
    }

    // Position of every row in its slice.
    std::vector<std::uint32_t> pos(n);
    for (std::size_t s = 0; s < slices; ++s)
        for (std::size_t p = start[s]; p < start[s + 1]; ++p) pos[order[p]] = static_cast<std::uint32_t>(p - start[s]);
    order.clear();
    order.shrink_to_fit();
    std::vector<std::uint32_t> slice_index(n);
    for (std::size_t i = 0; i < n; ++i) slice_index[i] = static_cast<std::uint32_t>(slice_of(i));

    // Blocks, column by column: a sorted region then an unsorted region per slice.
    std::vector<std::size_t> base(slices);
    std::vector<std::size_t> sorted_blocks(slices);
    std::vector<std::uint64_t> counts;
    for (std::size_t ci = 0; ci < data.columns.size(); ++ci) {
        const column_data& c = data.columns[ci];
        if (c.size() != n)
            throw model_error("starshift.tune.distribution_mismatch", data.name, c.name,
                              "the column holds " + std::to_string(c.size()) + " rows, the table " + std::to_string(n));
        const std::uint64_t per_block_actual = rows_per_block(c, options);
        const auto per_block = std::max<std::uint64_t>(
            1, static_cast<std::uint64_t>(std::floor(static_cast<double>(per_block_actual) * fraction)));
        std::vector<block>& blocks = maps.blocks[ci];
        blocks.clear();
        for (std::size_t s = 0; s < slices; ++s) {
            const std::uint64_t sorted_rows = sorted_count[s];
            const std::uint64_t unsorted_rows = start[s + 1] - start[s] - sorted_count[s];
            base[s] = blocks.size();
            sorted_blocks[s] = static_cast<std::size_t>((sorted_rows + per_block - 1) / per_block);
            const auto unsorted_blocks = static_cast<std::size_t>((unsorted_rows + per_block - 1) / per_block);
            for (std::size_t k = 0; k < sorted_blocks[s] + unsorted_blocks; ++k) {
                block bl;
                bl.slice = static_cast<int>(s);
                bl.min = std::numeric_limits<std::int64_t>::max();
                bl.max = std::numeric_limits<std::int64_t>::min();
                bl.all_null = true;
                bl.unsorted = k >= sorted_blocks[s];
                blocks.push_back(bl);
            }
        }
        counts.assign(blocks.size(), 0);
        const std::int64_t* values = c.sort_values.data();
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t s = slice_index[i];
            const std::uint64_t p = pos[i];
            const std::uint64_t sc = sorted_count[s];
            const std::size_t local = p < sc ? static_cast<std::size_t>(p / per_block)
                                             : sorted_blocks[s] + static_cast<std::size_t>((p - sc) / per_block);
            const std::size_t bi = base[s] + local;
            ++counts[bi];
            if (c.nulls[i]) continue;
            block& bl = blocks[bi];
            const std::int64_t v = values[i];
            bl.min = std::min(bl.min, v);
            bl.max = std::max(bl.max, v);
            bl.all_null = false;
        }
        for (std::size_t b = 0; b < blocks.size(); ++b) {
            blocks[b].rows = fraction < 1.0 ? static_cast<std::uint64_t>(std::llround(static_cast<double>(counts[b]) / fraction))
                                            : counts[b];
            if (blocks[b].all_null) blocks[b].min = blocks[b].max = 0;
        }
    }
    return maps;
}

namespace {

char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

}  // namespace

scan_estimate estimate_scan(const zone_maps& maps, const table_data& data, const filter& f) {
    scan_estimate out;
    out.query = f.query;
    out.column = f.column;
    const std::string& name = f.column.column;
    if (!f.column.table.empty() && !iequals(f.column.table, maps.table))
        throw model_error("starshift.tune.filter_column", f.column.table, name,
                          "the filter is on table " + f.column.table + ", the zone maps are of " + maps.table);
    std::size_t ci = maps.columns.size();
    for (std::size_t i = 0; i < maps.columns.size() && ci == maps.columns.size(); ++i)
        if (maps.columns[i] == name) ci = i;
    for (std::size_t i = 0; i < maps.columns.size() && ci == maps.columns.size(); ++i)
        if (iequals(maps.columns[i], name)) ci = i;
    const column_data* column = data.find(name);
    if (ci == maps.columns.size() || column == nullptr)
        throw model_error("starshift.tune.filter_column", maps.table, name,
                          "the filtered column is not in the zone maps (its values were not read)");

    auto image = [&](const std::string& text) {
        const auto v = sort_value(column->type, text);
        if (!v)
            throw model_error("starshift.tune.bad_value", maps.table, name,
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
                    throw model_error("starshift.tune.bad_value", maps.table, name, "an equality filter without a value");
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
