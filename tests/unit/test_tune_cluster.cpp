// tune: cluster shapes (node types, slices per node, node counts), table designs, table data (value_hash and
// sort_value for every SQL type kind).
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "starshift/model/column.hpp"
#include "starshift/model/error.hpp"
#include "starshift/model/table.hpp"
#include "starshift/tune/cluster.hpp"
#include "starshift/tune/design.hpp"
#include "starshift/tune/table_data.hpp"
#include "support/tune_data.hpp"

using namespace starshift;
using namespace starshift::tune;
using starshift::testing::tune_error_of;

namespace {

std::int64_t sv(const sql_type& t, std::string_view text) {
    const auto v = sort_value(t, text);
    REQUIRE_MESSAGE(v.has_value(), "no sort value for '" << std::string(text) << "'");
    return *v;
}

}  // namespace

TEST_CASE("tune cluster: slices per node of every known node type") {
    CHECK(find_node_type("dc2.large").slices_per_node == 2);
    CHECK(find_node_type("dc2.8xlarge").slices_per_node == 16);
    CHECK(find_node_type("ra3.xlplus").slices_per_node == 2);
    CHECK(find_node_type("ra3.4xlarge").slices_per_node == 4);
    CHECK(find_node_type("ra3.16xlarge").slices_per_node == 16);
    CHECK(find_node_type("RA3.4XLarge").name == "ra3.4xlarge");
    CHECK(known_node_types().size() == 5);
}

TEST_CASE("tune cluster: slices and node of slice") {
    const auto c = make_cluster("ra3.4xlarge", 3);
    CHECK(c.slices() == 12);
    CHECK(c.node_of_slice(0) == 0);
    CHECK(c.node_of_slice(3) == 0);
    CHECK(c.node_of_slice(4) == 1);
    CHECK(c.node_of_slice(11) == 2);
    CHECK(make_cluster("dc2.large", 1).slices() == 2);
    CHECK(make_cluster("dc2.8xlarge", 128).slices() == 2048);
}

TEST_CASE("tune cluster: an unknown node type names itself and lists the known ones") {
    const auto e = tune_error_of([] { (void)make_cluster("dc2.xlarge", 2); });
    CHECK(e.id() == "starshift.tune.unknown_node_type");
    const std::string msg = e.what();
    CHECK(msg.rfind("[starshift.tune.unknown_node_type]", 0) == 0);
    CHECK(msg.find("'dc2.xlarge'") != std::string::npos);
    for (const char* known : {"dc2.large", "dc2.8xlarge", "ra3.xlplus", "ra3.4xlarge", "ra3.16xlarge"})
        CHECK_MESSAGE(msg.find(known) != std::string::npos, known);
}

TEST_CASE("tune cluster: node count from 1 to 128") {
    CHECK(tune_error_of([] { (void)make_cluster("dc2.large", 0); }).id() == "starshift.tune.bad_node_count");
    CHECK(tune_error_of([] { (void)make_cluster("dc2.large", 129); }).id() == "starshift.tune.bad_node_count");
    CHECK(make_cluster("dc2.large", 128).nodes == 128);
}

TEST_CASE("tune design: labels") {
    table_design d;
    CHECK(d.label() == "AUTO");
    d.diststyle = dist_style::key;
    d.distkey = "user_id";
    d.sortkey = sort_key{sort_style::compound, {"artist_id"}};
    CHECK(d.label() == "KEY(user_id) SORTKEY(artist_id)");
    d = table_design{dist_style::even, std::nullopt, sort_key{sort_style::interleaved, {"a", "b"}}};
    CHECK(d.label() == "EVEN INTERLEAVED SORTKEY(a, b)");
    d = table_design{dist_style::all, std::nullopt, {}};
    CHECK(d.label() == "ALL");
}

TEST_CASE("tune design: equality, design_of and with_design") {
    const table t = table_builder("songplays")
                        .column(col("songplay_id", bigint()).not_null())
                        .column(col("user_id", integer()))
                        .column(col("artist_id", varchar(32)))
                        .distkey("user_id")
                        .sortkey({"artist_id"})
                        .build();
    const table_design seed = design_of(t);
    CHECK(seed.diststyle == dist_style::key);
    CHECK(seed.distkey == std::optional<std::string>("user_id"));
    CHECK(seed.sortkey == sort_key{sort_style::compound, {"artist_id"}});
    CHECK(seed == table_design{dist_style::key, std::string("user_id"), sort_key{sort_style::compound, {"artist_id"}}});
    CHECK(seed != table_design{dist_style::even, std::nullopt, sort_key{sort_style::compound, {"artist_id"}}});

    const table even = with_design(t, table_design{dist_style::even, std::nullopt, sort_key{sort_style::interleaved, {"user_id", "artist_id"}}});
    CHECK(even.diststyle == dist_style::even);
    CHECK_FALSE(even.distkey.has_value());
    CHECK(even.sortkey.style == sort_style::interleaved);
    CHECK(even.columns == t.columns);
    CHECK(design_of(even).label() == "EVEN INTERLEAVED SORTKEY(user_id, artist_id)");

    // A design naming a missing column is an invalid model (model_error), not a tune error.
    const auto model_id_of = [&](const table_design& d) {
        return testing::error_id_of<model_error>([&] { (void)with_design(t, d); });
    };
    CHECK(model_id_of(table_design{dist_style::key, std::string("nope"), {}}) ==
          "starshift.model.distkey_column_missing");
    CHECK(model_id_of(table_design{dist_style::even, std::nullopt, sort_key{sort_style::compound, {"nope"}}}) ==
          "starshift.model.sortkey_column_missing");
    CHECK(model_id_of(table_design{dist_style::key, std::nullopt, {}}) == "starshift.model.distkey_missing");
}

// The constants come from this Python snippet (run independently of the C++ code):
//   M = (1 << 64) - 1
//   def h(s):
//       x = 0xcbf29ce484222325
//       for b in s.encode(): x ^= b; x = (x * 0x100000001b3) & M
//       x = ((x ^ (x >> 30)) * 0xbf58476d1ce4e5b9) & M
//       x = ((x ^ (x >> 27)) * 0x94d049bb133111eb) & M
//       return x ^ (x >> 31)
TEST_CASE("tune table data: value_hash is FNV-1a 64 finished by splitmix64") {
    CHECK(value_hash("") == 17665956581633026203ULL);
    CHECK(value_hash("1") == 5082256738353065951ULL);
    CHECK(value_hash("2") == 5869358068239593890ULL);
    CHECK(value_hash("a") == 198367012849983736ULL);
    CHECK(value_hash("42") == 11828931283358464770ULL);
}

TEST_CASE("tune table data: sort_value of integers and decimals") {
    CHECK(sv(integer(), "42") == 42);
    CHECK(sv(smallint(), "-7") == -7);
    CHECK(sv(bigint(), "9223372036854775807") == std::numeric_limits<std::int64_t>::max());
    CHECK(sv(bigint(), "99999999999999999999") == std::numeric_limits<std::int64_t>::max());  // saturated
    CHECK(sv(decimal(12, 2), "12.50") == 1250);
    CHECK(sv(decimal(12, 2), "12.5") == 1250);
    CHECK(sv(decimal(12, 2), "-0.01") == -1);
    CHECK(sv(decimal(12, 2), "12.505") == 1251);  // rounded half away from zero
    CHECK(sv(decimal(12, 2), "1e2") == 10000);
    CHECK(sv(decimal(38, 10), "123456789012") == std::numeric_limits<std::int64_t>::max());  // 1.2e21 saturates
    CHECK(sv(decimal(12, 2), "NaN") == std::numeric_limits<std::int64_t>::max());
    CHECK_FALSE(sort_value(integer(), "abc").has_value());
    CHECK_FALSE(sort_value(integer(), "").has_value());
    CHECK_FALSE(sort_value(decimal(10, 2), "1.2.3").has_value());
}

TEST_CASE("tune table data: sort_value of floating point keeps the order") {
    const auto d = double_precision();
    CHECK(sv(d, "-1e+20") < sv(d, "-1.5"));
    CHECK(sv(d, "-1.5") < sv(d, "-0"));
    CHECK(sv(d, "-0") == sv(d, "0"));
    CHECK(sv(d, "0") < sv(d, "1e-300"));
    CHECK(sv(d, "1e-300") < sv(d, "2.5"));
    CHECK(sv(d, "2.5") < sv(d, "1e+20"));
    CHECK(sv(d, "1e+20") < sv(d, "Infinity"));
    CHECK(sv(d, "Infinity") < sv(d, "NaN"));
    CHECK(sv(d, "-Infinity") < sv(d, "-1e+20"));
    CHECK(sv(real(), "0.1") < sv(real(), "0.2"));
    CHECK(sv(real(), "0.1") == sv(real(), "0.1000000001"));  // the same float
    CHECK_FALSE(sort_value(d, "1,5").has_value());
}

TEST_CASE("tune table data: sort_value of booleans and character types") {
    CHECK(sv(boolean(), "t") == 1);
    CHECK(sv(boolean(), "f") == 0);
    CHECK(sv(boolean(), "TRUE") == 1);
    CHECK_FALSE(sort_value(boolean(), "maybe").has_value());
    const auto v = varchar(256);
    CHECK(sv(v, "a") < sv(v, "b"));
    CHECK(sv(v, "") < sv(v, "a"));
    CHECK(sv(v, "ab") < sv(v, "abc"));
    CHECK(sv(v, "Z") < sv(v, "a"));
    // Only the first 8 bytes count, as in Redshift's zone maps.
    CHECK(sv(v, "abcdefgh1") == sv(v, "abcdefgh2"));
    CHECK(sv(v, "abcdefg1") < sv(v, "abcdefg2"));
    // Bytes above 0x7f sort after ASCII (unsigned byte order).
    CHECK(sv(v, "z") < sv(v, "\xc3\xa9"));
    // "ab" as big-endian bytes 0x61 0x62, then zeros, with the sign bit flipped.
    CHECK(static_cast<std::uint64_t>(sv(v, "ab")) == (0x6162000000000000ULL ^ 0x8000000000000000ULL));
    CHECK(sv(char_type(4), "ab  ") == sv(char_type(4), "ab"));
}

TEST_CASE("tune table data: sort_value of dates and timestamps") {
    CHECK(sv(date(), "2000-01-01") == 0);
    CHECK(sv(date(), "2000-01-02") == 1);
    CHECK(sv(date(), "1999-12-31") == -1);
    CHECK(sv(date(), "2018-11-01") == 6879);  // 18 years with 5 leap days (2000..2016) + 304 days
    CHECK(sv(date(), "2000-03-01") == 60);     // 2000 is a leap year
    CHECK_FALSE(sort_value(date(), "2001-02-29").has_value());
    CHECK_FALSE(sort_value(date(), "2018-13-01").has_value());
    CHECK(sv(date(), "infinity") == std::numeric_limits<std::int64_t>::max());
    CHECK(sv(date(), "0001-01-01 BC") < sv(date(), "0001-01-01"));

    CHECK(sv(timestamp(), "2000-01-01 00:00:00") == 0);
    CHECK(sv(timestamp(), "2000-01-01 00:00:01.5") == 1'500'000);
    CHECK(sv(timestamp(), "2018-11-01 21:01:46.796") ==
          6879LL * 86'400'000'000LL + ((21LL * 60 + 1) * 60 + 46) * 1'000'000LL + 796'000);
    CHECK(sv(timestamp(), "2018-11-01") == 6879LL * 86'400'000'000LL);  // a date bound on a timestamp column
    CHECK(sv(timestamp(), "2018-11-01T21:01:46") == sv(timestamp(), "2018-11-01 21:01:46"));
    CHECK_FALSE(sort_value(timestamp(), "2018-11-01 25:00:00").has_value());
    CHECK_FALSE(sort_value(timestamp(), "yesterday").has_value());

    CHECK(sv(timestamptz(), "2000-01-01 01:00:00+01") == 0);
    CHECK(sv(timestamptz(), "2000-01-01 00:00:00-05:30") == 19'800'000'000LL);  // 05:30 UTC
    CHECK(sv(timestamptz(), "2018-11-01 21:01:46.796+00") == sv(timestamp(), "2018-11-01 21:01:46.796"));
}

TEST_CASE("tune table data: column_data append and find") {
    column_data c{"level", varchar(10), {}, {}, {}, 0, false, {}};
    c.append(std::string_view("free"));
    c.append(std::nullopt);
    c.append(std::string_view("paid"));
    CHECK(c.size() == 3);
    CHECK(c.nulls == std::vector<bool>{false, true, false});
    CHECK(c.hashes[0] == value_hash("free"));
    CHECK(c.hashes[1] == 0);
    CHECK(c.sort_values[1] == 0);
    CHECK(c.total_bytes == 8);

    column_data ts{"start_time", timestamp(), {}, {}, {}, 0, false, {}};
    const auto e = tune_error_of([&] { ts.append(std::string_view("not a time")); });
    CHECK(e.id() == "starshift.tune.bad_value");
    CHECK(std::string(e.what()).find("TIMESTAMP") != std::string::npos);
    CHECK(ts.size() == 0);

    table_data t;
    t.name = "users";
    t.columns.push_back(c);
    CHECK(t.sampled_rows() == 3);
    CHECK(t.find("level") == &t.columns[0]);
    CHECK(t.find("LEVEL") == &t.columns[0]);
    CHECK(t.find("gender") == nullptr);
    warehouse_data w;
    w.tables.push_back(t);
    CHECK(w.find("users") != nullptr);
    CHECK(w.find("songs") == nullptr);
    CHECK(table_data{}.sampled_rows() == 0);
}
