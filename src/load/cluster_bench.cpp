#include "starshift/load/cluster_bench.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <map>
#include <stdexcept>
#include <utility>

#include "starshift/load/plan.hpp"
#include "starshift/sql/quote.hpp"
#include "starshift/sql/render.hpp"
#include "starshift/common/error.hpp"

namespace starshift::load {
namespace {

constexpr sql::dialect redshift = sql::dialect::redshift;

bool no_sortkey(const sort_key& k) { return k.style == sort_style::automatic && k.columns.empty(); }

std::string join_columns(const std::vector<std::string>& cols) {
    std::string out;
    for (const auto& c : cols) out += (out.empty() ? "" : ", ") + c;
    return out;
}

table* find_mutable(warehouse& w, std::string_view name) {
    for (auto* list : {&w.staging, &w.star})
        for (auto& t : *list)
            if (t.name == name) return &t;
    return nullptr;
}

bench_step make_step(bench_step_kind kind, std::string variant, std::string name, std::string text) {
    bench_step s;
    s.kind = kind;
    s.variant = std::move(variant);
    s.name = std::move(name);
    s.display_sql = text;
    s.sql = std::move(text);
    return s;
}

bench_step figures_step(figures_kind kind, std::string variant, std::string subject, std::string text,
                        int measured) {
    bench_step s = make_step(bench_step_kind::read_figures, std::move(variant), "figures " + subject, std::move(text));
    s.figures = kind;
    s.subject = std::move(subject);
    s.measured_step = measured;
    return s;
}

// Appends DROP (reverse order) and CREATE of `tables`, and ALTER SORTKEY NONE for the pinned ones.
void add_ddl(std::vector<bench_step>& steps, const std::string& variant, const std::vector<table>& tables,
             const std::vector<std::string>& pin_no_sortkey) {
    for (auto it = tables.rbegin(); it != tables.rend(); ++it) {
        bench_step s = make_step(bench_step_kind::ddl, variant, "drop " + it->name, sql::drop_table(*it, redshift));
        s.table = it->name;
        steps.push_back(std::move(s));
    }
    for (const auto& t : tables) {
        for (auto& text : sql::create_table(t, redshift)) {
            bench_step s = make_step(bench_step_kind::ddl, variant, "create " + t.name, std::move(text));
            s.table = t.name;
            steps.push_back(std::move(s));
        }
        if (std::find(pin_no_sortkey.begin(), pin_no_sortkey.end(), t.name) != pin_no_sortkey.end()) {
            bench_step s = make_step(bench_step_kind::ddl, variant, "no sort key " + t.name,
                                     "ALTER TABLE " + sql::quote_qualified(t.schema, t.name) + " ALTER SORTKEY NONE;");
            s.table = t.name;
            steps.push_back(std::move(s));
        }
    }
}

std::int64_t to_int(const std::string& v) {
    if (v.empty()) return -1;
    char* end = nullptr;
    const double d = std::strtod(v.c_str(), &end);
    if (end == v.c_str()) return -1;
    return static_cast<std::int64_t>(d);
}

double to_double(const std::string& v) {
    if (v.empty()) return -1;
    char* end = nullptr;
    const double d = std::strtod(v.c_str(), &end);
    return end == v.c_str() ? -1 : d;
}

// A figures row read by column name.
class row_reader {
public:
    row_reader(const std::vector<std::string>& columns, const std::vector<std::string>& row)
        : columns_(columns), row_(row) {}
    [[nodiscard]] std::string text(std::string_view column) const {
        for (std::size_t i = 0; i < columns_.size() && i < row_.size(); ++i)
            if (columns_[i] == column) return row_[i];
        return "";
    }
    [[nodiscard]] std::int64_t integer(std::string_view column) const { return to_int(text(column)); }
    // Sets each integer member of `into` from its column.
    template <class Figures>
    void integers(Figures& into, std::initializer_list<std::pair<std::int64_t Figures::*, const char*>> fields) const {
        for (const auto& [member, column] : fields) into.*member = integer(column);
    }
    [[nodiscard]] double number(std::string_view column) const { return to_double(text(column)); }
    [[nodiscard]] double seconds_from_us(std::string_view column) const {
        const double us = number(column);
        return us < 0 ? -1 : us / 1e6;
    }

private:
    const std::vector<std::string>& columns_;
    const std::vector<std::string>& row_;
};

}  // namespace

std::vector<design_variant> songplays_variants() {
    struct dist {
        const char* name;
        dist_style style;
        std::optional<std::string> key;
    };
    const std::vector<dist> dists = {{"even", dist_style::even, std::nullopt},
                                     {"key(user_id)", dist_style::key, std::string("user_id")},
                                     {"key(song_id)", dist_style::key, std::string("song_id")},
                                     {"all", dist_style::all, std::nullopt}};
    const std::vector<const char*> sorts = {"artist_id", "start_time", "none"};
    std::vector<design_variant> out;
    for (const auto& d : dists) {
        for (const char* s : sorts) {
            design_variant v;
            v.name = std::string(d.name) + "/" + s;
            v.table = "songplays";
            v.diststyle = d.style;
            v.distkey = d.key;
            if (std::string_view(s) != "none") v.sortkey = sort_key{sort_style::compound, {s}};
            out.push_back(std::move(v));
        }
    }
    return out;
}

std::string label(const design_variant& v) {
    std::string out = to_sql(v.diststyle);
    if (v.distkey) out += "(" + *v.distkey + ")";
    if (no_sortkey(v.sortkey)) return out + " no SORTKEY";
    switch (v.sortkey.style) {
        case sort_style::interleaved: out += " INTERLEAVED"; break;
        case sort_style::automatic: return out + " SORTKEY AUTO";
        case sort_style::compound: break;
    }
    return out + " SORTKEY(" + join_columns(v.sortkey.columns) + ")";
}

std::vector<std::string> variant_names(const std::vector<design_variant>& variants) {
    std::vector<std::string> out;
    for (const auto& v : variants)
        if (std::find(out.begin(), out.end(), v.name) == out.end()) out.push_back(v.name);
    return out;
}

warehouse apply_variant(const warehouse& w, const std::vector<design_variant>& variants,
                        std::string_view variant_name) {
    warehouse out = w;
    bool any = false;
    for (const auto& v : variants) {
        if (v.name != variant_name) continue;
        any = true;
        table* t = find_mutable(out, v.table);
        if (!t)
            throw error("starshift.load.variant_unknown_table", "variant '" + v.name +
                                        "' names table '" + v.table + "', which warehouse '" + w.name +
                                        "' does not have");
        t->diststyle = v.diststyle;
        t->distkey = v.distkey;
        t->sortkey = v.sortkey;
        static_cast<void>(validate(*t));
    }
    if (!any)
        throw error("starshift.load.variant_unknown", "no design variant named '" +
                                    std::string(variant_name) + "'");
    return out;
}

std::string to_string(bench_step_kind k) {
    switch (k) {
        case bench_step_kind::setup: return "setup";
        case bench_step_kind::ddl: return "ddl";
        case bench_step_kind::copy: return "copy";
        case bench_step_kind::transform: return "transform";
        case bench_step_kind::query_warmup: return "query_warmup";
        case bench_step_kind::query_timed: return "query_timed";
        case bench_step_kind::read_figures: return "read_figures";
    }
    return "?";
}

std::string to_string(figures_kind k) {
    switch (k) {
        case figures_kind::none: return "none";
        case figures_kind::load_commits: return "load_commits";
        case figures_kind::query_summary: return "query_summary";
        case figures_kind::table_info: return "table_info";
    }
    return "?";
}

// One statement each: pg_last_copy_id()/pg_last_query_id() is evaluated once, in a one-row subquery LEFT JOINed to
// the views, so the row (with the query id) comes back even when the views have nothing for it.
std::string load_commits_sql() {
    return "SELECT last.query AS query,\n"
           "       COUNT(DISTINCT c.filename) AS files,\n"
           "       COALESCE(SUM(c.lines_scanned), 0) AS lines_scanned,\n"
           "       MAX(DATEDIFF(microsecond, q.starttime, q.endtime)) AS elapsed_us\n"
           "FROM (SELECT pg_last_copy_id() AS query) last\n"
           "LEFT JOIN stl_load_commits c ON c.query = last.query\n"
           "LEFT JOIN stl_query q ON q.query = last.query\n"
           "GROUP BY last.query;";
}

std::string query_summary_sql() {
    return "SELECT last.query AS query,\n"
           "       MAX(DATEDIFF(microsecond, q.starttime, q.endtime)) AS elapsed_us,\n"
           "       COUNT(s.step) AS steps,\n"
           "       COALESCE(SUM(s.rows), 0) AS rows,\n"
           "       COALESCE(SUM(s.bytes), 0) AS bytes,\n"
           "       COALESCE(MAX(s.maxtime), 0) AS maxtime_us,\n"
           "       COALESCE(SUM(CASE WHEN LTRIM(s.label) LIKE 'bcast%' THEN s.bytes ELSE 0 END), 0) AS bytes_broadcast,\n"
           "       COALESCE(SUM(CASE WHEN LTRIM(s.label) LIKE 'dist%' THEN s.bytes ELSE 0 END), 0) AS "
           "bytes_distributed,\n"
           "       COALESCE(SUM(CASE WHEN s.is_rrscan = 't' THEN 1 ELSE 0 END), 0) AS rrscan_steps,\n"
           "       COALESCE(SUM(CASE WHEN s.is_diskbased = 't' THEN 1 ELSE 0 END), 0) AS diskbased_steps\n"
           "FROM (SELECT pg_last_query_id() AS query) last\n"
           "LEFT JOIN svl_query_summary s ON s.query = last.query\n"
           "LEFT JOIN stl_query q ON q.query = last.query\n"
           "GROUP BY last.query;";
}

std::string table_info_sql(const std::vector<const table*>& tables) {
    // Tables grouped by schema in first-appearance order; an unqualified table is in current_schema().
    std::vector<std::pair<std::string, std::vector<std::string>>> by_schema;
    for (const table* t : tables) {
        auto it = std::find_if(by_schema.begin(), by_schema.end(), [&](const auto& e) { return e.first == t->schema; });
        if (it == by_schema.end()) {
            by_schema.push_back({t->schema, {}});
            it = std::prev(by_schema.end());
        }
        it->second.push_back(t->name);
    }
    std::string where;
    for (const auto& [schema, names] : by_schema) {
        std::string in;
        for (const auto& n : names) in += (in.empty() ? "" : ", ") + sql::quote_literal(n, redshift);
        where += std::string(where.empty() ? "WHERE " : "\n   OR ") + "(\"schema\" = " +
                 (schema.empty() ? std::string("current_schema()") : sql::quote_literal(schema, redshift)) +
                 " AND \"table\" IN (" + in + "))";
    }
    if (where.empty()) where = "WHERE FALSE";
    return "SELECT \"table\" AS table_name, diststyle, sortkey1, size AS size_mb, tbl_rows, skew_rows, unsorted\n"
           "FROM svv_table_info\n" +
           where + "\nORDER BY \"table\";";
}

cluster_bench cluster_bench_plan(const warehouse& w, const std::vector<design_variant>& variants,
                                 const cluster_bench_options& options) {
    cluster_bench b;
    b.variants = variant_names(variants);
    target t;
    t.dialect = redshift;
    if (options.queries.empty()) {
        for (const auto& q : w.queries) b.queries.push_back(q.name);
    } else {
        for (const auto& name : options.queries) static_cast<void>(query_plan(w, t, name));  // throws when unknown
        b.queries = options.queries;
    }
    // Applied up front, so that a bad variant fails before anything is planned.
    std::vector<warehouse> designs;
    designs.reserve(b.variants.size());
    for (const auto& name : b.variants) designs.push_back(apply_variant(w, variants, name));

    auto& steps = b.steps;
    steps.push_back(make_step(bench_step_kind::setup, "", "result cache off",
                              "SET enable_result_cache_for_session TO off;"));
    // Staging tables: created and loaded once; again only for a variant that changes one of them (and for the next
    // variant that changes them back).
    auto stage = [&](const warehouse& wv, const std::string& variant, const std::vector<std::string>& pinned) {
        add_ddl(steps, variant, wv.staging, pinned);
        for (auto& s : etl_plan(wv, t).steps) {
            if (s.kind != step_kind::copy) continue;
            bench_step c;
            c.kind = bench_step_kind::copy;
            c.variant = variant;
            c.name = s.name;
            c.sql = s.sql;
            c.display_sql = s.display_sql;
            c.table = s.copy ? s.copy->table : "";
            steps.push_back(std::move(c));
            const int measured = static_cast<int>(steps.size()) - 1;
            steps.push_back(figures_step(figures_kind::load_commits, variant, s.name, load_commits_sql(), measured));
        }
    };
    if (options.load_staging) stage(w, "", {});
    std::vector<table> staging_now = w.staging;
    const int timed_run = std::max(0, options.warmup_runs) + 1;
    for (std::size_t i = 0; i < b.variants.size(); ++i) {
        const std::string& name = b.variants[i];
        const warehouse& wv = designs[i];
        std::vector<std::string> pinned;
        if (options.pin_no_sortkey)
            for (const auto& v : variants)
                if (v.name == name && no_sortkey(v.sortkey)) pinned.push_back(v.table);
        if (wv.staging != staging_now) {
            stage(wv, name, pinned);
            staging_now = wv.staging;
        }
        add_ddl(steps, name, wv.star, pinned);
        for (auto& s : etl_plan(wv, t).steps) {
            if (s.kind != step_kind::transform && s.kind != step_kind::analyze) continue;
            steps.push_back(make_step(bench_step_kind::transform, name, s.name, s.sql));
            if (s.kind == step_kind::transform && options.transform_figures) {
                const int measured = static_cast<int>(steps.size()) - 1;
                steps.push_back(figures_step(figures_kind::query_summary, name, s.name, query_summary_sql(), measured));
            }
        }
        std::vector<const table*> star;
        for (const auto& tb : wv.star) star.push_back(&tb);
        steps.push_back(figures_step(figures_kind::table_info, name, "tables", table_info_sql(star), -1));
        for (const auto& q : b.queries) {
            const std::string text = query_plan(wv, t, q).steps.at(0).sql;
            for (int run = 1; run <= timed_run; ++run) {
                bench_step s = make_step(run == timed_run ? bench_step_kind::query_timed : bench_step_kind::query_warmup,
                                         name, q, text);
                s.query = q;
                s.run = run;
                steps.push_back(std::move(s));
            }
            const int measured = static_cast<int>(steps.size()) - 1;
            bench_step f = figures_step(figures_kind::query_summary, name, q, query_summary_sql(), measured);
            f.query = q;
            steps.push_back(std::move(f));
        }
    }
    if (options.drop_star_at_end)
        for (auto it = w.star.rbegin(); it != w.star.rend(); ++it) {
            bench_step s = make_step(bench_step_kind::ddl, "", "drop " + it->name, sql::drop_table(*it, redshift));
            s.table = it->name;
            steps.push_back(std::move(s));
        }
    return b;
}

std::string display_script(const cluster_bench& b) {
    std::string out = "-- cluster benchmark: " + std::to_string(b.variants.size()) + " variant(s), " +
                      std::to_string(b.queries.size()) + " timed quer" + (b.queries.size() == 1 ? "y" : "ies") +
                      ", " + std::to_string(b.steps.size()) + " statements\n";
    for (const auto& s : b.steps) {
        out += "\n-- ";
        if (!s.variant.empty()) out += "[" + s.variant + "] ";
        out += to_string(s.kind) + ": " + s.name;
        if (s.kind == bench_step_kind::query_warmup) out += " (run " + std::to_string(s.run) + ", untimed)";
        if (s.kind == bench_step_kind::query_timed) out += " (run " + std::to_string(s.run) + ", timed)";
        if (s.kind == bench_step_kind::read_figures) out += " (" + to_string(s.figures) + ")";
        out += "\n" + s.display_sql + "\n";
    }
    return out;
}

const table_figures* cluster_bench_report::find_table(std::string_view variant, std::string_view table) const noexcept {
    for (const auto& t : tables)
        if (t.variant == variant && t.table == table) return &t;
    return nullptr;
}

cluster_bench_report summarize_cluster_bench(const cluster_bench& b, const std::vector<bench_step_outcome>& outcomes) {
    if (outcomes.size() > b.steps.size())
        throw error("starshift.load.bench_outcomes", "" + std::to_string(outcomes.size()) +
                                    " outcomes for a plan of " + std::to_string(b.steps.size()) + " steps");
    cluster_bench_report r;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const bench_step& s = b.steps[i];
        const bench_step_outcome& o = outcomes[i];
        if (s.kind != bench_step_kind::read_figures) continue;
        const bool has_measured = s.measured_step >= 0 && static_cast<std::size_t>(s.measured_step) < outcomes.size();
        const double measured_seconds = has_measured ? outcomes[static_cast<std::size_t>(s.measured_step)].seconds : 0;
        const bench_step* measured = has_measured ? &b.steps[static_cast<std::size_t>(s.measured_step)] : nullptr;
        static const std::vector<std::string> empty_row;
        const std::vector<std::string>& first = o.rows.empty() ? empty_row : o.rows.front();
        const row_reader row(o.columns, first);
        switch (s.figures) {
            case figures_kind::load_commits: {
                copy_figures c;
                c.table = measured ? measured->table : s.subject;
                c.seconds = measured_seconds;
                row.integers(c, {{&copy_figures::query, "query"},
                                 {&copy_figures::files, "files"},
                                 {&copy_figures::lines_scanned, "lines_scanned"}});
                c.cluster_seconds = row.seconds_from_us("elapsed_us");
                r.copies.push_back(std::move(c));
                break;
            }
            case figures_kind::query_summary: {
                query_figures q;
                q.variant = s.variant;
                q.query = s.subject;
                q.transform = measured && measured->kind == bench_step_kind::transform;
                q.seconds = measured_seconds;
                q.cluster_seconds = row.seconds_from_us("elapsed_us");
                q.max_step_seconds = row.seconds_from_us("maxtime_us");
                row.integers(q, {{&query_figures::query_id, "query"},
                                 {&query_figures::steps, "steps"},
                                 {&query_figures::rows, "rows"},
                                 {&query_figures::bytes, "bytes"},
                                 {&query_figures::bytes_broadcast, "bytes_broadcast"},
                                 {&query_figures::bytes_distributed, "bytes_distributed"},
                                 {&query_figures::rrscan_steps, "rrscan_steps"},
                                 {&query_figures::diskbased_steps, "diskbased_steps"}});
                r.queries.push_back(std::move(q));
                break;
            }
            case figures_kind::table_info:
                for (const auto& one : o.rows) {
                    const row_reader t(o.columns, one);
                    table_figures f;
                    f.variant = s.variant;
                    f.table = t.text("table_name");
                    while (!f.table.empty() && f.table.back() == ' ') f.table.pop_back();  // char(n) padding
                    f.diststyle = t.text("diststyle");
                    f.sortkey1 = t.text("sortkey1");
                    while (!f.sortkey1.empty() && f.sortkey1.back() == ' ') f.sortkey1.pop_back();
                    t.integers(f, {{&table_figures::size_mb, "size_mb"}, {&table_figures::tbl_rows, "tbl_rows"}});
                    f.skew_rows = t.number("skew_rows");
                    f.unsorted = t.number("unsorted");
                    r.tables.push_back(std::move(f));
                }
                break;
            case figures_kind::none: break;
        }
    }
    return r;
}

}  // namespace starshift::load
