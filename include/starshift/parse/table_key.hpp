// How a COPY of a script finds the CREATE TABLE of its target.
#pragma once

#include <string>
#include <string_view>

namespace starshift::parse {

// The key of a qualified table name: the name without double quotes, in ASCII lower case ("\"A\".b" and "a.B" are
// the same table here). Used by check_copies and load::run_script to match a COPY's table to a CREATE TABLE.
[[nodiscard]] std::string table_key(std::string_view qualified_name);

}  // namespace starshift::parse
