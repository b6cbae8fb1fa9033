// Safe quoting of identifiers and string literals; a NUL byte is an error, never silently dropped.
#pragma once

#include <string>
#include <string_view>

#include "starshift/common/error.hpp"
#include "starshift/sql/dialect.hpp"

namespace starshift::sql {

// Thrown for text that cannot be rendered safely (NUL byte, invalid UTF-8 in an identifier).
// Message starts with a stable id such as [starshift.sql.nul_byte].
class sql_error : public error {
public:
    sql_error(std::string id, std::string_view detail);
};

// An identifier, double-quoted only when needed: not lower-case [a-z_][a-z0-9_$]*, or a reserved word.
[[nodiscard]] std::string quote_identifier(std::string_view name);
// schema.table with each part quoted as needed; an empty schema gives just the table.
[[nodiscard]] std::string quote_qualified(std::string_view schema, std::string_view name);
// A dotted name "schema.table" split on the first unquoted dot and quoted part by part.
[[nodiscard]] std::string quote_dotted(std::string_view dotted);

// A string literal: single quotes doubled; backslashes kept literal in both dialects
// (PostgreSQL: standard_conforming_strings; Redshift: backslashes doubled, since Redshift treats them as escapes).
[[nodiscard]] std::string quote_literal(std::string_view value, dialect d);

[[nodiscard]] bool is_reserved_word(std::string_view lower_case_word) noexcept;

}  // namespace starshift::sql
