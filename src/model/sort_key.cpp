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
    return parse_name(s, {sort_style::automatic, sort_style::compound, sort_style::interleaved},
                      [](sort_style v) { return to_sql(v); });
}

bool operator==(const sort_key& a, const sort_key& b) { return a.style == b.style && a.columns == b.columns; }

}  // namespace starshift
