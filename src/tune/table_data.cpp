// Table data for the tuning simulator: the DISTKEY hash, order-preserving 64-bit sort values, column vectors.
#include "starshift/tune/table_data.hpp"

#include <charconv>
#include <cstring>
#include <limits>

#include "starshift/common/calendar.hpp"
#include "starshift/common/text.hpp"
#include "starshift/tune/tune_error.hpp"

namespace starshift::tune {

std::uint64_t value_hash(std::string_view canonical_text) noexcept {
    // 64-bit FNV-1a (offset basis 14695981039346656037, prime 1099511628211) ...
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : canonical_text) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    // ... finished with splitmix64's mixer (Steele, Lea, Flood 2014; the constants of Java's SplittableRandom), so
    // that the low bits a modulo uses depend on every input byte. No additive constant: mix(FNV-1a(text)).
    h = (h ^ (h >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    h = (h ^ (h >> 27U)) * 0x94d049bb133111ebULL;
    return h ^ (h >> 31U);
}

namespace {

constexpr std::int64_t i64_max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t i64_min = std::numeric_limits<std::int64_t>::min();
constexpr std::uint64_t sign_bit = 0x8000000000000000ULL;

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// A number in any decimal spelling ("12.50", "-3", "1e+20", ".5") as its value times 10^scale, rounded half away
// from zero and saturated to int64. "NaN" and "Infinity" (PostgreSQL's NUMERIC spellings) map to the extremes
// (PostgreSQL sorts NaN above every number).
std::optional<std::int64_t> scaled_number(std::string_view s, int scale) {
    s = trim(s);
    if (s.empty()) return std::nullopt;
    bool negative = false;
    if (s.front() == '+' || s.front() == '-') {
        negative = s.front() == '-';
        s.remove_prefix(1);
    }
    if (iequals(s, "nan")) return negative ? std::nullopt : std::optional<std::int64_t>(i64_max);
    if (iequals(s, "infinity") || iequals(s, "inf")) return negative ? i64_min : i64_max;
    // Mantissa digits (leading zeros dropped) and the power of ten of the last one.
    std::string_view int_part;
    std::string_view frac_part;
    std::size_t i = 0;
    while (i < s.size() && is_digit(s[i])) ++i;
    int_part = s.substr(0, i);
    if (i < s.size() && s[i] == '.') {
        const std::size_t start = ++i;
        while (i < s.size() && is_digit(s[i])) ++i;
        frac_part = s.substr(start, i - start);
    }
    if (int_part.empty() && frac_part.empty()) return std::nullopt;
    long long exponent = 0;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        bool exp_negative = false;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
            exp_negative = s[i] == '-';
            ++i;
        }
        if (i >= s.size() || !is_digit(s[i])) return std::nullopt;
        while (i < s.size() && is_digit(s[i])) {
            if (exponent < 100000) exponent = exponent * 10 + (s[i] - '0');
            ++i;
        }
        if (exp_negative) exponent = -exponent;
    }
    if (i != s.size()) return std::nullopt;
    // value = digits * 10^(exponent - frac_len); unscaled = digits * 10^shift.
    const long long shift = exponent - static_cast<long long>(frac_part.size()) + scale;
    const long long total_digits = static_cast<long long>(int_part.size() + frac_part.size());
    const long long kept = shift >= 0 ? total_digits : total_digits + shift;  // digits before the rounding point
    auto digit_at = [&](long long k) -> int {  // k-th mantissa digit
        const auto u = static_cast<std::size_t>(k);
        return u < int_part.size() ? int_part[u] - '0' : frac_part[u - int_part.size()] - '0';
    };
    std::uint64_t magnitude = 0;
    bool saturated = false;
    auto push = [&](int d) {
        if (saturated) return;
        if (magnitude > (std::numeric_limits<std::uint64_t>::max() - static_cast<std::uint64_t>(d)) / 10U) {
            saturated = true;
            return;
        }
        magnitude = magnitude * 10U + static_cast<std::uint64_t>(d);
    };
    for (long long k = 0; k < kept && k < total_digits; ++k) push(digit_at(k));
    if (shift > 0) {
        for (long long k = 0; k < shift && !saturated; ++k) {
            if (magnitude == 0) break;  // zero stays zero
            push(0);
        }
    } else if (kept >= 0 && kept < total_digits && digit_at(kept) >= 5) {
        if (!saturated) {  // round half away from zero
            if (magnitude == std::numeric_limits<std::uint64_t>::max()) saturated = true;
            else ++magnitude;
        }
    }
    if (saturated || magnitude > static_cast<std::uint64_t>(i64_max)) return negative ? i64_min : i64_max;
    const auto v = static_cast<std::int64_t>(magnitude);
    return negative ? -v : v;
}

std::int64_t double_image(double d) noexcept {
    if (d == 0.0) d = 0.0;  // -0 and +0 are the same value
    std::uint64_t bits = 0;
    if (d != d) {
        bits = 0x7ff8000000000000ULL;  // every NaN as the positive quiet NaN: above +Infinity, as PostgreSQL sorts it
    } else {
        std::memcpy(&bits, &d, sizeof bits);
    }
    const std::uint64_t ordered = (bits & sign_bit) != 0U ? ~bits : (bits | sign_bit);
    return static_cast<std::int64_t>(ordered ^ sign_bit);
}

template <typename F>
std::optional<F> parse_float(std::string_view s) {
    s = trim(s);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    if (s.empty()) return std::nullopt;
    F value{};
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (end != s.data() + s.size()) return std::nullopt;
    if (ec == std::errc::result_out_of_range) {
        // Overflow or underflow: keep the sign and the order.
        const bool negative = s.front() == '-';
        const auto digits_before_exp = s.find_first_of("eE");
        const bool tiny = digits_before_exp != std::string_view::npos &&
                          s.find('-', digits_before_exp) != std::string_view::npos;
        if (tiny) return negative ? -F(0) : F(0);
        return negative ? -std::numeric_limits<F>::infinity() : std::numeric_limits<F>::infinity();
    }
    if (ec != std::errc()) return std::nullopt;
    return value;
}

std::optional<std::int64_t> boolean_image(std::string_view s) {
    s = trim(s);
    for (const char* t : {"t", "true", "y", "yes", "on", "1"})
        if (iequals(s, t)) return 1;
    for (const char* f : {"f", "false", "n", "no", "off", "0"})
        if (iequals(s, f)) return 0;
    return std::nullopt;
}

std::int64_t character_image(std::string_view s, bool is_char) noexcept {
    if (is_char)
        while (!s.empty() && s.back() == ' ') s.remove_suffix(1);  // CHAR(n): trailing blanks are insignificant
    std::uint64_t u = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        u <<= 8U;
        if (i < s.size()) u |= static_cast<unsigned char>(s[i]);
    }
    return static_cast<std::int64_t>(u ^ sign_bit);
}

constexpr std::int64_t usec_per_day = 86'400'000'000LL;

// Reads `count` or more digits (at most `max_count`) at s[i] into `out`.
bool read_digits(std::string_view s, std::size_t& i, std::size_t min_count, std::size_t max_count, std::int64_t& out) {
    const std::size_t start = i;
    out = 0;
    while (i < s.size() && is_digit(s[i]) && i - start < max_count) out = out * 10 + (s[i++] - '0');
    return i - start >= min_count;
}

// "YYYY-MM-DD" (4+ digit year) at the start of s; advances i. Returns days since 2000-01-01.
std::optional<std::int64_t> parse_date_part(std::string_view s, std::size_t& i, bool bc) {
    std::int64_t y = 0;
    std::int64_t m = 0;
    std::int64_t d = 0;
    if (!read_digits(s, i, 4, 7, y) || i >= s.size() || s[i++] != '-') return std::nullopt;
    if (!read_digits(s, i, 1, 2, m) || i >= s.size() || s[i++] != '-') return std::nullopt;
    if (!read_digits(s, i, 1, 2, d)) return std::nullopt;
    if (bc) y = 1 - y;  // 1 BC is year 0
    if (m < 1 || m > 12 || d < 1) return std::nullopt;
    if (d > days_in_month(y, static_cast<int>(m))) return std::nullopt;
    return days_from_civil(y, static_cast<int>(m), static_cast<int>(d)) - days_1970_to_2000;
}

// Strips a trailing " BC" (PostgreSQL's era suffix); true when it was there.
bool strip_bc(std::string_view& s) noexcept {
    if (s.size() >= 3 && iequals(s.substr(s.size() - 3), " bc")) {
        s.remove_suffix(3);
        s = trim(s);
        return true;
    }
    if (s.size() >= 3 && iequals(s.substr(s.size() - 3), " ad")) {
        s.remove_suffix(3);
        s = trim(s);
    }
    return false;
}

std::optional<std::int64_t> infinity_image(std::string_view s) noexcept {
    if (iequals(s, "infinity") || iequals(s, "+infinity")) return i64_max;
    if (iequals(s, "-infinity")) return i64_min;
    return std::nullopt;
}

std::optional<std::int64_t> date_image(std::string_view s) {
    s = trim(s);
    if (auto inf = infinity_image(s)) return inf;
    const bool bc = strip_bc(s);
    std::size_t i = 0;
    auto days = parse_date_part(s, i, bc);
    if (!days || i != s.size()) return std::nullopt;
    return days;
}

// TIMESTAMP / TIMESTAMPTZ: "YYYY-MM-DD[( |T)HH:MM[:SS[.ffffff]]][zone][ BC]" as microseconds since
// 2000-01-01 00:00:00 (UTC for TIMESTAMPTZ; a zone on a TIMESTAMP is ignored, as PostgreSQL does).
std::optional<std::int64_t> timestamp_image(std::string_view s, bool with_zone) {
    s = trim(s);
    if (auto inf = infinity_image(s)) return inf;
    const bool bc = strip_bc(s);
    std::size_t i = 0;
    const auto days = parse_date_part(s, i, bc);
    if (!days) return std::nullopt;
    std::int64_t usec = *days * usec_per_day;
    if (i == s.size()) return usec;
    if (s[i] != ' ' && s[i] != 'T' && s[i] != 't') return std::nullopt;
    ++i;
    std::int64_t hh = 0;
    std::int64_t mm = 0;
    std::int64_t ss = 0;
    std::int64_t frac = 0;
    if (!read_digits(s, i, 1, 2, hh) || i >= s.size() || s[i++] != ':') return std::nullopt;
    if (!read_digits(s, i, 2, 2, mm)) return std::nullopt;
    if (i < s.size() && s[i] == ':') {
        ++i;
        if (!read_digits(s, i, 2, 2, ss)) return std::nullopt;
        if (i < s.size() && s[i] == '.') {
            ++i;
            std::size_t n = 0;
            bool round_up = false;
            while (i < s.size() && is_digit(s[i])) {
                if (n < 6) frac = frac * 10 + (s[i] - '0');
                else if (n == 6) round_up = s[i] >= '5';
                ++n;
                ++i;
            }
            if (n == 0) return std::nullopt;
            for (std::size_t k = n; k < 6; ++k) frac *= 10;
            if (round_up) ++frac;
        }
    }
    if (hh > 24 || mm > 59 || ss > 60 || (hh == 24 && (mm != 0 || ss != 0 || frac != 0))) return std::nullopt;
    usec += ((hh * 60 + mm) * 60 + ss) * 1'000'000LL + frac;
    while (i < s.size() && s[i] == ' ') ++i;
    if (i == s.size()) return usec;
    // Zone: Z, UTC, +HH, +HH:MM, +HH:MM:SS, +HHMM.
    std::int64_t offset = 0;
    const std::string_view zone = s.substr(i);
    if (iequals(zone, "z") || iequals(zone, "utc") || iequals(zone, "gmt")) {
        offset = 0;
    } else if (zone.front() == '+' || zone.front() == '-') {
        const bool negative = zone.front() == '-';
        std::size_t j = 1;
        std::int64_t oh = 0;
        std::int64_t om = 0;
        std::int64_t os = 0;
        if (!read_digits(zone, j, 1, 2, oh)) return std::nullopt;
        if (j < zone.size() && zone[j] == ':') {
            ++j;
            if (!read_digits(zone, j, 2, 2, om)) return std::nullopt;
            if (j < zone.size() && zone[j] == ':') {
                ++j;
                if (!read_digits(zone, j, 2, 2, os)) return std::nullopt;
            }
        } else if (j < zone.size()) {
            if (!read_digits(zone, j, 2, 2, om)) return std::nullopt;
        }
        if (j != zone.size() || oh > 15 || om > 59 || os > 59) return std::nullopt;
        offset = ((oh * 60 + om) * 60 + os) * 1'000'000LL;
        if (negative) offset = -offset;
    } else {
        return std::nullopt;
    }
    return with_zone ? usec - offset : usec;
}

}  // namespace

std::optional<std::int64_t> sort_value(const sql_type& type, std::string_view text) {
    switch (type.kind) {
        case type_kind::smallint:
        case type_kind::integer:
        case type_kind::bigint:
            return scaled_number(text, 0);
        case type_kind::decimal:
            return scaled_number(text, type.scale);
        case type_kind::real: {
            const auto f = parse_float<float>(text);
            if (!f) return std::nullopt;
            return double_image(static_cast<double>(*f));
        }
        case type_kind::double_precision: {
            const auto d = parse_float<double>(text);
            if (!d) return std::nullopt;
            return double_image(*d);
        }
        case type_kind::boolean:
            return boolean_image(text);
        case type_kind::char_:
            return character_image(text, true);
        case type_kind::varchar:
            return character_image(text, false);
        case type_kind::date:
            return date_image(text);
        case type_kind::timestamp:
            return timestamp_image(text, false);
        case type_kind::timestamptz:
            return timestamp_image(text, true);
        case type_kind::time:
        case type_kind::timetz:  // the time of day on one fixed date orders like the time itself
            return timestamp_image("2000-01-01 " + std::string(text), type.kind == type_kind::timetz);
        case type_kind::varbyte:
        case type_kind::super:
        case type_kind::geometry:
        case type_kind::geography:
        case type_kind::hllsketch:
            return std::nullopt;  // not sort-key types (r_CREATE_TABLE_NEW)
    }
    return std::nullopt;
}

void value_sample::add(std::optional<std::string_view> text) {
    const std::uint64_t row = rows_seen++;
    const std::uint64_t chunk = row / sample_chunk_rows;
    if (row % sample_chunk_rows == 0 && chunk % stride == 0 && chunk / stride >= sample_max_chunks) {
        // One more chunk would not fit: keep every other kept chunk (all full), double the stride.
        std::size_t out = 0;
        for (std::uint64_t k = 0; k < sample_max_chunks; k += 2)
            for (std::uint64_t r = 0; r < sample_chunk_rows; ++r) {
                const auto from = static_cast<std::size_t>(k * sample_chunk_rows + r);
                if (from != out) {
                    texts[out] = std::move(texts[from]);
                    nulls[out] = nulls[from];
                }
                ++out;
            }
        texts.resize(out);
        nulls.resize(out);
        stride *= 2;
    }
    if (chunk % stride != 0) return;
    texts.emplace_back(text ? *text : std::string_view());
    nulls.push_back(!text);
}

void column_data::append(std::optional<std::string_view> text) {
    std::int64_t image = 0;
    if (text) {
        const auto v = sort_value(type, *text);
        if (!v) {
            std::string shown(text->substr(0, 64));
            if (text->size() > 64) shown += "...";
            throw tune_error("starshift.tune.bad_value", "", name,
                             "'" + shown + "' is not a value of type " + to_sql(type));
        }
        image = *v;
        total_bytes += text->size();
    }
    sample.add(text);
    if (sample_only) return;
    hashes.push_back(text ? value_hash(*text) : 0);
    sort_values.push_back(image);
    nulls.push_back(!text);
}

namespace {

template <typename T>
const T* find_named(const std::vector<T>& items, std::string_view name) noexcept {
    for (const auto& item : items)
        if (item.name == name) return &item;
    for (const auto& item : items)
        if (iequals(item.name, name)) return &item;
    return nullptr;
}

}  // namespace

const column_data* table_data::find(std::string_view column) const noexcept { return find_named(columns, column); }

const column_data* table_data::find_any(std::string_view column) const noexcept {
    const column_data* c = find_named(columns, column);
    return c != nullptr ? c : find_named(sample_columns, column);
}

std::uint64_t table_data::sampled_rows() const noexcept { return columns.empty() ? 0 : columns.front().size(); }

const table_data* warehouse_data::find(std::string_view table) const noexcept { return find_named(tables, table); }

}  // namespace starshift::tune
