#include "starshift/model/query.hpp"

#include <algorithm>

#include "starshift/common/text.hpp"

namespace starshift {
namespace {

expr make(expr::node n) { return expr(std::make_shared<const expr::node>(std::move(n))); }

expr fold_terms(binary_op op, std::vector<expr> terms) {
    if (terms.empty()) return lit_bool(op == binary_op::and_);
    expr acc = terms.front();
    for (std::size_t i = 1; i < terms.size(); ++i) acc = binary(op, acc, terms[i]);
    return acc;
}

}  // namespace

expr::expr() : n_(std::make_shared<const node>()) {}

expr::kind expr::what() const noexcept { return n_->k; }

bool operator==(const expr& a, const expr& b) {
    if (a.n_ == b.n_) return true;
    const expr::node& x = *a.n_;
    const expr::node& y = *b.n_;
    if (x.k != y.k || x.qualifier != y.qualifier || x.name != y.name || x.args != y.args || x.distinct != y.distinct ||
        x.partition_by != y.partition_by || x.order_by != y.order_by || x.negated != y.negated ||
        x.approximate != y.approximate || x.frame != y.frame || x.within_group != y.within_group ||
        x.arg_order != y.arg_order || x.nulls != y.nulls)
        return false;
    if (x.query || y.query) {
        if (!x.query || !y.query || !(*x.query == *y.query)) return false;
    }
    switch (x.k) {
        case expr::kind::literal: return x.literal == y.literal;
        case expr::kind::binary: return x.bop == y.bop;
        case expr::kind::unary: return x.uop == y.uop;
        case expr::kind::cast: return x.cast_type == y.cast_type;
        default: return true;
    }
}

bool operator==(const order_item& a, const order_item& b) {
    return a.value == b.value && a.descending == b.descending && a.nulls_first == b.nulls_first;
}

expr column_ref(std::string qualifier, std::string name) {
    expr::node n;
    n.k = expr::kind::column;
    n.qualifier = std::move(qualifier);
    n.name = std::move(name);
    return make(std::move(n));
}

expr column_ref(std::string name) { return column_ref({}, std::move(name)); }

expr lit(std::string s) {
    expr::node n;
    n.k = expr::kind::literal;
    n.literal = std::move(s);
    return make(std::move(n));
}

expr lit(const char* s) { return lit(std::string(s)); }

expr lit(std::int64_t v) {
    expr::node n;
    n.k = expr::kind::literal;
    n.literal = v;
    return make(std::move(n));
}

expr lit(int v) { return lit(static_cast<std::int64_t>(v)); }

expr lit(double v) {
    expr::node n;
    n.k = expr::kind::literal;
    n.literal = v;
    return make(std::move(n));
}

expr lit_bool(bool v) {
    expr::node n;
    n.k = expr::kind::literal;
    n.literal = v;
    return make(std::move(n));
}

expr null_value() { return expr(); }

expr fn(std::string name, std::vector<expr> args) {
    expr::node n;
    n.k = expr::kind::function;
    n.name = ascii_upper(std::move(name));
    n.args = std::move(args);
    return make(std::move(n));
}

expr fn_distinct(std::string name, std::vector<expr> args) {
    expr::node n;
    n.k = expr::kind::function;
    n.name = ascii_upper(std::move(name));
    n.args = std::move(args);
    n.distinct = true;
    return make(std::move(n));
}

expr count_star() {
    expr::node star;
    star.k = expr::kind::star;
    return fn("COUNT", {make(std::move(star))});
}

expr binary(binary_op op, expr lhs, expr rhs) {
    expr::node n;
    n.k = expr::kind::binary;
    n.bop = op;
    n.args = {std::move(lhs), std::move(rhs)};
    return make(std::move(n));
}

expr eq(expr a, expr b) { return binary(binary_op::eq, std::move(a), std::move(b)); }
expr ne(expr a, expr b) { return binary(binary_op::ne, std::move(a), std::move(b)); }
expr lt(expr a, expr b) { return binary(binary_op::lt, std::move(a), std::move(b)); }
expr gt(expr a, expr b) { return binary(binary_op::gt, std::move(a), std::move(b)); }
expr and_(std::vector<expr> terms) { return fold_terms(binary_op::and_, std::move(terms)); }
expr or_(std::vector<expr> terms) { return fold_terms(binary_op::or_, std::move(terms)); }

namespace {
expr unary(unary_op op, expr e) {
    expr::node n;
    n.k = expr::kind::unary;
    n.uop = op;
    n.args = {std::move(e)};
    return make(std::move(n));
}
}  // namespace

expr not_(expr e) { return unary(unary_op::not_, std::move(e)); }
expr is_null(expr e) { return unary(unary_op::is_null, std::move(e)); }
expr is_not_null(expr e) { return unary(unary_op::is_not_null, std::move(e)); }

expr cast(expr e, sql_type t) {
    expr::node n;
    n.k = expr::kind::cast;
    n.args = {std::move(e)};
    n.cast_type = t;
    return make(std::move(n));
}

expr case_when(std::vector<std::pair<expr, expr>> arms, std::optional<expr> otherwise) {
    expr::node n;
    n.k = expr::kind::case_when;
    for (auto& [cond, value] : arms) {
        n.args.push_back(std::move(cond));
        n.args.push_back(std::move(value));
    }
    if (otherwise) n.args.push_back(std::move(*otherwise));
    return make(std::move(n));
}

expr over(expr function_call, std::vector<expr> partition_by, std::vector<order_item> order_by) {
    expr::node n = function_call.get();
    n.k = expr::kind::window;
    n.partition_by = std::move(partition_by);
    n.order_by = std::move(order_by);
    return make(std::move(n));
}

expr extract(std::string field, expr e) {
    expr::node n;
    n.k = expr::kind::extract;
    n.name = ascii_lower(std::move(field));
    n.args = {std::move(e)};
    return make(std::move(n));
}

order_item asc(expr e) { return order_item{std::move(e), false, std::nullopt}; }
order_item desc(expr e) { return order_item{std::move(e), true, std::nullopt}; }

bool operator==(const from_item& a, const from_item& b) {
    if (a.table != b.table || a.alias != b.alias || a.unnests != b.unnests || a.at_alias != b.at_alias) return false;
    if (!a.joined || !b.joined) {
        if (a.joined != b.joined) return false;
    } else if (!(*a.joined == *b.joined)) {
        return false;
    }
    if (!a.subquery || !b.subquery) return a.subquery == b.subquery;
    return *a.subquery == *b.subquery;
}

bool operator==(const join_group& a, const join_group& b) { return a.first == b.first && a.joins == b.joins; }

bool operator==(const join_clause& a, const join_clause& b) {
    return a.kind == b.kind && a.right == b.right && a.on == b.on && a.using_columns == b.using_columns &&
           a.natural == b.natural;
}

namespace {
bool same_query(const std::shared_ptr<const select_query>& a, const std::shared_ptr<const select_query>& b) {
    if (!a || !b) return a == b;
    return *a == *b;
}
}  // namespace

bool operator==(const common_table& a, const common_table& b) {
    return a.name == b.name && a.columns == b.columns && same_query(a.query, b.query);
}

bool operator==(const set_operation& a, const set_operation& b) {
    return a.kind == b.kind && a.all == b.all && a.parenthesized == b.parenthesized && same_query(a.right, b.right);
}

bool operator==(const select_item& a, const select_item& b) { return a.value == b.value && a.alias == b.alias; }

bool operator==(const select_query& a, const select_query& b) {
    return a.distinct_rows == b.distinct_rows && a.items == b.items && a.from_clause == b.from_clause &&
           a.joins == b.joins && a.where_clause == b.where_clause && a.group_by_clause == b.group_by_clause &&
           a.having_clause == b.having_clause && a.order_by_clause == b.order_by_clause && a.limit_rows == b.limit_rows &&
           a.with_clause == b.with_clause && a.top_rows == b.top_rows && a.set_operations == b.set_operations &&
           a.offset_rows == b.offset_rows && a.qualify_clause == b.qualify_clause;
}

select_query& select_query::distinct(bool on) {
    distinct_rows = on;
    return *this;
}

select_query& select_query::item(expr value, std::string alias) {
    items.push_back({std::move(value), std::move(alias)});
    return *this;
}

select_query& select_query::from(std::string table, std::string alias) {
    from_clause = from_item{std::move(table), nullptr, std::move(alias)};
    return *this;
}

select_query& select_query::from(select_query subquery, std::string alias) {
    from_clause = from_item{{}, std::make_shared<const select_query>(std::move(subquery)), std::move(alias)};
    return *this;
}

select_query& select_query::join(std::string table, std::string alias, expr on, join_kind kind) {
    joins.push_back({kind, from_item{std::move(table), nullptr, std::move(alias)}, std::move(on), {}});
    return *this;
}

select_query& select_query::join(select_query subquery, std::string alias, expr on, join_kind kind) {
    joins.push_back(
        {kind, from_item{{}, std::make_shared<const select_query>(std::move(subquery)), std::move(alias)}, std::move(on),
         {}});
    return *this;
}

select_query& select_query::where(expr condition) {
    where_clause = std::move(condition);
    return *this;
}

select_query& select_query::group_by(std::vector<expr> keys) {
    group_by_clause = std::move(keys);
    return *this;
}

select_query& select_query::having(expr condition) {
    having_clause = std::move(condition);
    return *this;
}

select_query& select_query::qualify(expr condition) {
    qualify_clause = std::move(condition);
    return *this;
}

select_query& select_query::order_by(std::vector<order_item> items_) {
    order_by_clause = std::move(items_);
    return *this;
}

select_query& select_query::limit(std::int64_t rows) {
    limit_rows = rows;
    return *this;
}

select_query select() { return {}; }

const from_item* item_before_qualify_without_alias(const select_query& q) {
    if (!q.from_clause || q.where_clause || !q.group_by_clause.empty() || q.having_clause) return nullptr;
    const from_item* last = &*q.from_clause;
    if (!q.joins.empty()) {
        const join_clause& j = q.joins.back();
        if (!j.using_columns.empty() || j.on.what() != expr::kind::null) return nullptr;  // ends with a condition
        last = &j.right;
    }
    return last->joined || !last->alias.empty() ? nullptr : last;
}

std::string output_name(const select_item& item) {
    if (!item.alias.empty()) return item.alias;
    const expr::node& n = item.value.get();
    switch (n.k) {
        case expr::kind::column:
        case expr::kind::member: return n.name;
        case expr::kind::function:
        case expr::kind::window: return ascii_lower(n.name);
        case expr::kind::cast:
            if (!n.args.empty()) return output_name(select_item{n.args[0], {}});
            return "?column?";
        case expr::kind::case_when:
        case expr::kind::case_simple: return "case";
        case expr::kind::star: return "*";
        default: return "?column?";
    }
}

}  // namespace starshift
