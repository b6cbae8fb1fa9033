#include "starshift/load/explain_workload.hpp"

#include "starshift/parse/explain.hpp"

namespace starshift::load {

tune::workload workload_from_explain(std::string_view explain_json, const std::string& query,
                                     const std::vector<table>& tables) {
    return tune::workload_from_plan(parse::read_explain(explain_json), query, tables);
}

}  // namespace starshift::load
