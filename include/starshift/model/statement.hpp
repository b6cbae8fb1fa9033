// Data-changing statements as values: INSERT … SELECT and DELETE … USING, each with a name for logs and timings.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "starshift/model/query.hpp"

namespace starshift {

struct insert_select {
    std::string table;
    std::vector<std::string> columns;
    select_query query;

    friend bool operator==(const insert_select& a, const insert_select& b);
};

// INSERT INTO table [(columns)] VALUES (…), (…)  (a keyword expr DEFAULT stands for the column default)
struct insert_values {
    std::string table;
    std::vector<std::string> columns;
    std::vector<std::vector<expr>> rows;

    friend bool operator==(const insert_values& a, const insert_values& b);
};

// UPDATE table [[AS] alias] SET column = value, … [FROM items] [WHERE condition]
struct update_statement {
    std::string table;
    std::string alias;
    std::vector<std::pair<std::string, expr>> assignments;
    std::vector<from_item> from_items;
    std::optional<expr> where_clause;

    friend bool operator==(const update_statement& a, const update_statement& b);
};

// DELETE FROM table [USING from] [WHERE condition]
struct delete_statement {
    std::string table;
    std::optional<from_item> using_item;
    std::optional<expr> where_clause;
    std::vector<from_item> more_using;  // USING a, b, …: the items after the first

    friend bool operator==(const delete_statement& a, const delete_statement& b);
};

// MERGE INTO table USING source [[AS] alias] ON condition
// [WHEN MATCHED THEN UPDATE SET c = v, … | DELETE] [WHEN NOT MATCHED THEN INSERT [(columns)] VALUES (…)]  (r_MERGE)
struct merge_statement {
    std::string table;
    from_item source;
    expr on;
    bool when_matched = false;
    bool matched_delete = false;                               // DELETE instead of UPDATE SET
    std::vector<std::pair<std::string, expr>> matched_set;     // UPDATE SET
    bool when_not_matched = false;
    std::vector<std::string> insert_columns;
    std::vector<expr> insert_values;

    friend bool operator==(const merge_statement& a, const merge_statement& b);
};

// CREATE [OR REPLACE] VIEW name [(columns)] AS query [WITH NO SCHEMA BINDING]  (r_CREATE_VIEW)
struct create_view {
    std::string name;                  // dotted, as written
    std::vector<std::string> columns;  // empty: named by the query
    select_query query;
    bool or_replace = false;
    bool no_schema_binding = false;  // a late-binding view: its tables must be schema-qualified

    friend bool operator==(const create_view& a, const create_view& b);
};

struct statement {
    std::string name;         // e.g. "songplays": shown in logs, timings and --dry-run
    std::string description;  // one line
    // The transforms of a warehouse are INSERT … SELECT or DELETE; a parsed script may hold any of these.
    std::variant<insert_select, delete_statement, select_query, insert_values, update_statement, merge_statement,
                 create_view>
        body;
    // PostgreSQL planner settings for this statement alone ({"enable_hashagg", "off"}): the PostgreSQL dialect's
    // loader runs SET LOCAL name = 'value' before it, in its transaction; Redshift ignores them. For a statement
    // whose plan PostgreSQL's estimates get measurably wrong; the results never depend on them.
    std::vector<std::pair<std::string, std::string>> postgres_settings = {};
};

// The table a statement writes (INSERT, UPDATE, DELETE, MERGE target, the view CREATE VIEW makes, as written); empty
// for a SELECT.
[[nodiscard]] std::string table_written(const statement& s);
// Every table a statement reads, as written, each once in first-seen order: FROM, JOIN, USING and MERGE sources,
// parenthesized joins, derived tables, CTE bodies, set operations and subqueries in expressions (IN, EXISTS,
// scalar). A WITH name is not a table, nor is a PartiQL unnesting (it reads its base item). The written table is
// not included unless the statement also names it as a source.
[[nodiscard]] std::vector<std::string> tables_read(const statement& s);

// A data-quality check: a query returning one row with one integer column, and what that number must be.
struct data_check {
    enum class expectation { zero, positive };
    std::string name;
    std::string description;
    select_query query;
    expectation expect = expectation::zero;
};

// A named analytics query.
struct named_query {
    std::string name;
    std::string description;
    select_query query;
};

}  // namespace starshift
