// SQL expressions and SELECT queries as values (no SQL text): what transforms, checks and analytics are built from.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "starshift/model/sql_type.hpp"

namespace starshift {

enum class binary_op { eq, ne, lt, le, gt, ge, and_, or_, add, sub, mul, div, mod, concat, like };
enum class unary_op { not_, negate, is_null, is_not_null };

struct order_item;
struct select_query;

// An immutable expression tree node, shared by value.
class expr {
public:
    enum class kind {
        column,     // qualifier.name (qualifier may be empty)
        literal,    // string, integer, real or boolean
        null,       // NULL
        star,       // *  (only inside COUNT(*))
        function,   // name(args…), optionally DISTINCT args (COUNT(DISTINCT x))
        binary,     // lhs op rhs
        unary,      // NOT x, -x, x IS NULL, x IS NOT NULL
        cast,       // CAST(x AS type)
        case_when,  // CASE WHEN c1 THEN v1 … ELSE e END  (args: c1, v1, c2, v2, …, [else])
        window,     // fn(args…) OVER (PARTITION BY … ORDER BY …)
        extract,    // EXTRACT(field FROM x)
        // Parsed Redshift queries (parse::parse_query) use these too:
        datepart,      // a date part argument as written, lower case: DATE_PART(hour, x), DATEADD(d, 1, x)
        keyword,       // a niladic keyword, upper case: SYSDATE, CURRENT_DATE, CURRENT_TIMESTAMP, LOCALTIMESTAMP, DEFAULT
        typed_literal, // DATE '…', TIMESTAMP '…', TIMESTAMPTZ '…', TIME '…', INTERVAL '…' (name: the type, upper case)
        in_list,       // args[0] [NOT] IN (args[1], …)
        in_query,      // args[0] [NOT] IN (query)
        exists,        // EXISTS (query)
        subquery,      // (query) as a scalar value
        between,       // args[0] [NOT] BETWEEN args[1] AND args[2]
        pattern,       // args[0] [NOT] LIKE|ILIKE|SIMILAR TO args[1] [ESCAPE args[2]], or args[0] [!]~ args[1] (POSIX;
                       // name: the operator, "~" for POSIX, negated for !~)
        is_test,       // args[0] IS [NOT] TRUE|FALSE|UNKNOWN (name: the value)
        case_simple,   // CASE args[0] WHEN w1 THEN v1 … ELSE e END  (args: x, w1, v1, …, [else])
        subscript,     // SUPER navigation args[0][args[1]]: c.c_orders[0] (query-super)
        member,        // SUPER navigation args[0].name after a subscript: c.c_orders[0].o_orderkey
    };
    using literal_value = std::variant<std::string, std::int64_t, double, bool>;

    struct node;
    expr();  // NULL
    explicit expr(std::shared_ptr<const node> n) : n_(std::move(n)) {}

    [[nodiscard]] kind what() const noexcept;
    [[nodiscard]] const node& get() const noexcept { return *n_; }

    friend bool operator==(const expr& a, const expr& b);
    friend bool operator!=(const expr& a, const expr& b) { return !(a == b); }

private:
    std::shared_ptr<const node> n_;
};

struct order_item {
    expr value;
    bool descending = false;
    std::optional<bool> nulls_first;  // NULLS FIRST / NULLS LAST as written

    friend bool operator==(const order_item& a, const order_item& b);
};

struct expr::node {
    expr::kind k = expr::kind::null;
    std::string qualifier;  // column: table alias
    std::string name;       // column name, function name (upper case), or EXTRACT field
    literal_value literal;  // literal
    std::vector<expr> args;  // operands / function arguments / case arms
    binary_op bop = binary_op::eq;
    unary_op uop = unary_op::not_;
    sql_type cast_type;
    bool distinct = false;            // function: COUNT(DISTINCT …)
    std::vector<expr> partition_by;   // window
    std::vector<order_item> order_by; // window
    // Parsed Redshift queries:
    bool negated = false;             // NOT IN, NOT BETWEEN, NOT LIKE, IS NOT TRUE
    bool approximate = false;         // APPROXIMATE COUNT(DISTINCT …)
    std::string frame;                // window frame as written, upper case: "ROWS BETWEEN … AND CURRENT ROW"
    std::vector<order_item> within_group;  // LISTAGG(…) WITHIN GROUP (ORDER BY …)
    std::vector<order_item> arg_order;     // ORDER BY inside the call: string_agg(x, ',' ORDER BY y)
    std::string nulls;                     // window: "IGNORE NULLS" or "RESPECT NULLS" as written (r_WF_LAG, …)
    std::shared_ptr<const select_query> query;  // in_query, exists, subquery
};

// Expression factories.
[[nodiscard]] expr column_ref(std::string qualifier, std::string name);
[[nodiscard]] expr column_ref(std::string name);
[[nodiscard]] expr lit(std::string s);
[[nodiscard]] expr lit(const char* s);
[[nodiscard]] expr lit(std::int64_t v);
[[nodiscard]] expr lit(int v);
[[nodiscard]] expr lit(double v);
[[nodiscard]] expr lit_bool(bool v);
[[nodiscard]] expr null_value();
[[nodiscard]] expr fn(std::string name, std::vector<expr> args = {});
[[nodiscard]] expr fn_distinct(std::string name, std::vector<expr> args);
[[nodiscard]] expr count_star();
[[nodiscard]] expr binary(binary_op op, expr lhs, expr rhs);
[[nodiscard]] expr eq(expr a, expr b);
[[nodiscard]] expr ne(expr a, expr b);
[[nodiscard]] expr lt(expr a, expr b);
[[nodiscard]] expr gt(expr a, expr b);
[[nodiscard]] expr and_(std::vector<expr> terms);  // one term: the term itself
[[nodiscard]] expr or_(std::vector<expr> terms);
[[nodiscard]] expr not_(expr e);
[[nodiscard]] expr is_null(expr e);
[[nodiscard]] expr is_not_null(expr e);
[[nodiscard]] expr cast(expr e, sql_type t);
[[nodiscard]] expr case_when(std::vector<std::pair<expr, expr>> arms, std::optional<expr> otherwise = {});
[[nodiscard]] expr over(expr function_call, std::vector<expr> partition_by, std::vector<order_item> order_by);
[[nodiscard]] expr extract(std::string field, expr e);  // field: "hour", "day", "week", "month", "year", "dow"
[[nodiscard]] order_item asc(expr e);
[[nodiscard]] order_item desc(expr e);

// A FROM or JOIN source: a table (optionally aliased) or a derived table (subquery with alias).
struct join_group;

struct from_item {
    std::string table;
    std::shared_ptr<const select_query> subquery;
    std::string alias;                        // empty = none (never set on a parenthesized join)
    std::shared_ptr<const join_group> joined = nullptr;  // ( a JOIN b ON … ): a parenthesized join
    // PartiQL unnesting (r_SUPER_unnesting): `c.c_orders [AS] o [AT i]` iterates a SUPER array of the earlier FROM
    // item `c`. unnests: the path as written, dotted, its first part the earlier item's name (table stays empty).
    std::string unnests = {};
    std::string at_alias = {};  // AT i: the element's index

    friend bool operator==(const from_item& a, const from_item& b);
};

// comma: FROM a, b (no condition); cross: CROSS JOIN (no condition).
enum class join_kind { inner, left, right, full, cross, comma };

struct join_clause {
    join_kind kind = join_kind::inner;
    from_item right;
    expr on;                                  // NULL when USING or no condition (cross, comma)
    std::vector<std::string> using_columns;   // JOIN … USING (a, b)
    bool natural = false;                     // NATURAL JOIN: the identically named columns, no ON or USING

    friend bool operator==(const join_clause& a, const join_clause& b);
};

// The tables of a parenthesized join in FROM: first, then its joins, in order.
struct join_group {
    from_item first;
    std::vector<join_clause> joins;

    friend bool operator==(const join_group& a, const join_group& b);
};

struct select_item {
    expr value;
    std::string alias;  // empty = none

    friend bool operator==(const select_item& a, const select_item& b);
};

// WITH name [(columns)] AS (query)
struct common_table {
    std::string name;
    std::vector<std::string> columns;
    std::shared_ptr<const select_query> query;

    friend bool operator==(const common_table& a, const common_table& b);
};

enum class set_kind { union_, intersect, except };  // EXCEPT is also spelled MINUS

// `op [ALL] right` after a SELECT: the right operand's own ORDER BY/LIMIT only when it was parenthesized.
struct set_operation {
    set_kind kind = set_kind::union_;
    bool all = false;
    std::shared_ptr<const select_query> right;
    bool parenthesized = false;

    friend bool operator==(const set_operation& a, const set_operation& b);
};

// [WITH …] SELECT [DISTINCT] [TOP n] items FROM … [JOIN …] [WHERE] [GROUP BY] [HAVING] [QUALIFY]
// [UNION|INTERSECT|EXCEPT …] [ORDER BY] [LIMIT] [OFFSET], built fluently. ORDER BY, LIMIT and OFFSET apply to the
// whole set operation when there is one. QUALIFY (r_QUALIFY_clause) filters the rows after the window functions.
struct select_query {
    std::vector<common_table> with_clause;
    std::optional<std::int64_t> top_rows;
    std::vector<set_operation> set_operations;
    std::optional<std::int64_t> offset_rows;
    bool distinct_rows = false;
    std::vector<select_item> items;
    std::optional<from_item> from_clause;
    std::vector<join_clause> joins;
    std::optional<expr> where_clause;
    std::vector<expr> group_by_clause;
    std::optional<expr> having_clause;
    std::optional<expr> qualify_clause;
    std::vector<order_item> order_by_clause;
    std::optional<std::int64_t> limit_rows;

    select_query& distinct(bool on = true);
    select_query& item(expr value, std::string alias = {});
    select_query& from(std::string table, std::string alias = {});
    select_query& from(select_query subquery, std::string alias);
    select_query& join(std::string table, std::string alias, expr on, join_kind kind = join_kind::inner);
    select_query& join(select_query subquery, std::string alias, expr on, join_kind kind = join_kind::inner);
    select_query& where(expr condition);
    select_query& group_by(std::vector<expr> keys);
    select_query& having(expr condition);
    select_query& qualify(expr condition);
    select_query& order_by(std::vector<order_item> items);
    select_query& limit(std::int64_t rows);

    friend bool operator==(const select_query& a, const select_query& b);
};

[[nodiscard]] select_query select();

// r_QUALIFY_clause: "If you're using the QUALIFY clause directly after the FROM clause, the FROM relation name must
// have an alias specified before the QUALIFY clause" — Redshift reads QUALIFY as its alias otherwise. The FROM item
// that would take QUALIFY as its alias in `q` (no WHERE, GROUP BY or HAVING in between, the FROM clause ending with a
// table or derived table without an alias, not with a join condition), or nullptr.
[[nodiscard]] const from_item* item_before_qualify_without_alias(const select_query& q);

// The name a select item's column gets, as PostgreSQL and Redshift name it: the alias; else a column's name (a
// SUPER attribute's, or the cast column's); a function's or window function's name in lower case; "case" for CASE;
// "?column?" for anything else. A star has no single name ("*").
[[nodiscard]] std::string output_name(const select_item& item);

}  // namespace starshift
