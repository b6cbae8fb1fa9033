#include "starshift/model/statement.hpp"

#include <algorithm>
#include <set>
#include <type_traits>

#include "starshift/common/text.hpp"

namespace starshift {

bool operator==(const insert_select& a, const insert_select& b) {
    return a.table == b.table && a.columns == b.columns && a.query == b.query;
}

bool operator==(const delete_statement& a, const delete_statement& b) {
    return a.table == b.table && a.using_item == b.using_item && a.where_clause == b.where_clause &&
           a.more_using == b.more_using;
}

bool operator==(const insert_values& a, const insert_values& b) {
    return a.table == b.table && a.columns == b.columns && a.rows == b.rows;
}

bool operator==(const update_statement& a, const update_statement& b) {
    return a.table == b.table && a.alias == b.alias && a.assignments == b.assignments &&
           a.from_items == b.from_items && a.where_clause == b.where_clause;
}

bool operator==(const create_view& a, const create_view& b) {
    return a.name == b.name && a.columns == b.columns && a.query == b.query && a.or_replace == b.or_replace &&
           a.no_schema_binding == b.no_schema_binding;
}

bool operator==(const merge_statement& a, const merge_statement& b) {
    return a.table == b.table && a.source == b.source && a.on == b.on && a.when_matched == b.when_matched &&
           a.matched_delete == b.matched_delete && a.matched_set == b.matched_set &&
           a.when_not_matched == b.when_not_matched && a.insert_columns == b.insert_columns &&
           a.insert_values == b.insert_values;
}

namespace {

// Collects table names in first-seen order; `ctes` holds the WITH names visible at this point, in lower case (Redshift
// folds identifiers, quoted ones too, unless enable_case_sensitive_identifier is on).
class table_collector {
public:
    std::vector<std::string> tables;

    void query(const select_query& q, std::set<std::string> ctes) {
        for (const auto& c : q.with_clause) {
            if (c.query) query(*c.query, ctes);  // a CTE's body sees the CTEs before it (and itself, if recursive)
            ctes.insert(ascii_lower(c.name));
        }
        for (const auto& item : q.items) value(item.value, ctes);
        if (q.from_clause) from(*q.from_clause, ctes);
        for (const auto& j : q.joins) join(j, ctes);
        if (q.where_clause) value(*q.where_clause, ctes);
        for (const auto& g : q.group_by_clause) value(g, ctes);
        if (q.having_clause) value(*q.having_clause, ctes);
        if (q.qualify_clause) value(*q.qualify_clause, ctes);
        for (const auto& o : q.order_by_clause) value(o.value, ctes);
        for (const auto& op : q.set_operations)
            if (op.right) query(*op.right, ctes);
    }

    void from(const from_item& f, const std::set<std::string>& ctes) {
        if (!f.table.empty() && !ctes.count(ascii_lower(f.table))) add(f.table);
        if (f.subquery) query(*f.subquery, ctes);
        if (f.joined) {
            from(f.joined->first, ctes);
            for (const auto& j : f.joined->joins) join(j, ctes);
        }
    }

    void join(const join_clause& j, const std::set<std::string>& ctes) {
        from(j.right, ctes);
        value(j.on, ctes);
    }

    void value(const expr& e, const std::set<std::string>& ctes) {
        const expr::node& n = e.get();
        for (const auto& a : n.args) value(a, ctes);
        for (const auto& a : n.partition_by) value(a, ctes);
        for (const auto& o : n.order_by) value(o.value, ctes);
        for (const auto& o : n.within_group) value(o.value, ctes);
        for (const auto& o : n.arg_order) value(o.value, ctes);
        if (n.query) query(*n.query, ctes);
    }

private:
    void add(const std::string& t) {
        if (std::find(tables.begin(), tables.end(), t) == tables.end()) tables.push_back(t);
    }
};

}  // namespace

std::string table_written(const statement& s) {
    return std::visit(
        [](const auto& body) -> std::string {
            if constexpr (std::is_same_v<std::decay_t<decltype(body)>, select_query>) {
                return {};
            } else if constexpr (std::is_same_v<std::decay_t<decltype(body)>, create_view>) {
                return body.name;
            } else {
                return body.table;
            }
        },
        s.body);
}

std::vector<std::string> tables_read(const statement& s) {
    table_collector c;
    const std::set<std::string> none;
    std::visit(
        [&](const auto& body) {
            using T = std::decay_t<decltype(body)>;
            if constexpr (std::is_same_v<T, select_query>) {
                c.query(body, none);
            } else if constexpr (std::is_same_v<T, insert_select>) {
                c.query(body.query, none);
            } else if constexpr (std::is_same_v<T, insert_values>) {
                for (const auto& row : body.rows)
                    for (const auto& v : row) c.value(v, none);
            } else if constexpr (std::is_same_v<T, delete_statement>) {
                if (body.using_item) c.from(*body.using_item, none);
                for (const auto& f : body.more_using) c.from(f, none);
                if (body.where_clause) c.value(*body.where_clause, none);
            } else if constexpr (std::is_same_v<T, update_statement>) {
                for (const auto& [column, v] : body.assignments) c.value(v, none);
                for (const auto& f : body.from_items) c.from(f, none);
                if (body.where_clause) c.value(*body.where_clause, none);
            } else if constexpr (std::is_same_v<T, create_view>) {
                c.query(body.query, none);
            } else {
                static_assert(std::is_same_v<T, merge_statement>);
                c.from(body.source, none);
                c.value(body.on, none);
                for (const auto& [column, v] : body.matched_set) c.value(v, none);
                for (const auto& v : body.insert_values) c.value(v, none);
            }
        },
        s.body);
    return c.tables;
}

}  // namespace starshift
