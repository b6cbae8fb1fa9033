// Seeded, platform-independent random numbers for data generators, samplers and benchmarks (the same bytes for the
// same seed on every machine: no std:: distributions, whose output is implementation-defined).
#pragma once

#include <cstdint>
#include <vector>

namespace starshift {

// splitmix64 (Steele, Lea, Flood 2014): one step of the sequence from `state`, advancing it.
[[nodiscard]] constexpr std::uint64_t splitmix64(std::uint64_t& state) noexcept {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31U);
}

// A small generator over splitmix64.
class seeded_random {
public:
    explicit constexpr seeded_random(std::uint64_t seed) noexcept : state_(seed) {}
    [[nodiscard]] constexpr std::uint64_t next() noexcept { return splitmix64(state_); }
    // Uniform in [0, 1) with 53 bits.
    [[nodiscard]] constexpr double uniform() noexcept {
        return static_cast<double>(next() >> 11U) * (1.0 / 9007199254740992.0);
    }

private:
    std::uint64_t state_;
};

// Zipf's law with exponent 1 over ranks 0..n-1: rank k has weight 1 / (k + 1).
class zipf_distribution {
public:
    explicit zipf_distribution(std::uint32_t n);
    [[nodiscard]] std::uint32_t sample(seeded_random& r) const;
    [[nodiscard]] std::uint32_t size() const noexcept { return static_cast<std::uint32_t>(cumulative_.size()); }

private:
    std::vector<double> cumulative_;
};

}  // namespace starshift
