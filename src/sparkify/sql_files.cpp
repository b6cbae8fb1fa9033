#include "starshift/sparkify/sql_files.hpp"

#include <stdexcept>

#include "starshift/sql/render.hpp"
#include "starshift/common/error.hpp"

namespace starshift::sparkify {

std::string to_string(sql_file f) {
    switch (f) {
        case sql_file::create_tables: return "create_tables";
        case sql_file::drop_tables: return "drop_tables";
        case sql_file::copy: return "copy";
        case sql_file::transform: return "transform";
        case sql_file::checks: return "checks";
        case sql_file::queries: return "queries";
    }
    return "unknown";
}

std::optional<sql_file> parse_sql_file(std::string_view s) {
    for (sql_file f : all_sql_files())
        if (s == to_string(f)) return f;
    return std::nullopt;
}

std::string file_name(sql_file f) { return to_string(f) + ".sql"; }

std::vector<sql_file> all_sql_files() {
    return {sql_file::create_tables, sql_file::drop_tables, sql_file::copy,
            sql_file::transform,     sql_file::checks,      sql_file::queries};
}

bool has_sql_file(sql_file f, sql::dialect d) noexcept { return f != sql_file::copy || d == sql::dialect::redshift; }

std::string render_sql_file(const warehouse& w, sql_file f, sql::dialect d) {
    if (!has_sql_file(f, d))
        throw error("starshift.sparkify.no_such_file", "" + file_name(f) + " does not exist for " +
                                    sql::to_string(d));
    std::string body;
    switch (f) {
        case sql_file::create_tables: body = sql::create_tables_script(w, d); break;
        case sql_file::drop_tables: body = sql::drop_tables_script(w, d); break;
        case sql_file::copy: body = sql::copy_script(w, sql::secrets::mask); break;
        case sql_file::transform: body = sql::transform_script(w, d); break;
        case sql_file::checks: body = sql::checks_script(w, d); break;
        case sql_file::queries: body = sql::queries_script(w, d); break;
    }
    std::string out = "-- " + sql::to_string(d) + "/" + file_name(f) +
                      ": regenerate with `cmake --build <build-dir> --target regenerate-sql` (runs sparkify-sql).\n";
    out += body;
    if (out.empty() || out.back() != '\n') out += '\n';
    return out;
}

}  // namespace starshift::sparkify
