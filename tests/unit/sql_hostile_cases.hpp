// Hostile identifiers and string literals for quoting round-trips (unit tests and the PostgreSQL integration test).
// Every string is valid UTF-8 without NUL (NUL and invalid UTF-8 must be rejected, tested separately) and, for
// identifiers, at most 63 bytes (PostgreSQL truncates longer names, which would break a round-trip).
#pragma once

#include <string>
#include <vector>

namespace starshift::sql::test {

// String literal values: quote_literal(v, dialect) must read back as exactly v.
inline const std::vector<std::string> hostile_literals = {
    "",
    "plain",
    "'",
    "''",
    "it's",
    "\\",
    "\\\\",
    "\\'",
    "'\\",
    "ends with backslash\\",
    "\\n is not a newline",
    "'; DROP TABLE songplays; --",
    "\"double\" quotes",
    "-- not a comment",
    "/* not a comment */",
    "line1\nline2",
    "tab\there",
    "carriage\rreturn",
    "café",
    "日本語",
    "emoji \xF0\x9F\x8E\x89",
    "$1 $$ $tag$",
    "E'x'",
    "\\x41",
    "%s %d ?",
    ";",
    "user",
};

// Identifiers: quote_identifier(name) used as a column or table name must keep exactly `name`.
inline const std::vector<std::string> hostile_identifiers = {
    "plain",
    "user",
    "order",
    "select",
    "table",
    "timestamp",
    "time",
    "default",
    "open",
    "Mixed Case",
    "UPPER",
    "1starts_with_digit",
    "with space",
    "a\"b",
    "\"",
    "\"\"",
    "'single'",
    "semi;colon",
    "x; DROP TABLE y; --",
    "-- comment",
    "/* comment */",
    "back\\slash",
    "dot.ted",
    "café",
    "日本語",
    "emoji \xF0\x9F\x8E\x89",
    "dollar$",
    "$leading_dollar",
    "new\nline",
};

}  // namespace starshift::sql::test
