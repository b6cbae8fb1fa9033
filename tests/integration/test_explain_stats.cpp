// load::read_table_stats (`starshift explain --db`): rows and average widths of the declared tables as loaded.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "pg_fixture.hpp"
#include "starshift/load/tune_reader.hpp"
#include "starshift/parse/parser.hpp"

using starshift::testing::scratch_database;

TEST_CASE("read_table_stats counts rows and sums pg_stats widths once analysed") {
    scratch_database db("explainstats");
    auto conn = db.connect();
    {
        pqxx::work w(*conn);
        w.exec("CREATE TABLE category (catid smallint, catname varchar(10))");
        w.exec("INSERT INTO category SELECT g, 'name' || g FROM generate_series(1, 11) g");
        w.exec("CREATE TABLE Event (eventid integer)");
        w.exec("INSERT INTO event SELECT g FROM generate_series(1, 300) g");
        w.commit();
    }
    const auto tables = [] {
        std::vector<starshift::table> out;
        for (const auto& s : starshift::parse::parse_script(
                 "create table category (catid smallint, catname varchar(10));\n"
                 "create table Event (eventid integer);\n"
                 "create table missing (x int);\n")) {
            if (const auto* t = s.as_table()) out.push_back(*t);
        }
        return out;
    }();
    {
        pqxx::read_transaction tx(*conn);
        const auto stats = starshift::load::read_table_stats(tx, tables);
        CHECK(stats.size() == 2);  // "missing" is not loaded
        CHECK(stats.at("category").rows == 11);
        CHECK(stats.at("event").rows == 300);
        CHECK(stats.at("event").row_bytes == 0);  // no ANALYZE yet: the DDL's types decide
    }
    {
        pqxx::nontransaction n(*conn);
        n.exec("ANALYZE category");
        n.exec("ANALYZE event");
    }
    pqxx::read_transaction tx(*conn);
    const auto stats = starshift::load::read_table_stats(tx, tables);
    CHECK(stats.at("event").row_bytes == 4);              // integer
    CHECK(stats.at("category").row_bytes > 2 + 4);        // smallint + 'nameN' text
}
