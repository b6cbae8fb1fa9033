// The Sparkify warehouse as a model value. Every choice below is explained in docs/sparkify.md.
#include "starshift/sparkify/warehouse.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "starshift/model/column.hpp"
#include "starshift/model/query.hpp"
#include "starshift/model/statement.hpp"
#include "starshift/model/table.hpp"

namespace starshift::sparkify {
namespace {

// Text widths are in BYTES (Redshift VARCHAR(n) counts bytes; UTF-8 takes up to 4 per character). The sample's
// longest values are far below these (song 159 bytes, userAgent 139, artist 101, location 46); the full data
// set and the generator may hold longer ones, and a too-short column fails the whole COPY (MAXERROR 0).
constexpr std::uint32_t text_long = 512;   // song titles, artist names, user agents, locations
constexpr std::uint32_t text_short = 64;   // auth, names, page, …
constexpr std::uint32_t text_id = 32;      // song_id, artist_id ("SOAAAAA12A8C13C6C9": 18)
constexpr std::uint32_t text_flag = 16;    // level, gender, method

// A column of the tables below: name, type and (star tables only) compression encoding.
struct column_def {
    const char* name;
    sql_type type;
    encoding enc = encoding::raw;
};

// ---------------------------------------------------------------------------------------------- staging tables

// A staging table: columns without encodings, spread EVENly, BACKUP NO (it is emptied before each load).
table make_staging(const char* name, const std::vector<column_def>& columns) {
    table_builder b(name);
    for (const auto& c : columns) b.column(col(c.name, c.type));
    return b.diststyle(dist_style::even).backup(false).build();
}

table make_staging_events() {
    return make_staging(staging_events_table, {
        {"artist", varchar(text_long)},
        {"auth", varchar(text_short)},
        {"first_name", varchar(text_short * 4)},
        {"gender", varchar(text_flag)},
        {"item_in_session", integer()},
        {"last_name", varchar(text_short * 4)},
        {"length", double_precision()},
        {"level", varchar(text_flag)},
        {"location", varchar(text_long)},
        {"method", varchar(text_flag)},
        {"page", varchar(text_short)},
        {"registration", double_precision()},
        {"session_id", integer()},
        {"song", varchar(text_long)},
        {"status", integer()},
        {"ts", timestamp()},
        {"user_agent", varchar(text_long)},
        {"user_id", integer()},
    });
}

table make_staging_songs() {
    return make_staging(staging_songs_table, {
        {"num_songs", integer()},
        {"artist_id", varchar(text_id)},
        {"artist_latitude", double_precision()},
        {"artist_longitude", double_precision()},
        {"artist_location", varchar(text_long)},
        {"artist_name", varchar(text_long)},
        {"song_id", varchar(text_id)},
        {"title", varchar(text_long)},
        {"duration", double_precision()},
        {"year", integer()},
    });
}

// ------------------------------------------------------------------------------------------------- star tables

table make_songplays() {
    return table_builder(songplays_table)
        .column(col("songplay_id", bigint()).identity(0, 1).not_null().encode(encoding::az64))
        .column(col("start_time", timestamp()).not_null().encode(encoding::az64))
        .column(col("user_id", integer()).not_null().encode(encoding::az64))
        .column(col("level", varchar(text_flag)).encode(encoding::zstd))
        .column(col("song_id", varchar(text_id)).not_null().encode(encoding::zstd))
        .column(col("artist_id", varchar(text_id)).not_null().encode(encoding::raw))
        .column(col("session_id", integer()).encode(encoding::az64))
        .column(col("location", varchar(text_long)).encode(encoding::zstd))
        .column(col("user_agent", varchar(text_long)).encode(encoding::zstd))
        .primary_key({"songplay_id"})
        .foreign_key({"start_time"}, time_table, {"start_time"})
        .foreign_key({"user_id"}, users_table, {"user_id"})
        .foreign_key({"song_id"}, songs_table, {"song_id"})
        .foreign_key({"artist_id"}, artists_table, {"artist_id"})
        .distkey("user_id")
        .sortkey({"artist_id"}, sort_style::compound)
        .build();
}

// A dimension: its key first (NOT NULL, RAW: it is the sort key) and the primary and compound sort key, then the
// other columns with their encodings; a copy on every node (DISTSTYLE ALL).
table make_dimension(const char* name, const column_def& key, const std::vector<column_def>& rest) {
    table_builder b(name);
    b.column(col(key.name, key.type).not_null().encode(encoding::raw));
    for (const auto& c : rest) b.column(col(c.name, c.type).encode(c.enc));
    return b.primary_key({key.name}).diststyle(dist_style::all).sortkey({key.name}, sort_style::compound).build();
}

table make_users() {
    return make_dimension(users_table, {"user_id", integer()},
                          {
                              {"first_name", varchar(text_short * 4), encoding::zstd},
                              {"last_name", varchar(text_short * 4), encoding::zstd},
                              {"gender", varchar(text_flag), encoding::zstd},
                              {"level", varchar(text_flag), encoding::zstd},
                          });
}

table make_songs() {
    return make_dimension(songs_table, {"song_id", varchar(text_id)},
                          {
                              {"title", varchar(text_long), encoding::zstd},
                              {"artist_id", varchar(text_id), encoding::zstd},
                              {"year", integer(), encoding::az64},
                              {"duration", double_precision(), encoding::zstd},
                          });
}

table make_artists() {
    return make_dimension(artists_table, {"artist_id", varchar(text_id)},
                          {
                              {"name", varchar(text_long), encoding::zstd},
                              {"location", varchar(text_long), encoding::zstd},
                              {"latitude", double_precision(), encoding::zstd},
                              {"longitude", double_precision(), encoding::zstd},
                          });
}

table make_time() {
    std::vector<column_def> parts;
    for (const char* part : {"hour", "day", "week", "month", "year", "weekday"})
        parts.push_back({part, integer(), encoding::az64});
    return make_dimension(time_table, {"start_time", timestamp()}, parts);
}

// ---------------------------------------------------------------------------------------------------- COPY

copy_spec make_events_copy(const options& o) {
    copy_spec c;
    c.table = staging_events_table;
    c.source.uri = o.log_data;
    c.format.kind = copy_format_kind::json_paths;
    c.format.jsonpaths = o.log_jsonpath;
    c.credentials = o.credentials;
    c.region = o.region;
    c.timeformat = "epochmillisecs";
    c.maxerror = o.maxerror;
    c.compupdate = false;  // staging is emptied before each load: skip the per-load compression analysis
    return c;
}

copy_spec make_songs_copy(const options& o) {
    copy_spec c;
    c.table = staging_songs_table;
    c.source.uri = o.song_data;
    c.format.kind = copy_format_kind::json_auto;
    c.credentials = o.credentials;
    c.region = o.region;
    c.maxerror = o.maxerror;
    c.compupdate = false;
    return c;
}

// ---------------------------------------------------------------------------------------------- transforms

expr ref(const char* qualifier, const char* name) { return column_ref(qualifier, name); }

// The NextSong events of identified users: the events that become songplays.
expr is_identified_play(const char* e) {
    return and_({eq(ref(e, "page"), lit("NextSong")), is_not_null(ref(e, "user_id"))});
}

// Each staged user's most recent event (rn = 1): the row whose names and level the users table keeps.
// Only the candidates are ranked: the user's events at their latest ts (MAX per user, a hash aggregate) and those
// without a ts, which rank first in ts DESC on both Redshift and PostgreSQL (NULLS FIRST is the DESC default:
// r_ORDER_BY_clause). The winner is always among them and keeps its place in the order, so the rows are those of
// ranking every event, without sorting every event (users at 1 GB on PostgreSQL: 2.5 s → 1.2 s).
select_query latest_user_events() {
    select_query latest = select()
                              .item(ref("e", "user_id"), "user_id")
                              .item(fn("MAX", {ref("e", "ts")}), "ts")
                              .from(staging_events_table, "e")
                              .where(is_not_null(ref("e", "user_id")))
                              .group_by({ref("e", "user_id")});
    return select()
        .item(ref("e", "user_id"), "user_id")
        .item(ref("e", "first_name"), "first_name")
        .item(ref("e", "last_name"), "last_name")
        .item(ref("e", "gender"), "gender")
        .item(ref("e", "level"), "level")
        .item(over(fn("ROW_NUMBER"), {ref("e", "user_id")},
                   {desc(ref("e", "ts")), desc(ref("e", "session_id")), desc(ref("e", "item_in_session"))}),
              "rn")
        .from(staging_events_table, "e")
        .join(std::move(latest), "m", eq(ref("m", "user_id"), ref("e", "user_id")))
        .where(or_({eq(ref("e", "ts"), ref("m", "ts")), is_null(ref("e", "ts"))}));
}

statement users_delete() {
    delete_statement d;
    d.table = users_table;
    from_item staged;
    staged.subquery = std::make_shared<const select_query>(select()
                                                               .distinct()
                                                               .item(ref("e", "user_id"), "user_id")
                                                               .from(staging_events_table, "e")
                                                               .where(is_not_null(ref("e", "user_id"))));
    staged.alias = "x";
    d.using_item = staged;
    d.where_clause = eq(ref(users_table, "user_id"), ref("x", "user_id"));
    return {"users_replace", "delete the users that appear in staging, to be re-inserted with their latest level",
            d};
}

statement users_insert() {
    insert_select s;
    s.table = users_table;
    s.columns = {"user_id", "first_name", "last_name", "gender", "level"};
    s.query = select()
                  .item(ref("l", "user_id"))
                  .item(ref("l", "first_name"))
                  .item(ref("l", "last_name"))
                  .item(ref("l", "gender"))
                  .item(ref("l", "level"))
                  .from(latest_user_events(), "l")
                  .where(eq(ref("l", "rn"), lit(1)));
    return {"users", "insert each staged user's most recent name, gender and level", s};
}

// INSERT INTO `dimension` the rows of staging_songs whose key is not yet in it, one row per key: the first by
// `order` within the key. `columns` pairs each staged column with the dimension's; the first is the key.
using column_pairs = std::vector<std::pair<const char*, const char*>>;
insert_select new_from_staged_songs(const char* dimension, const column_pairs& columns, std::vector<order_item> order) {
    const char* staged_key = columns.front().first;
    const char* key = columns.front().second;
    select_query ranked = select();
    for (const auto& [staged, name] : columns) ranked.item(ref("s", staged), name);
    ranked.item(over(fn("ROW_NUMBER"), {ref("s", staged_key)}, std::move(order)), "rn")
        .from(staging_songs_table, "s")
        .where(is_not_null(ref("s", staged_key)));
    insert_select s;
    s.table = dimension;
    s.query = select();
    for (const auto& c : columns) {
        s.columns.emplace_back(c.second);
        s.query.item(ref("r", c.second));
    }
    s.query.from(std::move(ranked), "r")
        .join(dimension, "d", eq(ref("d", key), ref("r", key)), join_kind::left)
        .where(and_({eq(ref("r", "rn"), lit(1)), is_null(ref("d", key))}));
    return s;
}

statement songs_insert() {
    return {"songs", "insert the staged songs not yet in songs, one row per song_id",
            new_from_staged_songs(songs_table,
                                  {{"song_id", "song_id"},
                                   {"title", "title"},
                                   {"artist_id", "artist_id"},
                                   {"year", "year"},
                                   {"duration", "duration"}},
                                  {asc(ref("s", "title")), asc(ref("s", "artist_id")), asc(ref("s", "duration")),
                                   asc(ref("s", "year"))})};
}

statement artists_insert() {
    return {"artists",
            "insert the staged artists not yet in artists, one row per artist_id (the row of its smallest song_id)",
            new_from_staged_songs(artists_table,
                                  {{"artist_id", "artist_id"},
                                   {"artist_name", "name"},
                                   {"artist_location", "location"},
                                   {"artist_latitude", "latitude"},
                                   {"artist_longitude", "longitude"}},
                                  {asc(ref("s", "song_id")), asc(ref("s", "artist_name")),
                                   asc(ref("s", "artist_location"))})};
}

// Each start time once, then broken into calendar units: the units are computed once per distinct time rather
// than once per play, and the DISTINCT compares one column instead of seven (same rows either way).
statement time_insert() {
    insert_select s;
    s.table = time_table;
    s.columns = {"start_time", "hour", "day", "week", "month", "year", "weekday"};
    select_query new_times = select()
                                 .distinct()
                                 .item(ref("e", "ts"), "ts")
                                 .from(staging_events_table, "e")
                                 .join(time_table, "t", eq(ref("t", "start_time"), ref("e", "ts")), join_kind::left)
                                 .where(and_({is_identified_play("e"), is_not_null(ref("e", "ts")),
                                              is_null(ref("t", "start_time"))}));
    s.query = select()
                  .item(ref("n", "ts"))
                  .item(extract("hour", ref("n", "ts")))
                  .item(extract("day", ref("n", "ts")))
                  .item(extract("week", ref("n", "ts")))
                  .item(extract("month", ref("n", "ts")))
                  .item(extract("year", ref("n", "ts")))
                  .item(extract("dow", ref("n", "ts")))
                  .from(std::move(new_times), "n");
    statement st{"time", "insert the start times of staged plays not yet in time, broken into calendar units", s};
    // PostgreSQL hashes the DISTINCT (a million groups at 1 GB: 1.3 s); sorting the start times is 0.25 s and hands
    // them to the insert and the index build in sort-key order (time at 1 GB: 2.5–3.0 s → 1.9 s, its index 0.5 →
    // 0.34 s). The setting is the statement's own: users and users_replace aggregate faster by hashing.
    st.postgres_settings = {{"enable_hashagg", "off"}};
    return st;
}

statement songplays_insert() {
    // One candidate song per (title, artist_name, duration): the smallest song_id, so that an event whose song
    // is staged twice still gives exactly one songplay.
    select_query songs_ranked =
        select()
            .item(ref("s", "song_id"), "song_id")
            .item(ref("s", "artist_id"), "artist_id")
            .item(ref("s", "title"), "title")
            .item(ref("s", "artist_name"), "artist_name")
            .item(ref("s", "duration"), "duration")
            .item(over(fn("ROW_NUMBER"), {ref("s", "title"), ref("s", "artist_name"), ref("s", "duration")},
                       {asc(ref("s", "song_id")), asc(ref("s", "artist_id"))}),
                  "rn")
            .from(staging_songs_table, "s");
    insert_select s;
    s.table = songplays_table;
    s.columns = {"start_time", "user_id", "level", "song_id", "artist_id", "session_id", "location", "user_agent"};
    s.query = select()
                  .distinct()
                  .item(ref("e", "ts"))
                  .item(ref("e", "user_id"))
                  .item(ref("e", "level"))
                  .item(ref("s", "song_id"))
                  .item(ref("s", "artist_id"))
                  .item(ref("e", "session_id"))
                  .item(ref("e", "location"))
                  .item(ref("e", "user_agent"))
                  .from(staging_events_table, "e")
                  .join(std::move(songs_ranked), "s",
                        and_({eq(ref("e", "song"), ref("s", "title")), eq(ref("e", "artist"), ref("s", "artist_name")),
                              eq(ref("e", "length"), ref("s", "duration")), eq(ref("s", "rn"), lit(1))}))
                  .join(songplays_table, "p",
                        and_({eq(ref("p", "start_time"), ref("e", "ts")), eq(ref("p", "user_id"), ref("e", "user_id")),
                              eq(ref("p", "session_id"), ref("e", "session_id"))}),
                        join_kind::left)
                  // The anti-join tests a join column (NOT NULL in songplays), so PostgreSQL plans it as an anti join
                  // with sound estimates; testing songplay_id made it pick a nested loop (55 s instead of 58 ms on
                  // the real sample).
                  .where(and_({is_identified_play("e"), is_not_null(ref("e", "ts")), is_null(ref("p", "start_time"))}));
    return {"songplays", "insert the staged plays that match a song and are not yet in songplays", s};
}

// ------------------------------------------------------------------------------------------------- checks

data_check not_empty(const char* table_name) {
    return {std::string(table_name) + "_not_empty", std::string(table_name) + " has rows",
            select().item(count_star(), "n").from(table_name), data_check::expectation::positive};
}

data_check null_keys(const char* table_name, const std::vector<const char*>& keys) {
    std::vector<expr> nulls;
    for (const char* k : keys) nulls.push_back(is_null(column_ref(k)));
    return {std::string(table_name) + "_null_keys", std::string(table_name) + " has no NULL key",
            select().item(count_star(), "n").from(table_name).where(or_(std::move(nulls))),
            data_check::expectation::zero};
}

data_check duplicate_keys(const char* table_name, const char* key) {
    select_query dup =
        select().item(column_ref(key)).from(table_name).group_by({column_ref(key)}).having(gt(count_star(), lit(1)));
    return {std::string(table_name) + "_duplicate_keys",
            std::string(table_name) + "." + key + " is unique (Redshift does not enforce primary keys)",
            select().item(count_star(), "n").from(std::move(dup), "d"), data_check::expectation::zero};
}

data_check orphans(const char* dimension, const char* fact_column, const char* dim_column) {
    return {std::string("songplays_orphan_") + dimension,
            std::string("every songplays.") + fact_column + " is in " + dimension,
            select()
                .item(count_star(), "n")
                .from(songplays_table, "p")
                .join(dimension, "d", eq(ref("d", dim_column), ref("p", fact_column)), join_kind::left)
                .where(is_null(ref("d", dim_column))),
            data_check::expectation::zero};
}

std::vector<data_check> make_checks() {
    std::vector<data_check> checks;
    for (const char* t : {songplays_table, users_table, songs_table, artists_table, time_table})
        checks.push_back(not_empty(t));
    checks.push_back(null_keys(songplays_table, {"songplay_id", "start_time", "user_id", "song_id", "artist_id"}));
    checks.push_back(null_keys(users_table, {"user_id"}));
    checks.push_back(null_keys(songs_table, {"song_id"}));
    checks.push_back(null_keys(artists_table, {"artist_id"}));
    checks.push_back(null_keys(time_table, {"start_time"}));
    checks.push_back(duplicate_keys(songplays_table, "songplay_id"));
    checks.push_back(duplicate_keys(users_table, "user_id"));
    checks.push_back(duplicate_keys(songs_table, "song_id"));
    checks.push_back(duplicate_keys(artists_table, "artist_id"));
    checks.push_back(duplicate_keys(time_table, "start_time"));
    checks.push_back(orphans(users_table, "user_id", "user_id"));
    checks.push_back(orphans(songs_table, "song_id", "song_id"));
    checks.push_back(orphans(artists_table, "artist_id", "artist_id"));
    checks.push_back(orphans(time_table, "start_time", "start_time"));
    return checks;
}

// ------------------------------------------------------------------------------------------------ queries

std::vector<named_query> make_queries() {
    std::vector<named_query> q;
    q.push_back({"top_songs", "the 10 most played songs, with their artist",
                 select()
                     .item(ref("s", "title"), "title")
                     .item(ref("a", "name"), "artist")
                     .item(count_star(), "plays")
                     .from(songplays_table, "p")
                     .join(songs_table, "s", eq(ref("s", "song_id"), ref("p", "song_id")))
                     .join(artists_table, "a", eq(ref("a", "artist_id"), ref("p", "artist_id")))
                     .group_by({ref("s", "song_id"), ref("s", "title"), ref("a", "name")})
                     .order_by({desc(count_star()), asc(ref("s", "title")), asc(ref("a", "name")), asc(ref("s", "song_id"))})
                     .limit(10)});
    q.push_back({"top_artists", "the 10 most played artists, with their number of distinct listeners",
                 select()
                     .item(ref("a", "name"), "artist")
                     .item(count_star(), "plays")
                     .item(fn_distinct("COUNT", {ref("p", "user_id")}), "listeners")
                     .from(songplays_table, "p")
                     .join(artists_table, "a", eq(ref("a", "artist_id"), ref("p", "artist_id")))
                     .group_by({ref("a", "artist_id"), ref("a", "name")})
                     .order_by({desc(count_star()), asc(ref("a", "name")), asc(ref("a", "artist_id"))})
                     .limit(10)});
    q.push_back({"plays_by_hour", "plays per hour of the day (UTC)",
                 select()
                     .item(ref("t", "hour"), "hour")
                     .item(count_star(), "plays")
                     .from(songplays_table, "p")
                     .join(time_table, "t", eq(ref("t", "start_time"), ref("p", "start_time")))
                     .group_by({ref("t", "hour")})
                     .order_by({asc(ref("t", "hour"))})});
    q.push_back({"free_vs_paid_by_location", "the 20 locations with most plays, split into free and paid plays",
                 select()
                     .item(ref("p", "location"), "location")
                     .item(fn("SUM", {case_when({{eq(ref("p", "level"), lit("free")), lit(1)}}, lit(0))}),
                           "free_plays")
                     .item(fn("SUM", {case_when({{eq(ref("p", "level"), lit("paid")), lit(1)}}, lit(0))}),
                           "paid_plays")
                     .item(count_star(), "plays")
                     .from(songplays_table, "p")
                     .group_by({ref("p", "location")})
                     .order_by({desc(count_star()), asc(ref("p", "location"))})
                     .limit(20)});
    q.push_back({"busiest_users", "the 10 users with most plays, with their current level",
                 select()
                     .item(ref("u", "user_id"), "user_id")
                     .item(ref("u", "first_name"), "first_name")
                     .item(ref("u", "last_name"), "last_name")
                     .item(ref("u", "level"), "level")
                     .item(count_star(), "plays")
                     .from(songplays_table, "p")
                     .join(users_table, "u", eq(ref("u", "user_id"), ref("p", "user_id")))
                     .group_by({ref("u", "user_id"), ref("u", "first_name"), ref("u", "last_name"), ref("u", "level")})
                     .order_by({desc(count_star()), asc(ref("u", "user_id"))})
                     .limit(10)});
    // A date-range query, as analysts run them every day: the one query whose cost depends on the sort key (zone
    // maps on a start_time sort key skip the blocks outside the week; the tuning lab and docs/tuning.md use it).
    q.push_back({"plays_per_day_in_week", "plays and distinct listeners per day, 2018-11-15 to 2018-11-21 (UTC)",
                 select()
                     .item(cast(ref("p", "start_time"), date()), "day")
                     .item(count_star(), "plays")
                     .item(fn_distinct("COUNT", {ref("p", "user_id")}), "listeners")
                     .from(songplays_table, "p")
                     .where(and_({binary(binary_op::ge, ref("p", "start_time"), cast(lit("2018-11-15"), timestamp())),
                                  lt(ref("p", "start_time"), cast(lit("2018-11-22"), timestamp()))}))
                     .group_by({cast(ref("p", "start_time"), date())})
                     .order_by({asc(cast(ref("p", "start_time"), date()))})});
    return q;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> event_fields() {
    return {{"artist", "artist"},
            {"auth", "auth"},
            {"firstName", "first_name"},
            {"gender", "gender"},
            {"itemInSession", "item_in_session"},
            {"lastName", "last_name"},
            {"length", "length"},
            {"level", "level"},
            {"location", "location"},
            {"method", "method"},
            {"page", "page"},
            {"registration", "registration"},
            {"sessionId", "session_id"},
            {"song", "song"},
            {"status", "status"},
            {"ts", "ts"},
            {"userAgent", "user_agent"},
            {"userId", "user_id"}};
}

starshift::warehouse make_warehouse(const options& opts) {
    starshift::warehouse w;
    w.name = "sparkify";
    w.staging = {make_staging_events(), make_staging_songs()};
    // Dimensions before the fact table, so that DDL (and PostgreSQL's enforced foreign keys) can resolve.
    w.star = {make_users(), make_songs(), make_artists(), make_time(), make_songplays()};
    w.copies = {make_events_copy(opts), make_songs_copy(opts)};
    // Dimensions first, then the facts: on PostgreSQL the foreign keys are enforced at each statement.
    w.transforms = {users_delete(), users_insert(), songs_insert(), artists_insert(), time_insert(),
                    songplays_insert()};
    w.checks = make_checks();
    w.queries = make_queries();
    static_cast<void>(starshift::validate(w));
    return w;
}

}  // namespace starshift::sparkify
