// The Redshift SQL corpus (tests/data/redshift/*.sql): every statement parses, validates, round-trips through the
// Redshift renderer to an equal model, and gives the facts its "-- expect:" comments assert; invalid.sql's
// statements are each reported with their id and line. See tests/data/redshift/README.md.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "starshift/parse/parser.hpp"
#include "starshift/sql/render.hpp"

namespace sp = starshift::parse;
using namespace starshift;

namespace {

const std::string corpus_dir = std::string(STARSHIFT_SOURCE_DIR) + "/tests/data/redshift/";
const std::vector<std::string> good_files = {"ssb.sql",    "tickit.sql", "tpch.sql",  "tpcds.sql",
                                             "events.sql", "docs.sql",   "copy.sql",  "sparkify.sql",
                                             "ddl.sql"};

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

using facts = std::vector<std::pair<std::string, std::string>>;

// "k=v k2=\"v with spaces\"" -> pairs.
void split_facts(const std::string& text, facts& out) {
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        if (i >= text.size()) break;
        const std::size_t eq = text.find('=', i);
        REQUIRE_MESSAGE(eq != std::string::npos, "malformed expectation: " << text);
        std::string key = text.substr(i, eq - i);
        std::string value;
        i = eq + 1;
        if (i < text.size() && text[i] == '"') {
            const std::size_t close = text.find('"', i + 1);
            REQUIRE_MESSAGE(close != std::string::npos, "unclosed quote in expectation: " << text);
            value = text.substr(i + 1, close - i - 1);
            i = close + 1;
        } else {
            const std::size_t sp_pos = text.find(' ', i);
            value = text.substr(i, sp_pos == std::string::npos ? std::string::npos : sp_pos - i);
            i = sp_pos == std::string::npos ? text.size() : sp_pos;
        }
        out.emplace_back(std::move(key), std::move(value));
    }
}

// Expectations ("-- expect:" or "-- error:" comment lines) keyed by the line of the statement that follows them.
std::map<std::size_t, facts> expectations(const std::string& text, const std::string& marker) {
    std::map<std::size_t, facts> out;
    facts pending;
    std::istringstream in(text);
    std::string line;
    std::size_t n = 0;
    while (std::getline(in, line)) {
        ++n;
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos) continue;
        if (line.compare(first, marker.size(), marker) == 0) {
            split_facts(line.substr(first + marker.size()), pending);
            continue;
        }
        if (line.compare(first, 2, "--") == 0 || line.compare(first, 2, "/*") == 0 || line[first] == '*') continue;
        if (!pending.empty()) {
            out[n] = std::move(pending);
            pending.clear();
        }
    }
    return out;
}

// "-- error: <id> @+N" lines: (id, the following statement's first line + N).
std::vector<std::pair<std::string, std::size_t>> error_expectations(const std::string& text) {
    std::vector<std::pair<std::string, std::size_t>> out;
    std::vector<std::pair<std::string, std::size_t>> pending;  // id, offset
    std::istringstream in(text);
    std::string line;
    std::size_t n = 0;
    const std::string marker = "-- error: ";
    while (std::getline(in, line)) {
        ++n;
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos) continue;
        if (line.compare(first, marker.size(), marker) == 0) {
            std::istringstream rest(line.substr(first + marker.size()));
            std::string id, offset;
            rest >> id >> offset;
            REQUIRE_MESSAGE(offset.rfind("@+", 0) == 0, "malformed error expectation: " << line);
            pending.emplace_back(id, static_cast<std::size_t>(std::stoul(offset.substr(2))));
            continue;
        }
        if (line.compare(first, 2, "--") == 0) continue;
        for (const auto& [id, off] : pending) out.emplace_back(id, n + off);
        pending.clear();
    }
    return out;
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
    return out;
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

std::string yes_no(bool b) { return b ? "yes" : "no"; }

std::string table_fact(const table& t, const std::string& key) {
    if (key == "table") return t.qualified_name();
    if (key == "columns") return std::to_string(t.columns.size());
    if (key == "diststyle") return lower(to_sql(t.diststyle));
    if (key == "distkey") return t.distkey ? *t.distkey : "none";
    if (key == "sortkey")
        return t.sortkey.style == sort_style::automatic ? "auto"
                                                         : lower(to_sql(t.sortkey.style)) + "(" + join(t.sortkey.columns) + ")";
    if (key == "backup") return yes_no(t.backup);
    if (key == "temp") return yes_no(t.temporary);
    if (key == "database") return t.database.empty() ? "none" : t.database;
    if (key == "as_query") return yes_no(t.as_query.has_value());
    if (key == "pk") return join(t.primary_key());
    if (key == "fks" || key == "uniques") {
        const auto kind = key == "fks" ? constraint_kind::foreign_key : constraint_kind::unique;
        std::size_t n = 0;
        for (const auto& c : t.constraints) n += c.kind == kind ? 1 : 0;
        return std::to_string(n);
    }
    const auto dot = key.find('.');
    if (dot == std::string::npos) return "<unknown key " + key + ">";
    const column* c = t.find(key.substr(dot + 1));
    if (!c) return "<no column " + key.substr(dot + 1) + ">";
    const std::string what = key.substr(0, dot);
    if (what == "type") return to_sql(c->type);
    if (what == "encode") return c->encode ? to_sql(*c->encode) : "none";
    if (what == "notnull") return yes_no(c->not_null);
    if (what == "default") return c->default_expr ? *c->default_expr : "<none>";
    if (what == "collate") return c->collate ? lower(to_sql(*c->collate)) : "none";
    if (what == "identity") {
        if (!c->identity_spec) return "<none>";
        return std::to_string(c->identity_spec->seed) + "," + std::to_string(c->identity_spec->step) +
               (c->identity_spec->generated_by_default ? ",generated" : "") + (c->identity_spec->bare ? ",bare" : "");
    }
    return "<unknown key " + key + ">";
}

std::string copy_fact(const copy_spec& s, const std::string& key) {
    if (key == "table") return s.table;
    if (key == "columns") return join(s.columns);
    if (key == "source") return s.source.uri;
    if (key == "manifest") return yes_no(s.source.manifest);
    if (key == "format") {
        switch (s.format.kind) {
            case copy_format_kind::json_auto: return "json_auto";
            case copy_format_kind::json_auto_ignorecase: return "json_auto_ignorecase";
            case copy_format_kind::json_paths: return "json_paths";
            case copy_format_kind::csv: return "csv";
            case copy_format_kind::text: return s.format.fixed_width() ? "fixedwidth" : "text";
        }
    }
    if (key == "jsonpaths") return s.format.jsonpaths;
    if (key == "delimiter") {
        const char d = s.format.field_delimiter();
        return d == '\t' ? "tab" : std::string(1, d);
    }
    if (key == "fixedwidth") return to_sql(s.format.fixedwidth);
    if (key == "null_as") return s.format.null_as.value_or("<none>");
    if (key == "quote") return std::string(1, s.format.quote);
    if (key == "ignoreheader") return std::to_string(s.format.ignore_header);
    if (key == "region") return s.region;
    if (key == "compression") return lower(to_sql(s.compression));
    if (key == "timeformat") return s.timeformat.value_or("<none>");
    if (key == "dateformat") return s.dateformat.value_or("<none>");
    if (key == "maxerror") return std::to_string(s.maxerror);
    if (key == "acceptinvchars") return s.acceptinvchars.value_or("<none>");
    if (key == "compupdate") return s.compupdate ? (*s.compupdate ? "on" : "off") : "<none>";
    if (key == "statupdate") return s.statupdate ? (*s.statupdate ? "on" : "off") : "<none>";
    if (key == "iam_role") return s.credentials.iam_role;
    if (key == "access_key_id") return s.credentials.access_key_id;
    if (key == "session_token") return yes_no(!s.credentials.session_token.empty());
    return "<unknown key " + key + ">";
}

// COPY "flags=a,b": each listed flag is set.
void check_flags(const copy_spec& s, const std::string& list, const std::string& where) {
    std::istringstream in(list);
    std::string f;
    while (std::getline(in, f, ',')) {
        const bool on = f == "truncatecolumns" ? s.truncatecolumns
                        : f == "blanksasnull"  ? s.blanksasnull
                        : f == "emptyasnull"   ? s.emptyasnull
                        : f == "roundec"       ? s.roundec
                        : f == "explicit_ids"  ? s.explicit_ids
                        : f == "escape"        ? s.format.escape
                        : f == "removequotes"  ? s.format.removequotes
                        : f == "fillrecord"    ? s.format.fillrecord
                        : f == "ignoreblanklines" ? s.format.ignoreblanklines
                        : f == "trimblanks"    ? s.trimblanks
                                               : false;
        CHECK_MESSAGE(on, where << ": flag " << f << " is not set");
    }
}

struct corpus {
    std::vector<sp::parsed_statement> statements;
    std::size_t tables = 0;
    std::size_t copies = 0;
    std::size_t checked_facts = 0;
};

corpus load_good_corpus() {
    corpus c;
    for (const auto& name : good_files) {
        const std::string text = read_file(corpus_dir + name);
        const sp::check_result r = sp::check_script(text, {name, true, {}});
        for (const auto& p : r.problems) FAIL_CHECK("corpus statement rejected: " << p.to_string());
        const auto expect = expectations(text, "-- expect:");
        std::size_t matched = 0;
        for (const auto& s : r.statements) {
            const std::string where = name + ":" + std::to_string(s.line);
            const auto e = expect.find(s.line);
            if (e != expect.end()) ++matched;
            if (const table* t = s.as_table()) {
                ++c.tables;
                if (e != expect.end())
                    for (const auto& [k, v] : e->second) {
                        CHECK_MESSAGE(table_fact(*t, k) == v, where << ": " << k);
                        ++c.checked_facts;
                    }
            } else if (const copy_spec* cp = s.as_copy()) {
                ++c.copies;
                if (e != expect.end())
                    for (const auto& [k, v] : e->second) {
                        if (k == "flags") check_flags(*cp, v, where);
                        else CHECK_MESSAGE(copy_fact(*cp, k) == v, where << ": " << k);
                        ++c.checked_facts;
                    }
            } else {
                CHECK_MESSAGE(e == expect.end(), where << ": expectations on a statement the model does not hold");
            }
            c.statements.push_back(s);
        }
        CHECK_MESSAGE(matched == expect.size(), name << ": some -- expect: lines precede no statement");
    }
    return c;
}

}  // namespace

TEST_CASE("parse corpus: every statement parses with the facts it must give") {
    const corpus c = load_good_corpus();
    CHECK(c.tables >= 50);
    CHECK(c.copies >= 30);
    CHECK(c.checked_facts >= 300);
    MESSAGE("corpus: " << c.tables << " CREATE TABLE, " << c.copies << " COPY, " << c.checked_facts << " facts");
}

TEST_CASE("parse corpus: every COPY validates against its corpus table") {
    const corpus c = load_good_corpus();
    for (const auto& d : sp::check_copies(c.statements)) FAIL_CHECK(d.to_string());
}

TEST_CASE("parse corpus: round trip through the Redshift renderer gives an equal model") {
    const corpus c = load_good_corpus();
    std::size_t n = 0;
    for (std::size_t i = 0; i < c.statements.size(); ++i) {
        const sp::parsed_statement& s = c.statements[i];
        const std::string where = s.file + ":" + std::to_string(s.line);
        if (const table* t = s.as_table()) {
            const std::string sql = sql::create_table(*t, sql::dialect::redshift).front();
            // CREATE TABLE … AS SELECT … FROM t learns its columns from the statements before it in its file (each
            // corpus file is read alone).
            std::vector<sp::parsed_statement> before;
            for (std::size_t k = 0; k < i; ++k)
                if (c.statements[k].file == s.file) before.push_back(c.statements[k]);
            const auto earlier = [&](std::string_view name) { return sp::find_table(before, name); };
            table again;
            REQUIRE_NOTHROW_MESSAGE(again = *sp::parse_script(sql, {}, earlier).at(0).as_table(),
                                    where << " rendered as\n" << sql);
            CHECK_MESSAGE(again == *t, where << " rendered as\n" << sql);
            ++n;
        } else if (const copy_spec* cp = s.as_copy()) {
            const std::string sql = sql::copy_command(*cp, sql::secrets::reveal);
            copy_spec again;
            REQUIRE_NOTHROW_MESSAGE(again = sp::parse_copy(sql), where << " rendered as\n" << sql);
            CHECK_MESSAGE(again == *cp, where << " rendered as\n" << sql);
            ++n;
        }
    }
    CHECK(n >= 80);
}

TEST_CASE("parse corpus: invalid statements are each reported with their id and line") {
    const std::string text = read_file(corpus_dir + "invalid.sql");
    const sp::check_result r = sp::check_script(text, {"invalid.sql", true, {}});
    // COPY statements are validated against the TICKIT tables they load.
    const sp::check_result tickit = sp::check_script(read_file(corpus_dir + "tickit.sql"), {"tickit.sql", true, {}});
    std::vector<sp::parsed_statement> all = tickit.statements;
    all.insert(all.end(), r.statements.begin(), r.statements.end());
    std::vector<sp::diagnostic> problems = r.problems;
    for (auto& d : sp::check_copies(all)) problems.push_back(std::move(d));

    const auto expect = error_expectations(text);
    REQUIRE(expect.size() >= 20);
    CHECK(problems.size() == expect.size());
    for (const auto& [id, line] : expect) {
        bool found = false;
        for (const auto& p : problems) found = found || (p.id == id && p.line == line);
        CHECK_MESSAGE(found, "invalid.sql:" << line << ": expected [" << id << "]");
    }
    for (const auto& p : problems) CHECK_MESSAGE(p.file == "invalid.sql", p.to_string());
}
