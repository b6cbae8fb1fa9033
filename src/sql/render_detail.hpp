// Shared pieces of the dialect renderers (private to src/sql).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "starshift/model/query.hpp"
#include "starshift/model/sql_type.hpp"
#include "starshift/model/table.hpp"
#include "starshift/sql/dialect.hpp"
#include "starshift/sql/render.hpp"

namespace starshift::sql::detail {

// sql_of(item) for each of `items`, joined by ", ".
template <class T, class Sql>
[[nodiscard]] std::string comma_joined(const std::vector<T>& items, Sql sql_of) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) {
            out += ", ";
        }
        out += sql_of(items[i]);
    }
    return out;
}

// A column type in the dialect's spelling (PostgreSQL: VARCHAR(MAX) -> VARCHAR(65535)).
[[nodiscard]] std::string type_sql(const sql_type& t, dialect d);
// "(a, b, c)" with each name quoted as needed.
[[nodiscard]] std::string column_list(const std::vector<std::string>& names);
// The table's schema-qualified, quoted name.
[[nodiscard]] std::string table_name(const table& t);
// FOREIGN KEY (…) REFERENCES t [(…)] [MATCH …] [ON DELETE …] [ON UPDATE …]
[[nodiscard]] std::string foreign_key_sql(const constraint& c);
// The query of a CREATE TABLE … AS, as written (NUL and invalid UTF-8 are errors).
[[nodiscard]] std::string query_text(const table& t);
// A SELECT without the trailing ';'.
[[nodiscard]] std::string query_sql(const select_query& q, dialect d);
// Every line of `text` prefixed with `spaces` spaces.
[[nodiscard]] std::string indent(std::string_view text, std::size_t spaces);
// Text safe inside a "--" comment: control characters (newlines!) become spaces, NUL is an error.
[[nodiscard]] std::string comment_text(std::string_view text);
// Throws [starshift.sql.nul_byte] / [starshift.sql.invalid_utf8] naming `what`.
void check_text(std::string_view text, std::string_view what);
// Raw SQL text kept as written (DEFAULT expressions): NUL and invalid UTF-8 are errors.
[[nodiscard]] std::string raw_sql(std::string_view text, std::string_view what);

// PostgreSQL: whether EXTRACT(field FROM …) is rendered as CAST(DATE_PART('field', …) AS INTEGER): the fields
// whose value is a whole number (hour, day, week, …). Redshift's EXTRACT returns INTEGER for them
// (r_EXTRACT_function); PostgreSQL's EXTRACT returns NUMERIC, several times slower to compute than DATE_PART's
// DOUBLE PRECISION, whose whole values convert exactly.
[[nodiscard]] bool postgres_integer_extract(std::string_view field);

[[nodiscard]] std::vector<std::string> create_table_redshift(const table& t, const ddl_options& options);
[[nodiscard]] std::vector<std::string> create_table_postgres(const table& t, const ddl_options& options);
// PostgreSQL: the name of a table's sort-key index, "<table>_sortkey", quoted as needed (it lives in the table's
// schema; unqualified).
[[nodiscard]] std::string sort_key_index_name(const table& t);
// PostgreSQL: CREATE INDEX [IF NOT EXISTS] <table>_sortkey ON <table> (<sort-key columns>);
[[nodiscard]] std::string sort_key_index(const table& t, const ddl_options& options);

}  // namespace starshift::sql::detail
