#include <algorithm>
#include <map>

#include "parse_detail.hpp"
#include "starshift/common/text.hpp"
#include "starshift/parse/parser.hpp"

namespace starshift::parse {
namespace {

diagnostic from(const parse_error& e) { return {e.file(), e.line(), e.column(), e.id(), e.message()}; }

// In file order (as given), then by position.
void in_file_order(std::vector<diagnostic>& ds, const std::vector<source_file>& files) {
    auto file_index = [&](const std::string& name) {
        return static_cast<std::size_t>(
            std::find_if(files.begin(), files.end(), [&](const source_file& f) { return f.name == name; }) -
            files.begin());
    };
    std::stable_sort(ds.begin(), ds.end(), [&](const diagnostic& a, const diagnostic& b) {
        const auto fa = file_index(a.file), fb = file_index(b.file);
        if (fa != fb) return fa < fb;
        if (a.line != b.line) return a.line < b.line;
        return a.column < b.column;
    });
}

}  // namespace

std::string diagnostic::to_warning_string() const {
    return file + ":" + std::to_string(line) + ": warning: [" + id + "] " + message;
}

std::string diagnostic::to_string() const {
    return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": [" + id + "] " + message;
}

check_result check_script(std::string_view sql, const parse_options& given, const table_lookup& earlier_scripts) {
    parse_options options = given;
    options.views_as_text = true;
    check_result out;
    const table_lookup known = [&](std::string_view name) { return find_table(out.statements, name, earlier_scripts); };
    tokenizer tz(sql, options.file);
    std::vector<token> toks;
    for (;;) {
        try {
            tz.next_statement(toks);
        } catch (const parse_error& e) {
            out.problems.push_back(from(e));
            break;  // an unreadable token: no safe place to resume
        }
        if (toks.empty()) break;
        if (toks.size() == 1) {
            if (toks.front().kind == token_kind::end) break;
            continue;
        }
        try {
            out.statements.push_back(parse_statement(toks, sql, options, known));
            const parsed_statement& s = out.statements.back();
            if (!s.kept_as_text.empty())
                out.warnings.push_back({s.file, s.line, s.column, "starshift.parse.view_kept_as_text",
                                        "CREATE VIEW kept as text: " + s.kept_as_text});
            if (const table* t = s.as_table(); t != nullptr && options.validate) {
                for (const model_warning& w : validate(*t, options.validation))
                    out.warnings.push_back({s.file, s.line, s.column, w.id,
                                            "table " + w.table + (w.column.empty() ? "" : ", column " + w.column) +
                                                ": " + w.message});
            }
        } catch (const parse_error& e) {
            out.problems.push_back(from(e));
        } catch (const model_error& e) {
            out.problems.push_back({options.file, toks.front().line, toks.front().column, e.id(), e.what()});
        }
        if (toks.back().kind == token_kind::end) break;
    }
    return out;
}

std::vector<diagnostic> check_copies(const std::vector<parsed_statement>& statements) {
    std::map<std::string, const table*> tables;
    for (const auto& s : statements)
        if (const table* t = s.as_table()) tables[table_key(t->qualified_name())] = t;
    std::vector<diagnostic> out;
    for (const auto& s : statements) {
        const copy_spec* c = s.as_copy();
        if (!c) continue;
        const auto it = tables.find(table_key(c->table));
        if (it == tables.end()) {
            out.push_back({s.file, s.line, s.column, "starshift.parse.copy_table_unknown",
                           "COPY into " + c->table + ", which no CREATE TABLE of the checked files declares"});
            continue;
        }
        try {
            validate(*c, *it->second);
        } catch (const model_error& e) {
            statement_error se(s.file, s.line, s.column, e);
            out.push_back(from(se));
        }
    }
    return out;
}

check_result check_files(const std::vector<source_file>& files) {
    check_result out;
    for (const auto& f : files) {
        if (!f.text) {
            out.problems.push_back({f.name, 1, 1, "starshift.parse.io", "cannot read the file"});
            continue;
        }
        parse_options o;
        o.file = f.name;
        check_result r =
            check_script(*f.text, o, [&out](std::string_view name) { return find_table(out.statements, name); });
        for (auto& p : r.problems) out.problems.push_back(std::move(p));
        for (auto& w : r.warnings) out.warnings.push_back(std::move(w));
        for (auto& s : r.statements) out.statements.push_back(std::move(s));
    }
    for (auto& p : check_copies(out.statements)) out.problems.push_back(std::move(p));
    in_file_order(out.problems, files);
    return out;
}

table with_design(table t, const table_design_change& change) {
    if (change.diststyle) {
        t.diststyle = *change.diststyle;
        t.distkey = change.distkey;
    }
    if (change.sortkey) t.sortkey = *change.sortkey;
    (void)validate(t);
    return t;
}

namespace {

// ALTER TABLE's design change applied to the latest table of that name in `tables`, or why it cannot be.
void apply_design(const parsed_statement& s, const table_design_change& d,
                  std::vector<std::pair<table, const parsed_statement*>>& tables, std::vector<diagnostic>& skipped) {
    for (auto it = tables.rbegin(); it != tables.rend(); ++it) {
        if (table_key(it->first.qualified_name()) != table_key(d.table)) continue;
        try {
            it->first = with_design(it->first, d);
        } catch (const model_error& e) {
            skipped.push_back({s.file, s.line, s.column, e.id(), std::string("ALTER TABLE: ") + e.what()});
        }
        return;
    }
    skipped.push_back({s.file, s.line, s.column, "starshift.parse.alter_table_unknown",
                       "ALTER TABLE " + d.table + ": no CREATE TABLE before it declares the table; not applied"});
}

// Every declared table with its statement, the design changes after it applied.
std::vector<std::pair<table, const parsed_statement*>> designed(const std::vector<parsed_statement>& statements,
                                                                std::vector<diagnostic>& skipped) {
    std::vector<std::pair<table, const parsed_statement*>> out;
    for (const auto& s : statements) {
        const unsupported_statement* u = s.as_unsupported();
        if (u && u->design) apply_design(s, *u->design, out, skipped);
        else if (const table* t = s.as_table()) out.emplace_back(*t, &s);
    }
    return out;
}

}  // namespace

std::vector<table> declared_tables(const std::vector<parsed_statement>& statements, std::vector<diagnostic>& skipped) {
    std::vector<table> out;
    for (auto& [t, s] : designed(statements, skipped)) out.push_back(std::move(t));
    return out;
}

analysis_tables tables_for_analysis(const std::vector<source_file>& files) {
    check_result r = check_files(files);
    analysis_tables out;
    out.skipped = std::move(r.problems);
    for (auto& [t, s] : designed(r.statements, out.skipped)) {
        if (!t.columns.empty()) {
            out.tables.push_back(std::move(t));
            continue;
        }
        out.skipped.push_back({s->file, s->line, s->column, "starshift.parse.columns_unknown",
                               std::string(t.materialized ? "materialized view " : "table ") + t.qualified_name() +
                                   ": the names and types of its query's columns could not be learned "
                                   "(docs/parse.md, CREATE TABLE … AS): not analysed"});
    }
    in_file_order(out.skipped, files);
    return out;
}

}  // namespace starshift::parse
