// Slice simulation: rows and bytes per slice for DISTSTYLE KEY / EVEN / ALL / AUTO from the real column values.
#include "starshift/tune/slice_simulation.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "starshift/tune/tune_error.hpp"

namespace starshift::tune {
namespace {

// Largest-remainder apportionment of `total` rows over the slices in proportion to the sampled counts: every slice
// gets floor(count * total / n), the rows left over go one each to the largest fractional parts (ties: lower slice).
// A slice without sampled rows stays empty.
std::vector<std::uint64_t> apportion(const std::vector<std::uint64_t>& counts, std::uint64_t n, std::uint64_t total) {
    std::vector<std::uint64_t> rows(counts.size(), 0);
    std::vector<long double> frac(counts.size(), 0);
    std::uint64_t assigned = 0;
    for (std::size_t s = 0; s < counts.size(); ++s) {
        const long double exact =
            static_cast<long double>(counts[s]) * static_cast<long double>(total) / static_cast<long double>(n);
        const long double base = std::floor(exact);
        rows[s] = static_cast<std::uint64_t>(base);
        frac[s] = exact - base;
        assigned += rows[s];
    }
    std::vector<std::size_t> order(counts.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return frac[a] > frac[b]; });
    for (std::size_t k = 0; assigned < total && k < order.size(); ++k) {
        if (counts[order[k]] == 0) continue;
        ++rows[order[k]];
        ++assigned;
    }
    return rows;
}

}  // namespace

slice_distribution simulate_distribution(const table_data& data, const table_design& design,
                                         const cluster_shape& cluster, const simulation_options& options) {
    const int slices = cluster.slices();
    if (slices < 1 || cluster.type.slices_per_node < 1)
        throw tune_error("starshift.tune.bad_node_count", data.name, "",
                         "a cluster needs at least one node with at least one slice");
    const double fraction = data.sample_fraction;
    if (!(fraction > 0.0 && fraction <= 1.0))
        throw tune_error("starshift.tune.bad_sample_fraction", data.name, "",
                         "sample_fraction must be in (0, 1], not " + std::to_string(fraction));
    const auto n = static_cast<std::size_t>(data.sampled_rows());
    const bool sampled = fraction < 1.0 && n > 0;
    std::uint64_t total = n;
    if (n == 0) total = data.rows;
    else if (sampled) total = data.rows > 0 ? data.rows : static_cast<std::uint64_t>(std::llround(static_cast<double>(n) / fraction));

    slice_distribution out;
    out.effective = design.diststyle;
    if (out.effective == dist_style::automatic)
        out.effective = total <= options.auto_all_max_rows ? dist_style::all : dist_style::even;

    const auto slice_count = static_cast<std::size_t>(slices);
    std::vector<std::uint64_t> counts(slice_count, 0);
    out.row_slice.assign(n, -1);
    switch (out.effective) {
        case dist_style::all:
        case dist_style::automatic:
            break;
        case dist_style::even: {
            // Round robin in row order from slice 0.
            int s = 0;
            for (std::size_t i = 0; i < n; ++i) {
                out.row_slice[i] = s;
                if (++s == slices) s = 0;
            }
            const std::uint64_t rows_each = n / slice_count;
            const std::uint64_t extra = n % slice_count;
            for (std::size_t k = 0; k < slice_count; ++k) counts[k] = rows_each + (k < extra ? 1 : 0);
            break;
        }
        case dist_style::key: {
            if (!design.distkey)
                throw tune_error("starshift.tune.distkey_not_read", data.name, "", "DISTSTYLE KEY without a DISTKEY");
            const column_data* key = data.find(*design.distkey);
            if (key == nullptr || (key->size() != n))
                throw tune_error("starshift.tune.distkey_not_read", data.name, *design.distkey,
                                  "the DISTKEY column's values were not read (table_data has no such column)");
            const auto divisor = static_cast<std::uint64_t>(slices);
            const std::uint64_t* hashes = key->hashes.data();
            for (std::size_t i = 0; i < n; ++i) {
                // NULL keys all land on slice 0 (Redshift puts every NULL distribution key on one slice).
                const int s = key->nulls[i] ? 0 : static_cast<int>(hashes[i] % divisor);
                out.row_slice[i] = s;
                ++counts[static_cast<std::size_t>(s)];
            }
            break;
        }
    }

    // Rows per slice, scaled when sampled.
    if (out.effective == dist_style::all || out.effective == dist_style::automatic) {
        out.rows.assign(slice_count, 0);
        for (int node = 0; node < cluster.nodes; ++node)
            out.rows[static_cast<std::size_t>(node * cluster.type.slices_per_node)] = total;
    } else if (n == 0) {
        // No column read: EVEN from the row count alone (KEY has thrown above).
        out.rows.assign(slice_count, 0);
        for (std::size_t k = 0; k < slice_count; ++k) out.rows[k] = total / slice_count + (k < total % slice_count ? 1 : 0);
    } else if (sampled) {
        out.rows = apportion(counts, n, total);
    } else {
        out.rows = counts;
    }

    // Bytes: rows times the average row width (all columns when known, else the columns read).
    double width = data.row_bytes;
    if (width <= 0.0 && n > 0) {
        std::uint64_t read_bytes = 0;
        for (const auto& c : data.columns) read_bytes += c.total_bytes;
        width = static_cast<double>(read_bytes) / static_cast<double>(n);
    }
    out.bytes.assign(slice_count, 0);
    out.node_bytes.assign(static_cast<std::size_t>(cluster.nodes), 0);
    for (std::size_t k = 0; k < slice_count; ++k) {
        out.bytes[k] = static_cast<std::uint64_t>(std::llround(static_cast<double>(out.rows[k]) * width));
        out.node_bytes[static_cast<std::size_t>(cluster.node_of_slice(static_cast<int>(k)))] += out.bytes[k];
        out.total_bytes += out.bytes[k];
    }

    // skew_rows as svv_table_info: the fullest slice over the emptiest slice that holds rows. ALL is 1 (one copy
    // per node; the other slices hold none of it by design). Empty slices are counted apart, not divided by.
    if (out.effective == dist_style::all || out.effective == dist_style::automatic) {
        out.skew_rows = 1.0;
        out.empty_slices = 0;
    } else {
        std::uint64_t most = 0;
        std::uint64_t least = 0;
        for (const auto r : out.rows) {
            if (r == 0) {
                ++out.empty_slices;
                continue;
            }
            most = std::max(most, r);
            least = least == 0 ? r : std::min(least, r);
        }
        out.skew_rows = least == 0 ? 1.0 : static_cast<double>(most) / static_cast<double>(least);
    }
    return out;
}

}  // namespace starshift::tune
