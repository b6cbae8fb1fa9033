#include "starshift/model/copy_spec.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include "starshift/common/text.hpp"
#include "starshift/model/identifier.hpp"

namespace starshift {
namespace {

[[noreturn]] void fail(const copy_spec& s, const std::string& id, std::string column, std::string_view detail) {
    throw model_error(id, s.table, std::move(column), detail);
}

bool starts_with_s3(std::string_view uri) { return ascii_lower(uri.substr(0, 5)) == "s3://"; }

void validate_s3_uri(const copy_spec& s, std::string_view uri, std::string_view what) {
    const std::string_view rest = uri.substr(5);
    const auto slash = rest.find('/');
    const std::string_view bucket = rest.substr(0, slash);
    if (bucket.empty())
        fail(s, "starshift.model.s3_uri_invalid",
             "", std::string(what) + " '" + std::string(uri) + "' names no bucket");
    for (char c : bucket)
        if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-' ||
              c == '.'))
            fail(s, "starshift.model.s3_uri_invalid", "",
                 std::string(what) + " bucket '" + std::string(bucket) +
                     "' may contain only lower-case letters, digits, '-' and '.'");
    if (uri.find('\0') != std::string_view::npos) fail(s, "starshift.model.s3_uri_invalid",
                                                       "", std::string(what) + " contains NUL");
}

// The documented combinations a format refuses (copy-parameters-data-format, copy-parameters-data-conversion).
void validate_format_options(const copy_spec& s, bool json) {
    const auto& f = s.format;
    if (json) {
        // copy-parameters-data-format, "JSON": not supported with CSV, DELIMITER, ESCAPE, FILLRECORD, FIXEDWIDTH,
        // IGNOREBLANKLINES, NULL AS, READRATIO, REMOVEQUOTES (and QUOTE is CSV's)
        const char* bad = f.delimiter          ? "DELIMITER"
                          : f.quote != '"'     ? "QUOTE AS"
                          : f.escape           ? "ESCAPE"
                          : f.fillrecord       ? "FILLRECORD"
                          : f.fixed_width()    ? "FIXEDWIDTH"
                          : f.ignoreblanklines ? "IGNOREBLANKLINES"
                          : f.null_as          ? "NULL AS"
                          : f.removequotes     ? "REMOVEQUOTES"
                                               : nullptr;
        if (bad != nullptr)
            fail(s, "starshift.model.copy_option_not_for_json", "", std::string(bad) + " is not supported with JSON");
        return;
    }
    if (f.kind == copy_format_kind::csv) {
        // "CSV can't be used with FIXEDWIDTH, REMOVEQUOTES, or ESCAPE"
        const char* bad = f.fixed_width() ? "FIXEDWIDTH" : f.removequotes ? "REMOVEQUOTES" : f.escape ? "ESCAPE" : nullptr;
        if (bad != nullptr)
            fail(s, "starshift.model.copy_option_not_for_csv", "", std::string(bad) + " cannot be used with CSV");
        return;
    }
    if (f.quote != '"')
        fail(s, "starshift.model.copy_quote_invalid", "", "QUOTE AS is valid only with CSV");
    if (f.fixed_width()) {
        // "DELIMITER can't be used with FIXEDWIDTH"; "You can't use the ESCAPE parameter for FIXEDWIDTH loads"
        if (f.delimiter)
            fail(s, "starshift.model.copy_option_not_for_fixedwidth", "", "DELIMITER cannot be used with FIXEDWIDTH");
        if (f.escape)
            fail(s, "starshift.model.copy_option_not_for_fixedwidth", "", "ESCAPE cannot be used with FIXEDWIDTH");
    }
}

}  // namespace

std::string to_sql(compression c) {
    switch (c) {
        case compression::none: return "";
        case compression::gzip: return "GZIP";
        case compression::zstd: return "ZSTD";
        case compression::bzip2: return "BZIP2";
    }
    return "";
}

std::optional<compression> parse_compression(std::string_view s) {
    if (iequals(s, "none")) return compression::none;  // to_sql(none) is "", which matches too
    return parse_name(s, {compression::none, compression::gzip, compression::zstd, compression::bzip2},
                      [](compression v) { return to_sql(v); });
}

bool copy_source::is_s3() const noexcept { return uri.size() >= 5 && ascii_lower(std::string_view(uri).substr(0, 5)) == "s3://"; }

bool operator==(const copy_format& a, const copy_format& b) {
    return a.kind == b.kind && a.jsonpaths == b.jsonpaths && a.delimiter == b.delimiter && a.quote == b.quote &&
           a.ignore_header == b.ignore_header && a.fixedwidth == b.fixedwidth && a.null_as == b.null_as &&
           a.escape == b.escape && a.removequotes == b.removequotes && a.fillrecord == b.fillrecord &&
           a.ignoreblanklines == b.ignoreblanklines;
}

char copy_format::field_delimiter() const noexcept {
    if (delimiter) return *delimiter;
    return kind == copy_format_kind::text ? '|' : ',';
}

std::optional<std::vector<fixedwidth_field>> parse_fixedwidth_spec(std::string_view spec) {
    std::vector<fixedwidth_field> out;
    for (;;) {
        const std::size_t comma = std::min(spec.find(','), spec.size());
        const std::string_view pair = spec.substr(0, comma);
        const std::size_t colon = pair.rfind(':');  // a label may hold ':' itself; the width follows the last one
        if (colon == std::string_view::npos) return std::nullopt;
        const std::string_view label = trim_space(pair.substr(0, colon));
        const std::string_view width = trim_space(pair.substr(colon + 1));
        std::uint32_t w = 0;
        const auto [end, ec] = std::from_chars(width.data(), width.data() + width.size(), w);
        if (label.empty() || width.empty() || ec != std::errc() || end != width.data() + width.size() || w == 0)
            return std::nullopt;
        out.push_back({std::string(label), w});
        if (comma == spec.size()) return out;
        spec.remove_prefix(comma + 1);
    }
}

std::string to_sql(const std::vector<fixedwidth_field>& fields) {
    std::string out;
    for (const auto& f : fields) {
        if (!out.empty()) out += ',';
        out += f.label + ":" + std::to_string(f.width);
    }
    return out;
}

bool operator==(const credentials& a, const credentials& b) {
    return a.iam_role == b.iam_role && a.access_key_id == b.access_key_id &&
           a.secret_access_key == b.secret_access_key && a.session_token == b.session_token;
}

bool operator==(const copy_source& a, const copy_source& b) { return a.uri == b.uri && a.manifest == b.manifest; }

bool operator==(const copy_spec& a, const copy_spec& b) {
    return a.table == b.table && a.columns == b.columns && a.source == b.source && a.format == b.format &&
           a.credentials == b.credentials && a.region == b.region && a.compression == b.compression &&
           a.timeformat == b.timeformat && a.dateformat == b.dateformat && a.maxerror == b.maxerror &&
           a.truncatecolumns == b.truncatecolumns && a.trimblanks == b.trimblanks && a.blanksasnull == b.blanksasnull &&
           a.emptyasnull == b.emptyasnull && a.acceptinvchars == b.acceptinvchars && a.roundec == b.roundec &&
           a.explicit_ids == b.explicit_ids && a.acceptanydate == b.acceptanydate && a.compupdate == b.compupdate && a.statupdate == b.statupdate;
}

namespace {

// An IDENTITY column that COPY fills only with EXPLICIT_IDS (GENERATED BY DEFAULT AS IDENTITY "can be copied").
bool strict_identity(const column& c) { return c.identity_spec && !c.identity_spec->generated_by_default; }

}  // namespace

std::vector<std::string> copy_target_columns(const copy_spec& spec, const table& target) {
    if (!spec.columns.empty()) return spec.columns;
    std::vector<std::string> out;
    for (const auto& c : target.columns)
        if (!strict_identity(c) || spec.explicit_ids) out.push_back(c.name);
    return out;
}

void validate_columns(const copy_spec& s, const table& target) {
    std::set<std::string> seen;
    for (const auto& name : s.columns) {
        check_identifier(name, s.table, name);
        if (!target.find(name))
            fail(s, "starshift.model.copy_column_missing",
                 name, "COPY names column " + name + ", which the table does not have");
        if (!seen.insert(ascii_lower(name)).second) fail(s, "starshift.model.copy_column_repeated",
                                                   name, "COPY names column twice");
    }
    bool identity_listed = false;
    std::set<std::string> loaded;
    for (const auto& name : copy_target_columns(s, target)) {
        loaded.insert(ascii_lower(name));
        if (strict_identity(target.at(name))) identity_listed = true;
    }
    if (!s.columns.empty() && identity_listed && !s.explicit_ids)
        fail(s, "starshift.model.copy_identity_without_explicit_ids", "",
             "the column list includes an IDENTITY column, which requires EXPLICIT_IDS");
    if (s.explicit_ids && !identity_listed)
        fail(s, "starshift.model.copy_explicit_ids_without_identity", "",
             "EXPLICIT_IDS is given but no IDENTITY column is loaded");
    // A column left out takes its DEFAULT, its IDENTITY value, else NULL, which a NOT NULL column refuses.
    for (const auto& c : target.columns)
        if (c.not_null && !c.default_expr && !c.identity_spec && loaded.count(ascii_lower(c.name)) == 0)
            fail(s, "starshift.model.copy_not_null_column_omitted", c.name,
                 "column " + c.name + " is NOT NULL without a DEFAULT and the COPY's column list leaves it out");
}

void validate(const copy_spec& s, const table& target) {
    if (s.table.empty()) fail(s, "starshift.model.copy_table_missing", "", "COPY names no table");
    validate_columns(s, target);

    // Source and credentials.
    if (s.source.uri.empty()) fail(s, "starshift.model.copy_source_missing", "", "COPY has no FROM source");
    if (s.source.uri.find('\0') != std::string::npos) fail(s, "starshift.model.copy_source_invalid",
                                                           "", "FROM contains NUL");
    const bool s3 = s.source.is_s3();
    if (s3) validate_s3_uri(s, s.source.uri, "FROM");
    const auto& c = s.credentials;
    if (!c.iam_role.empty() && (!c.access_key_id.empty() || !c.secret_access_key.empty()))
        fail(s, "starshift.model.copy_credentials_conflict", "", "give either IAM_ROLE or access keys, not both");
    if (c.access_key_id.empty() != c.secret_access_key.empty())
        fail(s, "starshift.model.copy_credentials_incomplete",
             "", "an access key id needs its secret access key and vice versa");
    if (!c.session_token.empty() && c.access_key_id.empty())
        fail(s, "starshift.model.copy_credentials_incomplete", "", "a session token needs an access key id and secret");
    if (!c.iam_role.empty() && c.iam_role.rfind("arn:", 0) != 0)
        fail(s, "starshift.model.copy_iam_role_invalid",
             "", "IAM_ROLE must be an ARN (arn:aws:iam::<account>:role/<name>)");
    if (s3 && c.empty())
        fail(s, "starshift.model.copy_credentials_missing", "",
             "COPY from S3 needs credentials: IAM_ROLE or ACCESS_KEY_ID + SECRET_ACCESS_KEY");

    // Format.
    const auto& f = s.format;
    const bool json = f.kind != copy_format_kind::csv && f.kind != copy_format_kind::text;
    if (f.kind == copy_format_kind::json_paths) {
        if (f.jsonpaths.empty()) fail(s, "starshift.model.copy_jsonpaths_missing",
                                      "", "JSON with a jsonpaths file needs its URI");
        if (s3 && !starts_with_s3(f.jsonpaths))
            fail(s, "starshift.model.copy_jsonpaths_not_s3", "", "a COPY from S3 reads its jsonpaths file from S3 too");
        if (starts_with_s3(f.jsonpaths)) validate_s3_uri(s, f.jsonpaths, "jsonpaths");
    } else if (!f.jsonpaths.empty()) {
        fail(s, "starshift.model.copy_jsonpaths_unexpected",
             "", "a jsonpaths file is given but the format is not JSON jsonpaths");
    }
    validate_format_options(s, json);
    if (!json) {
        const char d = f.field_delimiter();
        if (d == '\0' || d == '\n' || d == '\r')
            fail(s, "starshift.model.copy_delimiter_invalid", "", "DELIMITER must be a single printable character");
        if (f.kind == copy_format_kind::csv && (f.quote == '\0' || f.quote == d))
            fail(s, "starshift.model.copy_quote_invalid", "", "QUOTE AS must differ from the delimiter and not be NUL");
        if (f.kind == copy_format_kind::text && f.escape && d == '\\')
            fail(s, "starshift.model.copy_delimiter_invalid", "",
                 "DELIMITER cannot be the backslash with ESCAPE (the backslash is the escape character)");
    }
    if (f.fixed_width()) {
        const std::size_t n = copy_target_columns(s, target).size();
        if (f.fixedwidth.size() != n)
            fail(s, "starshift.model.copy_fixedwidth_invalid", "",
                 "FIXEDWIDTH gives " + std::to_string(f.fixedwidth.size()) + " label:width pair(s) for " +
                     std::to_string(n) + " column(s); the pairs must match the columns in order");
    }
    if (f.null_as && f.null_as->find('\n') != std::string::npos)
        fail(s, "starshift.model.copy_null_as_invalid", "",
             "NULL AS may not contain a newline (Redshift reserves it as the line delimiter)");

    // Conversions and limits.
    if (s.maxerror < 0 || s.maxerror > max_maxerror)
        fail(s, "starshift.model.copy_maxerror_invalid",
             "", "MAXERROR " + std::to_string(s.maxerror) + " is outside 0..100000");
    for (const auto* fmt : {&s.timeformat, &s.dateformat}) {
        if (!*fmt) continue;
        const std::string& v = **fmt;
        const char* which = fmt == &s.timeformat ? "TIMEFORMAT" : "DATEFORMAT";
        if (v.empty()) fail(s, "starshift.model.copy_timeformat_invalid", "", std::string(which) + " is empty");
        if (v == "epochsecs" || v == "epochmillisecs" || v == "auto") continue;
        if (v.find("TZ") != std::string::npos || v.find("tz") != std::string::npos ||
            v.find("OF") != std::string::npos)
            fail(s, "starshift.model.copy_timeformat_invalid", "",
                 std::string(which) + " '" + v + "' may not contain TZ, tz or OF (use 'auto' for time zones)");
        if (ascii_lower(v) == "epochsecs" || ascii_lower(v) == "epochmillisecs" || ascii_lower(v) == "auto")
            fail(s, "starshift.model.copy_timeformat_invalid", "",
                 std::string(which) + " keywords are case-sensitive: write '" + ascii_lower(v) + "'");
    }
    if (s.acceptinvchars) {
        const std::string& r = *s.acceptinvchars;
        if (r.size() != 1 || static_cast<unsigned char>(r[0]) >= 0x80 || r[0] == '\0')
            fail(s, "starshift.model.copy_acceptinvchars_invalid",
                 "", "ACCEPTINVCHARS replacement must be one ASCII character");
    }
    if (!s.region.empty())
        for (char ch : s.region)
            if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-'))
                fail(s, "starshift.model.copy_region_invalid", "", "REGION '" + s.region + "' is not a region name");
}

}  // namespace starshift
