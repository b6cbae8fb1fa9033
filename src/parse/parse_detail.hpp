// Private to src/parse: parse the tokens of one statement (ending with ';' or the end token).
#pragma once

#include <string_view>
#include <vector>

#include "starshift/parse/parser.hpp"
#include "starshift/parse/detail/tokenizer.hpp"

namespace starshift::parse {

// Parses one statement; `known` finds the tables declared before it (LIKE, CREATE TABLE … AS).
[[nodiscard]] parsed_statement parse_statement(const std::vector<token>& toks, std::string_view sql,
                                               const parse_options& options, const table_lookup& known = {});

}  // namespace starshift::parse
