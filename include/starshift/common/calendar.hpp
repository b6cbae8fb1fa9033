// Proleptic Gregorian calendar arithmetic (H. Hinnant's days_from_civil / civil_from_days), shared by the COPY
// time formats, the tuning simulator's sort values and the data generators.
#pragma once

#include <cstdint>

namespace starshift {

struct civil_date {
    std::int64_t year = 1970;
    int month = 1;  // 1-12
    int day = 1;    // 1-31
};

[[nodiscard]] constexpr bool is_leap_year(std::int64_t y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
// Days in month m (1-12) of year y.
[[nodiscard]] constexpr int days_in_month(std::int64_t y, int m) noexcept {
    constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return days[m - 1] + (m == 2 && is_leap_year(y) ? 1 : 0);
}

// Days since 1970-01-01 of a date (any month/day in range; no validation).
[[nodiscard]] constexpr std::int64_t days_from_civil(std::int64_t y, int m, int d) noexcept {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

// The date `z` days after 1970-01-01.
[[nodiscard]] constexpr civil_date civil_from_days(std::int64_t z) noexcept {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const auto d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const auto m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

inline constexpr std::int64_t days_1970_to_2000 = 10957;  // days_from_civil(2000, 1, 1): PostgreSQL's epoch

}  // namespace starshift
