#include "starshift/load/cluster_bench_runner.hpp"

#include <chrono>
#include <string_view>

#include <boost/log/sources/record_ostream.hpp>
#include <boost/log/sources/severity_channel_logger.hpp>
#include <boost/log/trivial.hpp>
#include <pqxx/except>
#include <pqxx/field>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/row>

#include "starshift/load/detail/result_rows.hpp"
#include "starshift/load/executor.hpp"

namespace starshift::load {
namespace {

using logger_t = boost::log::sources::severity_channel_logger_mt<boost::log::trivial::severity_level, std::string>;

std::string first_line(std::string_view s) { return std::string(s.substr(0, s.find('\n'))); }

}  // namespace

cluster_bench_run run_cluster_bench(pqxx::connection& conn, const cluster_bench& plan,
                                    const cluster_bench_run_options& options) {
    logger_t log(boost::log::keywords::channel = "cluster_bench");
    cluster_bench_run out;
    out.outcomes.reserve(plan.steps.size());
    for (std::size_t i = 0; i < plan.steps.size(); ++i) {
        const bench_step& s = plan.steps[i];
        BOOST_LOG_SEV(log, boost::log::trivial::debug)
            << (s.variant.empty() ? "" : "[" + s.variant + "] ") << to_string(s.kind) << ": " << s.name;
        bench_step_outcome o;
        try {
            // Autocommit, one statement: a COPY or INSERT is committed before its figures are read, and SET
            // enable_result_cache_for_session lasts for the session.
            pqxx::nontransaction tx(conn, "cluster_bench");
            const auto t0 = std::chrono::steady_clock::now();
            const pqxx::result res = tx.exec(s.sql);
            o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            if (s.kind == bench_step_kind::read_figures)
                read_result_rows(res, options.max_rows, "", o.columns, o.rows);
        } catch (const pqxx::sql_error& e) {
            out.error = step_error((s.variant.empty() ? "" : "[" + s.variant + "] ") + s.name, s.display_sql,
                                   e.sqlstate(), first_line(e.what()))
                            .what();
            BOOST_LOG_SEV(log, boost::log::trivial::error) << out.error;
            return out;
        }
        if (options.on_step) options.on_step(i, s, o);
        out.outcomes.push_back(std::move(o));
    }
    return out;
}

}  // namespace starshift::load
