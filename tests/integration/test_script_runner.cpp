// `starshift run` through the library (load/script_runner): Redshift scripts of tests/data/redshift/run/ run on a
// scratch PostgreSQL database with s3://run-bucket mapped to tests/data/redshift/run/data (io::mapped_store), and
// whole tables compared with the rows Redshift's documentation says each COPY gives (the page is cited per case
// here and in the scripts).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "support/copy_accounting.hpp"
#include "support/temp_dir.hpp"
#include "etl_test_util.hpp"
#include "pg_fixture.hpp"
#include "run_data.hpp"
#include "starshift/io/mapped_store.hpp"
#include "starshift/load/catalog_tables.hpp"
#include "starshift/load/script_runner.hpp"
#include "starshift/parse/parse_error.hpp"

namespace {

namespace sl = starshift::load;
namespace io = starshift::io;
using starshift::testing::scratch_database;
using etl_test::rows;
using etl_test::scalar;
using etl_test::rowset;

const std::string& run_dir = run_data::dir;

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

io::mapped_store run_store() { return run_data::store(); }

struct outcome {
    sl::script_result result;
    std::vector<std::string> messages;
};

// Runs scripts (name → text) as `starshift run` does: parse, plan against the store, run.
outcome run_texts(pqxx::connection& conn, const std::vector<sl::script_file>& files, const io::mapped_store& store,
                  starshift::copy::maxerror_rule rule = starshift::copy::maxerror_rule::more_than,
                  const starshift::parse::table_lookup& database = {}) {
    const auto steps =
        sl::plan_script(sl::parse_files(files, database), [&](const std::string& u) { return store.serves(u); });
    outcome o;
    sl::script_options opts;
    opts.store = &store;
    opts.maxerror_boundary = rule;
    opts.on_message = [&](const std::string& m) { o.messages.push_back(m); };
    o.result = sl::run_script(conn, steps, opts);
    return o;
}

outcome run_file(pqxx::connection& conn, const std::string& name) {
    const auto store = run_store();
    return run_texts(conn, {{name, read(run_dir + name)}}, store);
}

const sl::script_step_result* copy_step(const outcome& o, const std::string& table) {
    for (const auto& s : o.result.steps)
        if (s.action == sl::script_action::copy && s.table == table) return &s;
    return nullptr;
}

// Runs the script `name` of tests/data/redshift/run/; it must fail with an error that starts with `error_start`.
outcome run_failing(pqxx::connection& conn, const std::string& name, const std::string& error_start) {
    outcome o = run_file(conn, name);
    CHECK_FALSE(o.result.ok);
    CHECK_MESSAGE(o.result.error.find(error_start) == 0, o.result.error);
    return o;
}

bool has_message(const outcome& o, const std::string& part) {
    for (const auto& m : o.messages)
        if (m.find(part) != std::string::npos) return true;
    return false;
}

// The CATEGORY rows of the documentation's JSON examples (r_COPY_command_examples).
const rowset category_rows = {
    {"1", "Sports", "MLB", "Major League Baseball"},
    {"2", "Sports", "NHL", "National Hockey League"},
    {"3", "Sports", "NFL", "National Football League"},
    {"4", "Sports", "NBA", "National Basketball Association"},
    {"5", "Shows", "Musicals", "All symphony, concerto, and choir concerts"},
};

}  // namespace

TEST_CASE("script runner: JSON auto and auto ignorecase and jsonpaths and manifests load the documented rows") {
    scratch_database db("runjson");
    auto conn = db.connect();
    const outcome o = run_file(*conn, "json.sql");
    REQUIRE_MESSAGE(o.result.ok, o.result.error);

    // doc: r_COPY_command_examples, "Load from JSON data using the 'auto' option" ("bogus" is ignored).
    CHECK(rows(*conn, "SELECT catid, catgroup, catname, catdesc FROM category_auto ORDER BY catid") == category_rows);
    // doc: r_COPY_command_examples, "Load from JSON data using the 'auto ignorecase' option"; note takes its
    // DEFAULT since it is not in the column list (copy-parameters-column-mapping).
    rowset with_note;
    for (auto r : category_rows) {
        r.emplace_back("none");
        with_note.push_back(r);
    }
    CHECK(rows(*conn, "SELECT catid, catgroup, catname, catdesc, note FROM category_ignorecase ORDER BY catid") ==
          with_note);
    // doc: r_COPY_command_examples, "Load from JSON data using a JSONPaths file" (bracket notation).
    CHECK(rows(*conn, "SELECT catid, catgroup, catname, catdesc FROM category_paths ORDER BY catid") == category_rows);
    // doc: r_COPY_command_examples, "Load from JSON arrays using a JSONPaths file" ($[0] … $[3]).
    CHECK(rows(*conn, "SELECT catid, catgroup, catname, catdesc FROM category_array ORDER BY catid") ==
          rowset{{"1", "Sports", "MLB", "Major League Baseball"},
                 {"2", "Sports", "NHL", "National Hockey League"},
                 {"3", "Sports", "NFL", "National Football League"},
                 {"4", "Sports", "NBA", "National Basketball Association"},
                 {"5", "Concerts", "Classical", "All symphony, concerto, and choir concerts"}});
    // doc: loading-data-files-using-manifest: only the listed files (ignored.json in the same folder is not).
    CHECK(rows(*conn, "SELECT catid, catgroup, catname, catdesc FROM category_manifest ORDER BY catid") ==
          rowset{{"6", "Shows", "Plays", "All non-musical theatre"}, {"7", "Shows", "Opera", "All opera and light opera"}});
    // doc: copy-parameters-data-format#copy-json-jsonpaths: dot notation, nested objects, array indexes; a missing
    // object element loads NULL. DATEFORMAT 'MM/DD/YYYY', TIMEFORMAT 'YYYY-MM-DD HH:MI:SS' (HH is HH24).
    CHECK(rows(*conn, "SELECT eventid, venuename, venuecity, tag1, tag2, eventdate, starttime FROM event_nested "
                      "ORDER BY eventid") ==
          rowset{{"10", "Lincoln Center", "New York", "music", "live", "2008-03-14", "2008-03-14 19:30:00"},
                 {"11", "Fenway Park", "NULL", "sports", "day game", "2008-07-04", "2008-07-04 13:05:00"}});

    // pg_last_copy_count()-style counts per COPY.
    const auto* c = copy_step(o, "category_auto");
    REQUIRE(c != nullptr);
    CHECK(c->copy.rows_loaded == 5);
    CHECK(c->copy.rows_rejected == 0);
    CHECK(c->copy.files == 1);
    CHECK(sl::copy_count_line(*c) == "COPY category_auto: 5 rows loaded, 0 rejected, from prefix "
                                      "s3://run-bucket/category/category_object_auto.json: 1 file in "
                                      "s3://run-bucket/category/");
    const auto* m = copy_step(o, "category_manifest");
    REQUIRE(m != nullptr);
    CHECK(m->copy.files == 2);
    // The view with Redshift's names exists even when nothing was rejected.
    CHECK(scalar(*conn, "SELECT COUNT(*) FROM stl_load_errors") == 0);
}

TEST_CASE("script runner: CSV with QUOTE AS and IGNOREHEADER and DELIMITER loads the documented rows") {
    scratch_database db("runcsv");
    auto conn = db.connect();
    const outcome o = run_file(*conn, "csv.sql");
    REQUIRE_MESSAGE(o.result.ok, o.result.error);
    // doc: r_COPY_command_examples, "Load CATEGORY from a CSV file" (quoted fields, doubled quotes) and the same
    // file with QUOTE AS '%'; IGNOREHEADER skips the header lines (copy-parameters-data-conversion); DELIMITER '|'
    // (copy-parameters-data-format).
    const rowset& expected = etl_test::category_csv_rows();
    CHECK(rows(*conn, "SELECT catid, catgroup, catname, catdesc FROM category_csv ORDER BY catid") == expected);
    CHECK(rows(*conn, "SELECT catid, catgroup, catname, catdesc FROM category_quote ORDER BY catid") == expected);
    rowset piped = expected;
    piped[2][3] = "All opera| light| and \"rock\" opera";
    CHECK(rows(*conn, "SELECT catid, catgroup, catname, catdesc FROM category_pipe ORDER BY catid") == piped);
    for (const char* t : {"category_csv", "category_quote", "category_pipe"}) {
        const auto* c = copy_step(o, t);
        REQUIRE(c != nullptr);
        CHECK(c->copy.rows_loaded == 4);
        CHECK(c->copy.rows_rejected == 0);
    }
}

TEST_CASE("script runner: DATEFORMAT and TIMEFORMAT auto and epochmillisecs and the conversion flags") {
    scratch_database db("runconv");
    auto conn = db.connect();
    const outcome o = run_file(*conn, "conversions.sql");
    REQUIRE_MESSAGE(o.result.ok, o.result.error);

    // doc: automatic-recognition and copy-parameters-data-conversion ('auto'): ISO 8601 'T…Z', YYYYMMDD,
    // YYYYMMDD HHMISS, Julian day J2451187 (= 1999-01-08); a DATE source with a time is truncated.
    CHECK(rows(*conn, "SELECT id, d, ts FROM times_auto ORDER BY id") ==
          rowset{{"1", "2008-01-05", "2008-01-05 14:30:00"},
                 {"2", "2008-01-05", "2019-02-11 05:09:12.195"},
                 {"3", "2008-01-05", "2008-01-05 14:30:00.123456"},
                 {"4", "1999-01-08", "2008-01-05 14:30:00"}});
    // doc: copy-parameters-data-conversion, TIMEFORMAT 'epochmillisecs' (UTC).
    CHECK(rows(*conn, "SELECT id, ts FROM times_epoch ORDER BY id") ==
          rowset{{"1", "2018-11-01 20:57:10.796"}, {"2", "1970-01-01 00:00:00"}});
    // doc: copy-parameters-data-conversion: EMPTYASNULL, BLANKSASNULL, TRUNCATECOLUMNS, ROUNDEC; an empty string
    // for an INTEGER loads NULL (copy-usage_notes-copy-from-json).
    CHECK(rows(*conn, "SELECT id, name, note, amount, code, qty FROM conv_on ORDER BY id") ==
          rowset{{"1", "NULL", "NULL", "20.26", "abcde", "NULL"},
                 {"2", "Alice", "ok", "20.25", "abc", "7"},
                 {"3", "NULL", "NULL", "-1.01", "abcde", "12"}});
    // Without the flags: strings stay, scale is truncated, the too-long VARCHAR is a load error (MAXERROR 1).
    CHECK(rows(*conn, "SELECT id, name, note, amount, code, qty FROM conv_off ORDER BY id") ==
          rowset{{"2", "Alice", "ok", "20.25", "abc", "7"}, {"3", " ", "", "-1.00", "abcde", "12"}});
    const auto* off = copy_step(o, "conv_off");
    REQUIRE(off != nullptr);
    CHECK(off->copy.rows_rejected == 1);
    CHECK(rows(*conn, "SELECT tbl_name, line_number, TRIM(colname) FROM stl_load_errors") ==
          rowset{{"conv_off", "1", "code"}});
}

TEST_CASE("script runner: MAXERROR records rejects and a COPY past it stops the script") {
    scratch_database db("runmaxerr");
    auto conn = db.connect();
    // doc: copy-parameters-data-load (MAXERROR) and r_STL_LOAD_ERRORS.
    const outcome o = run_failing(*conn, "maxerror.sql", "maxerror.sql:13: COPY into sales_strict failed");
    CHECK_MESSAGE(o.result.error.find("starshift.copy.maxerror_exceeded") != std::string::npos, o.result.error);
    CHECK(rows(*conn, "SELECT salesid, qtysold, pricepaid FROM sales ORDER BY salesid") ==
          rowset{{"1", "2", "10.00"}, {"3", "4", "30.00"}, {"5", "6", "50.00"}});
    CHECK(scalar(*conn, "SELECT COUNT(*) FROM sales_strict") == 0);
    // The rejects of both COPYs, the failed one's recorded after its rollback.
    CHECK(rows(*conn, "SELECT tbl_name, line_number, TRIM(colname), filename FROM stl_load_errors "
                      "ORDER BY query, line_number") ==
          rowset{{"sales", "2", "qtysold", "s3://run-bucket/errors/sales.json"},
                 {"sales", "4", "salesid", "s3://run-bucket/errors/sales.json"},
                 {"sales_strict", "2", "qtysold", "s3://run-bucket/errors/sales.json"},
                 {"sales_strict", "4", "salesid", "s3://run-bucket/errors/sales.json"}});
    // Nothing after the failing COPY ran.
    CHECK(scalar(*conn, "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'never_created'") == 0);
    const auto* c = copy_step(o, "sales");
    REQUIRE(c != nullptr);
    CHECK(sl::copy_count_line(*c) ==
          "COPY sales: 3 rows loaded, 2 rejected, from prefix s3://run-bucket/errors/sales.json: 1 file in "
          "s3://run-bucket/errors/");
}

TEST_CASE("script runner: other statements pass through in order and the first failure stops with its line") {
    scratch_database db("runstmts");
    auto conn = db.connect();
    const outcome o = run_failing(*conn, "statements.sql",
                                  "statements.sql:24: [starshift.run.statement_failed] DELETE failed (SQLSTATE 42P01)");
    // Skips are never silent.
    CHECK(has_message(o, "statements.sql:2: notice: skipped SET ENABLE_RESULT_CACHE_FOR_SESSION"));
    CHECK(has_message(o, "statements.sql:14: notice: skipped ANALYZE COMPRESSION"));
    CHECK(has_message(o, "statements.sql:15: notice: skipped VACUUM"));
    // INSERT, UPDATE, the view, BEGIN…ROLLBACK and BEGIN…COMMIT; the INSERT after the failure never ran.
    CHECK(rows(*conn, "SELECT venueid, venuename, venuecity, venueseats FROM venue ORDER BY venueid") ==
          rowset{{"1", "Toyota Park", "Bridgeview", "0"},
                 {"2", "Columbus Crew Stadium", "Columbus", "20000"},
                 {"4", "Committed Hall", "Somewhere", "5000"}});
    const sl::script_step_result* select = nullptr;
    for (const auto& s : o.result.steps)
        if (s.keyword == "SELECT") select = &s;
    REQUIRE(select != nullptr);
    CHECK(select->column_names == std::vector<std::string>{"venueid", "venuename"});
    CHECK(select->result_rows == rowset{{"2", "Columbus Crew Stadium"}, {"4", "Committed Hall"}});
    CHECK(o.result.statements == 18);
    CHECK(o.result.steps.size() == 16);  // the failing statement and the one after it are not among them
}

TEST_CASE("script runner: a failure inside BEGIN rolls the whole block back") {
    scratch_database db("runblock");
    auto conn = db.connect();
    // block.sql: CREATE TABLE t (id NOT NULL); BEGIN; INSERT 1; INSERT NULL (line 4); COMMIT; INSERT 2.
    (void)run_failing(*conn, "block.sql",
                      "block.sql:4: [starshift.run.statement_failed] INSERT failed (SQLSTATE 23502)");
    CHECK(scalar(*conn, "SELECT COUNT(*) FROM t") == 0);

    // BEGIN without COMMIT at the end: rolled back, with a notice.
    const auto store = run_store();
    const outcome o2 = run_texts(*conn, {{"open.sql", "BEGIN;\nINSERT INTO t VALUES (3);\n"}}, store);
    CHECK(o2.result.ok);
    CHECK(has_message(o2, "BEGIN without COMMIT"));
    CHECK(scalar(*conn, "SELECT COUNT(*) FROM t") == 0);
}

TEST_CASE("script runner: a COPY from an unmapped s3 URL is an error at its line before anything runs") {
    const auto store = run_store();
    const std::string script =
        "CREATE TABLE t (id INTEGER);\n"
        "\n"
        "COPY t FROM 's3://other-bucket/data/' IAM_ROLE 'arn:aws:iam::0123456789012:role/R' JSON 'auto';\n";
    try {
        (void)sl::plan_script(sl::parse_files({{"unmapped.sql", script}}),
                              [&](const std::string& u) { return store.serves(u); });
        FAIL("expected parse_error");
    } catch (const starshift::parse::parse_error& e) {
        CHECK(e.id() == "starshift.run.s3_unmapped");
        CHECK(e.line() == 3);
        CHECK(std::string(e.what()).find("unmapped.sql:3:1:") == 0);
        CHECK(std::string(e.what()).find("s3://other-bucket/data/") != std::string::npos);
    }
    // A jsonpaths file is checked the same way.
    const std::string paths =
        "CREATE TABLE t (id INTEGER);\n"
        "COPY t FROM 's3://run-bucket/category/' IAM_ROLE 'arn:aws:iam::0123456789012:role/R'\n"
        "JSON 's3://elsewhere/paths.json';\n";
    CHECK_THROWS_WITH_AS((void)sl::plan_script(sl::parse_files({{"p.sql", paths}}),
                                               [&](const std::string& u) { return store.serves(u); }),
                         doctest::Contains("p.sql:2:1: [starshift.run.s3_unmapped] COPY jsonpaths s3://elsewhere"),
                         starshift::parse::parse_error);
    // A COPY into a table no CREATE TABLE declared.
    CHECK_THROWS_WITH_AS((void)sl::plan_script(sl::parse_files({{"q.sql", "COPY nowhere FROM '/x' JSON 'auto';"}})),
                         doctest::Contains("q.sql:1:1: [starshift.run.copy_table_unknown]"),
                         starshift::parse::parse_error);
}

TEST_CASE("script runner: planning classifies statements without a database") {
    const std::string script =
        "SET query_group TO 'etl';\n"
        "SET statement_timeout TO 0;\n"
        "VACUUM DELETE ONLY t;\n"
        "ANALYZE t PREDICATE COLUMNS;\n"
        "ANALYZE t;\n"
        "ALTER TABLE t ALTER DISTSTYLE ALL;\n"
        "ALTER TABLE t ADD COLUMN c INTEGER;\n"
        "UNLOAD ('select 1') TO 's3://b/p' IAM_ROLE 'arn:aws:iam::1:role/R';\n"
        "START TRANSACTION;\n"
        "END;\n"
        "ABORT;\n"
        "CREATE DATABASE other;\n"
        "CREATE TABLE IF NOT EXISTS t (id INTEGER ENCODE az64) DISTKEY(id);\n";
    const auto steps = sl::plan_script(sl::parse_files({{"c.sql", script}}));
    REQUIRE(steps.size() == 13);
    using a = sl::script_action;
    const std::vector<a> expected = {a::skip, a::pass_through, a::skip, a::skip, a::pass_through, a::skip,
                                     a::pass_through, a::unload, a::begin, a::commit, a::rollback, a::pass_through,
                                     a::create_table};
    for (std::size_t i = 0; i < steps.size(); ++i) CHECK_MESSAGE(steps[i].action == expected[i], steps[i].where());
    for (const auto& s : steps)
        if (s.action == a::skip) CHECK_MESSAGE(!s.notice.empty(), s.where());
    CHECK(steps[1].sql == std::vector<std::string>{"SET statement_timeout TO 0"});
    CHECK(steps[11].outside_transaction);
    REQUIRE_FALSE(steps[12].sql.empty());
    CHECK(steps[12].sql.front().find("CREATE TABLE IF NOT EXISTS") == 0);
    CHECK(steps[12].sql.front().find("DISTKEY") == std::string::npos);
}

// doc: https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-format.html ("JSONPaths file"): the file
// is one object whose key "must be "jsonpaths"". A misspelled key is where Redshift documents a silent fallback to
// 'auto' (which here would load NULL names, the keys being id/group/name/description); the engine fails the COPY
// instead (docs/copy-engine.md), before a row is loaded, and the script stops there.
TEST_CASE("script runner: a jsonpaths file with a misspelled key fails the COPY before a row is loaded") {
    scratch_database db("runpathskey");
    auto conn = db.connect();
    const outcome o = run_failing(*conn, "typo.sql", "typo.sql:2: COPY into category_typo failed");
    CHECK_MESSAGE(o.result.error.find("[starshift.copy.bad_jsonpaths] s3://run-bucket/errors/misspelled_jsonpaths.json: "
                                      "the top-level key must be \"jsonpaths\", found the key \"jsonpath\"") !=
                      std::string::npos,
                  o.result.error);
    CHECK(scalar(*conn, "SELECT COUNT(*) FROM category_typo") == 0);
    CHECK(scalar(*conn, "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'never_created'") == 0);
}

// The reported case on PostgreSQL: one day of Sparkify events (the 2018-11-13 sample, or generated events) with
// line 11 cut in half and a garbage line inserted as line 41, COPY … MAXERROR 100: every other record is loaded
// with its values and stl_load_errors holds exactly two rows, for lines 11 and 41.
TEST_CASE("script runner: a day of events with a cut line and a garbage line loads every other record") {
    namespace acc = starshift::accounting;
    scratch_database db("runaccounting");
    auto conn = db.connect();
    const auto lines = acc::split_lines(acc::sample_events(STARSHIFT_SHARED_DATA_DIR));
    REQUIRE(lines.size() >= 60);
    const starshift::testing::temp_dir scratch("starshift-run-accounting");
    const auto& dir = scratch.path();
    std::string damaged;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i == 40) damaged += "this line is not json\n";  // line 41
        damaged += i == 10 ? lines[i].substr(0, lines[i].size() / 2) : lines[i];
        damaged += '\n';
    }
    std::ofstream(dir / "events.json", std::ios::binary) << damaged;
    const io::mapped_store store({*io::parse_s3_mapping("s3://damaged=" + dir.string())});
    const std::string script =
        "CREATE TABLE events (artist VARCHAR(256), auth VARCHAR(64), firstname VARCHAR(64), gender VARCHAR(8),\n"
        "  iteminsession INTEGER, lastname VARCHAR(64), length DOUBLE PRECISION, level VARCHAR(16),\n"
        "  location VARCHAR(256), method VARCHAR(8), page VARCHAR(32), registration DOUBLE PRECISION,\n"
        "  sessionid INTEGER, song VARCHAR(256), status INTEGER, ts BIGINT, useragent VARCHAR(512),\n"
        "  userid VARCHAR(16));\n"
        "COPY events FROM 's3://damaged/events.json'\n"
        "IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole'\n"
        "FORMAT AS JSON 'auto ignorecase' MAXERROR 100;\n";
    const outcome o = run_texts(*conn, {{"damaged.sql", script}}, store);
    REQUIRE_MESSAGE(o.result.ok, o.result.error);
    const auto* c = copy_step(o, "events");
    REQUIRE(c != nullptr);
    CHECK(sl::copy_count_line(*c) == "COPY events: " + std::to_string(lines.size() - 1) +
                                         " rows loaded, 2 rejected, from prefix s3://damaged/events.json: 1 file in "
                                         "s3://damaged/");
    CHECK(rows(*conn, "SELECT line_number, err_code FROM stl_load_errors ORDER BY line_number") ==
          rowset{{"11", "1224"}, {"41", "1224"}});
    // every other record with its values: the undamaged lines' rows as the engine converts them, field by field
    const auto expected = acc::load([&] {
        std::string t;
        for (std::size_t i = 0; i < lines.size(); ++i)
            if (i != 10) t += lines[i] + "\n";
        return t;
    }(), acc::events_table());
    REQUIRE(expected.rows.size() == lines.size() - 1);
    std::map<std::string, int> want;
    for (const auto& r : expected.rows) {
        std::vector<std::string> f(1);
        for (const char ch : r) {
            if (ch == '\t') {
                f.emplace_back();
            } else {
                f.back() += ch;
            }
        }
        REQUIRE(f.size() == 18);
        for (auto& x : f) {  // COPY text escapes (\\, \t, octal \ddd …) back to the value; \N stays NULL's marker
            if (x == "\\N") continue;
            std::string v;
            for (std::size_t i = 0; i < x.size(); ++i) {
                if (x[i] != '\\' || i + 1 == x.size()) {
                    v += x[i];
                    continue;
                }
                const char e = x[++i];
                if (e >= '0' && e <= '7') {
                    int code = 0;
                    for (int k = 0; k < 3 && i < x.size() && x[i] >= '0' && x[i] <= '7'; ++k, ++i) code = code * 8 + (x[i] - '0');
                    --i;
                    v += static_cast<char>(code);
                } else {
                    v += e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e == 'b' ? '\b' : e == 'f' ? '\f' : e == 'v' ? '\v' : e;
                }
            }
            x = v;
        }
        ++want[f[15] + "|" + f[12] + "|" + f[4] + "|" + f[17] + "|" + f[10] + "|" + f[13]];
    }
    std::map<std::string, int> got;
    for (const auto& r : rows(*conn, "SELECT COALESCE(ts::text, '\\N') || '|' || COALESCE(sessionid::text, '\\N') || '|' || "
                                     "COALESCE(iteminsession::text, '\\N') || '|' || COALESCE(userid, '\\N') || '|' || "
                                     "COALESCE(page, '\\N') || '|' || COALESCE(song, '\\N') FROM events"))
        ++got[r.at(0)];
    std::vector<std::string> differences;
    for (const auto& [k, n] : want)
        if (got[k] != n) differences.push_back("want " + std::to_string(n) + " got " + std::to_string(got[k]) + ": " + k);
    for (const auto& [k, n] : got)
        if (n != 0 && want.count(k) == 0) differences.push_back("unexpected: " + k);
    CHECK_MESSAGE(differences.empty(), differences.front());
}

// doc: https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-column-mapping.html ("Column list") and
// r_COPY_command_examples ("Load data from a file with default values"), with CSV input (the pages use the text
// format; tests/data/redshift/run/docs/ holds those cases as written): columns left out take their DEFAULT, their
// IDENTITY value or NULL; EXPLICIT_IDS loads the file's identity values; the invalid combinations fail the COPY
// before a line is read.
TEST_CASE("script runner: column lists take DEFAULT and IDENTITY and NULL and refuse the documented combinations") {
    scratch_database db("runcollist");
    auto conn = db.connect();
    const starshift::testing::temp_dir scratch("starshift-run-collist");
    std::ofstream(scratch.path() / "names.txt", std::ios::binary) << "Toyota Park|Bridgeview\nBMO Field|Toronto\n";
    std::ofstream(scratch.path() / "ids.txt", std::ios::binary) << "5|Gillette Stadium\n9|BMO Field\n";
    const io::mapped_store store({*io::parse_s3_mapping("s3://cl=" + scratch.path().string())});
    const std::string create =
        "CREATE TABLE venue (venueid INT IDENTITY(1,1), venuename VARCHAR(100) NOT NULL, venuecity VARCHAR(30),\n"
        "  venueseats INTEGER NOT NULL DEFAULT 1000);\n";
    const std::string role = " IAM_ROLE 'arn:aws:iam::0123456789012:role/R' CSV DELIMITER '|'";
    const outcome ok = run_texts(*conn,
                                 {{"cl.sql", create + "COPY venue (venuename, venuecity) FROM 's3://cl/names.txt'" +
                                                 role + ";\n"}},
                                 store);
    REQUIRE_MESSAGE(ok.result.ok, ok.result.error);
    CHECK(rows(*conn, "SELECT venueid, venuename, venuecity, venueseats FROM venue ORDER BY venueid") ==
          rowset{{"1", "Toyota Park", "Bridgeview", "1000"}, {"2", "BMO Field", "Toronto", "1000"}});

    const std::string again = "DROP TABLE venue;\n" + create;
    const outcome ids = run_texts(
        *conn, {{"ids.sql", again + "COPY venue (venueid, venuename) FROM 's3://cl/ids.txt'" + role + " EXPLICIT_IDS;\n"}},
        store);
    REQUIRE_MESSAGE(ids.result.ok, ids.result.error);
    CHECK(rows(*conn, "SELECT venueid, venuename, venuecity, venueseats FROM venue ORDER BY venueid") ==
          rowset{{"5", "Gillette Stadium", "NULL", "1000"}, {"9", "BMO Field", "NULL", "1000"}});

    const std::vector<std::pair<std::string, std::string>> refused = {
        {"COPY venue (venueid, venuename) FROM 's3://cl/ids.txt'" + role + ";",
         "[starshift.model.copy_identity_without_explicit_ids]"},
        {"COPY venue (venuename, venuecity) FROM 's3://cl/names.txt'" + role + " EXPLICIT_IDS;",
         "[starshift.model.copy_explicit_ids_without_identity]"},
        {"COPY venue (venuecity) FROM 's3://cl/names.txt'" + role + ";",
         "[starshift.model.copy_not_null_column_omitted]"},
    };
    for (const auto& [copy, id] : refused) {
        const outcome o = run_texts(*conn, {{"bad.sql", again + copy + "\n"}}, store);
        CHECK_FALSE(o.result.ok);
        CHECK_MESSAGE(o.result.error.find("bad.sql:4: COPY failed: " + id) == 0, o.result.error);
        CHECK(scalar(*conn, "SELECT COUNT(*) FROM venue") == 0);
    }
}

TEST_CASE("script runner: a Sparkify ETL with Redshift idioms runs unchanged") {
    // tests/data/redshift/run/sparkify_queries.sql cites the pages of each idiom it uses.
    scratch_database db("runsparkify");
    auto conn = db.connect();
    const outcome o = run_file(*conn, "sparkify_queries.sql");
    REQUIRE_MESSAGE(o.result.ok, o.result.error);
    // user 8 changed level from free to paid: two rows, as on Redshift, whose keys are informational
    CHECK(rows(*conn, "SELECT user_id, first_name, level FROM users ORDER BY user_id, level") ==
          rowset{{"8", "Kaylee", "free"}, {"8", "Kaylee", "paid"}, {"10", "Jayden", "paid"}});
    // ts / 1000 divides BIGINTs: whole seconds, as on Redshift. 2018-11-01 21:01:46 UTC is a Thursday (dow 4) in
    // ISO week 44; 2018-11-02 01:25:34 a Friday
    CHECK(rows(*conn, "SELECT start_time, hour, day, week, month, year, weekday FROM time ORDER BY start_time") ==
          rowset{{"2018-11-01 21:01:46", "21", "1", "44", "11", "2018", "4"},
                 {"2018-11-01 21:17:33", "21", "1", "44", "11", "2018", "4"},
                 {"2018-11-01 22:23:14", "22", "1", "44", "11", "2018", "4"},
                 {"2018-11-02 01:25:34", "1", "2", "44", "11", "2018", "5"}});
    CHECK(rows(*conn, "SELECT start_time, user_id, level, song_id FROM songplays ORDER BY start_time") ==
          rowset{{"2018-11-01 21:01:46", "8", "free", "SOZCTXZ12AB0182364"},
                 {"2018-11-01 21:17:33", "8", "paid", "SONHOTT12A8C13493C"},
                 {"2018-11-02 01:25:34", "10", "paid", "SOZCTXZ12AB0182364"}});
    std::vector<const sl::script_step_result*> selects;
    for (const auto& s : o.result.steps)
        if (s.keyword == "SELECT") selects.push_back(&s);
    REQUIRE(selects.size() == 4);
    CHECK(selects[0]->result_rows == rowset{{"1", "1"}, {"21", "2"}});
    CHECK(selects[1]->result_rows == rowset{{"2"}});
    CHECK(selects[2]->result_rows == rowset{{"8", "2"}});
    CHECK(selects[3]->result_rows == rowset{{"Des'ree", "NextSong"}, {"unknown", "Upgrade"}, {"Mr Oizo", "NextSong"}});
    for (const auto& s : o.result.steps)
        if (s.keyword == "INSERT" || s.keyword == "SELECT") CHECK(s.action == sl::script_action::translate);
}

TEST_CASE("script runner: a statement that cannot be translated is an error at its line before anything runs") {
    const std::string script = "CREATE TABLE t (a INT);\nSELECT a + 1 AS b, b * 2 FROM not_declared;\n";
    try {
        (void)sl::plan_script(sl::parse_files({{"u.sql", script}}), {});
        FAIL("expected an untranslatable statement");
    } catch (const starshift::parse::parse_error& e) {
        CHECK(e.id() == "starshift.sql.untranslatable");
        CHECK(e.file() == "u.sql");
        CHECK(e.line() == 2);
        CHECK(e.message().find("lateral column alias") != std::string::npos);
    }
}

// doc: https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_TABLE_NEW.html (LIKE parent_table): the parent may be
// a table the database already has and no script declares. `starshift run --db` reads it from PostgreSQL's catalog
// (load::catalog_tables as parse_files' fallback): the new table gets its columns, types, NOT NULL, collation and,
// with INCLUDING DEFAULTS, its defaults, and a COPY into it has the types the copy engine needs.
TEST_CASE("script runner: CREATE TABLE LIKE a table only the database has reads it from the catalog") {
    scratch_database db("runlikedb");
    auto conn = db.connect();
    etl_test::exec(*conn,
                   "CREATE COLLATION IF NOT EXISTS starshift_case_insensitive (provider = icu, locale = "
                   "'und-u-ks-level2', deterministic = false);"
                   "CREATE TABLE venue_base (venueid SMALLINT NOT NULL, venuename VARCHAR(100) COLLATE "
                   "starshift_case_insensitive, venuecity TEXT, venueseats INTEGER DEFAULT 1000, price NUMERIC(8,2));"
                   "CREATE TABLE odd (id uuid)");
    const starshift::testing::temp_dir scratch("starshift-run-like");
    scratch.write("venues.txt", "1|Toyota Park|Bridgeview\n2|BMO Field|Toronto\n");
    const io::mapped_store store({*io::parse_s3_mapping("s3://like=" + scratch.str())});
    const std::string script =
        "CREATE TABLE venue_copy (LIKE venue_base INCLUDING DEFAULTS);\n"
        "CREATE TABLE venue_plain (LIKE venue_base);\n"
        "COPY venue_copy (venueid, venuename, venuecity) FROM 's3://like/venues.txt'\n"
        "IAM_ROLE 'arn:aws:iam::0123456789012:role/R' DELIMITER '|';\n";
    // Without the database (no --db): the parent is unknown.
    CHECK_THROWS_WITH_AS((void)sl::parse_files({{"like.sql", script}}),
                         doctest::Contains("like.sql:1:26: [starshift.parse.like_table_unknown]"),
                         starshift::parse::parse_error);

    sl::catalog_tables catalog([&]() -> pqxx::connection& { return *conn; });
    const auto statements = sl::parse_files({{"like.sql", script}}, catalog.lookup());
    REQUIRE(statements.size() == 3);
    const starshift::table& t = *statements[0].as_table();
    REQUIRE(t.columns.size() == 5);
    CHECK(t.columns[0].type == starshift::smallint());
    CHECK(t.columns[0].not_null);
    CHECK(t.columns[1].type == starshift::varchar(100));
    CHECK(t.columns[1].collate == starshift::collation::case_insensitive);
    CHECK(t.columns[2].type == starshift::varchar_max());  // TEXT has no length
    CHECK(t.columns[3].default_expr == std::optional<std::string>("1000"));
    CHECK(t.columns[4].type == starshift::decimal(8, 2));
    CHECK_FALSE(statements[1].as_table()->columns[3].default_expr.has_value());  // EXCLUDING DEFAULTS

    const outcome o = run_texts(*conn, {{"like.sql", script}}, store, starshift::copy::maxerror_rule::more_than,
                                catalog.lookup());
    REQUIRE_MESSAGE(o.result.ok, o.result.error);
    CHECK(rows(*conn, "SELECT venueid, venuename, venuecity, venueseats, price FROM venue_copy ORDER BY venueid") ==
          rowset{{"1", "Toyota Park", "Bridgeview", "1000", "NULL"}, {"2", "BMO Field", "Toronto", "1000", "NULL"}});
    CHECK(scalar(*conn, "SELECT count(*) FROM venue_copy WHERE venuename = 'BMO FIELD'") == 1);
    CHECK(rows(*conn, "SELECT column_name, coalesce(column_default, 'none'), is_nullable FROM "
                      "information_schema.columns WHERE table_name = 'venue_plain' AND column_name IN ('venueid', "
                      "'venueseats') ORDER BY 1") ==
          rowset{{"venueid", "none", "NO"}, {"venueseats", "none", "YES"}});
    // A column type with no Redshift counterpart is an error naming it.
    CHECK_THROWS_WITH((void)sl::parse_files({{"odd.sql", "CREATE TABLE odd2 (LIKE odd);"}}, catalog.lookup()),
                      doctest::Contains("[starshift.run.catalog_type] table odd in the database, column id: its "
                                        "PostgreSQL type uuid"));
}

// https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_PROCEDURE.html: the body is dollar-quoted ($$ … $$) and holds
// semicolons; the whole CREATE PROCEDURE is one statement, passed through, and CALL runs it.
TEST_CASE("script runner: a stored procedure with a dollar-quoted body is one statement") {
    scratch_database db("runproc");
    auto conn = db.connect();
    const auto store = run_store();
    const outcome o = run_texts(
        *conn,
        {{"proc.sql",
          "CREATE TABLE t (a INT, b VARCHAR(10));\n"
          "CREATE OR REPLACE PROCEDURE refill(n INT)\nAS $$\nBEGIN\n  DELETE FROM t; -- it's\n"
          "  INSERT INTO t VALUES (n, 'x;y');\nEND;\n$$ LANGUAGE plpgsql;\n"
          "CALL refill(7);\nCREATE VIEW v AS SELECT a, b FROM t;\nSELECT * FROM v;\n"}},
        store);
    REQUIRE_MESSAGE(o.result.ok, o.result.error);
    CHECK(o.result.statements == 5);
    CHECK(rows(*conn, "SELECT a, b FROM t") == rowset{{"7", "x;y"}});
    CHECK(o.result.steps.back().result_rows == rowset{{"7", "x;y"}});
}
