#include "starshift/tune/plan_inputs.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "starshift/common/text.hpp"
#include "starshift/tune/tune_error.hpp"

namespace starshift::tune {
namespace {

[[noreturn]] void bad(std::string_view entry, std::string_view why) {
    throw tune_error("starshift.tune.bad_stats", "", "",
                     "\"" + std::string(entry) + "\": " + std::string(why) + " (write table=rows[,width])");
}

}  // namespace

std::pair<std::string, table_stats> parse_stats_entry(std::string_view entry) {
    const auto text = trim_space(entry);
    const auto eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0) bad(entry, "no table name before '='");
    auto name = ascii_lower(trim_space(text.substr(0, eq)));
    std::string unquoted;
    for (const char c : name) {  // "schema"."table" → table
        if (c == '.') {
            unquoted.clear();
        } else if (c != '"') {
            unquoted += c;
        }
    }
    if (unquoted.empty()) bad(entry, "no table name before '='");
    const auto value = trim_space(text.substr(eq + 1));
    const auto comma = value.find(',');
    const auto rows = as_number(trim_space(value.substr(0, comma)));
    if (!rows || *rows < 0 || std::floor(*rows) != *rows || *rows > 1e18) bad(entry, "rows is not a whole number");
    table_stats stats;
    stats.rows = static_cast<std::uint64_t>(*rows);
    if (comma != std::string_view::npos) {
        const auto width = as_number(trim_space(value.substr(comma + 1)));
        if (!width || *width <= 0 || *width > 1e9) bad(entry, "width is not a positive number of bytes");
        stats.row_bytes = *width;
    }
    return {unquoted, stats};
}

std::map<std::string, table_stats> parse_stats_file(std::string_view text, const std::string& file) {
    std::map<std::string, table_stats> out;
    std::size_t number = 0;
    while (!text.empty()) {
        const auto end = text.find('\n');
        const auto line = trim_space(text.substr(0, end));
        ++number;
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        if (line.empty() || line.front() == '#') continue;
        try {
            auto [name, stats] = parse_stats_entry(line);
            out[name] = stats;
        } catch (const tune_error& e) {
            throw tune_error(e.id(), "", "", file + ":" + std::to_string(number) + ": " +
                                                 std::string(e.what()).substr(e.id().size() + 3));
        }
    }
    return out;
}

}  // namespace starshift::tune
