// PostgreSQL's deparsed expressions, as EXPLAIN prints a Hash Cond, Filter, Index Cond, Group Key or Output, read
// into starshift::expr.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "starshift/model/query.hpp"

namespace starshift::parse {

// One expression: columns (a.b, "quoted"), literals ('…', numbers, TRUE/FALSE, NULL), casts (`'5'::integer` is the
// constant 5, `(col)::text` is the column, any other cast of a column is an opaque CAST function), AND/OR/NOT,
// comparisons (= <> != < <= > >=; any other operator such as ~~ becomes an opaque `like`), + - * / % ||, unary
// minus, IS [NOT] NULL, function calls, and `col = ANY ('{a,b}'::type[])` / `= ANY (ARRAY[…])` as an OR of
// equalities. std::nullopt for anything else (CASE, SubPlan, $1 parameters, window calls, schema.table.column,
// unterminated quotes, …).
[[nodiscard]] std::optional<expr> parse_pg_expression(std::string_view text);

// The conjuncts of one condition. When the whole text does not parse, its outermost AND is split by hand and each
// conjunct is parsed on its own: a conjunct that does not parse is dropped, the others are kept. Empty when
// nothing was understood.
[[nodiscard]] std::vector<expr> parse_pg_conjuncts(std::string_view text);

}  // namespace starshift::parse
