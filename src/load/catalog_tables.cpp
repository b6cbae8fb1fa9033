#include "starshift/load/catalog_tables.hpp"

#include <utility>

#include <pqxx/pqxx>

#include "starshift/common/error.hpp"
#include "starshift/sql/quote.hpp"
#include "starshift/sql/render.hpp"

namespace starshift::load {
namespace {

// PostgreSQL's spelling of a column type (format_type) as Redshift SQL the parser reads. The parser reads most
// of PostgreSQL's names as they are (character varying(n), character(n), numeric(p,s), timestamp without time zone,
// double precision, …); these are the ones it reads otherwise or not at all (docs/parse.md, "Type mapping", read
// backwards: TEXT has no length, JSONB holds SUPER, BYTEA VARBYTE).
std::string redshift_type_sql(const std::string& pg) {
    if (pg == "text" || pg == "character varying") return "VARCHAR(MAX)";
    if (pg == "jsonb" || pg == "json") return "SUPER";
    if (pg == "bytea") return "VARBYTE(" + std::to_string(varbyte_max_length) + ")";
    return pg;
}

sql_type redshift_type(const std::string& relation, const std::string& column_name, const std::string& pg) {
    try {
        return parse::parse_create_table("CREATE TABLE t (c " + redshift_type_sql(pg) + ");").columns.at(0).type;
    } catch (const parse::parse_error&) {
        throw error("starshift.run.catalog_type", "table " + relation + " in the database, column " + column_name +
                                                      ": its PostgreSQL type " + pg +
                                                      " has no Redshift counterpart (docs/parse.md)");
    }
}

}  // namespace

catalog_tables::catalog_tables(std::function<pqxx::connection&()> connection) : connection_(std::move(connection)) {}

const table* catalog_tables::find(std::string_view dotted_name) {
    const std::string key = parse::table_key(dotted_name);
    if (const auto it = cache_.find(key); it != cache_.end()) return it->second.get();
    const std::string dotted(dotted_name);
    const std::size_t dot = dotted.find('.');
    auto t = std::make_unique<table>();
    if (dot != std::string::npos) {
        t->schema = dotted.substr(0, dot);
        t->name = dotted.substr(dot + 1);
    } else {
        t->name = dotted;
    }
    const std::string relation = sql::quote_qualified(t->schema, t->name);
    pqxx::nontransaction tx(connection_());
    if (!tx.exec_params1("SELECT to_regclass($1) IS NOT NULL", relation)[0].as<bool>()) {
        cache_[key] = nullptr;
        return nullptr;
    }
    const pqxx::result r = tx.exec_params(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid), "
        "coalesce(co.collname = $2, false) "
        "FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
        "LEFT JOIN pg_collation co ON co.oid = a.attcollation "
        "WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        relation, std::string(sql::case_insensitive_collation));
    for (const auto& row : r) {
        column c;
        c.name = row[0].as<std::string>();
        c.type = redshift_type(relation, c.name, row[1].as<std::string>());
        c.not_null = row[2].as<bool>();
        if (!row[3].is_null()) c.default_expr = row[3].as<std::string>();
        if (row[4].as<bool>()) c.collate = collation::case_insensitive;
        t->columns.push_back(std::move(c));
    }
    return (cache_[key] = std::move(t)).get();
}

parse::table_lookup catalog_tables::lookup() {
    return [this](std::string_view dotted_name) { return find(dotted_name); };
}

}  // namespace starshift::load
