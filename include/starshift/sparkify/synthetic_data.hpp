// A Sparkify-shaped data set made in memory for the tuning simulator (no database, no files): for benchmarks and
// for `sparkify advise` without a loaded warehouse.
#pragma once

#include <cstdint>

#include "starshift/tune/table_data.hpp"

namespace starshift::sparkify {

// songplays (start_time one play per `seconds_apart` from 2018-11-01, user_id and song_id Zipf-distributed with
// exponent 1 — a few users and songs take most plays — artist_id the song's, level, location) and its users, songs,
// artists and time dimensions, reduced to the columns the Sparkify workload reads. Deterministic per seed.
struct synthetic_options {
    std::uint64_t songplays = 100'000;
    std::uint32_t users = 1'000;
    std::uint32_t songs = 20'000;
    std::uint32_t artists = 5'000;
    std::uint32_t locations = 300;
    std::uint32_t seconds_apart = 7;
    std::uint64_t seed = 42;
};
[[nodiscard]] tune::warehouse_data synthetic_tune_data(const synthetic_options& options = {});

}  // namespace starshift::sparkify
