// Bytes as lower-case hexadecimal, for comparing COPY binary fields with values written by hand.
#pragma once

#include <string>
#include <string_view>

namespace starshift::testing {

inline std::string hex(std::string_view s) {
    static constexpr const char* digits = "0123456789abcdef";
    std::string out;
    for (char c : s) {
        const auto b = static_cast<unsigned char>(c);
        out += digits[b >> 4U];
        out += digits[b & 15U];
    }
    return out;
}

}  // namespace starshift::testing
