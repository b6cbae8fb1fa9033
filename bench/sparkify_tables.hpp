// The Sparkify warehouse over a folder of sample data and its tables on PostgreSQL, for the benchmarks that load it.
#pragma once

#include <filesystem>

#include <pqxx/pqxx>

#include "starshift/load/plan.hpp"
#include "starshift/sparkify/warehouse.hpp"

namespace starshift::bench {

// The warehouse whose COPYs read `dir`'s log_data/ (with log_json_path.json) and song_data/.
inline warehouse sparkify_over(const std::filesystem::path& dir) {
    sparkify::options o;
    o.log_data = (dir / "log_data").string();
    o.log_jsonpath = (dir / "log_json_path.json").string();
    o.song_data = (dir / "song_data").string();
    return sparkify::make_warehouse(o);
}

// A PostgreSQL target with UNLOGGED staging tables, as the benchmarks load.
inline load::target postgres_target() {
    load::target target;
    target.dialect = sql::dialect::postgres;
    target.unlogged_staging = true;
    return target;
}

// Creates w's tables in `tx` for postgres_target(); the caller commits.
inline void create_postgres_tables(pqxx::work& tx, const warehouse& w) {
    for (const auto& step : load::create_tables_plan(w, postgres_target()).steps) {
        if (!step.sql.empty()) {
            tx.exec0(step.sql, step.name);
        }
    }
}

}  // namespace starshift::bench
