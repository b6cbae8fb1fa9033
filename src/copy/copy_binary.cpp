#include "starshift/copy/copy_binary.hpp"

#include <vector>

namespace starshift::copy {

namespace {
// 2000-01-01 (PostgreSQL's epoch) in days and microseconds since 1970-01-01.
constexpr std::int64_t pg_epoch_days = 10957;
constexpr std::int64_t pg_epoch_micros = pg_epoch_days * 86400LL * 1000000LL;
constexpr std::uint16_t numeric_pos = 0x0000;
constexpr std::uint16_t numeric_neg = 0x4000;
}  // namespace

std::string to_sql(wire_format f) { return f == wire_format::binary ? "binary" : "text"; }

std::optional<wire_format> parse_wire_format(std::string_view s) {
    std::string low;
    for (char c : s) {
        low += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    if (low == "text") {
        return wire_format::text;
    }
    if (low == "binary") {
        return wire_format::binary;
    }
    return std::nullopt;
}

void append_binary_header(std::string& out) {
    static constexpr char signature[11] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', '\377', '\r', '\n', '\0'};
    out.append(signature, sizeof signature);
    append_be32(out, 0);  // flags: no OIDs
    append_be32(out, 0);  // header extension length
}

void append_binary_trailer(std::string& out) { append_be16(out, 0xFFFFU); }

void append_binary_date(std::string& out, std::int64_t days_since_1970) {
    append_be32(out, 4);
    append_be32(out, static_cast<std::uint32_t>(static_cast<std::int32_t>(days_since_1970 - pg_epoch_days)));
}

void append_binary_timestamp(std::string& out, std::int64_t micros_since_1970) {
    append_be32(out, 8);
    append_be64(out, static_cast<std::uint64_t>(micros_since_1970 - pg_epoch_micros));
}

void append_binary_numeric(std::string& out, bool negative, std::string_view int_digits, std::string_view frac_digits) {
    while (!int_digits.empty() && int_digits.front() == '0') {
        int_digits.remove_prefix(1);
    }
    // base-10000 groups aligned on the decimal point: the integer part padded on the left, the fraction on the right
    const std::size_t int_groups = (int_digits.size() + 3) / 4;
    const std::size_t frac_groups = (frac_digits.size() + 3) / 4;
    std::uint16_t groups[64];  // DECIMAL(38,s): at most 10 + 10 groups; larger inputs use the vector below
    std::vector<std::uint16_t> big;
    std::uint16_t* g = groups;
    const std::size_t total = int_groups + frac_groups;
    if (total > sizeof groups / sizeof groups[0]) {
        big.resize(total);
        g = big.data();
    }
    const std::size_t int_pad = int_groups * 4 - int_digits.size();
    for (std::size_t k = 0; k < int_groups; ++k) {
        unsigned v = 0;
        for (std::size_t j = 0; j < 4; ++j) {
            const std::size_t pos = k * 4 + j;  // position in the left-padded integer digits
            v = v * 10U + (pos < int_pad ? 0U : static_cast<unsigned>(int_digits[pos - int_pad] - '0'));
        }
        g[k] = static_cast<std::uint16_t>(v);
    }
    for (std::size_t k = 0; k < frac_groups; ++k) {
        unsigned v = 0;
        for (std::size_t j = 0; j < 4; ++j) {
            const std::size_t pos = k * 4 + j;
            v = v * 10U + (pos < frac_digits.size() ? static_cast<unsigned>(frac_digits[pos] - '0') : 0U);
        }
        g[int_groups + k] = static_cast<std::uint16_t>(v);
    }
    // weight of g[0]: int_groups - 1 (a fraction-only value starts at -1)
    auto weight = static_cast<long>(int_groups) - 1;
    std::size_t first = 0;
    std::size_t last = total;
    while (first < last && g[first] == 0) {
        ++first;
        --weight;
    }
    while (last > first && g[last - 1] == 0) {
        --last;
    }
    const std::size_t ndigits = last - first;
    append_be32(out, static_cast<std::uint32_t>(8 + 2 * ndigits));
    append_be16(out, static_cast<std::uint16_t>(ndigits));
    if (ndigits == 0) {
        append_be16(out, 0);  // zero: weight 0, positive
        append_be16(out, numeric_pos);
    } else {
        append_be16(out, static_cast<std::uint16_t>(static_cast<std::int16_t>(weight)));
        append_be16(out, negative ? numeric_neg : numeric_pos);
    }
    append_be16(out, static_cast<std::uint16_t>(frac_digits.size()));
    for (std::size_t k = first; k < last; ++k) {
        append_be16(out, g[k]);
    }
}

}  // namespace starshift::copy
