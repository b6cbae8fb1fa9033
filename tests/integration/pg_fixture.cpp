#include "pg_fixture.hpp"

#include <atomic>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <pqxx/transaction>
#include <pqxx/nontransaction>
#include <unistd.h>

#include "starshift/load/connection.hpp"

#ifndef STARSHIFT_DEFAULT_PG_DIR
#define STARSHIFT_DEFAULT_PG_DIR ""
#endif

namespace starshift::testing {

namespace {

std::string read_first_line(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    if (in) std::getline(in, line);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
    return line;
}

std::string unique_suffix() {
    static std::atomic<unsigned> counter{0};
    std::random_device rd;
    std::ostringstream out;
    out << static_cast<long>(::getpid()) << '_' << counter.fetch_add(1) << '_' << std::hex << (rd() & 0xffffffu);
    return out.str();
}

}  // namespace

std::string test_database_url() {
    if (const char* url = std::getenv("STARSHIFT_TEST_DATABASE_URL"); url != nullptr && *url != '\0') return url;
    std::string dir;
    if (const char* d = std::getenv("STARSHIFT_TEST_PG_DIR"); d != nullptr && *d != '\0') {
        dir = d;
    } else {
        dir = STARSHIFT_DEFAULT_PG_DIR;
    }
    std::string url = dir.empty() ? std::string() : read_first_line(dir + "/url");
    if (url.empty()) {
        throw std::runtime_error("[starshift.test.no_database] no test database: set STARSHIFT_TEST_DATABASE_URL, "
                                 "or run `scripts/pg.sh start " +
                                 (dir.empty() ? std::string("build/pg") : dir) +
                                 "` (ctest does this through the pg_start fixture)");
    }
    return url;
}

std::string with_database(std::string_view url, std::string_view database) {
    std::string u(url);
    const auto scheme = u.find("://");
    if (scheme == std::string::npos) {
        // key=value form: a later dbname wins.
        return u + " dbname=" + std::string(database);
    }
    const auto query = u.find('?', scheme + 3);
    const std::string params = query == std::string::npos ? std::string() : u.substr(query);
    const std::string head = query == std::string::npos ? u : u.substr(0, query);
    const auto slash = head.find('/', scheme + 3);
    const std::string authority = slash == std::string::npos ? head : head.substr(0, slash);
    return authority + "/" + std::string(database) + params;
}

scratch_database::scratch_database(std::string_view purpose) : admin_url_(test_database_url()) {
    std::string tag;
    for (const char ch : purpose) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) != 0 && tag.size() < 20) tag += static_cast<char>(std::tolower(c));
    }
    name_ = "starshift_t_" + (tag.empty() ? std::string("test") : tag) + "_" + unique_suffix();
    auto admin = load::connect(admin_url_);
    pqxx::nontransaction tx(*admin);
    tx.exec0("CREATE DATABASE " + tx.quote_name(name_) + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' "
             "LC_CTYPE 'C'");
    url_ = with_database(admin_url_, name_);
}

scratch_database::~scratch_database() {
    try {
        auto admin = load::connect(admin_url_);
        pqxx::nontransaction tx(*admin);
        tx.exec0("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
    } catch (...) {
        // A destructor must not throw; a leftover database is harmless in a throwaway cluster.
    }
}

std::unique_ptr<pqxx::connection> scratch_database::connect() const { return load::connect(url_); }

}  // namespace starshift::testing
