#include "starshift/load/detail/client_copy.hpp"

#include "starshift/copy/copy_into.hpp"
#include "starshift/load/detail/load_errors.hpp"

namespace starshift::load {

copy_summary run_client_copy(pqxx::work& tx, const copy_spec& spec, const table& target,
                             const client_copy_options& options) {
    copy::copy_options engine;
    engine.store = options.store;
    engine.maxerror_boundary = options.maxerror_boundary;
    engine.wire = options.wire;
    engine.progress_interval_seconds = std::chrono::duration<double>(options.progress_interval).count();
    if (options.on_progress)
        engine.progress = [&](const copy::copy_progress& p) { options.on_progress(p.rows, p.bytes, p.elapsed_seconds); };
    const db::copy_result r = db::copy_into(tx, spec, target, engine);
    copy_summary summary{r.source,   r.files, r.records_read, r.rows_loaded, r.rows_rejected, r.bytes_read,
                         r.request_retries, 0, {}};
    if (!r.rejects.empty() || options.views != nullptr) summary.load_id = next_load_id(tx);
    if (!r.rejects.empty()) record_rejects(tx, summary.load_id, target.qualified_name(), r.rejects);
    if (options.views != nullptr) {
        record_load_commits(tx, summary.load_id, spec, r.per_file, *options.views);
        note_last_copy(tx, summary.load_id, r.rows_loaded);
    }
    summary.per_file = r.per_file;
    return summary;
}

}  // namespace starshift::load
