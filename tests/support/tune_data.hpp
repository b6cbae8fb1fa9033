// What the tune tests share: the tune_error a call throws, and table_data columns built from values (each value
// appended through column_data::append, so hashes, sort values and sizes are the simulator's own).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "starshift/model/sql_type.hpp"
#include "starshift/tune/table_data.hpp"
#include "starshift/tune/tune_error.hpp"
#include "support/error_of.hpp"

namespace starshift::testing {

// The tune_error f throws; the test fails when f returns.
template <typename F>
tune::tune_error tune_error_of(F&& f) {
    return caught<tune::tune_error>(std::forward<F>(f));
}

// A column of `type` holding `values` as text (nullopt = NULL).
inline tune::column_data column_of(std::string name, sql_type type,
                                   const std::vector<std::optional<std::string>>& values) {
    tune::column_data c{std::move(name), type, {}, {}, {}, 0, false, {}};
    for (const auto& v : values) c.append(v ? std::optional<std::string_view>(*v) : std::nullopt);
    return c;
}

// An INTEGER column holding `values` (nullopt = NULL).
inline tune::column_data int_column(std::string name, const std::vector<std::optional<int>>& values) {
    std::vector<std::optional<std::string>> text;
    text.reserve(values.size());
    for (const auto& v : values) text.push_back(v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt);
    return column_of(std::move(name), integer(), text);
}

}  // namespace starshift::testing
