// A table of the warehouse: columns, constraints, distribution, sort key and BACKUP, validated on build.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/model/column.hpp"
#include "starshift/model/constraint.hpp"
#include "starshift/model/distribution.hpp"
#include "starshift/model/error.hpp"
#include "starshift/model/sort_key.hpp"

namespace starshift {

// How validation treats a sort-key column whose encoding is not RAW (AWS advises RAW; Redshift accepts it).
enum class sort_key_encoding_policy {
    warn,    // default: recorded as a model_warning
    reject,  // model_error [starshift.model.sortkey_encoded]
};

struct validation_options {
    sort_key_encoding_policy sort_key_encoding = sort_key_encoding_policy::warn;
};

// CREATE TABLE … AS query (r_CREATE_TABLE_AS): the query as written, and the column names given before AS.
// The table's `columns` are what could be learned from the query (empty when nothing could be: kept as text).
struct table_query {
    std::string text;                       // "SELECT …" as written (comments between tokens kept as one space)
    std::vector<std::string> column_names;  // CREATE TABLE t (a, b) AS …; empty = the query's own names

    friend bool operator==(const table_query& a, const table_query& b) {
        return a.text == b.text && a.column_names == b.column_names;
    }
    friend bool operator!=(const table_query& a, const table_query& b) { return !(a == b); }
};

// CREATE EXTERNAL TABLE (Redshift Spectrum, r_CREATE_EXTERNAL_TABLE): the rows are files at `location` that Spectrum
// reads from S3 when queried; they are not stored on the cluster's slices. The clauses are kept as written.
struct external_table {
    std::vector<std::string> partitioned_by;  // PARTITIONED BY's columns: the last ones of table::columns
    std::string row_format;        // after ROW FORMAT, as written ("DELIMITED FIELDS TERMINATED BY ','"); empty = none
    std::string stored_as;         // after STORED AS, as written ("PARQUET", "TEXTFILE", "INPUTFORMAT '…' …")
    std::string location;          // LOCATION's value
    std::string table_properties;  // inside TABLE PROPERTIES ( … ), as written; empty = none

    friend bool operator==(const external_table& a, const external_table& b) {
        return a.partitioned_by == b.partitioned_by && a.row_format == b.row_format && a.stored_as == b.stored_as &&
               a.location == b.location && a.table_properties == b.table_properties;
    }
    friend bool operator!=(const external_table& a, const external_table& b) { return !(a == b); }
};

// CREATE MATERIALIZED VIEW (materialized-view-create-sql-command): a table whose rows are its query's (kept in
// table::as_query), refreshed by REFRESH MATERIALIZED VIEW or, with AUTO REFRESH YES, by Redshift itself.
struct materialized_view {
    bool auto_refresh = false;  // AUTO REFRESH YES (the default is NO)

    friend bool operator==(const materialized_view& a, const materialized_view& b) {
        return a.auto_refresh == b.auto_refresh;
    }
    friend bool operator!=(const materialized_view& a, const materialized_view& b) { return !(a == b); }
};

struct table {
    std::string database;  // a three-part name's first part (the connected database); empty = not written
    std::string schema;    // empty = the search path
    std::string name;
    std::vector<column> columns;
    std::vector<constraint> constraints;
    dist_style diststyle = dist_style::automatic;
    std::optional<std::string> distkey;
    sort_key sortkey;
    bool backup = true;
    bool temporary = false;
    // COLLATE CASE_SENSITIVE | CASE_INSENSITIVE written after the column list: the collation of the CHAR and VARCHAR
    // columns that give none of their own (docs/parse.md, "Collation"); empty = the database's.
    std::optional<collation> collate;
    std::optional<table_query> as_query;  // CREATE TABLE … AS query (and a materialized view's query)
    std::optional<external_table> external;        // CREATE EXTERNAL TABLE: DISTSTYLE is EVEN, no keys
    std::optional<materialized_view> materialized;  // CREATE MATERIALIZED VIEW

    [[nodiscard]] const column* find(std::string_view column_name) const noexcept;
    [[nodiscard]] const column& at(std::string_view column_name) const;  // throws model_error
    [[nodiscard]] std::vector<std::string> column_names() const;
    [[nodiscard]] std::vector<std::string> primary_key() const;  // empty when none
    [[nodiscard]] std::string qualified_name() const;           // schema.name or name (unquoted)

    friend bool operator==(const table& a, const table& b);
    friend bool operator!=(const table& a, const table& b) { return !(a == b); }
};

// The collation `c` (a column of `t`) compares with: its own COLLATE, else for CHAR and VARCHAR the table's, else
// none (the database's).
[[nodiscard]] std::optional<collation> effective_collation(const table& t, const column& c);

// Validates one table. Throws model_error for the first problem; returns the warnings.
std::vector<model_warning> validate(const table& t, const validation_options& options = {});

// Fluent construction ending in build(), which validates.
class table_builder {
public:
    explicit table_builder(std::string name);
    table_builder& schema(std::string schema_name);
    table_builder& column(starshift::column c);
    table_builder& primary_key(std::vector<std::string> columns);
    table_builder& unique(std::vector<std::string> columns);
    table_builder& foreign_key(std::vector<std::string> columns, std::string ref_table,
                               std::vector<std::string> ref_columns = {});
    table_builder& diststyle(dist_style s);
    table_builder& distkey(std::string column_name);  // also sets DISTSTYLE KEY
    table_builder& sortkey(std::vector<std::string> columns, sort_style style = sort_style::compound);
    table_builder& sortkey_auto();
    table_builder& backup(bool on);
    table_builder& temporary(bool on = true);
    table_builder& collate(collation c);  // the table-level default of its CHAR and VARCHAR columns
    [[nodiscard]] starshift::table build(const validation_options& options = {}) const;
    [[nodiscard]] const starshift::table& peek() const noexcept { return t_; }

private:
    starshift::table t_;
};

}  // namespace starshift
