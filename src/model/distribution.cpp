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
    return parse_name(s, {dist_style::automatic, dist_style::even, dist_style::key, dist_style::all},
                      [](dist_style v) { return to_sql(v); });
}

}  // namespace starshift
