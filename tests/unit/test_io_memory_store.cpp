// io::memory_store and io::memory_reader: key-prefix listing, reads in steps, a missing key.
#include <doctest/doctest.h>

#include <string>

#include "starshift/common/error.hpp"
#include "starshift/io/memory_store.hpp"

using namespace starshift;

namespace {

std::string read_all(io::byte_reader& r, std::size_t buffer) {
    std::string out, chunk(buffer, '\0');
    for (std::size_t n; (n = r.read(chunk.data(), chunk.size())) > 0;) out.append(chunk, 0, n);
    return out;
}

}  // namespace

TEST_CASE("memory_store: lists by key prefix in bytewise order") {
    io::memory_store s;
    s.put("log/b.json", "bb");
    s.put("log/a.json", "a");
    s.put("log_old/c.json", "ccc");
    s.put("song/d.json", "dddd");
    const auto all = s.list("log");
    REQUIRE(all.size() == 3);
    CHECK(all[0].key == "log/a.json");
    CHECK(all[0].size == 1);
    CHECK(all[1].key == "log/b.json");
    CHECK(all[2].key == "log_old/c.json");
    CHECK(s.list("log/").size() == 2);
    CHECK(s.list("nothing").empty());
    CHECK(s.list("").size() == 4);
}

TEST_CASE("memory_store: readers return the bytes in steps and a missing key is open_failed") {
    io::memory_store s("k", "0123456789");
    s.set_read_step(3);
    auto r = s.open("k");
    CHECK(r->name() == "k");
    char buf[16];
    CHECK(r->read(buf, sizeof buf) == 3);
    CHECK(read_all(*r, 16) == "3456789");
    try {
        (void)s.open("missing");
        FAIL("expected an error");
    } catch (const error& e) {
        CHECK(e.id() == "starshift.io.open_failed");
        CHECK(std::string(e.what()).find("missing") != std::string::npos);
    }
    io::memory_reader whole("abc", "mem");
    CHECK(read_all(whole, 2) == "abc");
}
