// Private to src/parse: parse the tokens of one statement (ending with ';' or the end token).
#pragma once

#include <string_view>
#include <vector>

#include "starshift/model/statement.hpp"
#include "starshift/parse/parser.hpp"
#include "starshift/parse/detail/tokenizer.hpp"

namespace starshift::parse {

// Parses one statement; `known` finds the tables declared before it (LIKE, CREATE TABLE … AS).
[[nodiscard]] parsed_statement parse_statement(const std::vector<token>& toks, std::string_view sql,
                                               const parse_options& options, const table_lookup& known = {});

// Whether the statement is a query or DML the query parser reads: SELECT, WITH, '(', INSERT, UPDATE, DELETE,
// MERGE.
[[nodiscard]] bool is_query_statement(const std::vector<token>& toks);
// Reads one query or DML statement (src/parse/query_parser.cpp) into the model's statement.
[[nodiscard]] statement parse_query_tokens(const std::vector<token>& toks, std::string_view sql,
                                           const parse_options& options);
// A data type (CREATE TABLE's type grammar) starting at toks[pos]; advances pos past it.
[[nodiscard]] sql_type parse_type_tokens(const std::vector<token>& toks, std::size_t& pos, std::string_view sql,
                                         const parse_options& options);

}  // namespace starshift::parse
