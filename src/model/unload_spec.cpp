#include "starshift/model/unload_spec.hpp"

#include <cmath>
#include <cstdlib>
#include <string>

#include "starshift/common/text.hpp"

namespace starshift {
namespace {

[[noreturn]] void fail(const unload_spec& s, const char* id, std::string_view detail) {
    throw model_error(id, s.to, "", detail);
}

// The first option of `names` whose flag is set, or nullptr.
const char* first_set(std::initializer_list<std::pair<bool, const char*>> options) {
    for (const auto& [set, name] : options)
        if (set) return name;
    return nullptr;
}

}  // namespace

const char* to_sql(unload_format_kind k) noexcept {
    switch (k) {
        case unload_format_kind::text: return "";
        case unload_format_kind::csv: return "CSV";
        case unload_format_kind::json: return "JSON";
        case unload_format_kind::parquet: return "PARQUET";
    }
    return "";
}

char unload_spec::field_delimiter() const noexcept {
    if (delimiter) return *delimiter;
    return format == unload_format_kind::csv ? ',' : '|';
}

bool unload_spec::is_s3() const noexcept { return ascii_lower(std::string_view(to).substr(0, 5)) == "s3://"; }

bool operator==(const unload_spec& a, const unload_spec& b) {
    return a.query == b.query && a.to == b.to && a.credentials == b.credentials && a.region == b.region &&
           a.format == b.format && a.delimiter == b.delimiter && a.fixedwidth == b.fixedwidth &&
           a.header == b.header && a.addquotes == b.addquotes && a.escape == b.escape && a.null_as == b.null_as &&
           a.compression == b.compression && a.parallel == b.parallel && a.maxfilesize == b.maxfilesize &&
           a.manifest == b.manifest && a.manifest_verbose == b.manifest_verbose &&
           a.allowoverwrite == b.allowoverwrite && a.cleanpath == b.cleanpath && a.extension == b.extension &&
           a.encrypted == b.encrypted && a.encrypted_auto == b.encrypted_auto;
}

std::optional<std::uint64_t> parse_unload_file_size(std::string_view number, std::string_view unit) {
    if (number.empty() || number.size() > 32) return std::nullopt;
    int dots = 0;
    for (char c : number) {
        if (c == '.') ++dots;
        else if (c < '0' || c > '9') return std::nullopt;
    }
    if (dots > 1 || number == ".") return std::nullopt;
    const std::string u = ascii_lower(unit);
    double scale = 1024.0 * 1024.0;  // "The default unit is MB"
    if (u == "gb") scale *= 1024.0;
    else if (!u.empty() && u != "mb") return std::nullopt;
    const double v = std::strtod(std::string(number).c_str(), nullptr) * scale;
    if (!(v > 0) || v > 1e18) return std::nullopt;
    return static_cast<std::uint64_t>(std::llround(v));
}

void validate(const unload_spec& s) {
    if (s.query.empty()) fail(s, "starshift.model.unload_query_missing", "UNLOAD names no query");
    if (s.to.empty()) fail(s, "starshift.model.unload_destination_missing", "UNLOAD has no TO destination");
    if (s.to.find('\0') != std::string::npos)
        fail(s, "starshift.model.unload_destination_missing", "TO contains NUL");
    if (s.is_s3()) validate_s3_location(s.to, "TO", s.to);
    validate_authorization(s.credentials, s.is_s3(), s.to, "UNLOAD to S3");

    const bool fixed = s.fixed_width();
    const bool compressed = s.compression != compression::none;
    const char* bad = nullptr;
    switch (s.format) {
        case unload_format_kind::csv:
            // r_UNLOAD: "You can't use CSV with FIXEDWIDTH or ADDQUOTES." ESCAPE: COPY's CSV cannot read it back
            // (copy-parameters-data-format), so the files would not reload: refused too (docs/unload.md).
            bad = first_set({{fixed, "FIXEDWIDTH"}, {s.addquotes, "ADDQUOTES"}, {s.escape, "ESCAPE"}});
            if (bad)
                fail(s, "starshift.model.unload_option_not_for_csv", std::string(bad) + " cannot be used with CSV");
            break;
        case unload_format_kind::json:
            // "You can't use JSON with DELIMITER, HEADER, FIXEDWIDTH, ADDQUOTES, ESCAPE, or NULL AS."
            bad = first_set({{s.delimiter.has_value(), "DELIMITER"}, {s.header, "HEADER"}, {fixed, "FIXEDWIDTH"},
                             {s.addquotes, "ADDQUOTES"}, {s.escape, "ESCAPE"}, {s.null_as.has_value(), "NULL AS"}});
            if (bad)
                fail(s, "starshift.model.unload_option_not_for_json", std::string(bad) + " cannot be used with JSON");
            break;
        case unload_format_kind::parquet:
            // "You can't use PARQUET with DELIMITER, FIXEDWIDTH, ADDQUOTES, ESCAPE, NULL AS, HEADER, GZIP, BZIP2, or
            // ZSTD."
            bad = first_set({{s.delimiter.has_value(), "DELIMITER"}, {fixed, "FIXEDWIDTH"}, {s.addquotes, "ADDQUOTES"},
                             {s.escape, "ESCAPE"}, {s.null_as.has_value(), "NULL AS"}, {s.header, "HEADER"},
                             {compressed, "GZIP, BZIP2 or ZSTD"}});
            if (bad)
                fail(s, "starshift.model.unload_option_not_for_parquet",
                     std::string(bad) + " cannot be used with PARQUET");
            break;
        case unload_format_kind::text:
            break;
    }
    if (fixed) {
        // DELIMITER: "You can't use DELIMITER with FIXEDWIDTH."; HEADER: "You can't use HEADER with FIXEDWIDTH.";
        // ESCAPE applies to "delimited unload files" (and COPY refuses ESCAPE with FIXEDWIDTH).
        bad = first_set({{s.delimiter.has_value(), "DELIMITER"}, {s.header, "HEADER"}, {s.escape, "ESCAPE"}});
        if (bad)
            fail(s, "starshift.model.unload_option_not_for_fixedwidth",
                 std::string(bad) + " cannot be used with FIXEDWIDTH");
    }
    if (s.delimiter) {
        const char d = *s.delimiter;
        if (d == '\0' || d == '\n' || d == '\r' || d == '"' || d == '\\' || static_cast<unsigned char>(d) >= 0x80)
            fail(s, "starshift.model.unload_delimiter_invalid",
                 "DELIMITER must be a single ASCII character other than a line end, '\"' and '\\'");
    }
    if (s.cleanpath && s.allowoverwrite)
        fail(s, "starshift.model.unload_cleanpath_with_allowoverwrite",
             "You can't specify the CLEANPATH option if you specify the ALLOWOVERWRITE option");
    if (s.manifest_verbose && !s.manifest)
        fail(s, "starshift.model.unload_verbose_without_manifest", "VERBOSE is valid only following MANIFEST");
    if (s.maxfilesize && (*s.maxfilesize < unload_min_file_size || *s.maxfilesize > unload_max_file_size))
        fail(s, "starshift.model.unload_maxfilesize_invalid", "MAXFILESIZE must be between 5 MB and 6.2 GB");
    if (s.extension && (s.extension->empty() || s.extension->find('/') != std::string::npos))
        fail(s, "starshift.model.unload_extension_invalid", "EXTENSION must be a non-empty name without '/'");
}

}  // namespace starshift
