#include "starshift/load/advise_inputs.hpp"

#include <filesystem>

#include <pqxx/transaction>

#include "starshift/parse/parser.hpp"

namespace starshift::load {

std::vector<table> tables_of_scripts(const std::vector<sql_script>& ddl) {
    std::vector<parse::parsed_statement> all;
    for (const auto& f : ddl) {
        parse::parse_options o;
        o.file = f.file;
        for (auto& s : parse::parse_script(f.text, o, [&](std::string_view n) { return parse::find_table(all, n); }))
            all.push_back(std::move(s));
    }
    std::vector<table> tables;
    for (const auto& s : all)
        if (const auto* t = s.as_table(); t != nullptr && !t->columns.empty()) tables.push_back(*t);
    return tables;
}

tune::workload workload_of_scripts(pqxx::connection& conn, const std::vector<sql_script>& queries,
                                   const std::vector<table>& tables) {
    tune::workload wl;
    pqxx::work tx(conn);
    for (const auto& f : queries)
        for (const auto& q : split_sql_script(f.text, std::filesystem::path(f.file).stem().string()))
            tune::merge(wl, workload_from_sql(tx, q.sql, q.name, tables));
    tx.commit();
    return wl;
}

tune::warehouse_data read_advisor_data(pqxx::connection& conn, const std::vector<table>& tables,
                                       const tune::workload& w, const tune_read_options& options) {
    pqxx::work tx(conn);
    auto data = read_warehouse_data(tx, tables, w, options);
    tx.commit();
    return data;
}

}  // namespace starshift::load
