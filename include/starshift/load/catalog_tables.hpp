// Tables that already exist in the database, read from PostgreSQL's catalog as starshift::table: what
// `starshift run --db` consults for CREATE TABLE … (LIKE t) and CREATE TABLE … AS SELECT … FROM t when no script
// declares t (docs/parse.md, "Running Redshift scripts locally").
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <pqxx/connection>

#include "starshift/model/table.hpp"
#include "starshift/parse/parser.hpp"

namespace starshift::load {

class catalog_tables {
public:
    // `connection` is called at the first lookup (so that a script that needs no table of the database never
    // connects while it is planned).
    explicit catalog_tables(std::function<pqxx::connection&()> connection);

    // The relation `dotted_name` ("schema.table" or "table", as the parser gives it: unquoted parts already folded)
    // names on the search path, or nullptr when there is none. Its columns in order: the type as the Redshift type
    // PostgreSQL's type reads back to (docs/parse.md), NOT NULL, the DEFAULT expression as PostgreSQL prints it, and
    // COLLATE CASE_INSENSITIVE where the column has starshift's case-insensitive collation. Throws starshift::error
    // [starshift.run.catalog_type] for a column type with no Redshift counterpart.
    [[nodiscard]] const table* find(std::string_view dotted_name);

    // find() as a parse::table_lookup (for parse_files).
    [[nodiscard]] parse::table_lookup lookup();

private:
    std::function<pqxx::connection&()> connection_;
    std::map<std::string, std::unique_ptr<table>> cache_;  // by parse::table_key; nullptr = not in the database
};

}  // namespace starshift::load
