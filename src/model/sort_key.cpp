#include "starshift/model/sort_key.hpp"

#include "starshift/common/text.hpp"

namespace starshift {

std::string to_sql(sort_style s) {
    switch (s) {
        case sort_style::automatic: return "AUTO";
        case sort_style::compound: return "COMPOUND";
        case sort_style::interleaved: return "INTERLEAVED";
    }
    return "?";
}

std::optional<sort_style> parse_sort_style(std::string_view s) {
    const std::string u = ascii_upper(s);
    if (u == "AUTO") return sort_style::automatic;
    if (u == "COMPOUND") return sort_style::compound;
    if (u == "INTERLEAVED") return sort_style::interleaved;
    return std::nullopt;
}

bool operator==(const sort_key& a, const sort_key& b) { return a.style == b.style && a.columns == b.columns; }

}  // namespace starshift
