// COPY into PostgreSQL with Redshift's semantics: the copy_encoder's rows streamed by COPY … FROM STDIN inside
// the caller's transaction, parsing (one thread) overlapped with sending (the calling thread).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <pqxx/transaction>

#include "starshift/copy/copy_encoder.hpp"
#include "starshift/copy/reject.hpp"
#include "starshift/model/copy_spec.hpp"
#include "starshift/model/table.hpp"

namespace starshift::db {

struct copy_result {
    std::uint64_t files = 0;
    std::uint64_t records_read = 0;
    std::uint64_t rows_loaded = 0;
    std::uint64_t rows_rejected = 0;
    std::uint64_t bytes_read = 0;  // input bytes after decompression
    std::uint64_t request_retries = 0;  // copy::copy_stats::request_retries
    double seconds = 0;
    std::vector<copy::reject> rejects;  // at most options.max_kept_rejects; rows_rejected counts all
    std::vector<std::string> warnings;
    std::string source;  // what the source matched (copy_encoder::source())
    std::vector<copy::file_stats> per_file;  // copy_stats::per_file
};

// Runs the COPY described by `spec` into `target` (whose name and schema are used, quoted) through `tx`.
// Issues `COPY <table> (<columns>) FROM STDIN (FORMAT binary)` (options.wire = binary, the default; plain
// `… FROM STDIN` for text) and streams ~1 MB chunks through a bounded queue.
// When the rejects pass MAXERROR the COPY is aborted (PQputCopyEnd with a message) and load_error
// [starshift.copy.maxerror_exceeded] is thrown; the caller's transaction must then be rolled back (the table is
// unchanged once it is). Server errors surface as pqxx exceptions or load_error [starshift.copy.server_error].
[[nodiscard]] copy_result copy_into(pqxx::work& tx, const copy_spec& spec, const table& target,
                                    const copy::copy_options& options = {});

}  // namespace starshift::db
