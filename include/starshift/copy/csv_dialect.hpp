// The characters that shape a CSV file and how IGNOREHEADER counts in it (COPY … CSV).
#pragma once

namespace starshift::copy {

// copy_format's delimiter and QUOTE AS character.
struct csv_dialect {
    char delimiter = ',';
    char quote = '"';
};

// Whether IGNOREHEADER counts physical lines (default, as Redshift counts newlines) or CSV records.
enum class csv_header_unit { lines, records };

}  // namespace starshift::copy
