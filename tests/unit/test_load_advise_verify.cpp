// advise --verify without a cluster: which variants are loaded, the plan with stl_scan and EXPLAIN after each timed
// query, the DS_* labels on both sides, and the predicted-versus-measured text.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "starshift/load/advise_verify.hpp"
#include "starshift/sparkify/synthetic_data.hpp"
#include "starshift/sparkify/warehouse.hpp"
#include "starshift/tune/advisor.hpp"
#include "starshift/tune/cluster.hpp"

using namespace starshift;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

struct sparkify_advice {
    warehouse w = sparkify::make_warehouse({});
    tune::workload wl = tune::workload_from_model(w);
    tune::warehouse_data data;
    tune::advice a;
    sparkify_advice() {
        sparkify::synthetic_options o;
        o.songplays = 3000;
        data = sparkify::synthetic_tune_data(o);
        a = tune::advise(w, data, wl, tune::make_cluster("dc2.large", 2));
    }
};

const sparkify_advice& fixture() {
    static const sparkify_advice f;
    return f;
}

}  // namespace

TEST_CASE("verify_variants: seed then advised then one runner-up per distribution of the biggest table") {
    const auto& f = fixture();
    const auto vs = load::verify_variants(f.a, f.w.star, f.data, f.wl, 2);
    REQUIRE(vs.size() >= 2);
    CHECK(vs[0].name == "seed");
    CHECK(vs[0].description == "the declared designs");
    for (std::size_t i = 0; i < f.a.tables.size(); ++i) {
        CHECK(vs[0].tables[i] == f.a.tables[i].table);
        CHECK(vs[0].designs[i] == f.a.tables[i].seed);
    }
    const bool advised_differs = std::any_of(f.a.tables.begin(), f.a.tables.end(),
                                             [](const tune::table_advice& t) { return !(t.seed == t.winner); });
    std::size_t next = 1;
    if (advised_differs) {
        CHECK(vs[1].name == "advised");
        for (std::size_t i = 0; i < f.a.tables.size(); ++i) CHECK(vs[1].designs[i] == f.a.tables[i].winner);
        next = 2;
    }
    CHECK(vs.size() <= next + 2);
    for (std::size_t k = next; k < vs.size(); ++k) {
        CHECK(vs[k].name == "alt" + std::to_string(k - next + 1));
        CHECK(contains(vs[k].description, "others advised"));
        std::size_t changed = 0;
        for (std::size_t i = 0; i < f.a.tables.size(); ++i)
            if (!(vs[k].designs[i] == f.a.tables[i].winner)) ++changed;
        CHECK(changed == 1);  // only the biggest table differs from the advice
    }
    for (std::size_t k = 0; k < vs.size(); ++k)
        for (std::size_t j = k + 1; j < vs.size(); ++j) CHECK_FALSE(vs[k].designs == vs[j].designs);
    for (const auto& v : vs) {
        CHECK(v.evaluation.name == v.name);
        CHECK(v.skew_rows.count("songplays") == 1);
        CHECK(v.skew_rows.at("songplays") >= 1.0);
    }
}

TEST_CASE("verify_variants: no alternatives asked gives seed and advised only") {
    const auto& f = fixture();
    const auto vs = load::verify_variants(f.a, f.w.star, f.data, f.wl, 0);
    REQUIRE_FALSE(vs.empty());
    CHECK(vs.size() <= 2);
    CHECK(std::none_of(vs.begin(), vs.end(),
                       [](const load::verify_variant& v) { return v.name.rfind("alt", 0) == 0; }));
}

TEST_CASE("to_design_variants: one entry per table per variant named after it") {
    const auto& f = fixture();
    const auto vs = load::verify_variants(f.a, f.w.star, f.data, f.wl, 1);
    const auto ds = load::to_design_variants(vs);
    REQUIRE(ds.size() == vs.size() * f.a.tables.size());
    CHECK(ds[0].name == "seed");
    CHECK(ds[0].table == vs[0].tables[0]);
    CHECK(ds[0].diststyle == vs[0].designs[0].diststyle);
    CHECK(ds[0].distkey == vs[0].designs[0].distkey);
    CHECK(ds.back().name == vs.back().name);
    CHECK(load::variant_names(ds).size() == vs.size());
}

TEST_CASE("make_verify_plan: stl_scan then EXPLAIN after each timed query's figures") {
    const auto& f = fixture();
    const auto vs = load::verify_variants(f.a, f.w.star, f.data, f.wl, 1);
    const load::verify_plan p = load::make_verify_plan(f.w, vs);
    const auto timed = static_cast<std::size_t>(
        std::count_if(p.bench.steps.begin(), p.bench.steps.end(),
                      [](const load::bench_step& s) { return s.kind == load::bench_step_kind::query_timed; }));
    REQUIRE(timed > 0);
    CHECK(p.explain_steps.size() == timed);
    CHECK(p.scan_steps.size() == timed);
    CHECK(p.bench.variants == load::variant_names(load::to_design_variants(vs)));
    for (std::size_t n = 0; n < p.scan_steps.size(); ++n) {
        const std::size_t k = p.scan_steps[n];
        const auto& scan = p.bench.steps[k];
        CHECK(scan.sql == load::scan_figures_sql());
        CHECK(scan.name == "scan figures " + scan.query);
        REQUIRE(scan.measured_step >= 0);
        const auto& measured = p.bench.steps[static_cast<std::size_t>(scan.measured_step)];
        CHECK(measured.kind == load::bench_step_kind::query_timed);
        CHECK(measured.query == scan.query);
        // right after the query's svl_query_summary figures, and followed by its EXPLAIN
        const auto& before = p.bench.steps[k - 1];
        CHECK(before.figures == load::figures_kind::query_summary);
        CHECK(before.measured_step == scan.measured_step);
        CHECK(p.explain_steps[n] == k + 1);
        const auto& explain = p.bench.steps[k + 1];
        CHECK(explain.sql == "EXPLAIN " + measured.sql);
        CHECK(explain.variant == measured.variant);
    }
    // every read_figures step still points at a step of its own query or table load
    for (const auto& s : p.bench.steps)
        if (s.measured_step >= 0 && s.kind == load::bench_step_kind::read_figures &&
            s.figures == load::figures_kind::query_summary && !s.query.empty()) {
            const auto& m = p.bench.steps[static_cast<std::size_t>(s.measured_step)];
            CHECK(m.kind != load::bench_step_kind::read_figures);
        }
    CHECK(contains(load::scan_figures_sql(), "LEFT JOIN stl_scan s ON s.query = last.query"));
    CHECK(contains(load::display_script(p.bench), "EXPLAIN SELECT"));
}

TEST_CASE("predicted_labels and explain_labels: DS labels in order or a dash") {
    std::vector<tune::join_plan> joins(3);
    joins[0].query = "q1";
    joins[0].strategy = tune::join_strategy::ds_dist_none;
    joins[1].query = "q2";
    joins[1].strategy = tune::join_strategy::ds_bcast_inner;
    joins[2].query = "q1";
    joins[2].strategy = tune::join_strategy::ds_dist_all_none;
    CHECK(load::predicted_labels(joins, "q1") == "DS_DIST_NONE DS_DIST_ALL_NONE");
    CHECK(load::predicted_labels(joins, "q2") == "DS_BCAST_INNER");
    CHECK(load::predicted_labels(joins, "q3") == "-");
    load::bench_step_outcome o;
    o.rows = {{"XN Hash Join DS_BCAST_INNER  (cost=0.00..1.00)"}, {"  ->  XN Hash Join DS_DIST_NONE"}, {"XN Seq Scan"}};
    CHECK(load::explain_labels(o) == "DS_BCAST_INNER DS_DIST_NONE");
    CHECK(load::explain_labels(load::bench_step_outcome{}) == "-");
}

TEST_CASE("format_predictions and format_verify_report: aligned predictions and measured figures") {
    const auto& f = fixture();
    const auto vs = load::verify_variants(f.a, f.w.star, f.data, f.wl, 1);
    const load::verify_plan p = load::make_verify_plan(f.w, vs);
    const std::string pred = load::format_predictions(vs);
    CHECK(pred.rfind("\n== verify: predictions per variant\n\n-- variant seed: the declared designs (cost ", 0) == 0);
    CHECK(contains(pred, "\n   songplays    KEY(user_id) SORTKEY(artist_id)"));
    CHECK(contains(pred, " predicted skew_rows "));
    // Outcomes up to the first EXPLAIN: its stl_scan row and plan labels are reported, later steps are not.
    REQUIRE_FALSE(p.scan_steps.empty());
    const std::size_t scan = p.scan_steps.front(), explain = p.explain_steps.front();
    std::vector<load::bench_step_outcome> outcomes(explain + 1);
    outcomes[scan].rows = {{"7", "songplays", "3000", "120", "1"}};
    outcomes[explain].rows = {{"XN Hash Join DS_DIST_ALL_NONE"}};
    const std::string rep = load::format_verify_report(vs, p, outcomes);
    CHECK(rep.rfind("\n== verify: predicted versus measured\n\n-- variant seed: the declared designs\n", 0) == 0);
    const std::string& q = p.bench.steps[scan].query;
    CHECK(contains(rep, "   " + q + ": stl_scan songplays rows_pre_filter 3000 rows 120 rrscan 1\n"));
    CHECK(contains(rep, ": DS labels predicted "));
    CHECK(contains(rep, " | EXPLAIN DS_DIST_ALL_NONE\n"));
    CHECK(contains(rep, " | EXPLAIN n/a\n"));  // steps the run did not reach
    CHECK(contains(rep, "\n   songplays    skew_rows predicted "));
    CHECK(contains(rep, " measured n/a\n"));
}
