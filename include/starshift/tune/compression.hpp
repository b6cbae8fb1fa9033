// Column compression as Redshift's ANALYZE COMPRESSION reports it: per column, every valid encoding's estimated size
// on the column's sample (value_sample), the smallest one recommended, and Est_reduction_pct versus the current
// encoding. The encodings' formats and this project's approximations are in docs/tuning.md ("Encodings").
// Pure: no database.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "starshift/model/encoding.hpp"
#include "starshift/model/table.hpp"
#include "starshift/tune/table_data.hpp"

namespace starshift::tune {

struct compression_options {
    std::uint64_t block_bytes = 1U << 20U;  // Redshift's 1 MB block: per-block dictionaries restart at its bound
    int zstd_level = 3;                     // zstd's own default level (Redshift does not publish its level)
    // The sort key columns: reported RAW with 0 % (ANALYZE COMPRESSION skips them; Redshift advises RAW for them).
    // Empty: the model table's declared sort key.
    std::optional<std::vector<std::string>> sort_key;
};

struct encoding_size {
    encoding enc = encoding::raw;
    std::uint64_t sample_bytes = 0;  // the sample's encoded bytes
    std::uint64_t bytes = 0;         // estimated for the whole table (sample_bytes × rows / sampled rows)
};

struct column_compression {
    std::string column;
    sql_type type;
    bool sort_key = false;
    bool analysed = false;               // false: not estimated (see note)
    std::string note;                    // why a column was not analysed
    std::uint64_t sampled_rows = 0;
    encoding current = encoding::raw;    // declared ENCODE, or Redshift's default for the type (sort key: RAW)
    encoding recommended = encoding::raw;
    std::vector<encoding_size> sizes;    // every encoding valid for the type, in the order of model/encoding.hpp
    double est_reduction_pct = 0;        // (current − recommended) / current × 100, as ANALYZE COMPRESSION prints

    [[nodiscard]] const encoding_size* size_of(encoding e) const noexcept;
    // RAW bytes / `e`'s bytes (1 when unknown): how many more rows a block holds under `e`.
    [[nodiscard]] double ratio(encoding e) const noexcept;
};

struct table_compression {
    std::string table;
    std::uint64_t rows = 0;
    std::vector<column_compression> columns;  // in the model table's column order

    [[nodiscard]] const column_compression* find(std::string_view column) const noexcept;
};

// Analyses every column of `t` that `data` holds (columns or sample_columns); the others, and columns whose sample
// was not kept (filled without column_data::append), are listed with analysed = false and a note.
[[nodiscard]] table_compression analyze_compression(const table_data& data, const table& t,
                                                    const compression_options& options = {});

// The estimated size of one column's sample under one encoding (the same model; for tests and tools).
// Throws tune_error [starshift.tune.bad_encoding] when `e` is not valid for the column's type.
[[nodiscard]] encoding_size encoded_size(const column_data& column, encoding e,
                                         const compression_options& options = {});

// The ANALYZE COMPRESSION report: "Table | Column | Encoding | Est_reduction_pct" rows.
[[nodiscard]] std::string format_compression(const table_compression& c);

}  // namespace starshift::tune
