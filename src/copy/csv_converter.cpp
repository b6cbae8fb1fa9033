#include "starshift/copy/csv_converter.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "starshift/copy/copy_binary.hpp"
#include "starshift/copy/detail/field_writer.hpp"

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
    detail::field_writer writer;
    bool fillrecord = false;

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
        if (!split(rec, se)) {
            detail::set_structure_reject(rej, se.field < ncols ? columns[se.field].name : std::string(),
                                         csv_structure_code, se.reason, rec);
            return false;
        }
        if (fields.size() < ncols && !fillrecord) {
            detail::set_structure_reject(rej, columns[fields.size()].name, csv_structure_code, "Delimiter not found",
                                         rec);
            return false;
        }
        if (fields.size() > ncols) {
            detail::set_structure_reject(rej, std::string(), csv_structure_code, "Extra column(s) found", rec);
            return false;
        }
        return detail::write_row(framing, columns, fields.size(), settings, writer, out, rej, [&](std::size_t i) {
            const field& f = fields[i];
            const std::string_view text =
                f.buffered ? std::string_view(unescaped).substr(f.offset, f.length) : rec.substr(f.offset, f.length);
            const bool null = !f.quoted && options.null_as && text == *options.null_as;
            return writer.write(text, null, columns[i],
                                f.quoted && text.empty() && !options.emptyasnull_quoted ? settings_literal : settings,
                                out, rej);
        });
    }
};

csv_converter::csv_converter(std::vector<target_column> columns, csv_dialect dialect, conversion_settings settings,
                             csv_options options, bool fillrecord)
    : impl_(std::make_unique<impl>()) {
    impl& m = *impl_;
    m.fillrecord = fillrecord;
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
