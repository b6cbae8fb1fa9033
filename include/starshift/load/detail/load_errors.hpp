// The starshift_load_errors table (PostgreSQL's stand-in for Redshift's stl_load_errors) and recording rejects.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/transaction_base>

#include "starshift/copy/reject.hpp"

namespace starshift::load {

inline constexpr const char* load_errors_table = "starshift_load_errors";

// CREATE TABLE IF NOT EXISTS starshift_load_errors (load_id, starttime, tbl, filename, line_number, colname,
// raw_field_value, err_code, err_reason) and a view stl_load_errors with Redshift's column names.
[[nodiscard]] std::string load_errors_ddl();

// PostgreSQL text cannot hold NUL bytes or invalid UTF-8, and a reject's raw value (or a file name) may contain
// both: each such byte becomes \xHH, so the row is still recorded.
[[nodiscard]] std::string storable_text(std::string_view s);

// A new load id (from a sequence in the database, like pg_last_copy_id()).
[[nodiscard]] std::int64_t next_load_id(pqxx::transaction_base& tx);

// Inserts one row per reject (file, line, column, raw value cut to 1024 bytes, code, reason).
void record_rejects(pqxx::transaction_base& tx, std::int64_t load_id, const std::string& table,
                    const std::vector<copy::reject>& rejects);

}  // namespace starshift::load
