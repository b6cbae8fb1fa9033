#include "starshift/model/encoding.hpp"

#include <array>
#include <initializer_list>
#include <utility>

#include "starshift/common/text.hpp"

namespace starshift {
namespace {

constexpr std::array<std::pair<encoding, const char*>, 13> names{{
    {encoding::raw, "RAW"},
    {encoding::az64, "AZ64"},
    {encoding::bytedict, "BYTEDICT"},
    {encoding::delta, "DELTA"},
    {encoding::delta32k, "DELTA32K"},
    {encoding::lzo, "LZO"},
    {encoding::mostly8, "MOSTLY8"},
    {encoding::mostly16, "MOSTLY16"},
    {encoding::mostly32, "MOSTLY32"},
    {encoding::runlength, "RUNLENGTH"},
    {encoding::text255, "TEXT255"},
    {encoding::text32k, "TEXT32K"},
    {encoding::zstd, "ZSTD"},
}};

bool one_of(type_kind k, std::initializer_list<type_kind> kinds) noexcept {
    for (auto x : kinds)
        if (x == k) return true;
    return false;
}

}  // namespace

std::string to_sql(encoding e) {
    for (const auto& [v, n] : names)
        if (v == e) return n;
    return "?";
}

std::optional<encoding> parse_encoding(std::string_view s) {
    for (const auto& [v, n] : names)
        if (iequals(s, n)) return v;
    return std::nullopt;
}

// The matrix of Redshift's "Compression encodings" page (REDSHIFT.md §3.13) for the types it lists. For the types
// it does not list: GEOMETRY/GEOGRAPHY RAW only (spatial-limitations), HLLSKETCH RAW only
// (hyperloglog-functions-usage-notes), SUPER RAW, LZO, ZSTD; TIME and TIMETZ as TIMESTAMP and TIMESTAMPTZ; VARBYTE
// as CHAR (RAW, BYTEDICT, LZO, RUNLENGTH, ZSTD). The last three are this project's choice (docs/parse.md).
bool is_valid_for(encoding e, const sql_type& t) noexcept {
    using K = type_kind;
    K k = t.kind;
    if (k == K::geometry || k == K::geography || k == K::hllsketch) return e == encoding::raw;
    if (k == K::super) return e == encoding::raw || e == encoding::lzo || e == encoding::zstd;
    if (k == K::time) k = K::timestamp;
    if (k == K::timetz) k = K::timestamptz;
    if (k == K::varbyte) k = K::char_;
    switch (e) {
        case encoding::raw: return true;
        case encoding::az64:
            return one_of(k, {K::smallint, K::integer, K::bigint, K::decimal, K::date, K::timestamp, K::timestamptz});
        case encoding::bytedict: return k != K::boolean;
        case encoding::delta:
            return one_of(k, {K::smallint, K::integer, K::bigint, K::date, K::timestamp, K::decimal});
        case encoding::delta32k: return one_of(k, {K::integer, K::bigint, K::date, K::timestamp, K::decimal});
        case encoding::lzo:
            return one_of(k, {K::smallint, K::integer, K::bigint, K::decimal, K::char_, K::varchar, K::date,
                              K::timestamp, K::timestamptz});
        // MOSTLYn is disallowed on a type whose width is already n bits (MOSTLY16 on SMALLINT, MOSTLY32 on INTEGER).
        case encoding::mostly8: return one_of(k, {K::smallint, K::integer, K::bigint, K::decimal});
        case encoding::mostly16: return one_of(k, {K::integer, K::bigint, K::decimal});
        case encoding::mostly32: return one_of(k, {K::bigint, K::decimal});
        case encoding::runlength: return true;
        case encoding::text255:
        case encoding::text32k: return k == K::varchar;
        case encoding::zstd: return true;
    }
    return false;
}

encoding default_encoding(const sql_type& t, bool is_sort_key) noexcept {
    if (is_sort_key) return encoding::raw;
    switch (t.kind) {
        case type_kind::boolean:
        case type_kind::real:
        case type_kind::double_precision: return encoding::raw;
        case type_kind::char_:
        case type_kind::varchar:
        case type_kind::varbyte: return encoding::lzo;
        case type_kind::super: return encoding::zstd;  // ingest-super: "The default encoding for SUPER … is ZSTD"
        case type_kind::geometry:
        case type_kind::geography:
        case type_kind::hllsketch: return encoding::raw;
        default: return encoding::az64;
    }
}

}  // namespace starshift
