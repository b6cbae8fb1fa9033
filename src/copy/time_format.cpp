#include "starshift/copy/time_format.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

#include "starshift/common/calendar.hpp"
#include "starshift/common/text.hpp"
#include "starshift/copy/reject.hpp"

namespace starshift::copy {

namespace {

// Sets t's date to the one `days` after 1970-01-01.
void set_date(civil_time& t, std::int64_t days) noexcept {
    const civil_date d = civil_from_days(days);
    t.year = d.year;
    t.month = d.month;
    t.day = d.day;
}

constexpr std::string_view month_names[12] = {"january", "february", "march",     "april",   "may",      "june",
                                              "july",    "august",   "september", "october", "november", "december"};

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

bool iequal_prefix(std::string_view s, std::size_t pos, std::string_view word) noexcept {
    if (s.size() - pos < word.size()) {
        return false;
    }
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (ascii_lower(s[pos + i]) != word[i]) {
            return false;
        }
    }
    return true;
}


// Reads 1..max_digits digits at s[pos].
bool read_int(std::string_view s, std::size_t& pos, std::size_t max_digits, std::int64_t& out) {
    std::size_t n = 0;
    std::int64_t v = 0;
    while (pos < s.size() && n < max_digits && is_digit(s[pos])) {
        v = v * 10 + (s[pos] - '0');
        ++pos;
        ++n;
    }
    out = v;
    return n > 0;
}
bool read_int(std::string_view s, std::size_t& pos, std::size_t max_digits, int& out) {
    std::int64_t v = 0;
    const bool ok = read_int(s, pos, max_digits, v);
    out = static_cast<int>(v);
    return ok;
}

// ".123456" (or ",123") after seconds: microseconds, extra digits truncated.
void read_fraction(std::string_view s, std::size_t& pos, int& micro) {
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',') && pos + 1 < s.size() && is_digit(s[pos + 1])) {
        ++pos;
        int v = 0;
        int n = 0;
        while (pos < s.size() && is_digit(s[pos])) {
            if (n < 6) {
                v = v * 10 + (s[pos] - '0');
                ++n;
            }
            ++pos;
        }
        while (n < 6) {
            v *= 10;
            ++n;
        }
        micro = v;
    }
}

bool read_month_name(std::string_view s, std::size_t& pos, int& month) {
    for (int m = 0; m < 12; ++m) {
        const std::string_view full = month_names[m];
        if (iequal_prefix(s, pos, full)) {
            pos += full.size();
            month = m + 1;
            return true;
        }
    }
    for (int m = 0; m < 12; ++m) {
        const std::string_view abbr = month_names[m].substr(0, 3);
        if (iequal_prefix(s, pos, abbr)) {
            pos += 3;
            month = m + 1;
            return true;
        }
    }
    return false;
}

// Z, UTC, GMT, +HH, +H, +HHMM, +HH:MM, +H:MM (optionally after one space).
bool read_zone(std::string_view s, std::size_t& pos, std::optional<int>& offset) {
    std::size_t p = pos;
    if (p < s.size() && s[p] == ' ') {
        ++p;
    }
    if (p >= s.size()) {
        return false;
    }
    if (s[p] == 'Z' || s[p] == 'z') {
        offset = 0;
        pos = p + 1;
        return true;
    }
    if (iequal_prefix(s, p, "utc") || iequal_prefix(s, p, "gmt")) {
        offset = 0;
        pos = p + 3;
        return true;
    }
    if (s[p] == '+' || s[p] == '-') {
        const int sign = s[p] == '-' ? -1 : 1;
        ++p;
        int hh = 0;
        int mm = 0;
        const std::size_t start = p;
        // One hour digit too: the default TIMESTAMPTZ format writes OF as "-8:00" (r_DATEFORMAT_and_TIMEFORMAT_strings)
        if (!read_int(s, p, 2, hh) || p - start == 0) {
            return false;
        }
        if (p < s.size() && s[p] == ':') {
            ++p;
        }
        if (p < s.size() && is_digit(s[p])) {
            const std::size_t ms = p;
            if (!read_int(s, p, 2, mm) || p - ms != 2) {
                return false;
            }
        }
        if (hh > 15 || mm > 59) {
            return false;
        }
        offset = sign * (hh * 3600 + mm * 60);
        pos = p;
        return true;
    }
    return false;
}

// HH:MI[:SS[.ffffff]]
bool read_clock(std::string_view s, std::size_t& pos, civil_time& t) {
    std::size_t p = pos;
    if (!read_int(s, p, 2, t.hour) || p >= s.size() || s[p] != ':') {
        return false;
    }
    ++p;
    if (!read_int(s, p, 2, t.minute)) {
        return false;
    }
    if (p < s.size() && s[p] == ':') {
        ++p;
        if (!read_int(s, p, 2, t.second)) {
            return false;
        }
        read_fraction(s, p, t.microsecond);
    }
    pos = p;
    return true;
}

bool finish(std::string_view s, std::size_t pos, civil_time& t) {
    // optional time and zone after a date
    if (pos < s.size() && (s[pos] == 'T' || s[pos] == 't' || s[pos] == ' ')) {
        std::size_t p = pos + 1;
        while (p < s.size() && s[p] == ' ') {
            ++p;
        }
        if (read_clock(s, p, t)) {
            pos = p;
        }
    }
    read_zone(s, pos, t.offset_seconds);
    return pos == s.size() && valid_civil(t);
}

}  // namespace

bool valid_civil(const civil_time& t) noexcept {
    if (t.year < 1 || t.year > 294276 || t.month < 1 || t.month > 12 || t.day < 1) {
        return false;
    }
    return t.day <= days_in_month(t.year, t.month) && t.hour >= 0 && t.hour <= 23 && t.minute >= 0 && t.minute <= 59 && t.second >= 0 &&
           t.second <= 59 && t.microsecond >= 0 && t.microsecond <= 999999;
}

bool parse_auto_time(std::string_view text, civil_time& t) {
    const std::string_view s = trim_space(text);
    t = civil_time{};
    if (s.empty()) {
        return false;
    }
    std::size_t pos = 0;
    // Julian day: J2451187
    if (s[0] == 'J' || s[0] == 'j') {
        pos = 1;
        std::int64_t jd = 0;
        if (!read_int(s, pos, 9, jd) || jd < 1721426) {
            return false;
        }
        set_date(t, jd - 2440588);
        return finish(s, pos, t);
    }
    // month name first: "Nov 1, 2018" / "November 01 2018"
    if (std::isalpha(static_cast<unsigned char>(s[0])) != 0) {
        if (!read_month_name(s, pos, t.month)) {
            return false;
        }
        while (pos < s.size() && (s[pos] == ' ' || s[pos] == '-' || s[pos] == '.')) {
            ++pos;
        }
        if (!read_int(s, pos, 2, t.day)) {
            return false;
        }
        if (pos < s.size() && s[pos] == ',') {
            ++pos;
        }
        while (pos < s.size() && (s[pos] == ' ' || s[pos] == '-')) {
            ++pos;
        }
        if (!read_int(s, pos, 4, t.year)) {
            return false;
        }
        return finish(s, pos, t);
    }
    std::size_t digits = 0;
    while (digits < s.size() && is_digit(s[digits])) {
        ++digits;
    }
    if (digits == 8 || digits == 6) {
        // YYYYMMDD[ HHMISS] or YYMMDD HHMISS
        const std::size_t ylen = digits == 8 ? 4 : 2;
        read_int(s, pos, ylen, t.year);
        if (ylen == 2) {
            t.year += t.year < 70 ? 2000 : 1900;
        }
        read_int(s, pos, 2, t.month);
        read_int(s, pos, 2, t.day);
        if (pos < s.size() && (s[pos] == ' ' || s[pos] == 'T')) {
            std::size_t p = pos + 1;
            std::size_t n = 0;
            while (p + n < s.size() && is_digit(s[p + n])) {
                ++n;
            }
            if (n == 6) {
                read_int(s, p, 2, t.hour);
                read_int(s, p, 2, t.minute);
                read_int(s, p, 2, t.second);
                read_fraction(s, p, t.microsecond);
                pos = p;
            }
        }
        return finish(s, pos, t);
    }
    if (digits >= 1 && digits <= 2 && pos + digits < s.size()) {
        // "1 Nov 2018" / "01-Nov-2018", or MM/DD/YYYY
        read_int(s, pos, 2, t.day);
        const char sep = s[pos];
        if (sep == ' ' || sep == '-') {
            std::size_t p = pos + 1;
            if (p < s.size() && std::isalpha(static_cast<unsigned char>(s[p])) != 0) {
                if (!read_month_name(s, p, t.month) || p >= s.size() || (s[p] != ' ' && s[p] != '-')) {
                    return false;
                }
                ++p;
                if (!read_int(s, p, 4, t.year)) {
                    return false;
                }
                return finish(s, p, t);
            }
        }
        if (sep == '/' || sep == '-' || sep == '.') {
            // MM/DD/YYYY (US order, as Redshift's default DateStyle MDY)
            t.month = t.day;
            std::size_t p = pos + 1;
            if (!read_int(s, p, 2, t.day) || p >= s.size() || s[p] != sep) {
                return false;
            }
            ++p;
            if (!read_int(s, p, 4, t.year)) {
                return false;
            }
            return finish(s, p, t);
        }
        return false;
    }
    if (digits != 4) {
        return false;
    }
    read_int(s, pos, 4, t.year);
    if (pos >= s.size()) {
        return false;
    }
    const char sep = s[pos];
    if (sep != '-' && sep != '/' && sep != '.') {
        return false;
    }
    ++pos;
    std::size_t n = 0;
    while (pos + n < s.size() && is_digit(s[pos + n])) {
        ++n;
    }
    if (sep == '.' && n == 3) {
        // YYYY.DDD (day of year)
        int doy = 0;
        read_int(s, pos, 3, doy);
        if (doy < 1 || doy > 366) {
            return false;
        }
        set_date(t, days_from_civil(t.year, 1, 1) + doy - 1);
        return finish(s, pos, t);
    }
    if (n == 0) {
        if (!read_month_name(s, pos, t.month)) {
            return false;
        }
    } else if (!read_int(s, pos, 2, t.month)) {
        return false;
    }
    if (pos >= s.size() || s[pos] != sep) {
        return false;
    }
    ++pos;
    if (!read_int(s, pos, 2, t.day)) {
        return false;
    }
    return finish(s, pos, t);
}

time_format time_format::parse(const std::optional<std::string>& spec, bool for_dates) {
    time_format f;
    std::string pattern;
    if (!spec || spec->empty()) {
        pattern = for_dates ? "YYYY-MM-DD" : "YYYY-MM-DD HH:MI:SS";
    } else if (*spec == "auto") {
        f.kind_ = time_format_kind::automatic;
        return f;
    } else if (*spec == "epochsecs") {
        f.kind_ = time_format_kind::epochsecs;
        return f;
    } else if (*spec == "epochmillisecs") {
        f.kind_ = time_format_kind::epochmillisecs;
        return f;
    } else {
        pattern = *spec;
    }
    const std::string up = ascii_upper(pattern);
    auto bad = [&](std::string_view why) {
        throw load_error("starshift.copy.bad_timeformat", "format '" + pattern + "': " + std::string(why));
    };
    std::size_t i = 0;
    auto take = [&](std::string_view w) {
        if (up.compare(i, w.size(), w) == 0) {
            i += w.size();
            return true;
        }
        return false;
    };
    while (i < up.size()) {
        token t;
        if (take("YYYY")) {
            t.kind = token::yyyy;
        } else if (take("YY")) {
            t.kind = token::yy;
        } else if (take("MONTH")) {
            t.kind = token::month;
        } else if (take("MON")) {
            t.kind = token::mon;
        } else if (take("MM")) {
            t.kind = token::mm;
        } else if (take("MI")) {
            t.kind = token::mi;
        } else if (take("DDD")) {
            t.kind = token::ddd;
        } else if (take("DD")) {
            t.kind = token::dd;
        } else if (take("HH24")) {
            t.kind = token::hh24;
        } else if (take("HH12")) {
            t.kind = token::hh12;
        } else if (take("HH")) {
            t.kind = token::hh24;  // in COPY, HH means HH24
        } else if (take("SS")) {
            t.kind = token::ss;
        } else if (take("AM") || take("PM")) {
            t.kind = token::ampm;
        } else if (take("TZ") || take("OF")) {
            bad("TZ/OF are not allowed in a COPY format (use 'auto' for zones)");
        } else if (std::isalpha(static_cast<unsigned char>(up[i])) != 0) {
            bad(std::string("unknown format element at '") + pattern.substr(i) + "'");
        } else {
            t.kind = token::literal;
            t.ch = up[i++];
        }
        if (for_dates && (t.kind == token::hh24 || t.kind == token::hh12 || t.kind == token::mi ||
                          t.kind == token::ss || t.kind == token::ampm)) {
            // DATEFORMAT ignores time parts: keep them so the text still matches, their values are dropped
        }
        f.tokens_.push_back(t);
    }
    return f;
}

bool time_format::from_epoch(std::int64_t value, civil_time& out) const {
    const std::int64_t per_sec = kind_ == time_format_kind::epochmillisecs ? 1000 : 1;
    const std::int64_t limit = 9223372036LL * 1000;  // keeps micro arithmetic in range
    if (value > limit || value < -limit) {
        return false;
    }
    std::int64_t secs = value / per_sec;
    std::int64_t rem = value % per_sec;
    if (rem < 0) {
        rem += per_sec;
        --secs;
    }
    const std::int64_t micros = rem * (1000000 / per_sec);
    std::int64_t days = secs / 86400;
    std::int64_t sod = secs % 86400;
    if (sod < 0) {
        sod += 86400;
        --days;
    }
    out = civil_time{};
    set_date(out, days);
    out.hour = static_cast<int>(sod / 3600);
    out.minute = static_cast<int>(sod % 3600 / 60);
    out.second = static_cast<int>(sod % 60);
    out.microsecond = static_cast<int>(micros);
    out.offset_seconds = 0;
    return valid_civil(out);
}

bool time_format::from_epoch(double value, civil_time& out) const {
    if (!std::isfinite(value)) {
        return false;
    }
    const double micros_per_unit = kind_ == time_format_kind::epochmillisecs ? 1000.0 : 1000000.0;
    const double total = std::floor(value * micros_per_unit);
    if (std::fabs(total) > 9.0e18) {
        return false;
    }
    const auto micros = static_cast<std::int64_t>(total);
    std::int64_t secs = micros / 1000000;
    std::int64_t rem = micros % 1000000;
    if (rem < 0) {
        rem += 1000000;
        --secs;
    }
    time_format as_secs;
    as_secs.kind_ = time_format_kind::epochsecs;
    if (!as_secs.from_epoch(secs, out)) {
        return false;
    }
    out.microsecond = static_cast<int>(rem);
    return true;
}

bool time_format::parse_text(std::string_view text, civil_time& out) const {
    const std::string_view s = trim_space(text);
    switch (kind_) {
        case time_format_kind::automatic:
            return parse_auto_time(s, out);
        case time_format_kind::epochsecs:
        case time_format_kind::epochmillisecs: {
            std::int64_t iv = 0;
            const char* b = s.data();
            const char* e = b + s.size();
            if (auto r = std::from_chars(b, e, iv); r.ec == std::errc() && r.ptr == e) {
                return from_epoch(iv, out);
            }
            double dv = 0;
            if (auto r = std::from_chars(b, e, dv, std::chars_format::fixed); r.ec == std::errc() && r.ptr == e) {
                return from_epoch(dv, out);
            }
            return false;
        }
        case time_format_kind::pattern:
            break;
    }
    out = civil_time{};
    bool pm = false;
    bool has_ampm = false;
    int doy = 0;
    std::size_t pos = 0;
    for (const token& t : tokens_) {
        switch (t.kind) {
            case token::literal:
                if (pos >= s.size()) {
                    return false;
                }
                if (t.ch == ' ') {
                    if (s[pos] != ' ' && s[pos] != 'T') {
                        return false;
                    }
                } else if (s[pos] != t.ch) {
                    return false;
                }
                ++pos;
                break;
            case token::yyyy:
                if (!read_int(s, pos, 4, out.year)) {
                    return false;
                }
                break;
            case token::yy:
                if (!read_int(s, pos, 2, out.year)) {
                    return false;
                }
                out.year += out.year < 70 ? 2000 : 1900;
                break;
            case token::mm:
                if (!read_int(s, pos, 2, out.month)) {
                    return false;
                }
                break;
            case token::mon:
            case token::month:
                if (!read_month_name(s, pos, out.month)) {
                    return false;
                }
                break;
            case token::dd:
                if (!read_int(s, pos, 2, out.day)) {
                    return false;
                }
                break;
            case token::ddd:
                if (!read_int(s, pos, 3, doy)) {
                    return false;
                }
                break;
            case token::hh24:
            case token::hh12:
                if (!read_int(s, pos, 2, out.hour)) {
                    return false;
                }
                break;
            case token::mi:
                if (!read_int(s, pos, 2, out.minute)) {
                    return false;
                }
                break;
            case token::ss:
                if (!read_int(s, pos, 2, out.second)) {
                    return false;
                }
                read_fraction(s, pos, out.microsecond);
                break;
            case token::ampm:
                has_ampm = true;
                if (iequal_prefix(s, pos, "pm") || iequal_prefix(s, pos, "am")) {
                    pm = ascii_lower(s[pos]) == 'p';
                    pos += 2;
                } else {
                    return false;
                }
                break;
        }
    }
    if (has_ampm) {
        if (out.hour < 1 || out.hour > 12) {
            return false;
        }
        out.hour = out.hour % 12 + (pm ? 12 : 0);
    }
    if (doy > 0) {
        set_date(out, days_from_civil(out.year, 1, 1) + doy - 1);
    }
    // trailing fraction or zone after the pattern (e.g. default format with ".796" or "Z") is accepted
    read_fraction(s, pos, out.microsecond);
    read_zone(s, pos, out.offset_seconds);
    return pos == s.size() && valid_civil(out);
}

namespace {
void append_2(std::string& out, int v) {
    out += static_cast<char>('0' + v / 10);
    out += static_cast<char>('0' + v % 10);
}
void append_year(std::string& out, std::int64_t y) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, y);
    const auto n = static_cast<std::size_t>(r.ptr - buf);
    for (std::size_t i = n; i < 4; ++i) {
        out += '0';
    }
    out.append(buf, n);
}
}  // namespace

void append_date(std::string& out, const civil_time& t) {
    append_year(out, t.year);
    out += '-';
    append_2(out, t.month);
    out += '-';
    append_2(out, t.day);
}

void append_timestamp(std::string& out, const civil_time& in, bool utc) {
    civil_time t = in;
    if (utc && t.offset_seconds && *t.offset_seconds != 0) {
        const std::int64_t secs = days_from_civil(t.year, t.month, t.day) * 86400 + t.hour * 3600 + t.minute * 60 +
                                  t.second - *t.offset_seconds;
        std::int64_t days = secs / 86400;
        std::int64_t sod = secs % 86400;
        if (sod < 0) {
            sod += 86400;
            --days;
        }
        set_date(t, days);
        t.hour = static_cast<int>(sod / 3600);
        t.minute = static_cast<int>(sod % 3600 / 60);
        t.second = static_cast<int>(sod % 60);
    }
    append_date(out, t);
    out += ' ';
    append_2(out, t.hour);
    out += ':';
    append_2(out, t.minute);
    out += ':';
    append_2(out, t.second);
    if (t.microsecond != 0) {
        char frac[7];
        int v = t.microsecond;
        for (int i = 5; i >= 0; --i) {
            frac[i] = static_cast<char>('0' + v % 10);
            v /= 10;
        }
        int n = 6;
        while (n > 1 && frac[n - 1] == '0') {
            --n;
        }
        out += '.';
        out.append(frac, static_cast<std::size_t>(n));
    }
    if (utc) {
        out += "+00";
    }
}

}  // namespace starshift::copy

namespace starshift::copy {

std::int64_t micros_since_epoch(const civil_time& t, bool utc) noexcept {
    std::int64_t secs = days_from_civil(t.year, t.month, t.day) * 86400 + t.hour * 3600 + t.minute * 60 + t.second;
    if (utc && t.offset_seconds) {
        secs -= *t.offset_seconds;
    }
    return secs * 1000000 + t.microsecond;
}

}  // namespace starshift::copy
