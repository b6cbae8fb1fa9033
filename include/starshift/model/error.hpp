// The error thrown when a model (table, column, COPY spec) is invalid: carries a stable id, table and column.
#pragma once

#include <string>
#include <string_view>

#include "starshift/common/error.hpp"

namespace starshift {

// Every message starts with its stable id, e.g. "[starshift.model.distkey_missing] table songplays, column x: ...".
// Ids are written out in full where they are thrown, so that the unit test test_docs_error_ids.cpp finds every one
// and checks that docs/errors.md lists it (with a line on what went wrong); tests match on id().
class model_error : public error {
public:
    model_error(std::string id, std::string table, std::string column, std::string_view detail);

    [[nodiscard]] const std::string& table() const noexcept { return table_; }
    [[nodiscard]] const std::string& column() const noexcept { return column_; }

private:
    std::string table_;
    std::string column_;
};

// "[id] table T, column C: detail", leaving out the table and the column when they are empty: the message of
// model_error and of the errors of the layers above it that name a table and a column (tune::tune_error).
[[nodiscard]] std::string table_column_message(const std::string& id, const std::string& table,
                                               const std::string& column, std::string_view detail);

// A non-fatal finding of validation (e.g. a sort-key column with a non-RAW encoding).
struct model_warning {
    std::string id;
    std::string table;
    std::string column;
    std::string message;
};

}  // namespace starshift
