// Private to src/parse: parse the tokens of one statement (ending with ';' or the end token).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/model/statement.hpp"
#include "starshift/parse/parser.hpp"
#include "starshift/parse/detail/tokenizer.hpp"

namespace starshift::parse {

// Parses one statement; `known` finds the tables declared before it (LIKE, CREATE TABLE … AS).
[[nodiscard]] parsed_statement parse_statement(const std::vector<token>& toks, std::string_view sql,
                                               const parse_options& options, const table_lookup& known = {});

// The authorization option at toks[pos] that COPY and UNLOAD share (copy-parameters-authorization: IAM_ROLE,
// [WITH] CREDENTIALS, ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN): read into `c`, `pos` moved past it, its name
// added to `seen` (a name already there is [starshift.parse.duplicate_option]). False, nothing read, for any other.
[[nodiscard]] bool parse_authorization_option(const std::vector<token>& toks, std::string_view sql,
                                              const parse_options& options, std::size_t& pos, credentials& c,
                                              std::vector<std::string>& seen);

// UNLOAD ('select …') TO '…' authorization [option …] (r_UNLOAD); toks[0] is UNLOAD. Validated (validate(unload_spec))
// when options.validate: a model error becomes a statement_error at the statement.
[[nodiscard]] unload_spec parse_unload_statement(const std::vector<token>& toks, std::string_view sql,
                                                 const parse_options& options);

// Whether the statement is a query or DML the query parser reads: SELECT, WITH, '(', INSERT, UPDATE, DELETE,
// MERGE.
[[nodiscard]] bool is_query_statement(const std::vector<token>& toks);
// Reads one query or DML statement (src/parse/query_parser.cpp) into the model's statement.
[[nodiscard]] statement parse_query_tokens(const std::vector<token>& toks, std::string_view sql,
                                           const parse_options& options);
// The output columns of a parsed query (CREATE TABLE … AS, CREATE MATERIALIZED VIEW), when every select item's name
// and type can be learned: a column of a table `known` finds, of a derived table or of a CTE (plain or qualified,
// `*` and `t.*` expanded), CAST(… AS type) and `x::type`, COUNT (BIGINT), MIN and MAX (their argument's type);
// named by its alias, else the column's name or the function's. nullopt when one cannot be learned.
[[nodiscard]] std::optional<std::vector<column>> query_columns(const select_query& q, const table_lookup& known);

// A data type (CREATE TABLE's type grammar) starting at toks[pos]; advances pos past it.
[[nodiscard]] sql_type parse_type_tokens(const std::vector<token>& toks, std::size_t& pos, std::string_view sql,
                                         const parse_options& options);

}  // namespace starshift::parse
