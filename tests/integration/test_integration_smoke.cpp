// The private cluster is reachable, scratch databases isolate test cases, and passwords never leak.
#include <doctest/doctest.h>

#include <string>

#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include "pg_fixture.hpp"
#include "starshift/load/connection.hpp"

using starshift::testing::scratch_database;

TEST_CASE("integration smoke: the test cluster runs PostgreSQL 15") {
    auto c = starshift::load::connect(starshift::testing::test_database_url());
    pqxx::work tx(*c);
    const auto version = tx.exec1("SELECT version()")[0].as<std::string>();
    CHECK(version.rfind("PostgreSQL 15", 0) == 0);
    CHECK(tx.exec1("SHOW server_encoding")[0].as<std::string>() == "UTF8");
}

TEST_CASE("integration smoke: a scratch database is created and dropped") {
    std::string name;
    {
        scratch_database db("smoke");
        name = db.name();
        CHECK(name.rfind("starshift_t_smoke_", 0) == 0);
        auto c = db.connect();
        pqxx::work tx(*c);
        CHECK(tx.exec1("SELECT current_database()")[0].as<std::string>() == name);
        tx.exec0("CREATE TABLE t (id integer PRIMARY KEY)");
        tx.exec0("INSERT INTO t VALUES (1), (2)");
        CHECK(tx.exec1("SELECT count(*) FROM t")[0].as<int>() == 2);
        tx.commit();
    }
    auto admin = starshift::load::connect(starshift::testing::test_database_url());
    pqxx::nontransaction tx(*admin);
    CHECK(tx.exec1("SELECT count(*) FROM pg_database WHERE datname = " + tx.quote(name))[0].as<int>() == 0);
}

TEST_CASE("integration smoke: two scratch databases do not share tables") {
    scratch_database a("iso");
    scratch_database b("iso");
    CHECK(a.name() != b.name());
    {
        auto c = a.connect();
        pqxx::work tx(*c);
        tx.exec0("CREATE TABLE only_in_a (x integer)");
        tx.commit();
    }
    auto c = b.connect();
    pqxx::work tx(*c);
    CHECK(tx.exec1("SELECT to_regclass('only_in_a') IS NULL")[0].as<bool>());
}

TEST_CASE("integration smoke: a failed connection names the URL with the password masked") {
    const std::string url = starshift::testing::with_database(starshift::testing::test_database_url(),
                                                              "no_such_database_starshift");
    // Put a password into the URL's userinfo: postgresql://postgres:hunter2@host…
    const auto at = url.find('@');
    REQUIRE(at != std::string::npos);
    const std::string secret_url = url.substr(0, at) + ":hunter2" + url.substr(at);
    try {
        auto c = starshift::load::connect(secret_url);
        FAIL("connecting to a missing database succeeded");
    } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        CHECK(what.find("[starshift.load.connect_failed]") == 0);
        CHECK(what.find("hunter2") == std::string::npos);
        CHECK(what.find("postgres:***@") != std::string::npos);
        CHECK(what.find("no_such_database_starshift") != std::string::npos);
    }
}
