// Plans: which steps run, in which order, with which SQL, for each target; secrets masked in the display SQL.
#include <doctest/doctest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "starshift/common/error.hpp"
#include "starshift/load/plan.hpp"
#include "starshift/sparkify/warehouse.hpp"
#include "support/sparkify_models.hpp"

using namespace starshift;

namespace {

warehouse local_model() {
    sparkify::options o;
    o.log_data = "/data/log_data";
    o.log_jsonpath = "/data/log_json_path.json";
    o.song_data = "/data/song_data";
    o.credentials = {};
    return sparkify::make_warehouse(o);
}

warehouse keyed_model() { return testing::keyed_sparkify_warehouse(); }

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("create-tables drops in reverse order then creates in declaration order") {
    const warehouse w = local_model();
    const auto p = load::create_tables_plan(w, load::target{});
    const auto tables = w.all_tables();
    REQUIRE(p.steps.size() == 2 * tables.size());
    for (std::size_t i = 0; i < tables.size(); ++i) {
        CHECK(p.steps[i].kind == load::step_kind::drop);
        CHECK(p.steps[i].name == "drop " + tables[tables.size() - 1 - i]->name);
        CHECK(p.steps[tables.size() + i].kind == load::step_kind::create);
        CHECK(p.steps[tables.size() + i].name == "create " + tables[i]->name);
    }
}

TEST_CASE("PostgreSQL staging tables are unlogged and star tables are not") {
    const warehouse w = local_model();
    const auto p = load::create_tables_plan(w, load::target{});
    for (const auto& s : p.steps) {
        if (s.kind != load::step_kind::create) continue;
        const bool staging = s.name.rfind("create staging_", 0) == 0;
        CAPTURE(s.name);
        CHECK(contains(s.sql, "UNLOGGED") == staging);
    }
    load::target logged;
    logged.unlogged_staging = false;
    for (const auto& s : load::create_tables_plan(w, logged).steps) CHECK_FALSE(contains(s.sql, "UNLOGGED"));
}

TEST_CASE("PostgreSQL keys are informational unless the target enforces them") {
    // t_Defining_constraints: Redshift does not enforce PRIMARY KEY, UNIQUE or FOREIGN KEY; NOT NULL it does.
    const warehouse w = local_model();
    std::string users;
    for (const auto& s : load::create_tables_plan(w, load::target{}).steps)
        if (s.name == "create users") users = s.sql;
    CHECK(contains(users, "-- informational (not enforced, as on Redshift): PRIMARY KEY (user_id)"));
    CHECK(contains(users, "user_id INTEGER NOT NULL"));
    CHECK(contains(users, "CREATE INDEX users_sortkey ON users (user_id);"));
    load::target strict;
    strict.enforce_constraints = true;
    std::string songplays;
    for (const auto& s : load::create_tables_plan(w, strict).steps)
        if (s.name == "create songplays") songplays = s.sql;
    CHECK(contains(songplays, "    PRIMARY KEY (songplay_id),\n"));
    CHECK(contains(songplays, "FOREIGN KEY (user_id) REFERENCES users (user_id)"));
    CHECK_FALSE(contains(songplays, "informational"));
}

TEST_CASE("the PostgreSQL etl plan copies client-side and the Redshift one server-side") {
    const warehouse w = local_model();
    const auto pg = load::etl_plan(w, load::target{});
    std::size_t copies = 0;
    for (const auto& s : pg.steps) {
        if (s.kind != load::step_kind::copy) continue;
        ++copies;
        CHECK(s.sql.empty());
        REQUIRE(s.copy);
        REQUIRE(s.copy_target);
        CHECK(s.copy_target->name == s.copy->table);
    }
    CHECK(copies == w.copies.size());
    CHECK(pg.steps.front().kind == load::step_kind::truncate);
    CHECK(pg.steps.back().kind == load::step_kind::analyze);

    load::target rs;
    rs.dialect = sql::dialect::redshift;
    const auto red = load::etl_plan(sparkify::make_warehouse(), rs);
    for (const auto& s : red.steps)
        if (s.kind == load::step_kind::copy) CHECK(s.sql.rfind("COPY ", 0) == 0);
}

TEST_CASE("transforms run in the model's order after the copies") {
    const warehouse w = local_model();
    const auto p = load::etl_plan(w, load::target{});
    std::vector<std::string> names;
    bool seen_transform = false;
    for (const auto& s : p.steps) {
        if (s.kind == load::step_kind::transform) {
            if (s.name.rfind("transform ", 0) == 0) names.push_back(s.name);
            seen_transform = true;
        }
        if (s.kind == load::step_kind::copy) CHECK_FALSE(seen_transform);
    }
    REQUIRE(names.size() == w.transforms.size());
    for (std::size_t i = 0; i < names.size(); ++i) CHECK(names[i] == "transform " + w.transforms[i].name);
}

TEST_CASE("secrets are masked in the display SQL and present only in the executed SQL") {
    load::target rs;
    rs.dialect = sql::dialect::redshift;
    const auto p = load::etl_plan(keyed_model(), rs);
    const std::string shown = load::display_script(p);
    CHECK_FALSE(contains(shown, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"));
    CHECK_FALSE(contains(shown, "FwoGZXIvYXdzEXAMPLETOKEN"));
    CHECK(contains(shown, "AKIAEXAMPLEKEYID"));
    bool revealed = false;
    for (const auto& s : p.steps)
        if (s.kind == load::step_kind::copy) revealed = revealed || contains(s.sql, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY");
    CHECK(revealed);
}

TEST_CASE("check plans carry each check's expectation") {
    const warehouse w = local_model();
    const auto p = load::checks_plan(w, load::target{});
    REQUIRE(p.steps.size() == w.checks.size());
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
        REQUIRE(p.steps[i].expect);
        CHECK(*p.steps[i].expect == w.checks[i].expect);
        CHECK(p.steps[i].kind == load::step_kind::check);
    }
}

TEST_CASE("an unknown query name lists the known ones") {
    const warehouse w = local_model();
    REQUIRE_FALSE(w.queries.empty());
    try {
        (void)load::query_plan(w, load::target{}, "nope");
        FAIL("expected an error");
    } catch (const starshift::error& e) {
        CHECK(e.id() == "starshift.load.unknown_query");
        CHECK(contains(e.what(), "[starshift.load.unknown_query]"));
        CHECK(contains(e.what(), w.queries.front().name));
    }
    const auto one = load::query_plan(w, load::target{}, w.queries.front().name);
    REQUIRE(one.steps.size() == 1);
    CHECK(one.steps[0].kind == load::step_kind::query);
}

TEST_CASE("PostgreSQL transforms run without nested loops unless asked and Redshift ones unchanged") {
    const warehouse w = local_model();
    for (const auto& s : load::etl_plan(w, load::target{}).steps)
        if (s.name.rfind("transform ", 0) == 0) {
            CHECK(s.sql.rfind("SET LOCAL enable_nestloop = 'off';\nSET LOCAL work_mem = '256MB';\n", 0) == 0);
        }
    load::target keep;
    keep.postgres_disable_nestloop = false;
    for (const auto& s : load::etl_plan(w, keep).steps) CHECK_FALSE(contains(s.sql, "enable_nestloop"));
    load::target rs;
    rs.dialect = sql::dialect::redshift;
    for (const auto& s : load::etl_plan(sparkify::make_warehouse(), rs).steps) CHECK_FALSE(contains(s.sql, "enable_nestloop"));
}

TEST_CASE("PostgreSQL star tables get their sort-key index after a first load and Redshift no index steps") {
    const warehouse w = local_model();
    const auto steps = load::etl_plan(w, load::target{}).steps;
    auto position = [&](const std::string& name) {
        for (std::size_t i = 0; i < steps.size(); ++i)
            if (steps[i].name == name) return static_cast<long>(i);
        return -1L;
    };
    const long first_transform = position("transform " + w.transforms.front().name);
    const long last_transform = position("transform " + w.transforms.back().name);
    for (const auto& tb : w.star) {
        if (tb.sortkey.columns.empty()) continue;
        const long unindex = position("unindex " + tb.name);
        const long index = position("index " + tb.name);
        REQUIRE(unindex >= 0);
        REQUIRE(index >= 0);
        CHECK(unindex < first_transform);
        CHECK(index > last_transform);
        // dropped only while the table is empty, so an incremental load keeps its index
        CHECK(contains(steps[static_cast<std::size_t>(unindex)].sql, "IF NOT EXISTS (SELECT 1 FROM "));
        CHECK(contains(steps[static_cast<std::size_t>(unindex)].sql, "DROP INDEX IF EXISTS " + tb.name + "_sortkey"));
        const std::string& create = steps[static_cast<std::size_t>(index)].sql;
        CHECK(create.rfind("CREATE INDEX IF NOT EXISTS " + tb.name + "_sortkey", 0) == 0);
    }
    load::target keep;
    keep.postgres_index_after_load = false;
    keep.postgres_transform_work_mem.clear();
    for (const auto& s : load::etl_plan(w, keep).steps) {
        CHECK(s.name.rfind("index ", 0) != 0);
        CHECK(s.name.rfind("unindex ", 0) != 0);
        CHECK_FALSE(contains(s.sql, "work_mem"));
    }
    load::target rs;
    rs.dialect = sql::dialect::redshift;
    for (const auto& s : load::etl_plan(sparkify::make_warehouse(), rs).steps) {
        CHECK_FALSE(contains(s.sql, "INDEX"));
        CHECK_FALSE(contains(s.sql, "work_mem"));
    }
}

namespace {

// The names of the steps `name` waits for.
std::vector<std::string> waits_for(const load::plan& p, const std::string& name) {
    const auto deps = load::step_dependencies(p);
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
        if (p.steps[i].name != name) continue;
        std::vector<std::string> out;
        for (const std::size_t d : deps[i]) out.push_back(p.steps[d].name);
        return out;
    }
    FAIL("no step " << name);
    return {};
}

bool waits(const load::plan& p, const std::string& later, const std::string& earlier) {
    const auto w = waits_for(p, later);
    return std::find(w.begin(), w.end(), earlier) != w.end();
}

}  // namespace

TEST_CASE("etl steps wait only for the steps whose tables they share") {
    const warehouse w = local_model();
    const auto p = load::etl_plan(w, load::target{});
    // COPYs one after another (both write the load log); each after the truncate of its own table only.
    CHECK(waits(p, "copy staging_songs", "copy staging_events"));
    CHECK(waits(p, "copy staging_events", "truncate staging_events"));
    CHECK_FALSE(waits(p, "copy staging_events", "truncate staging_songs"));
    // Transforms after the ANALYZE of what they read; users after users_replace (both write users).
    CHECK(waits(p, "transform users", "transform users_replace"));
    CHECK(waits(p, "transform users", "analyze staging_events"));
    CHECK(waits(p, "transform songplays", "analyze staging_songs"));
    CHECK(waits(p, "transform songplays", "unindex songplays"));
    // The fact's insert reads no dimension: it runs beside them (its foreign keys are informational).
    for (const char* dimension : {"transform users", "transform songs", "transform artists", "transform time"})
        CHECK_FALSE(waits(p, "transform songplays", dimension));
    CHECK_FALSE(waits(p, "transform time", "transform users"));
    // An index after its table's inserts, the star table's ANALYZE after its index.
    CHECK(waits(p, "index songplays", "transform songplays"));
    CHECK(waits(p, "analyze time", "index time"));
    CHECK_FALSE(waits(p, "index time", "transform songplays"));
}

TEST_CASE("with enforced foreign keys the fact waits for the dimensions it references") {
    load::target enforced;
    enforced.enforce_constraints = true;
    const auto p = load::etl_plan(local_model(), enforced);
    for (const char* dimension : {"transform users", "transform songs", "transform artists", "transform time"})
        CHECK(waits(p, "transform songplays", dimension));
}

TEST_CASE("the fact's transform and index come first among ready steps and other plans run in order") {
    const auto p = load::etl_plan(local_model(), load::target{});
    for (const auto& s : p.steps) {
        CAPTURE(s.name);
        CHECK(s.priority == (s.name == "transform songplays" || s.name == "index songplays" ? 1 : 0));
    }
    // Steps without tables are barriers: create-tables keeps its order (each step waits for every earlier one).
    const auto create = load::create_tables_plan(local_model(), load::target{});
    const auto deps = load::step_dependencies(create);
    for (std::size_t i = 0; i < deps.size(); ++i) CHECK(deps[i].size() == i);
}

TEST_CASE("a statement's own PostgreSQL settings run before it and never on Redshift") {
    const auto p = load::etl_plan(local_model(), load::target{});
    for (const auto& s : p.steps)
        if (s.kind == load::step_kind::transform) {
            CAPTURE(s.name);
            CHECK(contains(s.sql, "SET LOCAL enable_hashagg = 'off';") == (s.name == "transform time"));
        }
    load::target rs;
    rs.dialect = sql::dialect::redshift;
    for (const auto& s : load::etl_plan(sparkify::make_warehouse(), rs).steps) CHECK_FALSE(contains(s.sql, "SET LOCAL"));
}

TEST_CASE("PostgreSQL inserts into star tables truncate them only while empty and never what enforced keys reference") {
    const std::string guard = "LOCK TABLE songplays IN ACCESS EXCLUSIVE MODE;\nDO $starshift$ BEGIN\n"
                              "    IF NOT EXISTS (SELECT 1 FROM songplays) THEN\n        TRUNCATE songplays;";
    const auto p = load::etl_plan(local_model(), load::target{});
    for (const auto& s : p.steps) {
        if (s.kind != load::step_kind::transform || s.name.rfind("transform ", 0) != 0) continue;
        CAPTURE(s.name);
        const std::string table = s.name.substr(std::string("transform ").size());
        // users_replace is a DELETE: it keeps the rows it does not delete
        CHECK(contains(s.sql, "TRUNCATE " + table + ";") == (table != "users_replace"));
        if (table == "songplays") CHECK(contains(s.sql, guard));
    }
    load::target enforced;
    enforced.enforce_constraints = true;
    for (const auto& s : load::etl_plan(local_model(), enforced).steps)
        if (s.kind == load::step_kind::transform) CHECK(contains(s.sql, "TRUNCATE") == (s.name == "transform songplays"));
    load::target off;
    off.postgres_truncate_empty_targets = false;
    for (const auto& s : load::etl_plan(local_model(), off).steps)
        if (s.kind == load::step_kind::transform) CHECK_FALSE(contains(s.sql, "TRUNCATE"));
}
