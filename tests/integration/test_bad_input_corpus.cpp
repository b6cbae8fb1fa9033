// The bad-input corpus (tests/data/bad, >= 30 kinds of bad records mixed into good data) loaded through the
// executor and the copy engine on PostgreSQL with a high MAXERROR: for every file loaded + rejected = read, every
// reject row in starshift_load_errors names file, line, code and reason as the manifest says, and exactly the good
// rows load, value for value. Also: an object over the 4 MB bound, and MAXERROR 0 with one bad record (the COPY
// fails and the table keeps exactly its previous rows).
#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "../unit/test_bad_input_corpus.hpp"
#include "etl_test_util.hpp"
#include "pg_fixture.hpp"
#include "starshift/copy/copy_into.hpp"
#include "starshift/copy/record_splitter.hpp"
#include "starshift/load/executor.hpp"
#include "starshift/load/detail/load_errors.hpp"
#include "starshift/model/copy_spec.hpp"
#include "starshift/sql/render.hpp"
#include "support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using namespace starshift;

std::int64_t scalar_of(pqxx::connection& conn, const std::string& sql) {
    pqxx::work tx(conn);
    const auto r = tx.exec1(sql);
    return r[0].is_null() ? 0 : r[0].as<std::int64_t>();
}

std::string text_of(pqxx::connection& conn, const std::string& sql) {
    pqxx::work tx(conn);
    const auto r = tx.exec1(sql);
    return r[0].is_null() ? "NULL" : r[0].c_str();
}

std::vector<std::vector<std::string>> rows_of(pqxx::connection& conn, const std::string& sql) {
    pqxx::work tx(conn);
    std::vector<std::vector<std::string>> out;
    for (const auto& row : tx.exec(sql)) {
        std::vector<std::string> cells;
        for (const auto& f : row) cells.emplace_back(f.is_null() ? "NULL" : f.c_str());
        out.push_back(std::move(cells));
    }
    return out;
}

load::plan copy_plan(const std::string& source, const table& target, std::int64_t maxerror) {
    copy_spec spec;
    spec.table = target.name;
    spec.source.uri = source;
    spec.maxerror = maxerror;
    return etl_test::copy_plan(spec, target, "bad-input");
}

const char* const all_columns_text =
    "SELECT id::text, src::text, s::text, i::text, b::text, d::text, f::text, v::text, c::text, flag::text, "
    "ts::text, dt::text FROM bad_target";

using starshift::testing::temp_dir;

}  // namespace

TEST_CASE("bad input: the corpus loads exactly its good rows and records every reject") {
    const auto files = bad_input::load_manifest();
    REQUIRE(files.size() >= 31);
    testing::scratch_database db("badinput");
    auto conn = db.connect();
    const table t = bad_input::target_table("bad_target");
    etl_test::create(*conn, t);

    load::executor ex(*conn);
    const load::run_result r = ex.run(copy_plan(bad_input::corpus_dir(), t, 100000));
    REQUIRE(r.steps.size() == 1);
    const load::copy_summary& sum = r.steps[0].copy;

    const auto [read, rejected, good] = bad_input::totals(files);
    CHECK(sum.files == files.size());
    CHECK(sum.records_read == read);
    CHECK(sum.rows_loaded == good);
    CHECK(sum.rows_rejected == rejected);
    CHECK(sum.records_read == sum.rows_loaded + sum.rows_rejected);
    CHECK(scalar_of(*conn, "SELECT count(*) FROM bad_target") == static_cast<std::int64_t>(good));
    CHECK(scalar_of(*conn, "SELECT count(*) FROM starshift_load_errors") == static_cast<std::int64_t>(rejected));
    // The Redshift-named view shows the same rows.
    CHECK(scalar_of(*conn, "SELECT count(*) FROM stl_load_errors WHERE tbl_name = 'bad_target'") ==
          static_cast<std::int64_t>(rejected));
    CHECK(scalar_of(*conn, "SELECT count(DISTINCT load_id) FROM starshift_load_errors") == 1);

    for (const auto& f : files) {
        INFO("file " << f.name);
        pqxx::work tx(*conn);
        const std::int64_t loaded =
            tx.exec_params1("SELECT count(*) FROM bad_target WHERE src = $1", f.stem())[0].as<std::int64_t>();
        const pqxx::result rej = tx.exec_params(
            "SELECT filename, line_number, colname, err_code, err_reason, raw_field_value FROM starshift_load_errors "
            "WHERE filename = $1 ORDER BY line_number, err_code",
            bad_input::corpus_dir() + "/" + f.name);
        tx.commit();
        CHECK(static_cast<std::uint64_t>(loaded) + rej.size() == f.read);
        CHECK(static_cast<std::size_t>(loaded) == f.good_ids.size());
        REQUIRE(rej.size() == f.rejects.size());
        for (std::size_t k = 0; k < f.rejects.size(); ++k) {
            const auto row = rej[static_cast<pqxx::result::size_type>(k)];
            INFO("reject at line " << row[1].c_str() << ": " << row[4].c_str());
            CHECK(row[1].as<std::uint64_t>() == f.rejects[k].line);
            CHECK(row[3].as<int>() == f.rejects[k].code);
            CHECK(!std::string(row[4].c_str()).empty());
            CHECK(std::string(row[5].c_str()).size() <= 1024);
            if (!f.rejects[k].column.empty()) CHECK(std::string(row[2].c_str()) == f.rejects[k].column);
        }
    }

    // Exactly the good rows, value for value.
    std::vector<std::vector<std::string>> expected;
    for (const auto& f : files) {
        for (const auto id : f.good_ids) expected.push_back(bad_input::good_row_text(id, f.stem()));
    }
    std::sort(expected.begin(), expected.end(),
              [](const auto& a, const auto& b) { return std::stoll(a[0]) < std::stoll(b[0]); });
    const auto actual = rows_of(*conn, std::string(all_columns_text) + " ORDER BY bad_target.id");
    REQUIRE(actual.size() == expected.size());
    for (std::size_t k = 0; k < actual.size(); ++k) {
        std::string a;
        std::string e;
        for (const auto& c : actual[k]) a += c + "|";
        for (const auto& c : expected[k]) e += c + "|";
        CHECK(a == e);
    }
}

TEST_CASE("bad input: an object over the 4 MB bound is one reject and the records around it load") {
    temp_dir dir;
    {
        std::ofstream f(dir.path() / "big.json", std::ios::binary);
        f << R"({"id":1,"src":"big"})" << "\n{\"id\":2,\"src\":\"big\",\"v\":\""
          << std::string(copy::default_max_record_bytes + 10, 'x') << "\"}\n"
          << R"({"id":3,"src":"big"})" << "\n";
    }
    testing::scratch_database db("badinputbig");
    auto conn = db.connect();
    const table t = bad_input::target_table("bad_target");
    etl_test::create(*conn, t);
    load::executor ex(*conn);
    const auto r = ex.run(copy_plan((dir.path() / "big.json").string(), t, 10));
    CHECK(r.steps.at(0).copy.records_read == 3);
    CHECK(r.steps.at(0).copy.rows_loaded == 2);
    CHECK(r.steps.at(0).copy.rows_rejected == 1);
    CHECK(text_of(*conn, "SELECT string_agg(id::text, ',' ORDER BY id) FROM bad_target") == "1,3");
    CHECK(text_of(*conn, "SELECT line_number || ':' || err_code FROM starshift_load_errors") == "2:1224");
    CHECK(scalar_of(*conn, "SELECT max(octet_length(raw_field_value)) FROM starshift_load_errors") <= 1024);
}

TEST_CASE("bad input: MAXERROR 0 with one bad record fails the COPY and leaves the table unchanged") {
    const auto files = bad_input::load_manifest();
    testing::scratch_database db("badinputmax0");
    auto conn = db.connect();
    const table t = bad_input::target_table("bad_target");
    etl_test::create(*conn, t);
    {
        pqxx::work tx(*conn);
        tx.exec0("INSERT INTO bad_target (id, src, v) VALUES (1000, 'before', 'kept'), (1001, 'before', NULL)");
        tx.commit();
    }
    const std::string checksum_sql = "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY id), '')) FROM bad_target t";
    const std::string before = text_of(*conn, checksum_sql);

    // One file with one bad record (an integer overflow) among four good ones.
    const std::string file = bad_input::corpus_dir() + "/n03_integer_overflow.json";
    load::executor ex(*conn);
    bool failed = false;
    try {
        (void)ex.run(copy_plan(file, t, 0));
    } catch (const load::step_error& e) {
        failed = true;
        const std::string what = e.what();
        CHECK(what.find("[starshift.copy.maxerror_exceeded]") != std::string::npos);
        CHECK(what.find("n03_integer_overflow.json") != std::string::npos);
    }
    CHECK(failed);
    CHECK(scalar_of(*conn, "SELECT count(*) FROM bad_target") == 2);
    CHECK(text_of(*conn, checksum_sql) == before);
    // As Redshift keeps stl_load_errors rows of failed loads, the reject that failed it is recorded.
    CHECK(scalar_of(*conn, "SELECT count(*) FROM starshift_load_errors WHERE err_code = 1204 AND line_number = 3") == 1);
}

TEST_CASE("bad input: rejects whose raw value has NUL bytes or invalid UTF-8 are still recorded") {
    testing::scratch_database db("badinputraw");
    auto conn = db.connect();
    copy::reject r;
    r.file = "dir/f\xff.json";
    r.line = 7;
    r.raw_value = std::string("a\0b\xff" "c", 5);
    r.code = copy::error_code::invalid_utf8;
    r.reason = "invalid UTF-8";
    {
        pqxx::work tx(*conn);
        load::record_rejects(tx, load::next_load_id(tx), "t", {r});
        tx.commit();
    }
    CHECK(text_of(*conn, "SELECT raw_field_value FROM starshift_load_errors") == "a\\x00b\\xffc");
    CHECK(text_of(*conn, "SELECT filename FROM starshift_load_errors") == "dir/f\\xff.json");
    CHECK(scalar_of(*conn, "SELECT line_number FROM starshift_load_errors") == 7);
}

TEST_CASE("bad input: MAXERROR equal to the number of corpus rejects loads every good row by default") {
    const bad_input::corpus_totals expected = bad_input::totals(bad_input::load_manifest());
    const auto rejects = static_cast<std::int64_t>(expected.rejected);
    const std::uint64_t good = expected.good;
    testing::scratch_database scratch("badinputmaxn");
    auto conn = scratch.connect();
    const table t = bad_input::target_table("bad_target");
    etl_test::create(*conn, t);
    copy_spec spec;
    spec.table = t.name;
    spec.source.uri = bad_input::corpus_dir();
    spec.maxerror = rejects;
    {
        // The at_least rule (the documentation's literal words: fail when errors >= MAXERROR) fails with N errors …
        copy::copy_options o;
        o.maxerror_boundary = copy::maxerror_rule::at_least;
        pqxx::work tx(*conn);
        CHECK_THROWS_AS((void)db::copy_into(tx, spec, t, o), copy::load_error);
    }
    {
        // … the default more_than rule (MAXERROR N tolerates N, as clusters behave) loads every good row.
        pqxx::work tx(*conn);
        const db::copy_result r = db::copy_into(tx, spec, t);
        CHECK(r.rows_rejected == static_cast<std::uint64_t>(rejects));
        CHECK(r.rows_loaded == good);
        tx.commit();
    }
    {
        // One error more than MAXERROR fails under the default rule.
        spec.maxerror = rejects - 1;
        pqxx::work tx(*conn);
        CHECK_THROWS_AS((void)db::copy_into(tx, spec, t), copy::load_error);
    }
    CHECK(scalar_of(*conn, "SELECT count(*) FROM bad_target") == static_cast<std::int64_t>(good));
}
