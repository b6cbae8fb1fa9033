// io::mapped_store: s3:// URIs served from local folders (starshift run --s3-map), longest prefix first.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "starshift/io/manifest.hpp"
#include "starshift/io/mapped_store.hpp"
#include "support/temp_dir.hpp"

namespace io = starshift::io;
namespace fs = std::filesystem;

namespace {

using starshift::testing::temp_dir;

std::string read_all(io::byte_reader& r) {
    std::string s;
    char buf[512];
    for (std::size_t n; (n = r.read(buf, sizeof buf)) > 0;) s.append(buf, n);
    return s;
}

std::vector<std::string> keys(const std::vector<io::object_info>& l) {
    std::vector<std::string> out;
    for (const auto& o : l) out.push_back(o.key);
    return out;
}

io::s3_mapping map(const std::string& arg) {
    const auto m = io::parse_s3_mapping(arg);
    REQUIRE_MESSAGE(m.has_value(), arg);
    return *m;
}

// A store that records what reached it.
class fake_s3 final : public io::object_store {
public:
    mutable std::vector<std::string> seen;
    std::vector<io::object_info> list(std::string_view prefix) const override {
        seen.emplace_back(prefix);
        return {{std::string(prefix) + "x", 1}};
    }
    std::unique_ptr<io::byte_reader> open(std::string_view key) const override {
        seen.emplace_back(key);
        throw io::io_error("starshift.io.fake", key, "fake");
    }
    std::unique_ptr<io::object_sequence> open_sequence(std::vector<io::object_info> objects,
                                                       std::size_t /*ahead*/) const override {
        seen.push_back("open_sequence of " + std::to_string(objects.size()));
        return nullptr;
    }
    io::listed_objects list_and_open(std::string_view prefix, std::size_t /*ahead*/) const override {
        seen.push_back("list_and_open " + std::string(prefix));
        return {};
    }
    std::uint64_t retries() const noexcept override { return 7; }
};

}  // namespace

TEST_CASE("mapped store: parse_s3_mapping normalises both sides to folders") {
    CHECK(map("s3://bucket=/srv/data") == io::s3_mapping{"s3://bucket/", "/srv/data/"});
    CHECK(map("s3://bucket/=/srv/data/") == io::s3_mapping{"s3://bucket/", "/srv/data/"});
    CHECK(map("s3://b/log_data/2018=rel/dir") == io::s3_mapping{"s3://b/log_data/2018/", "rel/dir/"});
    CHECK(map("s3://b/p=/") == io::s3_mapping{"s3://b/p/", "/"});
    CHECK(map("s3://b/a=b=c") == io::s3_mapping{"s3://b/a/", "b=c/"});  // the first '=' splits
    for (const char* bad : {"s3://b", "s3://b/p=", "http://b/p=/d", "s3://=/d", "s3:///p=/d", "b/p=/d",
                            "s3://b/../x=/d", "s3://b/./x=/d", "s3://b//x=/d", ""}) {
        CHECK_MESSAGE(!io::parse_s3_mapping(bad).has_value(), bad);
    }
}

TEST_CASE("mapped store: the longest prefix wins and folders are whole segments") {
    const io::mapped_store s({map("s3://b=/all"), map("s3://b/logs=/logs"), map("s3://b/logs/2018=/y2018"),
                              map("s3://other/x=/ox")});
    CHECK(s.local_path("s3://b/songs/a.json") == std::string("/all/songs/a.json"));
    CHECK(s.local_path("s3://b/logs/a.json") == std::string("/logs/a.json"));
    CHECK(s.local_path("s3://b/logs/2018/11/a.json") == std::string("/y2018/11/a.json"));
    CHECK(s.local_path("s3://b/logs/2018") == std::string("/y2018/"));  // the folder itself
    CHECK(s.local_path("s3://b/logs_old/a") == std::string("/all/logs_old/a"));  // not under s3://b/logs/
    CHECK(s.local_path("s3://other/x/k") == std::string("/ox/k"));
    CHECK_FALSE(s.local_path("s3://other/xy/k").has_value());
    CHECK_FALSE(s.local_path("s3://another/k").has_value());
    CHECK_FALSE(s.local_path("/local/file").has_value());
    CHECK(s.serves("/local/file"));
    CHECK(s.serves("s3://b/anything"));
    CHECK_FALSE(s.serves("s3://another/k"));
}

TEST_CASE("mapped store: listings and opens use s3 keys over local files") {
    temp_dir d;
    d.write_all({{"2018/11/a.json", "{\"a\":1}\n"}, {"2018/11/b.json", "{\"a\":2}\n"},
                 {"2018/12/c.json", "{\"a\":3}\n"}, {"other.json", "{}\n"}});
    const io::mapped_store s({map("s3://bucket/log_data=" + d.str())});

    CHECK(keys(s.list("s3://bucket/log_data/2018/11")) ==
          std::vector<std::string>{"s3://bucket/log_data/2018/11/a.json", "s3://bucket/log_data/2018/11/b.json"});
    CHECK(keys(s.list("s3://bucket/log_data")).size() == 4);
    CHECK(keys(s.list("s3://bucket/log_data/2018/1")).size() == 3);  // a key prefix, not a folder
    CHECK(s.list("s3://bucket/log_data/none").empty());
    const auto l = s.list("s3://bucket/log_data/2018/12/c.json");
    REQUIRE(l.size() == 1);
    CHECK(l[0].size == 8);
    auto r = s.open(l[0].key);
    CHECK(read_all(*r) == "{\"a\":3}\n");
    // Local paths pass through.
    auto local = s.open(d.str() + "/other.json");
    CHECK(read_all(*local) == "{}\n");
}

TEST_CASE("mapped store: an unmapped s3 key is an error naming it unless a fallback serves it") {
    const io::mapped_store s({map("s3://bucket/log_data=/nowhere")});
    try {
        (void)s.list("s3://elsewhere/data/");
        FAIL("expected io_error");
    } catch (const io::io_error& e) {
        CHECK(e.id() == "starshift.io.s3_unmapped");
        CHECK(std::string(e.what()).find("s3://elsewhere/data/") != std::string::npos);
    }
    CHECK_THROWS_WITH_AS((void)s.open("s3://elsewhere/k"), doctest::Contains("starshift.io.s3_unmapped"),
                         io::io_error);

    fake_s3 s3;
    const io::mapped_store with({map("s3://bucket/log_data=/nowhere")}, &s3);
    CHECK(keys(with.list("s3://elsewhere/p")) == std::vector<std::string>{"s3://elsewhere/px"});
    CHECK_THROWS_WITH_AS((void)with.open("s3://elsewhere/k"), doctest::Contains("starshift.io.fake"), io::io_error);
    CHECK(s3.seen == std::vector<std::string>{"s3://elsewhere/p", "s3://elsewhere/k"});
    CHECK(with.serves("s3://elsewhere/k"));
}

TEST_CASE("mapped store: manifest entries given as s3 URLs resolve through the mapping") {
    temp_dir d;
    d.write("data/part-0.json", "{\"a\":1}\n");
    d.write("data/part-1.json", "{\"a\":2}\n");
    d.write("m.manifest", R"({"entries":[{"url":"s3://bk/data/part-0.json","mandatory":true},
                                         {"url":"s3://bk/data/part-1.json","mandatory":true}]})");
    const io::mapped_store s({map("s3://bk=" + d.str())});
    const auto files = io::read_manifest(s, "s3://bk/m.manifest", [](const std::string&) {});
    CHECK(keys(files) == std::vector<std::string>{"s3://bk/data/part-0.json", "s3://bk/data/part-1.json"});
}

TEST_CASE("mapped store: sequences and listings reach the fallback only for unmapped s3 keys") {
    temp_dir d;
    d.write_all({{"a.json", "{}\n"}, {"b.json", "[]\n"}});
    fake_s3 s3;
    const io::mapped_store s({map("s3://bucket/data=" + d.str())}, &s3);
    CHECK(s.retries() == 7);
    CHECK(io::mapped_store({}).retries() == 0);
    // A mapped prefix: listed and read locally, in listing order.
    io::listed_objects l = s.list_and_open("s3://bucket/data/", 1);
    CHECK(keys(l.objects) == std::vector<std::string>{"s3://bucket/data/a.json", "s3://bucket/data/b.json"});
    REQUIRE(l.sequence != nullptr);
    CHECK(read_all(*l.sequence->next()) == "{}\n");
    CHECK(read_all(*l.sequence->next()) == "[]\n");
    CHECK(l.sequence->next() == nullptr);
    CHECK(s3.seen.empty());
    // Unmapped: the fallback's own.
    (void)s.list_and_open("s3://elsewhere/p", 8);
    CHECK(s.open_sequence({{"s3://elsewhere/k", 1}, {"s3://elsewhere/l", 1}}, 8) == nullptr);
    // Mixed: open() ahead, each key where it lives.
    const auto mixed = s.open_sequence({{"s3://bucket/data/b.json", 3}, {"s3://elsewhere/k", 1}}, 1);
    CHECK(read_all(*mixed->next()) == "[]\n");
    CHECK_THROWS_WITH_AS((void)mixed->next(), doctest::Contains("starshift.io.fake"), io::io_error);
    CHECK(s3.seen ==
          std::vector<std::string>{"list_and_open s3://elsewhere/p", "open_sequence of 2", "s3://elsewhere/k"});
}
