#include <doctest/doctest.h>

#include <string>

#include "sql_test_util.hpp"
#include "starshift/model/statement.hpp"
#include "starshift/sql/quote.hpp"
#include "starshift/sql/render.hpp"

using namespace starshift;  // NOLINT(google-build-using-namespace): test file
using starshift::sql::dialect;

TEST_CASE("sql insert select with a column list") {
    insert_select ins;
    ins.table = "time";
    ins.columns = {"start_time", "hour", "weekday"};
    ins.query = select()
                    .distinct()
                    .item(column_ref("start_time"))
                    .item(extract("hour", column_ref("start_time")))
                    .item(extract("dow", column_ref("start_time")))
                    .from("songplays");
    const std::string expected = R"(INSERT INTO time (start_time, hour, weekday)
SELECT DISTINCT
    start_time,
    EXTRACT(HOUR FROM start_time),
    EXTRACT(DOW FROM start_time)
FROM songplays;)";
    SQL_CHECK_EQ(sql::render(ins, dialect::redshift), expected);
    // PostgreSQL: Redshift's INTEGER parts as DATE_PART (EXTRACT is NUMERIC there)
    SQL_CHECK_EQ(sql::render(ins, dialect::postgres), R"(INSERT INTO time (start_time, hour, weekday)
SELECT DISTINCT
    start_time,
    CAST(DATE_PART('hour', start_time) AS INTEGER),
    CAST(DATE_PART('dow', start_time) AS INTEGER)
FROM songplays;)");
    statement st{"time", "one row per distinct start_time", ins};
    SQL_CHECK_EQ(sql::render(st, dialect::redshift), expected);
}

TEST_CASE("sql insert select without a column list and into a schema") {
    insert_select ins;
    ins.table = "Analytics.user";
    ins.query = select().item(lit(1));
    SQL_CHECK_EQ(sql::render(ins, dialect::postgres), "INSERT INTO \"Analytics\".\"user\"\nSELECT\n    1;");
}

TEST_CASE("sql delete using where") {
    delete_statement del;
    del.table = "users";
    del.using_item = from_item{"staging_users", nullptr, "s"};
    del.where_clause = and_({eq(column_ref("users", "user_id"), column_ref("s", "user_id")),
                             ne(column_ref("s", "level"), lit("free"))});
    SQL_CHECK_EQ(sql::render(del, dialect::redshift), R"(DELETE FROM users
USING staging_users AS s
WHERE users.user_id = s.user_id
  AND s.level <> 'free';)");
    statement st{"dedup users", "", del};
    SQL_CHECK_EQ(sql::render(st, dialect::postgres), sql::render(del, dialect::postgres));
}

TEST_CASE("sql delete without using or where") {
    delete_statement del;
    del.table = "staging_events";
    SQL_CHECK_EQ(sql::render(del, dialect::postgres), "DELETE FROM staging_events;");
    del.where_clause = is_null(column_ref("ts"));
    SQL_CHECK_EQ(sql::render(del, dialect::postgres), "DELETE FROM staging_events\nWHERE ts IS NULL;");
}

TEST_CASE("sql delete using a derived table") {
    delete_statement del;
    del.table = "songs";
    del.using_item = from_item{"", std::make_shared<const select_query>(select().item(column_ref("song_id")).from("dups")), "d"};
    del.where_clause = eq(column_ref("songs", "song_id"), column_ref("d", "song_id"));
    SQL_CHECK_EQ(sql::render(del, dialect::redshift), R"(DELETE FROM songs
USING (
    SELECT
        song_id
    FROM dups
) AS d
WHERE songs.song_id = d.song_id;)");
}
