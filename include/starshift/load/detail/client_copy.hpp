// A COPY step on a PostgreSQL target: the copy engine streams the files into the table inside the step's
// transaction, and the rejects land in starshift_load_errors.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

#include <pqxx/transaction>

#include "starshift/io/object_store.hpp"
#include "starshift/load/executor.hpp"
#include "starshift/load/system_views.hpp"
#include "starshift/model/copy_spec.hpp"
#include "starshift/model/table.hpp"

namespace starshift::load {

struct client_copy_options {
    std::chrono::milliseconds progress_interval{2000};
    std::function<void(std::uint64_t rows, std::uint64_t bytes, double seconds)> on_progress;
    const io::object_store* store = nullptr;  // for s3:// sources; nullptr = local files
    copy::maxerror_rule maxerror_boundary = copy::maxerror_rule::more_than;
    copy::wire_format wire = copy::wire_format::binary;  // the COPY data format sent to the server
    const system_view_options* views = nullptr;  // set: the files read become stl_load_commits rows
};

// Runs the copy; rejects within MAXERROR are recorded in starshift_load_errors in the same transaction (and with
// options.views the files in stl_load_commits), under one load id (copy_summary::load_id). Above
// MAXERROR the copy engine's load_error propagates (the caller rolls back, then may record the rejects).
copy_summary run_client_copy(pqxx::work& tx, const copy_spec& spec, const table& target,
                             const client_copy_options& options);

}  // namespace starshift::load
