#include "starshift/load/connection.hpp"

#include <regex>
#include <stdexcept>

#include "starshift/common/error.hpp"

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
        const std::string target = conninfo.empty()
                                       ? std::string("libpq's default server (no host, port or database configured)")
                                       : mask_connection_string(conninfo);
        while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
        // " (libpq: …)" rather than ": …": a masked "password=***" must stay separated from the reason.
        throw error("starshift.load.connect_failed", "cannot connect to " + target + " (libpq: " +
                                                         (reason.empty() ? std::string("no reason given") : reason) +
                                                         ")");
    }
}

}  // namespace starshift::load
