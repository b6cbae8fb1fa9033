#include "starshift/model/sql_type.hpp"

namespace starshift {

std::string to_sql(type_kind k) {
    switch (k) {
        case type_kind::smallint: return "SMALLINT";
        case type_kind::integer: return "INTEGER";
        case type_kind::bigint: return "BIGINT";
        case type_kind::decimal: return "DECIMAL";
        case type_kind::real: return "REAL";
        case type_kind::double_precision: return "DOUBLE PRECISION";
        case type_kind::boolean: return "BOOLEAN";
        case type_kind::char_: return "CHAR";
        case type_kind::varchar: return "VARCHAR";
        case type_kind::date: return "DATE";
        case type_kind::timestamp: return "TIMESTAMP";
        case type_kind::timestamptz: return "TIMESTAMPTZ";
        case type_kind::time: return "TIME";
        case type_kind::timetz: return "TIMETZ";
        case type_kind::varbyte: return "VARBYTE";
        case type_kind::super: return "SUPER";
        case type_kind::geometry: return "GEOMETRY";
        case type_kind::geography: return "GEOGRAPHY";
        case type_kind::hllsketch: return "HLLSKETCH";
    }
    return "?";
}

bool operator==(const sql_type& a, const sql_type& b) noexcept {
    if (a.kind != b.kind) return false;
    switch (a.kind) {
        case type_kind::decimal: return a.precision == b.precision && a.scale == b.scale;
        case type_kind::char_:
        case type_kind::varchar: return a.length == b.length && a.max == b.max;
        case type_kind::varbyte: return a.length == b.length;
        default: return true;
    }
}

namespace {
sql_type make(type_kind k) {
    sql_type t;
    t.kind = k;
    return t;
}
sql_type sized(type_kind k, std::uint32_t length) {
    sql_type t = make(k);
    t.length = length;
    return t;
}
}  // namespace

sql_type smallint() { return make(type_kind::smallint); }
sql_type integer() { return make(type_kind::integer); }
sql_type bigint() { return make(type_kind::bigint); }
sql_type decimal(int precision, int scale) {
    sql_type t = make(type_kind::decimal);
    t.precision = precision;
    t.scale = scale;
    return t;
}
sql_type real() { return make(type_kind::real); }
sql_type double_precision() { return make(type_kind::double_precision); }
sql_type boolean() { return make(type_kind::boolean); }
sql_type char_type(std::uint32_t length) { return sized(type_kind::char_, length); }
sql_type varchar(std::uint32_t length) { return sized(type_kind::varchar, length); }
sql_type varchar_max() {
    sql_type t = make(type_kind::varchar);
    t.length = varchar_max_length;
    t.max = true;
    return t;
}
sql_type date() { return make(type_kind::date); }
sql_type timestamp() { return make(type_kind::timestamp); }
sql_type timestamptz() { return make(type_kind::timestamptz); }
sql_type time_type() { return make(type_kind::time); }
sql_type timetz() { return make(type_kind::timetz); }
sql_type varbyte(std::uint32_t length) { return sized(type_kind::varbyte, length); }
sql_type super() { return make(type_kind::super); }
sql_type geometry() { return make(type_kind::geometry); }
sql_type geography() { return make(type_kind::geography); }
sql_type hllsketch() { return make(type_kind::hllsketch); }

std::string to_sql(const sql_type& t) {
    switch (t.kind) {
        case type_kind::decimal:
            return "DECIMAL(" + std::to_string(t.precision) + "," + std::to_string(t.scale) + ")";
        case type_kind::char_: return "CHAR(" + std::to_string(t.length) + ")";
        case type_kind::varchar: return t.max ? std::string("VARCHAR(MAX)") : "VARCHAR(" + std::to_string(t.length) + ")";
        case type_kind::varbyte: return "VARBYTE(" + std::to_string(t.length) + ")";
        default: return to_sql(t.kind);
    }
}

bool is_integer(type_kind k) noexcept {
    return k == type_kind::smallint || k == type_kind::integer || k == type_kind::bigint;
}
bool is_numeric(type_kind k) noexcept {
    return is_integer(k) || k == type_kind::decimal || k == type_kind::real || k == type_kind::double_precision;
}
bool is_character(type_kind k) noexcept { return k == type_kind::char_ || k == type_kind::varchar; }
bool is_datetime(type_kind k) noexcept {
    return k == type_kind::date || k == type_kind::timestamp || k == type_kind::timestamptz;
}
bool is_time_of_day(type_kind k) noexcept { return k == type_kind::time || k == type_kind::timetz; }
bool is_spatial(type_kind k) noexcept { return k == type_kind::geometry || k == type_kind::geography; }

}  // namespace starshift
