// A whole warehouse as data: staging and star tables, COPY specs, transforms, checks and analytics queries.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "starshift/model/copy_spec.hpp"
#include "starshift/model/statement.hpp"
#include "starshift/model/table.hpp"

namespace starshift {

struct warehouse {
    std::string name;
    std::vector<table> staging;  // loaded by COPY, emptied before every load
    std::vector<table> star;     // facts and dimensions, filled by the transforms
    std::vector<copy_spec> copies;
    std::vector<statement> transforms;  // run in order after the copies
    std::vector<data_check> checks;
    std::vector<named_query> queries;

    [[nodiscard]] std::vector<const table*> all_tables() const;  // staging, then star, in declaration order
    [[nodiscard]] const table* find(std::string_view table_name) const noexcept;
    [[nodiscard]] const named_query* find_query(std::string_view query_name) const noexcept;
};

// Validates every table, foreign keys across tables, COPY specs against their tables, and that transforms
// insert into existing columns. Throws model_error for the first problem; returns the warnings.
std::vector<model_warning> validate(const warehouse& w, const validation_options& options = {});

}  // namespace starshift
