// The data the tuning simulator reads: a table's rows column by column, reduced to what distribution and zone maps
// need (a 64-bit hash of each value, an order-preserving 64-bit sort value, NULLs, widths). Filled from a loaded
// PostgreSQL table (starshift::db, tune_reader.hpp) or by hand in tests; no database here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/model/sql_type.hpp"

namespace starshift::tune {

// The hash used for DISTSTYLE KEY: 64-bit FNV-1a of the value's canonical text (PostgreSQL's text output of the
// typed value), finished with the splitmix64 mixer. Redshift's own hash is not public: every report says so.
[[nodiscard]] std::uint64_t value_hash(std::string_view canonical_text) noexcept;

// An order-preserving 64-bit image of a value, as Redshift's zone maps keep it (STV_BLOCKLIST minvalue/maxvalue):
// integers as themselves, DATE as days and TIMESTAMP as microseconds since 2000-01-01, DECIMAL as its unscaled
// value (saturated), REAL/DOUBLE by an order-preserving bit mapping, BOOLEAN 0/1, character types as their first
// 8 bytes big-endian (so long common prefixes do not discriminate, as on Redshift).
// Numbers may be spelled in any decimal or exponent form (rounded to the type's scale, so "5.5" on an INTEGER is 6:
// harmless for filter bounds); character lengths are not checked. Returns nullopt when `text` is not a value of
// `type` (not a number, not a date, …).
[[nodiscard]] std::optional<std::int64_t> sort_value(const sql_type& type, std::string_view text);

// The rows compression analysis reads (tune/compression.hpp), kept while a column is filled: chunks of
// sample_chunk_rows consecutive rows, every stride-th chunk, at most sample_max_chunks chunks (131,072 rows). When one
// more chunk would not fit, every other kept chunk is dropped and the stride doubles, so the kept chunks stay evenly
// spread over the rows appended so far; the result depends only on the number of rows, so every column of a table
// keeps the same rows. Consecutive rows keep what the per-block encodings see (runs, deltas between neighbours).
struct value_sample {
    static constexpr std::uint64_t sample_chunk_rows = 1024;
    static constexpr std::uint64_t sample_max_chunks = 128;
    std::uint64_t stride = 1;             // in chunks
    std::uint64_t rows_seen = 0;          // rows appended to the column
    std::vector<std::string> texts;       // canonical text of each kept row ("" for NULL)
    std::vector<bool> nulls;              // per kept row

    void add(std::optional<std::string_view> text);
    [[nodiscard]] std::size_t size() const noexcept { return nulls.size(); }
};

struct column_data {
    std::string name;
    sql_type type;
    std::vector<std::uint64_t> hashes;      // value_hash per row (0 for NULL)
    std::vector<std::int64_t> sort_values;  // sort_value per row (0 for NULL)
    std::vector<bool> nulls;                // true for NULL
    std::uint64_t total_bytes = 0;          // sum of the values' text lengths (NULL: 0)
    // True: append keeps only `sample` and total_bytes (a column read for compression analysis only; hashes,
    // sort_values and nulls stay empty). Such columns live in table_data::sample_columns.
    bool sample_only = false;
    value_sample sample;                    // the rows compression analysis reads

    // Appends one row's value (nullopt = NULL), and to `sample` when the row is kept there. Throws tune_error
    // [starshift.tune.bad_value] when `text` is not a value of the column's type.
    void append(std::optional<std::string_view> text);
    [[nodiscard]] std::size_t size() const noexcept { return nulls.size(); }
};

struct table_data {
    std::string name;                  // the model's table name (unqualified)
    std::uint64_t rows = 0;            // rows in the real table (>= sampled rows when sampled)
    double sample_fraction = 1.0;      // fraction of rows read into `columns` (1 = all)
    double row_bytes = 0;              // average stored width of a row in bytes (all columns of the table)
    std::vector<column_data> columns;  // the columns read (not necessarily all of the table's)
    // Further columns read for compression analysis only (sample_only), so that every column gets an encoding
    // without holding all of its rows.
    std::vector<column_data> sample_columns;

    [[nodiscard]] const column_data* find(std::string_view column) const noexcept;
    // A column of `columns` or else of `sample_columns`.
    [[nodiscard]] const column_data* find_any(std::string_view column) const noexcept;
    [[nodiscard]] std::uint64_t sampled_rows() const noexcept;  // rows held in `columns`
};

struct warehouse_data {
    std::vector<table_data> tables;
    [[nodiscard]] const table_data* find(std::string_view table) const noexcept;
};

}  // namespace starshift::tune
