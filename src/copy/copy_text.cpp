#include "starshift/copy/copy_text.hpp"

namespace starshift::copy {

namespace {
constexpr bool needs_escape(unsigned char c) noexcept { return c < 0x20U || c == '\\' || c == 0x7FU; }
}  // namespace

void append_copy_text(std::string& out, std::string_view value) {
    const char* p = value.data();
    const char* const end = p + value.size();
    while (p < end) {
        const char* run = p;
        while (p < end && !needs_escape(static_cast<unsigned char>(*p))) {
            ++p;
        }
        out.append(run, static_cast<std::size_t>(p - run));
        if (p == end) {
            break;
        }
        const auto c = static_cast<unsigned char>(*p++);
        switch (c) {
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\v': out += "\\v"; break;
            default: {
                // other control characters: octal escape \ooo, which COPY text format decodes
                const char oct[4] = {'\\', static_cast<char>('0' + ((c >> 6U) & 7U)),
                                     static_cast<char>('0' + ((c >> 3U) & 7U)), static_cast<char>('0' + (c & 7U))};
                out.append(oct, 4);
                break;
            }
        }
    }
}

}  // namespace starshift::copy
