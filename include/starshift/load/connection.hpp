// Opening a libpqxx connection from a URL or key=value string, with the password never in an error message.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <pqxx/connection>

namespace starshift::load {

// The connection string with any password replaced by '***' (URL userinfo, password=…, ?password=…).
[[nodiscard]] std::string mask_connection_string(std::string_view conninfo);

// Connects; on failure throws starshift::error "[starshift.load.connect_failed] <masked conninfo>: <reason>"
// where the reason has the password masked too.
[[nodiscard]] std::unique_ptr<pqxx::connection> connect(const std::string& conninfo);

}  // namespace starshift::load
