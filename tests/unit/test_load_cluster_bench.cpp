// The cluster benchmark plan: variants, their DDL, result cache off before timing, warmup then timed runs, the
// system-view reads keyed on pg_last_query_id()/pg_last_copy_id(), secrets only in the executed SQL, and the report.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "starshift/load/cluster_bench.hpp"
#include "starshift/model/error.hpp"
#include "starshift/sparkify/warehouse.hpp"
#include "support/sparkify_models.hpp"

using namespace starshift;
using load::bench_step;
using load::bench_step_kind;
using load::figures_kind;

namespace {

warehouse keyed_model() { return testing::keyed_sparkify_warehouse(); }

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// The CREATE TABLE songplays statement of one variant.
std::string create_songplays(const load::cluster_bench& b, const std::string& variant) {
    for (const auto& s : b.steps)
        if (s.variant == variant && s.kind == bench_step_kind::ddl && s.name == "create songplays") return s.sql;
    return "";
}

std::vector<const bench_step*> steps_of(const load::cluster_bench& b, const std::string& variant) {
    std::vector<const bench_step*> out;
    for (const auto& s : b.steps)
        if (s.variant == variant) out.push_back(&s);
    return out;
}

}  // namespace

TEST_CASE("songplays_variants: 12 variants of songplays over 4 dist styles and 3 sort keys") {
    const auto v = load::songplays_variants();
    REQUIRE(v.size() == 12);
    const auto names = load::variant_names(v);
    CHECK(names.size() == 12);
    CHECK(std::set<std::string>(names.begin(), names.end()).size() == 12);
    CHECK(std::all_of(v.begin(), v.end(), [](const load::design_variant& x) { return x.table == "songplays"; }));
    CHECK(v.front().name == "even/artist_id");
    CHECK(v.back().name == "all/none");
    int key_user = 0, key_song = 0, even = 0, all = 0, none = 0, start_time = 0;
    for (const auto& x : v) {
        if (x.diststyle == dist_style::key && x.distkey == std::string("user_id")) ++key_user;
        if (x.diststyle == dist_style::key && x.distkey == std::string("song_id")) ++key_song;
        if (x.diststyle == dist_style::even && !x.distkey) ++even;
        if (x.diststyle == dist_style::all && !x.distkey) ++all;
        if (x.sortkey.columns.empty()) ++none;
        if (x.sortkey.columns == std::vector<std::string>{"start_time"}) ++start_time;
    }
    CHECK(key_user == 3);
    CHECK(key_song == 3);
    CHECK(even == 3);
    CHECK(all == 3);
    CHECK(none == 4);
    CHECK(start_time == 4);
    CHECK(load::label(v[3]) == "KEY(user_id) SORTKEY(artist_id)");
    CHECK(load::label(v[11]) == "ALL no SORTKEY");
}

TEST_CASE("cluster_bench_plan: each variant's songplays DDL has its DISTSTYLE DISTKEY and SORTKEY") {
    const warehouse w = keyed_model();
    const auto b = load::cluster_bench_plan(w, load::songplays_variants());
    REQUIRE(b.variants.size() == 12);
    for (const auto& v : load::songplays_variants()) {
        CAPTURE(v.name);
        const std::string ddl = create_songplays(b, v.name);
        REQUIRE(contains(ddl, "CREATE TABLE songplays"));
        CHECK(contains(ddl, "DISTSTYLE " + to_sql(v.diststyle)));
        if (v.distkey) {
            CHECK(contains(ddl, "DISTKEY (" + *v.distkey + ")"));
        } else {
            CHECK_FALSE(contains(ddl, "DISTKEY"));
        }
        bool pinned = false;
        for (const auto* s : steps_of(b, v.name))
            if (s->kind == bench_step_kind::ddl && s->sql == "ALTER TABLE songplays ALTER SORTKEY NONE;") pinned = true;
        if (v.sortkey.columns.empty()) {
            CHECK_FALSE(contains(ddl, "SORTKEY"));
            CHECK(pinned);
        } else {
            CHECK(contains(ddl, "COMPOUND SORTKEY (" + v.sortkey.columns.front() + ")"));
            CHECK_FALSE(pinned);
        }
        // the dimensions as the model declares them
        for (const auto* s : steps_of(b, v.name))
            if (s->kind == bench_step_kind::ddl && s->name == "create users") {
                CHECK(contains(s->sql, "DISTSTYLE ALL"));
                CHECK(contains(s->sql, "COMPOUND SORTKEY (user_id)"));
            }
        // star tables dropped before they are created, songplays (the fact table) dropped first
        const auto vs = steps_of(b, v.name);
        REQUIRE(vs.size() > 2);
        CHECK(vs[0]->sql == "DROP TABLE IF EXISTS songplays;");
    }
}

TEST_CASE("cluster_bench_plan: result cache off before any query and each query twice with only the second timed") {
    const warehouse w = keyed_model();
    const auto b = load::cluster_bench_plan(w, load::songplays_variants());
    REQUIRE(!b.steps.empty());
    CHECK(b.steps.front().kind == bench_step_kind::setup);
    CHECK(b.steps.front().sql == "SET enable_result_cache_for_session TO off;");
    std::size_t first_query = b.steps.size();
    for (std::size_t i = 0; i < b.steps.size(); ++i) {
        const auto k = b.steps[i].kind;
        if ((k == bench_step_kind::query_warmup || k == bench_step_kind::query_timed) && first_query == b.steps.size())
            first_query = i;
        if (i > 0) CHECK_FALSE(contains(b.steps[i].sql, "enable_result_cache_for_session"));  // never turned back on
    }
    REQUIRE(first_query < b.steps.size());
    CHECK(first_query > 0);

    REQUIRE(b.queries.size() == w.queries.size());
    for (const auto& variant : b.variants) {
        for (const auto& q : w.queries) {
            CAPTURE(variant);
            CAPTURE(q.name);
            std::vector<const bench_step*> runs;
            for (const auto* s : steps_of(b, variant))
                if (s->kind == bench_step_kind::query_warmup || s->kind == bench_step_kind::query_timed)
                    if (s->query == q.name) runs.push_back(s);
            REQUIRE(runs.size() == 2);
            CHECK(runs[0]->kind == bench_step_kind::query_warmup);
            CHECK(runs[1]->kind == bench_step_kind::query_timed);
            CHECK(runs[0]->run == 1);
            CHECK(runs[1]->run == 2);
            CHECK(runs[0]->sql == runs[1]->sql);
            CHECK(contains(runs[0]->sql, "FROM songplays"));
        }
    }
    // the timed run is directly followed by the read of its figures, keyed on pg_last_query_id()
    int timed = 0;
    for (std::size_t i = 0; i < b.steps.size(); ++i) {
        if (b.steps[i].kind != bench_step_kind::query_timed) continue;
        ++timed;
        REQUIRE(i + 1 < b.steps.size());
        const bench_step& f = b.steps[i + 1];
        CHECK(f.kind == bench_step_kind::read_figures);
        CHECK(f.figures == figures_kind::query_summary);
        CHECK(f.measured_step == static_cast<int>(i));
        CHECK(f.query == b.steps[i].query);
        CHECK(contains(f.sql, "pg_last_query_id()"));
        CHECK(contains(f.sql, "svl_query_summary"));
        CHECK(contains(f.sql, "bcast"));
        CHECK(contains(f.sql, "dist"));
        CHECK(contains(f.sql, "is_rrscan"));
    }
    CHECK(timed == static_cast<int>(12 * w.queries.size()));
}

TEST_CASE("cluster_bench_plan: staging COPY once with stl_load_commits figures and secrets only in executed SQL") {
    const warehouse w = keyed_model();
    const auto b = load::cluster_bench_plan(w, load::songplays_variants());
    int copies = 0;
    for (std::size_t i = 0; i < b.steps.size(); ++i) {
        const bench_step& s = b.steps[i];
        CHECK_FALSE(contains(s.display_sql, "wJalrXUtnFEMI"));
        CHECK_FALSE(contains(s.display_sql, "FwoGZXIvYXdzEXAMPLETOKEN"));
        if (s.kind != bench_step_kind::copy) continue;
        ++copies;
        CHECK(s.variant.empty());
        CHECK(contains(s.sql, "wJalrXUtnFEMI"));  // what runs has the secret
        CHECK(contains(s.display_sql, "COPY " + s.table));
        REQUIRE(i + 1 < b.steps.size());
        const bench_step& f = b.steps[i + 1];
        CHECK(f.figures == figures_kind::load_commits);
        CHECK(contains(f.sql, "pg_last_copy_id()"));
        CHECK(contains(f.sql, "stl_load_commits"));
        CHECK(contains(f.sql, "lines_scanned"));
        CHECK(f.measured_step == static_cast<int>(i));
    }
    CHECK(copies == static_cast<int>(w.copies.size()));
    const std::string script = load::display_script(b);
    CHECK(contains(script, "SECRET_ACCESS_KEY '***'"));
    CHECK_FALSE(contains(script, "wJalrXUtnFEMI"));
    CHECK(contains(script, "-- [key(song_id)/start_time] query_timed: top_songs (run 2, timed)"));
}

TEST_CASE("cluster_bench_plan: transforms and svv_table_info per variant") {
    const warehouse w = keyed_model();
    const auto b = load::cluster_bench_plan(w, load::songplays_variants());
    for (const auto& variant : b.variants) {
        CAPTURE(variant);
        int transforms = 0, table_info = 0, analyze = 0;
        bool tables_before_queries = false;
        bool seen_query = false;
        for (const auto* s : steps_of(b, variant)) {
            if (s->kind == bench_step_kind::transform && contains(s->sql, "INSERT INTO")) ++transforms;
            if (s->kind == bench_step_kind::transform && contains(s->sql, "ANALYZE")) ++analyze;
            if (s->kind == bench_step_kind::query_warmup) seen_query = true;
            if (s->figures == figures_kind::table_info) {
                ++table_info;
                tables_before_queries = !seen_query;
                CHECK(contains(s->sql, "FROM svv_table_info"));
                for (const char* col : {"diststyle", "sortkey1", "size", "tbl_rows", "skew_rows", "unsorted"})
                    CHECK(contains(s->sql, col));
                for (const auto& t : w.star) CHECK(contains(s->sql, "'" + t.name + "'"));
                CHECK_FALSE(contains(s->sql, "'staging_events'"));
            }
        }
        CHECK(transforms == 5);  // users, songs, artists, time, songplays
        CHECK(analyze == static_cast<int>(w.star.size()));
        CHECK(table_info == 1);
        CHECK(tables_before_queries);
    }
}

TEST_CASE("cluster_bench_plan: variants of any table and several tables in one variant") {
    const warehouse w = keyed_model();
    std::vector<load::design_variant> v;
    v.push_back({"colocated", "songplays", dist_style::key, std::string("song_id"), sort_key{}});
    v.push_back({"colocated", "songs", dist_style::key, std::string("song_id"), sort_key{sort_style::compound, {"song_id"}}});
    v.push_back({"model", "songplays", dist_style::key, std::string("user_id"), sort_key{sort_style::compound, {"artist_id"}}});
    load::cluster_bench_options o;
    o.queries = {"top_songs"};
    o.warmup_runs = 2;
    const auto b = load::cluster_bench_plan(w, v, o);
    CHECK(b.variants == std::vector<std::string>{"colocated", "model"});
    CHECK(b.queries == std::vector<std::string>{"top_songs"});
    std::string songs_ddl;
    int runs = 0;
    for (const auto* s : steps_of(b, "colocated")) {
        if (s->name == "create songs") songs_ddl = s->sql;
        if (s->query == "top_songs" && s->kind != bench_step_kind::read_figures) ++runs;
    }
    CHECK(contains(songs_ddl, "DISTSTYLE KEY\nDISTKEY (song_id)"));
    CHECK(runs == 3);  // two warmups, one timed

    const warehouse applied = load::apply_variant(w, v, "colocated");
    CHECK(applied.find("songs")->distkey == std::string("song_id"));
    CHECK(w.find("songs")->diststyle == dist_style::all);  // the model is untouched

    // a staging-table variant reloads the staging tables for that variant
    std::vector<load::design_variant> staging{{"staging_key", "staging_events", dist_style::key,
                                               std::string("song"), sort_key{}}};
    const auto bs = load::cluster_bench_plan(w, staging);
    int variant_copies = 0;
    for (const auto* s : steps_of(bs, "staging_key"))
        if (s->kind == bench_step_kind::copy) ++variant_copies;
    CHECK(variant_copies == 2);
}

TEST_CASE("cluster_bench_plan: bad variants and unknown queries fail with stable ids") {
    const warehouse w = keyed_model();
    std::vector<load::design_variant> unknown{{"x", "no_such_table", dist_style::even, std::nullopt, sort_key{}}};
    CHECK_THROWS_WITH_AS(static_cast<void>(load::cluster_bench_plan(w, unknown)),
                         doctest::Contains("[starshift.load.variant_unknown_table]"), starshift::error);
    std::vector<load::design_variant> keyless{{"x", "songplays", dist_style::key, std::nullopt, sort_key{}}};
    CHECK_THROWS_AS(static_cast<void>(load::cluster_bench_plan(w, keyless)), model_error);
    std::vector<load::design_variant> bad_column{{"x", "songplays", dist_style::key, std::string("nope"), sort_key{}}};
    CHECK_THROWS_AS(static_cast<void>(load::cluster_bench_plan(w, bad_column)), model_error);
    CHECK_THROWS_WITH_AS(static_cast<void>(load::apply_variant(w, load::songplays_variants(), "nope")),
                         doctest::Contains("[starshift.load.variant_unknown]"), starshift::error);
    load::cluster_bench_options o;
    o.queries = {"no_such_query"};
    CHECK_THROWS_WITH_AS(static_cast<void>(load::cluster_bench_plan(w, load::songplays_variants(), o)),
                         doctest::Contains("[starshift.load.unknown_query]"), starshift::error);
}

TEST_CASE("summarize_cluster_bench: figures rows become copy query and table figures") {
    const warehouse w = keyed_model();
    load::cluster_bench_options o;
    o.queries = {"top_songs"};
    o.transform_figures = false;
    std::vector<load::design_variant> v{load::songplays_variants().at(0)};
    const auto b = load::cluster_bench_plan(w, v, o);
    std::vector<load::bench_step_outcome> out(b.steps.size());
    for (std::size_t i = 0; i < b.steps.size(); ++i) {
        const auto& s = b.steps[i];
        auto& o2 = out[i];
        o2.seconds = 0.5;
        if (s.kind == bench_step_kind::query_timed) o2.seconds = 1.25;
        if (s.figures == figures_kind::load_commits) {
            o2.columns = {"query", "files", "lines_scanned", "elapsed_us"};
            o2.rows = {{"101", "30", "8056", "2500000"}};
        } else if (s.figures == figures_kind::query_summary) {
            o2.columns = {"query",           "elapsed_us",        "steps",        "rows",           "bytes",
                          "maxtime_us",      "bytes_broadcast",   "bytes_distributed", "rrscan_steps", "diskbased_steps"};
            o2.rows = {{"202", "1100000", "14", "9000", "640000", "900000", "4096", "0", "1", "0"}};
        } else if (s.figures == figures_kind::table_info) {
            o2.columns = {"table_name", "diststyle", "sortkey1", "size_mb", "tbl_rows", "skew_rows", "unsorted"};
            o2.rows = {{"songplays   ", "EVEN", "artist_id   ", "40", "6820", "1.05", "0.00"},
                       {"users", "ALL", "user_id", "8", "104", "", "0.00"}};
        }
    }
    const auto r = load::summarize_cluster_bench(b, out);
    REQUIRE(r.copies.size() == 2);
    CHECK(r.copies[0].table == "staging_events");
    CHECK(r.copies[0].files == 30);
    CHECK(r.copies[0].lines_scanned == 8056);
    CHECK(r.copies[0].cluster_seconds == doctest::Approx(2.5));
    REQUIRE(r.queries.size() == 1);
    CHECK(r.queries[0].variant == "even/artist_id");
    CHECK(r.queries[0].query == "top_songs");
    CHECK_FALSE(r.queries[0].transform);
    CHECK(r.queries[0].seconds == doctest::Approx(1.25));  // the timed run's, not the warmup's
    CHECK(r.queries[0].query_id == 202);
    CHECK(r.queries[0].bytes_broadcast == 4096);
    CHECK(r.queries[0].rrscan_steps == 1);
    CHECK(r.queries[0].max_step_seconds == doctest::Approx(0.9));
    const auto* sp = r.find_table("even/artist_id", "songplays");
    REQUIRE(sp != nullptr);
    CHECK(sp->sortkey1 == "artist_id");
    CHECK(sp->skew_rows == doctest::Approx(1.05));
    CHECK(sp->size_mb == 40);
    CHECK(r.find_table("even/artist_id", "users")->skew_rows < 0);  // NULL stays unknown
    // a run that stopped early summarizes what ran; more outcomes than steps is an error
    out.resize(3);
    CHECK(load::summarize_cluster_bench(b, out).queries.empty());
    out.resize(b.steps.size() + 1);
    CHECK_THROWS_WITH_AS(static_cast<void>(load::summarize_cluster_bench(b, out)),
                         doctest::Contains("[starshift.load.bench_outcomes]"), starshift::error);
}
