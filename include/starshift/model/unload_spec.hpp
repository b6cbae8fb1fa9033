// An UNLOAD specification (r_UNLOAD): the query whose rows are written, where they go, and the files' format,
// compression, splitting, manifest and overwrite rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/model/copy_spec.hpp"

namespace starshift {

enum class unload_format_kind {
    text,     // character-delimited text (DELIMITER, default '|'), or FIXEDWIDTH
    csv,      // [FORMAT [AS]] CSV: ',' unless DELIMITER, fields quoted with '"' when needed
    json,     // [FORMAT [AS]] JSON: one object per line
    parquet,  // [FORMAT [AS]] PARQUET: kept for rendering; `starshift run` refuses it (no Arrow C++ on Debian)
};
[[nodiscard]] const char* to_sql(unload_format_kind k) noexcept;  // "" for text

// MAXFILESIZE's bounds (r_UNLOAD: "a decimal value between 5 MB and 6.2 GB"; the default is 6.2 GB).
inline constexpr std::uint64_t unload_min_file_size = 5ULL * 1024 * 1024;
inline constexpr std::uint64_t unload_max_file_size = 6657199309ULL;  // 6.2 GB: 6.2 × 1024³ bytes, rounded

struct unload_spec {
    std::string query;  // the SELECT as written between the quotes (quote escapes undone)
    std::string to;     // 's3://object-path/name-prefix' (or a local path prefix, for local runs)
    starshift::credentials credentials;
    std::string region;  // REGION; empty = the cluster's
    unload_format_kind format = unload_format_kind::text;
    std::optional<char> delimiter;             // DELIMITER; nullopt: '|' (text) or ',' (CSV)
    std::vector<fixedwidth_field> fixedwidth;  // FIXEDWIDTH 'label:width,…' (text only)
    bool header = false;                       // HEADER
    bool addquotes = false;                    // ADDQUOTES
    bool escape = false;                       // ESCAPE
    std::optional<std::string> null_as;        // NULL AS; nullopt: '' (delimited) or spaces (fixed width)
    starshift::compression compression = starshift::compression::none;
    bool parallel = true;                      // PARALLEL ON (default) / OFF
    std::optional<std::uint64_t> maxfilesize;  // MAXFILESIZE in bytes; nullopt: 6.2 GB
    std::string maxfilesize_text;              // as written ("100 MB", "1.5 GB"), for rendering
    bool manifest = false;                     // MANIFEST
    bool manifest_verbose = false;             // MANIFEST VERBOSE
    bool allowoverwrite = false;               // ALLOWOVERWRITE
    bool cleanpath = false;                    // CLEANPATH
    std::optional<std::string> extension;      // EXTENSION 'ext'
    bool encrypted = false;                    // ENCRYPTED [AUTO]: kept for rendering; `starshift run` refuses it
    bool encrypted_auto = false;

    // The delimiter in effect: DELIMITER, else '|' for text and ',' for CSV.
    [[nodiscard]] char field_delimiter() const noexcept;
    [[nodiscard]] bool fixed_width() const noexcept { return !fixedwidth.empty(); }
    [[nodiscard]] bool is_s3() const noexcept;

    friend bool operator==(const unload_spec& a, const unload_spec& b);
    friend bool operator!=(const unload_spec& a, const unload_spec& b) { return !(a == b); }
};

// "5 MB", "1.5 GB", "100" (MB): MAXFILESIZE's value in bytes; nullopt when it is not a positive decimal number with
// an optional MB or GB unit.
[[nodiscard]] std::optional<std::uint64_t> parse_unload_file_size(std::string_view number, std::string_view unit);

// The combinations r_UNLOAD documents as invalid, and the model's own rules (docs/unload.md): a query and a
// destination, authorization as COPY's (copy-parameters-authorization), CSV without FIXEDWIDTH or ADDQUOTES, JSON
// without DELIMITER/HEADER/FIXEDWIDTH/ADDQUOTES/ESCAPE/NULL AS, PARQUET without any text option or compression,
// FIXEDWIDTH without DELIMITER or HEADER, CLEANPATH without ALLOWOVERWRITE, MAXFILESIZE in 5 MB..6.2 GB, VERBOSE
// only with MANIFEST. Throws model_error whose table is the destination.
void validate(const unload_spec& spec);

}  // namespace starshift
