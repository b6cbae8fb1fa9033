// The SQL dialects starshift renders: Amazon Redshift and PostgreSQL (for local runs and tests).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace starshift::sql {

enum class dialect {
    redshift,
    postgres,
};

[[nodiscard]] std::string to_string(dialect d);                        // "redshift", "postgres"
[[nodiscard]] std::optional<dialect> parse_dialect(std::string_view s);  // also "postgresql", "pg"

// Whether secrets (secret access keys, session tokens, passwords) are written out or masked as '***'.
enum class secrets {
    reveal,  // for execution
    mask,    // for display: logs, --dry-run, error messages
};

}  // namespace starshift::sql
