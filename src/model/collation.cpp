#include "starshift/model/collation.hpp"

#include "starshift/common/text.hpp"

namespace starshift {

std::string to_sql(collation c) { return c == collation::case_insensitive ? "CASE_INSENSITIVE" : "CASE_SENSITIVE"; }

std::optional<collation> parse_collation(std::string_view s) {
    if (iequals(s, "case_sensitive")) return collation::case_sensitive;
    if (iequals(s, "case_insensitive")) return collation::case_insensitive;
    return std::nullopt;
}

}  // namespace starshift
