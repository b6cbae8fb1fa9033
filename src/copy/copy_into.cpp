#include "starshift/copy/copy_into.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include <pqxx/connection_base>
#include <pqxx/except>

#include "starshift/copy/detail/raw_connection.hpp"
#include "starshift/sql/quote.hpp"

namespace starshift::db {

namespace {

// A bounded queue of chunks with a pool of recycled buffers.
class chunk_queue {
public:
    explicit chunk_queue(std::size_t capacity) : capacity_(capacity < 2 ? 2 : capacity) {}

    // Producer: moves `chunk` into the queue (waiting while full) and gives back an empty recycled buffer.
    // `rows`: the rows loaded up to the end of this chunk. Returns false when the consumer cancelled.
    bool push(std::string& chunk, std::uint64_t rows) {
        std::unique_lock<std::mutex> lock(mu_);
        not_full_.wait(lock, [&] { return full_.size() < capacity_ || cancelled_; });
        if (cancelled_) {
            chunk.clear();
            return false;
        }
        full_.push_back({std::move(chunk), rows});
        chunk.clear();
        if (!free_.empty()) {
            chunk = std::move(free_.back());
            free_.pop_back();
            chunk.clear();
        }
        not_empty_.notify_one();
        return true;
    }
    void finish(std::exception_ptr error) {
        std::lock_guard<std::mutex> lock(mu_);
        done_ = true;
        error_ = std::move(error);
        not_empty_.notify_one();
    }
    // Consumer: false when the producer is done and the queue is drained.
    bool pop(std::string& out, std::uint64_t& rows) {
        std::unique_lock<std::mutex> lock(mu_);
        not_empty_.wait(lock, [&] { return !full_.empty() || done_; });
        if (full_.empty()) {
            return false;
        }
        out = std::move(full_.front().data);
        rows = full_.front().rows;
        full_.pop_front();
        not_full_.notify_one();
        return true;
    }
    void recycle(std::string&& buffer) {
        std::lock_guard<std::mutex> lock(mu_);
        if (free_.size() < capacity_) {
            free_.push_back(std::move(buffer));
        }
    }
    void cancel() {
        std::lock_guard<std::mutex> lock(mu_);
        cancelled_ = true;
        not_full_.notify_all();
    }
    std::exception_ptr error() {
        std::lock_guard<std::mutex> lock(mu_);
        return error_;
    }

private:
    std::size_t capacity_;
    std::mutex mu_;
    std::condition_variable not_full_;
    std::condition_variable not_empty_;
    struct entry {
        std::string data;
        std::uint64_t rows = 0;
    };
    std::deque<entry> full_;
    std::vector<std::string> free_;
    bool done_ = false;
    bool cancelled_ = false;
    std::exception_ptr error_;
};

// Drains the results after PQputCopyEnd; returns the server's error message, or "" on success.
std::string finish_copy(PGconn* conn, std::string& sqlstate) {
    std::string error;
    while (PGresult* r = PQgetResult(conn)) {
        const ExecStatusType st = PQresultStatus(r);
        if (st != PGRES_COMMAND_OK && error.empty()) {
            error = PQresultErrorMessage(r);
            const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
            sqlstate = state != nullptr ? state : "";
            if (error.empty()) {
                error = PQresStatus(st);
            }
        }
        PQclear(r);
    }
    return error;
}

}  // namespace

copy_result copy_into(pqxx::work& tx, const copy_spec& spec, const table& target, const copy::copy_options& options) {
    const auto start = std::chrono::steady_clock::now();
    copy::copy_encoder encoder(spec, target, options);

    std::string sql = "COPY " + sql::quote_qualified(target.schema, target.name) + " (";
    for (std::size_t i = 0; i < encoder.column_names().size(); ++i) {
        sql += (i > 0 ? ", " : "") + sql::quote_identifier(encoder.column_names()[i]);
    }
    sql += ") FROM STDIN";
    if (options.wire == copy::wire_format::binary) {
        sql += " (FORMAT binary)";  // the encoder sends the header, the rows in binary and the trailer
    }
    tx.exec0(sql, "starshift copy_into");  // pqxx accepts the COPY_IN state; the data goes through libpq below
    PGconn* conn = raw_connection(tx);

    chunk_queue queue(options.queue_chunks);
    std::atomic<bool> cancel{false};
    std::thread parser([&] {
        std::exception_ptr err;
        try {
            encoder.run([&](std::string& chunk) {
                if (!queue.push(chunk, encoder.stats().rows_loaded)) {
                    cancel.store(true);
                }
            }, &cancel);
        } catch (...) {
            err = std::current_exception();
        }
        queue.finish(err);
    });

    std::string send_error;
    std::string chunk;
    std::uint64_t bytes_sent = 0;
    std::uint64_t rows_sent = 0;  // rows loaded up to the end of the last chunk sent (any wire format)
    std::uint64_t chunk_rows = 0;
    auto last_progress = start;
    while (queue.pop(chunk, chunk_rows)) {
        if (send_error.empty()) {
            if (PQputCopyData(conn, chunk.data(), static_cast<int>(chunk.size())) != 1) {
                send_error = PQerrorMessage(conn);
                cancel.store(true);
                queue.cancel();
            }
            bytes_sent += chunk.size();
            rows_sent = chunk_rows;
        }
        queue.recycle(std::move(chunk));
        chunk = std::string();
        if (options.progress) {
            const auto now = std::chrono::steady_clock::now();
            if (std::chrono::duration<double>(now - last_progress).count() >= options.progress_interval_seconds) {
                last_progress = now;
                // stats are written by the parser thread: report what this thread sent (rows and COPY bytes)
                options.progress(copy::copy_progress{rows_sent, bytes_sent,
                                                     std::chrono::duration<double>(now - start).count()});
            }
        }
    }
    parser.join();
    const std::exception_ptr parse_error = queue.error();

    std::string sqlstate;
    if (parse_error || !send_error.empty()) {
        // abort: the server discards everything sent and reports an error; the transaction is then failed
        (void)PQputCopyEnd(conn, parse_error ? "starshift: COPY aborted by the client (load errors)"
                                             : "starshift: COPY aborted by the client (send failed)");
        (void)finish_copy(conn, sqlstate);
        if (parse_error) {
            std::rethrow_exception(parse_error);
        }
        throw copy::load_error("starshift.copy.server_error", "COPY " + spec.table + ": sending data failed: " + send_error);
    }
    if (PQputCopyEnd(conn, nullptr) != 1) {
        throw copy::load_error("starshift.copy.server_error",
                               "COPY " + spec.table + ": ending COPY failed: " + PQerrorMessage(conn));
    }
    const std::string server_error = finish_copy(conn, sqlstate);
    if (!server_error.empty()) {
        throw pqxx::sql_error("[starshift.copy.server_error] COPY " + spec.table + ": " + server_error, sql,
                              sqlstate.empty() ? nullptr : sqlstate.c_str());
    }

    copy_result result;
    const copy::copy_stats& st = encoder.stats();
    result.files = st.files;
    result.records_read = st.records_read;
    result.rows_loaded = st.rows_loaded;
    result.rows_rejected = st.rows_rejected;
    result.bytes_read = st.bytes_read;
    result.request_retries = st.request_retries;
    result.rejects = encoder.rejects();
    result.warnings = encoder.warnings();
    result.source = encoder.source();
    result.per_file = st.per_file;
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (options.progress) {
        options.progress(copy::copy_progress{result.rows_loaded, result.bytes_read, result.seconds});
    }
    return result;
}

}  // namespace starshift::db
