// Data-changing statements as values: INSERT … SELECT and DELETE … USING, each with a name for logs and timings.
#pragma once

#include <optional>
#include <string>
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

// DELETE FROM table [USING from] [WHERE condition]
struct delete_statement {
    std::string table;
    std::optional<from_item> using_item;
    std::optional<expr> where_clause;

    friend bool operator==(const delete_statement& a, const delete_statement& b);
};

struct statement {
    std::string name;         // e.g. "songplays": shown in logs, timings and --dry-run
    std::string description;  // one line
    std::variant<insert_select, delete_statement> body;
};

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
