// A COPY specification: where the data is, its format and conversions, credentials and error tolerance.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/model/error.hpp"
#include "starshift/model/table.hpp"

namespace starshift {

enum class copy_format_kind {
    json_auto,             // JSON 'auto'
    json_auto_ignorecase,  // JSON 'auto ignorecase'
    json_paths,            // JSON 's3://…/jsonpaths.json' (or a local path for the PostgreSQL engine)
    csv,                   // CSV [DELIMITER] [QUOTE AS] [IGNOREHEADER]
    text,                  // neither CSV nor JSON: Redshift's default character-delimited text, or FIXEDWIDTH
};

// One label:width pair of FIXEDWIDTH 'label:width,…' (the label is free text, unrelated to the column name).
struct fixedwidth_field {
    std::string label;
    std::uint32_t width = 0;  // characters (copy-parameters-data-format: UNLOAD's widths are characters too)

    friend bool operator==(const fixedwidth_field& a, const fixedwidth_field& b) {
        return a.label == b.label && a.width == b.width;
    }
};

// "label:width,…" as FIXEDWIDTH writes it; nullopt when a pair lacks its ':', a label is empty or a width is not a
// positive integer, or the text names no pair.
[[nodiscard]] std::optional<std::vector<fixedwidth_field>> parse_fixedwidth_spec(std::string_view spec);
[[nodiscard]] std::string to_sql(const std::vector<fixedwidth_field>& fields);

// The default NULL AS string of the text and CSV formats (copy-parameters-data-conversion): backslash N.
inline constexpr std::string_view default_null_as = "\\N";

struct copy_format {
    copy_format_kind kind = copy_format_kind::json_auto;
    std::string jsonpaths;               // json_paths only: the jsonpaths file's URI
    std::optional<char> delimiter;       // DELIMITER; nullopt: the format's default ('|' text, ',' CSV)
    char quote = '"';                    // csv only
    std::uint32_t ignore_header = 0;
    std::vector<fixedwidth_field> fixedwidth;  // text only: FIXEDWIDTH's fields (empty: delimited text)
    std::optional<std::string> null_as;  // NULL AS; nullopt: default_null_as
    bool escape = false;                 // ESCAPE (text only): a backslash makes the next character data
    bool removequotes = false;           // REMOVEQUOTES (text only)
    bool fillrecord = false;             // FILLRECORD: missing trailing fields load as NULL / empty
    bool ignoreblanklines = false;       // IGNOREBLANKLINES: lines holding only a line feed are skipped

    // The delimiter in effect: DELIMITER, else '|' for text and ',' otherwise.
    [[nodiscard]] char field_delimiter() const noexcept;
    [[nodiscard]] bool fixed_width() const noexcept { return !fixedwidth.empty(); }

    friend bool operator==(const copy_format& a, const copy_format& b);
    friend bool operator!=(const copy_format& a, const copy_format& b) { return !(a == b); }
};

enum class compression {
    none,
    gzip,
    zstd,
    bzip2,
};

[[nodiscard]] std::string to_sql(compression c);  // "" for none
[[nodiscard]] std::optional<compression> parse_compression(std::string_view s);

// Authorization: an IAM role ARN (not secret), or access keys (secret; masked in display SQL).
struct credentials {
    std::string iam_role;           // "arn:aws:iam::…:role/…"; empty when keys are used
    std::string access_key_id;
    std::string secret_access_key;  // secret
    std::string session_token;      // secret, optional

    [[nodiscard]] bool empty() const noexcept {
        return iam_role.empty() && access_key_id.empty() && secret_access_key.empty() && session_token.empty();
    }
    friend bool operator==(const credentials& a, const credentials& b);
    friend bool operator!=(const credentials& a, const credentials& b) { return !(a == b); }
};

// The data source: "s3://bucket/prefix" (a key prefix, or a manifest object when `manifest`),
// or a local file or directory (only for the PostgreSQL copy engine).
struct copy_source {
    std::string uri;
    bool manifest = false;

    [[nodiscard]] bool is_s3() const noexcept;
    friend bool operator==(const copy_source& a, const copy_source& b);
    friend bool operator!=(const copy_source& a, const copy_source& b) { return !(a == b); }
};

// The authorization rules COPY and UNLOAD share (copy-parameters-authorization): IAM_ROLE or access keys, not
// both; keys in pairs; a session token with keys; the role an ARN; S3 (`s3`) needs one of them. Throws model_error
// naming `table` (the COPY's table, or the UNLOAD's destination); `statement` says what needs credentials.
void validate_authorization(const credentials& c, bool s3, const std::string& table, std::string_view statement);
// An s3:// URI's bucket (present; lower-case letters, digits, '-', '.') and no NUL; [starshift.model.s3_uri_invalid].
void validate_s3_location(std::string_view uri, std::string_view what, const std::string& table);

inline constexpr std::int64_t max_maxerror = 100000;

struct copy_spec {
    std::string table;                 // target table (optionally schema-qualified, unquoted)
    std::vector<std::string> columns;  // empty = every column of the table (identity columns skipped)
    copy_source source;
    copy_format format;
    starshift::credentials credentials;
    std::string region;                // empty = the cluster's region
    starshift::compression compression = starshift::compression::none;
    std::optional<std::string> timeformat;  // 'auto', 'epochsecs', 'epochmillisecs' or a format string
    std::optional<std::string> dateformat;
    std::int64_t maxerror = 0;
    bool truncatecolumns = false;
    bool trimblanks = false;           // TRIMBLANKS: trailing white space removed from VARCHAR values
    bool blanksasnull = false;
    bool emptyasnull = false;
    std::optional<std::string> acceptinvchars;  // replacement character; "?" when given without one
    bool roundec = false;
    bool explicit_ids = false;
    bool acceptanydate = false;  // a DATE/TIMESTAMP value that does not match its format loads NULL
    std::optional<bool> compupdate;  // no value = not specified
    std::optional<bool> statupdate;

    friend bool operator==(const copy_spec& a, const copy_spec& b);
    friend bool operator!=(const copy_spec& a, const copy_spec& b) { return !(a == b); }
};

// The columns a COPY fills, in order: spec.columns, or every column of `target` except IDENTITY columns (kept with
// EXPLICIT_IDS; GENERATED BY DEFAULT AS IDENTITY columns are always kept), as copy-parameters-column-mapping says.
[[nodiscard]] std::vector<std::string> copy_target_columns(const copy_spec& spec, const table& target);

// The column list against the table (copy-parameters-column-mapping): the named columns exist, once each; an
// IDENTITY column is loaded exactly when EXPLICIT_IDS is given; every column left out has a DEFAULT or an
// IDENTITY, or accepts NULL. Throws model_error. The copy engine calls it before reading any input.
void validate_columns(const copy_spec& spec, const table& target);

// Validates a COPY spec against its target table: columns exist, S3 sources have credentials, options fit
// the format (no DELIMITER with JSON, jsonpaths given for json_paths, MAXERROR in 0..100000, …).
// Throws model_error; the table name is spec.table.
void validate(const copy_spec& spec, const table& target);

}  // namespace starshift
