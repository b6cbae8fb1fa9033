// The private PostgreSQL cluster of the integration tests (started by CTest's `pg_start` fixture through
// scripts/pg.sh) and scratch databases that isolate one test case from every other.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <pqxx/connection>

namespace starshift::testing {

// The admin URL of the test cluster: $STARSHIFT_TEST_DATABASE_URL if set, else the contents of <dir>/url where
// <dir> is $STARSHIFT_TEST_PG_DIR (set by CTest) or the build tree's pg/ folder. Throws std::runtime_error
// "[starshift.test.no_database] …" telling how to start the cluster when neither exists.
[[nodiscard]] std::string test_database_url();

// `url` with its database name replaced by `database` (URL form or key=value form).
[[nodiscard]] std::string with_database(std::string_view url, std::string_view database);

// CREATE DATABASE with a unique name (prefix starshift_t_) on construction; DROP DATABASE … WITH (FORCE) on
// destruction, so one test case never sees another's tables even when CTest runs tests in parallel.
class scratch_database {
public:
    // `purpose` becomes part of the name (letters and digits only, shortened) to make leftovers traceable.
    explicit scratch_database(std::string_view purpose = "test");
    ~scratch_database();
    scratch_database(const scratch_database&) = delete;
    scratch_database& operator=(const scratch_database&) = delete;

    [[nodiscard]] const std::string& name() const noexcept { return name_; }
    [[nodiscard]] const std::string& url() const noexcept { return url_; }
    // A new connection to this database.
    [[nodiscard]] std::unique_ptr<pqxx::connection> connect() const;

private:
    std::string admin_url_;
    std::string name_;
    std::string url_;
};

}  // namespace starshift::testing
