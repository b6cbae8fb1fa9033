#include "starshift/load/plan.hpp"

#include <algorithm>
#include <stdexcept>

#include "starshift/sql/quote.hpp"
#include "starshift/sql/render.hpp"
#include "starshift/common/error.hpp"

namespace starshift::load {
namespace {

step sql_step(std::string name, step_kind kind, std::string text) {
    step s;
    s.name = std::move(name);
    s.kind = kind;
    s.display_sql = text;
    s.sql = std::move(text);
    return s;
}

bool is_staging(const warehouse& w, const table& t) {
    return std::any_of(w.staging.begin(), w.staging.end(), [&](const table& s) { return &s == &t; });
}

}  // namespace

std::string to_string(step_kind k) {
    switch (k) {
        case step_kind::drop: return "drop";
        case step_kind::create: return "create";
        case step_kind::truncate: return "truncate";
        case step_kind::copy: return "copy";
        case step_kind::transform: return "transform";
        case step_kind::check: return "check";
        case step_kind::analyze: return "analyze";
        case step_kind::query: return "query";
    }
    return "?";
}

plan create_tables_plan(const warehouse& w, const target& t) {
    plan p;
    p.name = "create-tables";
    const auto tables = w.all_tables();
    for (auto it = tables.rbegin(); it != tables.rend(); ++it)
        p.steps.push_back(sql_step("drop " + (*it)->name, step_kind::drop, sql::drop_table(**it, t.dialect)));
    for (const table* tb : tables) {
        sql::ddl_options options;
        options.unlogged = t.dialect == sql::dialect::postgres && t.unlogged_staging && is_staging(w, *tb);
        options.enforce_constraints = t.enforce_constraints;
        std::string text;
        for (const auto& statement : sql::create_table(*tb, t.dialect, options))
            text += (text.empty() ? "" : "\n") + statement;
        p.steps.push_back(sql_step("create " + tb->name, step_kind::create, std::move(text)));
    }
    return p;
}

plan etl_plan(const warehouse& w, const target& t) {
    plan p;
    p.name = "etl";
    for (const auto& tb : w.staging)
        p.steps.push_back(sql_step("truncate " + tb.name, step_kind::truncate, sql::truncate_table(tb, t.dialect)));
    for (const auto& c : w.copies) {
        step s;
        s.name = "copy " + c.table;
        s.kind = step_kind::copy;
        s.display_sql = sql::copy_command(c, sql::secrets::mask);
        if (t.dialect == sql::dialect::redshift) {
            s.sql = sql::copy_command(c, sql::secrets::reveal);
        } else {
            s.display_sql = "-- client-side copy engine (COPY … FROM STDIN) performing:\n" + s.display_sql;
        }
        s.copy = c;
        if (const table* tb = w.find(c.table)) s.copy_target = *tb;
        p.steps.push_back(std::move(s));
    }
    // PostgreSQL: fresh statistics on the staging tables, as Redshift's COPY gives an empty table (STATUPDATE
    // default); without them the planner misjudges the transforms' joins (a nested loop: 40 s instead of 0.1 s).
    if (t.dialect == sql::dialect::postgres)
        for (const auto& tb : w.staging)
            p.steps.push_back(sql_step("analyze " + tb.name, step_kind::analyze, sql::analyze_table(tb, t.dialect)));
    const bool postgres = t.dialect == sql::dialect::postgres;
    std::string prefix;
    if (postgres && t.postgres_disable_nestloop) prefix += "SET LOCAL enable_nestloop = off;\n";
    if (postgres && !t.postgres_transform_work_mem.empty())
        prefix += "SET LOCAL work_mem = " + sql::quote_literal(t.postgres_transform_work_mem, t.dialect) + ";\n";
    // PostgreSQL: the star tables' sort-key indexes are built after a first (bulk) load instead of row by row.
    const bool rebuild_indexes = postgres && t.postgres_index_after_load;
    if (rebuild_indexes)
        for (const auto& tb : w.star)
            if (auto text = sql::postgres_drop_sort_key_index_if_empty(tb); !text.empty())
                p.steps.push_back(sql_step("unindex " + tb.name, step_kind::transform, std::move(text)));
    for (const auto& st : w.transforms)
        p.steps.push_back(sql_step("transform " + st.name, step_kind::transform, prefix + sql::render(st, t.dialect)));
    if (rebuild_indexes)
        for (const auto& tb : w.star)
            if (auto text = sql::postgres_create_sort_key_index(tb); !text.empty())
                p.steps.push_back(sql_step("index " + tb.name, step_kind::transform, std::move(text)));
    for (const auto& tb : w.star)
        p.steps.push_back(sql_step("analyze " + tb.name, step_kind::analyze, sql::analyze_table(tb, t.dialect)));
    return p;
}

plan checks_plan(const warehouse& w, const target& t) {
    plan p;
    p.name = "check";
    for (const auto& c : w.checks) {
        step s = sql_step("check " + c.name, step_kind::check, sql::render(c.query, t.dialect));
        s.expect = c.expect;
        p.steps.push_back(std::move(s));
    }
    return p;
}

plan query_plan(const warehouse& w, const target& t, std::string_view query_name) {
    const named_query* q = w.find_query(query_name);
    if (!q) {
        std::string known;
        for (const auto& x : w.queries) known += (known.empty() ? "" : ", ") + x.name;
        throw error("starshift.load.unknown_query", "no analytics query named '" +
                                    std::string(query_name) + "'; known: " + known);
    }
    plan p;
    p.name = "query " + q->name;
    p.steps.push_back(sql_step(q->name, step_kind::query, sql::render(q->query, t.dialect)));
    return p;
}

plan queries_plan(const warehouse& w, const target& t) {
    plan p;
    p.name = "queries";
    for (const auto& q : w.queries)
        p.steps.push_back(sql_step(q.name, step_kind::query, sql::render(q.query, t.dialect)));
    return p;
}

std::string display_script(const plan& p) {
    std::string out = "-- plan: " + p.name + "\n";
    for (const auto& s : p.steps) out += "\n-- step: " + s.name + "\n" + s.display_sql + "\n";
    return out;
}

}  // namespace starshift::load
