// PostgreSQL COPY wire formats: the choice (text or binary), the binary format's header, trailer and field
// encodings, and the row framing every record converter uses (one place for both formats).
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace starshift::copy {

// The format of the data sent by COPY … FROM STDIN.
enum class wire_format {
    text,    // COPY's text format: tab-separated, backslash escapes, \N for NULL
    binary,  // COPY (FORMAT binary): length-prefixed fields in each type's binary form (cheaper for the server)
};

// "text" / "binary".
[[nodiscard]] std::string to_sql(wire_format f);
// "text" / "binary" (ASCII case-insensitive), otherwise nullopt.
[[nodiscard]] std::optional<wire_format> parse_wire_format(std::string_view s);

// Big-endian integers.
inline void append_be16(std::string& out, std::uint16_t v) {
    const char b[2] = {static_cast<char>(v >> 8U), static_cast<char>(v & 0xFFU)};
    out.append(b, 2);
}
inline void append_be32(std::string& out, std::uint32_t v) {
    const char b[4] = {static_cast<char>(v >> 24U), static_cast<char>((v >> 16U) & 0xFFU),
                       static_cast<char>((v >> 8U) & 0xFFU), static_cast<char>(v & 0xFFU)};
    out.append(b, 4);
}
inline void append_be64(std::string& out, std::uint64_t v) {
    append_be32(out, static_cast<std::uint32_t>(v >> 32U));
    append_be32(out, static_cast<std::uint32_t>(v & 0xFFFFFFFFU));
}

// The 19-byte header of a binary COPY stream: "PGCOPY\n\377\r\n\0", flags (int32 0), extension length (int32 0).
void append_binary_header(std::string& out);
// The trailer: int16 -1.
void append_binary_trailer(std::string& out);

// Binary fields: int32 length (-1 for NULL) followed by the value in the type's send/recv form.
inline void append_binary_null(std::string& out) { append_be32(out, 0xFFFFFFFFU); }
inline void append_binary_int16(std::string& out, std::int16_t v) {
    append_be32(out, 2);
    append_be16(out, static_cast<std::uint16_t>(v));
}
inline void append_binary_int32(std::string& out, std::int32_t v) {
    append_be32(out, 4);
    append_be32(out, static_cast<std::uint32_t>(v));
}
inline void append_binary_int64(std::string& out, std::int64_t v) {
    append_be32(out, 8);
    append_be64(out, static_cast<std::uint64_t>(v));
}
inline void append_binary_float4(std::string& out, float v) {
    std::uint32_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    append_be32(out, 4);
    append_be32(out, bits);
}
inline void append_binary_float8(std::string& out, double v) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    append_be32(out, 8);
    append_be64(out, bits);
}
inline void append_binary_bool(std::string& out, bool v) {
    append_be32(out, 1);
    out += v ? '\1' : '\0';
}
// text/varchar/bpchar: the raw bytes (UTF-8; the server converts and checks the encoding, and pads/limits CHAR(n)
// and VARCHAR(n) exactly as for text input). The bytes must not contain NUL.
inline void append_binary_text(std::string& out, std::string_view v) {
    append_be32(out, static_cast<std::uint32_t>(v.size()));
    out.append(v.data(), v.size());
}
// date: int32 days since 2000-01-01 (the argument: days since 1970-01-01).
void append_binary_date(std::string& out, std::int64_t days_since_1970);
// timestamp/timestamptz: int64 microseconds since 2000-01-01 00:00:00 (UTC for timestamptz)
// (the argument: microseconds since 1970-01-01 00:00:00).
void append_binary_timestamp(std::string& out, std::int64_t micros_since_1970);

// numeric: int16 ndigits, int16 weight, int16 sign (0x0000 positive, 0x4000 negative), int16 dscale, then ndigits
// int16 base-10000 digits. `int_digits`: the decimal digits before the point (no sign, leading zeros allowed),
// `frac_digits`: those after it; dscale = frac_digits.size(). Zero is sent positive with no digits.
void append_binary_numeric(std::string& out, bool negative, std::string_view int_digits, std::string_view frac_digits);

// The frame of one row: binary = int16 field count, then the fields; text = fields separated by '\t', ended by '\n'.
// Every record converter (JSON, CSV) frames its rows through this, so the two formats live in one place.
class row_framing {
public:
    row_framing(wire_format format, std::size_t fields) noexcept
        : format_(format), fields_(static_cast<std::uint16_t>(fields)) {}

    [[nodiscard]] wire_format format() const noexcept { return format_; }
    // Before the first field.
    void begin_row(std::string& out) const {
        if (format_ == wire_format::binary) {
            append_be16(out, fields_);
        }
    }
    // Before field i (0-based).
    void before_field(std::string& out, std::size_t i) const {
        if (format_ == wire_format::text && i > 0) {
            out += '\t';
        }
    }
    // After the last field.
    void end_row(std::string& out) const {
        if (format_ == wire_format::text) {
            out += '\n';
        }
    }
    // A NULL field.
    void null_field(std::string& out) const {
        if (format_ == wire_format::binary) {
            append_binary_null(out);
        } else {
            out += "\\N";
        }
    }

private:
    wire_format format_;
    std::uint16_t fields_;
};

// The start and end of a whole COPY stream in `format` (binary: header and trailer; text: nothing).
inline void append_stream_start(std::string& out, wire_format format) {
    if (format == wire_format::binary) {
        append_binary_header(out);
    }
}
inline void append_stream_end(std::string& out, wire_format format) {
    if (format == wire_format::binary) {
        append_binary_trailer(out);
    }
}

}  // namespace starshift::copy
