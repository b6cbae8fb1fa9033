#include "starshift/sql/dialect.hpp"

#include <cctype>
#include <string>

namespace starshift::sql {

std::string to_string(dialect d) {
    switch (d) {
        case dialect::redshift: return "redshift";
        case dialect::postgres: return "postgres";
    }
    return "redshift";
}

std::optional<dialect> parse_dialect(std::string_view s) {
    std::string lower;
    lower.reserve(s.size());
    for (const char c : s) {
        lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    if (lower == "redshift") {
        return dialect::redshift;
    }
    if (lower == "postgres" || lower == "postgresql" || lower == "pg") {
        return dialect::postgres;
    }
    return std::nullopt;
}

}  // namespace starshift::sql
