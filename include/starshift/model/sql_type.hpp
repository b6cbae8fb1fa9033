// A column's SQL data type as Redshift defines it (SMALLINT … HLLSKETCH), with length/precision/scale.
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
    time,       // TIME [WITHOUT TIME ZONE]
    timetz,     // TIME WITH TIME ZONE
    varbyte,    // VARBYTE(n), VARBINARY, BINARY VARYING
    super,      // semistructured (JSON-like) values
    geometry,
    geography,
    hllsketch,  // HyperLogLog sketch
};

[[nodiscard]] std::string to_sql(type_kind k);

inline constexpr std::uint32_t varchar_max_length = 65535;
inline constexpr std::uint32_t char_max_length = 4096;
inline constexpr int decimal_max_precision = 38;
inline constexpr std::uint32_t varbyte_default_length = 64000;  // r_VARBYTE_type: "The default is 64,000"
inline constexpr std::uint32_t varbyte_max_length = 1024000;

struct sql_type {
    type_kind kind = type_kind::integer;
    std::uint32_t length = 0;  // CHAR/VARCHAR/VARBYTE length in bytes (VARCHAR(MAX) = 65535)
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
[[nodiscard]] sql_type time_type();
[[nodiscard]] sql_type timetz();
[[nodiscard]] sql_type varbyte(std::uint32_t length = varbyte_default_length);
[[nodiscard]] sql_type super();
[[nodiscard]] sql_type geometry();
[[nodiscard]] sql_type geography();
[[nodiscard]] sql_type hllsketch();

// Redshift spelling: "INTEGER", "DECIMAL(18,2)", "VARCHAR(256)", "VARCHAR(MAX)", "DOUBLE PRECISION", …
[[nodiscard]] std::string to_sql(const sql_type& t);

[[nodiscard]] bool is_integer(type_kind k) noexcept;    // SMALLINT, INTEGER, BIGINT
[[nodiscard]] bool is_numeric(type_kind k) noexcept;    // integers, DECIMAL, REAL, DOUBLE PRECISION
[[nodiscard]] bool is_character(type_kind k) noexcept;  // CHAR, VARCHAR
[[nodiscard]] bool is_datetime(type_kind k) noexcept;   // DATE, TIMESTAMP, TIMESTAMPTZ (the COPY date formats)
[[nodiscard]] bool is_time_of_day(type_kind k) noexcept;  // TIME, TIMETZ
[[nodiscard]] bool is_spatial(type_kind k) noexcept;      // GEOMETRY, GEOGRAPHY

}  // namespace starshift
