// Errors of the parse layer: a syntax error at a file position, or a model error re-thrown with its statement's line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "starshift/model/error.hpp"

namespace starshift::parse {

// what() is "file:line:column: [id] message"; id() has no brackets (e.g. "starshift.parse.syntax").
// Lines and columns count from 1; a column counts characters (UTF-8 code points), not bytes.
class parse_error : public error {
public:
    parse_error(std::string file, std::size_t line, std::size_t column, std::string id, std::string_view message);

    [[nodiscard]] const std::string& file() const noexcept { return file_; }
    [[nodiscard]] std::size_t line() const noexcept { return line_; }
    [[nodiscard]] std::size_t column() const noexcept { return column_; }
    [[nodiscard]] const std::string& message() const noexcept { return message_; }  // without position and id

private:
    std::string file_;
    std::size_t line_;
    std::size_t column_;
    std::string message_;
};

// A statement parsed but its model is invalid (starshift::validate threw model_error): the model error's id
// (e.g. "starshift.model.multiple_distkeys"), table and column, at the statement's (or the column's) position.
class statement_error : public parse_error {
public:
    statement_error(std::string file, std::size_t line, std::size_t column, const model_error& e);

    [[nodiscard]] const std::string& table() const noexcept { return table_; }
    [[nodiscard]] const std::string& column_name() const noexcept { return column_name_; }

private:
    std::string table_;
    std::string column_name_;
};

}  // namespace starshift::parse
