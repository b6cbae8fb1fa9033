// Objects held in memory as an object store (data a program builds itself, tests, fuzzers, benchmarks), and a
// byte_reader over bytes in memory.
#pragma once

#include <cstddef>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/io/object_store.hpp"

namespace starshift::io {

// A stream over bytes the caller keeps alive, handing out at most `step` bytes per read() (a small step exercises
// a reader's block boundaries).
class memory_reader final : public byte_reader {
public:
    memory_reader(std::string_view data, std::string name,
                  std::size_t step = std::numeric_limits<std::size_t>::max()) noexcept;
    [[nodiscard]] std::size_t read(char* buffer, std::size_t n) override;
    [[nodiscard]] const std::string& name() const noexcept override { return name_; }

private:
    std::string_view data_;
    std::string name_;
    std::size_t step_;
    std::size_t pos_ = 0;
};

// Keys and their bytes; list() has the key-prefix semantics of every store (sorted bytewise). Opening a key that
// is not there throws io_error [starshift.io.open_failed].
class memory_store final : public object_store {
public:
    memory_store() = default;
    // One object.
    memory_store(std::string key, std::string data);
    void put(std::string key, std::string data);
    // Readers hand out at most `step` bytes per read().
    void set_read_step(std::size_t step) noexcept { step_ = step; }

    [[nodiscard]] std::vector<object_info> list(std::string_view prefix) const override;
    [[nodiscard]] std::unique_ptr<byte_reader> open(std::string_view key) const override;
    // The object appears when the writer finishes (the store is written through a const reference, as every
    // store is: the objects are its state, not its configuration).
    [[nodiscard]] std::unique_ptr<byte_writer> create(std::string_view key) const override;
    void remove(std::string_view key) const override;

private:
    mutable std::map<std::string, std::string, std::less<>> objects_;
    std::size_t step_ = std::numeric_limits<std::size_t>::max();
};

}  // namespace starshift::io
