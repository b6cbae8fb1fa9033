// SQL injection: hostile table, column, bucket, key and path values rendered by the sql layer and EXECUTED on
// PostgreSQL cannot change the SQL's meaning. Tables with hostile names are created, loaded by the copy engine and
// dropped; only they change and a canary table survives. Hostile literals read back exactly (PostgreSQL dialect, and
// the Redshift dialect under standard_conforming_strings = off, which reads backslashes as Redshift does). Redshift's
// COPY command with hostile S3 URIs, role, region and jsonpaths stays one statement (independent lexer).
#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "../unit/sql_hostile_cases.hpp"
#include "pg_fixture.hpp"
#include "starshift/load/executor.hpp"
#include "starshift/model/column.hpp"
#include "starshift/model/copy_spec.hpp"
#include "starshift/model/sql_type.hpp"
#include "starshift/model/table.hpp"
#include "starshift/sql/quote.hpp"
#include "starshift/sql/render.hpp"
#include "support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using namespace starshift;

std::int64_t count_of(pqxx::connection& conn, const std::string& sql) {
    pqxx::work tx(conn);
    return tx.exec1(sql)[0].as<std::int64_t>();
}

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default: out += c;
        }
    }
    return out + "\"";
}

using starshift::testing::temp_dir;

load::plan copy_plan(const std::string& source, const table& target, std::int64_t maxerror = 0) {
    copy_spec spec;
    spec.table = target.name;
    spec.source.uri = source;
    spec.maxerror = maxerror;
    load::step s;
    s.name = "copy";
    s.kind = load::step_kind::copy;
    s.display_sql = "-- client-side copy";
    s.copy = spec;
    s.copy_target = target;
    load::plan p;
    p.name = "injection";
    p.steps.push_back(std::move(s));
    return p;
}

void make_canary(pqxx::connection& conn) {
    pqxx::work tx(conn);
    tx.exec0("CREATE TABLE canary (v TEXT); INSERT INTO canary VALUES ('alive')");
    tx.commit();
}

std::int64_t user_tables(pqxx::connection& conn) {
    return count_of(conn, "SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace");
}

// Redshift's lexical rules: '…' literals ('' and backslash escapes), "…" identifiers ("" escape), -- and /* */
// comments. Returns the number of ';' outside literals, identifiers and comments, or -1 when a comment appears
// outside a literal or a literal/identifier is left open.
int top_level_semicolons(const std::string& s) {
    int semis = 0;
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c == '\'') {
            ++i;
            bool closed = false;
            while (i < s.size()) {
                if (s[i] == '\\') { i += 2; continue; }
                if (s[i] == '\'') {
                    if (i + 1 < s.size() && s[i + 1] == '\'') { i += 2; continue; }
                    ++i;
                    closed = true;
                    break;
                }
                ++i;
            }
            if (!closed) return -1;
        } else if (c == '"') {
            ++i;
            bool closed = false;
            while (i < s.size()) {
                if (s[i] == '"') {
                    if (i + 1 < s.size() && s[i + 1] == '"') { i += 2; continue; }
                    ++i;
                    closed = true;
                    break;
                }
                ++i;
            }
            if (!closed) return -1;
        } else if ((c == '-' && i + 1 < s.size() && s[i + 1] == '-') ||
                   (c == '/' && i + 1 < s.size() && s[i + 1] == '*')) {
            return -1;
        } else {
            if (c == ';') ++semis;
            ++i;
        }
    }
    return semis;
}

const std::vector<std::string> hostile_values = {
    "s3://bucket'; DROP TABLE canary; --/key",
    "s3://bucket/key\\'; DROP TABLE canary; --",
    "s3://bucket/a/*b*/c",
    "s3://bucket/ke\"y;--",
    "s3://bücket/日本語/\xF0\x9F\x8E\x89",
    "arn:aws:iam::123:role/x'); DROP TABLE canary; --",
    "us-east-1' IAM_ROLE 'x",
    "\\",
    "'",
};

}  // namespace

TEST_CASE("injection: tables and columns with hostile names are created loaded and dropped alone") {
    testing::scratch_database db("inject");
    auto conn = db.connect();
    make_canary(*conn);
    temp_dir dir;

    // Column names: every hostile identifier that differs from the others (each table gets them all).
    std::vector<std::string> cols;
    for (const auto& n : sql::test::hostile_identifiers) cols.push_back(n);
    REQUIRE(cols.size() < 1600);

    std::int64_t made = 0;
    std::size_t k = 0;
    for (const auto& name : sql::test::hostile_identifiers) {
        INFO("table name: " << name);
        table t;
        t.name = name;
        for (const auto& c : cols) t.columns.push_back(column_builder(c, varchar(100)));
        {
            pqxx::work tx(*conn);
            for (const auto& s : sql::create_table(t, sql::dialect::postgres)) tx.exec0(s);
            tx.commit();
        }
        ++made;
        // One record whose value for each column is the column's own name, through the copy engine.
        const fs::path file = dir.path() / ("t" + std::to_string(k++) + ".json");
        {
            std::ofstream f(file, std::ios::binary);
            f << "{";
            for (std::size_t c = 0; c < cols.size(); ++c) f << (c ? "," : "") << json_string(cols[c]) << ":" << json_string(cols[c]);
            f << "}\n";
        }
        load::executor ex(*conn);
        const auto r = ex.run(copy_plan(file.string(), t));
        CHECK(r.steps.at(0).copy.rows_loaded == 1);

        pqxx::work tx(*conn);
        CHECK(tx.exec_params1("SELECT count(*) FROM pg_class WHERE relname = $1 AND relkind = 'r'", name)[0]
                  .as<int>() == 1);
        const auto cnt = tx.exec1("SELECT count(*) FROM " + sql::quote_identifier(name))[0].as<int>();
        CHECK(cnt == 1);
        for (const auto& c : cols) {
            const auto v = tx.exec1("SELECT " + sql::quote_identifier(c) + " FROM " + sql::quote_identifier(name));
            CHECK(std::string(v[0].c_str()) == c);
        }
        tx.commit();
        CHECK(count_of(*conn, "SELECT count(*) FROM canary") == 1);
        CHECK(user_tables(*conn) == made + 1);
    }

    for (const auto& name : sql::test::hostile_identifiers) {
        table t;
        t.name = name;
        pqxx::work tx(*conn);
        tx.exec0(sql::drop_table(t, sql::dialect::postgres));
        tx.commit();
    }
    CHECK(user_tables(*conn) == 1);
    CHECK(count_of(*conn, "SELECT count(*) FROM canary WHERE v = 'alive'") == 1);
}

TEST_CASE("injection: hostile literals read back exactly in both dialects") {
    testing::scratch_database db("injectlit");
    auto conn = db.connect();
    make_canary(*conn);
    std::vector<std::string> values = sql::test::hostile_literals;
    values.insert(values.end(), hostile_values.begin(), hostile_values.end());
    {
        pqxx::work tx(*conn);
        tx.exec0("CREATE TABLE lits (n INT, v TEXT)");
        for (std::size_t k = 0; k < values.size(); ++k) {
            INFO("literal: " << values[k]);
            tx.exec0("INSERT INTO lits VALUES (" + std::to_string(k) + ", " +
                     sql::quote_literal(values[k], sql::dialect::postgres) + ")");
            CHECK(std::string(tx.exec1("SELECT " + sql::quote_literal(values[k], sql::dialect::postgres))[0].c_str()) ==
                  values[k]);
        }
        tx.commit();
    }
    CHECK(count_of(*conn, "SELECT count(*) FROM lits") == static_cast<std::int64_t>(values.size()));
    {
        // Redshift reads backslashes in '…' as escapes; PostgreSQL does too with standard_conforming_strings off.
        pqxx::work tx(*conn);
        tx.exec0("SET LOCAL standard_conforming_strings = off; SET LOCAL escape_string_warning = off");
        for (const auto& v : values) {
            INFO("redshift literal: " << v);
            CHECK(std::string(tx.exec1("SELECT " + sql::quote_literal(v, sql::dialect::redshift))[0].c_str()) == v);
        }
    }
    CHECK(count_of(*conn, "SELECT count(*) FROM canary") == 1);
    CHECK(user_tables(*conn) == 2);
}

TEST_CASE("injection: Redshift COPY with hostile bucket key role region and jsonpaths stays one statement") {
    for (const auto& v : hostile_values) {
        INFO("value: " << v);
        copy_spec spec;
        spec.table = "staging_events";
        spec.source.uri = v.rfind("s3://", 0) == 0 ? v : "s3://bucket/" + v;
        spec.credentials.iam_role = v;
        spec.region = v;
        spec.format.kind = copy_format_kind::json_paths;
        spec.format.jsonpaths = spec.source.uri + "/paths.json";
        spec.timeformat = v;
        for (const auto mode : {sql::secrets::reveal, sql::secrets::mask}) {
            const std::string s = sql::copy_command(spec, mode);
            INFO("rendered: " << s);
            CHECK(top_level_semicolons(s) == 1);
            CHECK(s.back() == ';');
        }
    }
}

TEST_CASE("injection: hostile file paths reach starshift_load_errors verbatim") {
    testing::scratch_database db("injectpath");
    auto conn = db.connect();
    make_canary(*conn);
    temp_dir dir;
    const fs::path sub = dir.path() / "d'; DROP TABLE canary; --\\ \xE6\x97\xA5 \"q\"";
    fs::create_directories(sub);
    const fs::path file = sub / "f';--.json";
    {
        std::ofstream f(file, std::ios::binary);
        f << "{\"v\":\"ok\"}\nnot_json\n";
    }
    table t;
    t.name = "t";
    t.columns = {column_builder("v", varchar(10))};
    {
        pqxx::work tx(*conn);
        for (const auto& s : sql::create_table(t, sql::dialect::postgres)) tx.exec0(s);
        tx.commit();
    }
    load::executor ex(*conn);
    const auto r = ex.run(copy_plan(sub.string(), t, 10));
    CHECK(r.steps.at(0).copy.rows_loaded == 1);
    CHECK(r.steps.at(0).copy.rows_rejected == 1);
    pqxx::work tx(*conn);
    CHECK(tx.exec_params1("SELECT count(*) FROM starshift_load_errors WHERE filename = $1", file.string())[0].as<int>() ==
          1);
    CHECK(tx.exec1("SELECT count(*) FROM canary")[0].as<int>() == 1);
}
