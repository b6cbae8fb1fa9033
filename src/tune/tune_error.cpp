#include "starshift/tune/tune_error.hpp"

#include <utility>

#include "starshift/model/error.hpp"

namespace starshift::tune {

tune_error::tune_error(std::string id, std::string table, std::string column, std::string_view detail)
    : error(formatted{}, id, table_column_message(id, table, column, detail)), table_(std::move(table)),
      column_(std::move(column)) {}

}  // namespace starshift::tune
