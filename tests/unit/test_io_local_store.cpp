#include <doctest/doctest.h>


#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "starshift/copy/copy_encoder.hpp"
#include "starshift/copy/reject.hpp"
#include "starshift/io/decompress.hpp"
#include "starshift/io/local_store.hpp"
#include "starshift/io/uri_store.hpp"
#include "starshift/model/copy_spec.hpp"
#include "starshift/model/table.hpp"
#include "support/compress.hpp"
#include "support/temp_dir.hpp"

using namespace starshift;
namespace fs = std::filesystem;

namespace {

using starshift::testing::gzip;
using starshift::testing::zstd;
using starshift::testing::bzip2;

using starshift::testing::temp_dir;

std::string read_all(io::byte_reader& r) {
    std::string s;
    char buf[777];
    for (std::size_t n; (n = r.read(buf, sizeof buf)) > 0;) {
        s.append(buf, n);
    }
    return s;
}

std::string decompress(const temp_dir& d, const std::string& file, compression c) {
    io::local_store store;
    auto r = io::make_decompressing_reader(store.open((d.path() / file).string()), c);
    return read_all(*r);
}

std::string big_text() {
    std::string s;
    for (int i = 0; i < 20000; ++i) {
        s += "{\"n\":" + std::to_string(i) + "}\n";
    }
    return s;
}

}  // namespace

TEST_CASE("io local_store: a path that is not a directory is a key prefix sorted bytewise") {
    temp_dir d;
    d.write_all({{"log_data/b.json", "1"}, {"log_data/a/x.json", "2"}, {"log_data_old/x", "3"}, {"log_data.json", "4"},
                 {"other/y", "5"}, {"log_data/.hidden", "6"}});
    io::local_store store;
    const std::string base = d.path().string();
    const auto all = store.list(base + "/log_dat");
    REQUIRE(all.size() == 5);
    CHECK(all[0].key == base + "/log_data.json");
    CHECK(all[1].key == base + "/log_data/.hidden");
    CHECK(all[2].key == base + "/log_data/a/x.json");
    CHECK(all[3].key == base + "/log_data/b.json");
    CHECK(all[4].key == base + "/log_data_old/x");
    CHECK(store.list(base + "/log_data/").size() == 3);
    CHECK(store.list(base + "/nothing").empty());
    CHECK(store.list(base + "/missing_dir/x").empty());
    CHECK(store.list("file://" + base + "/other").size() == 1);
    CHECK(store.list_key_prefix(base + "/log_data").size() == 5);  // S3's semantics, for mapped s3:// keys
    CHECK_THROWS_AS((void)store.open(base + "/missing"), io::io_error);
}

TEST_CASE("io local_store: a directory path reads only the files under it") {
    temp_dir d;
    // the reported case: a config file beside the data folder
    d.write_all({{"badlog/2018/11/a.json", "1"}, {"badlog/2018/11/b.json", "2"}, {"badlog.cfg", "[S3]\n"},
                 {"badlog_old/c.json", "3"}});
    io::local_store store;
    const std::string base = d.path().string();
    for (const std::string& source : {base + "/badlog", base + "/badlog/", "file://" + base + "/badlog"}) {
        CAPTURE(source);
        const auto files = store.list(source);
        REQUIRE(files.size() == 2);
        CHECK(files[0].key == base + "/badlog/2018/11/a.json");
        CHECK(files[1].key == base + "/badlog/2018/11/b.json");
    }
    CHECK(store.describe_listing(base + "/badlog", store.list(base + "/badlog")) ==
          "directory " + base + "/badlog: 2 files");
    // The same folder reached through a symbolic link is read too (links inside the tree are not descended).
    fs::create_directory_symlink(d.path() / "badlog", d.path() / "link");
    CHECK(store.list(base + "/link").size() == 2);
}

TEST_CASE("io local_store: a prefix is described with its folders and matches the sibling files") {
    temp_dir d;
    d.write_all({{"x/badlog/2018/a.json", "1"}, {"x/badlog/2018/b.json", "2"}, {"x/badlog.cfg", "3"},
                 {"x/bad.json", "4"}, {"x/good.json", "5"}});
    io::local_store store;
    const std::string x = d.path().string() + "/x";
    const auto files = store.list(x + "/bad");
    REQUIRE(files.size() == 4);
    CHECK(store.describe_listing(x + "/bad", files) ==
          "prefix " + x + "/bad: 4 files in " + x + "/ (2), " + x + "/badlog/ (2)");
    const auto cfg = store.list(x + "/badlog.");
    REQUIRE(cfg.size() == 1);
    CHECK(store.describe_listing(x + "/badlog.", cfg) == "prefix " + x + "/badlog.: 1 file in " + x + "/");
    CHECK(store.describe_listing(x + "/nothing", store.list(x + "/nothing")) == "prefix " + x + "/nothing: 0 files");
}

TEST_CASE("io describe_prefix_listing names at most four folders") {
    std::vector<io::object_info> files;
    for (const char* k : {"s3://b/log/a", "s3://b/log1/a", "s3://b/log2/a", "s3://b/log2/b", "s3://b/log3/a",
                          "s3://b/log4/a", "s3://b/log5/a"}) {
        files.push_back({k, 1});
    }
    CHECK(io::describe_prefix_listing("s3://b/log", files) ==
          "prefix s3://b/log: 7 files in s3://b/log/ (1), s3://b/log1/ (1), s3://b/log2/ (2), s3://b/log3/ (1), and 2 "
          "more folders");
    CHECK(io::describe_prefix_listing("s3://b/log/", files) == "folder s3://b/log/: 7 files");
    CHECK(io::prefix_folder("s3://b/log", "s3://b/log.json").empty());
    CHECK(io::prefix_folder("s3://b/log", "s3://b/log_old/x/y") == "s3://b/log_old/");
}

TEST_CASE("copy engine: a local prefix matching nothing is starshift.copy.no_files naming the prefix") {
    temp_dir d;
    d.write("badlog/a.json", "{\"n\": 1}\n");
    const table t = table_builder("t").column(col("n", integer())).build();
    copy_spec spec;
    spec.table = "t";
    spec.source.uri = d.path().string() + "/nothing";
    spec.format.kind = copy_format_kind::json_auto;
    copy::copy_encoder enc(spec, t);
    try {
        enc.run([](std::string& chunk) { chunk.clear(); });
        FAIL("expected a load_error");
    } catch (const copy::load_error& e) {
        CHECK(e.id() == "starshift.copy.no_files");
        CHECK(std::string(e.what()).find("prefix " + spec.source.uri + ": 0 files") != std::string::npos);
    }
    spec.source.uri = d.path().string() + "/badlog";
    copy::copy_encoder dir(spec, t);
    std::string data;
    dir.run([&data](std::string& chunk) {
        data += chunk;
        chunk.clear();
    });
    CHECK(dir.stats().rows_loaded == 1);
    CHECK(dir.source() == "directory " + spec.source.uri + ": 1 file");
}

TEST_CASE("io decompress: gzip (multi-member) zstd and bzip2 round trips") {
    temp_dir d;
    const std::string text = big_text();
    d.write("a.gz", gzip(text.substr(0, 1000)) + gzip(text.substr(1000)));
    d.write("a.zst", zstd(text) + zstd("tail"));
    d.write("a.bz2", bzip2(text));
    CHECK(decompress(d, "a.gz", compression::gzip) == text);
    CHECK(decompress(d, "a.zst", compression::zstd) == text + "tail");
    CHECK(decompress(d, "a.bz2", compression::bzip2) == text);
}

TEST_CASE("io decompress: truncated and corrupt streams name the file") {
    temp_dir d;
    const std::string text = big_text();
    const std::string gz = gzip(text);
    const std::string zs = zstd(text);
    const std::string bz = bzip2(text);
    d.write("t.gz", gz.substr(0, gz.size() / 2));
    d.write("t.zst", zs.substr(0, zs.size() / 2));
    d.write("t.bz2", bz.substr(0, bz.size() / 2));
    d.write("c.gz", "not gzip at all");
    auto id_of = [&](const std::string& f, compression c) {
        try {
            (void)decompress(d, f, c);
        } catch (const io::io_error& e) {
            CHECK(std::string(e.what()).find(f) != std::string::npos);
            return e.id();
        }
        return std::string("none");
    };
    CHECK(id_of("t.gz", compression::gzip) == "starshift.io.truncated_stream");
    CHECK(id_of("t.zst", compression::zstd) == "starshift.io.truncated_stream");
    CHECK(id_of("t.bz2", compression::bzip2) == "starshift.io.truncated_stream");
    CHECK(id_of("c.gz", compression::gzip) == "starshift.io.corrupt_stream");
}

TEST_CASE("uri_store routes local paths to files and refuses s3 keys without an S3 store") {
    const temp_dir scratch("starshift_uri_store_test");
    const auto& dir = scratch.path();
    {
        std::ofstream(dir / "a.json") << "{}";
    }
    const starshift::io::uri_store store(nullptr);
    const auto listed = store.list((dir / "a").string());
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].key == (dir / "a.json").string());
    try {
        (void)store.list("s3://bucket/prefix");
        FAIL("expected an io_error");
    } catch (const starshift::io::io_error& e) {
        CHECK(e.id() == "starshift.io.no_s3_store");
        CHECK(std::string(e.what()).find("s3://bucket/prefix") != std::string::npos);
    }
}
