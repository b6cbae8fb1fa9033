// Reading Redshift SQL scripts: CREATE TABLE into starshift::table, COPY into starshift::copy_spec, UNLOAD into
// starshift::unload_spec (src/parse/unload_parser.cpp), every other statement kept as text. Validated with
// starshift::validate; errors carry file, line and column.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "starshift/model/copy_spec.hpp"
#include "starshift/model/statement.hpp"
#include "starshift/model/table.hpp"
#include "starshift/model/unload_spec.hpp"
#include "starshift/parse/parse_error.hpp"

namespace starshift::parse {

// ALTER TABLE's distribution and sort-key forms (r_ALTER_TABLE), comma-separated: ALTER DISTKEY c,
// ALTER DISTSTYLE ALL|EVEN|AUTO|KEY DISTKEY c, ALTER [COMPOUND] SORTKEY (c, …)|AUTO|NONE, ALTER ENCODE AUTO.
struct table_design_change {
    std::string table;  // as written, dotted
    std::optional<dist_style> diststyle;
    std::optional<std::string> distkey;  // with diststyle KEY
    std::optional<sort_key> sortkey;     // NONE: no columns, as AUTO before Redshift chooses any
    bool encode_auto = false;

    friend bool operator==(const table_design_change& a, const table_design_change& b) {
        return a.table == b.table && a.diststyle == b.diststyle && a.distkey == b.distkey && a.sortkey == b.sortkey &&
               a.encode_auto == b.encode_auto;
    }
};

// What a design change makes of `t` (validated: throws model_error when it names a column `t` lacks).
[[nodiscard]] table with_design(table t, const table_design_change& change);

// A statement the model does not describe (INSERT, DROP, ANALYZE, CREATE VIEW, …): its text without the ';'.
struct unsupported_statement {
    std::string keyword;  // the first word, upper case ("INSERT")
    std::string text;     // the statement as written (comments between its tokens included)
    // ALTER TABLE's distribution and sort-key forms: the analysis applies them to the table declared earlier;
    // `starshift run` skips them with a notice (docs/parse.md, "ALTER TABLE").
    std::optional<table_design_change> design;

    friend bool operator==(const unsupported_statement& a, const unsupported_statement& b) {
        return a.keyword == b.keyword && a.text == b.text;
    }
};

struct parsed_statement {
    // statement: SELECT, WITH, INSERT, UPDATE, DELETE, MERGE, CREATE VIEW read into the model's query AST
    // (docs/parse.md, "Queries and DML")
    std::variant<table, copy_spec, unsupported_statement, unload_spec, statement> value;
    std::string file;
    std::size_t line = 1;  // of the statement's first token
    std::size_t column = 1;
    bool if_not_exists = false;  // CREATE TABLE IF NOT EXISTS (the model has no such flag: it is how to create)
    // Why a statement the parser reads (CREATE VIEW) was kept as text instead; check_script warns with it
    // ([starshift.parse.view_kept_as_text]).
    std::string kept_as_text = {};

    [[nodiscard]] const table* as_table() const noexcept { return std::get_if<table>(&value); }
    [[nodiscard]] const copy_spec* as_copy() const noexcept { return std::get_if<copy_spec>(&value); }
    [[nodiscard]] const unsupported_statement* as_unsupported() const noexcept {
        return std::get_if<unsupported_statement>(&value);
    }
    [[nodiscard]] const unload_spec* as_unload() const noexcept { return std::get_if<unload_spec>(&value); }
    [[nodiscard]] const statement* as_statement() const noexcept { return std::get_if<statement>(&value); }
};

// A table declared before the statement being parsed, by its name as written ("schema.table" or "table",
// case-insensitive); nullptr when unknown.
using table_lookup = std::function<const table*(std::string_view dotted_name)>;

struct parse_options {
    std::string file = "<input>";  // the name errors show
    bool validate = true;          // run starshift::validate(table) on each CREATE TABLE
    validation_options validation;
    // A CREATE VIEW whose query is not read is kept as text (parsed_statement::kept_as_text) instead of an error:
    // what check_script does, as views are DDL Redshift accepts.
    bool views_as_text = false;
};

// How tables are matched by name: the dotted name without quotes, ASCII lower case ("\"A\".b" and "a.B" match), a
// three-part name without its database part.
[[nodiscard]] std::string table_key(std::string_view dotted_name);

// The latest CREATE TABLE among `statements` named `dotted_name` (schema.table or table, matched case-insensitively,
// quotes ignored), else what `fallback` finds.
[[nodiscard]] const table* find_table(const std::vector<parsed_statement>& statements,
                                      std::string_view dotted_name, const table_lookup& fallback = {});

// Limits that keep hostile input from costing more than linear time and bounded stack.
inline constexpr std::size_t max_paren_depth = 64;  // parentheses in a DEFAULT expression
inline constexpr std::size_t max_query_depth = 64;  // nested queries, parentheses and prefix operators in a query

// Parses a whole script. Throws parse_error (syntax) or statement_error (invalid model) at the first problem.
// CREATE TABLE … (LIKE t) and CREATE TABLE … AS SELECT … FROM t look `t` up among the script's earlier CREATE TABLEs,
// then in `earlier_scripts` (the tables of the scripts read before this one).
[[nodiscard]] std::vector<parsed_statement> parse_script(std::string_view sql, const parse_options& options = {},
                                                         const table_lookup& earlier_scripts = {});

// Exactly one SELECT, WITH, INSERT, UPDATE or DELETE statement, optionally ending with ';'.
[[nodiscard]] statement parse_query(std::string_view sql, const parse_options& options = {});

// Exactly one CREATE TABLE (or COPY) statement, optionally ending with ';'.
[[nodiscard]] table parse_create_table(std::string_view sql, const parse_options& options = {});
[[nodiscard]] copy_spec parse_copy(std::string_view sql, const parse_options& options = {});
[[nodiscard]] unload_spec parse_unload(std::string_view sql, const parse_options& options = {});

// One problem found by check_script: printed as "file:line:column: [id] message".
struct diagnostic {
    std::string file;
    std::size_t line = 1;
    std::size_t column = 1;
    std::string id;
    std::string message;

    [[nodiscard]] std::string to_string() const;
    // "file:line: warning: [id] message" (for check_result::warnings).
    [[nodiscard]] std::string to_warning_string() const;
};

struct check_result {
    std::vector<parsed_statement> statements;  // the statements that parsed and validated
    std::vector<diagnostic> problems;
    // Validation's non-fatal findings (model_warning, e.g. a sort-key column that is not RAW) of the CREATE TABLE
    // statements that validated, at the statement's position; printed as "file:line: warning: [id] message".
    std::vector<diagnostic> warnings;
};

// Like parse_script, but collects every problem instead of stopping: after an error it resumes at the next ';'
// (an unreadable token — an unterminated string or comment — ends the file). Never throws for bad input.
[[nodiscard]] check_result check_script(std::string_view sql, const parse_options& options = {},
                                        const table_lookup& earlier_scripts = {});

// Validates each COPY against the CREATE TABLE of its target among `statements` (matched on the qualified name,
// case-insensitively); a COPY into a table none of them declares is [starshift.parse.copy_table_unknown].
[[nodiscard]] std::vector<diagnostic> check_copies(const std::vector<parsed_statement>& statements);

// A file to check: its name and text, or no text when it could not be read.
struct source_file {
    std::string name;
    std::optional<std::string> text;
};

// check_script of every file (validation on; an unreadable one is one problem, [starshift.parse.io] at 1:1), then
// check_copies across all of them; problems ordered by file (in the given order), line, column; warnings and
// statements in file order. Never throws for bad input (`starshift check`).
[[nodiscard]] check_result check_files(const std::vector<source_file>& files);

// The tables of DDL scripts as the analyses read them (`starshift advise`, `starshift explain`): lenient, so that one
// statement the parser or validation refuses (a COPY option it does not know, a GRANT it cannot read, a bad type)
// never hides the others.
struct analysis_tables {
    // Every CREATE TABLE, CREATE TABLE … AS, CREATE EXTERNAL TABLE (table::external) and CREATE MATERIALIZED VIEW
    // (table::materialized) whose columns are known, in file order (LIKE and AS see the tables of the files
    // before, as parse_script does).
    std::vector<table> tables;
    // What was left out, each at its file:line:column, in file order: every problem check_files reports (a statement
    // the parser or validation refuses is skipped and reading resumes at the next ';'; an unreadable file is
    // [starshift.parse.io] at 1:1; a COPY that does not fit its table), and each CREATE TABLE … AS or materialized
    // view whose columns its query does not tell ([starshift.parse.columns_unknown]).
    std::vector<diagnostic> skipped;
};
// check_files, then the tables. Never throws for bad input. Print `skipped` with diagnostic::to_string().
[[nodiscard]] analysis_tables tables_for_analysis(const std::vector<source_file>& files);

// Every table `statements` declare, in order, with each later ALTER TABLE design change (table_design_change)
// applied; a change that cannot be (unknown table or column) is added to `skipped` and not applied.
[[nodiscard]] std::vector<table> declared_tables(const std::vector<parsed_statement>& statements,
                                                 std::vector<diagnostic>& skipped);

}  // namespace starshift::parse
