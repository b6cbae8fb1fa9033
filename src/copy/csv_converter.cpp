#include "starshift/copy/csv_converter.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "starshift/copy/copy_binary.hpp"

namespace starshift::copy {

namespace {

struct field {
    std::size_t offset = 0;
    std::size_t length = 0;
    bool quoted = false;
    bool buffered = false;  // the text is in the unescape buffer (a quoted field with "")
};

struct split_error {
    std::size_t field = 0;  // index of the field at fault
    std::string reason;
};

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

}  // namespace

struct csv_converter::impl {
    std::vector<target_column> columns;
    csv_dialect dialect;
    conversion_settings settings;          // every field but a quoted empty one
    conversion_settings settings_literal;  // a quoted empty field (""): no EMPTYASNULL or BLANKSASNULL, unless
                                           // csv_options::emptyasnull_quoted
    csv_options options;
    row_framing framing{wire_format::text, 0};
    std::vector<field> fields;
    std::string unescaped;
    std::string utf8;
    std::string scratch;

    // Splits `rec` into fields with the grammar of csv_splitter. False (and `err`) on a structure error.
    bool split(std::string_view rec, split_error& err) {
        fields.clear();
        unescaped.clear();
        const char d = dialect.delimiter;
        const char q = dialect.quote;
        const std::size_t n = rec.size();
        std::size_t i = 0;
        for (;;) {
            const std::size_t start = i;
            while (i < n && rec[i] != d && (rec[i] == ' ' || rec[i] == '\t')) {
                ++i;
            }
            if (i < n && rec[i] == q) {
                ++i;
                const std::size_t content = i;
                std::size_t seg = i;
                bool escaped = false;
                const std::size_t buf_start = unescaped.size();
                for (;;) {
                    const std::size_t k = rec.find(q, i);
                    if (k == std::string_view::npos) {
                        err = {fields.size(), "Delimited value missing end quote"};
                        return false;
                    }
                    if (k + 1 < n && rec[k + 1] == q) {
                        unescaped.append(rec.substr(seg, k + 1 - seg));  // up to and with one quote
                        escaped = true;
                        i = k + 2;
                        seg = i;
                        continue;
                    }
                    field f;
                    f.quoted = true;
                    if (escaped) {
                        unescaped.append(rec.substr(seg, k - seg));
                        f.buffered = true;
                        f.offset = buf_start;
                        f.length = unescaped.size() - buf_start;
                    } else {
                        f.offset = content;
                        f.length = k - content;
                    }
                    fields.push_back(f);
                    i = k + 1;
                    break;
                }
                while (i < n && rec[i] != d && (rec[i] == ' ' || rec[i] == '\t')) {
                    ++i;
                }
                if (i >= n) {
                    return true;
                }
                if (rec[i] != d) {
                    err = {fields.size() - 1, "Delimiter not found after a quoted value"};
                    return false;
                }
                ++i;
                continue;
            }
            // unquoted: leading white space is part of the value; a quote is an ordinary character
            const std::size_t k = rec.find(d, start);
            field f;
            f.offset = start;
            if (k == std::string_view::npos) {
                f.length = n - start;
                fields.push_back(f);
                return true;
            }
            f.length = k - start;
            fields.push_back(f);
            i = k + 1;
        }
    }

    bool convert(std::string_view rec, std::string& out, reject& rej) {
        split_error se;
        const std::size_t ncols = columns.size();
        auto structure_reject = [&](std::string column, std::string reason) {
            rej = reject{};
            rej.column = std::move(column);
            rej.code = csv_structure_code;
            rej.reason = std::move(reason);
            rej.raw_value.assign(cut_utf8(rec, max_raw_value_bytes));
            return false;
        };
        if (!split(rec, se)) {
            return structure_reject(se.field < ncols ? columns[se.field].name : std::string(), se.reason);
        }
        if (fields.size() < ncols) {
            return structure_reject(columns[fields.size()].name, "Delimiter not found");
        }
        if (fields.size() > ncols) {
            return structure_reject(std::string(), "Extra column(s) found");
        }
        const std::size_t mark = out.size();
        framing.begin_row(out);
        for (std::size_t i = 0; i < ncols; ++i) {
            framing.before_field(out, i);
            const field& f = fields[i];
            std::string_view text = f.buffered ? std::string_view(unescaped).substr(f.offset, f.length)
                                               : rec.substr(f.offset, f.length);
            if (!is_ascii(text)) {
                utf8.clear();
                const std::size_t bad =
                    replace_invalid_utf8(text, settings.acceptinvchars ? *settings.acceptinvchars : "?", utf8);
                if (bad > 0) {
                    if (!settings.acceptinvchars) {
                        out.resize(mark);
                        rej = reject{};
                        rej.column = columns[i].name;
                        rej.code = error_code::invalid_utf8;
                        rej.reason = "invalid UTF-8";
                        rej.raw_value.assign(text.substr(0, max_raw_value_bytes));
                        return false;
                    }
                    text = utf8;
                }
            }
            json_value v;
            if (!f.quoted && options.null_as && text == *options.null_as) {
                v.kind = json_value::null;
            } else {
                v.kind = json_value::string;
                v.text = text;
            }
            const conversion_error ce = convert_value(v, columns[i].type, columns[i].not_null,
                                                      f.quoted && text.empty() && !options.emptyasnull_quoted
                                                          ? settings_literal
                                                          : settings,
                                                      out, scratch);
            if (ce.code != 0) {
                out.resize(mark);
                rej = reject{};
                rej.column = columns[i].name;
                rej.code = ce.code;
                rej.reason = ce.reason;
                rej.raw_value.assign(cut_utf8(text, max_raw_value_bytes));
                return false;
            }
        }
        framing.end_row(out);
        return true;
    }
};

csv_converter::csv_converter(std::vector<target_column> columns, csv_dialect dialect, conversion_settings settings,
                             csv_options options)
    : impl_(std::make_unique<impl>()) {
    impl& m = *impl_;
    m.framing = row_framing(settings.wire, columns.size());
    m.columns = std::move(columns);
    m.dialect = dialect;
    m.settings_literal = settings;
    m.settings_literal.emptyasnull = false;
    m.settings_literal.blanksasnull = false;
    m.settings = std::move(settings);
    m.options = std::move(options);
}

csv_converter::~csv_converter() = default;

bool csv_converter::convert(std::string_view record, std::string& out, reject& rej) {
    return impl_->convert(record, out, rej);
}

const std::vector<target_column>& csv_converter::columns() const noexcept { return impl_->columns; }

}  // namespace starshift::copy
