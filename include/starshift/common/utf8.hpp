// UTF-8 validation shared by every layer (identifiers, literals, load-error text, COPY records).
#pragma once

#include <cstddef>
#include <string_view>

namespace starshift {

// Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. NUL bytes are valid
// UTF-8; callers that cannot store them check for them separately. simdjson's SIMD validator.
[[nodiscard]] bool valid_utf8(std::string_view s) noexcept;

// Length (1-4) of the well-formed UTF-8 sequence that starts at s[i], or 0 when the bytes there do not start one
// (a continuation byte, an overlong form, a surrogate, a code point over U+10FFFF, a truncated sequence).
[[nodiscard]] std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept;

// Characters (code points) of UTF-8 text: the bytes that are not continuation bytes.
[[nodiscard]] std::size_t utf8_code_points(std::string_view s) noexcept;

}  // namespace starshift
