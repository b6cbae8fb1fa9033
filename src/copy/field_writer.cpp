#include "starshift/copy/detail/field_writer.hpp"

#include <cstdint>
#include <cstring>

namespace starshift::copy::detail {

bool is_ascii(std::string_view s) noexcept {
    const char* p = s.data();
    const char* const end = p + s.size();
    std::uint64_t high = 0;
    for (; end - p >= 8; p += 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, p, 8);
        high |= w;
    }
    for (; p < end; ++p) {
        high |= static_cast<unsigned char>(*p);
    }
    return (high & 0x8080808080808080ULL) == 0;
}

void set_reject(reject& rej, const std::string& column, const conversion_error& ce, std::string_view raw) {
    rej = reject{};
    rej.column = column;
    rej.code = ce.code;
    rej.reason = ce.reason;
    rej.raw_value.assign(cut_utf8(raw, max_raw_value_bytes));
}

void set_structure_reject(reject& rej, std::string column, int code, std::string reason, std::string_view record) {
    rej = reject{};
    rej.column = std::move(column);
    rej.code = code;
    rej.reason = std::move(reason);
    rej.raw_value.assign(cut_utf8(record, max_raw_value_bytes));
}

bool field_writer::write(std::string_view text, bool null, const target_column& col,
                         const conversion_settings& settings, std::string& out, reject& rej) {
    if (!null && !is_ascii(text)) {
        utf8_.clear();
        const std::size_t bad =
            replace_invalid_utf8(text, settings.acceptinvchars ? *settings.acceptinvchars : "?", utf8_);
        if (bad > 0) {
            if (!settings.acceptinvchars) {
                set_reject(rej, col.name, {error_code::invalid_utf8, "invalid UTF-8"}, text);
                return false;
            }
            text = utf8_;
        }
    }
    json_value v;
    if (null) {
        v.kind = json_value::null;
    } else {
        v.kind = json_value::string;
        v.text = text;
    }
    const conversion_error ce = convert_value(v, col.type, col.not_null, settings, out, scratch_);
    if (ce.code != 0) {
        set_reject(rej, col.name, ce, text);
        return false;
    }
    return true;
}

bool field_writer::write_missing(const target_column& col, const conversion_settings& settings, std::string& out,
                                 reject& rej) {
    return write(std::string_view(), col.type.kind != type_kind::varchar, col, settings, out, rej);
}

}  // namespace starshift::copy::detail
