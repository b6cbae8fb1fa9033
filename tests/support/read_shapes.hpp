// Runs a splitter test over every read shape: reads of 1, 3 and 1 MB bytes times read blocks of 1, 5 and 64 KB bytes.
// The splitters must give the same events whatever the shapes (records crossing blocks, replays).
#pragma once

#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "starshift/io/memory_store.hpp"

namespace starshift::testing {

// One event of a splitter (csv_event or text_event), its text and its start line.
template <class Kind>
struct split_event {
    Kind kind;
    std::string text;
    std::uint64_t line;
    friend bool operator==(const split_event& a, const split_event& b) {
        return a.kind == b.kind && a.text == b.text && a.line == b.line;
    }
};

template <class Kind>
std::ostream& operator<<(std::ostream& os, const std::vector<split_event<Kind>>& v) {
    for (const auto& e : v) {
        os << "{" << static_cast<int>(e.kind) << ", |" << e.text << "|, line " << e.line << "} ";
    }
    return os;
}

// Every event of `sp` up to `end` (exclusive).
template <class Splitter, class Kind>
std::vector<split_event<Kind>> events_of(Splitter& sp, Kind end) {
    std::vector<split_event<Kind>> out;
    for (Kind e = sp.next(); e != end; e = sp.next()) {
        out.push_back({e, std::string(sp.text()), sp.line()});
    }
    return out;
}

// collect(reader, block) returns the events of one split; every shape must agree; the first result is returned.
template <class Collect>
auto over_read_shapes(const std::string& s, Collect&& collect) {
    decltype(collect(std::declval<io::byte_reader&>(), std::size_t{})) first{};
    bool have = false;
    for (const std::size_t step : {std::size_t{1}, std::size_t{3}, std::size_t{1} << 20U}) {
        for (const std::size_t block : {std::size_t{1}, std::size_t{5}, std::size_t{64 * 1024}}) {
            io::memory_reader r(s, "mem", step);
            auto out = collect(r, block);
            if (!have) {
                first = std::move(out);
                have = true;
            } else {
                REQUIRE(out == first);
            }
        }
    }
    return first;
}

}  // namespace starshift::testing
