// Versioned installs into the schema starshift_redshift (Redshift's functions, the simulated system views).
#pragma once

#include <string>

#include <pqxx/transaction_base>

namespace starshift::load {

// Runs `sql` unless starshift_redshift.installed records `component` at `version` or newer (then false); creates
// the schema and that table when missing, serialised by an advisory lock; records `version` (true).
bool install_component(pqxx::transaction_base& tx, const std::string& component, int version, const std::string& sql);

}  // namespace starshift::load
