#include "starshift/sql/quote.hpp"

#include "render_detail.hpp"

#include "starshift/common/utf8.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>

namespace starshift::sql {

namespace {

std::string strip_brackets(std::string_view id) {
    if (id.size() >= 2 && id.front() == '[' && id.back() == ']') {
        id = id.substr(1, id.size() - 2);
    }
    return std::string(id);
}

// The union of PostgreSQL 15's reserved key words (pg_get_keywords() catcode 'R' and 'T': these cannot be column
// names) and Amazon Redshift's documented reserved words (docs: r_pg_keywords), plus START and CONNECT, which
// Redshift's page asks to quote when used as table aliases. Sorted for binary search; keep it sorted.
constexpr std::array<std::string_view, 171> reserved_words = {
    "aes128", "aes256", "all", "allowoverwrite", "analyse", "analyze", "and", "any", "array", "as", "asc",
    "asymmetric", "authorization", "az64", "backup", "between", "binary", "blanksasnull", "both", "bytedict",
    "bzip2", "case", "cast", "check", "collate", "collation", "column", "concurrently", "connect", "constraint",
    "create", "credentials", "cross", "current_catalog", "current_date", "current_role", "current_schema",
    "current_time", "current_timestamp", "current_user", "current_user_id", "default", "deferrable", "deflate",
    "defrag", "delta", "delta32k", "desc", "disable", "distinct", "do", "else", "emptyasnull", "enable", "encode",
    "encrypt", "encryption", "end", "except", "explicit", "false", "fetch", "for", "foreign", "freeze", "from",
    "full", "globaldict256", "globaldict64k", "grant", "group", "gzip", "having", "identity", "ignore", "ilike",
    "in", "initially", "inner", "intersect", "interval", "into", "is", "isnull", "join", "lateral", "leading",
    "left", "like", "limit", "localtime", "localtimestamp", "lun", "luns", "lzo", "lzop", "minus", "mostly16",
    "mostly32", "mostly8", "natural", "new", "not", "notnull", "null", "nulls", "off", "offline", "offset", "oid",
    "old", "on", "only", "open", "or", "order", "outer", "overlaps", "parallel", "partition", "percent",
    "permissions", "pivot", "placing", "primary", "raw", "readratio", "recover", "references", "rejectlog",
    "resort", "respect", "restore", "returning", "right", "select", "session_user", "similar", "snapshot", "some",
    "start", "symmetric", "sysdate", "system", "table", "tablesample", "tag", "tdes", "text255", "text32k", "then",
    "timestamp", "to", "top", "trailing", "true", "truncatecolumns", "union", "unique", "unnest", "unpivot", "user",
    "using", "variadic", "verbose", "wallet", "when", "where", "window", "with", "without",
};

bool is_bare_identifier(std::string_view name) noexcept {
    if (name.empty()) {
        return false;
    }
    const char first = name.front();
    if (!((first >= 'a' && first <= 'z') || first == '_')) {
        return false;
    }
    return std::all_of(name.begin() + 1, name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
    });
}

}  // namespace

namespace detail {

void check_text(std::string_view text, std::string_view what) {
    if (text.find('\0') != std::string_view::npos) {
        throw sql_error("starshift.sql.nul_byte", std::string(what) + " contains a NUL byte, which SQL text cannot carry");
    }
    if (!starshift::valid_utf8(text)) {
        throw sql_error("starshift.sql.invalid_utf8", std::string(what) + " is not valid UTF-8");
    }
}

}  // namespace detail

using detail::check_text;

sql_error::sql_error(std::string id, std::string_view detail)
    : error(strip_brackets(id), detail) {}

bool is_reserved_word(std::string_view lower_case_word) noexcept {
    return std::binary_search(reserved_words.begin(), reserved_words.end(), lower_case_word);
}

std::string quote_identifier(std::string_view name) {
    if (name.empty()) {
        throw sql_error("starshift.sql.empty_identifier", "an identifier cannot be empty");
    }
    check_text(name, "identifier");
    if (is_bare_identifier(name) && !is_reserved_word(name)) {
        return std::string(name);
    }
    std::string out;
    out.reserve(name.size() + 2);
    out.push_back('"');
    for (const char c : name) {
        if (c == '"') {
            out.push_back('"');
        }
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

std::string quote_qualified(std::string_view schema, std::string_view name) {
    if (schema.empty()) {
        return quote_identifier(name);
    }
    return quote_identifier(schema) + "." + quote_identifier(name);
}

std::string quote_dotted(std::string_view dotted) {
    // Parts are either bare text up to the next '.', or a double-quoted identifier ("" = one quote).
    std::string result;
    std::size_t i = 0;
    const std::size_t n = dotted.size();
    bool first = true;
    while (true) {
        std::string part;
        if (i < n && dotted[i] == '"') {
            ++i;
            bool closed = false;
            while (i < n) {
                if (dotted[i] == '"') {
                    if (i + 1 < n && dotted[i + 1] == '"') {
                        part.push_back('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    closed = true;
                    break;
                }
                part.push_back(dotted[i++]);
            }
            if (!closed || (i < n && dotted[i] != '.')) {
                throw sql_error("starshift.sql.bad_dotted_name",
                                "unbalanced or misplaced double quote in a dotted name");
            }
        } else {
            const std::size_t dot = dotted.find('.', i);
            const std::size_t end = dot == std::string_view::npos ? n : dot;
            part = std::string(dotted.substr(i, end - i));
            i = end;
        }
        if (!first) {
            result.push_back('.');
        }
        result += quote_identifier(part);
        first = false;
        if (i >= n) {
            break;
        }
        ++i;  // the dot
        if (i >= n) {
            throw sql_error("starshift.sql.bad_dotted_name", "a dotted name cannot end with '.'");
        }
    }
    return result;
}

std::string quote_literal(std::string_view value, dialect d) {
    check_text(value, "string literal");
    const bool has_backslash = value.find('\\') != std::string_view::npos;
    std::string out;
    out.reserve(value.size() + 3);
    // PostgreSQL: E'…' (with backslashes doubled) is read the same whatever standard_conforming_strings says;
    // plain '…' is used when there is no backslash, where both settings agree.
    // Redshift: backslash is an escape character in string literals, so it is always doubled.
    const bool escape_backslashes = d == dialect::redshift || has_backslash;
    if (d == dialect::postgres && has_backslash) {
        out.push_back('E');
    }
    out.push_back('\'');
    for (const char c : value) {
        if (c == '\'') {
            out.push_back('\'');
        } else if (c == '\\' && escape_backslashes) {
            out.push_back('\\');
        }
        out.push_back(c);
    }
    out.push_back('\'');
    return out;
}

}  // namespace starshift::sql
