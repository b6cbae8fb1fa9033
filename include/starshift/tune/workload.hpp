// What the queries do to the tables, as the tuning simulator needs it: equi-joins, filters and group-bys, each
// attributed to a named query. Built from the model's statements (transforms, checks, analytics queries) or from
// the query plan of any SQL (an explain_plan: PostgreSQL's EXPLAIN, read by the parse layer).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "starshift/model/explain_plan.hpp"
#include "starshift/model/warehouse.hpp"

namespace starshift::tune {

struct column_ref {
    std::string table;   // model table name (unqualified), never an alias
    std::string column;
    friend bool operator==(const column_ref& a, const column_ref& b) { return a.table == b.table && a.column == b.column; }
};

// An equi-join of two tables (one or more column pairs, ANDed). `left` is the table the query starts from.
struct join {
    std::string query;  // the statement's name ("songplay_table_insert", "top_songs", …)
    std::string left_table;
    std::string right_table;
    std::vector<std::pair<std::string, std::string>> columns;  // (left column, right column)
    bool outer = false;  // LEFT JOIN
};

enum class predicate_kind { equality, range, in_list };

// A restriction of one column by constants: zone maps can skip blocks for it.
struct filter {
    std::string query;
    column_ref column;
    predicate_kind kind = predicate_kind::range;
    std::optional<std::string> low;   // inclusive lower bound, text of the constant (equality: the value)
    std::optional<std::string> high;  // inclusive upper bound (equality: the value)
    std::vector<std::string> values;  // in_list
    // range: false when the bound is strict (col > low, col < high); the text is the constant either way, so a
    // reader that treats both bounds as inclusive gets a superset of the rows (safe for block pruning).
    bool low_inclusive = true;
    bool high_inclusive = true;
};

struct group_by {
    std::string query;
    column_ref column;
};

struct workload {
    std::vector<std::string> queries;  // names, in order
    std::vector<join> joins;
    std::vector<filter> filters;
    std::vector<group_by> group_bys;
};

// The joins, filters and group-bys of the warehouse's transforms, checks and analytics queries, with aliases
// resolved to table names. Expressions the simulator cannot use (a join on an expression) are skipped.
[[nodiscard]] workload workload_from_model(const warehouse& w);

// The same from the query plan of one statement named `query` (PostgreSQL's EXPLAIN, read by parse::read_explain;
// load::workload_from_explain does both); `tables` maps the plan's relation names to the model's tables. Throws
// tune_error [starshift.tune.bad_explain] when the nodes do not form a tree in pre-order (a child index out of
// range or before its parent, a parent that does not list its child) or nest deeper than 200.
[[nodiscard]] workload workload_from_plan(const explain_plan& plan, const std::string& query,
                                          const std::vector<table>& tables);

// The same for one statement as starshift's parser reads it (parse::parse_query, parse_script): a SELECT (its CTEs
// resolved as derived tables, its UNION/INTERSECT/EXCEPT branches walked), INSERT … SELECT, DELETE … USING,
// UPDATE … FROM (the target and the FROM items as one FROM list), MERGE (the target joined to its source on ON);
// INSERT … VALUES gives only the name. No database: Redshift's own SQL (DATEDIFF(day, …), DATEPART, TOP) is fine.
// `tables` are the model's tables the names resolve to; a name that none declares resolves to nothing.
[[nodiscard]] workload workload_from_statement(const statement& s, const std::string& name,
                                               const std::vector<table>& tables);

// Appends b's entries to a.
void merge(workload& a, const workload& b);

}  // namespace starshift::tune
