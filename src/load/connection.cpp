#include "starshift/load/connection.hpp"

#include <regex>
#include <stdexcept>

namespace starshift::load {

std::string mask_connection_string(std::string_view conninfo) {
    std::string s(conninfo);
    // postgresql://user:secret@host/db  ->  postgresql://user:***@host/db
    static const std::regex url_password(R"(((?:postgres|postgresql)://[^:/@\s]*:)[^@\s]*@)",
                                         std::regex::icase);
    s = std::regex_replace(s, url_password, "$1***@");
    // password=secret, password='se cret', ?password=secret&…
    static const std::regex kv_password(R"((password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]*))", std::regex::icase);
    s = std::regex_replace(s, kv_password, "$1***");
    return s;
}

std::unique_ptr<pqxx::connection> connect(const std::string& conninfo) {
    try {
        return std::make_unique<pqxx::connection>(conninfo);
    } catch (const std::exception& e) {
        std::string reason = e.what();
        // libpq may echo parts of the connection string; never let a password through.
        reason = mask_connection_string(reason);
        throw std::runtime_error("[starshift.load.connect_failed] " + mask_connection_string(conninfo) + ": " +
                                 reason);
    }
}

}  // namespace starshift::load
