// The libpq connection under a libpqxx 6.4 transaction, for COPY streaming (PQputCopyData, PQgetCopyData).
#pragma once

#include <libpq-fe.h>

#include <pqxx/transaction_base>

namespace starshift::db {

[[nodiscard]] PGconn* raw_connection(pqxx::transaction_base& tx);

}  // namespace starshift::db
