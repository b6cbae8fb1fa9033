// COPY's TIMEFORMAT / DATEFORMAT: 'auto', 'epochsecs', 'epochmillisecs' or a format string (YYYY MM DD HH24 …).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace starshift::copy {

// A broken-down timestamp; `offset_seconds` is set when the text carried a zone (Z, +05, -03:30).
struct civil_time {
    std::int64_t year = 1970;
    int month = 1;
    int day = 1;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int microsecond = 0;
    std::optional<int> offset_seconds;
};

enum class time_format_kind { automatic, epochsecs, epochmillisecs, pattern };

class time_format {
public:
    // `spec` empty/none = the default: "YYYY-MM-DD HH:MI:SS" (timestamps) or "YYYY-MM-DD" (dates).
    // The keywords 'auto', 'epochsecs', 'epochmillisecs' are case-sensitive (as in Redshift).
    // A format with TZ/OF or an unknown letter token throws load_error [starshift.copy.bad_timeformat].
    [[nodiscard]] static time_format parse(const std::optional<std::string>& spec, bool for_dates);

    [[nodiscard]] time_format_kind kind() const noexcept { return kind_; }
    [[nodiscard]] bool is_epoch() const noexcept {
        return kind_ == time_format_kind::epochsecs || kind_ == time_format_kind::epochmillisecs;
    }
    // Parses text (surrounding white space ignored). Epoch kinds accept an integer or decimal number in text.
    [[nodiscard]] bool parse_text(std::string_view text, civil_time& out) const;
    // Epoch kinds only: converts seconds/milliseconds since 1970-01-01 UTC (fractions kept to the microsecond,
    // truncated toward minus infinity). False when out of range.
    [[nodiscard]] bool from_epoch(double value, civil_time& out) const;
    [[nodiscard]] bool from_epoch(std::int64_t value, civil_time& out) const;

    struct token {
        enum kind_t { literal, yyyy, yy, mm, mon, month, dd, ddd, hh24, hh12, mi, ss, ampm } kind = literal;
        char ch = 0;
    };

private:
    time_format_kind kind_ = time_format_kind::pattern;
    std::vector<token> tokens_;
};

// Parses the 'auto' forms: ISO 8601 (2019-02-11T05:09:12.195Z, "2018-11-01 20:57:10+05:30"), '/' or '.' as date
// separators, YYYYMMDD[ HHMISS], YYMMDD HHMISS, Julian J2451187, YYYY.DDD, "Nov 1 2018", "1 Nov 2018".
[[nodiscard]] bool parse_auto_time(std::string_view text, civil_time& out);

// True when the fields form a real date/time (month length, leap years, 00..23:59:59, year 1..294276).
[[nodiscard]] bool valid_civil(const civil_time& t) noexcept;

// Appends "YYYY-MM-DD HH:MI:SS[.ffffff]" (trailing fraction zeros dropped). With `utc` the zone offset is applied
// and "+00" appended (TIMESTAMPTZ); without it the zone is ignored (TIMESTAMP keeps the wall-clock time).
void append_timestamp(std::string& out, const civil_time& t, bool utc);
// Microseconds since 1970-01-01 00:00:00 of `t`: with `utc` the zone offset is applied (TIMESTAMPTZ), without it
// the wall-clock time is kept (TIMESTAMP), as append_timestamp prints them.
[[nodiscard]] std::int64_t micros_since_epoch(const civil_time& t, bool utc) noexcept;
// Appends "YYYY-MM-DD".
void append_date(std::string& out, const civil_time& t);

}  // namespace starshift::copy
