// UNLOAD's files (r_UNLOAD, t_Unloading_tables): query rows formatted as Redshift writes them (delimited text, CSV,
// JSON lines, fixed width), split into part files per slice, compressed, written to an object store with the
// documented names, and the manifest. Pure: the rows come from the caller (db::run_unload reads them from
// PostgreSQL). See docs/unload.md.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/common/error.hpp"
#include "starshift/io/object_store.hpp"
#include "starshift/model/unload_spec.hpp"

namespace starshift::copy {

// An UNLOAD that cannot be performed: [starshift.unload.*] ids, naming the destination.
class unload_error : public error {
public:
    unload_error(std::string id, std::string_view destination, std::string_view detail);
};

// One column of the query's result as the database describes it.
struct unload_column {
    enum class kind {
        character,  // CHAR, VARCHAR, TEXT: ESCAPE applies, a too-long NULL AS is an error in fixed width
        number,     // integers, DECIMAL, REAL, DOUBLE PRECISION: JSON numbers
        boolean,    // 't' / 'f'
        other,      // dates, times, timestamps, …: JSON strings
    };
    std::string name;
    std::string type;  // as the database spells it ("integer", "character varying(25)", "numeric(8,2)")
    kind what = kind::other;
};

// A row's values in the database's text form; nullopt is NULL.
using unload_row = std::vector<std::optional<std::string_view>>;

// Formats rows as the spec says. Throws unload_error: [starshift.unload.fixedwidth_columns] (a FIXEDWIDTH spec whose
// field count differs from the query's columns), [starshift.unload.json_duplicate_column] (JSON needs unique column
// names), and per row [starshift.unload.fixedwidth_overflow] (a value longer than its width: UNLOAD "will fail
// rather than truncate data"), [starshift.unload.null_too_wide] (NULL AS longer than a character column's width).
class unload_formatter {
public:
    unload_formatter(const unload_spec& spec, std::vector<unload_column> columns);
    // The header line (HEADER): column names with the text transformations applied; '\n' ended.
    void append_header(std::string& out) const;
    // One row, '\n' ended.
    void append_row(std::string& out, const unload_row& values) const;
    [[nodiscard]] const std::vector<unload_column>& columns() const noexcept { return columns_; }

private:
    void append_delimited(std::string& out, std::string_view v, bool character, bool is_null) const;
    void append_csv(std::string& out, std::string_view v, bool is_null) const;
    void append_fixed(std::string& out, std::size_t i, std::optional<std::string_view> v) const;
    void append_json(std::string& out, const unload_row& values) const;

    const unload_spec& spec_;
    std::vector<unload_column> columns_;
    char delimiter_;
};

struct unload_options {
    // PARALLEL ON writes one file (or more, by MAXFILESIZE) per slice; rows go to slices in turn (row i to slice
    // i mod slices). The documentation's examples assume four slices (two nodes, two slices each).
    unsigned slices = 4;
    // Overrides MAXFILESIZE (and its 6.2 GB default): the largest uncompressed size of one file.
    std::optional<std::uint64_t> max_file_bytes;
};

// One file written.
struct unload_file {
    std::string key;
    std::uint64_t bytes = 0;  // as stored (compressed size when compressed)
    std::uint64_t rows = 0;   // header line included, as the manifest counts it
};

struct unload_result {
    std::vector<unload_file> files;  // in name order
    std::uint64_t rows = 0;          // data rows (header lines not counted)
    std::string manifest_key;        // empty without MANIFEST
};

// The key of a data file: "<prefix><slice:4>_part_<part:2>" (PARALLEL ON) or "<prefix><part:3>" (PARALLEL OFF),
// then ".<EXTENSION>" when given, else the compression's ".gz" / ".zst" / ".bz2".
[[nodiscard]] std::string unload_file_key(const unload_spec& spec, unsigned slice, unsigned part);
// "<prefix>manifest".
[[nodiscard]] std::string unload_manifest_key(const unload_spec& spec);
// True when `key` (under spec.to) is a name this UNLOAD could write: a data file or the manifest.
[[nodiscard]] bool unload_could_write(const unload_spec& spec, std::string_view key);
// The manifest JSON (r_UNLOAD_command_examples, "Unload VENUE with a manifest file" / "… MANIFEST VERBOSE").
[[nodiscard]] std::string unload_manifest_json(const unload_spec& spec, const std::vector<unload_column>& columns,
                                               const std::vector<unload_file>& files);

// Writes the files of one UNLOAD. The constructor applies CLEANPATH (removes every object under the prefix) or,
// without ALLOWOVERWRITE, fails with [starshift.unload.would_overwrite] when an object this UNLOAD could write
// exists. Files are written as rows arrive (one open writer per slice; nothing of the result is kept), finished
// by finish(), which also writes the manifest. Refuses PARQUET and ENCRYPTED ([starshift.unload.parquet_unsupported],
// [starshift.unload.encrypted_unsupported]). Destroyed before finish(), unfinished files are discarded.
class unload_writer {
public:
    unload_writer(const unload_spec& spec, std::vector<unload_column> columns, const io::object_store& store,
                  unload_options options = {});
    ~unload_writer();
    unload_writer(const unload_writer&) = delete;
    unload_writer& operator=(const unload_writer&) = delete;

    void add(const unload_row& values);
    [[nodiscard]] unload_result finish();

private:
    struct slice_file;
    void open_file(slice_file& f, unsigned slice);
    void close_file(slice_file& f);

    const unload_spec& spec_;
    unload_formatter formatter_;
    const io::object_store& store_;
    unload_options options_;
    std::uint64_t max_bytes_;
    std::vector<slice_file> slices_;
    std::vector<unload_file> files_;
    std::uint64_t rows_ = 0;
    std::string line_;
};

// Refuses what `starshift run` cannot perform (PARQUET, ENCRYPTED): unload_error.
void check_unload_supported(const unload_spec& spec);

// One line of PostgreSQL's COPY … TO STDOUT text format (without its '\n') split into fields: backslash escapes
// undone, \N as NULL. The views point into `scratch` or `line`; valid until the next call.
void decode_copy_text_line(std::string_view line, std::string& scratch, unload_row& out);

}  // namespace starshift::copy
