// PRIMARY KEY, UNIQUE and FOREIGN KEY are informational on Redshift ("they are not enforced by Amazon Redshift"; NOT
// NULL is: https://docs.aws.amazon.com/redshift/latest/dg/t_Defining_constraints.html). `starshift run` renders them so
// that PostgreSQL does not enforce them either; sql::ddl_options::enforce_constraints (--enforce-constraints) is the
// stricter local check.
#include <doctest/doctest.h>

#include <string>

#include <pqxx/pqxx>

#include "etl_test_util.hpp"
#include "pg_fixture.hpp"
#include "starshift/load/script_runner.hpp"

namespace {

namespace sl = starshift::load;
using etl_test::check_rows;
using etl_test::rowset;
using starshift::testing::scratch_database;

// In the style of the public Sparkify solutions: the users insert carries a user twice (free, then paid).
const char* const script = R"(
CREATE TABLE users (user_id INTEGER NOT NULL, first_name VARCHAR(50), level VARCHAR(10), PRIMARY KEY (user_id))
DISTSTYLE ALL SORTKEY (user_id);
CREATE TABLE songplays (
    songplay_id INTEGER IDENTITY(0,1) PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (user_id),
    level VARCHAR(10),
    UNIQUE (user_id, level)
);
INSERT INTO users VALUES (10, 'Sylvie', 'free'), (10, 'Sylvie', 'paid'), (15, 'Lily', 'paid');
INSERT INTO songplays (user_id, level) VALUES (10, 'free'), (10, 'free'), (99, 'paid');
)";

sl::script_result run(pqxx::connection& conn, const std::string& text, bool enforce) {
    starshift::sql::ddl_options ddl;
    ddl.enforce_constraints = enforce;
    return sl::run_script(conn, sl::plan_script(sl::parse_files({{"dupes.sql", text}}), {}, ddl));
}

}  // namespace

TEST_CASE("informational constraints: duplicate keys load as on Redshift") {
    scratch_database db("infokeys");
    auto conn = db.connect();
    const auto r = run(*conn, script, false);
    REQUIRE_MESSAGE(r.ok, r.error);
    check_rows(*conn, "SELECT user_id, level FROM users ORDER BY 1, 2",
               rowset{{"10", "free"}, {"10", "paid"}, {"15", "paid"}});
    check_rows(*conn, "SELECT user_id, level FROM songplays ORDER BY songplay_id",
               rowset{{"10", "free"}, {"10", "free"}, {"99", "paid"}});
    // No key, unique or foreign-key constraint in PostgreSQL's catalog; the sort-key index is a plain one.
    check_rows(*conn,
               "SELECT count(*) FROM pg_constraint WHERE contype IN ('p', 'u', 'f') "
               "AND connamespace = 'public'::regnamespace",
               rowset{{"0"}});
    check_rows(*conn,
               "SELECT indisunique FROM pg_index WHERE indexrelid = "
               "'users_sortkey'::regclass",
               rowset{{"f"}});
    // NOT NULL stays enforced, as Redshift enforces it.
    const auto null_key = run(*conn, "INSERT INTO users VALUES (NULL, 'No', 'free');", false);
    CHECK_FALSE(null_key.ok);
    CHECK(null_key.error.find("SQLSTATE 23502") != std::string::npos);
}

TEST_CASE(
    "informational constraints: enforce_constraints makes PostgreSQL "
    "refuse the duplicate") {
    scratch_database db("enforcekeys");
    auto conn = db.connect();
    const auto r = run(*conn, script, true);
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("dupes.sql:10: [starshift.run.statement_failed] INSERT "
                       "failed (SQLSTATE 23505)") == 0);
    check_rows(*conn,
               "SELECT contype, count(*) FROM pg_constraint WHERE contype IN "
               "('p', 'u', 'f') AND connamespace = 'public'::regnamespace "
               "GROUP BY 1 "
               "ORDER BY 1",
               rowset{{"f", "1"}, {"p", "2"}, {"u", "1"}});
    check_rows(*conn, "SELECT count(*) FROM users", rowset{{"0"}});
}
