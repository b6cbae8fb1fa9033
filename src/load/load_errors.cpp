#include "starshift/load/load_errors.hpp"

#include <pqxx/stream_to>
#include <cstdint>
#include <string_view>
#include <tuple>

namespace starshift::load {

namespace {

// Length of the well-formed UTF-8 sequence at s[i] (no overlongs, surrogates or code points over U+10FFFF), 0 if
// the byte there does not start one.
std::size_t utf8_sequence(std::string_view s, std::size_t i) noexcept {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80U) return 1;
    std::size_t len = 0;
    std::uint32_t cp = 0;
    std::uint32_t min = 0;
    if ((c & 0xE0U) == 0xC0U) {
        len = 2;
        cp = c & 0x1FU;
        min = 0x80;
    } else if ((c & 0xF0U) == 0xE0U) {
        len = 3;
        cp = c & 0x0FU;
        min = 0x800;
    } else if ((c & 0xF8U) == 0xF0U) {
        len = 4;
        cp = c & 0x07U;
        min = 0x10000;
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0U) != 0x80U) return 0;
        cp = (cp << 6U) | (cc & 0x3FU);
    }
    if (cp < min || cp > 0x10FFFFU || (cp >= 0xD800U && cp <= 0xDFFFU)) return 0;
    return len;
}

// PostgreSQL text cannot hold NUL bytes or invalid UTF-8, and a reject's raw value (or a file name) may contain
// both: each such byte is written as \xHH so the reject is still recorded.
std::string storable(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    static constexpr char hex[] = "0123456789abcdef";
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = s[i] == '\0' ? 0 : utf8_sequence(s, i);
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

}  // namespace

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
        out << std::make_tuple(load_id, storable(table), storable(r.file), static_cast<std::int64_t>(r.line),
                               storable(r.column),
                               std::string(copy::cut_utf8(storable(r.raw_value), copy::max_raw_value_bytes)), r.code,
                               storable(r.reason));
    }
    out.complete();
}

}  // namespace starshift::load
