#include "starshift/copy/value_converter.hpp"

#include <cctype>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <limits>

#include "starshift/common/calendar.hpp"
#include "starshift/common/text.hpp"
#include "starshift/copy/detail/copy_text.hpp"
#include "starshift/copy/detail/extended_types.hpp"
#include "starshift/copy/reject.hpp"

namespace starshift::copy {

namespace {

bool is_blank(std::string_view s) noexcept {
    for (char c : s) {
        if (std::isspace(static_cast<unsigned char>(c)) == 0) {
            return false;
        }
    }
    return true;
}

conversion_error fail(int code, std::string reason) { return {code, std::move(reason)}; }

void append_int(std::string& out, std::int64_t v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

// Shortest text that reads back as the same double (so float8in on the server gets the parser's value).
void append_double(std::string& out, double d) {
    // Fast path: an integral value below 1e15 whose last digit is not 0 prints as that integer (any shorter digit
    // string would name another integer, and the fixed form is shorter than the exponent form), as to_chars would.
    if (d > -1e15 && d < 1e15) {
        const auto i = static_cast<std::int64_t>(d);
        if (static_cast<double>(i) == d && i % 10 != 0) {
            append_int(out, i);
            return;
        }
    }
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, d);
    out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

// The text of a JSON number (for VARCHAR and DECIMAL): exact for integers, shortest round-trip for doubles.
std::string_view number_text(const json_value& v, std::string& scratch) {
    scratch.clear();
    switch (v.kind) {
        case json_value::int64: append_int(scratch, v.i); break;
        case json_value::uint64: {
            char buf[24];
            auto r = std::to_chars(buf, buf + sizeof buf, v.u);
            scratch.append(buf, static_cast<std::size_t>(r.ptr - buf));
            break;
        }
        case json_value::floating: append_double(scratch, v.d); break;
        default: break;
    }
    return scratch;
}

std::pair<std::int64_t, std::int64_t> int_range(type_kind k) {
    switch (k) {
        case type_kind::smallint: return {-32768, 32767};
        case type_kind::integer: return {std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()};
        default: return {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()};
    }
}

// An in-range integer in the column's text or binary form.
void emit_integer(std::int64_t value, type_kind k, wire_format wire, std::string& out) {
    if (wire == wire_format::text) {
        append_int(out, value);
    } else if (k == type_kind::smallint) {
        append_binary_int16(out, static_cast<std::int16_t>(value));
    } else if (k == type_kind::integer) {
        append_binary_int32(out, static_cast<std::int32_t>(value));
    } else {
        append_binary_int64(out, value);
    }
}

// The REAL the server's float4in makes of the shortest round-trip text of `d` (what the text format sends).
float real_from_double(double d) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, d);
    float f = 0;
    (void)std::from_chars(buf, r.ptr, f);
    return f;
}

// A double (already checked against REAL's range for REAL columns) in the column's text or binary form.
void emit_double(double d, type_kind k, wire_format wire, std::string& out) {
    if (wire == wire_format::text) {
        append_double(out, d);
    } else if (k == type_kind::real) {
        append_binary_float4(out, real_from_double(d));
    } else {
        append_binary_float8(out, d);
    }
}

conversion_error convert_integer(const json_value& v, type_kind k, wire_format wire, std::string& out) {
    const auto [lo, hi] = int_range(k);
    std::int64_t value = 0;
    switch (v.kind) {
        case json_value::int64: value = v.i; break;
        case json_value::uint64: return fail(error_code::out_of_range, "integer out of range for " + to_sql(k));
        case json_value::floating:
            if (std::trunc(v.d) != v.d) {
                return fail(error_code::invalid_digit, "number with a fractional part for an integer column");
            }
            if (v.d < -9.2233720368547758e18 || v.d >= 9.2233720368547758e18) {
                return fail(error_code::out_of_range, "integer out of range for " + to_sql(k));
            }
            value = static_cast<std::int64_t>(v.d);
            break;
        case json_value::string: {
            std::string_view s = trim_space(v.text);
            const char* b = s.data();
            const char* e = b + s.size();
            if (b != e && *b == '+') {
                ++b;
            }
            if (b == e || (*b == '-' && b + 1 == e)) {
                return fail(error_code::invalid_digit, "invalid digit");
            }
            for (const char* p = (*b == '-' ? b + 1 : b); p < e; ++p) {
                if (*p < '0' || *p > '9') {
                    return fail(error_code::invalid_digit, std::string("invalid digit, value '") + *p + "'");
                }
            }
            auto r = std::from_chars(b, e, value);
            if (r.ec != std::errc()) {
                return fail(error_code::out_of_range, "integer out of range for " + to_sql(k));
            }
            break;
        }
        default: return fail(error_code::invalid_data_type, "not a number");
    }
    if (value < lo || value > hi) {
        return fail(error_code::out_of_range, "integer out of range for " + to_sql(k));
    }
    emit_integer(value, k, wire, out);
    return {};
}

conversion_error convert_float(const json_value& v, type_kind k, wire_format wire, std::string& out) {
    double d = 0;
    switch (v.kind) {
        case json_value::int64:
            if (wire == wire_format::text) {
                append_int(out, v.i);
            } else if (k == type_kind::real) {
                append_binary_float4(out, static_cast<float>(v.i));  // correctly rounded, as float4in of the digits
            } else {
                append_binary_float8(out, static_cast<double>(v.i));
            }
            return {};
        case json_value::uint64:
            return convert_float(json_value{json_value::floating, {}, 0, 0, static_cast<double>(v.u), false}, k, wire,
                                 out);
        case json_value::floating: d = v.d; break;
        case json_value::string: {
            std::string_view s = trim_space(v.text);
            std::string_view body = s;
            if (!body.empty() && body.front() == '+') {
                body.remove_prefix(1);
            }
            auto r = std::from_chars(body.data(), body.data() + body.size(), d);
            if (body.empty() || r.ptr != body.data() + body.size()) {
                return fail(error_code::float_format, "not a floating-point number");
            }
            if (r.ec == std::errc::result_out_of_range) {
                return fail(error_code::out_of_range, "floating-point value out of range");
            }
            if (k == type_kind::real && std::isfinite(d) && std::fabs(d) > FLT_MAX) {
                return fail(error_code::out_of_range, "value out of range for REAL");
            }
            if (wire == wire_format::text) {
                out.append(body);  // the server parses the text itself, exactly as written
            } else if (k == type_kind::real) {
                float f = 0;  // parsed as float4in would: the text straight to the nearest float
                const auto rf = std::from_chars(body.data(), body.data() + body.size(), f);
                if (rf.ec == std::errc::result_out_of_range) {
                    return fail(error_code::out_of_range, "value out of range for REAL");
                }
                append_binary_float4(out, f);
            } else {
                append_binary_float8(out, d);
            }
            return {};
        }
        default: return fail(error_code::invalid_data_type, "not a number");
    }
    if (k == type_kind::real && std::fabs(d) > FLT_MAX) {
        return fail(error_code::out_of_range, "value out of range for REAL");
    }
    emit_double(d, k, wire, out);
    return {};
}

void emit_boolean(bool b, wire_format wire, std::string& out) {
    if (wire == wire_format::text) {
        out += b ? 't' : 'f';
    } else {
        append_binary_bool(out, b);
    }
}

conversion_error convert_boolean(const json_value& v, wire_format wire, std::string& out) {
    switch (v.kind) {
        case json_value::boolean: emit_boolean(v.b, wire, out); return {};
        case json_value::int64:
            if (v.i == 0 || v.i == 1) {
                emit_boolean(v.i == 1, wire, out);
                return {};
            }
            return fail(error_code::boolean_format, "not a BOOLEAN literal");
        case json_value::string: {
            const std::string low = ascii_lower(trim_space(v.text));
            if (low == "t" || low == "true" || low == "y" || low == "yes" || low == "1" || low == "on") {
                emit_boolean(true, wire, out);
                return {};
            }
            if (low == "f" || low == "false" || low == "n" || low == "no" || low == "0" || low == "off") {
                emit_boolean(false, wire, out);
                return {};
            }
            return fail(error_code::boolean_format, "not a BOOLEAN literal");
        }
        default: return fail(error_code::boolean_format, "not a BOOLEAN literal");
    }
}

// Largest prefix of s (<= max bytes) that ends on a UTF-8 character boundary.
std::string_view truncate_utf8(std::string_view s, std::size_t max) { return cut_utf8(s, max); }

conversion_error convert_character(const json_value& v, const sql_type& type, const conversion_settings& st,
                                   std::string& out, std::string& scratch, bool& is_null) {
    std::string_view text;
    switch (v.kind) {
        case json_value::string: text = v.text; break;
        case json_value::composite: text = v.text; break;
        case json_value::boolean: text = v.b ? "true" : "false"; break;
        default: text = number_text(v, scratch); break;
    }
    if (v.kind == json_value::string) {
        if (text.empty() && st.emptyasnull) {
            is_null = true;
            return {};
        }
        if (st.blanksasnull && is_blank(text)) {
            is_null = true;
            return {};
        }
        if (st.trimblanks && type.kind == type_kind::varchar) {
            // TRIMBLANKS (copy-parameters-data-conversion): VARCHAR only, after the NULL rules
            while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
                text.remove_suffix(1);
            }
        }
        if (text.find('\0') != std::string_view::npos) {
            if (!st.acceptinvchars) {
                return fail(error_code::invalid_utf8, "NUL character in string (not storable in PostgreSQL)");
            }
            if (text.data() != scratch.data()) {
                scratch.assign(text);
            }
            std::string replaced;
            for (char c : scratch) {
                if (c == '\0') {
                    replaced += *st.acceptinvchars;
                } else {
                    replaced += c;
                }
            }
            scratch = std::move(replaced);
            text = scratch;
        }
    }
    if (type.kind == type_kind::char_) {
        for (char c : text) {
            if ((static_cast<unsigned char>(c) & 0x80U) != 0) {
                return fail(error_code::char_field, "multi-byte character in a CHAR column");
            }
        }
    }
    const std::size_t limit = type.length == 0 ? 256 : type.length;
    if (text.size() > limit) {
        if (!st.truncatecolumns) {
            return fail(error_code::out_of_range,
                        "string length " + std::to_string(text.size()) + " exceeds " + to_sql(type) + " (bytes)");
        }
        text = truncate_utf8(text, limit);
    }
    if (st.wire == wire_format::text) {
        append_copy_text(out, text);
    } else {
        append_binary_text(out, text);
    }
    return {};
}

conversion_error convert_datetime(const json_value& v, const sql_type& type, const conversion_settings& st,
                                  std::string& out, bool& is_null) {
    const bool date = type.kind == type_kind::date;
    const time_format& f = date ? st.dateformat : st.timeformat;
    const int code = date ? error_code::date_format : error_code::timestamp_format;
    civil_time t;
    bool ok = false;
    switch (v.kind) {
        case json_value::string:
            if (trim_space(v.text).empty()) {
                is_null = true;
                return {};
            }
            ok = f.parse_text(v.text, t);
            break;
        case json_value::int64:
            ok = f.is_epoch() && f.from_epoch(v.i, t);
            break;
        case json_value::uint64:
            ok = false;
            break;
        case json_value::floating:
            ok = f.is_epoch() && f.from_epoch(v.d, t);
            break;
        default:
            return fail(code, date ? "not a date" : "not a timestamp");
    }
    if (!ok && st.acceptanydate) {
        is_null = true;  // ACCEPTANYDATE: "Amazon Redshift inserts a NULL value into that field"
        return {};
    }
    if (!ok) {
        if (v.kind != json_value::string && !f.is_epoch()) {
            return fail(code, "a JSON number needs TIMEFORMAT 'epochsecs' or 'epochmillisecs'");
        }
        return fail(code, date ? "date does not match DATEFORMAT" : "timestamp does not match TIMEFORMAT");
    }
    if (st.wire == wire_format::binary) {
        if (date) {
            append_binary_date(out, days_from_civil(t.year, t.month, t.day));
        } else {
            append_binary_timestamp(out, micros_since_epoch(t, type.kind == type_kind::timestamptz));
        }
    } else if (date) {
        append_date(out, t);
    } else {
        append_timestamp(out, t, type.kind == type_kind::timestamptz);
    }
    return {};
}

}  // namespace

conversion_settings conversion_settings::from_spec(const copy_spec& spec) {
    conversion_settings s;
    s.truncatecolumns = spec.truncatecolumns;
    s.trimblanks = spec.trimblanks;
    s.blanksasnull = spec.blanksasnull;
    s.emptyasnull = spec.emptyasnull;
    s.roundec = spec.roundec;
    s.acceptanydate = spec.acceptanydate;
    s.acceptinvchars = spec.acceptinvchars;
    if (s.acceptinvchars && s.acceptinvchars->empty()) {
        s.acceptinvchars = "?";
    }
    s.timeformat = time_format::parse(spec.timeformat, false);
    s.dateformat = time_format::parse(spec.dateformat, true);
    const copy_format_kind k = spec.format.kind;
    s.super_text_is_json = k != copy_format_kind::json_auto && k != copy_format_kind::json_auto_ignorecase &&
                           k != copy_format_kind::json_paths;
    return s;
}

bool decimal_parts(std::string_view text, int precision, int scale, bool round, bool& negative, std::string& int_part,
                   std::string& frac, int& code) {
    std::string_view s = trim_space(text);
    bool neg = false;
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
        neg = s.front() == '-';
        s.remove_prefix(1);
    }
    std::string digits;  // all significant digits, integer part then fraction
    long point = 0;      // digits before the decimal point
    bool seen_point = false;
    bool any = false;
    std::size_t i = 0;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (c >= '0' && c <= '9') {
            digits += c;
            any = true;
            if (!seen_point) {
                ++point;
            }
        } else if (c == '.' && !seen_point) {
            seen_point = true;
        } else {
            break;
        }
    }
    if (!any) {
        code = error_code::decimal_format;
        return false;
    }
    if (i < s.size()) {
        if (s[i] != 'e' && s[i] != 'E') {
            code = error_code::decimal_format;
            return false;
        }
        long e = 0;
        const char* b = s.data() + i + 1;
        const char* en = s.data() + s.size();
        if (b != en && *b == '+') {
            ++b;
        }
        auto r = std::from_chars(b, en, e);
        if (r.ec != std::errc() || r.ptr != en || e > 1000 || e < -1000) {
            code = error_code::decimal_format;
            return false;
        }
        point += e;
    }
    // integer part digits: digits[0, point); fraction: digits[point, …) with implicit zeros
    auto digit_at = [&](long k) -> int {
        if (k < 0 || k >= static_cast<long>(digits.size())) {
            return 0;
        }
        return digits[static_cast<std::size_t>(k)] - '0';
    };
    int_part.clear();
    frac.clear();
    for (long k = 0; k < point; ++k) {
        int_part += static_cast<char>('0' + digit_at(k));
    }
    for (long k = point; k < point + scale; ++k) {
        frac += static_cast<char>('0' + digit_at(k));
    }
    if (round && digit_at(point + scale) >= 5) {
        // round half away from zero: add one unit in the last place
        std::string all = int_part + frac;
        if (all.empty()) {
            all = "0";
        }
        long k = static_cast<long>(all.size()) - 1;
        while (k >= 0) {
            if (all[static_cast<std::size_t>(k)] == '9') {
                all[static_cast<std::size_t>(k)] = '0';
                --k;
            } else {
                ++all[static_cast<std::size_t>(k)];
                break;
            }
        }
        if (k < 0) {
            all.insert(all.begin(), '1');
        }
        int_part = all.substr(0, all.size() - static_cast<std::size_t>(scale));
        frac = all.substr(all.size() - static_cast<std::size_t>(scale));
    }
    std::size_t lead = 0;
    while (lead < int_part.size() && int_part[lead] == '0') {
        ++lead;
    }
    int_part.erase(0, lead);
    if (static_cast<int>(int_part.size()) > precision - scale) {
        code = error_code::out_of_range;
        return false;
    }
    bool zero = int_part.empty();
    for (char c : frac) {
        zero = zero && c == '0';
    }
    negative = neg && !zero;
    return true;
}

bool decimal_from_text(std::string_view text, int precision, int scale, bool round, std::string& out, int& code) {
    bool negative = false;
    std::string int_part;
    std::string frac;
    if (!decimal_parts(text, precision, scale, round, negative, int_part, frac, code)) {
        return false;
    }
    if (negative) {
        out += '-';
    }
    out += int_part.empty() ? "0" : int_part;
    if (scale > 0) {
        out += '.';
        out += frac;
    }
    return true;
}

conversion_error convert_value(const json_value& v, const sql_type& type, bool not_null,
                               const conversion_settings& settings, std::string& out, std::string& scratch) {
    bool is_null = v.kind == json_value::missing || v.kind == json_value::null;
    conversion_error err;
    const std::size_t mark = out.size();
    if (!is_null) {
        if (is_character(type.kind)) {
            err = convert_character(v, type, settings, out, scratch, is_null);
        } else if (is_extended(type.kind)) {
            err = convert_extended(v, type, settings, out, is_null);
        } else if (v.kind == json_value::string && is_blank(v.text)) {
            // "Empty fields for other data types, such as INT, are always loaded with NULL", and so are blank ones
            // (copy-parameters-data-conversion, EMPTYASNULL and BLANKSASNULL).
            is_null = true;
        } else if (v.kind == json_value::composite) {
            err = fail(error_code::invalid_data_type, "a JSON object or array cannot load into " + to_sql(type));
        } else {
            switch (type.kind) {
                case type_kind::smallint:
                case type_kind::integer:
                case type_kind::bigint: err = convert_integer(v, type.kind, settings.wire, out); break;
                case type_kind::real:
                case type_kind::double_precision: err = convert_float(v, type.kind, settings.wire, out); break;
                case type_kind::decimal: {
                    if (v.kind == json_value::boolean) {
                        err = fail(error_code::decimal_format, "not a number");
                        break;
                    }
                    const std::string_view text = v.kind == json_value::string ? v.text : number_text(v, scratch);
                    int code = 0;
                    bool ok = false;
                    if (settings.wire == wire_format::text) {
                        ok = decimal_from_text(text, type.precision, type.scale, settings.roundec, out, code);
                    } else {
                        bool negative = false;
                        std::string int_digits;
                        std::string frac_digits;
                        ok = decimal_parts(text, type.precision, type.scale, settings.roundec, negative, int_digits,
                                           frac_digits, code);
                        if (ok) {
                            append_binary_numeric(out, negative, int_digits, frac_digits);
                        }
                    }
                    if (!ok) {
                        err = fail(code, code == error_code::out_of_range
                                             ? "numeric overflow for " + to_sql(type)
                                             : std::string("not a DECIMAL number"));
                    }
                    break;
                }
                case type_kind::boolean: err = convert_boolean(v, settings.wire, out); break;
                case type_kind::date:
                case type_kind::timestamp:
                case type_kind::timestamptz: err = convert_datetime(v, type, settings, out, is_null); break;
                default: err = fail(error_code::invalid_data_type, "unsupported column type"); break;
            }
        }
    }
    if (err.code != 0) {
        out.resize(mark);
        return err;
    }
    if (is_null) {
        out.resize(mark);
        if (not_null) {
            return fail(error_code::not_null, "NULL or missing value for a NOT NULL column");
        }
        if (settings.wire == wire_format::text) {
            append_copy_null(out);
        } else {
            append_binary_null(out);
        }
    }
    return {};
}

}  // namespace starshift::copy
