#include "starshift/copy/detail/copy_text.hpp"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace starshift::copy {

namespace {

constexpr bool needs_escape(unsigned char c) noexcept { return c < 0x20U || c == '\\' || c == 0x7FU; }

// The first byte of [p, end) that needs an escape, or end.
const char* find_escape(const char* p, const char* end) noexcept {
#if defined(__SSE2__)
    const __m128i control_max = _mm_set1_epi8(0x1F);
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i del = _mm_set1_epi8(0x7F);
    while (end - p >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, control_max), v);  // v <= 0x1F (unsigned)
        const __m128i hit =
            _mm_or_si128(control, _mm_or_si128(_mm_cmpeq_epi8(v, backslash), _mm_cmpeq_epi8(v, del)));
        const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
        if (mask != 0U) {
            return p + __builtin_ctz(mask);
        }
        p += 16;
    }
#endif
    while (p < end && !needs_escape(static_cast<unsigned char>(*p))) {
        ++p;
    }
    return p;
}

}  // namespace

bool append_copy_text_without_nul(std::string& out, std::string_view value) {
    const char* p = value.data();
    const char* const end = p + value.size();
    const char* const first = find_escape(p, end);
    if (first == end) {
        out.append(p, value.size());  // the common case: nothing to escape
        return true;
    }
    if (std::memchr(first, '\0', static_cast<std::size_t>(end - first)) != nullptr) {
        return false;
    }
    append_copy_text(out, value);
    return true;
}

void append_copy_text(std::string& out, std::string_view value) {
    const char* p = value.data();
    const char* const end = p + value.size();
    while (p < end) {
        const char* run = p;
        p = find_escape(p, end);
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
