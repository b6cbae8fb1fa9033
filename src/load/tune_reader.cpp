// Reading loaded PostgreSQL tables into the tuning simulator's table_data, and workloads from EXPLAIN.
#include "starshift/load/tune_reader.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <utility>

#include <pqxx/pqxx>

#include "starshift/common/text.hpp"
#include "starshift/load/explain_workload.hpp"
#include "starshift/model/error.hpp"
#include "starshift/sql/quote.hpp"
#include "starshift/common/error.hpp"

namespace starshift::load {
namespace {

std::string relation(const table& t) {
    return t.schema.empty() ? sql::quote_identifier(t.name)
                            : sql::quote_identifier(t.schema) + "." + sql::quote_identifier(t.name);
}

std::string sample_clause(const tune_read_options& o) {
    if (!(o.sample_fraction < 1.0)) return {};
    if (!(o.sample_fraction > 0.0))
        throw error("starshift.tune.read_failed", "the sample fraction must be in (0, 1], not " +
                                 std::to_string(o.sample_fraction));
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6f", o.sample_fraction * 100.0);
    return std::string(" TABLESAMPLE BERNOULLI (") + buf + ") REPEATABLE (" + std::to_string(o.seed) + ")";
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::optional<std::string> decode_copy_text_field(std::string_view field) {
    if (field == "\\N") return std::nullopt;
    std::string out;
    out.reserve(field.size());
    for (std::size_t i = 0; i < field.size(); ++i) {
        const char c = field[i];
        if (c != '\\' || i + 1 >= field.size()) {
            out += c;
            continue;
        }
        const char n = field[++i];
        switch (n) {
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'v': out += '\v'; break;
            case 'x': {
                int v = 0, digits = 0;
                while (digits < 2 && i + 1 < field.size() && hex_digit(field[i + 1]) >= 0) {
                    v = v * 16 + hex_digit(field[++i]);
                    ++digits;
                }
                if (digits == 0) out += 'x';
                else out += static_cast<char>(v);
                break;
            }
            default:
                if (n >= '0' && n <= '7') {
                    int v = n - '0', digits = 1;
                    while (digits < 3 && i + 1 < field.size() && field[i + 1] >= '0' && field[i + 1] <= '7') {
                        v = v * 8 + (field[++i] - '0');
                        ++digits;
                    }
                    out += static_cast<char>(v & 0xFF);
                } else {
                    out += n;  // \\ and any other escaped character stand for themselves
                }
        }
    }
    return out;
}

std::vector<std::string> tune_columns(const table& t, const tune::workload& w) {
    std::vector<std::string> out;
    // SUPER (jsonb on PostgreSQL), GEOMETRY and GEOGRAPHY are neither sort nor distribution keys, VARBYTE and
    // HLLSKETCH no sort keys (r_CREATE_TABLE_NEW) and tune::sort_value has no order for any of them: not read, they
    // still count in the row width.
    auto keyable = [](const column* c) {
        const type_kind k = c->type.kind;
        return k != type_kind::super && k != type_kind::varbyte && k != type_kind::geometry &&
               k != type_kind::geography && k != type_kind::hllsketch;
    };
    auto add = [&](const std::string& c) {
        const column* col = t.find(c);
        if (col != nullptr && keyable(col) && std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    };
    std::vector<std::string> wanted;
    for (const auto& j : w.joins)
        for (const auto& [l, r] : j.columns) {
            if (j.left_table == t.name) wanted.push_back(l);
            if (j.right_table == t.name) wanted.push_back(r);
        }
    for (const auto& f : w.filters)
        if (f.column.table == t.name) wanted.push_back(f.column.column);
    for (const auto& g : w.group_bys)
        if (g.column.table == t.name) wanted.push_back(g.column.column);
    if (t.distkey) wanted.push_back(*t.distkey);
    for (const auto& c : t.sortkey.columns) wanted.push_back(c);
    // Declaration order.
    for (const auto& c : t.columns)
        if (std::find(wanted.begin(), wanted.end(), c.name) != wanted.end()) add(c.name);
    return out;
}

tune::table_data read_table_data(pqxx::transaction_base& tx, const table& t, const std::vector<std::string>& columns,
                                 const tune_read_options& options) {
    tune::table_data data;
    data.name = t.name;
    data.sample_fraction = options.sample_fraction < 1.0 ? options.sample_fraction : 1.0;
    const std::string rel = relation(t);
    const std::string sample = sample_clause(options);
    for (const auto& c : columns) {
        tune::column_data cd;
        cd.name = c;
        cd.type = t.at(c).type;  // throws model_error for a missing column
        data.columns.push_back(std::move(cd));
    }
    std::vector<std::string> read = columns;
    if (options.compression_columns)
        for (const auto& c : t.columns) {
            if (std::find(columns.begin(), columns.end(), c.name) != columns.end()) continue;
            const type_kind k = c.type.kind;  // the types whose values the simulator reads (tune::sort_value)
            if (k == type_kind::varbyte || k == type_kind::super || k == type_kind::geometry ||
                k == type_kind::geography || k == type_kind::hllsketch)
                continue;
            tune::column_data cd;
            cd.name = c.name;
            cd.type = c.type;
            cd.sample_only = true;
            data.sample_columns.push_back(std::move(cd));
            read.push_back(c.name);
        }
    try {
        tx.exec0("SET LOCAL DateStyle = 'ISO, YMD'");
        tx.exec0("SET LOCAL extra_float_digits = 1");
        data.rows = tx.exec1("SELECT count(*) FROM " + rel)[0].as<std::uint64_t>();
        // row_bytes: the average text width of a whole row (every column, NULL counting 0).
        std::string widths;
        for (const auto& c : t.columns)
            widths += (widths.empty() ? "" : " + ") + std::string("coalesce(octet_length(") +
                      sql::quote_identifier(c.name) + "::text), 0)";
        if (widths.empty()) widths = "0";
        const auto r = tx.exec1("SELECT avg(" + widths + ")::float8 FROM " + rel + sample);
        data.row_bytes = r[0].is_null() ? 0.0 : r[0].as<double>();
        if (!read.empty()) {
            std::string select;
            for (const auto& c : read)
                select += (select.empty() ? "" : ", ") + sql::quote_identifier(c) + "::text";
            // libpqxx 6.4's stream_from runs "COPY <name> TO STDOUT": a parenthesized query is a valid <name>.
            pqxx::stream_from s(tx, "(SELECT " + select + " FROM " + rel + sample + ")");
            std::string line;
            std::vector<std::string_view> fields;
            while (s.get_raw_line(line)) {
                if (!line.empty() && line.back() == '\n') line.pop_back();
                fields.clear();
                std::size_t start = 0;
                for (std::size_t i = 0; i <= line.size(); ++i) {
                    if (i == line.size() || line[i] == '\t') {
                        fields.emplace_back(line.data() + start, i - start);
                        start = i + 1;
                    }
                }
                if (fields.size() != read.size())
                    throw error("starshift.tune.read_failed", "table " + t.name + ": a COPY line has " +
                                             std::to_string(fields.size()) + " fields, expected " +
                                             std::to_string(read.size()));
                for (std::size_t k = 0; k < fields.size(); ++k) {
                    const auto v = decode_copy_text_field(fields[k]);
                    tune::column_data& cd = k < columns.size() ? data.columns[k]
                                                               : data.sample_columns[k - columns.size()];
                    if (v) cd.append(std::string_view(*v));
                    else cd.append(std::nullopt);
                }
            }
            s.complete();
        }
    } catch (const pqxx::sql_error& e) {
        throw error("starshift.tune.read_failed", "table " + t.name + ": " + e.what());
    }
    return data;
}

tune::warehouse_data read_warehouse_data(pqxx::transaction_base& tx, const std::vector<table>& tables,
                                         const tune::workload& w, const tune_read_options& options,
                                         bool skip_missing) {
    tune::warehouse_data out;
    for (const auto& t : tables) {
        const auto exists = tx.exec_params1("SELECT to_regclass($1) IS NOT NULL", relation(t))[0].as<bool>();
        if (!exists) {
            if (skip_missing) continue;
            throw error("starshift.tune.read_failed", "table " + t.name + " does not exist");
        }
        out.tables.push_back(read_table_data(tx, t, tune_columns(t, w), options));
    }
    return out;
}

std::map<std::string, tune::table_stats> read_table_stats(pqxx::transaction_base& tx,
                                                         const std::vector<table>& tables) {
    std::map<std::string, tune::table_stats> out;
    for (const auto& t : tables) {
        try {
            const auto exists = tx.exec_params1("SELECT to_regclass($1) IS NOT NULL", relation(t))[0].as<bool>();
            if (!exists) continue;
            tune::table_stats stats;
            stats.rows = tx.exec1("SELECT count(*) FROM " + relation(t))[0].as<std::uint64_t>();
            const auto width = tx.exec_params1(
                "SELECT sum(s.avg_width) FROM pg_stats s JOIN pg_class c ON c.relname = s.tablename "
                "JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = s.schemaname WHERE c.oid = $1::regclass",
                relation(t))[0];
            if (!width.is_null()) stats.row_bytes = width.as<double>();
            out[ascii_lower(t.name)] = stats;
        } catch (const pqxx::sql_error& e) {
            throw error("starshift.tune.read_failed", "table " + t.name + ": " + e.what());
        }
    }
    return out;
}

tune::workload workload_from_sql(pqxx::transaction_base& tx, std::string_view sql, const std::string& name,
                                 const std::vector<table>& tables) {
    std::string text(sql);
    while (!text.empty() && (std::isspace(static_cast<unsigned char>(text.back())) != 0 || text.back() == ';'))
        text.pop_back();
    std::string plan;
    try {
        const auto r = tx.exec("EXPLAIN (FORMAT JSON) " + text);
        for (const auto& row : r) plan += row[0].c_str();
    } catch (const pqxx::sql_error& e) {
        throw error("starshift.tune.explain_failed", "query " + name + ": " + e.what());
    }
    return workload_from_explain(plan, name, tables);
}

std::vector<named_sql> split_sql_script(std::string_view script, const std::string& stem) {
    std::vector<named_sql> out;
    std::string current, pending_name, last_comment_name;
    bool has_code = false;
    auto flush = [&]() {
        std::string s = current;
        while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) s.pop_back();
        std::size_t b = 0;
        while (b < s.size() && std::isspace(static_cast<unsigned char>(s[b])) != 0) ++b;
        s = s.substr(b);
        if (has_code && !s.empty()) {
            named_sql n;
            n.name = pending_name.empty() ? stem + "_" + std::to_string(out.size() + 1) : pending_name;
            n.sql = s;
            out.push_back(std::move(n));
        }
        current.clear();
        pending_name.clear();
        has_code = false;
    };
    std::size_t i = 0;
    const std::size_t n = script.size();
    while (i < n) {
        const char c = script[i];
        if (c == '-' && i + 1 < n && script[i + 1] == '-') {
            const std::size_t e = std::min(n, script.find('\n', i) == std::string_view::npos ? n : script.find('\n', i));
            if (!has_code) {
                // "-- name: description" names the next statement.
                std::string body(script.substr(i + 2, e - i - 2));
                std::size_t b = 0;
                while (b < body.size() && body[b] == ' ') ++b;
                std::size_t k = b;
                while (k < body.size() && (std::isalnum(static_cast<unsigned char>(body[k])) != 0 || body[k] == '_'))
                    ++k;
                if (k > b && k < body.size() && body[k] == ':') pending_name = body.substr(b, k - b);
            } else {
                current.append(script.substr(i, e - i));
            }
            i = e;
            continue;
        }
        if (c == '/' && i + 1 < n && script[i + 1] == '*') {
            const std::size_t e = script.find("*/", i + 2);
            const std::size_t end = e == std::string_view::npos ? n : e + 2;
            if (has_code) current.append(script.substr(i, end - i));
            i = end;
            continue;
        }
        if (c == '\'' || c == '"') {
            std::size_t k = i + 1;
            while (k < n) {
                if (script[k] == c) {
                    if (k + 1 < n && script[k + 1] == c) {
                        k += 2;
                        continue;
                    }
                    break;
                }
                ++k;
            }
            const std::size_t end = std::min(n, k + 1);
            current.append(script.substr(i, end - i));
            has_code = true;
            i = end;
            continue;
        }
        if (c == '$') {
            std::size_t k = i + 1;
            while (k < n && (std::isalnum(static_cast<unsigned char>(script[k])) != 0 || script[k] == '_')) ++k;
            if (k < n && script[k] == '$') {
                const std::string tag(script.substr(i, k - i + 1));
                const std::size_t e = script.find(tag, k + 1);
                const std::size_t end = e == std::string_view::npos ? n : e + tag.size();
                current.append(script.substr(i, end - i));
                has_code = true;
                i = end;
                continue;
            }
        }
        if (c == ';') {
            flush();
            ++i;
            continue;
        }
        if (std::isspace(static_cast<unsigned char>(c)) == 0) has_code = true;
        current += c;
        ++i;
    }
    flush();
    return out;
}

}  // namespace starshift::load
