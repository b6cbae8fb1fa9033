#include "starshift/model/distribution.hpp"

#include "starshift/common/text.hpp"

namespace starshift {

std::string to_sql(dist_style s) {
    switch (s) {
        case dist_style::automatic: return "AUTO";
        case dist_style::even: return "EVEN";
        case dist_style::key: return "KEY";
        case dist_style::all: return "ALL";
    }
    return "?";
}

std::optional<dist_style> parse_dist_style(std::string_view s) {
    const std::string u = ascii_upper(s);
    if (u == "AUTO") return dist_style::automatic;
    if (u == "EVEN") return dist_style::even;
    if (u == "KEY") return dist_style::key;
    if (u == "ALL") return dist_style::all;
    return std::nullopt;
}

}  // namespace starshift
