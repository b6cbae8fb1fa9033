// A query's result as text: its column names and its first rows, for the runners that print or keep what a
// statement returned (executor, script runner, cluster benchmark).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <pqxx/result>
#include <pqxx/row>

namespace starshift::load {

// Appends the column names of `res` to `columns` and its rows (each cell's text, NULL as `null_text`) to `rows` until
// `rows` holds `max_rows`.
inline void read_result_rows(const pqxx::result& res, std::size_t max_rows, const char* null_text,
                             std::vector<std::string>& columns, std::vector<std::vector<std::string>>& rows) {
    for (pqxx::row::size_type c = 0; c < res.columns(); ++c) columns.emplace_back(res.column_name(c));
    for (const auto& row : res) {
        if (rows.size() >= max_rows) break;
        std::vector<std::string> cells;
        for (const auto& f : row) cells.emplace_back(f.is_null() ? null_text : f.c_str());
        rows.push_back(std::move(cells));
    }
}

}  // namespace starshift::load
