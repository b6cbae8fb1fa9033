// The tables a statement reads and writes (model/statement.hpp): what the executor's steps-at-once rule is decided
// on, so a table missed here would let a step overlap one it conflicts with.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "starshift/model/statement.hpp"
#include "starshift/parse/parser.hpp"
#include "starshift/sparkify/warehouse.hpp"

using namespace starshift;
using starshift::parse::parse_query;
using tables = std::vector<std::string>;

TEST_CASE("tables read by an insert select with a CTE a join a set operation and subqueries") {
    const statement s = parse_query(
        "INSERT INTO plays WITH recent AS (SELECT * FROM events WHERE ts > (SELECT MAX(ts) - 1 FROM watermark)) "
        "SELECT r.id FROM recent r JOIN (SELECT id FROM songs) s ON s.id = r.id "
        "WHERE r.user_id IN (SELECT user_id FROM users) AND NOT EXISTS (SELECT 1 FROM plays p WHERE p.id = r.id) "
        "UNION ALL SELECT id FROM archive");
    CHECK(table_written(s) == "plays");
    // "recent" is a WITH name, not a table; the target is read because the query names it (NOT EXISTS).
    CHECK(tables_read(s) == tables{"events", "watermark", "songs", "users", "plays", "archive"});
}

TEST_CASE("tables read by delete using update from and merge") {
    const statement del = parse_query("DELETE FROM users USING staging s, extra x WHERE users.id = s.id");
    CHECK(table_written(del) == "users");
    CHECK(tables_read(del) == tables{"staging", "extra"});

    const statement upd =
        parse_query("UPDATE t SET v = (SELECT MAX(v) FROM limits) FROM src WHERE t.id = src.id");
    CHECK(table_written(upd) == "t");
    CHECK(tables_read(upd) == tables{"limits", "src"});

    const statement merge = parse_query(
        "MERGE INTO target USING source s ON target.id = s.id AND s.k IN (SELECT k FROM dim) "
        "WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT (id, v) VALUES (s.id, s.v)");
    CHECK(table_written(merge) == "target");
    CHECK(tables_read(merge) == tables{"source", "dim"});
}

TEST_CASE("tables read by a select with a parenthesized join and a scalar subquery in the select list") {
    const statement s = parse_query(
        "SELECT (SELECT COUNT(*) FROM c) AS n FROM (a JOIN b ON a.id = b.id) LEFT JOIN a AS again ON again.id = a.id");
    CHECK(table_written(s).empty());
    CHECK(tables_read(s) == tables{"c", "a", "b"});
    // a subquery in QUALIFY (r_QUALIFY_clause)
    const statement q = parse_query("SELECT x FROM a t QUALIFY ROW_NUMBER() OVER (ORDER BY x) <= (SELECT n FROM d)");
    CHECK(tables_read(q) == tables{"a", "d"});
    // a WITH name referred to in another case is the WITH name (Redshift folds identifiers, quoted ones too)
    const statement c = parse_query("WITH \"Recent\" AS (SELECT * FROM events) SELECT * FROM recent");
    CHECK(tables_read(c) == tables{"events"});
}

TEST_CASE("the Sparkify transforms read the staging tables and their own target") {
    const warehouse w = sparkify::make_warehouse();
    for (const auto& st : w.transforms) {
        CAPTURE(st.name);
        const tables read = tables_read(st);
        if (st.name == "users_replace" || st.name == "users") CHECK(read == tables{"staging_events"});
        if (st.name == "songs") CHECK(read == tables{"staging_songs", "songs"});
        if (st.name == "time") CHECK(read == tables{"staging_events", "time"});
        if (st.name == "songplays") CHECK(read == tables{"staging_events", "staging_songs", "songplays"});
    }
}
