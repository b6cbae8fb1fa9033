#include "starshift/model/warehouse.hpp"

#include <set>

#include "starshift/common/text.hpp"

namespace starshift {
namespace {

[[noreturn]] void fail(const std::string& id, const std::string& table, const std::string& column,
                       std::string_view detail) {
    throw model_error(id, table, column, detail);
}

void check_sources(const warehouse& w, const select_query& q, const std::string& where);

void check_from(const warehouse& w, const from_item& f, const std::string& where) {
    if (f.subquery) {
        check_sources(w, *f.subquery, where);
        return;
    }
    if (!w.find(f.table))
        fail("starshift.model.statement_table_missing",
             f.table, "", where + " reads table " + f.table + ", which the warehouse lacks");
}

void check_sources(const warehouse& w, const select_query& q, const std::string& where) {
    if (q.items.empty()) fail("starshift.model.statement_empty_select", "", "", where + " selects nothing");
    if (q.from_clause) check_from(w, *q.from_clause, where);
    for (const auto& j : q.joins) check_from(w, j.right, where);
}

void check_insert(const warehouse& w, const statement& s, const insert_select& ins) {
    const table* t = w.find(ins.table);
    if (!t) fail("starshift.model.statement_table_missing",
                 ins.table, "", "transform " + s.name + " inserts into a missing table");
    const auto columns = ins.columns.empty() ? t->column_names() : ins.columns;
    for (const auto& c : columns)
        if (!t->find(c))
            fail("starshift.model.statement_column_missing", t->qualified_name(), c,
                 "transform " + s.name + " inserts into a column the table does not have");
    if (columns.size() != ins.query.items.size())
        fail("starshift.model.statement_arity", t->qualified_name(), "",
             "transform " + s.name + " inserts " + std::to_string(ins.query.items.size()) + " values into " +
                 std::to_string(columns.size()) + " columns");
    check_sources(w, ins.query, "transform " + s.name);
}

}  // namespace

std::vector<const table*> warehouse::all_tables() const {
    std::vector<const table*> out;
    for (const auto& t : staging) out.push_back(&t);
    for (const auto& t : star) out.push_back(&t);
    return out;
}

const table* warehouse::find(std::string_view table_name) const noexcept {
    const std::string f = ascii_lower(table_name);
    for (const table* t : all_tables())
        if (ascii_lower(t->qualified_name()) == f || ascii_lower(t->name) == f) return t;
    return nullptr;
}

const named_query* warehouse::find_query(std::string_view query_name) const noexcept {
    for (const auto& q : queries)
        if (q.name == query_name) return &q;
    return nullptr;
}

std::vector<model_warning> validate(const warehouse& w, const validation_options& options) {
    std::vector<model_warning> warnings;
    std::set<std::string> names;
    for (const table* t : w.all_tables()) {
        auto tw = validate(*t, options);
        warnings.insert(warnings.end(), tw.begin(), tw.end());
        if (!names.insert(ascii_lower(t->qualified_name())).second)
            fail("starshift.model.duplicate_table", t->qualified_name(), "", "the warehouse declares this table twice");
    }

    for (const table* t : w.all_tables()) {
        for (const auto& k : t->constraints) {
            if (k.kind != constraint_kind::foreign_key) continue;
            const table* ref = w.find(k.ref_table);
            if (!ref)
                fail("starshift.model.fk_table_missing", t->qualified_name(), k.columns.front(),
                     "FOREIGN KEY references table " + k.ref_table + ", which the warehouse lacks");
            const auto ref_columns = k.ref_columns.empty() ? ref->primary_key() : k.ref_columns;
            if (ref_columns.size() != k.columns.size())
                fail("starshift.model.fk_arity", t->qualified_name(), k.columns.front(),
                     "FOREIGN KEY columns do not match the referenced key of " + ref->qualified_name());
            for (const auto& rc : ref_columns)
                if (!ref->find(rc))
                    fail("starshift.model.fk_ref_column_missing", t->qualified_name(), k.columns.front(),
                         "FOREIGN KEY references " + ref->qualified_name() + "." + rc + ", which does not exist");
        }
    }

    for (const auto& c : w.copies) {
        const table* t = w.find(c.table);
        if (!t) fail("starshift.model.copy_table_missing", c.table, "", "COPY into a table the warehouse lacks");
        validate(c, *t);
    }

    std::set<std::string> statement_names;
    for (const auto& s : w.transforms) {
        if (s.name.empty()) fail("starshift.model.statement_unnamed", "", "", "every transform needs a name");
        if (!statement_names.insert(s.name).second)
            fail("starshift.model.statement_duplicate_name", "", "", "two transforms are named " + s.name);
        if (const auto* ins = std::get_if<insert_select>(&s.body)) {
            check_insert(w, s, *ins);
        } else if (const auto* del_p = std::get_if<delete_statement>(&s.body)) {
            const auto& del = *del_p;
            if (!w.find(del.table))
                fail("starshift.model.statement_table_missing",
                     del.table, "", "transform " + s.name + " deletes from a missing table");
            if (del.using_item) check_from(w, *del.using_item, "transform " + s.name);
        } else {
            fail("starshift.model.statement_kind", "", "", "transform " + s.name +
                 " must be an INSERT … SELECT or a DELETE");
        }
    }

    std::set<std::string> check_names;
    for (const auto& c : w.checks) {
        if (c.name.empty() || !check_names.insert(c.name).second)
            fail("starshift.model.check_name_invalid",
                 "", "", "data-quality check names must be unique and non-empty: '" + c.name + "'");
        check_sources(w, c.query, "check " + c.name);
    }
    std::set<std::string> query_names;
    for (const auto& q : w.queries) {
        if (q.name.empty() || !query_names.insert(q.name).second)
            fail("starshift.model.query_name_invalid",
                 "", "", "analytics query names must be unique and non-empty: '" + q.name + "'");
        check_sources(w, q.query, "query " + q.name);
    }
    return warnings;
}

}  // namespace starshift
