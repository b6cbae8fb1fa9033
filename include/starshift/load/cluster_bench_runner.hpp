// Runs a cluster benchmark plan (load/cluster_bench.hpp) over one libpqxx connection to a Redshift cluster: every
// statement in autocommit mode (the session setting and pg_last_query_id() need one session), timed on the client;
// the rows of the read_figures steps are kept for summarize_cluster_bench().
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <pqxx/connection>

#include "starshift/load/cluster_bench.hpp"

namespace starshift::load {

struct cluster_bench_run_options {
    // Called after each step (index into plan.steps), e.g. to print progress.
    std::function<void(std::size_t, const bench_step&, const bench_step_outcome&)> on_step;
    std::size_t max_rows = 1000;  // rows kept per read_figures step (query steps keep none)
};

struct cluster_bench_run {
    std::vector<bench_step_outcome> outcomes;  // parallel to plan.steps, up to the failing step (excluded)
    std::string error;  // empty, or the first failure: [starshift.load.step_failed] … (statement with secrets masked)
    [[nodiscard]] bool ok() const noexcept { return error.empty(); }
};

// Runs the steps in order and stops at the first failing statement (its error in `error`; the connection stays
// usable). Never throws for a failing statement; throws for a broken connection only as libpqxx does.
[[nodiscard]] cluster_bench_run run_cluster_bench(pqxx::connection& conn, const cluster_bench& plan,
                                                  const cluster_bench_run_options& options = {});

}  // namespace starshift::load
