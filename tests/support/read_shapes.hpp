// Runs a splitter test over every read shape: reads of 1, 3 and 1 MB bytes times read blocks of 1, 5 and 64 KB bytes.
// The splitters must give the same events whatever the shapes (records crossing blocks, replays). Events are
// collected with split_all (support/split_events.hpp).
#pragma once

#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <utility>

#include "starshift/io/memory_store.hpp"
#include "support/split_events.hpp"

namespace starshift::testing {

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
