// The Sparkify warehouse model: tables, distribution and sort keys, COPY specs, transforms, checks, queries.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "starshift/model/error.hpp"
#include "starshift/sparkify/warehouse.hpp"

namespace sp = starshift::sparkify;

namespace {

const starshift::table& table_of(const starshift::warehouse& w, const char* name) {
    const starshift::table* t = w.find(name);
    REQUIRE_MESSAGE(t != nullptr, "no table " << name);
    return *t;
}

const starshift::copy_spec& copy_into(const starshift::warehouse& w, const char* table) {
    auto it = std::find_if(w.copies.begin(), w.copies.end(),
                           [&](const starshift::copy_spec& c) { return c.table == table; });
    REQUIRE_MESSAGE(it != w.copies.end(), "no COPY into " << table);
    return *it;
}

std::vector<std::string> names_of_transforms(const starshift::warehouse& w) {
    std::vector<std::string> n;
    for (const auto& s : w.transforms) n.push_back(s.name);
    return n;
}

}  // namespace

TEST_CASE("sparkify tables and their order") {
    const auto w = sp::make_warehouse();
    CHECK(w.name == "sparkify");
    REQUIRE(w.staging.size() == 2);
    CHECK(w.staging[0].name == "staging_events");
    CHECK(w.staging[1].name == "staging_songs");
    std::vector<std::string> star;
    for (const auto& t : w.star) star.push_back(t.name);
    // Dimensions before the fact table: CREATE TABLE with REFERENCES needs them first.
    CHECK(star == std::vector<std::string>{"users", "songs", "artists", "time", "songplays"});
}

TEST_CASE("sparkify songplays is distributed on user_id and sorted on artist_id") {
    const auto w = sp::make_warehouse();
    const auto& t = table_of(w, "songplays");
    CHECK(t.diststyle == starshift::dist_style::key);
    REQUIRE(t.distkey.has_value());
    CHECK(*t.distkey == "user_id");
    CHECK(t.sortkey.style == starshift::sort_style::compound);
    CHECK(t.sortkey.columns == std::vector<std::string>{"artist_id"});
    CHECK(t.primary_key() == std::vector<std::string>{"songplay_id"});
    const auto& id = t.at("songplay_id");
    CHECK(id.type.kind == starshift::type_kind::bigint);
    REQUIRE(id.identity_spec.has_value());
    CHECK(id.identity_spec->seed == 0);
    CHECK(id.identity_spec->step == 1);
    CHECK(t.at("start_time").not_null);
    CHECK(t.at("user_id").not_null);
    CHECK(t.at("start_time").type.kind == starshift::type_kind::timestamp);
    CHECK(t.column_names() == std::vector<std::string>{"songplay_id", "start_time", "user_id", "level", "song_id",
                                                       "artist_id", "session_id", "location", "user_agent"});
    int fks = 0;
    for (const auto& c : t.constraints) {
        if (c.kind != starshift::constraint_kind::foreign_key) continue;
        ++fks;
        CHECK(w.find(c.ref_table) != nullptr);
    }
    CHECK(fks == 4);
}

TEST_CASE("sparkify dimensions are replicated and sorted on their primary key") {
    const auto w = sp::make_warehouse();
    const std::vector<std::pair<const char*, const char*>> dims{
        {"users", "user_id"}, {"songs", "song_id"}, {"artists", "artist_id"}, {"time", "start_time"}};
    for (const auto& [name, key] : dims) {
        CAPTURE(name);
        const auto& t = table_of(w, name);
        CHECK(t.diststyle == starshift::dist_style::all);
        CHECK_FALSE(t.distkey.has_value());
        CHECK(t.sortkey.columns == std::vector<std::string>{key});
        CHECK(t.primary_key() == std::vector<std::string>{key});
        CHECK(t.at(key).not_null);
        // Sort-key columns stay RAW (AWS guidance), so validation gives no warning.
        REQUIRE(t.at(key).encode.has_value());
        CHECK(*t.at(key).encode == starshift::encoding::raw);
    }
    CHECK(table_of(w, "time").column_names() ==
          std::vector<std::string>{"start_time", "hour", "day", "week", "month", "year", "weekday"});
    CHECK(table_of(w, "artists").column_names() ==
          std::vector<std::string>{"artist_id", "name", "location", "latitude", "longitude"});
}

TEST_CASE("sparkify explicit encodings are valid for their types") {
    const auto w = sp::make_warehouse();
    for (const auto& t : w.star) {
        for (const auto& c : t.columns) {
            CAPTURE(t.name);
            CAPTURE(c.name);
            REQUIRE(c.encode.has_value());
            CHECK(starshift::is_valid_for(*c.encode, c.type));
        }
    }
    CHECK(starshift::validate(w).empty());
}

TEST_CASE("sparkify staging tables follow the JSON") {
    const auto w = sp::make_warehouse();
    const auto& ev = table_of(w, "staging_events");
    std::vector<std::string> expected;
    for (const auto& [key, column] : sp::event_fields()) expected.push_back(column);
    CHECK(ev.column_names() == expected);
    CHECK(expected.size() == 18);
    CHECK(ev.at("ts").type.kind == starshift::type_kind::timestamp);
    CHECK(ev.at("user_id").type.kind == starshift::type_kind::integer);
    CHECK(ev.at("registration").type.kind == starshift::type_kind::double_precision);
    CHECK(ev.at("length").type.kind == starshift::type_kind::double_precision);
    // VARCHAR lengths are bytes: the real sample's longest song is 151 characters but 159 bytes, its longest
    // user agent 139 bytes, artist 101, location 46. Keep at least 3x headroom over the sample.
    CHECK(ev.at("song").type.length >= 3 * 159);
    CHECK(ev.at("user_agent").type.length >= 3 * 139);
    CHECK(ev.at("artist").type.length >= 3 * 101);
    CHECK(ev.at("location").type.length >= 3 * 46);
    CHECK(ev.diststyle == starshift::dist_style::even);
    CHECK_FALSE(ev.backup);

    const auto& songs = table_of(w, "staging_songs");
    CHECK(songs.column_names() ==
          std::vector<std::string>{"num_songs", "artist_id", "artist_latitude", "artist_longitude", "artist_location",
                                   "artist_name", "song_id", "title", "duration", "year"});
    // artist_name and artist_location are sometimes JSON integers: text columns take them as text.
    CHECK(songs.at("artist_name").type.kind == starshift::type_kind::varchar);
    CHECK(songs.at("artist_location").type.kind == starshift::type_kind::varchar);
}

TEST_CASE("sparkify staging_events columns match the real jsonpaths file") {
    const std::string path = std::string(STARSHIFT_SHARED_DATA_DIR) + "/sparkify/log_json_path.json";
    std::ifstream in(path);
    if (!in) {
        MESSAGE("skipped: no sample data at " << path);
        return;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    std::vector<std::string> keys;
    const std::regex path_re(R"re(\$\['([A-Za-z_]+)'\])re");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), path_re); it != std::sregex_iterator(); ++it)
        keys.push_back((*it)[1].str());
    REQUIRE(keys.size() == 18);
    const auto fields = sp::event_fields();
    REQUIRE(fields.size() == keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) CHECK(fields[i].first == keys[i]);
    const auto w = sp::make_warehouse();
    const auto columns = table_of(w, "staging_events").column_names();
    REQUIRE(columns.size() == keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) CHECK(columns[i] == fields[i].second);
}

TEST_CASE("sparkify copy specs") {
    const auto w = sp::make_warehouse();
    REQUIRE(w.copies.size() == 2);
    const auto& ev = copy_into(w, "staging_events");
    CHECK(ev.source.uri == "s3://udacity-dend/log_data");
    CHECK(ev.format.kind == starshift::copy_format_kind::json_paths);
    CHECK(ev.format.jsonpaths == "s3://udacity-dend/log_json_path.json");
    REQUIRE(ev.timeformat.has_value());
    CHECK(*ev.timeformat == "epochmillisecs");
    CHECK(ev.region == "us-west-2");
    CHECK(ev.credentials.iam_role == "arn:aws:iam::123456789012:role/dwhRole");
    CHECK(ev.maxerror == 0);
    CHECK_FALSE(ev.truncatecolumns);
    CHECK_FALSE(ev.blanksasnull);
    CHECK_FALSE(ev.emptyasnull);

    const auto& so = copy_into(w, "staging_songs");
    CHECK(so.source.uri == "s3://udacity-dend/song_data");
    CHECK(so.format.kind == starshift::copy_format_kind::json_auto);
    CHECK_FALSE(so.timeformat.has_value());
    CHECK(so.maxerror == 0);
    CHECK_FALSE(so.truncatecolumns);
}

TEST_CASE("sparkify options reach the copy specs and local paths are accepted") {
    sp::options o;
    o.log_data = "/data/sparkify/log_data";
    o.log_jsonpath = "/data/sparkify/log_json_path.json";
    o.song_data = "/data/sparkify/song_data";
    o.region.clear();
    o.credentials = {};
    const auto w = sp::make_warehouse(o);
    CHECK(copy_into(w, "staging_events").source.uri == "/data/sparkify/log_data");
    CHECK_FALSE(copy_into(w, "staging_events").source.is_s3());
    CHECK(copy_into(w, "staging_events").format.jsonpaths == "/data/sparkify/log_json_path.json");
    CHECK(copy_into(w, "staging_songs").source.uri == "/data/sparkify/song_data");
    CHECK(copy_into(w, "staging_songs").region.empty());
}

TEST_CASE("sparkify s3 sources without credentials are rejected") {
    sp::options o;
    o.credentials = {};
    CHECK_THROWS_AS(static_cast<void>(sp::make_warehouse(o)), starshift::model_error);
}

TEST_CASE("sparkify transforms fill dimensions before facts") {
    const auto w = sp::make_warehouse();
    CHECK(names_of_transforms(w) ==
          std::vector<std::string>{"users_replace", "users", "songs", "artists", "time", "songplays"});
    const auto* del = std::get_if<starshift::delete_statement>(&w.transforms[0].body);
    REQUIRE(del != nullptr);
    CHECK(del->table == "users");
    REQUIRE(del->using_item.has_value());
    CHECK(del->using_item->subquery != nullptr);
    for (std::size_t i = 1; i < w.transforms.size(); ++i) {
        const auto* ins = std::get_if<starshift::insert_select>(&w.transforms[i].body);
        REQUIRE(ins != nullptr);
        CHECK(ins->table == w.transforms[i].name);
        CHECK(ins->columns.size() == ins->query.items.size());
        for (const auto& c : ins->columns) CHECK(table_of(w, ins->table.c_str()).find(c) != nullptr);
    }
    // songplays never inserts the identity column, and joins songs through a ranked derived table.
    const auto& sp_ins = std::get<starshift::insert_select>(w.transforms.back().body);
    CHECK(std::find(sp_ins.columns.begin(), sp_ins.columns.end(), "songplay_id") == sp_ins.columns.end());
    CHECK(sp_ins.query.distinct_rows);
    REQUIRE(sp_ins.query.joins.size() == 2);
    CHECK(sp_ins.query.joins[0].right.subquery != nullptr);
    CHECK(sp_ins.query.joins[1].kind == starshift::join_kind::left);
    CHECK(sp_ins.query.joins[1].right.table == "songplays");
}

TEST_CASE("sparkify checks and queries") {
    const auto w = sp::make_warehouse();
    int positive = 0;
    std::vector<std::string> names;
    for (const auto& c : w.checks) {
        names.push_back(c.name);
        if (c.expect == starshift::data_check::expectation::positive) ++positive;
        CHECK(c.query.items.size() == 1);
    }
    CHECK(positive == 5);
    for (const char* n : {"songplays_not_empty", "users_null_keys", "artists_duplicate_keys",
                          "songplays_orphan_users", "songplays_orphan_songs", "songplays_orphan_artists",
                          "songplays_orphan_time"}) {
        CAPTURE(n);
        CHECK(std::find(names.begin(), names.end(), n) != names.end());
    }
    REQUIRE(w.queries.size() == 6);
    for (const auto& q : w.queries) {
        CAPTURE(q.name);
        CHECK(w.find_query(q.name) == &q);
        CHECK_FALSE(q.query.order_by_clause.empty());
        CHECK_FALSE(q.description.empty());
    }
    CHECK(w.find_query("top_songs") != nullptr);
    CHECK(w.find_query("plays_by_hour") != nullptr);
}
