#include "starshift/load/render_script.hpp"

#include "starshift/common/text.hpp"
#include "starshift/sql/quote.hpp"
#include "starshift/sql/translate.hpp"

namespace starshift::load {
namespace {

std::string lower(std::string s) { return ascii_lower(s); }

// What the PostgreSQL dialect leaves out of `t` (docs/parse.md, "Type mapping" and DESIGN's mapping table).
// Constraints are not listed: the CREATE TABLE names them itself (enforced, or in an "informational" comment).
std::vector<std::string> postgres_omissions(const table& t, const sql::ddl_options& options) {
    std::vector<std::string> out;
    if (!t.database.empty()) out.push_back("database " + t.database + " of the three-part name");
    for (const column& c : t.columns)
        if (c.encode) out.push_back(c.name + " ENCODE " + to_sql(*c.encode));
    if (t.external)
        out.push_back("EXTERNAL (Spectrum reads LOCATION " + t.external->location +
                      (t.external->stored_as.empty() ? "" : ", STORED AS " + t.external->stored_as) +
                      "): created as an ordinary table, to be loaded with COPY or INSERT");
    if (t.materialized && t.materialized->auto_refresh) out.push_back("AUTO REFRESH YES");
    const dist_style silent = t.external || t.materialized ? dist_style::even : dist_style::automatic;
    if (t.diststyle != silent) out.push_back("DISTSTYLE " + to_sql(t.diststyle));
    if (t.distkey) out.push_back("DISTKEY (" + *t.distkey + ")");
    if (t.sortkey.style != sort_style::automatic && (!options.sort_key_index || t.columns.empty())) {
        std::string cols;
        for (const auto& c : t.sortkey.columns) cols += (cols.empty() ? "" : ", ") + c;
        out.push_back(to_sql(t.sortkey.style) + " SORTKEY (" + cols + ")");
    }
    if (!t.backup) out.push_back("BACKUP NO");
    return out;
}

std::string comment_line(const std::string& text) {
    std::string out = "-- ";
    for (char c : text) out += (c == '\n' || c == '\r') ? ' ' : c;
    return out + "\n";
}

// "-- head item; item; …" in lines of at most 120 characters (more items go on "--   " lines).
std::string comment_list(const std::string& head, const std::vector<std::string>& items) {
    constexpr std::size_t width = 120;
    std::string out;
    std::string line = head;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string item = items[i] + (i + 1 < items.size() ? ";" : "");
        if (line.size() + 4 + item.size() > width && line.size() > 2) {
            out += comment_line(line);
            line = " ";
        }
        line += " " + item;
    }
    return out + comment_line(line);
}

}  // namespace

std::string postgres_statement(const parse::parsed_statement& s,
                               const std::vector<parse::parsed_statement>& statements) {
    const statement* q = s.as_statement();
    if (!q) throw parse::parse_error(s.file, s.line, s.column, "starshift.sql.untranslatable", "not a query or DML");
    const sql::table_finder tables = [&](std::string_view name) { return parse::find_table(statements, name); };
    try {
        return sql::render(sql::to_postgres(*q, tables), sql::dialect::postgres);
    } catch (const sql::sql_error& e) {
        const std::string what = e.what();
        const std::string tag = "[" + e.id() + "] ";
        throw parse::parse_error(s.file, s.line, s.column, e.id(),
                                 what.rfind(tag, 0) == 0 ? what.substr(tag.size()) : what);
    }
}

namespace {

// The query of statement `at` parsed; errors at `at`'s file and the query's line within it.
statement query_at(const parse::parsed_statement& at, const std::string& query_text, const std::string& what) {
    parse::parse_options o;
    o.file = at.file;
    try {
        return parse::parse_query(query_text, o);
    } catch (const parse::parse_error& e) {
        throw parse::parse_error(at.file, at.line + e.line() - 1, e.line() == 1 ? at.column : e.column(), e.id(),
                                 what + ": " + e.message());
    }
}

std::string translated_query(const parse::parsed_statement& at, statement parsed,
                             const std::vector<parse::parsed_statement>& statements) {
    parse::parsed_statement q = at;
    q.value = std::move(parsed);
    std::string text = postgres_statement(q, statements);
    if (!text.empty() && text.back() == ';') text.pop_back();
    return text;
}

}  // namespace

std::string postgres_query(const parse::parsed_statement& at, const std::string& query_text, const std::string& what,
                           const std::vector<parse::parsed_statement>& statements) {
    return translated_query(at, query_at(at, query_text, what), statements);
}

std::string postgres_unload_query(const parse::parsed_statement& at, const std::string& query_text,
                                  const std::vector<parse::parsed_statement>& statements) {
    statement parsed = query_at(at, query_text, "UNLOAD");
    // r_UNLOAD, "Limit clause": "The SELECT query can't use a LIMIT clause in the outer SELECT." A nested LIMIT (in
    // a derived table or subquery) is what the page suggests instead. TOP is the same row limit (r_SELECT_list).
    if (const auto* q = std::get_if<select_query>(&parsed.body); q && (q->limit_rows || q->top_rows))
        throw parse::parse_error(at.file, at.line, at.column, "starshift.run.unload_limit",
                                 std::string("UNLOAD: the query has ") + (q->top_rows ? "TOP" : "a LIMIT") +
                                     " in its outer SELECT, which Redshift refuses (r_UNLOAD, \"Limit clause\"): "
                                     "write SELECT * FROM (the query with its LIMIT) AS t");
    return translated_query(at, std::move(parsed), statements);
}

table postgres_table(const parse::parsed_statement& s, const std::vector<parse::parsed_statement>& statements) {
    const table* t = s.as_table();
    if (!t) throw parse::parse_error(s.file, s.line, s.column, "starshift.sql.untranslatable", "not a CREATE TABLE");
    table out = *t;
    if (!out.as_query) return out;
    out.as_query->text = postgres_query(s, out.as_query->text, "CREATE TABLE … AS", statements);
    return out;
}

std::string render_statements(const std::vector<parse::parsed_statement>& statements, sql::dialect d,
                              sql::secrets secret_mode, const sql::ddl_options& base) {
    std::string out;
    for (const auto& s : statements) {
        if (const table* t = s.as_table()) {
            sql::ddl_options o = base;
            o.if_not_exists = s.if_not_exists;
            if (d == sql::dialect::postgres) {
                const auto omitted = postgres_omissions(*t, o);
                if (!omitted.empty())
                    out += comment_list(s.file + ":" + std::to_string(s.line) + ": Redshift only, not rendered:",
                                        omitted);
            }
            const table rendered = d == sql::dialect::postgres ? postgres_table(s, statements) : *t;
            for (const auto& stmt : sql::create_table(rendered, d, o)) out += stmt + "\n\n";
        } else if (const copy_spec* c = s.as_copy()) {
            if (d == sql::dialect::redshift) {
                out += sql::copy_command(*c, secret_mode) + "\n\n";
            } else {
                // PostgreSQL has no COPY from S3 with Redshift's options: the copy engine performs it.
                const std::string where = s.file + ":" + std::to_string(s.line);
                out += comment_line(where + ": COPY " + c->table + " FROM " + c->source.uri +
                                    " has no PostgreSQL form; the copy engine performs it:");
                std::string run = "  starshift run " + s.file + " --db URL";
                const std::string uri = lower(c->source.uri.substr(0, 5));
                if (uri == "s3://") run += " --s3-map s3://BUCKET[/PREFIX]=DIR (or --s3-endpoint URL)";
                out += comment_line(run) + "\n";
            }
        } else if (const unload_spec* un = s.as_unload()) {
            if (d == sql::dialect::redshift) {
                out += sql::unload_command(*un, secret_mode) + "\n\n";
            } else {
                const std::string where = s.file + ":" + std::to_string(s.line);
                out += comment_line(where + ": UNLOAD TO " + un->to +
                                    " has no PostgreSQL form; starshift run performs it (docs/unload.md)") + "\n";
            }
        } else if (const auto* u = s.as_unsupported()) {
            out += u->text + ";\n\n";
        } else if (const statement* q = s.as_statement()) {
            out += (d == sql::dialect::postgres ? postgres_statement(s, statements) : sql::render(*q, d)) + "\n\n";
        }
    }
    return out;
}

}  // namespace starshift::load
