#include "starshift/model/identifier.hpp"

#include <string>

#include "starshift/model/error.hpp"

namespace starshift {

bool is_valid_utf8(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned cp = 0;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1Fu;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0Fu;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07u;
        } else {
            return false;
        }
        if (i + len > n) return false;
        for (std::size_t k = 1; k < len; ++k) {
            const unsigned cc = p[i + k];
            if ((cc & 0xC0u) != 0x80u) return false;
            cp = (cp << 6) | (cc & 0x3Fu);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

void check_identifier(std::string_view name, std::string_view table, std::string_view column) {
    auto fail = [&](std::string_view why) {
        throw model_error("starshift.model.identifier_invalid", std::string(table), std::string(column),
                          std::string(why));
    };
    if (name.empty()) fail("identifier is empty");
    if (name.size() > max_identifier_bytes)
        fail("identifier is " + std::to_string(name.size()) + " bytes, over Redshift's limit of 127 bytes");
    if (name.find('\0') != std::string_view::npos) fail("identifier contains a NUL byte");
    if (!is_valid_utf8(name)) fail("identifier is not valid UTF-8");
}

}  // namespace starshift
