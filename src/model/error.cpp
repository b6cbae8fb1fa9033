#include "starshift/model/error.hpp"

namespace starshift {

std::string table_column_message(const std::string& id, const std::string& table, const std::string& column,
                                 std::string_view detail) {
    std::string msg = "[" + id + "]";
    if (!table.empty()) msg += " table " + table;
    if (!column.empty()) msg += (table.empty() ? " column " : ", column ") + column;
    msg += table.empty() && column.empty() ? " " : ": ";
    msg += detail;
    return msg;
}

model_error::model_error(std::string id, std::string table, std::string column, std::string_view detail)
    : error(formatted{}, id, table_column_message(id, table, column, detail)), table_(std::move(table)),
      column_(std::move(column)) {}

}  // namespace starshift
