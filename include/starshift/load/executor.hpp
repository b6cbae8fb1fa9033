// Runs a plan over one libpqxx connection: a transaction per step (or one for the whole plan), timings, row
// counts, progress and Boost.Log records; a dry run prints the display SQL instead.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include <pqxx/connection>

#include "starshift/common/error.hpp"
#include "starshift/copy/copy_encoder.hpp"
#include "starshift/io/object_store.hpp"
#include "starshift/load/plan.hpp"
#include "starshift/load/system_views.hpp"

namespace starshift::load {

struct copy_summary {
    std::string source;  // what the source matched: "directory /x/log_data: 30 files" (copy_encoder::source())
    std::uint64_t files = 0;
    std::uint64_t records_read = 0;
    std::uint64_t rows_loaded = 0;
    std::uint64_t rows_rejected = 0;
    std::uint64_t bytes_read = 0;
    std::uint64_t request_retries = 0;       // object store requests retried (S3), copy::copy_stats::request_retries
    std::int64_t load_id = 0;                // stl_load_commits.query / stl_load_errors.query of this COPY
    std::vector<copy::file_stats> per_file;  // copy::copy_stats::per_file
};

// ", 3 requests retried" for a COPY whose object store retried requests; "" for none.
[[nodiscard]] std::string retries_note(std::uint64_t retries);

struct step_result {
    std::string name;
    step_kind kind = step_kind::create;
    double seconds = 0;
    double started = 0;      // seconds from the start of the plan to the start of the step
    std::int64_t rows = -1;  // rows affected/loaded/returned; -1 when not meaningful
    bool ok = true;          // false: a data-quality check failed (errors throw)
    std::string message;     // check outcome, copy summary, …
    copy_summary copy;       // copy steps
    std::vector<std::string> column_names;            // query steps
    std::vector<std::vector<std::string>> result_rows;  // query steps (NULL as "NULL")
};

struct run_result {
    std::string plan_name;
    std::vector<step_result> steps;
    double seconds = 0;
    [[nodiscard]] bool ok() const noexcept;
};

// A step failed: carries the step's name and display SQL (secrets masked) and the SQLSTATE when the database
// reported one. The message starts with [starshift.load.step_failed], or [starshift.load.table_missing] when the
// step's table does not exist (SQLSTATE 42P01).
class step_error : public error {
public:
    step_error(std::string step, std::string display_sql, std::string sqlstate, std::string_view reason,
               std::string_view id = "starshift.load.step_failed");
    [[nodiscard]] const std::string& step() const noexcept { return step_; }
    [[nodiscard]] const std::string& display_sql() const noexcept { return display_sql_; }
    [[nodiscard]] const std::string& sqlstate() const noexcept { return sqlstate_; }

private:
    std::string step_;
    std::string display_sql_;
    std::string sqlstate_;
};

struct progress {
    std::string step;
    std::uint64_t rows = 0;
    std::uint64_t bytes = 0;
    double seconds = 0;
};

struct executor_options {
    bool single_transaction = false;  // the whole plan in one transaction (all or nothing)
    // Up to this many steps at once, each on its own connection (opened with the first one's connection string)
    // and in its own transaction, when the plan's steps name their tables (step::reads/writes, etl_plan) and
    // neither writes what the other reads or writes; 1, or single_transaction: one after another.
    unsigned jobs = 1;
    std::chrono::milliseconds progress_interval{2000};
    std::function<void(const progress&)> on_progress;  // default: a Boost.Log info record
    std::size_t max_result_rows = 1000;                 // query steps keep at most this many rows
    // Where client-side COPY steps read s3:// sources (and jsonpaths/manifests); nullptr = local files only.
    const io::object_store* store = nullptr;
    // How client-side COPY steps read MAXERROR (see copy::maxerror_rule; default: N errors tolerated).
    copy::maxerror_rule maxerror_boundary = copy::maxerror_rule::more_than;
    // The COPY data format client-side COPY steps send (copy::copy_options::wire; default binary).
    copy::wire_format copy_wire = copy::wire_format::binary;
    // Appended to a [starshift.load.table_missing] error (a step's table does not exist), e.g. which command creates it.
    std::string missing_table_hint = "create the tables first";
    // Set: client-side COPY steps record their files in stl_load_commits (system_views.hpp) for this cluster.
    const system_view_options* views = nullptr;
};

class executor {
public:
    executor(pqxx::connection& conn, executor_options options = {});
    // Runs every step, in order or independent ones at once (executor_options::jobs); throws step_error on the
    // first failing statement (that step's transaction, or the whole plan's in single-transaction mode, is rolled
    // back). With steps at once, no step starts after a failure; those already running finish, and the earliest
    // failed step's error is thrown. Results are in plan order.
    run_result run(const plan& p);

private:
    pqxx::connection& conn_;
    executor_options options_;
};

// Prints a plan's display SQL (the --dry-run): nothing is executed and no connection is needed.
void print_dry_run(const plan& p, std::ostream& out);

// "step  start  seconds  rows  note" table of a run (start: seconds from the start of the plan).
void print_timings(const run_result& r, std::ostream& out);
// A query step's rows as an aligned text table.
void print_rows(const step_result& r, std::ostream& out);

}  // namespace starshift::load
