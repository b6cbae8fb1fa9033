// Redshift statements rewritten so that PostgreSQL computes what Redshift would: lateral column aliases, date parts,
// Redshift's functions (plain PostgreSQL or the starshift_redshift schema), TOP, implicit conversions, derived-table
// aliases. The rules and the Redshift pages they follow: docs/parse.md, "Queries and DML".
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "starshift/model/statement.hpp"
#include "starshift/model/table.hpp"

namespace starshift::sql {

// The schema that holds the functions with Redshift's semantics that PostgreSQL lacks (DATEADD, DATEDIFF, LEN, …).
inline constexpr const char* redshift_functions_schema = "starshift_redshift";

// A table declared by the scripts, by its name as written (schema.table or table); nullptr when unknown.
using table_finder = std::function<const table*(std::string_view dotted_name)>;

// The canonical name of a Redshift date part spelling (r_Dateparts_for_datetime_functions): "hour" for h, hr, hrs,
// hour, hours; "dow" for dayofweek, dow, dw, weekday; … nullopt for a spelling Redshift does not accept.
[[nodiscard]] std::optional<std::string> canonical_datepart(std::string_view spelling);

// The statement for PostgreSQL. Throws sql_error [starshift.sql.untranslatable] with the reason when a Redshift
// construct has no faithful translation (never changes a statement silently).
[[nodiscard]] statement to_postgres(const statement& s, const table_finder& tables);

}  // namespace starshift::sql
