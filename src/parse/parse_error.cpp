#include "starshift/parse/parse_error.hpp"

namespace starshift::parse {
namespace {

std::string compose(const std::string& file, std::size_t line, std::size_t column, const std::string& id,
                    std::string_view message) {
    return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": [" + id + "] " + std::string(message);
}

// model_error::what() is "[id] table t, column c: detail": keep what follows the id.
std::string model_message(const model_error& e) {
    std::string_view w = e.what();
    const std::string prefix = "[" + e.id() + "] ";
    if (w.substr(0, prefix.size()) == prefix) w.remove_prefix(prefix.size());
    return std::string(w);
}

}  // namespace

parse_error::parse_error(std::string file, std::size_t line, std::size_t column, std::string id,
                         std::string_view message)
    : error(formatted{}, id, compose(file, line, column, id, message)), file_(std::move(file)), line_(line), column_(column),
      message_(message) {}

statement_error::statement_error(std::string file, std::size_t line, std::size_t column, const model_error& e)
    : parse_error(std::move(file), line, column, e.id(), model_message(e)), table_(e.table()), column_name_(e.column()) {}

}  // namespace starshift::parse
