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
    if (!r.rejects.empty()) record_rejects(tx, next_load_id(tx), target.qualified_name(), r.rejects);
    return copy_summary{r.source, r.files, r.records_read, r.rows_loaded, r.rows_rejected, r.bytes_read};
}

}  // namespace starshift::load
