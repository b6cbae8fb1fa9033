// Every CREATE TABLE form of Redshift's reference created on PostgreSQL 15 through `starshift run`
// (tests/data/redshift/run/ddl.sql), and a COPY into each type PostgreSQL lacks, by the copy engine in both wire
// formats (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_TABLE_NEW.html,
// https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_TABLE_AS.html, docs/parse.md "Type mapping").
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "etl_test_util.hpp"
#include "pg_fixture.hpp"
#include "run_data.hpp"
#include "starshift/io/mapped_store.hpp"
#include "starshift/load/detail/client_copy.hpp"
#include "starshift/load/detail/load_errors.hpp"
#include "starshift/load/script_runner.hpp"
#include "starshift/parse/parser.hpp"
#include "starshift/sql/render.hpp"

namespace {

namespace sl = starshift::load;
namespace io = starshift::io;
using etl_test::rows;
using etl_test::scalar;
using starshift::testing::scratch_database;
using rowset = std::vector<std::vector<std::string>>;

std::vector<starshift::parse::parsed_statement> ddl_statements() {
    return sl::parse_files({{"ddl.sql", etl_test::read_file(run_data::dir + "ddl.sql")}});
}

// A scratch database where tests/data/redshift/run/ddl.sql ran.
struct ddl_database {
    scratch_database db;
    std::unique_ptr<pqxx::connection> conn;
    io::mapped_store store = run_data::store();

    explicit ddl_database(std::string_view purpose) : db(purpose), conn(db.connect()) {
        const auto steps = sl::plan_script(ddl_statements(), [&](const std::string& u) { return store.serves(u); });
        sl::script_options o;
        o.store = &store;
        const sl::script_result r = sl::run_script(*conn, steps, o);
        REQUIRE_MESSAGE(r.ok, r.error);
    }
};

}  // namespace

TEST_CASE("ddl forms: every CREATE TABLE form runs on PostgreSQL with its data") {
    ddl_database d("ddlforms");
    auto& conn = d.conn;

    // LIKE: the parent's columns with NOT NULL, and DEFAULTs only with INCLUDING DEFAULTS.
    CHECK(scalar(*conn, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'event_defaults'") == 6);
    CHECK(rows(*conn, "SELECT eventname FROM event_defaults") == rowset{{"unnamed"}});
    // CTAS: the query's rows; positional DISTKEY/SORTKEY became the sort-key index on (eventid, dateid).
    CHECK(scalar(*conn, "SELECT count(*) FROM event_backup") == 2);
    CHECK(rows(*conn, "SELECT eventid, eventname FROM eventdistsort ORDER BY 1") ==
          rowset{{"1", "Opera"}, {"2", "Game"}});
    const rowset index = rows(*conn, "SELECT indexdef FROM pg_indexes WHERE indexname = 'eventdistsort_sortkey'");
    REQUIRE(index.size() == 1);
    CHECK(index[0][0].find("(eventid, dateid)") != std::string::npos);
    // IDENTITY without (seed, step) starts at 1.
    CHECK(rows(*conn, "SELECT hist_id, base_id, business_key FROM t1 ORDER BY 1") ==
          rowset{{"1", "1", "A"}, {"2", "2", "B"}});
    // FOREIGN KEY … MATCH FULL ON DELETE CASCADE is rendered only with ddl_options::postgres_foreign_keys (off in
    // `starshift run`), but the statement with it ran; IF NOT EXISTS kept the first shop.orders.
    CHECK(scalar(*conn, "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'shop' AND "
                        "table_name = 'orders'") == 5);
    CHECK(rows(*conn, "SELECT data_type FROM information_schema.columns WHERE table_name = 'orders' AND column_name "
                      "IN ('o_weight', 'o_ratio') ORDER BY column_name") ==
          rowset{{"double precision"}, {"real"}});
    // COLLATE CASE_INSENSITIVE: 'BOB' = 'bob'.
    pqxx::work tx(*conn);
    tx.exec0("INSERT INTO shop.customer VALUES (1, 'Bob')");
    CHECK(tx.exec1("SELECT count(*) FROM shop.customer WHERE c_name = 'BOB'")[0].as<int>() == 1);
    tx.commit();
    // A table-level COLLATE CASE_INSENSITIVE reaches the VARCHAR and CHAR columns without their own COLLATE; the one
    // written CASE_SENSITIVE still tells 'NOTE' from 'Note'.
    CHECK(scalar(*conn, "SELECT count(*) FROM shop.supplier WHERE s_name = 'ACME' AND s_code = 'AB12'") == 1);
    CHECK(scalar(*conn, "SELECT count(*) FROM shop.supplier WHERE s_note = 'NOTE'") == 0);
    CHECK(scalar(*conn, "SELECT count(*) FROM shop.supplier WHERE s_note = 'Note'") == 1);
    CHECK(rows(*conn, "SELECT column_name, coalesce(collation_name, '') FROM information_schema.columns WHERE "
                      "table_name = 'supplier' ORDER BY ordinal_position") ==
          rowset{{"s_suppkey", ""},
                 {"s_name", "starshift_case_insensitive"},
                 {"s_code", "starshift_case_insensitive"},
                 {"s_note", ""}});
}

TEST_CASE("ddl forms: a row into each new type through the copy engine") {
    ddl_database d("ddltypes");
    auto& conn = d.conn;

    CHECK(rows(*conn, "SELECT id, t::text, tz::text, encode(b, 'hex'), s::text, g, h FROM types_json ORDER BY id") ==
          rowset{{"1", "04:05:06.5", "10:00:00+05", "6162ff", R"({"r_nations": [{"n_name": "ALGERIA"}]})",
                  "0101000000000000000000F03F0000000000000040",
                  R"({"version":1,"logm":15,"sparse":{"indices":[4878],"values":[1]}})"},
                 {"2", "23:59:59", "01:02:03-03:30", "NULL", R"("just a string")", "POINT(1 2)", "NULL"}});
    CHECK(rows(*conn, "SELECT id FROM types_json WHERE ci = 'BOB' ORDER BY id") == rowset{{"1"}, {"2"}});
    // Rejected: a TIME that is no time (1206), a VARBYTE that is not hexadecimal (1223).
    CHECK(rows(*conn, "SELECT line_number, TRIM(colname), err_code FROM stl_load_errors WHERE TRIM(tbl_name) = "
                      "'types_json' ORDER BY 1") == rowset{{"3", "t", "1206"}, {"4", "b", "1223"}});
    CHECK(rows(*conn, "SELECT id, t::text, tz::text, encode(b, 'hex'), s::text, g FROM types_csv ORDER BY id") ==
          rowset{{"1", "04:05:06", "10:00:00+01", "0a0b", R"({"a": [1, 2]})", "POINT(3 4)"},
                 {"2", "05:00:00", "05:00:00+00", "NULL", R"("text")", "NULL"}});
    CHECK(rows(*conn, "SELECT line_number, TRIM(colname), err_code FROM stl_load_errors WHERE TRIM(tbl_name) = "
                      "'types_csv'") == rowset{{"3", "s", "1224"}});
}

TEST_CASE("ddl forms: the text wire format loads the new types as the binary one does") {
    scratch_database db("ddltext");
    auto conn = db.connect();
    const auto store = run_data::store();
    const auto statements = ddl_statements();
    const starshift::table* target = starshift::parse::find_table(statements, "types_json");
    REQUIRE(target);
    const starshift::copy_spec* spec = nullptr;
    for (const auto& s : statements)
        if (const auto* c = s.as_copy(); c != nullptr && c->table == "types_json") spec = c;
    REQUIRE(spec);
    {
        pqxx::work tx(*conn);
        tx.exec0(sl::load_errors_ddl());
        for (const auto& stmt : starshift::sql::create_table(*target, starshift::sql::dialect::postgres))
            tx.exec0(stmt);
        sl::client_copy_options o;
        o.store = &store;
        o.wire = starshift::copy::wire_format::text;
        (void)sl::run_client_copy(tx, *spec, *target, o);
        tx.commit();
    }
    CHECK(rows(*conn, "SELECT id, t::text, tz::text, encode(b, 'hex'), s::text FROM types_json ORDER BY id") ==
          rowset{{"1", "04:05:06.5", "10:00:00+05", "6162ff", R"({"r_nations": [{"n_name": "ALGERIA"}]})"},
                 {"2", "23:59:59", "01:02:03-03:30", "NULL", R"("just a string")"}});
}
