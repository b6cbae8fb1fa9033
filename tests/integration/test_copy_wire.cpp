// The two COPY wire formats against PostgreSQL: the same input loaded once as COPY text and once as COPY binary must
// give equal tables (every row, every column compared as text) and the same rejects — on edge values of every
// column type, on generated Sparkify data and on the real sample when present.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "etl_test_util.hpp"
#include "pg_fixture.hpp"
#include "starshift/copy/copy_into.hpp"
#include "starshift/model/column.hpp"
#include "starshift/model/copy_spec.hpp"
#include "starshift/model/table.hpp"
#include "starshift/sparkify/datagen.hpp"
#include "starshift/sparkify/warehouse.hpp"
#include "starshift/sql/quote.hpp"
#include "starshift/sql/render.hpp"

namespace {

namespace fs = std::filesystem;
using starshift::testing::scratch_database;
using etl_test::create;

starshift::db::copy_result load(pqxx::connection& conn, const starshift::copy_spec& spec, const starshift::table& t,
                                starshift::copy::wire_format wire) {
    pqxx::work tx(conn);
    starshift::copy::copy_options o;
    o.wire = wire;
    o.chunk_bytes = 64 * 1024;  // several chunks even for small inputs
    auto r = starshift::db::copy_into(tx, spec, t, o);
    tx.commit();
    return r;
}

// Every row of the table as one text cell per column, ordered by the whole row's text.
std::vector<std::vector<std::string>> table_text(pqxx::connection& conn, const starshift::table& t) {
    std::string cols;
    for (const auto& c : t.columns) {
        cols += (cols.empty() ? "" : ", ") + starshift::sql::quote_identifier(c.name) + "::text";
    }
    return etl_test::rows(conn, "SELECT " + cols + " FROM " + starshift::sql::quote_qualified(t.schema, t.name) +
                                    " AS r ORDER BY r::text");
}

// Loads `spec` into a text copy and a binary copy of `t` and checks that both tables and both results are equal.
// Returns the row count.
std::size_t load_both_and_compare(pqxx::connection& conn, starshift::copy_spec spec, const starshift::table& t) {
    starshift::table text_t = t;
    text_t.name = t.name + "_text";
    starshift::table bin_t = t;
    bin_t.name = t.name + "_bin";
    create(conn, text_t);
    create(conn, bin_t);
    spec.table = text_t.name;
    const auto rt = load(conn, spec, text_t, starshift::copy::wire_format::text);
    spec.table = bin_t.name;
    const auto rb = load(conn, spec, bin_t, starshift::copy::wire_format::binary);
    CHECK(rt.rows_loaded == rb.rows_loaded);
    CHECK(rt.rows_rejected == rb.rows_rejected);
    REQUIRE(rt.rejects.size() == rb.rejects.size());
    for (std::size_t i = 0; i < rt.rejects.size(); ++i) {
        CHECK(rt.rejects[i].code == rb.rejects[i].code);
        CHECK(rt.rejects[i].line == rb.rejects[i].line);
        CHECK(rt.rejects[i].column == rb.rejects[i].column);
    }
    const auto a = table_text(conn, text_t);
    const auto b = table_text(conn, bin_t);
    CHECK(a.size() == rt.rows_loaded);
    REQUIRE(a.size() == b.size());
    std::size_t differing = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] != b[i] && differing++ < 5) {
            CHECK_MESSAGE(a[i] == b[i], "text row:   " << etl_test::to_text({a[i]}) << "binary row: "
                                                         << etl_test::to_text({b[i]}));
        }
    }
    CHECK(differing == 0);
    return a.size();
}

starshift::table edge_table() {
    using namespace starshift;  // NOLINT(google-build-using-namespace): test-local brevity
    return table_builder("wire_edges")
        .column(col("id", integer()).not_null())
        .column(col("s", smallint()))
        .column(col("i", integer()))
        .column(col("b", bigint()))
        .column(col("d38", decimal(38, 10)))
        .column(col("d52", decimal(5, 2)))
        .column(col("d380", decimal(38, 0)))
        .column(col("r", real()))
        .column(col("f", double_precision()))
        .column(col("ok", boolean()))
        .column(col("c", char_type(6)))
        .column(col("v", varchar(40)))
        .column(col("vmax", varchar_max()))
        .column(col("day", date()))
        .column(col("ts", timestamp()))
        .column(col("tz", timestamptz()))
        .build();
}

// One value of each kind per line; the last lines are rejects (the same in both formats).
constexpr const char* edge_records = R"({"id": 1, "s": 32767, "i": 2147483647, "b": 9223372036854775807, "d38": "9999999999999999999999999999.9999999999", "d52": "999.99", "d380": "99999999999999999999999999999999999999", "r": 3.4028234e38, "f": 1.7976931348623157e308, "ok": true, "c": "abcdef", "v": "plain", "vmax": "x", "day": "9999-12-31", "ts": "9999-12-31 23:59:59.999999", "tz": "9999-12-31 23:59:59.999999"}
{"id": 2, "s": -32768, "i": -2147483648, "b": -9223372036854775808, "d38": "-9999999999999999999999999999.9999999999", "d52": "-999.99", "d380": "-99999999999999999999999999999999999999", "r": -1.17549435e-38, "f": -2.2250738585072014e-308, "ok": false, "c": "", "v": "", "vmax": "", "day": "0001-01-01", "ts": "0001-01-01 00:00:00", "tz": "0001-01-01 12:00:00"}
{"id": 3, "s": 0, "i": 0, "b": 0, "d38": "0", "d52": "-0.001", "d380": "0", "r": 0.1, "f": 0.1, "ok": "yes", "c": "ab", "v": "h\u00e9llo w\u00f6rld \u2603 \ud83d\ude00", "vmax": "tab\there\nnewline\\backslash\u0001ctl", "day": "1999-12-31", "ts": "1999-12-31 23:59:59.5", "tz": "1999-12-31 23:59:59.5"}
{"id": 4, "d38": "0.0000000001", "d52": "-0.01", "d380": "-1", "r": "1.5", "f": "-0.0", "ok": "off", "c": " a  ", "v": "  spaces  ", "day": "1970-01-01", "ts": "1970-01-01 00:00:00", "tz": "2018-11-01 23:30:00+05:30"}
{"id": 5, "s": null, "i": null, "b": null, "d38": null, "d52": null, "d380": null, "r": null, "f": null, "ok": null, "c": null, "v": null, "vmax": null, "day": null, "ts": null, "tz": null}
{"id": 6, "s": "", "i": "", "b": "", "d38": "", "d52": "", "d380": "", "r": "", "f": "", "ok": "", "day": "", "ts": "", "tz": ""}
{"id": 7, "d38": "12345678901234567890.1234567891", "d52": "1.005", "d380": "10000", "r": 16777217, "f": 9007199254740993, "ts": "2018-11-01 20:57:10.796", "tz": "2018-11-01 20:57:10.796-03:00"}
{"id": 8, "d38": "1e-10", "d52": "12.3e1", "d380": "1e37", "r": "1e-30", "f": "1e300", "ts": "1900-02-28 12:00:00", "tz": "2100-02-28 12:00:00Z"}
{"id": 9, "d38": 0.5, "d52": 5, "f": 1540344794796.0, "v": 42, "vmax": {"nested": [1, 2.5, "x"]}, "c": true}
{"id": 10, "s": 32768}
{"id": 11, "d52": "1000"}
{"id": 12, "v": "this string is longer than forty bytes in total"}
{"id": 13, "c": "\u00e9"}
{"id": 14, "ts": "2018-02-30 00:00:00"}
{"id": 15, "v": "nul \u0000 inside"}
{"id": null}
)";

}  // namespace

TEST_CASE("copy wire: edge values of every type load equal as text and as binary") {
    scratch_database db("wireedges");
    auto conn = db.connect();
    etl_test::temp_dir dir("wire");
    etl_test::write_file(dir.path() / "edges.json", edge_records);
    starshift::copy_spec spec;
    spec.source.uri = (dir.path() / "edges.json").string();
    spec.format.kind = starshift::copy_format_kind::json_auto;
    spec.maxerror = 100;
    const std::size_t n = load_both_and_compare(*conn, spec, edge_table());
    CHECK(n == 9);
    // spot checks of what the binary side stored (the comparison above covers the rest)
    CHECK(etl_test::scalar(*conn, "SELECT COUNT(*) FROM wire_edges_bin WHERE c = 'ab' AND octet_length(c::bpchar) = 6 "
                                  "AND length(c) = 2") == 1);  // CHAR padded by the server
    CHECK(etl_test::rows(*conn, "SELECT d380::text, d52::text FROM wire_edges_bin WHERE id = 2")[0] ==
          std::vector<std::string>{"-99999999999999999999999999999999999999", "-999.99"});
    CHECK(etl_test::rows(*conn, "SELECT tz AT TIME ZONE 'UTC' FROM wire_edges_bin WHERE id = 4")[0][0] ==
          "2018-11-01 18:00:00");
    CHECK(etl_test::scalar(*conn, "SELECT COUNT(*) FROM wire_edges_bin WHERE id = 5 AND s IS NULL AND d38 IS NULL "
                                  "AND ts IS NULL AND v IS NULL") == 1);
    CHECK(etl_test::rows(*conn, "SELECT v FROM wire_edges_bin WHERE id = 3")[0][0] ==
          "h\xc3\xa9llo w\xc3\xb6rld \xe2\x98\x83 \xf0\x9f\x98\x80");
}

TEST_CASE("copy wire: generated Sparkify data loads equal as text and as binary") {
    scratch_database db("wiresparkify");
    auto conn = db.connect();
    etl_test::temp_dir dir("wire");
    starshift::sparkify::datagen_options o;
    o.log_bytes = 2'000'000;
    o.days = 3;
    o.songs = 300;
    (void)starshift::sparkify::generate(dir.path(), o);
    const auto w = etl_test::local_sparkify(dir.path());
    std::size_t rows = 0;
    for (const auto& spec : w.copies) {
        const auto* t = w.find(spec.table);
        REQUIRE(t != nullptr);
        rows += load_both_and_compare(*conn, spec, *t);
    }
    CHECK(rows > 1000);
}

TEST_CASE("copy wire: the real Sparkify sample loads equal as text and as binary") {
    const auto sample = etl_test::sparkify_sample_dir();
    if (!sample) {
        MESSAGE("SKIPPED: the real Sparkify sample (../shared/data/sparkify) is not present");
        return;
    }
    scratch_database db("wiresample");
    auto conn = db.connect();
    const auto w = etl_test::local_sparkify(*sample);
    for (const auto& spec : w.copies) {
        const auto* t = w.find(spec.table);
        REQUIRE(t != nullptr);
        CHECK(load_both_and_compare(*conn, spec, *t) > 0);
    }
}
