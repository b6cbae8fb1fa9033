// mask_connection_string hides passwords in every connection-string form libpq accepts.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "starshift/load/connection.hpp"

using starshift::load::mask_connection_string;

TEST_CASE("load connection: URL userinfo password is masked") {
    CHECK(mask_connection_string("postgresql://alice:s3cr3t@db.example:5439/dev") ==
          "postgresql://alice:***@db.example:5439/dev");
    CHECK(mask_connection_string("postgres://bob:p%40ss@host/db") == "postgres://bob:***@host/db");
}

TEST_CASE("load connection: URL without a password is unchanged") {
    CHECK(mask_connection_string("postgresql://postgres@127.0.0.1:54320/postgres") ==
          "postgresql://postgres@127.0.0.1:54320/postgres");
    CHECK(mask_connection_string("host=localhost dbname=x") == "host=localhost dbname=x");
}

TEST_CASE("load connection: key value and query parameter passwords are masked") {
    CHECK(mask_connection_string("host=h user=u password=topsecret dbname=d") ==
          "host=h user=u password=*** dbname=d");
    CHECK(mask_connection_string("host=h password='with space' dbname=d") == "host=h password=*** dbname=d");
    CHECK(mask_connection_string("postgresql://h/d?user=u&password=topsecret&sslmode=require") ==
          "postgresql://h/d?user=u&password=***&sslmode=require");
    CHECK(mask_connection_string("host=h PASSWORD = topsecret") .find("topsecret") == std::string::npos);
}

TEST_CASE("load connection: connecting to a closed port fails with a masked stable error") {
    // Port 1 on loopback is never a PostgreSQL server; libpq fails fast with "connection refused".
    try {
        auto c = starshift::load::connect("postgresql://u:hunter2@127.0.0.1:1/db?connect_timeout=2");
        FAIL("connected to port 1");
    } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        CHECK(what.rfind("[starshift.load.connect_failed]", 0) == 0);
        CHECK(what.find("hunter2") == std::string::npos);
    }
}

TEST_CASE("load connection: an empty connection string names libpq's defaults instead of an empty field") {
    // PGHOST points at a closed port so that the defaults fail fast and predictably.
    ::setenv("PGHOST", "127.0.0.1", 1);  // NOLINT(concurrency-mt-unsafe): single-threaded test
    ::setenv("PGPORT", "1", 1);          // NOLINT(concurrency-mt-unsafe)
    try {
        auto c = starshift::load::connect("");
        FAIL("connected to port 1");
    } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        CHECK(what.rfind("[starshift.load.connect_failed] cannot connect to libpq's default server", 0) == 0);
        CHECK(what.find("] :") == std::string::npos);
        CHECK(what.find(": :") == std::string::npos);
    }
    ::unsetenv("PGHOST");  // NOLINT(concurrency-mt-unsafe)
    ::unsetenv("PGPORT");  // NOLINT(concurrency-mt-unsafe)
}
