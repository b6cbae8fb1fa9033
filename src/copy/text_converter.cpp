#include "starshift/copy/text_converter.hpp"

#include <algorithm>

#include "starshift/copy/copy_binary.hpp"
#include "starshift/copy/detail/field_writer.hpp"

namespace starshift::copy {

text_format text_format::from_spec(const copy_format& f, fixedwidth_unit unit) {
    text_format t;
    t.delimiter = f.field_delimiter();
    t.escape = f.escape;
    t.removequotes = f.removequotes;
    t.fillrecord = f.fillrecord;
    t.null_as = f.null_as ? *f.null_as : std::string(default_null_as);
    for (const auto& w : f.fixedwidth) {
        t.widths.push_back(w.width);
    }
    t.unit = unit;
    return t;
}

namespace {

struct field {
    std::size_t offset = 0;  // the value: in the record, or in the unescape buffer when `buffered`
    std::size_t length = 0;
    bool buffered = false;
    bool quoted = false;            // REMOVEQUOTES removed its quotes
    std::string_view raw;           // the field as written (for NULL AS)
};

bool is_space(char c) noexcept { return c == ' ' || c == '\t'; }

std::string_view strip_spaces(std::string_view s) noexcept {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

}  // namespace

struct text_converter::impl {
    std::vector<target_column> columns;
    text_format format;
    conversion_settings settings;
    row_framing framing{wire_format::text, 0};
    std::vector<field> fields;
    std::string buf;  // unescaped values
    detail::field_writer writer;
    std::string missing_quote_column;
    bool record_has_escape = false;  // ESCAPE is on and the record being split holds a backslash

    // A REMOVEQUOTES field from its opening quote at rec[j]: the value runs to the same quote followed (after
    // spaces or tabs) by the delimiter or the record's end; with ESCAPE a backslash keeps the next byte. Returns
    // the index after the field (at the delimiter or the end), or npos when the quote is never closed.
    std::size_t quoted_field(std::string_view rec, std::size_t j, field& f) {
        const char q = rec[j];
        const std::size_t n = rec.size();
        f.offset = buf.size();
        f.buffered = true;
        f.quoted = true;
        for (std::size_t k = j + 1; k < n; ++k) {
            const char c = rec[k];
            if (format.escape && c == '\\' && k + 1 < n) {
                buf += rec[++k];
                continue;
            }
            if (c == q) {
                std::size_t m = k + 1;
                while (m < n && is_space(rec[m]) && rec[m] != format.delimiter) ++m;
                if (m >= n || rec[m] == format.delimiter) {
                    f.length = buf.size() - f.offset;
                    return m;
                }
            }
            buf += c;
        }
        return std::string_view::npos;
    }

    // An unquoted delimited field from rec[i]: returns the index of its end (the delimiter or the record's end).
    std::size_t plain_field(std::string_view rec, std::size_t i, field& f) {
        const char d = format.delimiter;
        const std::size_t n = rec.size();
        if (!record_has_escape) {
            const std::size_t k = rec.find(d, i);
            f.offset = i;
            f.length = (k == std::string_view::npos ? n : k) - i;
            return i + f.length;
        }
        std::size_t k = i;
        while (k < n && rec[k] != d && rec[k] != '\\') ++k;
        if (k >= n || rec[k] == d) {
            f.offset = i;
            f.length = k - i;
            return k;
        }
        // a backslash: unescape into the buffer ("\x" is x, whatever x is; a last lone backslash stays)
        f.offset = buf.size();
        f.buffered = true;
        buf.append(rec.substr(i, k - i));
        for (; k < n && rec[k] != d; ++k) {
            if (rec[k] == '\\' && k + 1 < n) ++k;
            buf += rec[k];
        }
        f.length = buf.size() - f.offset;
        return k;
    }

    // Splits a delimited record; false (with the column at fault in missing_quote_column) on an unclosed quote.
    bool split_delimited(std::string_view rec) {
        const std::size_t n = rec.size();
        // most records hold no backslash: their fields are found with memchr alone
        record_has_escape = format.escape && rec.find('\\') != std::string_view::npos;
        std::size_t i = 0;
        for (;;) {
            field f;
            std::size_t end = 0;
            std::size_t j = i;
            if (format.removequotes) {
                while (j < n && is_space(rec[j]) && rec[j] != format.delimiter) ++j;
            }
            if (format.removequotes && j < n && (rec[j] == '"' || rec[j] == '\'')) {
                end = quoted_field(rec, j, f);
                if (end == std::string_view::npos) {
                    missing_quote_column = fields.size() < columns.size() ? columns[fields.size()].name : "";
                    return false;
                }
            } else {
                end = plain_field(rec, i, f);
            }
            f.raw = rec.substr(i, end - i);
            fields.push_back(f);
            if (end >= n) return true;
            i = end + 1;
        }
    }

    // Splits a fixed-width record; false when it is longer than the fields (extra data).
    bool split_fixed(std::string_view rec) {
        const std::size_t n = rec.size();
        std::size_t i = 0;
        for (const std::uint32_t w : format.widths) {
            if (i >= n) break;
            std::size_t k = i;
            if (format.unit == fixedwidth_unit::bytes) {
                k = std::min(n, i + w);
            } else {
                for (std::uint32_t c = 0; c < w && k < n; ++c) {
                    ++k;
                    while (k < n && (static_cast<unsigned char>(rec[k]) & 0xC0U) == 0x80U) ++k;  // continuation
                }
            }
            field f;
            f.raw = rec.substr(i, k - i);
            std::string_view v = f.raw;
            if (format.removequotes) {
                const std::string_view s = strip_spaces(v);
                if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) {
                    v = s.substr(1, s.size() - 2);
                    f.quoted = true;
                }
            }
            f.offset = static_cast<std::size_t>(v.data() - rec.data());
            f.length = v.size();
            fields.push_back(f);
            i = k;
        }
        return i >= n;
    }

    bool is_null(const field& f, std::string_view value) const {
        if (f.quoted || !format.null_as) return false;
        const std::string& null_as = *format.null_as;
        if (!format.widths.empty()) return strip_spaces(f.raw) == strip_spaces(null_as);  // padding is no data
        // The field as written; with ESCAPE and the default '\N', also after unescaping, so that \N and \\N are
        // both NULL (copy-parameters-data-conversion, ESCAPE).
        return f.raw == null_as || (format.escape && null_as == default_null_as && value == null_as);
    }

    bool convert(std::string_view rec, std::string& out, reject& rej) {
        fields.clear();
        buf.clear();
        const std::size_t ncols = columns.size();
        if (format.escape) {
            // ESCAPE: "NUL … is treated as an end of record (EOR) marker, causing the remainder of the record to be
            // truncated"
            rec = rec.substr(0, rec.find('\0'));
        }
        const bool fixed = !format.widths.empty();
        if (fixed) {
            if (!split_fixed(rec)) {
                detail::set_structure_reject(rej, std::string(), text_code::extra_columns,
                                             "Extra column(s) found (the line is longer than the FIXEDWIDTH fields)",
                                             rec);
                return false;
            }
        } else if (!split_delimited(rec)) {
            detail::set_structure_reject(rej, missing_quote_column, text_code::delimiter,
                                         "Delimited value missing end quote (REMOVEQUOTES)", rec);
            return false;
        }
        if (!fixed && fields.size() == ncols + 1 && fields.back().raw.empty()) {
            // A line that ends with the delimiter: the empty field after it is no column (r_COPY_command_examples,
            // "Load data from a file with default values": "1|Toyota Park|Bridgeview|IL|" loads four columns).
            fields.pop_back();
        }
        if (fields.size() > ncols) {
            detail::set_structure_reject(rej, std::string(), text_code::extra_columns, "Extra column(s) found", rec);
            return false;
        }
        if (fields.size() < ncols && !format.fillrecord) {
            detail::set_structure_reject(rej, columns[fields.size()].name,
                                         fixed ? text_code::fewer_columns : text_code::delimiter,
                                         fixed ? "Line shorter than the FIXEDWIDTH fields" : "Delimiter not found",
                                         rec);
            return false;
        }
        return detail::write_row(framing, columns, fields.size(), settings, writer, out, rej, [&](std::size_t i) {
            const field& f = fields[i];
            const std::string_view value =
                f.buffered ? std::string_view(buf).substr(f.offset, f.length) : rec.substr(f.offset, f.length);
            return writer.write(value, is_null(f, value), columns[i], settings, out, rej);
        });
    }
};

text_converter::text_converter(std::vector<target_column> columns, text_format format, conversion_settings settings)
    : impl_(std::make_unique<impl>()) {
    impl& m = *impl_;
    m.framing = row_framing(settings.wire, columns.size());
    m.columns = std::move(columns);
    m.format = std::move(format);
    m.settings = std::move(settings);
}

text_converter::~text_converter() = default;

bool text_converter::convert(std::string_view record, std::string& out, reject& rej) {
    return impl_->convert(record, out, rej);
}

const std::vector<target_column>& text_converter::columns() const noexcept { return impl_->columns; }

}  // namespace starshift::copy
