#include "starshift/load/script_report.hpp"

namespace starshift::load {

std::string format_script_dry_run(const std::vector<script_step>& steps, const io::mapped_store& store) {
    std::string out;
    for (const auto& s : steps) {
        out += "-- " + s.where() + ": " + to_string(s.action);
        if (s.action == script_action::skip) out += " (" + s.notice + ")";
        out += "\n";
        if (const auto* c = s.statement.as_copy()) {
            out += "--   COPY " + s.copy_target.qualified_name() + " FROM " + c->source.uri +
                   (c->source.manifest ? " (manifest)" : "");
            if (const auto p = store.local_path(c->source.uri)) out += " -> " + *p;
            out += "\n";
            if (!c->format.jsonpaths.empty()) {
                out += "--   JSONPATHS " + c->format.jsonpaths;
                if (const auto p = store.local_path(c->format.jsonpaths)) out += " -> " + *p;
                out += "\n";
            }
        }
        if (const auto* u = s.statement.as_unload()) {
            out += "--   UNLOAD TO " + u->to;
            if (const auto p = store.local_path(u->to)) out += " -> " + *p;
            out += "\n";
        }
        for (const auto& sql : s.sql) out += sql + (sql.empty() || sql.back() != ';' ? ";\n" : "\n");
    }
    return out;
}

std::string format_result_rows(const script_step_result& r) {
    std::string out;
    for (std::size_t c = 0; c < r.column_names.size(); ++c) out += (c ? " | " : "") + r.column_names[c];
    out += "\n";
    for (const auto& row : r.result_rows) {
        for (std::size_t c = 0; c < row.size(); ++c) out += (c ? " | " : "") + row[c];
        out += "\n";
    }
    return out + "(" + std::to_string(r.rows) + " row" + (r.rows == 1 ? "" : "s") + ")\n";
}

std::string format_script_step(const script_step_result& s) {
    if (s.action == script_action::copy) return s.where + ": " + copy_count_line(s) + "\n";
    if (s.action == script_action::unload) return s.where + ": " + unload_line(s) + "\n";
    if (!s.column_names.empty()) return s.where + ": " + s.keyword + "\n" + format_result_rows(s);
    if (s.action == script_action::skip) return {};
    // Row counts only where PostgreSQL's command tag has one that means something (INSERT 0 n, UPDATE n, …).
    const bool counted =
        s.keyword == "INSERT" || s.keyword == "UPDATE" || s.keyword == "DELETE" || s.keyword == "MERGE";
    return s.where + ": " + s.keyword + (counted && s.rows >= 0 ? " (" + std::to_string(s.rows) + " rows)" : "") +
           "\n";
}

}  // namespace starshift::load
