// The advisor: candidates per table, one cost in byte-equivalents, coordinate descent from the seed design.
// The cost and the search are described in docs/tuning.md ("Advisor").
#include "starshift/tune/advisor.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <utility>

#include "starshift/common/text.hpp"
#include "starshift/tune/tune_error.hpp"

namespace starshift::tune {
namespace {

// ------------------------------------------------------------------------------------------------ small helpers

bool same_cost(double a, double b) {
    const double scale = std::max({1.0, std::fabs(a), std::fabs(b)});
    return std::fabs(a - b) <= 1e-9 * scale;
}

std::string dist_part_key(const table_design& d) {
    return to_sql(d.diststyle) + "|" + d.distkey.value_or("");
}

std::string design_key(const table_design& d) {
    std::string k = dist_part_key(d) + "|" + to_sql(d.sortkey.style);
    for (const auto& c : d.sortkey.columns) k += "|" + c;
    return k;
}

table_design make_design(dist_style s, std::optional<std::string> key, sort_key sk) {
    table_design d;
    d.diststyle = s;
    d.distkey = std::move(key);
    d.sortkey = std::move(sk);
    return d;
}

sort_key compound(std::vector<std::string> cols) {
    sort_key k;
    k.style = sort_style::compound;
    k.columns = std::move(cols);
    return k;
}

void push_unique(std::vector<std::string>& v, const std::string& s) {
    if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

std::string q(const std::string& s) { return "\"" + json_escape(s) + "\""; }

std::string num(double v) {
    if (!std::isfinite(v)) return "null";
    char buf[64];
    if (std::fabs(v - std::round(v)) < 1e-9 && std::fabs(v) < 9e15) {
        std::snprintf(buf, sizeof buf, "%.0f", v);
    } else {
        std::snprintf(buf, sizeof buf, "%.6g", v);
    }
    return buf;
}

std::string fixed2(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

// ------------------------------------------------------------------------------------------ the evaluation context

// Everything about one table that does not depend on the other tables' designs, cached across rounds.
struct table_state {
    const table* model = nullptr;
    const table_data* data = nullptr;
    std::vector<table_design> candidates;
    std::size_t queries_touching = 1;  // distinct queries that join, filter or group this table (at least 1)
    std::vector<const filter*> filters;  // usable ones
    double bytes = 0;                    // rows × row_bytes, one copy
    std::shared_ptr<const table_data> zone_sample;  // the systematic sample zone maps use (null: data itself)
    table_compression compression;  // every encoding's size per column, analysed as if no column were a sort key
};

bool in_sort_key(const table_design& d, const std::string& column) {
    return std::any_of(d.sortkey.columns.begin(), d.sortkey.columns.end(),
                       [&](const std::string& k) { return iequals(k, column); });
}

// The declared encoding of a column (Redshift's default for its type when none is declared).
encoding declared_encoding(const table& model, const column_compression& cc, const table_design& d) {
    const column* c = model.find(cc.column);
    return c != nullptr && c->encode ? *c->encode : default_encoding(cc.type, in_sort_key(d, cc.column));
}

// The encoding a design stores a column with: the declared one, or the recommended one (RAW in the sort key).
encoding design_encoding(const table& model, const column_compression& cc, const table_design& d, bool declared) {
    if (declared || !cc.analysed) return declared_encoding(model, cc, d);
    return in_sort_key(d, cc.column) ? encoding::raw : cc.recommended;
}

// Every k-th row of `data` (k = ceil(sampled rows / max_rows)), standing for k rows each.
std::shared_ptr<const table_data> systematic_sample(const table_data& data, std::uint64_t max_rows) {
    const std::uint64_t n = data.sampled_rows();
    if (max_rows == 0 || n <= max_rows) return nullptr;
    const std::uint64_t k = (n + max_rows - 1) / max_rows;
    auto out = std::make_shared<table_data>();
    out->name = data.name;
    out->rows = data.rows;
    out->row_bytes = data.row_bytes;
    const std::uint64_t kept = (n + k - 1) / k;
    out->sample_fraction = data.sample_fraction * static_cast<double>(kept) / static_cast<double>(n);
    for (const auto& c : data.columns) {
        column_data s;
        s.name = c.name;
        s.type = c.type;
        s.hashes.reserve(kept);
        s.sort_values.reserve(kept);
        s.nulls.reserve(kept);
        for (std::uint64_t i = 0; i < n; i += k) {
            const auto idx = static_cast<std::size_t>(i);
            s.hashes.push_back(c.hashes[idx]);
            s.sort_values.push_back(c.sort_values[idx]);
            s.nulls.push_back(c.nulls[idx]);
        }
        s.total_bytes = static_cast<std::uint64_t>(static_cast<double>(c.total_bytes) * static_cast<double>(kept) /
                                                   static_cast<double>(std::max<std::uint64_t>(1, n)));
        out->columns.push_back(std::move(s));
    }
    return out;
}

struct dist_result {
    std::shared_ptr<const slice_distribution> distribution;
    double skew_penalty = 0;
    double storage = 0;
};

struct scan_result {
    std::vector<scan_estimate> scans;
    double scan_bytes = 0;
};

class context {
public:
    context(const std::vector<const table*>& tables, const warehouse_data& data, const workload& w,
            const cluster_shape& cluster, const advisor_options& options, bool seed_declared = true)
        : cluster_(cluster), options_(options), seed_declared_(seed_declared) {
        for (const table* t : tables) {
            table_state s;
            s.model = t;
            s.data = data.find(t->name);
            if (s.data == nullptr) continue;
            s.bytes = static_cast<double>(s.data->rows) * s.data->row_bytes;
            states_.push_back(std::move(s));
        }
        for (std::size_t i = 0; i < states_.size(); ++i) index_[states_[i].model->name] = i;
        // Joins both of whose tables are advised are usable; the others are noted once.
        for (const auto& j : w.joins) {
            const bool l = index_.count(j.left_table) != 0, r = index_.count(j.right_table) != 0;
            if (l && r && j.left_table != j.right_table && !j.columns.empty()) {
                joins_.push_back(&j);
            } else {
                notes_.insert("join " + j.left_table + " ⋈ " + j.right_table + " (" + j.query +
                              ") skipped: " + (j.left_table == j.right_table ? "a self join"
                                               : j.columns.empty()      ? "no equi-join columns"
                                                                        : "a table without data"));
            }
        }
        for (auto& s : states_) {
            std::set<std::string> queries;
            for (const auto* j : joins_)
                if (j->left_table == s.model->name || j->right_table == s.model->name) queries.insert(j->query);
            for (const auto& f : w.filters) {
                if (f.column.table != s.model->name) continue;
                if (s.data->find(f.column.column) == nullptr) {
                    notes_.insert("filter on " + f.column.table + "." + f.column.column + " (" + f.query +
                                  ") skipped: the column was not read");
                    continue;
                }
                s.filters.push_back(&f);
                queries.insert(f.query);
            }
            for (const auto& g : w.group_bys)
                if (g.column.table == s.model->name) queries.insert(g.query);
            s.queries_touching = std::max<std::size_t>(1, queries.size());
            if (!s.filters.empty()) s.zone_sample = systematic_sample(*s.data, options_.zone_map_sample_rows);
            compression_options co = options_.compression;
            co.sort_key = std::vector<std::string>{};
            co.block_bytes = options_.zone_maps.block_bytes;  // the blocks the scans count
            s.compression = analyze_compression(*s.data, *s.model, co);
            s.candidates = candidate_designs(*s.model, *s.data, w, options_);
        }
    }

    [[nodiscard]] std::vector<table_state>& states() { return states_; }
    [[nodiscard]] const std::vector<const join*>& joins() const { return joins_; }
    [[nodiscard]] std::vector<std::string> notes() const { return {notes_.begin(), notes_.end()}; }
    [[nodiscard]] const cluster_shape& cluster() const { return cluster_; }
    [[nodiscard]] std::size_t index_of(const std::string& name) const { return index_.at(name); }

    // Whether design d of table i is costed with the declared encodings (the seed) or the recommended ones.
    [[nodiscard]] bool declared(std::size_t i, const table_design& d) const {
        return seed_declared_ && d == states_[i].candidates.front();
    }

    // ALL's extra copies of the encoded table: each analysed column's share of the row (its text bytes) shrinks by
    // its encoding's ratio; the columns not read stay as they are.
    [[nodiscard]] double storage(std::size_t i, const table_design& d, double raw_storage) const {
        const table_state& s = states_[i];
        if (!options_.encodings_in_cost || raw_storage == 0 || s.bytes <= 0) return raw_storage;
        double saved = 0;
        for (const auto& cc : s.compression.columns) {
            const column_data* c = s.data->find_any(cc.column);
            if (!cc.analysed || c == nullptr || c->sample.rows_seen == 0) continue;
            const double text = static_cast<double>(c->total_bytes) * static_cast<double>(s.data->rows) /
                                static_cast<double>(c->sample.rows_seen);
            saved += text * (1.0 - 1.0 / cc.ratio(design_encoding(*s.model, cc, d, declared(i, d))));
        }
        return raw_storage * std::max(0.0, s.bytes - saved) / s.bytes;
    }

    // Distribution of table i under design d (cached by distribution part).
    dist_result distribution(std::size_t i, const table_design& d) {
        const std::string key = std::to_string(i) + "|" + dist_part_key(d);
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            const auto it = dist_cache_.find(key);
            if (it != dist_cache_.end()) return it->second;
        }
        const table_state& s = states_[i];
        auto dist = std::make_shared<slice_distribution>(
            simulate_distribution(*s.data, d, cluster_, options_.simulation));
        dist_result r;
        r.distribution = dist;
        if (dist->effective == dist_style::all) {
            r.storage = static_cast<double>(std::max(0, cluster_.nodes - 1)) * s.bytes;
        } else if (!dist->rows.empty()) {
            const auto largest = *std::max_element(dist->rows.begin(), dist->rows.end());
            const double extra = static_cast<double>(dist->rows.size()) * static_cast<double>(largest) -
                                 static_cast<double>(s.data->rows);
            r.skew_penalty = std::max(0.0, extra) * s.data->row_bytes * static_cast<double>(s.queries_touching);
        }
        const std::lock_guard<std::mutex> lock(mutex_);
        dist_cache_.emplace(key, r);
        return r;
    }

    // Blocks the table's filters read under design d (cached by the whole design).
    scan_result scans(std::size_t i, const table_design& d) {
        const table_state& s = states_[i];
        if (s.filters.empty()) return {};
        // Keyed by where the rows land (AUTO as what it resolves to) and the sort key.
        const dist_style effective = distribution(i, d).distribution->effective;
        std::string key = std::to_string(i) + "|" + to_sql(effective) + "|" +
                          (effective == dist_style::key ? d.distkey.value_or("") : std::string()) + "|" +
                          to_sql(d.sortkey.style);
        for (const auto& c : d.sortkey.columns) key += "|" + c;
        const bool declared_encodings = declared(i, d);
        key += declared_encodings ? "|declared" : "|recommended";
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            const auto it = scan_cache_.find(key);
            if (it != scan_cache_.end()) return it->second;
        }
        const table_data& zd = s.zone_sample ? *s.zone_sample : *s.data;
        std::shared_ptr<const slice_distribution> dist;
        if (s.zone_sample) {
            dist = std::make_shared<slice_distribution>(simulate_distribution(zd, d, cluster_, options_.simulation));
        } else {
            dist = distribution(i, d).distribution;
        }
        zone_map_options zo = options_.zone_maps;
        zo.columns.clear();  // only the filtered columns are cut into blocks
        for (const filter* f : s.filters)
            if (std::find(zo.columns.begin(), zo.columns.end(), f->column.column) == zo.columns.end())
                zo.columns.push_back(f->column.column);
        if (options_.encodings_in_cost)
            for (const auto& name : zo.columns) {
                const column_compression* cc = s.compression.find(name);
                const column_data* c = zd.find(name);
                if (cc != nullptr && c != nullptr)
                    zo.column_compression_ratio[c->name] =
                        cc->ratio(design_encoding(*s.model, *cc, d, declared_encodings));
            }
        const zone_maps maps = build_zone_maps(zd, d, *dist, zo);
        scan_result r;
        for (const filter* f : s.filters) {
            r.scans.push_back(estimate_scan(maps, zd, *f));
            r.scan_bytes += static_cast<double>(r.scans.back().blocks_read) *
                            static_cast<double>(options_.zone_maps.block_bytes);
        }
        const std::lock_guard<std::mutex> lock(mutex_);
        scan_cache_.emplace(key, r);
        return r;
    }

    join_side side(std::size_t i, const table_design& d) {
        const table_state& s = states_[i];
        join_side js;
        js.table = s.model->name;
        js.effective = distribution(i, d).distribution->effective;
        js.distkey = js.effective == dist_style::key ? d.distkey : std::nullopt;
        js.rows = s.data->rows;
        js.row_bytes = s.data->row_bytes;
        js.model = s.model;
        return js;
    }

    join_plan plan(const join& j, const std::vector<table_design>& designs) {
        const std::size_t l = index_of(j.left_table), r = index_of(j.right_table);
        return plan_join(j, side(l, designs[l]), side(r, designs[r]), cluster_);
    }

    // Table i's candidate d with the others at `designs`.
    candidate evaluate_candidate(std::size_t i, const table_design& d, const std::vector<table_design>& designs) {
        candidate c;
        c.design = d;
        c.label = d.label();
        const dist_result dr = distribution(i, d);
        c.effective = dr.distribution->effective;
        c.skew_rows = dr.distribution->skew_rows;
        c.slice_rows = dr.distribution->rows;
        c.cost.skew = dr.skew_penalty * options_.skew_weight;
        c.cost.storage = storage(i, d, dr.storage) * options_.storage_weight;
        std::vector<table_design> with = designs;
        with[i] = d;
        const std::string& name = states_[i].model->name;
        for (const join* j : joins_) {
            if (j->left_table != name && j->right_table != name) continue;
            c.joins.push_back(plan(*j, with));
            c.cost.network += static_cast<double>(c.joins.back().bytes_moved) * options_.network_weight;
        }
        scan_result sr = scans(i, d);
        c.scans = std::move(sr.scans);
        c.cost.scan = sr.scan_bytes * options_.scan_weight;
        return c;
    }

    // The whole warehouse's cost under `designs` (each join once).
    double total_cost(const std::vector<table_design>& designs) {
        double total = 0;
        for (std::size_t i = 0; i < states_.size(); ++i) {
            const dist_result dr = distribution(i, designs[i]);
            total += dr.skew_penalty * options_.skew_weight +
                     storage(i, designs[i], dr.storage) * options_.storage_weight +
                     scans(i, designs[i]).scan_bytes * options_.scan_weight;
        }
        for (const join* j : joins_)
            total += static_cast<double>(plan(*j, designs).bytes_moved) * options_.network_weight;
        return total;
    }

    // Evaluates many (table, design) pairs, in parallel when allowed.
    std::vector<candidate> evaluate_all(std::size_t i, const std::vector<table_design>& list,
                                        const std::vector<table_design>& designs) {
        std::vector<candidate> out(list.size());
        unsigned threads = options_.threads == 0 ? std::max(1U, std::thread::hardware_concurrency())
                                                 : options_.threads;
        threads = static_cast<unsigned>(std::min<std::size_t>(threads, list.size()));
        if (threads <= 1) {
            for (std::size_t k = 0; k < list.size(); ++k) out[k] = evaluate_candidate(i, list[k], designs);
            return out;
        }
        std::atomic<std::size_t> next{0};
        auto worker = [&]() {
            for (std::size_t k = next++; k < list.size(); k = next++) out[k] = evaluate_candidate(i, list[k], designs);
        };
        std::vector<std::future<void>> futures;
        for (unsigned t = 0; t < threads; ++t) futures.push_back(std::async(std::launch::async, worker));
        for (auto& f : futures) f.get();  // rethrows the first error
        return out;
    }

private:
    cluster_shape cluster_;
    advisor_options options_;
    bool seed_declared_ = true;
    std::vector<table_state> states_;
    std::map<std::string, std::size_t> index_;
    std::vector<const join*> joins_;
    std::set<std::string> notes_;
    std::mutex mutex_;
    std::map<std::string, dist_result> dist_cache_;
    std::map<std::string, scan_result> scan_cache_;
};

// Ranks by total cost; ties: the current design, then the seed, then enumeration order (closest to the seed,
// explicit styles before AUTO, fewer sort columns first).
void rank_candidates(std::vector<candidate>& cs, const table_design& current, const std::vector<table_design>& order) {
    auto position = [&](const table_design& d) {
        const auto it = std::find(order.begin(), order.end(), d);
        return static_cast<std::size_t>(it - order.begin());
    };
    std::stable_sort(cs.begin(), cs.end(), [&](const candidate& a, const candidate& b) {
        const double ta = a.cost.total(), tb = b.cost.total();
        if (!same_cost(ta, tb)) return ta < tb;
        const bool ca = a.design == current, cb = b.design == current;
        if (ca != cb) return ca;
        if (a.seed != b.seed) return a.seed;
        return position(a.design) < position(b.design);
    });
    for (std::size_t k = 0; k < cs.size(); ++k) cs[k].rank = k + 1;
}

// Every candidate of table i (all of them when affordable, else every distribution with the current sort key
// plus every sort key with the best few distributions), ranked.
std::vector<candidate> rank_table(context& ctx, std::size_t i, const std::vector<table_design>& designs,
                                  const advisor_options& options) {
    const table_state& s = ctx.states()[i];
    const table_design& seed = s.candidates.front();
    std::vector<table_design> dists, sorts_list;
    std::vector<sort_key> sorts;
    std::set<std::string> seen_dist, seen_sort;
    for (const auto& d : s.candidates) {
        if (seen_dist.insert(dist_part_key(d)).second) dists.push_back(d);
        std::string sk = to_sql(d.sortkey.style);
        for (const auto& c : d.sortkey.columns) sk += "|" + c;
        if (seen_sort.insert(sk).second) sorts.push_back(d.sortkey);
    }
    std::vector<table_design> list;
    const double work = static_cast<double>(s.data->sampled_rows()) * static_cast<double>(s.candidates.size());
    if (s.filters.empty() || work <= 2e7 || sorts.size() <= 1) {
        list = s.candidates;
    } else {
        // Phase A: every distribution with the table's current sort key.
        std::vector<table_design> phase_a;
        for (const auto& d : dists) phase_a.push_back(make_design(d.diststyle, d.distkey, designs[i].sortkey));
        auto a = ctx.evaluate_all(i, phase_a, designs);
        std::stable_sort(a.begin(), a.end(),
                         [](const candidate& x, const candidate& y) { return x.cost.total() < y.cost.total(); });
        list = phase_a;
        // Phase B: every sort key with the best distributions (and the seed's).
        std::vector<table_design> best;
        for (std::size_t k = 0; k < a.size() && best.size() < options.sort_trials_distributions; ++k)
            best.push_back(a[k].design);
        best.push_back(seed);
        for (const auto& b : best)
            for (const auto& sk : sorts) list.push_back(make_design(b.diststyle, b.distkey, sk));
        list.push_back(seed);
        std::vector<table_design> unique;
        std::set<std::string> keys;
        for (const auto& d : list)
            if (keys.insert(design_key(d)).second) unique.push_back(d);
        list = std::move(unique);
    }
    if (std::find(list.begin(), list.end(), designs[i]) == list.end()) list.push_back(designs[i]);
    auto out = ctx.evaluate_all(i, list, designs);
    for (auto& c : out) c.seed = c.design == seed;
    rank_candidates(out, designs[i], s.candidates);
    return out;
}

const char* part_name(int k) {
    switch (k) {
        case 0: return "network";
        case 1: return "blocks scanned";
        case 2: return "skew";
        default: return "ALL storage";
    }
}

double part(const cost_parts& c, int k) {
    switch (k) {
        case 0: return c.network;
        case 1: return c.scan;
        case 2: return c.skew;
        default: return c.storage;
    }
}

// "mostly on skew (1.2 MB → 0 B)"
std::string main_difference(const candidate& better, const candidate& worse) {
    int best_k = 0;
    double best_delta = -1;
    for (int k = 0; k < 4; ++k) {
        const double delta = part(worse.cost, k) - part(better.cost, k);
        if (delta > best_delta) {
            best_delta = delta;
            best_k = k;
        }
    }
    std::string out = std::string("mostly on ") + part_name(best_k) + " (" + format_bytes(part(worse.cost, best_k)) +
                      " → " + format_bytes(part(better.cost, best_k)) + ")";
    if (best_k == 2)
        out += ", skew_rows " + fixed2(worse.skew_rows) + " → " + fixed2(better.skew_rows);
    return out;
}

std::string why_text(const std::vector<candidate>& ranked) {
    const candidate& w = ranked.front();
    const auto seed_it = std::find_if(ranked.begin(), ranked.end(), [](const candidate& c) { return c.seed; });
    std::string out;
    if (w.seed) {
        out = "The seed design " + w.label + " stays: no candidate costs less (" + format_bytes(w.cost.total()) + ").";
    } else if (seed_it != ranked.end()) {
        const double saved = seed_it->cost.total() - w.cost.total();
        if (same_cost(seed_it->cost.total(), w.cost.total())) {
            out = w.label + " costs the same as the seed " + seed_it->label + " (" + format_bytes(w.cost.total()) +
                  ") and comes first by the tie rule (the current design, then the seed, then the simpler design).";
        } else {
            out = w.label + " wins: it costs " + format_bytes(w.cost.total()) + " against " +
                  format_bytes(seed_it->cost.total()) + " for the seed " + seed_it->label + " (rank " +
                  std::to_string(seed_it->rank) + ", the other tables as advised), saving " + format_bytes(saved) + ", " +
                  main_difference(w, *seed_it) + ".";
        }
    }
    if (ranked.size() > 1) {
        const candidate& r = ranked[1];
        if (same_cost(r.cost.total(), w.cost.total())) {
            out += " The runner-up " + r.label + " costs the same; the tie rule keeps the current design, then the "
                   "seed, then the simpler design.";
        } else {
            out += " Versus the runner-up " + r.label + " (" + format_bytes(r.cost.total()) + ") it saves " +
                   format_bytes(r.cost.total() - w.cost.total()) + ", " + main_difference(w, r) + ".";
        }
    }
    return out;
}

std::string pad(std::string s, std::size_t width, bool right = false) {
    // Count UTF-8 code points, not bytes, so that "⋈" and "→" keep columns aligned.
    std::size_t len = 0;
    for (const char ch : s)
        if ((static_cast<unsigned char>(ch) & 0xC0U) != 0x80U) ++len;
    if (len >= width) return s + " ";
    const std::string fill(width - len, ' ');
    return right ? fill + s + " " : s + fill + " ";
}

void json_cost(std::ostringstream& o, const cost_parts& c) {
    o << "{\"total\":" << num(c.total()) << ",\"network\":" << num(c.network) << ",\"scan\":" << num(c.scan)
      << ",\"skew\":" << num(c.skew) << ",\"storage\":" << num(c.storage) << "}";
}

void json_joins(std::ostringstream& o, const std::vector<join_plan>& joins) {
    o << "[";
    for (std::size_t k = 0; k < joins.size(); ++k) {
        const auto& j = joins[k];
        o << (k ? "," : "") << "{\"query\":" << q(j.query) << ",\"outer\":" << q(j.outer_table)
          << ",\"inner\":" << q(j.inner_table) << ",\"strategy\":" << q(to_sql(j.strategy))
          << ",\"bytes_moved\":" << j.bytes_moved << ",\"reason\":" << q(j.reason) << "}";
    }
    o << "]";
}

void json_scans(std::ostringstream& o, const std::vector<scan_estimate>& scans) {
    o << "[";
    for (std::size_t k = 0; k < scans.size(); ++k) {
        const auto& s = scans[k];
        o << (k ? "," : "") << "{\"query\":" << q(s.query) << ",\"table\":" << q(s.column.table)
          << ",\"column\":" << q(s.column.column) << ",\"blocks_read\":" << s.blocks_read
          << ",\"blocks_stored\":" << s.blocks_stored << "}";
    }
    o << "]";
}

void json_design(std::ostringstream& o, const table_design& d) {
    o << "{\"label\":" << q(d.label()) << ",\"diststyle\":" << q(to_sql(d.diststyle)) << ",\"distkey\":"
      << (d.distkey ? q(*d.distkey) : std::string("null")) << ",\"sortstyle\":"
      << q(d.sortkey.columns.empty() ? std::string("NONE") : to_sql(d.sortkey.style)) << ",\"sortkey\":[";
    for (std::size_t k = 0; k < d.sortkey.columns.size(); ++k) o << (k ? "," : "") << q(d.sortkey.columns[k]);
    o << "]}";
}

void json_evaluation(std::ostringstream& o, const warehouse_evaluation& e) {
    o << "{\"name\":" << q(e.name) << ",\"designs\":{";
    for (std::size_t k = 0; k < e.tables.size(); ++k) {
        o << (k ? "," : "") << q(e.tables[k]) << ":";
        json_design(o, e.designs[k]);
    }
    o << "},\"cost\":";
    json_cost(o, e.cost);
    o << ",\"joins\":";
    json_joins(o, e.joins);
    o << ",\"scans\":";
    json_scans(o, e.scans);
    o << "}";
}

}  // namespace

// ------------------------------------------------------------------------------------------------ public functions

std::vector<table_design> candidate_designs(const table& t, const table_data& data, const workload& w,
                                            const advisor_options& options) {
    const table_design seed = design_of(t);
    if (t.external) return {seed};  // Spectrum reads it from S3: no design of the cluster's to choose (EVEN-like)
    const std::string& name = t.name;
    auto readable = [&](const std::string& c) { return t.find(c) != nullptr && data.find(c) != nullptr; };
    std::vector<std::string> key_columns, join_columns, filter_columns;
    for (const auto& j : w.joins) {
        for (const auto& [l, r] : j.columns) {
            if (j.left_table == name && readable(l)) {
                push_unique(key_columns, l);
                push_unique(join_columns, l);
            }
            if (j.right_table == name && readable(r)) {
                push_unique(key_columns, r);
                push_unique(join_columns, r);
            }
        }
    }
    for (const auto& g : w.group_bys)
        if (g.column.table == name && readable(g.column.column)) push_unique(key_columns, g.column.column);
    for (const auto& f : w.filters)
        if (f.column.table == name && readable(f.column.column)) push_unique(filter_columns, f.column.column);

    // Distributions: the seed's first, then EVEN, ALL (small tables), KEY on each join/group-by column, AUTO.
    std::vector<std::pair<dist_style, std::optional<std::string>>> dists;
    auto add_dist = [&](dist_style s, std::optional<std::string> k) {
        for (const auto& d : dists)
            if (d.first == s && d.second == k) return;
        dists.emplace_back(s, std::move(k));
    };
    add_dist(seed.diststyle, seed.diststyle == dist_style::key ? seed.distkey : std::nullopt);
    add_dist(dist_style::even, std::nullopt);
    if (data.rows <= options.all_max_rows) add_dist(dist_style::all, std::nullopt);
    for (const auto& c : key_columns) add_dist(dist_style::key, c);
    add_dist(dist_style::automatic, std::nullopt);

    // Sort keys: the seed's first, then none, each filter or join column alone, ordered pairs of filter columns,
    // interleaved over the filter columns (at most 8) when there are two or more.
    std::vector<sort_key> sorts;
    auto add_sort = [&](sort_key k) {
        if (std::find(sorts.begin(), sorts.end(), k) == sorts.end()) sorts.push_back(std::move(k));
    };
    add_sort(seed.sortkey);
    add_sort(sort_key{});
    for (const auto& c : filter_columns) add_sort(compound({c}));
    for (const auto& c : join_columns) add_sort(compound({c}));
    for (const auto& a : filter_columns)
        for (const auto& b : filter_columns)
            if (a != b) add_sort(compound({a, b}));
    if (filter_columns.size() >= 2) {
        sort_key k;
        k.style = sort_style::interleaved;
        for (const auto& c : filter_columns)
            if (k.columns.size() < max_interleaved_sort_columns) k.columns.push_back(c);
        add_sort(std::move(k));
    }

    std::vector<table_design> out;
    out.push_back(seed);
    for (const auto& [s, k] : dists)
        for (const auto& sk : sorts) {
            table_design d = make_design(s, k, sk);
            if (std::find(out.begin(), out.end(), d) == out.end()) out.push_back(std::move(d));
        }
    return out;
}

namespace {

// evaluate(), with the seed design costed with its declared encodings (seed_declared) or the recommended ones.
warehouse_evaluation evaluate_with(const std::vector<table>& tables, const std::vector<table_design>& designs,
                                   const warehouse_data& data, const workload& w, const cluster_shape& cluster,
                                   const advisor_options& options, const std::string& name, bool seed_declared) {
    std::vector<const table*> ptrs;
    for (const auto& t : tables) ptrs.push_back(&t);
    advisor_options o = options;
    o.threads = 1;
    context ctx(ptrs, data, w, cluster, o, seed_declared);
    auto& states = ctx.states();
    std::vector<table_design> ds;
    for (const auto& s : states) {
        const auto idx = static_cast<std::size_t>(s.model - tables.data());
        ds.push_back(idx < designs.size() ? designs[idx] : design_of(*s.model));
    }
    warehouse_evaluation e;
    e.name = name;
    for (std::size_t i = 0; i < states.size(); ++i) {
        e.tables.push_back(states[i].model->name);
        e.designs.push_back(ds[i]);
        const dist_result dr = ctx.distribution(i, ds[i]);
        e.cost.skew += dr.skew_penalty * o.skew_weight;
        e.cost.storage += ctx.storage(i, ds[i], dr.storage) * o.storage_weight;
        scan_result sr = ctx.scans(i, ds[i]);
        e.cost.scan += sr.scan_bytes * o.scan_weight;
        for (auto& s : sr.scans) e.scans.push_back(std::move(s));
    }
    for (const join* j : ctx.joins()) {
        e.joins.push_back(ctx.plan(*j, ds));
        e.cost.network += static_cast<double>(e.joins.back().bytes_moved) * o.network_weight;
    }
    return e;
}

}  // namespace

warehouse_evaluation evaluate(const std::vector<table>& tables, const std::vector<table_design>& designs,
                              const warehouse_data& data, const workload& w, const cluster_shape& cluster,
                              const advisor_options& options, const std::string& name) {
    return evaluate_with(tables, designs, data, w, cluster, options, name, true);
}

advice advise(const std::vector<table>& tables, const warehouse_data& data, const workload& w,
              const cluster_shape& cluster, const advisor_options& options) {
    if (options.default_diststyle == missing_diststyle::even) {
        // Clusters older than DISTSTYLE AUTO made a table without DISTSTYLE EVEN (r_CREATE_TABLE_NEW).
        std::vector<table> older = tables;
        std::string names;
        for (auto& t : older)
            if (t.diststyle == dist_style::automatic) {
                t.diststyle = dist_style::even;
                names += (names.empty() ? "" : ", ") + t.name;
            }
        advisor_options o = options;
        o.default_diststyle = missing_diststyle::automatic;
        advice a = advise(older, data, w, cluster, o);
        a.options.default_diststyle = missing_diststyle::even;
        if (!names.empty())
            a.notes.push_back("tables without DISTSTYLE taken as EVEN (--default-diststyle even, clusters older than "
                              "AUTO): " + names);
        return a;
    }
    std::vector<const table*> ptrs;
    for (const auto& t : tables) ptrs.push_back(&t);
    context ctx(ptrs, data, w, cluster, options);
    auto& states = ctx.states();
    if (states.empty())
        throw tune_error("starshift.tune.advisor_no_tables", "", "",
                         "none of the " + std::to_string(tables.size()) + " tables has data to advise on");
    advice a;
    a.cluster = cluster;
    a.options = options;
    for (const auto* t : ptrs)
        if (data.find(t->name) == nullptr) a.notes.push_back("table " + t->name + " skipped: no data was read");

    std::vector<table_design> designs;
    for (const auto& s : states) designs.push_back(s.candidates.front());  // the seed
    // Coordinate descent: the biggest tables first; each takes its best candidate with the others fixed; rounds
    // repeat until no table changes (the total cost never rises, so it stops) or max_rounds.
    std::vector<std::size_t> order(states.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t x, std::size_t y) { return states[x].bytes > states[y].bytes; });
    std::vector<std::vector<candidate>> ranked(states.size());
    bool stable = false;
    int round = 0;
    while (!stable && round < std::max(1, options.max_rounds)) {
        ++round;
        stable = true;
        for (const std::size_t i : order) {
            ranked[i] = rank_table(ctx, i, designs, options);
            const candidate& best = ranked[i].front();
            if (best.design != designs[i]) {
                designs[i] = best.design;
                stable = false;
            }
        }
        // Pair moves: one table at a time cannot find co-location (KEY on one side alone still moves the other
        // side), so for every join on one column pair, distribute both sides on it together (sort keys kept) when
        // that lowers the whole warehouse's cost.
        for (const join* j : ctx.joins()) {
            if (j->columns.size() != 1) continue;
            const std::size_t l = ctx.index_of(j->left_table), r = ctx.index_of(j->right_table);
            std::vector<table_design> moved = designs;
            moved[l] = make_design(dist_style::key, j->columns[0].first, designs[l].sortkey);
            moved[r] = make_design(dist_style::key, j->columns[0].second, designs[r].sortkey);
            if (moved == designs) continue;
            const auto& cl = states[l].candidates;
            const auto& cr = states[r].candidates;
            if (std::find(cl.begin(), cl.end(), moved[l]) == cl.end() ||
                std::find(cr.begin(), cr.end(), moved[r]) == cr.end())
                continue;
            const double before = ctx.total_cost(designs), after = ctx.total_cost(moved);
            if (after < before && !same_cost(after, before)) {
                designs = std::move(moved);
                stable = false;
            }
        }
    }
    a.rounds = round;
    a.converged = stable;
    if (!stable)
        for (const std::size_t i : order) ranked[i] = rank_table(ctx, i, designs, options);

    for (std::size_t i = 0; i < states.size(); ++i) {
        table_advice ta;
        ta.table = states[i].model->name;
        ta.rows = states[i].data->rows;
        ta.row_bytes = states[i].data->row_bytes;
        ta.sample_fraction = states[i].data->sample_fraction;
        ta.seed = states[i].candidates.front();
        ta.winner = designs[i];
        ta.candidates = std::move(ranked[i]);
        for (const auto& c : ta.candidates)
            if (c.seed) ta.seed_rank = c.rank;
        ta.why = why_text(ta.candidates);
        table advised = with_design(*states[i].model, designs[i]);
        for (const auto& cc : states[i].compression.columns) {
            column_encoding ce;
            ce.column = cc.column;
            ce.current = declared_encoding(*states[i].model, cc, ta.seed);
            ce.recommended = design_encoding(*states[i].model, cc, designs[i], false);
            ce.sort_key = in_sort_key(designs[i], cc.column);
            ce.analysed = cc.analysed;
            const encoding_size* now = cc.size_of(ce.current);
            const encoding_size* rec = cc.size_of(ce.recommended);
            if (now != nullptr && rec != nullptr && now->sample_bytes > 0)
                ce.est_reduction_pct =
                    100.0 * (static_cast<double>(now->sample_bytes) - static_cast<double>(rec->sample_bytes)) /
                    static_cast<double>(now->sample_bytes);
            if (cc.analysed)
                for (auto& col : advised.columns)
                    if (iequals(col.name, cc.column)) col.encode = ce.recommended;
            ta.encodings.push_back(std::move(ce));
        }
        a.advised_tables.push_back(std::move(advised));
        a.tables.push_back(std::move(ta));
    }
    std::vector<table> advised_models;
    std::vector<table_design> seeds;
    for (const auto& s : states) {
        advised_models.push_back(*s.model);
        seeds.push_back(s.candidates.front());
    }
    a.seed = evaluate(advised_models, seeds, data, w, cluster, options, "seed");
    a.advised = evaluate_with(advised_models, designs, data, w, cluster, options, "advised", false);
    a.notes.push_back("KEY placement uses starshift's hash (FNV-1a of the value's text, splitmix64): Redshift's own "
                      "hash is not public, so per-slice counts are statistical, not exact");
    a.notes.push_back("cost = network bytes + blocks read × " + format_bytes(static_cast<double>(
                                                                     options.zone_maps.block_bytes)) +
                      " + skew (slices × largest slice − table bytes, per query) + ALL's extra copies; ALL is "
                      "tried for tables of at most " + std::to_string(options.all_max_rows) + " rows");
    for (auto& n : ctx.notes()) a.notes.push_back(std::move(n));
    return a;
}

advice advise(const warehouse& wh, const warehouse_data& data, const workload& w, const cluster_shape& cluster,
              const advisor_options& options) {
    std::vector<table> tables;
    for (const auto& t : wh.star) tables.push_back(t);
    for (const auto& t : wh.staging)
        if (data.find(t.name) != nullptr) tables.push_back(t);
    return advise(tables, data, w, cluster, options);
}

std::string format_advice(const advice& a, std::size_t top) {
    std::ostringstream o;
    o << "Advice for " << a.cluster.type.name << " × " << a.cluster.nodes << " (" << a.cluster.slices()
      << " slices); coordinate descent from the seed: " << a.rounds << " round(s)"
      << (a.converged ? ", converged" : ", stopped at the round limit") << "\n";
    for (const auto& t : a.tables) {
        o << "\n== " << t.table << ": " << t.rows << " rows, " << fixed2(t.row_bytes) << " B/row"
          << (t.sample_fraction < 1.0 ? ", sampled " + fixed2(t.sample_fraction * 100.0) + "%" : std::string())
          << "; seed " << t.seed.label() << " ranks " << t.seed_rank << " of " << t.candidates.size() << "\n";
        o << pad("rank", 5, true) << pad("design", 44) << pad("cost", 10, true) << pad("network", 10, true)
          << pad("scan", 10, true) << pad("skew", 10, true) << pad("storage", 10, true) << pad("skew_rows", 9, true)
          << "joins\n";
        const std::size_t n = top == 0 ? t.candidates.size() : std::min(top, t.candidates.size());
        auto row = [&](const candidate& c) {
            std::string joins;
            for (const auto& j : c.joins) joins += (joins.empty() ? "" : " ") + to_sql(j.strategy);
            o << pad(std::to_string(c.rank), 5, true) << pad(c.label + (c.seed ? " [seed]" : ""), 44)
              << pad(format_bytes(c.cost.total()), 10, true) << pad(format_bytes(c.cost.network), 10, true)
              << pad(format_bytes(c.cost.scan), 10, true) << pad(format_bytes(c.cost.skew), 10, true)
              << pad(format_bytes(c.cost.storage), 10, true) << pad(fixed2(c.skew_rows), 9, true) << joins
              << "\n";
        };
        for (std::size_t k = 0; k < n; ++k) row(t.candidates[k]);
        if (t.seed_rank > n) {
            o << "  …\n";
            row(t.candidates[t.seed_rank - 1]);
        }
        const candidate& w = t.candidates.front();
        o << "winner: " << w.label << "\nwhy: " << t.why << "\n";
        for (const auto& j : w.joins)
            o << "  join " << j.query << ": " << j.outer_table << " ⋈ " << j.inner_table << " "
              << to_sql(j.strategy) << ", moves " << format_bytes(static_cast<double>(j.bytes_moved)) << "\n";
        for (const auto& s : w.scans)
            o << "  scan " << s.query << ": " << s.column.table << "." << s.column.column << " reads "
              << s.blocks_read << " of " << s.blocks_stored << " blocks\n";
        if (!t.encodings.empty()) o << "encodings (est. reduction versus the declared encoding):\n";
        for (const auto& e : t.encodings) {
            o << "  " << pad(e.column, 24) << "ENCODE " << pad(to_sql(e.recommended), 10);
            if (!e.analysed) o << "(not read: kept as declared)";
            else if (e.sort_key) o << "(sort key: RAW)";
            else o << "(" << to_sql(e.current) << " -> " << fixed2(e.est_reduction_pct) << " %)";
            o << "\n";
        }
    }
    auto totals = [&](const warehouse_evaluation& e) {
        o << "\n" << e.name << ": total " << format_bytes(e.cost.total()) << " (network "
          << format_bytes(e.cost.network) << ", scan " << format_bytes(e.cost.scan) << ", skew "
          << format_bytes(e.cost.skew) << ", storage " << format_bytes(e.cost.storage) << ")\n";
        for (std::size_t k = 0; k < e.tables.size(); ++k)
            o << "  " << e.tables[k] << ": " << e.designs[k].label() << "\n";
        for (const auto& j : e.joins)
            o << "  " << pad(j.query, 24) << pad(j.outer_table + " ⋈ " + j.inner_table, 26)
              << pad(to_sql(j.strategy), 18) << format_bytes(static_cast<double>(j.bytes_moved)) << "\n";
    };
    totals(a.seed);
    totals(a.advised);
    o << "\nnotes:\n";
    for (const auto& n : a.notes) o << "  - " << n << "\n";
    return o.str();
}

std::string advice_to_json(const advice& a) {
    std::ostringstream o;
    o << "{\"cluster\":{\"node_type\":" << q(a.cluster.type.name) << ",\"nodes\":" << a.cluster.nodes
      << ",\"slices\":" << a.cluster.slices() << "},\"block_bytes\":" << a.options.zone_maps.block_bytes
      << ",\"rounds\":" << a.rounds << ",\"converged\":" << (a.converged ? "true" : "false") << ",\"tables\":[";
    for (std::size_t ti = 0; ti < a.tables.size(); ++ti) {
        const auto& t = a.tables[ti];
        o << (ti ? "," : "") << "{\"table\":" << q(t.table) << ",\"rows\":" << t.rows
          << ",\"row_bytes\":" << num(t.row_bytes) << ",\"sample_fraction\":" << num(t.sample_fraction)
          << ",\"seed\":";
        json_design(o, t.seed);
        o << ",\"seed_rank\":" << t.seed_rank << ",\"winner\":";
        json_design(o, t.winner);
        o << ",\"why\":" << q(t.why) << ",\"encodings\":[";
        for (std::size_t k = 0; k < t.encodings.size(); ++k) {
            const auto& e = t.encodings[k];
            o << (k ? "," : "") << "{\"column\":" << q(e.column) << ",\"current\":" << q(to_sql(e.current))
              << ",\"recommended\":" << q(to_sql(e.recommended)) << ",\"sort_key\":" << (e.sort_key ? "true" : "false")
              << ",\"analysed\":" << (e.analysed ? "true" : "false")
              << ",\"est_reduction_pct\":" << num(e.est_reduction_pct) << "}";
        }
        o << "],\"candidates\":[";
        for (std::size_t k = 0; k < t.candidates.size(); ++k) {
            const auto& c = t.candidates[k];
            o << (k ? "," : "") << "{\"rank\":" << c.rank << ",\"seed\":" << (c.seed ? "true" : "false")
              << ",\"design\":";
            json_design(o, c.design);
            o << ",\"effective\":" << q(to_sql(c.effective)) << ",\"cost\":";
            json_cost(o, c.cost);
            o << ",\"skew_rows\":" << num(c.skew_rows) << ",\"slice_rows\":[";
            for (std::size_t s = 0; s < c.slice_rows.size(); ++s) o << (s ? "," : "") << c.slice_rows[s];
            o << "],\"joins\":";
            json_joins(o, c.joins);
            o << ",\"scans\":";
            json_scans(o, c.scans);
            o << "}";
        }
        o << "]}";
    }
    o << "],\"seed\":";
    json_evaluation(o, a.seed);
    o << ",\"advised\":";
    json_evaluation(o, a.advised);
    o << ",\"notes\":[";
    for (std::size_t k = 0; k < a.notes.size(); ++k) o << (k ? "," : "") << q(a.notes[k]);
    o << "]}\n";
    return o.str();
}

}  // namespace starshift::tune
