#include "starshift/load/advise_inputs.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string_view>
#include <utility>

#include <pqxx/transaction>

namespace starshift::load {

namespace {

// The name a "-- name: description" comment right before line `line` (1-based) of `text` gives, else empty.
std::string comment_name(std::string_view text, std::size_t line) {
    std::vector<std::string_view> lines;
    for (std::size_t b = 0; b <= text.size();) {
        const std::size_t e = std::min(text.find('\n', b), text.size());
        lines.push_back(text.substr(b, e - b));
        b = e + 1;
    }
    for (std::size_t k = std::min(line, lines.size() + 1) - 1; k-- > 0;) {
        std::string_view l = lines[k];
        while (!l.empty() && (l.front() == ' ' || l.front() == '\t')) l.remove_prefix(1);
        while (!l.empty() && (l.back() == ' ' || l.back() == '\t' || l.back() == '\r')) l.remove_suffix(1);
        if (l.empty()) continue;
        if (l.substr(0, 2) != "--") return {};
        l.remove_prefix(2);
        while (!l.empty() && l.front() == ' ') l.remove_prefix(1);
        std::size_t n = 0;
        while (n < l.size() && (std::isalnum(static_cast<unsigned char>(l[n])) != 0 || l[n] == '_')) ++n;
        if (n > 0 && n < l.size() && l[n] == ':') return std::string(l.substr(0, n));
    }
    return {};
}

}  // namespace

script_workload workload_of_scripts(const std::vector<sql_script>& queries, const std::vector<table>& tables) {
    script_workload out;
    for (const auto& f : queries) {
        parse::parse_options o;
        o.file = f.file;
        o.validate = false;
        const parse::check_result r = parse::check_script(f.text, o);
        // Statements and problems in file order, numbered as they come.
        std::vector<std::pair<std::size_t, const parse::parsed_statement*>> order;
        for (const auto& s : r.statements) order.emplace_back(s.line, &s);
        for (const auto& p : r.problems) order.emplace_back(p.line, nullptr);
        std::stable_sort(order.begin(), order.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        const std::string stem = std::filesystem::path(f.file).stem().string();
        std::vector<parse::diagnostic> skipped = r.problems;
        std::size_t n = 0;
        for (const auto& [line, s] : order) {
            ++n;
            ++out.statements;
            if (!s) continue;
            const statement* q = s->as_statement();
            if (!q) {
                skipped.push_back({s->file, s->line, s->column, "starshift.tune.not_a_query",
                                       "not a query or DML statement: not part of the workload"});
                continue;
            }
            std::string name = comment_name(f.text, line);
            if (name.empty()) name = stem + "_" + std::to_string(n);
            tune::merge(out.workload, tune::workload_from_statement(*q, name, tables));
            ++out.analysed;
        }
        std::stable_sort(skipped.begin(), skipped.end(),
                         [](const parse::diagnostic& a, const parse::diagnostic& b) { return a.line < b.line; });
        out.skipped.insert(out.skipped.end(), skipped.begin(), skipped.end());
    }
    return out;
}

script_workload workload_of_views(const std::vector<table>& tables) {
    script_workload out;
    for (const auto& t : tables) {
        if (!t.materialized || !t.as_query) continue;
        ++out.statements;
        parse::parse_options o;
        o.file = "materialized view " + t.qualified_name();
        o.validate = false;
        try {
            const statement q = parse::parse_query(t.as_query->text, o);
            tune::merge(out.workload, tune::workload_from_statement(q, t.name + "_refresh", tables));
            ++out.analysed;
        } catch (const parse::parse_error& e) {
            out.skipped.push_back({e.file(), e.line(), e.column(), e.id(), e.message()});
        }
    }
    return out;
}

tune::warehouse_data read_advisor_data(pqxx::connection& conn, const std::vector<table>& tables,
                                       const tune::workload& w, const tune_read_options& options) {
    pqxx::work tx(conn);
    auto data = read_warehouse_data(tx, tables, w, options);
    tx.commit();
    return data;
}

}  // namespace starshift::load
