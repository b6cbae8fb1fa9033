#include "starshift/load/script_runner.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <sstream>
#include <utility>

#include <pqxx/except>
#include <pqxx/field>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/row>
#include <pqxx/subtransaction>
#include <pqxx/transaction>

#include "starshift/common/text.hpp"
#include "starshift/copy/reject.hpp"
#include "starshift/copy/run_unload.hpp"
#include "starshift/io/object_store.hpp"
#include "starshift/load/render_script.hpp"
#include "starshift/load/detail/client_copy.hpp"
#include "starshift/load/detail/load_errors.hpp"
#include "starshift/load/detail/result_rows.hpp"
#include "starshift/load/redshift_functions.hpp"
#include "starshift/load/system_views.hpp"
#include "starshift/parse/parser.hpp"
#include "starshift/sql/dialect.hpp"
#include "starshift/sql/render.hpp"

namespace starshift::load {
namespace {

// The words of a statement, upper case, outside comments, string literals and quoted identifiers (those become
// one placeholder word so positions still count). Enough to classify; the statement itself is parsed by PostgreSQL.
std::vector<std::string> words_of(std::string_view s) {
    std::vector<std::string> out;
    std::size_t i = 0;
    auto word_char = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
               static_cast<unsigned char>(c) >= 0x80;
    };
    while (i < s.size()) {
        const char c = s[i];
        if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
            const auto nl = s.find('\n', i);
            i = nl == std::string_view::npos ? s.size() : nl + 1;
        } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
            const auto end = s.find("*/", i + 2);
            i = end == std::string_view::npos ? s.size() : end + 2;
        } else if (c == '\'' || c == '"') {
            const auto end = s.find(c, i + 1);
            i = end == std::string_view::npos ? s.size() : end + 1;
            out.emplace_back(c == '\'' ? "'" : "\"");
        } else if (word_char(c)) {
            std::size_t j = i;
            while (j < s.size() && word_char(s[j])) ++j;
            out.push_back(ascii_upper(s.substr(i, j - i)));
            i = j;
        } else {
            ++i;
        }
    }
    return out;
}

bool has_word(const std::vector<std::string>& w, std::string_view x) {
    for (const auto& v : w)
        if (v == x) return true;
    return false;
}

// Session settings Redshift has and PostgreSQL does not (SET of them is an error there).
constexpr const char* redshift_only_settings[] = {
    "ENABLE_RESULT_CACHE_FOR_SESSION", "QUERY_GROUP", "WLM_QUERY_SLOT_COUNT", "ANALYZE_THRESHOLD_PERCENT",
    "ENABLE_CASE_SENSITIVE_IDENTIFIER", "DESCRIBE_FIELD_NAME_IN_UPPERCASE", "JSON_SERIALIZATION_ENABLE",
    "JSON_SERIALIZATION_PARSE_NESTED_STRINGS", "MV_ENABLE_AQMV_FOR_SESSION", "SPECTRUM_QUERY_MAXERROR",
    "DOWNCASE_DELIMITED_IDENTIFIER", "ENABLE_VACUUM_BOOST", "AUTO_ANALYZE", "STATEMENT_QUEUE_TIMEOUT",
    "ENABLE_SPECTRUM_OLDEST_SNAPSHOT", "DATASHARE_BREAK_GLASS_SESSION_VAR"};

// Sets step.action (and notice, outside_transaction) for a statement the parser kept as text.
void classify(const parse::unsupported_statement& u, script_step& step) {
    const std::vector<std::string> w = words_of(u.text);
    auto at = [&](std::size_t i) -> std::string { return i < w.size() ? w[i] : std::string{}; };
    const std::string k = at(0);
    step.action = script_action::pass_through;
    if ((k == "BEGIN" && (w.size() == 1 || at(1) == "TRANSACTION" || at(1) == "WORK")) ||
        (k == "START" && at(1) == "TRANSACTION")) {
        step.action = script_action::begin;
    } else if (k == "COMMIT" || k == "END") {
        step.action = script_action::commit;
    } else if ((k == "ROLLBACK" || k == "ABORT") && !has_word(w, "TO") && !has_word(w, "PREPARED")) {
        step.action = script_action::rollback;
    } else if (k == "SET" || k == "RESET") {
        std::size_t i = 1;
        if (at(i) == "SESSION" || at(i) == "LOCAL") ++i;
        for (const char* name : redshift_only_settings) {
            if (at(i) == name) {
                step.action = script_action::skip;
                step.notice = k + " " + at(i) + ": a Redshift-only setting PostgreSQL does not have";
            }
        }
    } else if (k == "VACUUM") {
        step.action = script_action::skip;
        step.notice = "VACUUM: Redshift's re-sort and space reclaim; PostgreSQL's autovacuum does its own";
    } else if (k == "ANALYZE" && at(1) == "COMPRESSION") {
        step.action = script_action::skip;
        step.notice = "ANALYZE COMPRESSION: Redshift's encoding advice has no PostgreSQL meaning";
    } else if (k == "ANALYZE" && (has_word(w, "PREDICATE") || (has_word(w, "ALL") && has_word(w, "COLUMNS")))) {
        step.action = script_action::skip;
        step.notice = "ANALYZE … PREDICATE|ALL COLUMNS: Redshift syntax; PostgreSQL's autovacuum analyzes";
    } else if (k == "ALTER" && at(1) == "TABLE") {
        // ALTER TABLE t ALTER DISTSTYLE|DISTKEY|SORTKEY|ENCODE …, ALTER COLUMN c ENCODE …: physical design only.
        for (std::size_t i = 2; i + 1 < w.size(); ++i) {
            if (w[i] != "ALTER") continue;
            const std::string& n = w[i + 1];
            const bool column_encode = (n == "COLUMN" && i + 3 < w.size() && w[i + 3] == "ENCODE");
            if (n == "DISTSTYLE" || n == "DISTKEY" || n == "SORTKEY" || n == "COMPOUND" || n == "INTERLEAVED" ||
                n == "ENCODE" || column_encode) {
                step.action = script_action::skip;
                step.notice = "ALTER TABLE … ALTER " + n + ": Redshift's physical design; the PostgreSQL dialect "
                              "omits it";
                break;
            }
        }
    } else if (k == "CREATE" && at(1) == "EXTERNAL" && at(2) == "SCHEMA") {
        // Spectrum's schema (r_CREATE_EXTERNAL_SCHEMA) becomes an ordinary schema for the external tables' copies.
        std::size_t i = 3;
        if (at(i) == "IF" && at(i + 1) == "NOT" && at(i + 2) == "EXISTS") i += 3;
        const std::string name = at(i) == "\"" || at(i) == "'" ? std::string{} : ascii_lower(at(i));
        if (!name.empty() && at(i + 1) == "FROM") {
            step.notice = "CREATE EXTERNAL SCHEMA " + name + ": created as an ordinary schema (CREATE SCHEMA IF NOT "
                          "EXISTS) for its external tables";
            step.sql.push_back("CREATE SCHEMA IF NOT EXISTS " + name);
            return;
        }
        step.action = script_action::skip;
        step.notice = "CREATE EXTERNAL SCHEMA: a Spectrum catalog PostgreSQL does not have";
    } else if (k == "CREATE" && at(1) == "EXTERNAL") {
        step.action = script_action::skip;
        step.notice = "CREATE EXTERNAL " + at(2) + " … AS: Spectrum writes S3 files PostgreSQL cannot";
    } else if (k == "ALTER" && at(1) == "TABLE" && (has_word(w, "PARTITION") || has_word(w, "LOCATION"))) {
        step.action = script_action::skip;
        step.notice = "ALTER TABLE … PARTITION|LOCATION: an external table's S3 files, which PostgreSQL does not read";
    } else if ((k == "CREATE" || k == "DROP") && (at(1) == "DATABASE" || at(1) == "TABLESPACE")) {
        step.outside_transaction = true;
    } else if (k == "ALTER" && at(1) == "SYSTEM") {
        step.outside_transaction = true;
    } else if ((k == "CREATE" || k == "DROP" || k == "REINDEX") && has_word(w, "CONCURRENTLY")) {
        step.outside_transaction = true;
    }
    if (step.action == script_action::pass_through) step.sql.push_back(u.text);
}

bool sets_search_path(const script_step& s) {
    const auto* u = s.statement.as_unsupported();
    if (!u) return false;
    const auto w = words_of(u->text);
    return !w.empty() && (w[0] == "SET" || w[0] == "RESET") && has_word(w, "SEARCH_PATH");
}

std::string first_line(std::string_view s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.remove_suffix(1);
    return std::string(s.substr(0, s.find('\n')));
}

std::string keyword_of(const script_step& s) {
    if (const table* t = s.statement.as_table())
        return t->materialized ? "CREATE MATERIALIZED VIEW" : t->external ? "CREATE EXTERNAL TABLE" : "CREATE TABLE";
    if (s.statement.as_copy()) return "COPY";
    if (s.statement.as_unload()) return "UNLOAD";
    if (const statement* q = s.statement.as_statement()) return ascii_upper(q->name);
    const auto* u = s.statement.as_unsupported();
    if (!u) return {};
    const auto w = words_of(u->text);
    if (w.size() >= 2 && (w[0] == "CREATE" || w[0] == "DROP" || w[0] == "ALTER")) {
        std::string k = w[0] + " " + w[1];
        if (w.size() >= 3 && (w[1] == "OR" || w[1] == "TEMP" || w[1] == "TEMPORARY" || w[1] == "LOCAL"))
            k += " " + w[2];
        return k;
    }
    return u->keyword;
}

}  // namespace

const char* to_string(script_action a) noexcept {
    switch (a) {
        case script_action::create_table: return "create table";
        case script_action::copy: return "copy";
        case script_action::unload: return "unload";
        case script_action::pass_through: return "pass through";
        case script_action::translate: return "translate";
        case script_action::begin: return "begin";
        case script_action::commit: return "commit";
        case script_action::rollback: return "rollback";
        case script_action::skip: return "skip";
    }
    return "?";
}

std::string script_step::where() const { return statement.file + ":" + std::to_string(statement.line); }

std::vector<parse::parsed_statement> parse_files(const std::vector<script_file>& files,
                                                 const parse::table_lookup& database) {
    std::vector<parse::parsed_statement> out;
    for (const auto& f : files) {
        parse::parse_options o;
        o.file = f.name;
        o.views_as_text = true;  // a view whose query is not read goes to PostgreSQL as written, with a notice
        const parse::table_lookup earlier = [&out, &database](std::string_view name) {
            return parse::find_table(out, name, database);
        };
        for (auto& s : parse::parse_script(f.text, o, earlier)) out.push_back(std::move(s));
    }
    return out;
}

std::vector<script_step> plan_script(const std::vector<parse::parsed_statement>& statements,
                                     const std::function<bool(const std::string& uri)>& serves,
                                     const sql::ddl_options& ddl) {
    std::vector<script_step> out;
    out.reserve(statements.size());
    std::map<std::string, const table*> tables;
    for (const auto& st : statements) {
        script_step step;
        step.statement = st;
        if (const table* t = st.as_table()) {
            step.action = script_action::create_table;
            sql::ddl_options o = ddl;
            o.if_not_exists = st.if_not_exists;
            step.sql = sql::create_table(postgres_table(st, statements), sql::dialect::postgres, o);
            if (t->external)
                step.notice = "CREATE EXTERNAL TABLE " + t->qualified_name() + ": created as an ordinary table (on "
                              "Redshift, Spectrum reads " + t->external->location + "): load it with COPY or INSERT";
            tables[parse::table_key(t->qualified_name())] = t;
        } else if (const copy_spec* c = st.as_copy()) {
            step.action = script_action::copy;
            const auto it = tables.find(parse::table_key(c->table));
            if (it == tables.end())
                throw parse::parse_error(st.file, st.line, st.column, "starshift.run.copy_table_unknown",
                                         "COPY into " + c->table +
                                             ", which no earlier CREATE TABLE of the script declares (the copy "
                                             "engine needs the table's columns and types: give the file with the "
                                             "CREATE TABLE first)");
            if (it->second->columns.empty())
                throw parse::parse_error(st.file, st.line, st.column, "starshift.run.copy_table_unknown",
                                         "COPY into " + c->table +
                                             ", a CREATE TABLE … AS whose columns could not be learned from its "
                                             "query (the copy engine needs the table's columns and types)");
            step.copy_target = *it->second;
            if (serves) {
                auto check = [&](const std::string& uri, const char* what) {
                    if (!uri.empty() && !serves(uri))
                        throw parse::parse_error(st.file, st.line, st.column, "starshift.run.s3_unmapped",
                                                 std::string("COPY ") + what + " " + uri +
                                                     ": no --s3-map covers it and no --s3-endpoint is given");
                };
                check(c->source.uri, c->source.manifest ? "manifest" : "from");
                check(c->format.jsonpaths, "jsonpaths");
            }
        } else if (const unload_spec* un = st.as_unload()) {
            step.action = script_action::unload;
            step.sql.push_back(postgres_unload_query(st, un->query, statements));  // the query PostgreSQL runs
            if (serves && !serves(un->to))
                throw parse::parse_error(st.file, st.line, st.column, "starshift.run.s3_unmapped",
                                         "UNLOAD TO " + un->to +
                                             ": no --s3-map covers it and no --s3-endpoint is given");
        } else if (const auto* u = st.as_unsupported()) {
            classify(*u, step);
            if (!st.kept_as_text.empty()) step.notice = "CREATE VIEW sent as written: " + st.kept_as_text;
        } else if (st.as_statement()) {
            step.action = script_action::translate;
            step.sql.push_back(postgres_statement(st, statements));
        }
        out.push_back(std::move(step));
    }
    return out;
}

namespace {

using clock_type = std::chrono::steady_clock;

// The rows of a statement that returns some (at most max_rows kept), else the count of affected rows.
void keep_result(const pqxx::result& res, std::size_t max_rows, script_step_result& r) {
    if (res.columns() == 0) {
        r.rows = static_cast<std::int64_t>(res.affected_rows());
        return;
    }
    r.rows = static_cast<std::int64_t>(res.size());
    read_result_rows(res, max_rows, "NULL", r.column_names, r.result_rows);
}

// One run of a script: the open BEGIN … COMMIT block, the result so far, where messages and finished steps go.
class script_run {
public:
    script_run(pqxx::connection& conn, const script_options& options, const script_step_callback& on_step,
               std::size_t statements)
        : conn_(conn), options_(options), on_step_(on_step) {
        result_.statements = statements;
    }

    // starshift_load_errors and the stl_load_errors view exist from the start, so the script may query them.
    bool create_load_errors_table() {
        try {
            pqxx::work tx(conn_, "load_errors");
            tx.exec0(load_errors_ddl());
            tx.commit();
            return true;
        } catch (const std::exception& e) {
            result_.ok = false;
            result_.error = "[starshift.run.load_errors_table] cannot create " + std::string(load_errors_table) +
                            ": " + first_line(e.what());
            return false;
        }
    }

    // Redshift's functions and the simulated system views, before the first statement.
    bool prepare_redshift_schema() {
        try {
            prepare_redshift_session(conn_);
            return true;
        } catch (const std::exception& e) {
            result_.ok = false;
            result_.error = "[starshift.run.redshift_schema] cannot install Redshift's functions and system views in "
                            "schema " + std::string(redshift_schema) + ": " + first_line(e.what());
            return false;
        }
    }

    // Runs one step; false when the script stops here.
    bool step(const script_step& s) {
        script_step_result r;
        r.where = s.where();
        r.action = s.action;
        r.keyword = keyword_of(s);
        const auto t0 = clock_type::now();
        switch (s.action) {
            case script_action::skip: say(r.where + ": notice: skipped " + s.notice); break;
            case script_action::begin: begin(r); break;
            case script_action::commit:
            case script_action::rollback: end_block(s, r); break;
            default:
                if (!s.notice.empty()) say(r.where + ": notice: " + s.notice);
                execute(s, r);
                r.seconds = std::chrono::duration<double>(clock_type::now() - t0).count();
                break;
        }
        if (!result_.ok) return false;
        if (on_step_) on_step_(r);
        result_.steps.push_back(std::move(r));
        return true;
    }

    const script_result& result() const { return result_; }

    script_result finish(clock_type::time_point t_run) {
        if (block_) {
            // The script ended inside BEGIN without COMMIT: as psql at the end of a script, nothing is committed.
            if (result_.ok)
                say("notice: the script ended inside a transaction block (BEGIN without COMMIT): rolled back");
            block_->abort();
            block_.reset();
        }
        result_.seconds = std::chrono::duration<double>(clock_type::now() - t_run).count();
        return std::move(result_);
    }

private:
    void say(const std::string& m) const {
        if (options_.on_message) options_.on_message(m);
    }
    void fail(const script_step_result& r, const std::string& id, const std::string& message) {
        result_.ok = false;
        result_.error = r.where + ": [" + id + "] " + message;
    }
    void fail_as(const std::string& error) {
        block_.reset();
        result_.ok = false;
        result_.error = error;
    }

    void begin(const script_step_result& r) {
        if (block_) say(r.where + ": notice: BEGIN inside the script's transaction block: ignored");
        else block_ = std::make_unique<pqxx::work>(conn_, "script");
    }

    void end_block(const script_step& s, const script_step_result& r) {
        if (!block_) {
            say(r.where + ": notice: " + r.keyword + " outside a transaction block: nothing to do");
        } else if (s.action == script_action::rollback) {
            block_->abort();
            block_.reset();
        } else {
            try {
                block_->commit();
                block_.reset();
            } catch (const pqxx::sql_error& e) {
                block_.reset();
                fail(r, "starshift.run.statement_failed",
                     "COMMIT failed (SQLSTATE " + e.sqlstate() + "): " + first_line(e.what()));
            } catch (const std::exception& e) {
                block_.reset();
                fail(r, "starshift.run.statement_failed", "COMMIT failed: " + first_line(e.what()));
            }
        }
    }

    // A CREATE TABLE, COPY or passed-through statement: in the script's block, else in its own transaction (or
    // none, for a statement that PostgreSQL refuses to run inside one).
    void execute(const script_step& s, script_step_result& r) {
        std::unique_ptr<pqxx::work> own;
        try {
            if (s.action == script_action::pass_through && s.outside_transaction && !block_) {
                pqxx::nontransaction ntx(conn_, "statement");
                const pqxx::result res = ntx.exec(s.sql.front());
                r.rows = static_cast<std::int64_t>(res.affected_rows());
            } else {
                pqxx::work& tx = block_ ? *block_ : *(own = std::make_unique<pqxx::work>(conn_, "statement"));
                statement_in(tx, s, r);
                if (own) own->commit();
            }
        } catch (const pqxx::sql_error& e) {
            own.reset();
            block_.reset();
            fail(r, "starshift.run.statement_failed",
                 r.keyword + " failed" + (e.sqlstate().empty() ? std::string{} : " (SQLSTATE " + e.sqlstate() + ")") +
                     ": " + first_line(e.what()));
        } catch (const copy::load_error& e) {
            own.reset();
            block_.reset();
            record_rejects_of(s, r, e);
            fail_as(r.where + ": COPY into " + s.copy_target.qualified_name() + " failed: " + e.what());
        } catch (const std::exception& e) {
            own.reset();
            fail_as(r.where + ": " + r.keyword + " failed: " + e.what());
        }
    }

    void statement_in(pqxx::work& tx, const script_step& s, script_step_result& r) const {
        if (s.action == script_action::create_table) {
            const table& t = *s.statement.as_table();
            r.table = t.qualified_name();
            for (const auto& sql : s.sql) tx.exec0(sql);
            if (options_.redshift_schema) refresh_views(tx, t, true, t.as_query.has_value());
        } else if (s.action == script_action::copy) {
            r.table = s.copy_target.qualified_name();
            client_copy_options copts;
            copts.store = options_.store;
            copts.maxerror_boundary = options_.maxerror_boundary;
            if (options_.redshift_schema) copts.views = &options_.views;
            r.copy = run_client_copy(tx, *s.statement.as_copy(), s.copy_target, copts);
            if (options_.redshift_schema) refresh_views(tx, s.copy_target, false, true);
            r.rows = static_cast<std::int64_t>(r.copy.rows_loaded);
        } else if (s.action == script_action::unload) {
            const unload_spec& spec = *s.statement.as_unload();
            r.table = spec.to;
            if (options_.store == nullptr)
                throw copy::unload_error("starshift.unload.no_store", spec.to, "the run has no object store to write");
            copy::unload_options uo;
            uo.slices = options_.unload_slices;
            r.unload = db::run_unload(tx, spec, s.sql.front(), *options_.store, uo);
            r.rows = static_cast<std::int64_t>(r.unload.rows);
        } else {
            keep_result(tx.exec(s.sql.front()), options_.max_result_rows, r);
            // A script's SET search_path keeps Redshift's functions and views callable (appended after it).
            if (options_.redshift_schema && sets_search_path(s)) append_redshift_schema(tx);
        }
    }

    // pg_table_def's model of `t` (record) and its svv_table_info row (simulate), in a savepoint: a problem there is a
    // notice, never the statement's failure.
    void refresh_views(pqxx::work& tx, const table& t, bool record, bool simulate) const {
        try {
            pqxx::subtransaction views(tx, "system_views");
            if (record) record_table(views, t);
            if (simulate) refresh_table_info(views, t, options_.views);
            views.commit();
        } catch (const std::exception& e) {
            say("notice: system views not refreshed for " + t.qualified_name() + ": " + first_line(e.what()));
        }
    }

    // A COPY above MAXERROR: its rejects still become rows of the load-error table, in a transaction of their own.
    void record_rejects_of(const script_step& s, const script_step_result& r, const copy::load_error& e) const {
        if (e.rejects().empty()) return;
        try {
            pqxx::work log_tx(conn_, "load_errors");
            const std::int64_t load_id = next_load_id(log_tx);
            record_rejects(log_tx, load_id, s.copy_target.qualified_name(), e.rejects());
            // PG_LAST_COPY_ID: a COPY that failed on its data still counts (its rejects are queried by it); 0 rows.
            if (options_.redshift_schema) note_last_copy(log_tx, load_id, 0);
            log_tx.commit();
        } catch (const std::exception& inner) {
            say(r.where + ": notice: could not record the rejects in " + std::string(load_errors_table) + ": " +
                first_line(inner.what()));
        }
    }

    pqxx::connection& conn_;
    const script_options& options_;
    const script_step_callback& on_step_;
    script_result result_;
    std::unique_ptr<pqxx::work> block_;  // the script's BEGIN … COMMIT transaction
};

}  // namespace

script_result run_script(pqxx::connection& conn, const std::vector<script_step>& steps,
                         const script_options& options, const script_step_callback& on_step) {
    const auto t_run = clock_type::now();
    script_run run(conn, options, on_step, steps.size());
    if (options.redshift_schema && !run.prepare_redshift_schema()) return run.result();
    bool any_copy = false;
    for (const auto& s : steps) any_copy = any_copy || s.action == script_action::copy;
    if (any_copy && !run.create_load_errors_table()) return run.result();
    for (const auto& s : steps)
        if (!run.step(s)) break;
    return run.finish(t_run);
}

std::string copy_count_line(const script_step_result& r) {
    return "COPY " + r.table + ": " + std::to_string(r.copy.rows_loaded) + " rows loaded, " +
           std::to_string(r.copy.rows_rejected) + " rejected, from " +
           (r.copy.source.empty() ? io::file_count(r.copy.files) : r.copy.source) +
           retries_note(r.copy.request_retries);
}

std::string unload_line(const script_step_result& r) {
    std::string out = "UNLOAD to " + r.table + ": " + std::to_string(r.unload.rows) +
                      (r.unload.rows == 1 ? " row in " : " rows in ") + io::file_count(r.unload.files.size());
    if (!r.unload.manifest_key.empty()) out += ", manifest " + r.unload.manifest_key;
    return out;
}

std::string summary_line(const script_result& r) {
    std::size_t creates = 0, copies = 0, passed = 0, translated = 0, skipped = 0, tx = 0, unloads = 0;
    std::uint64_t loaded = 0, rejected = 0, unloaded = 0;
    for (const auto& s : r.steps) {
        switch (s.action) {
            case script_action::create_table: ++creates; break;
            case script_action::copy:
                ++copies;
                loaded += s.copy.rows_loaded;
                rejected += s.copy.rows_rejected;
                break;
            case script_action::unload:
                ++unloads;
                unloaded += s.unload.rows;
                break;
            case script_action::pass_through: ++passed; break;
            case script_action::translate: ++translated; break;
            case script_action::skip: ++skipped; break;
            default: ++tx; break;
        }
    }
    std::ostringstream out;
    out << r.steps.size() << " of " << r.statements << " statements run: " << creates << " CREATE TABLE, " << copies
        << " COPY (" << loaded << " rows loaded, " << rejected << " rejected), ";
    if (unloads > 0) out << unloads << " UNLOAD (" << unloaded << " rows unloaded), ";
    out << translated << " translated, " << passed << " passed through, "
        << skipped << " skipped, " << tx << " transaction control";
    out.setf(std::ios::fixed);
    out.precision(2);
    out << "; " << r.seconds << " s" << (r.ok ? "" : "; FAILED");
    return out.str();
}

}  // namespace starshift::load
