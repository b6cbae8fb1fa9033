// The SQL files generated from a warehouse and checked in under sql/<dialect>/ (create, drop, copy, transform,
// checks, queries): their names and their exact contents, shared by sparkify-sql and the golden tests.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/model/warehouse.hpp"
#include "starshift/sql/dialect.hpp"

namespace starshift::sparkify {

enum class sql_file {
    create_tables,
    drop_tables,
    copy,  // Redshift only: PostgreSQL loads through the client-side copy engine
    transform,
    checks,
    queries,
};

[[nodiscard]] std::string to_string(sql_file f);                        // "create_tables", …
[[nodiscard]] std::optional<sql_file> parse_sql_file(std::string_view s);  // the names of to_string
[[nodiscard]] std::string file_name(sql_file f);                        // "create_tables.sql", …
[[nodiscard]] std::vector<sql_file> all_sql_files();                    // declaration order
[[nodiscard]] bool has_sql_file(sql_file f, sql::dialect d) noexcept;   // false for copy on PostgreSQL

// The file's contents: a one-line header comment (how to regenerate it), then the rendered script.
// Secrets are always masked. Throws starshift::error [starshift.sparkify.no_such_file] when !has_sql_file(f, d).
[[nodiscard]] std::string render_sql_file(const warehouse& w, sql_file f, sql::dialect d);

}  // namespace starshift::sparkify
