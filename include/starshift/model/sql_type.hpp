// A column's SQL data type as Redshift defines it (SMALLINT … TIMESTAMPTZ), with length/precision/scale.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace starshift {

enum class type_kind {
    smallint,
    integer,
    bigint,
    decimal,
    real,
    double_precision,
    boolean,
    char_,
    varchar,
    date,
    timestamp,
    timestamptz,
};

[[nodiscard]] std::string to_sql(type_kind k);

inline constexpr std::uint32_t varchar_max_length = 65535;
inline constexpr std::uint32_t char_max_length = 4096;
inline constexpr int decimal_max_precision = 38;

struct sql_type {
    type_kind kind = type_kind::integer;
    std::uint32_t length = 0;  // CHAR/VARCHAR length in bytes (VARCHAR(MAX) = 65535)
    int precision = 18;        // DECIMAL
    int scale = 0;             // DECIMAL
    bool max = false;          // spelled VARCHAR(MAX)

    friend bool operator==(const sql_type& a, const sql_type& b) noexcept;
    friend bool operator!=(const sql_type& a, const sql_type& b) noexcept { return !(a == b); }
};

[[nodiscard]] sql_type smallint();
[[nodiscard]] sql_type integer();
[[nodiscard]] sql_type bigint();
[[nodiscard]] sql_type decimal(int precision, int scale = 0);
[[nodiscard]] sql_type real();
[[nodiscard]] sql_type double_precision();
[[nodiscard]] sql_type boolean();
[[nodiscard]] sql_type char_type(std::uint32_t length);
[[nodiscard]] sql_type varchar(std::uint32_t length);
[[nodiscard]] sql_type varchar_max();
[[nodiscard]] sql_type date();
[[nodiscard]] sql_type timestamp();
[[nodiscard]] sql_type timestamptz();

// Redshift spelling: "INTEGER", "DECIMAL(18,2)", "VARCHAR(256)", "VARCHAR(MAX)", "DOUBLE PRECISION", …
[[nodiscard]] std::string to_sql(const sql_type& t);

[[nodiscard]] bool is_integer(type_kind k) noexcept;    // SMALLINT, INTEGER, BIGINT
[[nodiscard]] bool is_numeric(type_kind k) noexcept;    // integers, DECIMAL, REAL, DOUBLE PRECISION
[[nodiscard]] bool is_character(type_kind k) noexcept;  // CHAR, VARCHAR
[[nodiscard]] bool is_datetime(type_kind k) noexcept;   // DATE, TIMESTAMP, TIMESTAMPTZ

}  // namespace starshift
