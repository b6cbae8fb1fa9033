// The bad-input corpus through the copy encoder (no database): for every file read = loaded + rejected, every
// reject carries file, line, code and reason as the manifest says, and exactly the good records become rows.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "starshift/copy/copy_encoder.hpp"
#include "starshift/model/copy_spec.hpp"
#include "test_bad_input_corpus.hpp"

using namespace starshift;

namespace {

struct encoded {
    std::vector<std::vector<std::string>> rows;  // COPY text fields (unescaped only as far as the corpus needs)
    copy::copy_stats stats;
    std::vector<copy::reject> rejects;
};

encoded encode_corpus(std::int64_t maxerror) {
    const table t = bad_input::target_table("bad_target");
    copy_spec spec;
    spec.table = t.name;
    spec.source.uri = bad_input::corpus_dir();
    spec.maxerror = maxerror;
    copy::copy_options text_wire;
    text_wire.wire = copy::wire_format::text;  // the rows are read back from COPY text
    copy::copy_encoder enc(spec, t, text_wire);
    std::string all;
    enc.run([&](std::string& chunk) {
        all += chunk;
        chunk.clear();
    });
    encoded e;
    for (const auto& line : bad_input::split(all, '\n')) {
        if (!line.empty()) e.rows.push_back(bad_input::split(line, '\t'));
    }
    e.stats = enc.stats();
    e.rejects = enc.rejects();
    return e;
}

}  // namespace

TEST_CASE("bad input corpus: the manifest lists at least 30 kinds of bad records") {
    const auto files = bad_input::load_manifest();
    std::size_t with_rejects = 0;
    for (const auto& f : files) with_rejects += f.rejects.empty() ? 0 : 1;
    CHECK(with_rejects >= 30);
}

TEST_CASE("bad input corpus: per file read = loaded + rejected and the rejects match the manifest") {
    const auto files = bad_input::load_manifest();
    REQUIRE(!files.empty());
    const encoded e = encode_corpus(100000);

    const auto [total_read, total_rejects, total_good] = bad_input::totals(files);
    CHECK(e.stats.files == files.size());
    CHECK(e.stats.records_read == total_read);
    CHECK(e.stats.rows_rejected == total_rejects);
    CHECK(e.stats.rows_loaded == total_good);
    CHECK(e.stats.records_read == e.stats.rows_loaded + e.stats.rows_rejected);
    CHECK(e.rows.size() == total_good);

    for (const auto& f : files) {
        INFO("file " << f.name);
        std::vector<std::int64_t> ids;
        for (const auto& r : e.rows) {
            REQUIRE(r.size() == 12);
            if (r[1] == f.stem()) ids.push_back(std::stoll(r[0]));
        }
        std::sort(ids.begin(), ids.end());
        CHECK(ids == f.good_ids);

        std::vector<copy::reject> mine;
        for (const auto& r : e.rejects) {
            const bool same = r.file.size() >= f.name.size() &&
                              r.file.compare(r.file.size() - f.name.size(), f.name.size(), f.name) == 0;
            if (same) mine.push_back(r);
        }
        CHECK(ids.size() + mine.size() == f.read);
        REQUIRE(mine.size() == f.rejects.size());
        for (std::size_t k = 0; k < mine.size(); ++k) {
            INFO("reject " << mine[k].describe());
            CHECK(mine[k].line == f.rejects[k].line);
            CHECK(mine[k].code == f.rejects[k].code);
            CHECK(!mine[k].reason.empty());
            if (!f.rejects[k].column.empty()) CHECK(mine[k].column == f.rejects[k].column);
        }
    }
}

TEST_CASE("bad input corpus: MAXERROR below the number of rejects fails naming the first rejects") {
    bool threw = false;
    try {
        (void)encode_corpus(0);
    } catch (const copy::load_error& err) {
        threw = true;
        CHECK(err.id() == "starshift.copy.maxerror_exceeded");
        REQUIRE(!err.rejects().empty());
        CHECK(std::string(err.what()).find("m01_unquoted_key.json") != std::string::npos);
    }
    CHECK(threw);
}
