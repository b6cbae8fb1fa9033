#include "starshift/copy/detail/json_source_text.hpp"

namespace starshift::copy::detail {

namespace {

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::size_t skip_ws(std::string_view s, std::size_t i) {
    while (i < s.size() && is_ws(s[i])) ++i;
    return i;
}

// s[i] is '"': the index after the closing quote.
std::size_t skip_string(std::string_view s, std::size_t i) {
    for (++i; i < s.size(); ++i) {
        if (s[i] == '\\') ++i;
        else if (s[i] == '"') return i + 1;
    }
    return s.size();
}

// The index after the value that starts at i.
std::size_t skip_value(std::string_view s, std::size_t i) {
    if (i >= s.size()) return i;
    if (s[i] == '"') return skip_string(s, i);
    if (s[i] == '{' || s[i] == '[') {
        int depth = 0;
        while (i < s.size()) {
            const char c = s[i];
            if (c == '"') {
                i = skip_string(s, i);
                continue;
            }
            if (c == '{' || c == '[') ++depth;
            if ((c == '}' || c == ']') && --depth == 0) return i + 1;
            ++i;
        }
        return i;
    }
    while (i < s.size() && !is_ws(s[i]) && s[i] != ',' && s[i] != '}' && s[i] != ']') ++i;
    return i;
}

}  // namespace

std::optional<std::string_view> json_value_source(std::string_view json, const std::vector<std::size_t>& ordinals) {
    std::size_t b = skip_ws(json, 0);
    std::size_t e = skip_value(json, b);
    for (const std::size_t want : ordinals) {
        if (b >= e || (json[b] != '{' && json[b] != '[')) return std::nullopt;
        const bool object = json[b] == '{';
        std::size_t i = skip_ws(json, b + 1);
        for (std::size_t k = 0;; ++k) {
            if (i >= e || json[i] == (object ? '}' : ']')) return std::nullopt;
            if (object) i = skip_ws(json, skip_ws(json, skip_string(json, i)) + 1);  // past the key and ':'
            const std::size_t value_end = skip_value(json, i);
            if (k == want) {
                b = i;
                e = value_end;
                break;
            }
            i = skip_ws(json, value_end);
            if (i < e && json[i] == ',') i = skip_ws(json, i + 1);
        }
    }
    return json.substr(b, e - b);
}

void append_composite_text(std::string_view source, std::string& out) {
    std::size_t i = 0;
    while (i < source.size()) {
        const char c = source[i];
        if (c == '"') {
            const std::size_t end = skip_string(source, i);
            out.append(source.substr(i, end - i));
            i = end;
        } else if (is_ws(c)) {
            std::size_t end = i;
            bool line_break = false;
            for (; end < source.size() && is_ws(source[end]); ++end)
                line_break = line_break || source[end] == '\n' || source[end] == '\r';
            if (!line_break) out.append(source.substr(i, end - i));
            i = end;
        } else {
            out += c;
            ++i;
        }
    }
}

}  // namespace starshift::copy::detail
