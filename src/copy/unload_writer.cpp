#include "starshift/copy/unload_writer.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <utility>

#include "starshift/common/text.hpp"
#include "starshift/common/utf8.hpp"
#include "starshift/io/compress.hpp"

namespace starshift::copy {
namespace {

bool needs_csv_quotes(std::string_view v, char delimiter) {
    for (const char c : v)
        if (c == delimiter || c == '"' || c == '\n' || c == '\r') return true;
    return false;
}

std::string two_digits(unsigned n, int width) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%0*u", width, n);
    return buf;
}

std::string file_suffix(const unload_spec& spec) {
    // EXTENSION: "If you don't provide any extension, Amazon Redshift doesn't add anything to the filename. If you
    // specify a compression method without providing an extension, Amazon Redshift only adds the compression
    // method's extension to the filename."
    if (spec.extension) return (spec.extension->front() == '.' ? "" : ".") + *spec.extension;
    switch (spec.compression) {
        case compression::gzip: return ".gz";
        case compression::zstd: return ".zst";
        case compression::bzip2: return ".bz2";
        case compression::none: break;
    }
    return "";
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

unload_error::unload_error(std::string id, std::string_view destination, std::string_view detail)
    : error(std::move(id), std::string(destination) + ": " + std::string(detail)) {}

// ---------------------------------------------------------------- formatting
unload_formatter::unload_formatter(const unload_spec& spec, std::vector<unload_column> columns)
    : spec_(spec), columns_(std::move(columns)), delimiter_(spec.field_delimiter()) {
    if (spec.fixed_width() && spec.fixedwidth.size() != columns_.size())
        throw unload_error("starshift.unload.fixedwidth_columns", spec.to,
                           "FIXEDWIDTH names " + std::to_string(spec.fixedwidth.size()) + " fields but the query has " +
                               std::to_string(columns_.size()) + " columns");
    if (spec.format == unload_format_kind::json) {
        std::set<std::string> seen;
        for (const auto& c : columns_)
            if (!seen.insert(c.name).second)
                throw unload_error("starshift.unload.json_duplicate_column", spec.to,
                                   "column name " + c.name +
                                       " appears twice: to create a valid JSON object, the name of each column in the "
                                       "query must be unique");
    }
}

void unload_formatter::append_delimited(std::string& out, std::string_view v, bool character, bool is_null) const {
    // ADDQUOTES quotes "each unloaded data field"; a NULL (its NULL AS string) is left bare, so that COPY …
    // REMOVEQUOTES reads it back as NULL and not as the text of the NULL string (docs/unload.md).
    const bool quote = spec_.addquotes && !is_null;
    if (quote) out += '"';
    if (is_null || !spec_.escape || !character) {
        out.append(v);
    } else {
        // ESCAPE: "an escape character (\) is placed before every occurrence of" line feed, carriage return, the
        // delimiter, the escape character, and a quotation mark (" or ') when ADDQUOTES is given too.
        for (const char c : v) {
            if (c == '\n' || c == '\r' || c == delimiter_ || c == '\\' || (quote && (c == '"' || c == '\'')))
                out += '\\';
            out += c;
        }
    }
    if (quote) out += '"';
}

void unload_formatter::append_csv(std::string& out, std::string_view v, bool is_null) const {
    // "If a field contains delimiters, double quotation marks, newline characters, or carriage returns, then the
    // field in the unloaded file is enclosed in double quotation marks. A double quotation mark within a data field
    // is escaped by an additional double quotation mark." An empty string is written "" so that it differs from
    // NULL (docs/unload.md).
    if (!is_null && (v.empty() || needs_csv_quotes(v, delimiter_))) {
        out += '"';
        for (const char c : v) {
            if (c == '"') out += '"';
            out += c;
        }
        out += '"';
    } else {
        out.append(v);
    }
}

void unload_formatter::append_fixed(std::string& out, std::size_t i, std::optional<std::string_view> v) const {
    const unload_column& col = columns_[i];
    const std::size_t width = spec_.fixedwidth[i].width;
    std::string_view text;
    if (v) {
        text = *v;
        if (utf8_code_points(text) > width)
            throw unload_error("starshift.unload.fixedwidth_overflow", spec_.to,
                               "column " + col.name + ": a value of " + std::to_string(utf8_code_points(text)) +
                                   " characters does not fit FIXEDWIDTH " + spec_.fixedwidth[i].label + ":" +
                                   std::to_string(width) + " (UNLOAD fails rather than truncate)");
    } else if (spec_.null_as) {
        // "If a null string is specified for a fixed-width unload and the width of an output column is less than the
        // width of the null string: an empty field is output for non-character columns; an error is reported for
        // character columns."
        if (utf8_code_points(*spec_.null_as) <= width) text = *spec_.null_as;
        else if (col.what == unload_column::kind::character)
            throw unload_error("starshift.unload.null_too_wide", spec_.to,
                               "column " + col.name + ": NULL AS '" + *spec_.null_as + "' is wider than FIXEDWIDTH " +
                                   std::to_string(width));
    }
    out.append(text);
    out.append(width - utf8_code_points(text), ' ');  // NULL without NULL AS: "Whitespace strings"
}

void unload_formatter::append_json(std::string& out, const unload_row& values) const {
    out += '{';
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        if (i > 0) out += ',';
        out += '"';
        out += json_escape(columns_[i].name);
        out += "\":";
        const auto& v = values[i];
        if (!v) {
            out += "null";  // "NULL values are unloaded as null"
            continue;
        }
        const bool finite_number = columns_[i].what == unload_column::kind::number && as_number(*v).has_value() &&
                                   v->find_first_of("nN") == std::string_view::npos;  // NaN, Infinity: strings
        if (finite_number) {
            out.append(*v);
        } else {
            out += '"';
            out += json_escape(*v);  // booleans: "boolean values are unloaded as t or f"
            out += '"';
        }
    }
    out += "}\n";
}

void unload_formatter::append_header(std::string& out) const {
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        if (i > 0) out += delimiter_;
        if (spec_.format == unload_format_kind::csv) append_csv(out, columns_[i].name, false);
        else append_delimited(out, columns_[i].name, true, false);
    }
    out += '\n';
}

void unload_formatter::append_row(std::string& out, const unload_row& values) const {
    if (spec_.format == unload_format_kind::json) {
        append_json(out, values);
        return;
    }
    const bool csv = spec_.format == unload_format_kind::csv;
    const std::string_view null_text = spec_.null_as ? std::string_view(*spec_.null_as) : std::string_view();
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        const auto& v = values[i];
        if (spec_.fixed_width()) {
            append_fixed(out, i, v);
            continue;
        }
        if (i > 0) out += delimiter_;
        if (csv) append_csv(out, v ? *v : null_text, !v);
        else append_delimited(out, v ? *v : null_text, columns_[i].what == unload_column::kind::character, !v);
    }
    out += '\n';
}

// ---------------------------------------------------------------- names and manifest
std::string unload_file_key(const unload_spec& spec, unsigned slice, unsigned part) {
    if (!spec.parallel) return spec.to + two_digits(part, 3) + file_suffix(spec);
    return spec.to + two_digits(slice, 4) + "_part_" + two_digits(part, 2) + file_suffix(spec);
}

std::string unload_manifest_key(const unload_spec& spec) { return spec.to + "manifest"; }

bool unload_could_write(const unload_spec& spec, std::string_view key) {
    if (key.substr(0, spec.to.size()) != spec.to) return false;
    std::string_view rest = key.substr(spec.to.size());
    if (rest == "manifest") return true;
    const std::string suffix = file_suffix(spec);
    if (rest.size() < suffix.size() || rest.substr(rest.size() - suffix.size()) != suffix) return false;
    rest.remove_suffix(suffix.size());
    if (!spec.parallel) return all_digits(rest) && rest.size() >= 3;
    const auto sep = rest.find("_part_");
    return sep != std::string_view::npos && all_digits(rest.substr(0, sep)) && all_digits(rest.substr(sep + 6));
}

std::string unload_manifest_json(const unload_spec& spec, const std::vector<unload_column>& columns,
                                 const std::vector<unload_file>& files) {
    std::string out = "{\n  \"entries\": [\n";
    std::uint64_t bytes = 0, rows = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
        const unload_file& f = files[i];
        out += "    {\"url\":\"" + json_escape(f.key) + "\"";
        if (spec.manifest_verbose)
            out += ", \"meta\": { \"content_length\": " + std::to_string(f.bytes) +
                   ", \"record_count\": " + std::to_string(f.rows) + " }";
        out += i + 1 < files.size() ? "},\n" : "}\n";
        bytes += f.bytes;
        rows += f.rows;
    }
    out += "  ]";
    if (spec.manifest_verbose) {
        out += ",\n  \"schema\": {\n    \"elements\": [\n";
        for (std::size_t i = 0; i < columns.size(); ++i) {
            // "for CHAR, VARCHAR, or NUMERIC data types, dimensions for each column": the documentation's sample
            // is not valid JSON there ({ "base": "character varying", 25 }); written as "length", or "precision"
            // and "scale" (docs/unload.md).
            std::string base = columns[i].type;
            std::string dims;
            if (const auto open = base.find('('); open != std::string::npos && base.back() == ')') {
                const std::string args = base.substr(open + 1, base.size() - open - 2);
                base = base.substr(0, open);
                const auto comma = args.find(',');
                if (base == "numeric")
                    dims = ", \"precision\": " + args.substr(0, comma) +
                           ", \"scale\": " + (comma == std::string::npos ? "0" : args.substr(comma + 1));
                else if (base == "character varying" || base == "character")
                    dims = ", \"length\": " + args;
                else
                    base = columns[i].type;
            }
            out += "      {\"name\": \"" + json_escape(columns[i].name) + "\", \"type\": { \"base\": \"" +
                   json_escape(base) + "\"" + dims + " }}" + (i + 1 < columns.size() ? ",\n" : "\n");
        }
        out += "    ]\n  },\n  \"meta\": {\n    \"content_length\": " + std::to_string(bytes) +
               ",\n    \"record_count\": " + std::to_string(rows) +
               "\n  },\n  \"author\": {\n    \"name\": \"Amazon Redshift\",\n    \"version\": \"1.0.0\"\n  }";
    }
    return out + "\n}\n";
}

void check_unload_supported(const unload_spec& spec) {
    if (spec.format == unload_format_kind::parquet)
        throw unload_error("starshift.unload.parquet_unsupported", spec.to,
                           "FORMAT PARQUET cannot be written: Debian has no Apache Arrow C++ package (use CSV, JSON "
                           "or text)");
    if (spec.encrypted)
        throw unload_error("starshift.unload.encrypted_unsupported", spec.to,
                           "ENCRYPTED (client- or KMS-side encryption) is not supported: unload without it");
}

// ---------------------------------------------------------------- the files
struct unload_writer::slice_file {
    std::unique_ptr<io::byte_writer> writer;
    std::string key;
    unsigned part = 0;           // of the open file (or the next one)
    std::uint64_t bytes = 0;     // uncompressed bytes of the open file
    std::uint64_t rows = 0;      // lines of the open file
    bool wrote_any = false;      // a file of this slice was written
};

unload_writer::unload_writer(const unload_spec& spec, std::vector<unload_column> columns,
                             const io::object_store& store, unload_options options)
    : spec_(spec), formatter_(spec, std::move(columns)), store_(store), options_(options) {
    check_unload_supported(spec);
    max_bytes_ = options.max_file_bytes ? *options.max_file_bytes
                                        : spec.maxfilesize ? *spec.maxfilesize : unload_max_file_size;
    if (max_bytes_ == 0) max_bytes_ = 1;
    if (options_.slices == 0) options_.slices = 1;
    slices_.resize(spec.parallel ? options_.slices : 1);
    const std::vector<io::object_info> existing = store.list(spec.to);
    if (spec.cleanpath) {
        // CLEANPATH "removes existing files located in the Amazon S3 path specified in the TO clause".
        for (const auto& o : existing) store.remove(o.key);
    } else if (!spec.allowoverwrite) {
        for (const auto& o : existing)
            if (unload_could_write(spec, o.key))
                throw unload_error("starshift.unload.would_overwrite", spec.to,
                                   o.key + " exists: UNLOAD fails if it finds files that it would possibly overwrite "
                                           "(give ALLOWOVERWRITE or CLEANPATH)");
    }
}

unload_writer::~unload_writer() = default;

void unload_writer::open_file(slice_file& f, unsigned slice) {
    f.key = unload_file_key(spec_, slice, f.part);
    f.writer = io::make_compressing_writer(store_.create(f.key), spec_.compression);
    f.bytes = 0;
    f.rows = 0;
    f.wrote_any = true;
    if (spec_.header) {
        // "Adds a header line containing column names at the top of each output file."
        line_.clear();
        formatter_.append_header(line_);
        f.writer->write(line_.data(), line_.size());
        f.bytes += line_.size();
        f.rows += 1;
    }
}

void unload_writer::close_file(slice_file& f) {
    const std::uint64_t stored = f.writer->finish();
    f.writer.reset();
    files_.push_back({f.key, stored, f.rows});
    ++f.part;
}

void unload_writer::add(const unload_row& values) {
    const auto slice = static_cast<unsigned>(rows_ % slices_.size());
    slice_file& f = slices_[slice];
    line_.clear();
    formatter_.append_row(line_, values);
    // MAXFILESIZE: a row that would take the open file past the limit starts the next file (a row is never split).
    if (f.writer && f.rows > (spec_.header ? 1U : 0U) && f.bytes + line_.size() > max_bytes_) close_file(f);
    if (!f.writer) {
        const std::string row = std::move(line_);
        open_file(f, slice);
        line_ = row;
    }
    f.writer->write(line_.data(), line_.size());
    f.bytes += line_.size();
    f.rows += 1;
    ++rows_;
}

unload_result unload_writer::finish() {
    // A slice without rows: text and CSV write its (empty, or header-only) file, as "Amazon Redshift might write
    // empty Amazon S3 objects"; JSON writes none ("When zero rows are unloaded, Amazon Redshift does not write
    // Amazon S3 objects").
    for (unsigned s = 0; s < slices_.size(); ++s) {
        slice_file& f = slices_[s];
        if (!f.writer && !f.wrote_any && spec_.format != unload_format_kind::json) open_file(f, s);
        if (f.writer) close_file(f);
    }
    std::sort(files_.begin(), files_.end(), [](const unload_file& a, const unload_file& b) { return a.key < b.key; });
    unload_result r;
    r.rows = rows_;
    if (spec_.manifest) {
        r.manifest_key = unload_manifest_key(spec_);
        (void)io::write_object(store_, r.manifest_key, unload_manifest_json(spec_, formatter_.columns(), files_));
    }
    r.files = std::move(files_);
    return r;
}

// ---------------------------------------------------------------- PostgreSQL's text format
void decode_copy_text_line(std::string_view line, std::string& scratch, unload_row& out) {
    out.clear();
    scratch.clear();
    scratch.reserve(line.size());  // decoded text is never longer: the views below stay valid
    std::size_t field_start = 0;
    bool escaped_field = false;
    std::size_t i = 0;
    const auto end_field = [&](std::size_t stop) {
        const std::string_view raw = line.substr(field_start, stop - field_start);
        if (raw == "\\N") {
            out.emplace_back(std::nullopt);
        } else if (!escaped_field) {
            out.emplace_back(raw);
        } else {
            const std::size_t begin = scratch.size();
            for (std::size_t k = 0; k < raw.size(); ++k) {
                char c = raw[k];
                if (c == '\\' && k + 1 < raw.size()) {
                    const char e = raw[++k];
                    switch (e) {
                        case 'b': c = '\b'; break;
                        case 'f': c = '\f'; break;
                        case 'n': c = '\n'; break;
                        case 'r': c = '\r'; break;
                        case 't': c = '\t'; break;
                        case 'v': c = '\v'; break;
                        case 'x': {
                            int v = 0, digits = 0;
                            while (digits < 2 && k + 1 < raw.size() &&
                                   std::isxdigit(static_cast<unsigned char>(raw[k + 1])) != 0) {
                                const char h = raw[++k];
                                v = v * 16 + (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
                                ++digits;
                            }
                            c = static_cast<char>(v);
                            break;
                        }
                        default:
                            if (e >= '0' && e <= '7') {
                                int v = e - '0', digits = 1;
                                while (digits < 3 && k + 1 < raw.size() && raw[k + 1] >= '0' && raw[k + 1] <= '7') {
                                    v = v * 8 + (raw[++k] - '0');
                                    ++digits;
                                }
                                c = static_cast<char>(v);
                            } else {
                                c = e;  // \\ and any other escaped character: itself
                            }
                    }
                }
                scratch += c;
            }
            out.emplace_back(std::string_view(scratch).substr(begin));
        }
        escaped_field = false;
    };
    for (; i < line.size(); ++i) {
        if (line[i] == '\\') {
            escaped_field = true;
            ++i;  // the escaped character is never a delimiter
        } else if (line[i] == '\t') {
            end_field(i);
            field_start = i + 1;
        }
    }
    end_field(std::min(i, line.size()));
}

}  // namespace starshift::copy
