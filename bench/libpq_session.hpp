// A plain libpq connection for the benchmarks' server-side COPY paths and plain SQL (no libpqxx in the way).
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "starshift/load/connection.hpp"

namespace starshift::bench {

struct libpq_session_options {
    bool quiet_notices = true;        // drop server notices ("does not exist, skipping")
    std::size_t sql_in_errors = 200;  // at most this much of a failing statement in an error message
};

class libpq_session {
public:
    explicit libpq_session(const std::string& url, libpq_session_options options = {})
        : c_(PQconnectdb(url.c_str())), options_(options) {
        if (PQstatus(c_) != CONNECTION_OK) {
            const std::string msg = PQerrorMessage(c_);
            PQfinish(c_);
            throw std::runtime_error("[starshift.bench.connect] " + starshift::load::mask_connection_string(url) +
                                     ": " + msg);
        }
        if (options_.quiet_notices)
            PQsetNoticeProcessor(c_, [](void*, const char*) {}, nullptr);  // no "does not exist, skipping" notices
    }
    ~libpq_session() { PQfinish(c_); }
    libpq_session(const libpq_session&) = delete;
    libpq_session& operator=(const libpq_session&) = delete;

    [[nodiscard]] int backend_pid() const { return PQbackendPID(c_); }

    void exec(const std::string& sql, ExecStatusType want = PGRES_COMMAND_OK) {
        PGresult* r = PQexec(c_, sql.c_str());
        const ExecStatusType st = PQresultStatus(r);
        std::string err = PQresultErrorMessage(r);
        PQclear(r);
        if (st != want) {
            throw std::runtime_error("[starshift.bench.sql] " + sql.substr(0, options_.sql_in_errors) + ": " + err);
        }
    }
    // The first row of a query, NULL as "".
    std::vector<std::string> row(const std::string& sql) {
        PGresult* r = PQexec(c_, sql.c_str());
        if (PQresultStatus(r) != PGRES_TUPLES_OK) {
            std::string err = PQresultErrorMessage(r);
            PQclear(r);
            throw std::runtime_error("[starshift.bench.sql] " + sql.substr(0, options_.sql_in_errors) + ": " + err);
        }
        std::vector<std::string> out;
        if (PQntuples(r) > 0) {
            for (int i = 0; i < PQnfields(r); ++i) {
                out.emplace_back(PQgetvalue(r, 0, i));
            }
        }
        PQclear(r);
        return out;
    }
    std::vector<std::vector<std::string>> rows(const std::string& sql) {
        PGresult* r = PQexec(c_, sql.c_str());
        if (PQresultStatus(r) != PGRES_TUPLES_OK) {
            std::string err = PQresultErrorMessage(r);
            PQclear(r);
            throw std::runtime_error("[starshift.bench.sql] " + sql.substr(0, options_.sql_in_errors) + ": " + err);
        }
        std::vector<std::vector<std::string>> out;
        for (int t = 0; t < PQntuples(r); ++t) {
            std::vector<std::string> one;
            for (int i = 0; i < PQnfields(r); ++i) {
                one.emplace_back(PQgetisnull(r, t, i) ? "NULL" : PQgetvalue(r, t, i));
            }
            out.push_back(std::move(one));
        }
        PQclear(r);
        return out;
    }
    void finish(const std::string& what) {
        std::string err;
        while (PGresult* r = PQgetResult(c_)) {
            if (PQresultStatus(r) != PGRES_COMMAND_OK && err.empty()) {
                err = PQresultErrorMessage(r);
            }
            PQclear(r);
        }
        if (!err.empty()) {
            throw std::runtime_error("[starshift.bench.sql] " + what + ": " + err);
        }
    }
    std::uint64_t copy_out(const std::string& sql, const std::filesystem::path& file) {
        exec(sql, PGRES_COPY_OUT);
        std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(file.c_str(), "wb"), &std::fclose);
        if (!f) {
            throw std::runtime_error("[starshift.bench.io] cannot write " + file.string());
        }
        std::uint64_t bytes = 0;
        for (;;) {
            char* buf = nullptr;
            const int n = PQgetCopyData(c_, &buf, 0);
            if (n < 0) {
                break;
            }
            bytes += static_cast<std::uint64_t>(n);
            const bool ok = std::fwrite(buf, 1, static_cast<std::size_t>(n), f.get()) == static_cast<std::size_t>(n);
            PQfreemem(buf);
            if (!ok) {
                throw std::runtime_error("[starshift.bench.io] short write to " + file.string());
            }
        }
        finish(sql);
        return bytes;
    }
    void put(const char* data, std::size_t n) {
        if (n > 0 && PQputCopyData(c_, data, static_cast<int>(n)) != 1) {
            throw std::runtime_error(std::string("[starshift.bench.sql] PQputCopyData: ") + PQerrorMessage(c_));
        }
    }
    void end_copy(const std::string& sql) {
        if (PQputCopyEnd(c_, nullptr) != 1) {
            throw std::runtime_error(std::string("[starshift.bench.sql] PQputCopyEnd: ") + PQerrorMessage(c_));
        }
        finish(sql);
    }
    // COPY … FROM STDIN from a file in 1 MB blocks.
    void copy_in(const std::string& sql, const std::filesystem::path& file) {
        exec(sql, PGRES_COPY_IN);
        std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(file.c_str(), "rb"), &std::fclose);
        if (!f) {
            throw std::runtime_error("[starshift.bench.io] cannot read " + file.string());
        }
        std::vector<char> buf(1U << 20U);
        for (;;) {
            const std::size_t n = std::fread(buf.data(), 1, buf.size(), f.get());
            if (n == 0) {
                break;
            }
            put(buf.data(), n);
        }
        end_copy(sql);
    }

private:
    PGconn* c_;
    libpq_session_options options_;
};

}  // namespace starshift::bench
