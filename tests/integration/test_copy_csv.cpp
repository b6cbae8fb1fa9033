// COPY … CSV through the client-side engine into PostgreSQL: Redshift COPY statements (parsed from SQL text, as a
// script would hold them) load CSV files written here, modelled on the Developer Guide's CATEGORY, VENUE and
// LISTING examples, and whole tables are compared; MAXERROR rejects land in starshift_load_errors.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "etl_test_util.hpp"
#include "pg_fixture.hpp"
#include "starshift/copy/copy_into.hpp"
#include "starshift/copy/reject.hpp"
#include "starshift/load/executor.hpp"
#include "starshift/model/column.hpp"
#include "starshift/model/copy_spec.hpp"
#include "starshift/model/table.hpp"
#include "starshift/parse/parser.hpp"
#include "starshift/sql/render.hpp"

namespace {

namespace fs = std::filesystem;
using namespace etl_test;  // NOLINT(google-build-using-namespace): rows, scalar, create, copy_plan, rowset

// The COPY statement of a script, with the local path in place of the S3 URI.
starshift::copy_spec copy_sql(const std::string& options_sql, const std::string& table, const fs::path& source) {
    return starshift::parse::parse_copy("COPY " + table + " FROM '" + source.string() + "'\n" + options_sql + ";");
}

starshift::table category_table() {
    using namespace starshift;  // NOLINT(google-build-using-namespace)
    return table_builder("category")
        .column(col("catid", smallint()).not_null())
        .column(col("catgroup", varchar(10)))
        .column(col("catname", varchar(10)))
        .column(col("catdesc", varchar(50)))
        .build();
}

}  // namespace

TEST_CASE("COPY CSV loads Redshift's CATEGORY examples with doubled quotes and QUOTE AS percent") {
    const auto t = category_table();
    copy_scene scene("csv_category", {t});
    auto& [pg, conn, tmp] = scene;
    // the Developer Guide's category_csv.txt (quotes doubled inside a quoted field) …
    tmp.write("category_csv.txt",
              "12,Shows,Musicals,Musical theatre\n"
              "13,Shows,Plays,\"All \"\"non-musical\"\" theatre\"\n"
              "14,Shows,Opera,\"All opera, light, and \"\"rock\"\" opera\"\n"
              "15,Concerts,Classical,\"All symphony, concerto, and choir concerts\"\n");
    // … and its QUOTE AS '%' variant, here with a header line, CRLF ends and a quoted line break
    tmp.write("category_pct.txt",
              "catid,catgroup,catname,catdesc\r\n"
              "16,Shows,Plays,%All \"non-musical\" theatre%\r\n"
              "17,Concerts,Pop,%All rock and pop\nmusic concerts%\r\n"
              "18,Concerts,Jazz,%All jazz singers and bands%");

    pqxx::work tx(conn);
    const auto a = starshift::db::copy_into(tx, copy_sql("CSV", "category", tmp.path() / "category_csv.txt"), t);
    const auto b = starshift::db::copy_into(
        tx, copy_sql("CSV QUOTE AS '%'\nIGNOREHEADER 1", "category", tmp.path() / "category_pct.txt"), t);
    tx.commit();
    CHECK(a.rows_loaded == 4);
    CHECK(a.rows_rejected == 0);
    CHECK(b.rows_loaded == 3);
    CHECK(b.rows_rejected == 0);
    rowset expected = category_csv_rows();
    expected.insert(expected.end(), {
        {"16", "Shows", "Plays", "All \"non-musical\" theatre"},
        {"17", "Concerts", "Pop", "All rock and pop\nmusic concerts"},
        {"18", "Concerts", "Jazz", "All jazz singers and bands"},
    });
    etl_test::check_rows(conn, "SELECT catid::text, catgroup, catname, catdesc FROM category ORDER BY catid", expected);
}

TEST_CASE("COPY CSV with DELIMITER pipe loads VENUE and LISTING style rows with empties and conversions") {
    using namespace starshift;  // NOLINT(google-build-using-namespace)
    const table venue = table_builder("venue")
                            .column(col("venueid", smallint()).not_null())
                            .column(col("venuename", varchar(100)))
                            .column(col("venuecity", varchar(30)))
                            .column(col("venuestate", char_type(2)))
                            .column(col("venueseats", integer()))
                            .build();
    const table listing = table_builder("listing")
                              .column(col("listid", integer()).not_null())
                              .column(col("sellerid", integer()))
                              .column(col("numtickets", smallint()))
                              .column(col("priceperticket", decimal(8, 2)))
                              .column(col("listtime", timestamp()))
                              .column(col("note", varchar(4)))
                              .build();
    copy_scene scene("csv_venue", {venue, listing});
    auto& [pg, conn, tmp] = scene;
    tmp.write("venue.txt",
              "venueid|venuename|venuecity|venuestate|venueseats\n"
              "# exported 2008\n"
              "1|Toyota Park|Bridgeview|IL|0\n"
              "2|\"Columbus \"\"Crew\"\" Stadium\"|Columbus|OH|\n"
              "3|\"RFK | Stadium\"|Washington|DC|\"\"\n"
              "4||   |\"  \"|0\n"
              "5|\"\"|Boston|\\N|\n");
    tmp.write("listing.txt",
              "1|36861|4|1728.258|2008-01-24T06:43:29Z|ab\n"
              "2|8117|2|\"20.259\"|\"Feb 18, 2008\"|abcdefg\n"
              "3|1616|10|12|20080601 120000|\n");

    pqxx::work tx(conn);
    const auto v = db::copy_into(
        tx,
        copy_sql("CSV DELIMITER AS '|' IGNOREHEADER AS 2 EMPTYASNULL BLANKSASNULL", "venue", tmp.path() / "venue.txt"),
        venue);
    const auto l = db::copy_into(
        tx, copy_sql("FORMAT AS CSV DELIMITER '|' TIMEFORMAT 'auto' ROUNDEC TRUNCATECOLUMNS", "listing",
                     tmp.path() / "listing.txt"),
        listing);
    tx.commit();
    CHECK(v.rows_loaded == 5);
    CHECK(l.rows_loaded == 3);
    const rowset venues = {
        {"1", "Toyota Park", "Bridgeview", "IL", "0"},
        {"2", "Columbus \"Crew\" Stadium", "Columbus", "OH", "NULL"},
        {"3", "RFK | Stadium", "Washington", "DC", "NULL"},
        {"4", "NULL", "NULL", "NULL", "0"},  // EMPTYASNULL (unquoted empty), BLANKSASNULL (blank, quoted or not)
        {"5", "", "Boston", "NULL", "NULL"},  // a quoted "" stays an empty string; \N is NULL
    };
    etl_test::check_rows(conn, "SELECT venueid::text, venuename, venuecity, venuestate, venueseats::text "
                               "FROM venue ORDER BY venueid", venues, "venue");
    const rowset listings = {
        {"1", "36861", "4", "1728.26", "2008-01-24 06:43:29", "ab"},
        {"2", "8117", "2", "20.26", "2008-02-18 00:00:00", "abcd"},
        {"3", "1616", "10", "12.00", "2008-06-01 12:00:00", ""},
    };
    etl_test::check_rows(conn, "SELECT listid::text, sellerid::text, numtickets::text, priceperticket::text, "
                               "listtime::text, note FROM listing ORDER BY listid", listings, "listing");
}

TEST_CASE("COPY CSV MAXERROR rejects land in starshift_load_errors with Redshift codes and starting lines") {
    const auto t = category_table();
    copy_scene scene("csv_maxerror", {t});
    auto& [pg, conn, tmp] = scene;
    const fs::path file = tmp.write("category_bad.csv",
                                    "catid,catgroup,catname,catdesc\n"      // 1: header
                                    "1,Shows,Musicals,Musical theatre\n"    // 2
                                    "2,Shows,Plays\n"                       // 3: 1214 delimiter not found (catdesc)
                                    "3,Shows,\"Longer\nname\",two lines\n"  // 4-5: 1204 catname longer than 10 bytes
                                    "x4,Shows,Opera,bad id\n"               // 6: 1207 invalid digit (catid)
                                    "5,Concerts,Pop,desc,extra\n"           // 7: 1214 extra column (no column)
                                    "6,Concerts,\"Jazz\",\"All \"\"jazz\"\"\"\n"  // 8
                                    "7,Concerts,Blues,\"never closed\n"     // 9: 1214 missing end quote: this line only
                                    "8,Concerts,Folk,folk\n");                 // 10: loads (splitting resumes here)

    SUBCASE("MAXERROR 5 loads the good rows and records five rejects") {
        const auto result = etl_test::run_plan(
            conn, copy_plan(copy_sql("CSV IGNOREHEADER 1 MAXERROR 5", "category", file), t));
        REQUIRE(result.steps.size() == 1);
        CHECK(result.steps[0].copy.rows_loaded == 3);
        CHECK(result.steps[0].copy.rows_rejected == 5);
        const rowset expected_rows = {
            {"1", "Musicals", "Musical theatre"}, {"6", "Jazz", "All \"jazz\""}, {"8", "Folk", "folk"}};
        CHECK(rows(conn, "SELECT catid::text, catname, catdesc FROM category ORDER BY catid") == expected_rows);
        const std::int64_t load_id = scalar(conn, "SELECT MAX(load_id) FROM starshift_load_errors");
        const rowset expected = {
            {"category_bad.csv", "3", "catdesc", "1214", "2,Shows,Plays"},
            {"category_bad.csv", "4", "catname", "1204", "Longer\nname"},
            {"category_bad.csv", "6", "catid", "1207", "x4"},
            {"category_bad.csv", "7", "", "1214", "5,Concerts,Pop,desc,extra"},
            {"category_bad.csv", "9", "", "1214", "7,Concerts,Blues,\"never closed"},
        };
        const rowset got = rows(conn, "SELECT regexp_replace(filename, '^.*/', ''), line_number::text, colname, "
                                      "err_code::text, raw_field_value FROM starshift_load_errors WHERE load_id = " +
                                          std::to_string(load_id) + " ORDER BY line_number");
        INFO("rejects:\n" << etl_test::to_text(got));
        CHECK(got == expected);
    }
    SUBCASE("MAXERROR 4 fails the COPY and leaves the table empty") {
        CHECK_THROWS_AS((void)etl_test::run_plan(
                            conn, copy_plan(copy_sql("CSV IGNOREHEADER 1 MAXERROR 4", "category", file), t)),
                        starshift::load::step_error);
        CHECK(scalar(conn, "SELECT COUNT(*) FROM category") == 0);
    }
}
