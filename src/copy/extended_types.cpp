#include "starshift/copy/detail/extended_types.hpp"

#include <simdjson.h>

#include <charconv>
#include <cctype>

#include "starshift/common/text.hpp"
#include "starshift/copy/detail/copy_text.hpp"
#include "starshift/copy/reject.hpp"

namespace starshift::copy {

namespace {

constexpr std::size_t super_max_bytes = 16U * 1024U * 1024U;  // r_SUPER_type: "up to 16 MB … for a SUPER field"
constexpr std::size_t spatial_max_bytes = 1048447;             // spatial-limitations
constexpr std::size_t hllsketch_max_bytes = 24580;             // r_HLLSKTECH_type (raw compression)

conversion_error fail(int code, std::string reason) { return {code, std::move(reason)}; }

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) s.remove_suffix(1);
    return s;
}

void append_field(std::string_view text, wire_format wire, std::string& out) {
    if (wire == wire_format::text) {
        append_copy_text(out, text);
    } else {
        append_binary_text(out, text);
    }
}

std::string number_json(const json_value& v) {
    char buf[32];
    std::to_chars_result r{};
    switch (v.kind) {
        case json_value::int64: r = std::to_chars(buf, buf + sizeof buf, v.i); break;
        case json_value::uint64: r = std::to_chars(buf, buf + sizeof buf, v.u); break;
        default: r = std::to_chars(buf, buf + sizeof buf, v.d); break;
    }
    return std::string(buf, r.ptr);
}

// SUPER as PostgreSQL jsonb. From JSON input the value itself (an object or array as its JSON text, a string as a
// JSON string); from CSV and text input the field is serialized JSON (ingest-super: "Valid JSON formatting is
// required"), else 1224.
conversion_error convert_super(const json_value& v, const conversion_settings& st, std::string& out) {
    std::string json;
    switch (v.kind) {
        case json_value::composite: json.assign(v.text); break;
        case json_value::boolean: json = v.b ? "true" : "false"; break;
        case json_value::int64:
        case json_value::uint64:
        case json_value::floating: json = number_json(v); break;
        case json_value::string:
            if (!st.super_text_is_json) {
                json = "\"" + json_escape(v.text) + "\"";
                break;
            }
            {
                const std::string_view text = trim(v.text);
                simdjson::dom::parser parser;
                if (parser.parse(text.data(), text.size(), true).error() != simdjson::SUCCESS)
                    return fail(error_code::malformed_json, "not valid JSON for a SUPER column");
                json.assign(text);
            }
            break;
        default: return fail(error_code::invalid_data_type, "not a SUPER value");
    }
    if (json.size() > super_max_bytes) return fail(error_code::out_of_range, "value exceeds SUPER's 16 MB");
    if (json.find("\\u0000") != std::string::npos)
        return fail(error_code::malformed_json, "\\u0000 in a SUPER value (not storable in PostgreSQL jsonb)");
    if (st.wire == wire_format::text) {
        append_copy_text(out, json);
    } else {
        append_be32(out, static_cast<std::uint32_t>(json.size() + 1));
        out += '\1';  // jsonb binary format version
        out += json;
    }
    return {};
}

int hex_digit(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// VARBYTE from its hexadecimal text (copy-usage-varbyte); longer than VARBYTE(n) is 1204 (TRUNCATECOLUMNS applies
// to CHAR and VARCHAR only).
conversion_error convert_varbyte(const json_value& v, const sql_type& type, wire_format wire, std::string& out) {
    if (v.kind != json_value::string) return fail(error_code::invalid_data_type, "VARBYTE input is hexadecimal text");
    const std::string_view hex = trim(v.text);
    if (hex.size() % 2 != 0) return fail(error_code::invalid_data_type, "odd number of hexadecimal digits for VARBYTE");
    std::string bytes;
    bytes.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int hi = hex_digit(hex[i]);
        const int lo = hex_digit(hex[i + 1]);
        if (hi < 0 || lo < 0) return fail(error_code::invalid_data_type, "not a hexadecimal digit for VARBYTE");
        bytes += static_cast<char>(hi * 16 + lo);
    }
    if (bytes.size() > type.length)
        return fail(error_code::out_of_range,
                    std::to_string(bytes.size()) + " bytes exceed " + to_sql(type));
    if (wire == wire_format::binary) {
        append_binary_text(out, bytes);
    } else {
        std::string text = "\\x";
        text.reserve(2 + hex.size());
        for (char c : hex) text += ascii_lower(c);
        append_copy_text(out, text);
    }
    return {};
}

bool digits(std::string_view s, std::size_t& i, std::size_t n, int& value) {
    if (i + n > s.size()) return false;
    value = 0;
    for (std::size_t k = 0; k < n; ++k) {
        const char c = s[i + k];
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    i += n;
    return true;
}

void append_two(std::string& out, int v) {
    out += static_cast<char>('0' + v / 10);
    out += static_cast<char>('0' + v % 10);
}

// "HH:MM:SS[.ffffff]" and for TIMETZ "+HH[:MM]".
void append_time_text(std::string& out, std::int64_t micros, std::optional<int> offset) {
    std::string text;
    const auto seconds = micros / 1000000;
    append_two(text, static_cast<int>(seconds / 3600));
    text += ':';
    append_two(text, static_cast<int>(seconds / 60 % 60));
    text += ':';
    append_two(text, static_cast<int>(seconds % 60));
    if (const auto frac = micros % 1000000; frac != 0) {
        std::string f = std::to_string(frac);
        f.insert(0, 6 - f.size(), '0');
        while (f.back() == '0') f.pop_back();
        text += '.' + f;
    }
    if (offset) {
        const int off = *offset < 0 ? -*offset : *offset;
        text += *offset < 0 ? '-' : '+';
        append_two(text, off / 3600);
        text += ':';
        append_two(text, off / 60 % 60);
    }
    out += text;
}

// TIME and TIMETZ: a time of day, or a timestamp TIMEFORMAT reads (its time part). A TIMETZ without a zone is UTC
// (the session time zone, c_Supported_data_types); TIME keeps the wall-clock time and ignores a zone.
conversion_error convert_time(const json_value& v, const sql_type& type, const conversion_settings& st,
                              std::string& out) {
    if (v.kind != json_value::string) return fail(error_code::timestamp_format, "not a time of day");
    std::int64_t micros = 0;
    int offset = 0;
    bool zone = false;
    if (!parse_time_of_day(v.text, micros, offset, zone)) {
        civil_time t;
        if (!st.timeformat.parse_text(v.text, t)) return fail(error_code::timestamp_format, "not a time of day");
        micros = ((t.hour * 60LL + t.minute) * 60 + t.second) * 1000000LL + t.microsecond;
        offset = t.offset_seconds.value_or(0);
    }
    const bool tz = type.kind == type_kind::timetz;
    if (st.wire == wire_format::binary) {
        append_be32(out, tz ? 12 : 8);
        append_be64(out, static_cast<std::uint64_t>(micros));
        if (tz) append_be32(out, static_cast<std::uint32_t>(-offset));  // PostgreSQL keeps seconds west of UTC
    } else {
        append_time_text(out, micros, tz ? std::optional<int>(offset) : std::nullopt);
    }
    return {};
}

// GEOMETRY, GEOGRAPHY, HLLSKETCH: the text as loaded (hexadecimal EWKB or WKT; a sketch's JSON or base64 form).
conversion_error convert_opaque(const json_value& v, const sql_type& type, wire_format wire, std::string& out) {
    if (v.kind != json_value::string && !(v.kind == json_value::composite && type.kind == type_kind::hllsketch))
        return fail(error_code::invalid_data_type, "not a " + to_sql(type.kind) + " value");
    const std::size_t limit = type.kind == type_kind::hllsketch ? hllsketch_max_bytes : spatial_max_bytes;
    if (v.text.size() > limit)
        return fail(error_code::out_of_range, "value exceeds " + to_sql(type.kind) + "'s " + std::to_string(limit) +
                                                  " bytes");
    if (v.text.find('\0') != std::string_view::npos)
        return fail(error_code::invalid_utf8, "NUL character in a " + to_sql(type.kind) + " value");
    append_field(v.text, wire, out);
    return {};
}

}  // namespace

bool is_extended(type_kind k) noexcept {
    return k == type_kind::time || k == type_kind::timetz || k == type_kind::varbyte || k == type_kind::super ||
           k == type_kind::geometry || k == type_kind::geography || k == type_kind::hllsketch;
}

bool parse_time_of_day(std::string_view text, std::int64_t& micros, int& offset_seconds, bool& has_zone) {
    const std::string_view s = trim(text);
    std::size_t i = 0;
    int h = 0, m = 0, sec = 0;
    if (!digits(s, i, 2, h) && !(i = 0, digits(s, i, 1, h))) return false;
    if (i >= s.size() || s[i] != ':') return false;
    ++i;
    if (!digits(s, i, 2, m)) return false;
    std::int64_t frac = 0;
    if (i < s.size() && s[i] == ':') {
        ++i;
        if (!digits(s, i, 2, sec)) return false;
        if (i < s.size() && s[i] == '.') {
            ++i;
            std::size_t n = 0;
            for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++n)
                if (n < 6) frac = frac * 10 + (s[i] - '0');  // more than six digits: truncated
            if (n == 0) return false;
            for (; n < 6; ++n) frac *= 10;
        }
    }
    if (h > 24 || m > 59 || sec > 59 || (h == 24 && (m != 0 || sec != 0 || frac != 0))) return false;
    micros = ((h * 60LL + m) * 60 + sec) * 1000000LL + frac;
    offset_seconds = 0;
    has_zone = false;
    if (i < s.size() && s[i] == ' ') ++i;
    const std::string_view zone = s.substr(i);
    if (zone.empty()) return true;
    has_zone = true;
    if (zone == "Z" || iequals(zone, "utc") || iequals(zone, "gmt")) return true;
    if (zone[0] != '+' && zone[0] != '-') return false;
    std::size_t j = 1;
    int oh = 0, om = 0;
    if (!digits(zone, j, 2, oh)) return false;
    if (j < zone.size() && zone[j] == ':') ++j;
    if (j < zone.size() && !digits(zone, j, 2, om)) return false;
    if (j != zone.size() || oh > 15 || om > 59) return false;
    offset_seconds = (oh * 60 + om) * 60 * (zone[0] == '-' ? -1 : 1);
    return true;
}

conversion_error convert_extended(const json_value& v, const sql_type& type, const conversion_settings& settings,
                                  std::string& out, bool& is_null) {
    if (v.kind == json_value::string && v.text.empty()) {
        is_null = true;  // "Empty strings for other data types, such as INT, are always loaded with NULL."
        return {};
    }
    switch (type.kind) {
        case type_kind::super: return convert_super(v, settings, out);
        case type_kind::varbyte: return convert_varbyte(v, type, settings.wire, out);
        case type_kind::time:
        case type_kind::timetz: return convert_time(v, type, settings, out);
        default: return convert_opaque(v, type, settings.wire, out);
    }
}

}  // namespace starshift::copy
