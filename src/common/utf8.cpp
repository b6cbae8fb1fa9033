#include "starshift/common/utf8.hpp"

#include <cstdint>

#include <simdjson.h>

namespace starshift {

bool valid_utf8(std::string_view s) noexcept { return simdjson::validate_utf8(s.data(), s.size()); }

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept {
    if (i >= s.size()) return 0;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80U) return 1;
    std::size_t len = 0;
    std::uint32_t cp = 0;
    std::uint32_t min = 0;
    if ((c & 0xE0U) == 0xC0U) {
        len = 2;
        cp = c & 0x1FU;
        min = 0x80;
    } else if ((c & 0xF0U) == 0xE0U) {
        len = 3;
        cp = c & 0x0FU;
        min = 0x800;
    } else if ((c & 0xF8U) == 0xF0U) {
        len = 4;
        cp = c & 0x07U;
        min = 0x10000;
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0U) != 0x80U) return 0;
        cp = (cp << 6U) | (cc & 0x3FU);
    }
    if (cp < min || cp > 0x10FFFFU || (cp >= 0xD800U && cp <= 0xDFFFU)) return 0;
    return len;
}

std::size_t utf8_code_points(std::string_view s) noexcept {
    std::size_t n = 0;
    for (const char ch : s)
        if ((static_cast<unsigned char>(ch) & 0xC0U) != 0x80U) ++n;
    return n;
}

}  // namespace starshift
