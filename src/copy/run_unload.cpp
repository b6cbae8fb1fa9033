#include "starshift/copy/run_unload.hpp"

#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include <pqxx/except>

#include "starshift/copy/detail/raw_connection.hpp"

namespace starshift::db {
namespace {

struct result_deleter {
    void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using result_ptr = std::unique_ptr<PGresult, result_deleter>;

[[noreturn]] void throw_result_error(PGresult* r, PGconn* conn, const std::string& sql) {
    const char* state = r != nullptr ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    std::string message = r != nullptr ? PQresultErrorMessage(r) : "";
    if (message.empty()) message = PQerrorMessage(conn);
    throw pqxx::sql_error(message, sql, state);
}

// The query without trailing white space and ';' (it is wrapped in SELECT … FROM (…) and COPY (…), the closing
// parenthesis on a line of its own so that a trailing -- comment cannot swallow it).
std::string bare_query(const std::string& query) {
    std::string q = query;
    while (!q.empty() && (q.back() == ';' || q.back() == ' ' || q.back() == '\n' || q.back() == '\t' ||
                          q.back() == '\r'))
        q.pop_back();
    return q;
}

copy::unload_column::kind kind_of(char category, unsigned oid) {
    constexpr unsigned money_oid = 790;
    switch (category) {
        case 'S': return copy::unload_column::kind::character;
        case 'N': return oid == money_oid ? copy::unload_column::kind::other : copy::unload_column::kind::number;
        case 'B': return copy::unload_column::kind::boolean;
        default: return copy::unload_column::kind::other;
    }
}

std::vector<copy::unload_column> describe(pqxx::work& tx, PGconn* conn, const std::string& query) {
    const std::string sql = "SELECT * FROM (" + query + "\n) AS starshift_unload LIMIT 0";
    const result_ptr r(PQexec(conn, sql.c_str()));
    if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) throw_result_error(r.get(), conn, sql);
    std::vector<copy::unload_column> out;
    for (int i = 0; i < PQnfields(r.get()); ++i) {
        copy::unload_column c;
        c.name = PQfname(r.get(), i);
        const Oid oid = PQftype(r.get(), i);
        const pqxx::result t = tx.exec_params(
            "SELECT format_type($1::oid, NULLIF($2::int, -1)), typcategory FROM pg_type WHERE oid = $1::oid",
            static_cast<unsigned>(oid), PQfmod(r.get(), i));
        if (!t.empty()) {
            c.type = t[0][0].c_str();
            c.what = kind_of(t[0][1].c_str()[0], oid);
        }
        out.push_back(std::move(c));
    }
    return out;
}

// Reads what is left of a COPY OUT (after a failure in the writer), so that the connection is usable again.
void drain(PGconn* conn) {
    char* buf = nullptr;
    while (PQgetCopyData(conn, &buf, 0) > 0) PQfreemem(buf);
    while (PGresult* r = PQgetResult(conn)) PQclear(r);
}

}  // namespace

copy::unload_result run_unload(pqxx::work& tx, const unload_spec& spec, const std::string& query,
                               const io::object_store& store, const copy::unload_options& options) {
    copy::check_unload_supported(spec);
    PGconn* conn = raw_connection(tx);
    tx.exec0("SET LOCAL DateStyle = 'ISO, MDY'");
    const std::string q = bare_query(query);
    copy::unload_writer writer(spec, describe(tx, conn, q), store, options);

    const std::string sql = "COPY (" + q + "\n) TO STDOUT";
    {
        const result_ptr r(PQexec(conn, sql.c_str()));
        if (PQresultStatus(r.get()) != PGRES_COPY_OUT) throw_result_error(r.get(), conn, sql);
    }
    std::string scratch;
    copy::unload_row row;
    try {
        for (;;) {
            char* buf = nullptr;
            const int n = PQgetCopyData(conn, &buf, 0);
            if (n == -1) break;
            if (n < 0) throw pqxx::sql_error(PQerrorMessage(conn), sql);
            const std::unique_ptr<char, void (*)(void*)> owned(buf, PQfreemem);
            std::string_view line(buf, static_cast<std::size_t>(n));
            if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
            copy::decode_copy_text_line(line, scratch, row);
            writer.add(row);
        }
    } catch (...) {
        drain(conn);
        throw;
    }
    std::optional<std::pair<std::string, std::string>> failure;
    while (PGresult* r = PQgetResult(conn)) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && !failure) {
            const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
            failure.emplace(PQresultErrorMessage(r), state != nullptr ? state : "");
        }
        PQclear(r);
    }
    if (failure) throw pqxx::sql_error(failure->first, sql, failure->second.c_str());
    return writer.finish();
}

}  // namespace starshift::db
