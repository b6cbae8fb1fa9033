// The error thrown by the tuning simulator when its input is not what it can simulate (an unknown node type, data
// that does not match the design or the table, a filter on a column that was not mapped, a plan that is no tree).
#pragma once

#include <string>
#include <string_view>

#include "starshift/common/error.hpp"

namespace starshift::tune {

// The message is "[id] table T, column C: detail" (as model_error's; table and column left out when empty); ids are
// "starshift.tune.*", listed in docs/errors.md. Invalid models (a design naming a missing column) stay model_error.
class tune_error : public error {
public:
    tune_error(std::string id, std::string table, std::string column, std::string_view detail);

    [[nodiscard]] const std::string& table() const noexcept { return table_; }
    [[nodiscard]] const std::string& column() const noexcept { return column_; }

private:
    std::string table_;
    std::string column_;
};

}  // namespace starshift::tune
