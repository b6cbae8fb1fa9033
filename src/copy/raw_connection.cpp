#include "starshift/copy/detail/raw_connection.hpp"

#include <pqxx/connection_base>

namespace starshift::db {
namespace {

// libpqxx 6.4 keeps the PGconn private (connection_base::raw_connection), and the gate that exposes it is
// reserved for pqxx::largeobject. Taking a pointer to a private member in an explicit template instantiation is
// allowed by the standard ([temp.explicit]/12), so this reads it without touching libpqxx's headers.
struct raw_connection_tag {
    using type = pqxx::internal::pq::PGconn* (pqxx::connection_base::*)() const;
};
template <typename Tag, typename Tag::type Member>
struct member_access {
    friend typename Tag::type get_member(Tag) { return Member; }
};
typename raw_connection_tag::type get_member(raw_connection_tag);
template struct member_access<raw_connection_tag, &pqxx::connection_base::raw_connection>;

}  // namespace

PGconn* raw_connection(pqxx::transaction_base& tx) {
    return reinterpret_cast<PGconn*>((tx.conn().*get_member(raw_connection_tag{}))());
}

}  // namespace starshift::db
