#include "starshift/load/plan.hpp"

#include <algorithm>
#include <stdexcept>
#include <string_view>
#include <variant>

#include "starshift/load/detail/load_errors.hpp"
#include "starshift/sql/render.hpp"
#include "starshift/common/error.hpp"
#include "starshift/common/text.hpp"

namespace starshift::load {
namespace {

step sql_step(std::string name, step_kind kind, std::string text, std::vector<std::string> writes = {},
              std::vector<std::string> reads = {}) {
    step s;
    s.name = std::move(name);
    s.kind = kind;
    s.display_sql = text;
    s.sql = std::move(text);
    s.writes = std::move(writes);
    s.reads = std::move(reads);
    return s;
}

// The tables a transform reads: its sources, and with enforced constraints the tables the foreign keys of its
// target (`written`, may be null) reference (PostgreSQL checks each inserted row against them).
std::vector<std::string> transform_reads(const target& t, const statement& st, const table* written) {
    std::vector<std::string> reads = tables_read(st);
    if (t.enforce_constraints && written)
        for (const auto& c : written->constraints)
            if (c.kind == constraint_kind::foreign_key) reads.push_back(c.ref_table);
    return reads;
}

// "Sales"."Staging_Events" -> staging_events: the name a conflict is decided on.
std::string conflict_name(std::string_view name) {
    std::string out = ascii_lower(last_name_part(name));
    out.erase(std::remove(out.begin(), out.end(), '"'), out.end());
    return out;
}

bool overlaps(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    return std::any_of(a.begin(), a.end(), [&](const std::string& x) {
        const std::string name = conflict_name(x);
        return std::any_of(b.begin(), b.end(), [&](const std::string& y) { return conflict_name(y) == name; });
    });
}

// Whether `t` is one of `tables` (the warehouse's staging or star tables).
bool is_one_of(const std::vector<table>& tables, const table& t) {
    return std::any_of(tables.begin(), tables.end(), [&](const table& s) { return &s == &t; });
}

// Whether a foreign key of another table of the warehouse references `t` (resolved as the warehouse's validation
// resolves it: warehouse::find).
bool is_referenced(const warehouse& w, const table& t) {
    for (const table* other : w.all_tables())
        for (const auto& c : other->constraints)
            if (c.kind == constraint_kind::foreign_key && other != &t && w.find(c.ref_table) == &t) return true;
    return false;
}

// A table with foreign keys: a star schema's fact table.
bool is_fact(const table& t) {
    return std::any_of(t.constraints.begin(), t.constraints.end(),
                       [](const constraint& c) { return c.kind == constraint_kind::foreign_key; });
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
        options.unlogged = t.dialect == sql::dialect::postgres && t.unlogged_staging && is_one_of(w.staging, *tb);
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
        p.steps.push_back(
            sql_step("truncate " + tb.name, step_kind::truncate, sql::truncate_table(tb, t.dialect), {tb.name}));
    for (const auto& c : w.copies) {
        step s;
        s.name = "copy " + c.table;
        s.kind = step_kind::copy;
        // A COPY also writes the load log (stl_load_errors, stl_load_commits): COPYs run one after another.
        s.writes = {c.table, load_errors_table};
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
            p.steps.push_back(
                sql_step("analyze " + tb.name, step_kind::analyze, sql::analyze_table(tb, t.dialect), {tb.name}));
    const bool postgres = t.dialect == sql::dialect::postgres;
    std::string prefix;
    if (postgres && t.postgres_disable_nestloop) prefix += sql::postgres_set_local("enable_nestloop", "off") + "\n";
    if (postgres && !t.postgres_transform_work_mem.empty())
        prefix += sql::postgres_set_local("work_mem", t.postgres_transform_work_mem) + "\n";
    // PostgreSQL: the star tables' sort-key indexes are built after a first (bulk) load instead of row by row.
    const bool rebuild_indexes = postgres && t.postgres_index_after_load;
    if (rebuild_indexes)
        for (const auto& tb : w.star)
            if (auto text = sql::postgres_drop_sort_key_index_if_empty(tb); !text.empty())
                p.steps.push_back(sql_step("unindex " + tb.name, step_kind::transform, std::move(text), {tb.name}));
    for (const auto& st : w.transforms) {
        std::string settings = prefix;
        if (postgres)
            for (const auto& [name, value] : st.postgres_settings)
                settings += sql::postgres_set_local(name, value) + "\n";
        const std::string written_name = table_written(st);
        const table* written = w.find(written_name);
        if (postgres && t.postgres_truncate_empty_targets && std::holds_alternative<insert_select>(st.body) &&
            written && is_one_of(w.star, *written) && !(t.enforce_constraints && is_referenced(w, *written)))
            settings += sql::postgres_truncate_if_empty(*written) + "\n";
        p.steps.push_back(sql_step("transform " + st.name, step_kind::transform, settings + sql::render(st, t.dialect),
                                   {written_name}, transform_reads(t, st, written)));
        if (written && is_fact(*written)) p.steps.back().priority = 1;
    }
    if (rebuild_indexes)
        for (const auto& tb : w.star)
            if (auto text = sql::postgres_create_sort_key_index(tb); !text.empty()) {
                p.steps.push_back(sql_step("index " + tb.name, step_kind::transform, std::move(text), {tb.name}));
                if (is_fact(tb)) p.steps.back().priority = 1;
            }
    for (const auto& tb : w.star)
        p.steps.push_back(
            sql_step("analyze " + tb.name, step_kind::analyze, sql::analyze_table(tb, t.dialect), {tb.name}));
    return p;
}

std::vector<std::vector<std::size_t>> step_dependencies(const plan& p) {
    std::vector<std::vector<std::size_t>> deps(p.steps.size());
    const auto barrier = [](const step& s) { return s.reads.empty() && s.writes.empty(); };
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
        const step& later = p.steps[i];
        for (std::size_t j = 0; j < i; ++j) {
            const step& earlier = p.steps[j];
            if (barrier(later) || barrier(earlier) || overlaps(earlier.writes, later.writes) ||
                overlaps(earlier.writes, later.reads) || overlaps(earlier.reads, later.writes))
                deps[i].push_back(j);
        }
    }
    return deps;
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
