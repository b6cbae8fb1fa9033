// Recursive-descent (in practice: iterative) parser for Redshift's CREATE TABLE and COPY.
#include "starshift/parse/parser.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>

#include "parse_detail.hpp"
#include "token_cursor.hpp"
#include "starshift/common/text.hpp"
#include "starshift/parse/detail/tokenizer.hpp"

namespace starshift::parse {
namespace {

struct column_position {
    std::string name;
    std::size_t line;
    std::size_t column;
};

// One COPY option as written: its folded keyword, its first token, and its value as the statement gives it.
struct written_option {
    written_option(std::string k, const token* t) : keyword(std::move(k)), at(t) {}
    std::string keyword;        // "delimiter", "json", "gzip", …
    const token* at = nullptr;  // the keyword (for JSON and CSV: the format word)
    std::string text;           // a string value: JSON's argument, a delimiter or quote character, a region, …
    bool has_text = false;      // JSON: an argument was given
    std::int64_t number = 0;    // IGNOREHEADER, MAXERROR
    bool on = true;             // COMPUPDATE, STATUPDATE
};

// The COPY options in the order written, each checked for its own syntax (and no name given twice); nothing
// interpreted yet. Authorization is collected as one set of keys, whichever options gave them.
struct written_copy_options {
    std::vector<written_option> options;
    std::vector<std::string> seen;  // option names given so far
    credentials authorization;
    const token* format = nullptr;  // JSON or CSV
    const token* quote = nullptr;   // QUOTE [AS] 'c'
};

void interpret_copy_options(const written_copy_options& w, const token& statement, const std::string& file,
                            copy_spec& s);

class statement_parser : token_cursor {
public:
    statement_parser(const std::vector<token>& toks, std::string_view src, const parse_options& options,
                     const table_lookup& known)
        : token_cursor(toks, options), src_(src), known_(known) {}

    parsed_statement parse() {
        const token& first = peek();
        parsed_statement out;
        out.file = o_.file;
        out.line = first.line;
        out.column = first.column;
        if (is_kw(first, "create") && is_create_table()) {
            out.value = create_table();
            out.if_not_exists = if_not_exists_;
        } else if (is_kw(first, "create") && is_kw(peek(1), "external") && is_kw(peek(2), "table") &&
                   !has_query_after_as()) {
            out.value = create_external_table();
        } else if (is_kw(first, "create") && is_kw(peek(1), "materialized") && is_kw(peek(2), "view")) {
            out.value = create_materialized_view();
        } else if (is_kw(first, "copy")) {
            out.value = copy();
        } else if (is_kw(first, "unload")) {
            out.value = parse_unload_statement(t_, src_, o_);
            return out;
        } else if (is_kw(first, "alter") && is_kw(peek(1), "table")) {
            out.value = alter_table();
            return out;
        } else if (is_query_statement(t_)) {
            try {
                out.value = parse_query_tokens(t_, src_, o_);
            } catch (const parse_error& e) {
                // A view is DDL a script declares: one whose query the query parser does not read is kept as text
                // (Redshift reads it; PostgreSQL gets it as written), with a warning; Redshift's own errors stay.
                if (!o_.views_as_text || !is_kw(first, "create") ||
                    e.id() == "starshift.parse.view_table_unqualified" || e.id() == "starshift.parse.too_deep")
                    throw;
                out.value = unsupported();
                out.kept_as_text = "its query is not read (" + std::string(e.what()) + ")";
            }
            return out;
        } else {
            out.value = unsupported();
            return out;
        }
        if (peek().kind != token_kind::semicolon && peek().kind != token_kind::end)
            expected("';' or the end of the statement");
        return out;
    }

    // A data type at toks[pos] (CAST and :: in queries use the DDL's type grammar).
    sql_type type_from(std::size_t& pos) {
        pos_ = pos;
        const sql_type out = type();
        pos = pos_;
        return out;
    }

private:
    // ---------------------------------------------------------------- token helpers (token_cursor.hpp)
    std::string string_literal(const char* what, bool secret = false) {
        if (peek().kind != token_kind::string) expected(what, secret);
        return take().text;
    }

    template <class Int>
    Int integer_literal(const char* what, bool allow_sign) {
        bool negative = false;
        const token& start = peek();
        if (allow_sign && (is_sym(peek(), '-') || is_sym(peek(), '+'))) negative = take().text == "-";
        const token& t = peek();
        if (t.kind != token_kind::number) expected(what);
        const std::string text = (negative ? "-" : "") + t.text;
        Int v{};
        const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec == std::errc::result_out_of_range)
            fail_at(start, "starshift.parse.number_out_of_range", std::string(what) + " " + text + " is out of range");
        if (ec != std::errc() || p != text.data() + text.size()) expected(what);
        take();
        return v;
    }

    void optional_as() { (void)accept_kw("as"); }

    std::vector<std::string> name_list(const char* what) {
        expect_sym('(');
        std::vector<std::string> out;
        do {
            out.push_back(identifier(what));
        } while (accept_sym(','));
        expect_sym(')');
        return out;
    }

    // [database.]schema.table or table; `dotted` is the name as the model keeps it in copy_spec and REFERENCES.
    struct name_parts {
        std::string database;
        std::string schema;
        std::string name;
        std::string dotted;
    };
    name_parts table_name() {
        std::vector<std::pair<std::string, bool>> parts;  // name, quoted
        do {
            const bool quoted = peek().kind == token_kind::quoted_identifier;
            parts.emplace_back(identifier(parts.empty() ? "a table name" : "a table name after '.'"), quoted);
        } while (parts.size() < 3 && accept_sym('.'));
        if (is_sym(peek(), '.'))
            fail_at(peek(), "starshift.parse.syntax", "a table name has at most three parts (database.schema.table)");
        name_parts out;
        for (const auto& [n, q] : parts) out.dotted += (out.dotted.empty() ? "" : ".") + dotted_part(n, q);
        out.name = std::move(parts.back().first);
        if (parts.size() >= 2) out.schema = std::move(parts[parts.size() - 2].first);
        if (parts.size() == 3) out.database = std::move(parts[0].first);
        return out;
    }
    // The name by which earlier tables are looked up: schema.table or table (a database part is the connected one).
    static std::string lookup_name(const name_parts& n) { return n.schema.empty() ? n.name : n.schema + "." + n.name; }

    // ---------------------------------------------------------------- CREATE TABLE
    bool is_create_table() const {
        std::size_t k = 1;
        if (is_kw(peek(k), "local")) ++k;
        if (is_kw(peek(k), "temp") || is_kw(peek(k), "temporary")) ++k;
        return is_kw(peek(k), "table");
    }

    // Keys and attributes written after the column list (or before AS), each at most once. A key column is kept as
    // written with its token: a name, or for CREATE TABLE … AS a position in the select list ("1").
    using written_key = std::pair<std::string, const token*>;
    struct table_attributes {
        bool diststyle = false, encode = false, backup = false;
        std::optional<written_key> distkey;
        const token* sortkey = nullptr;
        std::vector<written_key> sortkey_columns;
        const token* first = nullptr;  // the first attribute written
    };

    std::string key_column(bool positional, const char* what) {
        if (positional && peek().kind == token_kind::number) return take().text;
        return identifier(what);
    }

    // BACKUP, DISTSTYLE, DISTKEY, [COMPOUND|INTERLEAVED] SORTKEY, and (not for CREATE TABLE … AS) ENCODE AUTO and
    // SORTKEY AUTO.
    table_attributes attributes(table& t, bool as_query) {
        table_attributes a;
        auto once = [&](bool seen, const token& at, const char* what) {
            if (seen) fail_at(at, "starshift.parse.duplicate_attribute", std::string(what) + " is given twice");
            if (!a.first) a.first = &at;
        };
        for (;;) {
            const token& at = peek();
            if (accept_kw("diststyle")) {
                once(a.diststyle, at, "DISTSTYLE");
                a.diststyle = true;
                const token& v = peek();
                if (v.kind != token_kind::word) expected("AUTO, EVEN, KEY or ALL after DISTSTYLE");
                const auto s = parse_dist_style(v.text);
                if (!s) expected("AUTO, EVEN, KEY or ALL after DISTSTYLE");
                take();
                t.diststyle = *s;
            } else if (accept_kw("distkey")) {
                once(a.distkey.has_value(), at, "DISTKEY");
                expect_sym('(');
                a.distkey = written_key{key_column(as_query, "a column name in DISTKEY (…)"), &at};
                expect_sym(')');
            } else if (is_kw(at, "compound") || is_kw(at, "interleaved") || is_kw(at, "sortkey")) {
                once(a.sortkey != nullptr, at, "SORTKEY");
                a.sortkey = &at;
                sort_style style = sort_style::compound;
                if (accept_kw("interleaved")) style = sort_style::interleaved;
                else (void)accept_kw("compound");
                const bool styled = !is_kw(at, "sortkey");
                expect_kw("sortkey");
                if (!styled && !as_query && accept_kw("auto")) {
                    t.sortkey = sort_key{sort_style::automatic, {}};
                } else {
                    expect_sym('(');
                    do {
                        const token& c = peek();
                        a.sortkey_columns.emplace_back(key_column(as_query, "a column name in SORTKEY (…)"), &c);
                    } while (accept_sym(','));
                    expect_sym(')');
                    t.sortkey = sort_key{style, {}};
                    for (const auto& k : a.sortkey_columns) t.sortkey.columns.push_back(k.first);
                }
            } else if (!as_query && accept_kw("encode")) {
                once(a.encode, at, "ENCODE");
                a.encode = true;
                // ENCODE AUTO: Redshift's default; the model keeps no table-level flag (accepted and dropped).
                expect_kw("auto");
            } else if (accept_kw("backup")) {
                once(a.backup, at, "BACKUP");
                a.backup = true;
                if (accept_kw("yes")) t.backup = true;
                else if (accept_kw("no")) t.backup = false;
                else expected("YES or NO after BACKUP");
            } else if (!as_query && accept_kw("collate")) {
                // The default collation of the table's CHAR and VARCHAR columns that give none (docs/parse.md).
                if (t.collate) fail_at(at, "starshift.parse.duplicate_attribute", "COLLATE is given twice");
                t.collate = collation_name();
            } else {
                return a;
            }
        }
    }

    table create_table() {
        const token& create_tok = take();  // CREATE
        table t;
        (void)accept_kw("local");
        if (accept_kw("temp") || accept_kw("temporary")) t.temporary = true;
        expect_kw("table");
        if (is_kw(peek(), "if")) {
            take();
            expect_kw("not");
            expect_kw("exists");
            if_not_exists_ = true;
        }
        if (is_sym(peek(), '#'))
            fail_at(peek(), "starshift.parse.unsupported",
                    "a table name starting with '#' (Redshift's other way to say TEMP) is not supported: write "
                    "CREATE TEMP TABLE");
        name_parts n = table_name();
        t.database = std::move(n.database);
        t.schema = std::move(n.schema);
        t.name = std::move(n.name);
        if (is_ctas_from(pos_)) {
            create_table_as(t);
        } else {
            if (!is_sym(peek(), '(')) expected("'(' and the column list");
            take();  // (
            column_list(t);
        }
        validated(t, create_tok);
        return t;
    }

    // The model error of validate(t) as a statement_error at the column it names (else at `at`).
    void validated(const table& t, const token& at) const {
        if (!o_.validate) return;
        try {
            (void)validate(t, o_.validation);
        } catch (const model_error& e) {
            std::size_t line = at.line, col = at.column;
            for (const auto& p : positions_)
                if (!e.column().empty() && p.name == e.column()) {
                    line = p.line;
                    col = p.column;
                }
            throw statement_error(o_.file, line, col, e);
        }
    }

    // The source text from token `first` to the token before `end_pos` (at least one token).
    std::string text_between(std::size_t first_pos, std::size_t end_pos) const {
        return std::string(src_.substr(t_[first_pos].begin, t_[end_pos - 1].end - t_[first_pos].begin));
    }

    // The text of a CREATE EXTERNAL TABLE clause as written: the tokens up to (not including) the next clause's
    // keyword at parenthesis depth 0 (PARTITIONED, ROW, STORED, LOCATION, TABLE) or the statement's end; `what`
    // when there is none.
    std::string external_clause(const char* what) {
        const std::size_t begin = pos_;
        std::size_t depth = 0;
        for (;;) {
            const token& tk = peek();
            if (tk.kind == token_kind::semicolon || tk.kind == token_kind::end) break;
            if (depth == 0) {
                bool stop = false;
                for (const char* w : {"partitioned", "row", "stored", "location", "table"}) stop = stop || is_kw(tk, w);
                if (stop) break;
            }
            if (is_sym(tk, '(')) ++depth;
            else if (is_sym(tk, ')') && depth > 0) --depth;
            take();
        }
        if (pos_ == begin) expected(what);
        return text_between(begin, pos_);
    }

    // A table named by the [database.]schema.name after the statement's first `keywords` tokens.
    table named_after_keywords(std::size_t keywords) {
        for (std::size_t i = 0; i < keywords; ++i) take();
        table t;
        name_parts n = table_name();
        t.database = std::move(n.database);
        t.schema = std::move(n.schema);
        t.name = std::move(n.name);
        return t;
    }

    // CREATE EXTERNAL TABLE [database.]schema.name (column type, …) [PARTITIONED BY (column type, …)]
    // [ROW FORMAT …] [STORED AS …] LOCATION 's3://…' [TABLE PROPERTIES (…)] (r_CREATE_EXTERNAL_TABLE). Spectrum
    // reads the rows from S3: no distribution on the slices (DISTSTYLE EVEN in the model: never collocated).
    table create_external_table() {
        const token& create_tok = peek();
        table t = named_after_keywords(3);  // CREATE EXTERNAL TABLE name
        t.diststyle = dist_style::even;
        external_table x;
        auto typed_columns = [&](std::vector<std::string>* names) {
            expect_sym('(');
            do {
                const token& at = peek();
                column c;
                c.name = identifier("a column name");
                positions_.push_back({c.name, at.line, at.column});
                c.type = type();
                if (names) names->push_back(c.name);
                t.columns.push_back(std::move(c));
            } while (accept_sym(','));
            expect_sym(')');
        };
        typed_columns(nullptr);
        bool stored = false, located = false;
        for (;;) {
            const token& at = peek();
            if (accept_kw("partitioned")) {
                if (!x.partitioned_by.empty())
                    fail_at(at, "starshift.parse.duplicate_attribute", "PARTITIONED BY is given twice");
                expect_kw("by");
                typed_columns(&x.partitioned_by);
            } else if (accept_kw("row")) {
                if (!x.row_format.empty())
                    fail_at(at, "starshift.parse.duplicate_attribute", "ROW FORMAT is given twice");
                expect_kw("format");
                x.row_format = external_clause("DELIMITED … or SERDE '…' after ROW FORMAT");
            } else if (accept_kw("stored")) {
                if (stored) fail_at(at, "starshift.parse.duplicate_attribute", "STORED AS is given twice");
                stored = true;
                expect_kw("as");
                x.stored_as = external_clause("a file format after STORED AS");
            } else if (accept_kw("location")) {
                if (located) fail_at(at, "starshift.parse.duplicate_attribute", "LOCATION is given twice");
                located = true;
                x.location = string_literal("an 's3://…' location after LOCATION");
            } else if (accept_kw("table")) {
                if (!x.table_properties.empty())
                    fail_at(at, "starshift.parse.duplicate_attribute", "TABLE PROPERTIES is given twice");
                expect_kw("properties");
                if (!is_sym(peek(), '(')) expected("'(' after TABLE PROPERTIES");
                const std::size_t open = pos_;
                take();
                std::size_t depth = 1;
                while (depth > 0) {
                    const token& tk = peek();
                    if (tk.kind == token_kind::semicolon || tk.kind == token_kind::end) expected("')'");
                    if (is_sym(tk, '(')) ++depth;
                    else if (is_sym(tk, ')')) --depth;
                    take();
                }
                if (pos_ - open > 2) x.table_properties = text_between(open + 1, pos_ - 1);
            } else {
                break;
            }
        }
        // r_CREATE_EXTERNAL_TABLE's synopsis makes STORED AS and LOCATION required, but its examples page has a ROW
        // FORMAT SERDE table without STORED AS (cloudtrail_json): only LOCATION is required.
        if (!located) fail_at(peek(), "starshift.parse.syntax", "CREATE EXTERNAL TABLE needs LOCATION 's3://…'");
        t.external = std::move(x);
        validated(t, create_tok);
        return t;
    }

    // CREATE MATERIALIZED VIEW name [BACKUP YES|NO] [DISTSTYLE …] [DISTKEY (…)] [SORTKEY (…)] [AUTO REFRESH YES|NO]
    // AS query (materialized-view-create-sql-command): a table with its query, columns learned as for CREATE TABLE
    // … AS; without DISTSTYLE or DISTKEY it is EVEN ("If you omit this clause, the distribution style is EVEN").
    table create_materialized_view() {
        const token& create_tok = peek();
        table t = named_after_keywords(3);  // CREATE MATERIALIZED VIEW name
        t.materialized = materialized_view{};
        create_table_as(t);
        validated(t, create_tok);
        return t;
    }

    // The elements after '(' up to ')', then the table attributes; keys written on columns and on the table merged.
    void column_list(table& t) {
        t.columns.reserve(16);
        std::vector<written_key> column_distkeys;
        std::vector<written_key> column_sortkeys;
        const table* parent = nullptr;  // LIKE
        const token* like_tok = nullptr;
        for (;;) {
            if (is_kw(peek(), "like")) {
                if (like_tok) fail_at(peek(), "starshift.parse.duplicate_attribute", "LIKE is given twice");
                like_tok = &peek();
                parent = like(t);
            } else {
                element(t, column_distkeys, column_sortkeys);
            }
            if (accept_sym(',')) continue;
            expect_sym(')');
            break;
        }
        const table_attributes a = attributes(t, false);
        if (parent) {
            // r_CREATE_TABLE_NEW, LIKE: "Distribution style, sort keys, BACKUP, and NULL properties are inherited by
            // LIKE tables, but you can't explicitly set them in the CREATE TABLE ... LIKE statement."
            const token* explicit_key = a.diststyle || a.distkey || a.sortkey || a.backup ? a.first
                                        : !column_distkeys.empty()                        ? column_distkeys[0].second
                                        : !column_sortkeys.empty()                        ? column_sortkeys[0].second
                                                                                          : nullptr;
            if (explicit_key)
                fail_at(*explicit_key, "starshift.parse.like_attribute",
                        "a CREATE TABLE … (LIKE " + parent->qualified_name() +
                            ") inherits its distribution style, sort key and BACKUP: they cannot be set here");
            t.diststyle = parent->diststyle;
            t.distkey = parent->distkey;
            t.sortkey = parent->sortkey;
            t.backup = parent->backup;
            return;
        }

        // DISTKEY: at most one, column level or table level.
        std::vector<written_key> distkeys = column_distkeys;
        if (a.distkey) distkeys.push_back(*a.distkey);
        for (std::size_t i = 1; i < distkeys.size(); ++i)
            if (fold_identifier(distkeys[i].first) != fold_identifier(distkeys[0].first))
                throw statement_error(o_.file, distkeys[i].second->line, distkeys[i].second->column,
                                      model_error("starshift.model.multiple_distkeys", t.qualified_name(),
                                                  distkeys[i].first,
                                                  "a table may have only one DISTKEY, and " + distkeys[0].first +
                                                      " is already one"));
        if (!distkeys.empty()) {
            t.distkey = distkeys[0].first;
            if (!a.diststyle) t.diststyle = dist_style::key;
        }
        // SORTKEY: one column-level SORTKEY, or the table-level one.
        if (column_sortkeys.size() > 1 || (!column_sortkeys.empty() && a.sortkey)) {
            const token* at = column_sortkeys.size() > 1 ? column_sortkeys[1].second : a.sortkey;
            fail_at(*at, "starshift.parse.multiple_sortkeys",
                    "a table has one sort key: use a table-level SORTKEY (a, b) for several columns");
        }
        if (!column_sortkeys.empty()) t.sortkey = sort_key{sort_style::compound, {column_sortkeys[0].first}};
    }

    // LIKE parent [INCLUDING | EXCLUDING DEFAULTS]: the parent's columns (names, types, encodings, NOT NULL, COLLATE;
    // DEFAULT only with INCLUDING DEFAULTS), not its constraints (r_CREATE_TABLE_NEW, LIKE; encodings as the
    // r_CREATE_TABLE_examples TEMPEVENT example shows them inherited).
    const table* like(table& t) {
        const token& at = take();  // LIKE
        const name_parts n = table_name();
        bool defaults = false;
        if (accept_kw("including")) {
            expect_kw("defaults");
            defaults = true;
        } else if (accept_kw("excluding")) {
            expect_kw("defaults");
        }
        const table* parent = find_earlier(lookup_name(n));
        if (!parent)
            fail_at(at, "starshift.parse.like_table_unknown",
                    "CREATE TABLE … (LIKE " + n.dotted +
                        "): no earlier CREATE TABLE of the given scripts declares " + n.dotted +
                        " (give the file that creates it first; `starshift run --db` also finds it in the database)");
        if (parent->columns.empty())
            fail_at(at, "starshift.parse.like_table_unknown",
                    "CREATE TABLE … (LIKE " + n.dotted + "): the columns of " + n.dotted +
                        " (a CREATE TABLE … AS) could not be learned");
        for (const column& pc : parent->columns) {
            column c = pc;
            c.collate = effective_collation(*parent, pc);  // the parent's table-level COLLATE stays with its columns
            c.identity_spec.reset();
            if (!defaults) c.default_expr.reset();
            positions_.push_back({c.name, at.line, at.column});
            t.columns.push_back(std::move(c));
        }
        return parent;
    }

    const table* find_earlier(const std::string& name) const { return known_ ? known_(name) : nullptr; }

    // CREATE TABLE name [(column, …)] [BACKUP …] [DISTSTYLE …] [DISTKEY (…)] [SORTKEY (…)] AS query
    void create_table_as(table& t) {
        table_query q;
        std::vector<column_position> names;
        if (is_sym(peek(), '(')) {
            take();
            do {
                const token& at = peek();
                q.column_names.push_back(identifier("a column name"));
                names.push_back({q.column_names.back(), at.line, at.column});
            } while (accept_sym(','));
            expect_sym(')');
        }
        table_attributes a = attributes(t, true);
        if (t.materialized) {
            if (is_kw(peek(), "auto")) {
                take();
                expect_kw("refresh");
                if (accept_kw("yes")) t.materialized->auto_refresh = true;
                else if (!accept_kw("no")) expected("YES or NO after AUTO REFRESH");
                const table_attributes more = attributes(t, true);  // the synopsis puts them first; accept both
                if (more.first) fail_at(*more.first, "starshift.parse.syntax",
                                        "table attributes come before AUTO REFRESH");
            }
        }
        expect_kw("as");
        const token& first = peek();
        if (first.kind == token_kind::semicolon || first.kind == token_kind::end) expected("a query after AS");
        const std::size_t query_start = pos_;
        std::size_t last_end = first.end;
        while (peek().kind != token_kind::semicolon && peek().kind != token_kind::end) last_end = take().end;
        q.text = std::string(src_.substr(first.begin, last_end - first.begin));

        select_shape shape = learn_select(query_start, pos_);
        if (!shape.types_known) learn_from_query(q.text, shape);
        std::vector<std::string> out_names = shape.names_known ? shape.names : std::vector<std::string>{};
        if (!q.column_names.empty()) {
            if (shape.names_known && q.column_names.size() != shape.names.size())
                fail_at(first, "starshift.parse.syntax",
                        "the column list names " + std::to_string(q.column_names.size()) +
                            " columns but the query returns " + std::to_string(shape.names.size()));
            out_names = q.column_names;
        }
        if (shape.types_known && !out_names.empty()) {
            for (std::size_t i = 0; i < shape.types.size(); ++i) {
                column c;
                c.name = out_names[i];
                c.type = shape.types[i];
                t.columns.push_back(std::move(c));
            }
            positions_ = names;
        }
        // Keys by name or by position in the select list (r_CREATE_TABLE_AS: DISTKEY, SORTKEY).
        auto resolve = [&](const written_key& k) -> std::string {
            if (k.first.empty() || k.first[0] < '0' || k.first[0] > '9') return k.first;
            std::size_t i = 0;
            const auto [end, ec] = std::from_chars(k.first.data(), k.first.data() + k.first.size(), i);
            if (ec != std::errc() || end != k.first.data() + k.first.size()) i = 0;  // 1.5, 1e3, too large
            if (i < 1 || i > out_names.size())
                fail_at(*k.second, "starshift.parse.ctas_column_unknown",
                        "column position " + k.first +
                            (out_names.empty() ? " of a query whose columns cannot be learned: write the column name"
                                               : " is outside 1.." + std::to_string(out_names.size())));
            return out_names[i - 1];
        };
        if (a.distkey) {
            t.distkey = resolve(*a.distkey);
            if (!a.diststyle) t.diststyle = dist_style::key;
        }
        if (a.sortkey) {
            t.sortkey.columns.clear();
            for (const auto& k : a.sortkey_columns) t.sortkey.columns.push_back(resolve(k));
        }
        // r_CTAS_usage_notes: "If the SELECT clause is a simple select operation from a single table, without a limit
        // clause, order by clause, or group by clause, then CTAS uses the source table's distribution style and sort
        // key" — when the statement gives none (r_CTAS_examples: EVEN given, the sort key is not inherited).
        if (t.materialized && !a.diststyle && !a.distkey) t.diststyle = dist_style::even;
        if (!t.materialized && shape.simple_source && !a.diststyle && !a.distkey && !a.sortkey && !out_names.empty())
            inherit_keys(*shape.simple_source, shape.source_columns, out_names, t);
        t.as_query = std::move(q);
    }

    // The source's distribution and sort key, on the new table's names for the selected source columns (a key whose
    // column is not selected is not inherited).
    static void inherit_keys(const table& source, const std::vector<std::string>& source_columns,
                             const std::vector<std::string>& names, table& t) {
        auto renamed = [&](const std::string& col) -> std::optional<std::string> {
            for (std::size_t i = 0; i < source_columns.size() && i < names.size(); ++i)
                if (!source_columns[i].empty() && fold_identifier(source_columns[i]) == fold_identifier(col))
                    return names[i];
            return std::nullopt;
        };
        if (!source.distkey) {
            t.diststyle = source.diststyle;
        } else if (const auto k = renamed(*source.distkey)) {
            t.diststyle = source.diststyle;
            t.distkey = *k;
        }
        sort_key sk{source.sortkey.style, {}};
        for (const auto& c : source.sortkey.columns) {
            const auto k = renamed(c);
            if (!k) return;
            sk.columns.push_back(*k);
        }
        t.sortkey = sk;
    }

    // What the select list of a CREATE TABLE … AS query tells: its output names (plain column references, aliases,
    // `*` of one known table) and their types (columns of the one table in FROM, when the script declares it).
    struct select_shape {
        bool names_known = false;
        bool types_known = false;
        std::vector<std::string> names;
        std::vector<sql_type> types;
        const table* simple_source = nullptr;     // the one table of a select without GROUP BY, ORDER BY, LIMIT
        std::vector<std::string> source_columns;  // per output column: the source column it reads, or empty
    };

    select_shape learn_select(std::size_t begin, std::size_t end) const {
        select_shape out;
        std::size_t i = begin;
        if (i >= end || !is_kw(t_[i], "select")) return out;
        ++i;
        if (i < end && (is_kw(t_[i], "distinct") || is_kw(t_[i], "all"))) ++i;
        // Items up to FROM at depth 0.
        std::vector<std::pair<std::size_t, std::size_t>> items;
        std::size_t depth = 0, item_start = i, from = end;
        for (; i < end; ++i) {
            const token& tk = t_[i];
            if (is_sym(tk, '(')) ++depth;
            else if (is_sym(tk, ')') && depth > 0) --depth;
            else if (depth == 0 && is_sym(tk, ',')) {
                items.emplace_back(item_start, i);
                item_start = i + 1;
            } else if (depth == 0 && is_kw(tk, "from")) {
                from = i;
                break;
            }
        }
        items.emplace_back(item_start, i);
        // FROM one table [[AS] alias], then the end or a clause keyword.
        const table* source = nullptr;
        if (from < end) {
            std::size_t k = from + 1;
            std::string name;
            while (k < end && (t_[k].kind == token_kind::word || t_[k].kind == token_kind::quoted_identifier)) {
                name += (name.empty() ? "" : ".") +
                        (t_[k].kind == token_kind::word ? fold_identifier(t_[k].text) : t_[k].text);
                ++k;
                if (k < end && is_sym(t_[k], '.')) ++k;
                else break;
            }
            if (k < end && is_kw(t_[k], "as")) ++k;
            if (k < end && t_[k].kind != token_kind::symbol && !is_clause_keyword(t_[k])) ++k;  // alias
            const bool single = k >= end || is_clause_keyword(t_[k]);
            if (single && !name.empty()) {
                const auto dots = static_cast<std::size_t>(std::count(name.begin(), name.end(), '.'));
                if (dots == 2) name = name.substr(name.find('.') + 1);  // database.schema.table
                source = find_earlier(name);
            }
            bool simple = source != nullptr;
            for (; k < end; ++k)
                if (is_kw(t_[k], "group") || is_kw(t_[k], "order") || is_kw(t_[k], "limit") ||
                    is_kw(t_[k], "union") || is_kw(t_[k], "intersect") || is_kw(t_[k], "except") ||
                    is_kw(t_[k], "minus") || is_kw(t_[k], "having") || is_kw(t_[k], "offset"))
                    simple = false;
            if (simple) out.simple_source = source;
        }
        bool names = true, types = source != nullptr;
        for (const auto& item : items) {
            const std::size_t b = item.first;  // a plain variable: C++17 lambdas cannot capture a structured binding
            const std::size_t e = item.second;
            if (e == b + 1 && is_sym(t_[b], '*')) {
                if (!source || source->columns.empty()) return select_shape{};
                for (const column& c : source->columns) {
                    out.names.push_back(c.name);
                    out.types.push_back(c.type);
                    out.source_columns.push_back(c.name);
                }
                continue;
            }
            std::size_t expr_end = e;
            std::string alias;
            if (e >= b + 3 && is_kw(t_[e - 2], "as") && t_[e - 1].kind != token_kind::symbol) {
                alias = identifier_text(t_[e - 1]);
                expr_end = e - 2;
            }
            // A column reference: name or qualifier.name.
            const bool reference = expr_end > b && (expr_end - b) % 2 == 1 && [&] {
                for (std::size_t k = b; k < expr_end; ++k) {
                    const bool name_slot = (k - b) % 2 == 0;
                    if (name_slot && t_[k].kind != token_kind::word && t_[k].kind != token_kind::quoted_identifier)
                        return false;
                    if (!name_slot && !is_sym(t_[k], '.')) return false;
                }
                return true;
            }();
            const column* c = reference && source ? source->find(identifier_text(t_[expr_end - 1])) : nullptr;
            if (alias.empty() && reference) alias = identifier_text(t_[expr_end - 1]);
            if (alias.empty()) names = false;
            if (!c) types = false;
            if (!reference) out.simple_source = nullptr;  // an expression: aggregates and the like are not simple
            out.source_columns.push_back(c ? c->name : std::string());
            out.names.push_back(alias);
            out.types.push_back(c ? c->type : sql_type{});
        }
        out.names_known = names;
        out.types_known = names && types;
        return out;
    }

    // When the select list's tokens do not tell the types: the query as the query parser reads it (joins, CTEs,
    // derived tables, casts, COUNT/MIN/MAX; query_columns). A query it cannot read leaves `shape` as it is.
    void learn_from_query(const std::string& text, select_shape& shape) const {
        parse_options qo = o_;
        qo.validate = false;
        std::optional<std::vector<column>> cols;
        try {
            const statement st = parse_query(text, qo);
            if (const auto* q = std::get_if<select_query>(&st.body)) cols = query_columns(*q, known_);
        } catch (const parse_error&) {
            return;  // kept as text: Redshift reads it, the model does not need to
        }
        if (!cols) return;
        shape.names_known = shape.types_known = true;
        shape.names.clear();
        shape.types.clear();
        for (const auto& c : *cols) {
            shape.names.push_back(c.name);
            shape.types.push_back(c.type);
        }
    }

    static std::string identifier_text(const token& tk) {
        return tk.kind == token_kind::word ? fold_identifier(tk.text) : tk.text;
    }
    static bool is_clause_keyword(const token& tk) {
        static constexpr const char* words[] = {"where", "group", "order", "having", "limit", "union", "intersect",
                                                "except", "minus", "offset", "qualify", "window"};
        for (const char* w : words)
            if (is_kw(tk, w)) return true;
        return false;
    }

    // Whether the statement has `AS SELECT`, `AS WITH` or `AS (` at parenthesis depth 0 (CREATE EXTERNAL TABLE … AS
    // query, which is kept as text; STORED AS is not one).
    bool has_query_after_as() const {
        std::size_t depth = 0;
        for (std::size_t i = 0; i + 1 < t_.size(); ++i) {
            const token& t = t_[i];
            if (t.kind == token_kind::semicolon || t.kind == token_kind::end) return false;
            if (is_sym(t, '(')) ++depth;
            else if (is_sym(t, ')') && depth > 0) --depth;
            else if (depth == 0 && is_kw(t, "as") &&
                     (is_kw(t_[i + 1], "select") || is_kw(t_[i + 1], "with") || is_sym(t_[i + 1], '(')))
                return true;
        }
        return false;
    }

    // Whether the statement starting at `from` has AS at parenthesis depth 0 (CREATE TABLE … AS SELECT).
    bool is_ctas_from(std::size_t from) const {
        std::size_t depth = 0;
        for (std::size_t i = from; i < t_.size(); ++i) {
            const token& t = t_[i];
            if (t.kind == token_kind::semicolon || t.kind == token_kind::end) return false;
            if (is_sym(t, '(')) ++depth;
            else if (is_sym(t, ')') && depth > 0) --depth;
            else if (depth == 0 && is_kw(t, "as")) return true;
        }
        return false;
    }

    void constraint_element(table& t, const token& at) {
        constraint c;
        if (accept_kw("primary")) {
            expect_kw("key");
            c.kind = constraint_kind::primary_key;
            c.columns = name_list("a column name in PRIMARY KEY (…)");
        } else if (accept_kw("unique")) {
            c.kind = constraint_kind::unique;
            c.columns = name_list("a column name in UNIQUE (…)");
        } else if (accept_kw("foreign")) {
            expect_kw("key");
            c.kind = constraint_kind::foreign_key;
            c.columns = name_list("a column name in FOREIGN KEY (…)");
            expect_kw("references");
            references(c);
        } else {
            (void)at;
            expected("PRIMARY KEY, UNIQUE or FOREIGN KEY");
        }
        t.constraints.push_back(std::move(c));
    }

    void element(table& t, std::vector<written_key>& distkeys, std::vector<written_key>& sortkeys) {
        const token& at = peek();
        if (accept_kw("constraint")) {
            (void)identifier("a constraint name");  // the model keeps no constraint names
            constraint_element(t, at);
            return;
        }
        if (is_kw(at, "primary") || is_kw(at, "unique") || is_kw(at, "foreign")) {
            // A column may be named "unique"? Not unquoted: these are reserved words in Redshift.
            constraint_element(t, at);
            return;
        }
        column c;
        c.name = identifier("a column name or a table constraint");
        positions_.push_back({c.name, at.line, at.column});
        c.type = type();
        column_attributes(t, c, distkeys, sortkeys);
        t.columns.push_back(std::move(c));
    }

    // ---------------------------------------------------------------- types
    std::uint32_t length_arg(const char* what) {
        return integer_literal<std::uint32_t>(what, false);
    }

    // CASE_SENSITIVE | CASE_INSENSITIVE after COLLATE (a column's or the table's).
    collation collation_name() {
        const token& v = peek();
        const auto coll = v.kind == token_kind::word ? parse_collation(v.text) : std::nullopt;
        if (!coll) expected("CASE_SENSITIVE or CASE_INSENSITIVE after COLLATE");
        take();
        return *coll;
    }

    // Every type name and alias of c_Supported_data_types (r_Numeric_types201, r_Character_types, r_Datetime_types,
    // r_VARBYTE_type, r_SUPER_type, r_HLLSKTECH_type, spatial types).
    sql_type type() {
        const token& at = peek();
        if (at.kind != token_kind::word) expected("a data type");
        const std::string w = fold_identifier(take().text);
        if (w == "smallint" || w == "int2") return smallint();
        if (w == "integer" || w == "int" || w == "int4") return integer();
        if (w == "bigint" || w == "int8") return bigint();
        if (w == "decimal" || w == "numeric" || w == "dec") {
            int p = 18, s = 0;
            if (accept_sym('(')) {
                p = integer_literal<int>("a DECIMAL precision", false);
                if (accept_sym(',')) s = integer_literal<int>("a DECIMAL scale", false);
                expect_sym(')');
            }
            return decimal(p, s);
        }
        if (w == "real" || w == "float4") return real();
        if (w == "float8") return double_precision();
        if (w == "float") {
            if (!is_sym(peek(), '(')) return double_precision();
            take();
            const token& p_tok = peek();
            const int p = integer_literal<int>("a FLOAT precision", false);
            if (p < 1 || p > 53)
                fail_at(p_tok, "starshift.parse.bad_type_argument",
                        "FLOAT(" + std::to_string(p) + "): the precision is 1..53 binary digits");
            expect_sym(')');
            return p <= 24 ? real() : double_precision();  // FLOAT(1..24) is REAL, FLOAT(25..53) DOUBLE PRECISION
        }
        if (w == "double") {
            expect_kw("precision");
            return double_precision();
        }
        if (w == "bool" || w == "boolean") return boolean();
        if ((w == "character" || w == "nchar") && is_kw(peek(), "varying")) {
            take();
            return varchar_type();
        }
        if (w == "varchar" || w == "nvarchar") return varchar_type();
        if (w == "text") return varchar(256);
        if (w == "char" || w == "character" || w == "nchar" || w == "bpchar") {
            std::uint32_t n = w == "bpchar" ? 256 : 1;  // Redshift: bare BPCHAR is CHAR(256), bare CHAR is CHAR(1)
            if (accept_sym('(')) {
                if (is_kw(peek(), "max"))
                    fail_at(peek(), "starshift.parse.syntax", "CHAR(MAX) does not exist: CHAR is at most 4096 bytes");
                n = length_arg("a CHAR length");
                expect_sym(')');
            }
            return char_type(n);
        }
        if (w == "date") return date();
        if (w == "timestamp" || w == "time") {
            const bool ts = w == "timestamp";
            if (is_sym(peek(), '('))
                fail_at(peek(), "starshift.parse.unsupported_type",
                        ascii_upper(w) + "(p) is not a Redshift type: " + ascii_upper(w) +
                            " keeps six fractional digits (r_Datetime_types)");
            if (accept_kw("without")) {
                expect_kw("time");
                expect_kw("zone");
            } else if (accept_kw("with")) {
                expect_kw("time");
                expect_kw("zone");
                return ts ? timestamptz() : timetz();
            }
            return ts ? timestamp() : time_type();
        }
        if (w == "timestamptz") return timestamptz();
        if (w == "timetz") return timetz();
        if (w == "binary" && is_kw(peek(), "varying")) {
            take();
            return varbyte_type();
        }
        if (w == "varbyte" || w == "varbinary") return varbyte_type();
        if (w == "super") return super();
        if (w == "geometry") return geometry();
        if (w == "geography") return geography();
        if (w == "hllsketch") return hllsketch();
        if (w == "interval")
            fail_at(at, "starshift.parse.unsupported_type",
                    "INTERVAL is not a column type: \"You can't use the INTERVAL data type for columns in Amazon "
                    "Redshift tables\" (r_interval_literals)");
        fail_at(at, "starshift.parse.unsupported_type",
                "data type " + ascii_upper(w) +
                    " is not a Redshift column type (c_Supported_data_types: SMALLINT, INTEGER, BIGINT, DECIMAL, REAL, "
                    "DOUBLE PRECISION, BOOLEAN, CHAR, VARCHAR, DATE, TIME, TIMETZ, TIMESTAMP, TIMESTAMPTZ, VARBYTE, "
                    "SUPER, GEOMETRY, GEOGRAPHY, HLLSKETCH and their aliases)");
    }

    sql_type varbyte_type() {
        if (!accept_sym('(')) return varbyte();  // r_VARBYTE_type: "The default is 64,000"
        const sql_type out = varbyte(length_arg("a VARBYTE length"));
        expect_sym(')');
        return out;
    }

    sql_type varchar_type() {
        if (!accept_sym('(')) return varchar(256);  // Redshift: bare VARCHAR is VARCHAR(256)
        sql_type out;
        if (accept_kw("max")) out = varchar_max();
        else out = varchar(length_arg("a VARCHAR length or MAX"));
        expect_sym(')');
        return out;
    }

    // ---------------------------------------------------------------- column attributes
    void column_attributes(table& t, column& c, std::vector<written_key>& distkeys,
                           std::vector<written_key>& sortkeys) {
        bool seen_null = false, seen_distkey = false, seen_sortkey = false;
        auto dup = [&](const token& at, const char* what) {
            fail_at(at, "starshift.parse.duplicate_attribute",
                    std::string(what) + " is given twice for column " + c.name);
        };
        for (;;) {
            const token& at = peek();
            if (at.kind != token_kind::word) return;  // ',' or ')' ends the column (checked by the caller)
            if (accept_kw("default")) {
                if (c.default_expr) dup(at, "DEFAULT");
                c.default_expr = default_expression();
            } else if (accept_kw("identity")) {
                if (c.identity_spec) dup(at, "IDENTITY");
                c.identity_spec = identity_args(false);
                c.not_null = true;  // identity columns are NOT NULL (as column_builder::identity)
            } else if (accept_kw("generated")) {
                if (c.identity_spec) dup(at, "IDENTITY");
                expect_kw("by");
                expect_kw("default");
                expect_kw("as");
                expect_kw("identity");
                c.identity_spec = identity_args(true);
                c.not_null = true;  // "Default identity columns are NOT NULL" (r_CREATE_TABLE_NEW)
            } else if (accept_kw("encode")) {
                if (c.encode) dup(at, "ENCODE");
                const token& v = peek();
                if (v.kind != token_kind::word) expected("an encoding after ENCODE");
                const auto e = parse_encoding(v.text);
                if (!e)
                    fail_at(v, "starshift.parse.unknown_encoding",
                            "unknown encoding " + ascii_upper(v.text) +
                                " (RAW, AZ64, BYTEDICT, DELTA, DELTA32K, LZO, MOSTLY8, MOSTLY16, MOSTLY32, RUNLENGTH, "
                                "TEXT255, TEXT32K, ZSTD)");
                take();
                c.encode = *e;
            } else if (accept_kw("distkey")) {
                if (seen_distkey) dup(at, "DISTKEY");
                seen_distkey = true;
                distkeys.emplace_back(c.name, &at);
            } else if (accept_kw("sortkey")) {
                if (seen_sortkey) dup(at, "SORTKEY");
                seen_sortkey = true;
                sortkeys.emplace_back(c.name, &at);
            } else if (accept_kw("not")) {
                expect_kw("null");
                if (seen_null) dup(at, "NULL / NOT NULL");
                seen_null = true;
                c.not_null = true;
            } else if (accept_kw("null")) {
                if (seen_null) dup(at, "NULL / NOT NULL");
                seen_null = true;
                c.not_null = false;
            } else if (accept_kw("constraint")) {
                (void)identifier("a constraint name");  // dropped: the model keeps no constraint names
                if (!is_kw(peek(), "primary") && !is_kw(peek(), "unique") && !is_kw(peek(), "references"))
                    expected("PRIMARY KEY, UNIQUE or REFERENCES after CONSTRAINT name");
            } else if (accept_kw("primary")) {
                expect_kw("key");
                t.constraints.push_back({constraint_kind::primary_key, {c.name}, {}, {}, {}, {}, {}});
            } else if (accept_kw("unique")) {
                t.constraints.push_back({constraint_kind::unique, {c.name}, {}, {}, {}, {}, {}});
            } else if (accept_kw("references")) {
                constraint k;
                k.kind = constraint_kind::foreign_key;
                k.columns = {c.name};
                references(k);
                t.constraints.push_back(std::move(k));
            } else if (accept_kw("collate")) {
                if (c.collate) dup(at, "COLLATE");
                c.collate = collation_name();
            } else {
                return;
            }
        }
    }

    // REFERENCES reftable [(refcolumn, …)] [MATCH FULL|PARTIAL|SIMPLE] [ON DELETE action] [ON UPDATE action]
    void references(constraint& k) {
        k.ref_table = table_name().dotted;
        if (is_sym(peek(), '(')) k.ref_columns = name_list("a referenced column name");
        for (;;) {
            const token& at = peek();
            if (accept_kw("match")) {
                if (!k.match.empty()) fail_at(at, "starshift.parse.duplicate_attribute", "MATCH is given twice");
                if (accept_kw("full")) k.match = "FULL";
                else if (accept_kw("partial")) k.match = "PARTIAL";
                else if (accept_kw("simple")) k.match = "SIMPLE";
                else expected("FULL, PARTIAL or SIMPLE after MATCH");
            } else if (is_kw(at, "on") && (is_kw(peek(1), "delete") || is_kw(peek(1), "update"))) {
                take();
                const bool del = is_kw(take(), "delete");
                std::string& action = del ? k.on_delete : k.on_update;
                if (!action.empty())
                    fail_at(at, "starshift.parse.duplicate_attribute",
                            std::string(del ? "ON DELETE" : "ON UPDATE") + " is given twice");
                action = referential_action();
            } else {
                return;
            }
        }
    }

    std::string referential_action() {
        if (accept_kw("cascade")) return "CASCADE";
        if (accept_kw("restrict")) return "RESTRICT";
        if (accept_kw("no")) {
            expect_kw("action");
            return "NO ACTION";
        }
        if (accept_kw("set")) {
            if (accept_kw("null")) return "SET NULL";
            expect_kw("default");
            return "SET DEFAULT";
        }
        expected("CASCADE, RESTRICT, NO ACTION, SET NULL or SET DEFAULT");
    }

    // IDENTITY [(seed, step)]: without them (1, 1), PostgreSQL's and Redshift's start (docs/parse.md).
    identity identity_args(bool generated) {
        identity id;
        id.generated_by_default = generated;
        if (!is_sym(peek(), '(')) {
            id.seed = 1;
            id.bare = true;
            return id;
        }
        expect_sym('(');
        id.seed = integer_literal<std::int64_t>("an IDENTITY seed", true);
        expect_sym(',');
        id.step = integer_literal<std::int64_t>("an IDENTITY step", true);
        expect_sym(')');
        return id;
    }

    static bool ends_default(const token& t, const token& prev, const token& next) {
        if (t.kind != token_kind::word) return false;
        static constexpr const char* stops[] = {"encode",  "distkey",    "sortkey",  "primary",  "unique",
                                                "references", "identity", "generated", "constraint", "collate"};
        for (const char* s : stops)
            if (iequals(t.text, s)) return true;
        const bool after_is = is_kw(prev, "is") || is_kw(prev, "not");
        if (iequals(t.text, "not") && is_kw(next, "null") && !is_kw(prev, "is")) return true;
        if (iequals(t.text, "null") && !after_is) return true;
        return false;
    }

    // DEFAULT expression: tokens up to the next column attribute, ',' or ')' at depth 0; kept as text with one space
    // wherever the source had whitespace or a comment between tokens.
    std::string default_expression() {
        const token& first = peek();
        if (first.kind == token_kind::semicolon || first.kind == token_kind::end || is_sym(first, ',') ||
            is_sym(first, ')'))
            expected("an expression after DEFAULT");
        std::string text;
        std::size_t depth = 0;
        std::size_t prev_end = first.begin;
        bool first_token = true;
        for (;;) {
            const token& t = peek();
            if (t.kind == token_kind::semicolon || t.kind == token_kind::end) {
                if (depth > 0) expected("')' closing the DEFAULT expression");
                break;
            }
            if (depth == 0 && !first_token) {
                if (is_sym(t, ',') || is_sym(t, ')')) break;
                if (ends_default(t, t_[pos_ - 1], peek(1))) break;
            }
            if (is_sym(t, '(')) {
                if (++depth > max_paren_depth)
                    fail_at(t, "starshift.parse.too_deep",
                            "DEFAULT expression nests parentheses deeper than " + std::to_string(max_paren_depth));
            } else if (is_sym(t, ')')) {
                if (depth == 0) break;
                --depth;
            }
            if (!first_token && t.begin > prev_end) text += ' ';
            text.append(src_.substr(t.begin, t.end - t.begin));
            prev_end = t.end;
            first_token = false;
            take();
        }
        return text;
    }

    // ---------------------------------------------------------------- COPY
    // Two phases: the options as written (syntax: keywords, values, duplicates), then their meaning in a copy_spec.
    copy_spec copy();
    void copy_source(copy_spec& s);
    written_copy_options copy_options();
    void copy_option(written_copy_options& w);
    bool credentials_option(written_copy_options& w, const token& at, const std::string& kw);
    bool format_option(written_copy_options& w, const token& at, const std::string& kw);
    bool value_option(written_copy_options& w, const token& at, const std::string& kw);
    bool flag_option(written_copy_options& w, const token& at, const std::string& kw);
    void once(written_copy_options& w, const token& at, const std::string& name);
    void format_word(written_copy_options& w, const token& at);
    void json_argument(written_copy_options& w, const token& at);
    void quote_option(written_copy_options& w);
    void csv_argument(written_copy_options& w, const token& at);
    bool on_off(const char* what, bool allow_preset);

    char single_char(const char* what) {
        const token& at = peek();
        const std::string v = string_literal((std::string("the ") + what + " character as a string").c_str());
        if (v.size() != 1)
            fail_at(at, "starshift.parse.bad_option_value",
                    std::string(what) + " must be a single character, found " + std::to_string(v.size()) +
                        " characters");
        return v[0];
    }

    // 'aws_access_key_id=…;aws_secret_access_key=…[;token=…]' or 'aws_iam_role=arn:…'. Never echoes values.
    void parse_credentials(const token& at, const std::string& text, credentials& c) {
        std::size_t start = 0;
        while (start <= text.size()) {
            std::size_t semi = text.find(';', start);
            if (semi == std::string::npos) semi = text.size();
            const std::string part = text.substr(start, semi - start);
            start = semi + 1;
            if (part.empty()) {
                if (semi == text.size()) break;
                continue;
            }
            const auto eq = part.find('=');
            if (eq == std::string::npos)
                fail_at(at, "starshift.parse.bad_credentials",
                        "CREDENTIALS must be key=value pairs separated by ';'");
            const std::string key = fold_identifier(part.substr(0, eq));
            std::string value = part.substr(eq + 1);
            std::string* target = key == "aws_access_key_id"       ? &c.access_key_id
                                  : key == "aws_secret_access_key" ? &c.secret_access_key
                                  : key == "token"                 ? &c.session_token
                                  : key == "aws_iam_role"          ? &c.iam_role
                                                                   : nullptr;
            if (!target) {
                // Name the key only when it is a plain word (a secret pasted in the wrong place stays unprinted).
                bool plain = key.size() <= 32;
                for (char ch : key)
                    if (!((ch >= 'a' && ch <= 'z') || ch == '_')) plain = false;
                fail_at(at, "starshift.parse.bad_credentials",
                        "unknown CREDENTIALS key" + (plain ? " " + key : std::string()) +
                            " (aws_access_key_id, aws_secret_access_key, token, aws_iam_role)");
            }
            if (!target->empty())
                fail_at(at, "starshift.parse.bad_credentials", "CREDENTIALS gives " + key + " twice");
            *target = std::move(value);
            if (semi == text.size()) break;
        }
    }

public:
    // The authorization option at `pos` (for UNLOAD, which shares them).
    bool authorization_at(std::size_t& pos, credentials& c, std::vector<std::string>& seen) {
        pos_ = pos;
        written_copy_options w;
        w.seen = seen;
        w.authorization = c;
        if (peek().kind != token_kind::word || !credentials_option(w, peek(), fold_identifier(peek().text)))
            return false;
        pos = pos_;
        c = w.authorization;
        seen = std::move(w.seen);
        return true;
    }

private:

    // ---------------------------------------------------------------- other statements
    // ALTER TABLE name ALTER DISTKEY|DISTSTYLE|[COMPOUND] SORTKEY|ENCODE …[, …] (r_ALTER_TABLE): kept as text with
    // the design change it makes; any other ALTER TABLE is text only.
    unsupported_statement alter_table() {
        const std::size_t start = pos_;
        take();  // ALTER
        take();  // TABLE
        table_design_change d;
        d.table = table_name().dotted;
        const auto design_form = [this] {
            return is_kw(peek(), "alter") &&
                   (is_kw(peek(1), "distkey") || is_kw(peek(1), "diststyle") || is_kw(peek(1), "sortkey") ||
                    is_kw(peek(1), "compound") || is_kw(peek(1), "encode"));
        };
        if (!design_form()) {
            pos_ = start;
            return unsupported();
        }
        do {
            if (!design_form()) expected("ALTER DISTKEY, DISTSTYLE, SORTKEY or ENCODE");
            take();  // ALTER
            if (accept_kw("distkey")) {
                d.diststyle = dist_style::key;
                d.distkey = identifier("a DISTKEY column");
            } else if (accept_kw("diststyle")) {
                if (accept_kw("all")) d.diststyle = dist_style::all;
                else if (accept_kw("even")) d.diststyle = dist_style::even;
                else if (accept_kw("auto")) d.diststyle = dist_style::automatic;
                else if (accept_kw("key")) {
                    d.diststyle = dist_style::key;
                    expect_kw("distkey");
                    d.distkey = identifier("a DISTKEY column");
                } else {
                    expected("ALL, EVEN, KEY DISTKEY column or AUTO after ALTER DISTSTYLE");
                }
                if (d.diststyle != dist_style::key) d.distkey.reset();
            } else if (accept_kw("encode")) {
                expect_kw("auto");
                d.encode_auto = true;
            } else {
                const bool compound = accept_kw("compound");
                expect_kw("sortkey");
                sort_key k;
                if (!compound && accept_kw("auto")) {
                    k.style = sort_style::automatic;
                } else if (!compound && accept_kw("none")) {
                    k.style = sort_style::automatic;  // no sort-key columns: the model's AUTO before any is chosen
                } else {
                    k.style = sort_style::compound;
                    k.columns = name_list("a SORTKEY column");
                }
                d.sortkey = std::move(k);
            }
        } while (accept_sym(','));
        if (peek().kind != token_kind::semicolon && peek().kind != token_kind::end)
            expected("',' or the end of the ALTER TABLE statement");
        pos_ = start;
        unsupported_statement u = unsupported();
        u.design = std::move(d);
        return u;
    }

    unsupported_statement unsupported() {
        unsupported_statement u;
        const token& first = peek();
        u.keyword = first.kind == token_kind::word ? ascii_upper(first.text) : first.text;
        std::size_t last_end = first.end;
        while (peek().kind != token_kind::semicolon && peek().kind != token_kind::end) last_end = take().end;
        u.text = std::string(src_.substr(first.begin, last_end - first.begin));
        return u;
    }

    std::string_view src_;
    const table_lookup& known_;
    bool if_not_exists_ = false;
    std::vector<column_position> positions_;  // of the CREATE TABLE's columns, for errors
};

// ---------------------------------------------------------------- COPY: the options as written
copy_spec statement_parser::copy() {
    take();  // COPY
    copy_spec s;
    copy_source(s);
    const written_copy_options written = copy_options();
    interpret_copy_options(written, t_.front(), o_.file, s);
    return s;
}

// table [(columns)] FROM 'source'
void statement_parser::copy_source(copy_spec& s) {
    s.table = table_name().dotted;
    if (is_sym(peek(), '(')) s.columns = name_list("a column name in the COPY column list");
    expect_kw("from");
    const token& src = peek();
    s.source.uri = string_literal("the data source as a string ('s3://bucket/prefix' or a local path)");
    const std::string l = fold_identifier(s.source.uri.substr(0, 12));
    if (l.rfind("dynamodb://", 0) == 0 || l.rfind("emr://", 0) == 0)
        fail_at(src, "starshift.parse.unsupported_option",
                "COPY from DynamoDB or EMR is not supported: the model reads S3 or local files");
}

written_copy_options statement_parser::copy_options() {
    written_copy_options w;
    for (;;) {
        const token& at = peek();
        if (at.kind == token_kind::semicolon || at.kind == token_kind::end) break;
        if (at.kind != token_kind::word) expected("a COPY option");
        copy_option(w);
    }
    return w;
}

void statement_parser::copy_option(written_copy_options& w) {
    static constexpr const char* unsupported_options[] = {
        "noload",  "encrypted", "master_symmetric_key", "lzop",      "parquet",          "orc",
        "avro",    "shapefile", "comprows",  "readratio",        "ssh",
        "serializetojson",      "ignoreallerrors",      "addquotes", "ignoreheader_rows", "simplified", "encoding"};

    const token& at = peek();
    const std::string kw = fold_identifier(at.text);
    if (credentials_option(w, at, kw) || format_option(w, at, kw) || value_option(w, at, kw) ||
        flag_option(w, at, kw))
        return;
    bool known = false;
    for (const char* u : unsupported_options)
        if (kw == u) known = true;
    const std::string name = ascii_upper(kw);
    fail_at(at, "starshift.parse.unsupported_option",
            known ? "COPY option " + name + " is not supported by the model" : "unknown COPY option " + name);
}

void statement_parser::once(written_copy_options& w, const token& at, const std::string& name) {
    for (const auto& n : w.seen)
        if (n == name) fail_at(at, "starshift.parse.duplicate_option", "option " + name + " is given twice");
    w.seen.push_back(name);
}

// IAM_ROLE, [WITH] CREDENTIALS, ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN
bool statement_parser::credentials_option(written_copy_options& w, const token& at, const std::string& kw) {
    const std::string name = ascii_upper(kw);
    credentials& c = w.authorization;
    if (kw == "iam_role") {
        once(w, at, name);
        take();
        if (is_kw(peek(), "default"))
            fail_at(peek(), "starshift.parse.unsupported_option",
                    "IAM_ROLE default (the cluster's default role) cannot be represented: give the role's ARN");
        c.iam_role = string_literal("the IAM role ARN as a string");
    } else if (kw == "credentials" || kw == "with") {
        take();
        if (kw == "with") expect_kw("credentials");
        once(w, at, "CREDENTIALS");
        optional_as();
        const token& str = peek();
        parse_credentials(str, string_literal("the credentials string", true), c);
    } else if (kw == "access_key_id" || kw == "secret_access_key" || kw == "session_token") {
        once(w, at, name);
        take();
        optional_as();
        std::string v = string_literal(("the " + name + " as a string").c_str(), true);
        if (kw == "access_key_id") c.access_key_id = std::move(v);
        else if (kw == "secret_access_key") c.secret_access_key = std::move(v);
        else c.session_token = std::move(v);
    } else {
        return false;
    }
    return true;
}

// FORMAT [AS] JSON|CSV, JSON [AS] ['argument'], CSV [QUOTE [AS] 'c'], QUOTE [AS] 'c'
bool statement_parser::format_option(written_copy_options& w, const token& at, const std::string& kw) {
    if (kw == "format") {
        take();
        optional_as();
        const token& f = peek();
        if (accept_kw("json")) {
            format_word(w, f);
            json_argument(w, f);
        } else if (accept_kw("csv")) {
            format_word(w, f);
            csv_argument(w, f);
        } else if (is_kw(f, "fixedwidth")) {
            (void)value_option(w, f, "fixedwidth");  // FORMAT AS FIXEDWIDTH 'spec' = FIXEDWIDTH 'spec'
        } else if (f.kind == token_kind::word) {
            fail_at(f, "starshift.parse.unsupported_option",
                    "COPY format " + ascii_upper(f.text) +
                        " is not supported by the model (text, CSV, FIXEDWIDTH and JSON are)");
        } else {
            expected("CSV or JSON after FORMAT");
        }
    } else if (kw == "json" || kw == "csv") {
        take();
        format_word(w, at);
        if (kw == "json") json_argument(w, at);
        else csv_argument(w, at);
    } else if (kw == "quote") {
        quote_option(w);  // Redshift: QUOTE [AS] 'c' is valid only with CSV (checked later), in any position
    } else {
        return false;
    }
    return true;
}

void statement_parser::format_word(written_copy_options& w, const token& at) {
    if (w.format) fail_at(at, "starshift.parse.duplicate_option", "COPY has two formats (CSV / JSON)");
    w.format = &at;
}

void statement_parser::json_argument(written_copy_options& w, const token& at) {
    written_option o{"json", &at};
    optional_as();
    if (peek().kind == token_kind::string) {
        const token& arg = peek();
        o.text = take().text;
        o.has_text = true;
        if (iequals(o.text, "noshred"))
            fail_at(arg, "starshift.parse.unsupported_option", "JSON 'noshred' (SUPER columns) is not supported");
    }
    w.options.push_back(std::move(o));
}

void statement_parser::csv_argument(written_copy_options& w, const token& at) {
    w.options.push_back(written_option{"csv", &at});
    if (is_kw(peek(), "quote")) quote_option(w);
}

void statement_parser::quote_option(written_copy_options& w) {
    if (w.quote) fail_at(peek(), "starshift.parse.duplicate_option", "COPY option QUOTE is given twice");
    w.quote = &peek();
    take();  // QUOTE
    optional_as();
    written_option o{"quote", w.quote};
    o.text = std::string(1, single_char("QUOTE"));
    w.options.push_back(std::move(o));
}

// Options with a value: DELIMITER, IGNOREHEADER, REGION, TIMEFORMAT, DATEFORMAT, MAXERROR, ACCEPTINVCHARS,
// FIXEDWIDTH, NULL AS
bool statement_parser::value_option(written_copy_options& w, const token& at, const std::string& kw) {
    const std::string name = ascii_upper(kw);
    written_option o{kw, &at};
    if (kw == "fixedwidth") {
        once(w, at, name);
        take();
        optional_as();
        const token& spec = peek();
        o.text = string_literal("the FIXEDWIDTH 'label:width,…' specification");
        if (!parse_fixedwidth_spec(o.text))
            fail_at(spec, "starshift.parse.bad_option_value",
                    "FIXEDWIDTH must be 'label:width,…' with positive integer widths");
    } else if (kw == "null") {
        once(w, at, "NULL AS");
        take();
        optional_as();
        o.text = string_literal("the NULL AS string");
    } else if (kw == "delimiter" || kw == "ignoreheader" || kw == "region" || kw == "timeformat" || kw == "dateformat" ||
        kw == "maxerror") {
        once(w, at, name);
        take();
        optional_as();
        if (kw == "delimiter") o.text = std::string(1, single_char("DELIMITER"));
        else if (kw == "ignoreheader")
            o.number = integer_literal<std::uint32_t>("the IGNOREHEADER row count", false);
        else if (kw == "region") o.text = string_literal("the REGION as a string");
        else if (kw == "maxerror") o.number = integer_literal<std::int64_t>("the MAXERROR count", false);
        else o.text = string_literal(("the " + name + " as a string").c_str());
    } else if (kw == "acceptinvchars") {
        once(w, at, name);
        take();
        if (accept_kw("as")) o.text = string_literal("the ACCEPTINVCHARS replacement character");
        else if (peek().kind == token_kind::string) o.text = take().text;
        else o.text = "?";  // Redshift's default replacement
    } else {
        return false;
    }
    w.options.push_back(std::move(o));
    return true;
}

// Options without a value (MANIFEST, compression, TRUNCATECOLUMNS, …) or with ON/OFF (COMPUPDATE, STATUPDATE)
bool statement_parser::flag_option(written_copy_options& w, const token& at, const std::string& kw) {
    written_option o{kw, &at};
    if (kw == "gzip" || kw == "zstd" || kw == "bzip2") {
        once(w, at, "compression");
        take();
    } else if (kw == "manifest" || kw == "truncatecolumns" || kw == "blanksasnull" || kw == "emptyasnull" ||
               kw == "roundec" || kw == "explicit_ids" || kw == "escape" || kw == "removequotes" ||
               kw == "ignoreblanklines" || kw == "trimblanks" || kw == "fillrecord" || kw == "acceptanydate") {
        once(w, at, ascii_upper(kw));
        take();
    } else if (kw == "compupdate" || kw == "statupdate") {
        once(w, at, ascii_upper(kw));
        take();
        o.on = kw == "compupdate" ? on_off("COMPUPDATE", true) : on_off("STATUPDATE", false);
    } else {
        return false;
    }
    w.options.push_back(std::move(o));
    return true;
}

bool statement_parser::on_off(const char* what, bool allow_preset) {
    const token& v = peek();
    if (accept_kw("on") || accept_kw("true")) return true;
    if (accept_kw("off") || accept_kw("false")) return false;
    if (allow_preset && is_kw(v, "preset"))
        fail_at(v, "starshift.parse.unsupported_option",
                std::string(what) + " PRESET is not supported by the model (ON or OFF)");
    return true;  // bare COMPUPDATE / STATUPDATE: ON
}

// ---------------------------------------------------------------- COPY: what the options mean
copy_format_kind json_kind(const written_option& o) {
    if (!o.has_text || iequals(o.text, "auto")) return copy_format_kind::json_auto;  // JSON alone is 'auto'
    if (iequals(o.text, "auto ignorecase")) return copy_format_kind::json_auto_ignorecase;
    return copy_format_kind::json_paths;
}

void apply_option(const written_option& o, copy_spec& s) {
    const std::string& k = o.keyword;
    if (k == "json") {
        s.format.kind = json_kind(o);
        if (s.format.kind == copy_format_kind::json_paths) s.format.jsonpaths = o.text;
    } else if (k == "csv") {
        s.format.kind = copy_format_kind::csv;
    } else if (k == "quote") {
        s.format.quote = o.text[0];
    } else if (k == "delimiter") {
        s.format.delimiter = o.text[0];
    } else if (k == "fixedwidth") {
        s.format.fixedwidth = *parse_fixedwidth_spec(o.text);
    } else if (k == "null") {
        s.format.null_as = o.text;
    } else if (k == "ignoreheader") {
        s.format.ignore_header = static_cast<std::uint32_t>(o.number);
    } else if (k == "region") {
        s.region = o.text;
    } else if (k == "timeformat" || k == "dateformat") {
        (k == "timeformat" ? s.timeformat : s.dateformat) = o.text;
    } else if (k == "maxerror") {
        s.maxerror = o.number;
    } else if (k == "acceptinvchars") {
        s.acceptinvchars = o.text;
    } else if (k == "gzip" || k == "zstd" || k == "bzip2") {
        s.compression = *parse_compression(k);
    } else if (k == "compupdate" || k == "statupdate") {
        (k == "compupdate" ? s.compupdate : s.statupdate) = o.on;
    } else {
        bool& flag = k == "manifest"          ? s.source.manifest
                     : k == "escape"          ? s.format.escape
                     : k == "removequotes"    ? s.format.removequotes
                     : k == "ignoreblanklines" ? s.format.ignoreblanklines
                     : k == "fillrecord"      ? s.format.fillrecord
                     : k == "trimblanks"      ? s.trimblanks
                     : k == "truncatecolumns" ? s.truncatecolumns
                     : k == "blanksasnull"    ? s.blanksasnull
                     : k == "emptyasnull"     ? s.emptyasnull
                     : k == "roundec"         ? s.roundec
                     : k == "acceptanydate"   ? s.acceptanydate
                                              : s.explicit_ids;
        flag = true;
    }
}

// The options' meaning in the copy_spec, then the rules that span options.
void interpret_copy_options(const written_copy_options& w, const token& statement, const std::string& file,
                            copy_spec& s) {
    const auto fail = [&](const token& at, const char* id, const std::string& message) {
        throw parse_error(file, at.line, at.column, id, message);
    };
    // Without CSV or JSON, COPY reads Redshift's default format: character-delimited text, or FIXEDWIDTH's fields
    // (copy-parameters-data-format: "By default, the COPY command expects the source data to be
    // character-delimited UTF-8 text").
    if (!w.format) s.format.kind = copy_format_kind::text;
    for (const written_option& o : w.options) apply_option(o, s);
    s.credentials = w.authorization;
    if (w.quote && s.format.kind != copy_format_kind::csv)
        fail(*w.quote, "starshift.parse.syntax", "QUOTE [AS] 'c' is valid only with CSV");
    // Role-based and key-based authorization are alternatives (copy-parameters-authorization); a session token
    // belongs to temporary keys. Accepting a mix would keep what no COPY can say (found by fuzz_parse).
    const credentials& cr = s.credentials;
    if (!cr.iam_role.empty() && (!cr.access_key_id.empty() || !cr.secret_access_key.empty() || !cr.session_token.empty()))
        fail(statement, "starshift.parse.bad_credentials",
             "IAM_ROLE cannot be combined with access keys or a session token: give one authorization form");
    if (!cr.session_token.empty() && cr.access_key_id.empty() && cr.secret_access_key.empty())
        fail(statement, "starshift.parse.bad_credentials",
             "a session token needs ACCESS_KEY_ID and SECRET_ACCESS_KEY (temporary credentials)");
}

}  // namespace

std::string table_key(std::string_view dotted) {
    std::string out;
    for (char c : dotted) {
        if (c == '"') continue;
        out += ascii_lower(c);
    }
    // database.schema.table: the database is the connected one (r_CREATE_TABLE_examples), so schema.table names it.
    if (std::count(out.begin(), out.end(), '.') == 2) out.erase(0, out.find('.') + 1);
    return out;
}

const table* find_table(const std::vector<parsed_statement>& statements, std::string_view dotted_name,
                        const table_lookup& fallback) {
    const std::string key = table_key(dotted_name);
    for (auto it = statements.rbegin(); it != statements.rend(); ++it)
        if (const table* t = it->as_table(); t != nullptr && table_key(t->qualified_name()) == key) return t;
    return fallback ? fallback(dotted_name) : nullptr;
}

std::vector<parsed_statement> parse_script(std::string_view sql, const parse_options& options,
                                           const table_lookup& earlier_scripts) {
    std::vector<parsed_statement> out;
    const table_lookup known = [&](std::string_view name) { return find_table(out, name, earlier_scripts); };
    tokenizer tz(sql, options.file);
    std::vector<token> toks;
    for (;;) {
        tz.next_statement(toks);
        if (toks.empty()) break;
        if (toks.size() == 1) {  // a lone ';' or the end
            if (toks.front().kind == token_kind::end) break;
            continue;
        }
        out.push_back(parse_statement(toks, sql, options, known));
        if (toks.back().kind == token_kind::end) break;
    }
    return out;
}

namespace {
template <class T>
T parse_one(std::string_view sql, const parse_options& options, const char* what) {
    std::vector<parsed_statement> all = parse_script(sql, options);
    if (all.size() != 1 || !std::holds_alternative<T>(all.front().value)) {
        const std::size_t line = all.size() > 1 ? all[1].line : all.empty() ? 1 : all.front().line;
        const std::size_t col = all.size() > 1 ? all[1].column : all.empty() ? 1 : all.front().column;
        throw parse_error(options.file, line, col, "starshift.parse.syntax",
                          std::string("expected exactly one ") + what + " statement");
    }
    return std::get<T>(std::move(all.front().value));
}
}  // namespace

table parse_create_table(std::string_view sql, const parse_options& options) {
    return parse_one<table>(sql, options, "CREATE TABLE");
}

statement parse_query(std::string_view sql, const parse_options& options) {
    return parse_one<statement>(sql, options, "query or DML");
}

sql_type parse_type_tokens(const std::vector<token>& toks, std::size_t& pos, std::string_view sql,
                           const parse_options& options) {
    const table_lookup none;
    statement_parser p(toks, sql, options, none);
    return p.type_from(pos);
}

copy_spec parse_copy(std::string_view sql, const parse_options& options) {
    return parse_one<copy_spec>(sql, options, "COPY");
}

unload_spec parse_unload(std::string_view sql, const parse_options& options) {
    return parse_one<unload_spec>(sql, options, "UNLOAD");
}

bool parse_authorization_option(const std::vector<token>& toks, std::string_view sql, const parse_options& options,
                                std::size_t& pos, credentials& c, std::vector<std::string>& seen) {
    const table_lookup none;
    statement_parser p(toks, sql, options, none);
    return p.authorization_at(pos, c, seen);
}

parsed_statement parse_statement(const std::vector<token>& toks, std::string_view sql, const parse_options& options,
                                 const table_lookup& known) {
    statement_parser p(toks, sql, options, known);
    return p.parse();
}

}  // namespace starshift::parse
