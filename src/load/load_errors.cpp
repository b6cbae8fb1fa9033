#include "starshift/load/detail/load_errors.hpp"

#include <pqxx/stream_to>
#include <cstdint>
#include <string_view>
#include <tuple>

#include "starshift/common/utf8.hpp"

namespace starshift::load {

std::string storable_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    static constexpr char hex[] = "0123456789abcdef";
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = s[i] == '\0' ? 0 : utf8_sequence_length(s, i);
        if (n == 0) {
            const auto b = static_cast<unsigned char>(s[i]);
            out += "\\x";
            out += hex[b >> 4U];
            out += hex[b & 0xFU];
            ++i;
        } else {
            out.append(s, i, n);
            i += n;
        }
    }
    return out;
}

std::string load_errors_ddl() {
    return "CREATE SEQUENCE IF NOT EXISTS starshift_load_id_seq;\n"
           "CREATE TABLE IF NOT EXISTS starshift_load_errors (\n"
           "    load_id BIGINT NOT NULL,\n"
           "    starttime TIMESTAMP NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),\n"
           "    tbl TEXT NOT NULL,\n"
           "    filename TEXT NOT NULL,\n"
           "    line_number BIGINT NOT NULL,\n"
           "    colname TEXT NOT NULL,\n"
           "    raw_field_value TEXT NOT NULL,\n"
           "    err_code INTEGER NOT NULL,\n"
           "    err_reason TEXT NOT NULL\n"
           ");\n"
           "CREATE OR REPLACE VIEW stl_load_errors AS\n"
           "SELECT load_id AS query, starttime, tbl AS tbl_name, filename, line_number, colname,\n"
           "       raw_field_value, err_code, err_reason\n"
           "FROM starshift_load_errors;";
}

std::int64_t next_load_id(pqxx::transaction_base& tx) {
    tx.exec0(load_errors_ddl());
    return tx.exec1("SELECT nextval('starshift_load_id_seq')")[0].as<std::int64_t>();
}

void record_rejects(pqxx::transaction_base& tx, std::int64_t load_id, const std::string& table,
                    const std::vector<copy::reject>& rejects) {
    if (rejects.empty()) return;
    tx.exec0(load_errors_ddl());
    pqxx::stream_to out(tx, load_errors_table,
                        std::vector<std::string>{"load_id", "tbl", "filename", "line_number", "colname",
                                                 "raw_field_value", "err_code", "err_reason"});
    for (const auto& r : rejects) {
        out << std::make_tuple(load_id, storable_text(table), storable_text(r.file), static_cast<std::int64_t>(r.line),
                               storable_text(r.column),
                               std::string(copy::cut_utf8(storable_text(r.raw_value), copy::max_raw_value_bytes)), r.code,
                               storable_text(r.reason));
    }
    out.complete();
}

}  // namespace starshift::load
