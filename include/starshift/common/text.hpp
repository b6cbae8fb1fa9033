// ASCII text helpers shared by every layer: case folding and case-insensitive comparison (SQL keywords, option
// values, configuration keys), JSON string escaping, and reading a number written as text. Bytes >= 0x80 are left as
// they are, whatever the locale.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace starshift {

[[nodiscard]] constexpr char ascii_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
[[nodiscard]] constexpr char ascii_upper(char c) noexcept { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }

[[nodiscard]] std::string ascii_lower(std::string_view s);
[[nodiscard]] std::string ascii_upper(std::string_view s);

// Equal ignoring ASCII case.
[[nodiscard]] bool iequals(std::string_view a, std::string_view b) noexcept;
// The value among `values` whose name(value) equals `s` ignoring ASCII case: the one reader of a keyword naming that
// to_sql(value) writes (so the two cannot drift apart); nullopt when none.
template <class E, class Name>
[[nodiscard]] std::optional<E> parse_name(std::string_view s, std::initializer_list<E> values, Name name) {
    for (const E v : values)
        if (iequals(s, name(v))) return v;
    return std::nullopt;
}
// `s` starts with `prefix`, ignoring ASCII case.
[[nodiscard]] bool istarts_with(std::string_view s, std::string_view prefix) noexcept;
// `s` without the white space (isspace: space, \t, \n, \v, \f, \r) at both ends.
[[nodiscard]] std::string_view trim_space(std::string_view s) noexcept;

// The body of a JSON string literal for `s` (no surrounding quotes): '"', '\\' and control characters escaped.
[[nodiscard]] std::string json_escape(std::string_view s);

// The last part of a dotted name as written: "sales.event" -> "event", "event" -> "event" (quotes kept).
[[nodiscard]] constexpr std::string_view last_name_part(std::string_view dotted) noexcept {
    const auto dot = dotted.rfind('.');
    return dot == std::string_view::npos ? dotted : dotted.substr(dot + 1);
}

// "1.5 MB", "320 B", "2.1 GB": a byte amount in decimal units, one decimal above bytes, for reports and reasons.
[[nodiscard]] std::string format_bytes(double bytes);

// The whole of `s` read as a decimal floating-point number (std::from_chars: no sign '+', no spaces, no locale);
// nullopt when `s` is empty or anything is left over.
[[nodiscard]] std::optional<double> as_number(std::string_view s) noexcept;

}  // namespace starshift
