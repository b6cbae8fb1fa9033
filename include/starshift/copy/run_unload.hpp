// UNLOAD on PostgreSQL: the query's rows streamed by COPY (query) TO STDOUT (bounded memory) into the unload
// writer's files on an object store (a --s3-map'd folder, an S3 endpoint, local paths). See docs/unload.md.
#pragma once

#include <string>

#include <pqxx/transaction>

#include "starshift/copy/unload_writer.hpp"
#include "starshift/io/object_store.hpp"
#include "starshift/model/unload_spec.hpp"

namespace starshift::db {

// Runs `query` (the UNLOAD's query in the form PostgreSQL is to run: spec.query, or its translation) inside `tx`
// and writes its rows as `spec` says. Its columns are described first (SELECT … LIMIT 0: names, types, for
// ESCAPE, JSON and MANIFEST VERBOSE); the session's DateStyle is set to ISO for the transaction, so dates and
// timestamps are written as Redshift writes them (2008-06-18 02:36:48). Database errors are pqxx::sql_error with
// the SQLSTATE; the writer's errors are copy::unload_error and io::io_error. A failure leaves no partial file.
[[nodiscard]] copy::unload_result run_unload(pqxx::work& tx, const unload_spec& spec, const std::string& query,
                                             const io::object_store& store,
                                             const copy::unload_options& options = {});

}  // namespace starshift::db
