#include "starshift/load/executor.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <iomanip>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <regex>
#include <sstream>
#include <system_error>
#include <thread>

#include <boost/log/attributes/constant.hpp>
#include <boost/log/sources/record_ostream.hpp>
#include <boost/log/sources/severity_channel_logger.hpp>
#include <boost/log/trivial.hpp>
#include <pqxx/except>
#include <pqxx/result>
#include <pqxx/row>
#include <pqxx/field>
#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include "starshift/load/detail/load_errors.hpp"
#include "starshift/load/detail/client_copy.hpp"
#include "starshift/load/detail/result_rows.hpp"
#include "starshift/copy/reject.hpp"

namespace starshift::load {

std::string retries_note(std::uint64_t retries) {
    if (retries == 0) return {};
    return ", " + std::to_string(retries) + (retries == 1 ? " request retried" : " requests retried");
}

namespace {

using logger_t = boost::log::sources::severity_channel_logger_mt<boost::log::trivial::severity_level, std::string>;

logger_t make_logger() { return logger_t(boost::log::keywords::channel = "load"); }

std::string first_line(std::string_view s) { return std::string(s.substr(0, s.find('\n'))); }

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

// Redshift: after a failed COPY, read why from stl_load_errors (the first rows of the last COPY).
std::string redshift_load_error_detail(pqxx::connection& conn) {
    try {
        pqxx::nontransaction tx(conn);
        const auto r = tx.exec(
            "SELECT TRIM(filename), line_number, TRIM(colname), TRIM(raw_field_value), err_code, TRIM(err_reason) "
            "FROM stl_load_errors WHERE query = pg_last_copy_id() ORDER BY starttime, line_number LIMIT 5");
        std::string out;
        for (const auto& row : r)
            out += "\n  " + row[0].as<std::string>(std::string{}) + ":" + row[1].as<std::string>(std::string{}) + " column " +
                   row[2].as<std::string>(std::string{}) + " value '" + row[3].as<std::string>(std::string{}) + "': " +
                   row[5].as<std::string>(std::string{}) + " (code " + row[4].as<std::string>(std::string{}) + ")";
        return out.empty() ? std::string{} : "\nstl_load_errors for this COPY:" + out;
    } catch (const std::exception&) {
        return {};
    }
}

// "relation "staging_events" does not exist" -> "table staging_events does not exist: HINT".
std::string missing_table_reason(const std::string& reason, const std::string& hint) {
    static const std::regex relation(R"re(relation "([^"]+)" does not exist)re");
    std::smatch m;
    std::string out = std::regex_search(reason, m, relation) ? "table " + m[1].str() + " does not exist" : reason;
    return hint.empty() ? out : out + "; " + hint;
}

}  // namespace

bool run_result::ok() const noexcept {
    return std::all_of(steps.begin(), steps.end(), [](const step_result& s) { return s.ok; });
}

step_error::step_error(std::string step, std::string display_sql, std::string sqlstate, std::string_view reason,
                       std::string_view id)
    : error(std::string(id), "step '" + step + "'" +
                         (sqlstate.empty() ? std::string{} : " (SQLSTATE " + sqlstate + ")") + ": " +
                         std::string(reason) + "\nstatement:\n" + display_sql),
      step_(std::move(step)),
      display_sql_(std::move(display_sql)),
      sqlstate_(std::move(sqlstate)) {}

executor::executor(pqxx::connection& conn, executor_options options) : conn_(conn), options_(std::move(options)) {}

namespace {

// Runs one step on `conn`, in `plan_tx` (single-transaction mode) or a transaction of its own; throws step_error.
// `progress_mutex` serializes the progress callbacks of steps running at once; `t_plan` is when the plan started.
// On failure the plan's transaction, if any, is rolled back (reset) before the rejects of a failed COPY are recorded.
step_result run_step(pqxx::connection& conn, std::unique_ptr<pqxx::work>* plan_tx, const step& s,
                     const executor_options& options, std::mutex& progress_mutex, clock_type::time_point t_plan) {
    auto log = make_logger();
    step_result r;
    r.name = s.name;
    r.kind = s.kind;
    BOOST_LOG_SEV(log, boost::log::trivial::debug) << "step " << s.name << ":\n" << s.display_sql;
    const auto t0 = clock_type::now();
    r.started = std::chrono::duration<double>(t0 - t_plan).count();
    std::unique_ptr<pqxx::work> step_tx;
    pqxx::work& tx = plan_tx ? **plan_tx : *(step_tx = std::make_unique<pqxx::work>(conn, "step"));
    const auto roll_back = [&] {
        step_tx.reset();
        if (plan_tx) plan_tx->reset();
    };
    try {
        if (s.kind == step_kind::copy && s.sql.empty()) {
            if (!s.copy || !s.copy_target)
                throw step_error(s.name, s.display_sql, "", "copy step without a COPY spec or target table");
            client_copy_options copts;
            copts.progress_interval = options.progress_interval;
            copts.store = options.store;
            copts.maxerror_boundary = options.maxerror_boundary;
            copts.wire = options.copy_wire;
            copts.views = options.views;
            copts.on_progress = [&](std::uint64_t rows, std::uint64_t bytes, double secs) {
                const std::lock_guard<std::mutex> lock(progress_mutex);
                progress pr{s.name, rows, bytes, secs};
                if (options.on_progress) {
                    options.on_progress(pr);
                } else {
                    BOOST_LOG_SEV(log, boost::log::trivial::info)
                        << s.name << ": " << rows << " rows, " << std::fixed << std::setprecision(1)
                        << static_cast<double>(bytes) / 1e6 << " MB, "
                        << (secs > 0 ? static_cast<double>(bytes) / 1e6 / secs : 0.0) << " MB/s";
                }
            };
            r.copy = run_client_copy(tx, *s.copy, *s.copy_target, copts);
            r.rows = static_cast<std::int64_t>(r.copy.rows_loaded);
            r.message = r.copy.source + "; " + std::to_string(r.copy.records_read) + " read, " +
                        std::to_string(r.copy.rows_loaded) + " loaded, " + std::to_string(r.copy.rows_rejected) +
                        " rejected" + retries_note(r.copy.request_retries);
        } else {
            const pqxx::result res = tx.exec(s.sql, s.name);
            switch (s.kind) {
                case step_kind::check: {
                    const std::int64_t v = res.empty() || res[0][0].is_null() ? 0 : res[0][0].as<std::int64_t>();
                    r.rows = v;
                    const bool zero = s.expect == data_check::expectation::zero;
                    r.ok = zero ? v == 0 : v > 0;
                    r.message = std::string(r.ok ? "pass" : "FAIL") + ": " + std::to_string(v) +
                                (zero ? " (expected 0)" : " (expected > 0)");
                    break;
                }
                case step_kind::query: {
                    r.rows = static_cast<std::int64_t>(res.size());
                    read_result_rows(res, options.max_result_rows, "NULL", r.column_names, r.result_rows);
                    break;
                }
                default: r.rows = static_cast<std::int64_t>(res.affected_rows()); break;
            }
            if (s.kind == step_kind::copy) r.message = "server-side COPY";
        }
        if (step_tx) step_tx->commit();
    } catch (const pqxx::sql_error& e) {
        roll_back();
        std::string reason = first_line(e.what());
        if (s.kind == step_kind::copy && !s.sql.empty()) reason += redshift_load_error_detail(conn);
        if (e.sqlstate() == "42P01")  // undefined_table
            throw step_error(s.name, s.display_sql, e.sqlstate(),
                             missing_table_reason(reason, options.missing_table_hint), "starshift.load.table_missing");
        throw step_error(s.name, s.display_sql, e.sqlstate(), reason);
    } catch (const copy::load_error& e) {
        // The COPY failed as a whole: its transaction rolls back (the table is unchanged), and the rejects
        // that made it fail are recorded afterwards, as Redshift keeps stl_load_errors rows of failed loads.
        roll_back();
        if (!e.rejects().empty() && s.copy_target) {
            try {
                pqxx::work log_tx(conn, "load_errors");
                record_rejects(log_tx, next_load_id(log_tx), s.copy_target->qualified_name(), e.rejects());
                log_tx.commit();
            } catch (const std::exception& inner) {
                BOOST_LOG_SEV(log, boost::log::trivial::warning)
                    << "could not record the rejects in " << load_errors_table << ": " << inner.what();
            }
        }
        throw step_error(s.name, s.display_sql, "", e.what());
    } catch (const step_error&) {
        throw;
    } catch (const std::exception& e) {
        roll_back();
        throw step_error(s.name, s.display_sql, "", e.what());
    }
    r.seconds = seconds_since(t0);
    BOOST_LOG_SEV(log, r.ok ? boost::log::trivial::info : boost::log::trivial::error)
        << "step " << s.name << " done in " << std::fixed << std::setprecision(3) << r.seconds << " s"
        << (r.rows >= 0 ? ", rows " + std::to_string(r.rows) : std::string{})
        << (r.message.empty() ? std::string{} : ", " + r.message);
    return r;
}

}  // namespace

run_result executor::run(const plan& p) {
    auto log = make_logger();
    run_result result;
    result.plan_name = p.name;
    const auto t_plan = clock_type::now();
    BOOST_LOG_SEV(log, boost::log::trivial::info) << "plan " << p.name << ": " << p.steps.size() << " steps";
    std::mutex progress_mutex;

    // Connections for steps that may run at once (none when the plan or the options allow no overlap).
    const auto deps = step_dependencies(p);
    std::size_t widest = 1;  // the most steps any step could overlap with, plus one
    for (std::size_t i = 0; i < deps.size(); ++i) widest = std::max(widest, i + 1 - deps[i].size());
    std::vector<std::unique_ptr<pqxx::connection>> extra;
    if (!options_.single_transaction && options_.jobs > 1 && widest > 1) {
        const std::size_t wanted = std::min<std::size_t>(options_.jobs, widest) - 1;
        try {
            while (extra.size() < wanted) extra.push_back(std::make_unique<pqxx::connection>(conn_.options()));
        } catch (const std::exception& e) {
            BOOST_LOG_SEV(log, boost::log::trivial::warning)
                << "plan " << p.name << ": a connection for steps at once could not be opened (" << first_line(e.what())
                << "); running " << extra.size() + 1 << " at a time";
        }
    }

    if (extra.empty()) {
        std::unique_ptr<pqxx::work> plan_tx;
        if (options_.single_transaction) plan_tx = std::make_unique<pqxx::work>(conn_, "plan");
        for (const step& s : p.steps)
            result.steps.push_back(run_step(conn_, plan_tx ? &plan_tx : nullptr, s, options_, progress_mutex, t_plan));
        if (plan_tx) plan_tx->commit();
        result.seconds = seconds_since(t_plan);
        return result;
    }

    // Steps at once: each worker takes, among the steps whose dependencies are done, the one of highest priority,
    // then the first in plan order. After a failure
    // no step starts; the running ones finish (each commits or rolls back its own transaction), then the failure
    // of the earliest failed step is thrown.
    enum class state { pending, running, done };
    std::vector<state> states(p.steps.size(), state::pending);
    std::vector<step_result> results(p.steps.size());
    std::map<std::size_t, std::exception_ptr> failures;
    std::mutex m;
    std::condition_variable changed;
    const auto worker = [&](pqxx::connection& conn) {
        std::unique_lock<std::mutex> lock(m);
        for (;;) {
            if (!failures.empty()) return;
            std::optional<std::size_t> next;
            bool pending = false;
            for (std::size_t i = 0; i < p.steps.size(); ++i) {
                if (states[i] != state::pending) continue;
                pending = true;
                const bool ready = std::all_of(deps[i].begin(), deps[i].end(),
                                               [&](std::size_t d) { return states[d] == state::done; });
                if (ready && (!next || p.steps[i].priority > p.steps[*next].priority)) next = i;
            }
            if (!pending) return;
            if (!next) {
                changed.wait(lock);
                continue;
            }
            states[*next] = state::running;
            lock.unlock();
            std::exception_ptr failure;
            step_result r;
            try {
                r = run_step(conn, nullptr, p.steps[*next], options_, progress_mutex, t_plan);
            } catch (...) {
                failure = std::current_exception();
            }
            lock.lock();
            if (failure) {
                failures.emplace(*next, failure);
            } else {
                results[*next] = std::move(r);
                states[*next] = state::done;
            }
            changed.notify_all();
        }
    };
    std::vector<std::thread> threads;
    threads.reserve(extra.size());
    for (auto& c : extra) {
        try {
            threads.emplace_back([&worker, &c] { worker(*c); });
        } catch (const std::system_error& e) {  // no thread: the workers started so far do the work
            BOOST_LOG_SEV(log, boost::log::trivial::warning) << "plan " << p.name << ": " << e.what();
            break;
        }
    }
    worker(conn_);
    for (auto& t : threads) t.join();
    if (!failures.empty()) std::rethrow_exception(failures.begin()->second);
    result.steps = std::move(results);
    result.seconds = seconds_since(t_plan);
    return result;
}

void print_dry_run(const plan& p, std::ostream& out) { out << display_script(p); }

void print_timings(const run_result& r, std::ostream& out) {
    std::size_t w = 4;
    for (const auto& s : r.steps) w = std::max(w, s.name.size());
    out << std::left << std::setw(static_cast<int>(w)) << "step" << "  " << std::right << std::setw(9) << "start"
        << "  " << std::setw(9) << "seconds" << "  " << std::setw(10) << "rows" << "  note\n";
    for (const auto& s : r.steps) {
        out << std::left << std::setw(static_cast<int>(w)) << s.name << "  " << std::right << std::setw(9) << std::fixed
            << std::setprecision(3) << s.started << "  " << std::setw(9) << s.seconds << "  " << std::setw(10)
            << (s.rows >= 0 ? std::to_string(s.rows) : std::string("-")) << "  " << s.message << "\n";
    }
    out << std::left << std::setw(static_cast<int>(w)) << "total" << "  " << std::right << std::setw(9) << ""
        << "  " << std::setw(9) << std::fixed << std::setprecision(3) << r.seconds << "\n";
}

void print_rows(const step_result& r, std::ostream& out) {
    std::vector<std::size_t> widths;
    for (const auto& c : r.column_names) widths.push_back(c.size());
    for (const auto& row : r.result_rows)
        for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
    auto line = [&](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size() && i < widths.size(); ++i)
            out << (i ? " | " : "") << std::left << std::setw(static_cast<int>(widths[i])) << cells[i];
        out << "\n";
    };
    line(r.column_names);
    for (std::size_t i = 0; i < widths.size(); ++i) out << (i ? "-+-" : "") << std::string(widths[i], '-');
    out << "\n";
    for (const auto& row : r.result_rows) line(row);
    out << "(" << r.rows << " rows)\n";
}

}  // namespace starshift::load
