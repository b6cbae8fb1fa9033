// Interrupted loads: a process running a plan (one transaction, two COPY steps, the second of a few hundred MB) is
// killed with SIGKILL in the middle of the second COPY. Every target table, and starshift_load_errors, must be
// exactly as before (row count and an md5 over all rows). The loading process is a fork of the test program with its
// own connection; it reports progress through a pipe so the kill lands while COPY data is streaming, which the test
// confirms in pg_stat_progress_copy. STARSHIFT_KILL_TEST_MB sets the file size (default 300).
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <pqxx/pqxx>

#include "etl_test_util.hpp"
#include "pg_fixture.hpp"
#include "starshift/load/executor.hpp"
#include "starshift/model/column.hpp"
#include "starshift/model/copy_spec.hpp"
#include "starshift/model/sql_type.hpp"
#include "starshift/model/table.hpp"
#include "starshift/sql/render.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using namespace starshift;

using starshift::testing::temp_dir;

table events_table(const std::string& name) {
    table t;
    t.name = name;
    t.columns = {column_builder("id", bigint()).not_null(), column_builder("user_id", integer()),
                 column_builder("page", varchar(32)), column_builder("ts", timestamp()),
                 column_builder("note", varchar(64))};
    return t;
}

load::step copy_step(const std::string& source, const table& target) {
    copy_spec spec;
    spec.table = target.name;
    spec.source.uri = source;
    spec.maxerror = 1000;
    return etl_test::copy_step(spec, target);
}

std::uint64_t kill_test_bytes() {
    const char* env = std::getenv("STARSHIFT_KILL_TEST_MB");  // NOLINT(concurrency-mt-unsafe)
    const std::uint64_t mb = env != nullptr ? std::strtoull(env, nullptr, 10) : 300;
    return (mb == 0 ? 300 : mb) << 20U;
}

// Writes NDJSON events (and one bad record every 100000) until `bytes`.
void write_events(const fs::path& p, std::uint64_t bytes) {
    std::ofstream f(p, std::ios::binary);
    std::string buf;
    std::uint64_t written = 0;
    for (std::uint64_t id = 1; written < bytes; ++id) {
        if (id % 100000 == 0) {
            buf += "{\"id\":" + std::to_string(id) + ",\"user_id\":\"not a number\"}\n";
        } else {
            buf += "{\"id\":" + std::to_string(id) + ",\"user_id\":" + std::to_string(id % 9973) +
                   ",\"page\":\"NextSong\",\"ts\":\"2018-11-01 10:11:12\",\"note\":\"row " + std::to_string(id) +
                   " padding padding\"}\n";
        }
        if (buf.size() > (1U << 20U)) {
            f << buf;
            written += buf.size();
            buf.clear();
        }
    }
    f << buf;
}

struct snapshot {
    std::int64_t rows = 0;
    std::string md5;
    bool operator==(const snapshot& o) const { return rows == o.rows && md5 == o.md5; }
};

snapshot snap(pqxx::connection& conn, const std::string& table_sql) {
    pqxx::work tx(conn);
    const auto r = tx.exec1("SELECT count(*), md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM " +
                            table_sql + " x");
    return {r[0].as<std::int64_t>(), r[1].c_str()};
}

}  // namespace

TEST_CASE("kill: SIGKILL in the middle of a COPY leaves every target table exactly as before") {
    temp_dir dir;
    const fs::path small = dir.path() / "small.json";
    {
        std::ofstream f(small, std::ios::binary);
        for (int id = 1; id <= 1000; ++id) f << "{\"id\":" << id << ",\"page\":\"Home\"}\n";
        f << "{\"id\":\"bad\"}\n";
    }
    const fs::path big = dir.path() / "big.json";
    write_events(big, kill_test_bytes());

    testing::scratch_database db("kill");
    auto conn = db.connect();
    const table a = events_table("events_a");
    const table b = events_table("events_b");
    {
        pqxx::work tx(*conn);
        for (const auto* t : {&a, &b})
            for (const auto& s : sql::create_table(*t, sql::dialect::postgres)) tx.exec0(s);
        tx.exec0("INSERT INTO events_a (id, page) VALUES (-1, 'before a')");
        tx.exec0("INSERT INTO events_b (id, page) SELECT -g, 'before b' FROM generate_series(1, 50) g");
        tx.commit();
    }
    // A first (successful) load so starshift_load_errors exists and has rows.
    {
        load::plan p;
        p.name = "warm-up";
        p.steps.push_back(copy_step(small.string(), a));
        load::executor ex(*conn);
        (void)ex.run(p);
    }
    const snapshot a0 = snap(*conn, "events_a");
    const snapshot b0 = snap(*conn, "events_b");
    const snapshot e0 = snap(*conn, "starshift_load_errors");
    REQUIRE(a0.rows == 1001);
    REQUIRE(e0.rows == 1);

    const auto child = starshift::testing::fork_child([&](int fd) {
        try {
            auto child_conn = db.connect();
            load::plan p;
            p.name = "killed";
            p.steps.push_back(copy_step(small.string(), a));
            p.steps.push_back(copy_step(big.string(), b));
            load::executor_options o;
            o.single_transaction = true;
            o.progress_interval = std::chrono::milliseconds(50);
            o.on_progress = [&](const load::progress& pr) {
                const std::string line = pr.step + " " + std::to_string(pr.bytes) + "\n";
                (void)!::write(fd, line.data(), line.size());
            };
            load::executor ex(*child_conn, o);
            (void)ex.run(p);
            (void)!::write(fd, "finished\n", 9);
        } catch (...) {
            (void)!::write(fd, "error\n", 6);
        }
    });
    const pid_t pid = child.pid;
    // Wait until the big COPY has streamed a tenth of the file, then make sure the server is inside the COPY.
    std::string seen;
    std::uint64_t big_bytes = 0;
    char buf[512];
    while (big_bytes < kill_test_bytes() / 10) {
        const ssize_t n = ::read(child.from_child, buf, sizeof buf);
        if (n <= 0) break;
        seen.append(buf, static_cast<std::size_t>(n));
        std::size_t nl;
        while ((nl = seen.find('\n')) != std::string::npos) {
            const std::string line = seen.substr(0, nl);
            seen.erase(0, nl + 1);
            if (line.rfind("copy events_b ", 0) == 0) big_bytes = std::stoull(line.substr(14));
            REQUIRE(line != "finished");  // the file is too small to catch the COPY in flight
            REQUIRE(line != "error");
        }
    }
    const std::int64_t copying = [&] {
        pqxx::work tx(*conn);
        return tx.exec1("SELECT count(*) FROM pg_stat_progress_copy WHERE relid = 'events_b'::regclass")[0]
            .as<std::int64_t>();
    }();
    REQUIRE(::kill(pid, SIGKILL) == 0);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ::close(child.from_child);
    CHECK(WIFSIGNALED(status));
    CHECK(big_bytes >= kill_test_bytes() / 10);
    CHECK(copying == 1);

    // The server notices the dead client and rolls its transaction back; give it a moment to drop the backend.
    for (int k = 0; k < 100; ++k) {
        pqxx::work tx(*conn);
        if (tx.exec1("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> "
                     "pg_backend_pid()")[0]
                .as<int>() == 0)
            break;
        tx.commit();
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(snap(*conn, "events_a") == a0);
    CHECK(snap(*conn, "events_b") == b0);
    CHECK(snap(*conn, "starshift_load_errors") == e0);
}
