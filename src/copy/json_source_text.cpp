#include "starshift/copy/detail/json_source_text.hpp"

#include <cstdint>

#include "starshift/common/text.hpp"

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

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::uint32_t hex4(std::string_view s, std::size_t i) {
    std::uint32_t v = 0;
    for (std::size_t k = i; k < i + 4 && k < s.size(); ++k) {
        const char c = s[k];
        v = v * 16 + static_cast<std::uint32_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
}

// The unescaped content of the string token s[b, e) (quotes included).
std::string unescape(std::string_view s, std::size_t b, std::size_t e) {
    std::string out;
    for (std::size_t i = b + 1; i + 1 < e; ++i) {
        if (s[i] != '\\') {
            out += s[i];
            continue;
        }
        const char c = s[++i];
        switch (c) {
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                std::uint32_t cp = hex4(s, i + 1);
                i += 4;
                if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < e && s[i + 1] == '\\' && s[i + 2] == 'u') {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (hex4(s, i + 3) - 0xDC00);
                    i += 6;
                }
                append_utf8(out, cp);
                break;
            }
            default: out += c; break;  // \" \\ \/
        }
    }
    return out;
}

bool key_matches(const std::string& key, const std::string& want, bool fold) {
    return fold ? ascii_lower(key) == ascii_lower(want) : key == want;
}

}  // namespace

std::optional<std::string_view> json_value_source(std::string_view json, const std::vector<json_path_step>& steps,
                                                  repeated_key rule, bool fold) {
    std::size_t b = skip_ws(json, 0);
    std::size_t e = skip_value(json, b);
    for (const auto& step : steps) {
        const std::string* want = std::get_if<std::string>(&step);
        const char open = want ? '{' : '[';
        if (b >= json.size() || json[b] != open) return std::nullopt;
        std::optional<std::pair<std::size_t, std::size_t>> found;
        std::size_t index = 0;
        std::size_t i = skip_ws(json, b + 1);
        while (i < e && json[i] != (want ? '}' : ']')) {
            bool match = false;
            if (want) {
                const std::size_t key_end = skip_string(json, i);
                match = key_matches(unescape(json, i, key_end), *want, fold);
                i = skip_ws(json, skip_ws(json, key_end) + 1);  // past ':'
            } else {
                match = index++ == std::get<std::size_t>(step);
            }
            const std::size_t value_end = skip_value(json, i);
            if (match && (!found || rule == repeated_key::last)) found = std::make_pair(i, value_end);
            if (match && !want) break;
            i = skip_ws(json, value_end);
            if (i < e && json[i] == ',') i = skip_ws(json, i + 1);
        }
        if (!found) return std::nullopt;
        b = found->first;
        e = found->second;
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
