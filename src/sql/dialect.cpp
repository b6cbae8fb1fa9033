#include "starshift/sql/dialect.hpp"

#include <string>

#include "starshift/common/text.hpp"

namespace starshift::sql {

std::string to_string(dialect d) {
    switch (d) {
        case dialect::redshift: return "redshift";
        case dialect::postgres: return "postgres";
    }
    return "redshift";
}

std::optional<dialect> parse_dialect(std::string_view s) {
    const std::string lower = ascii_lower(s);
    if (lower == "redshift") {
        return dialect::redshift;
    }
    if (lower == "postgres" || lower == "postgresql" || lower == "pg") {
        return dialect::postgres;
    }
    return std::nullopt;
}

}  // namespace starshift::sql
