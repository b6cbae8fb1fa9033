// The read side shared by the record splitters: a byte_reader read in blocks, with replay (bytes handed back are
// read again before the rest of the input) so a splitter can resume inside a record it already consumed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "starshift/io/object_store.hpp"

namespace starshift::copy {

class input_blocks {
public:
    // `padding` bytes after the end of every block (and of replayed bytes) are readable (zeros), for parsers that
    // read past a record's end (simdjson).
    input_blocks(io::byte_reader& input, std::size_t block_size, std::size_t padding);

    // Starts over on another input; the buffers are kept.
    void reset(io::byte_reader& input) noexcept;

    // The current block: [data(), data() + size()); the caller keeps its position in it.
    [[nodiscard]] const char* data() const noexcept { return data_; }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }

    // Makes the next block current (pos = 0); false at the end of the input.
    bool refill(std::size_t& pos);

    // Skips up to n physical lines (each with its newline) from pos; returns how many newlines were passed (fewer
    // than n only at the end of the input). IGNOREHEADER's line count for the CSV and text splitters.
    std::uint32_t skip_lines(std::size_t& pos, std::uint32_t n);

    // Hands [tail, tail + n) back: those bytes are read again, followed by the rest of the current block (from
    // pos) and then the input. A tail that ends at pos inside the current block is a rewind (pos moves back, no
    // copy); any other tail (e.g. from the caller's record buffer) is copied, so memory stays bounded by n plus
    // one block. Afterwards pos is the position of the tail's first byte in the (new) current block.
    void replay(const char* tail, std::size_t n, std::size_t& pos);

    // Bytes read from the input so far (replayed bytes are not counted again).
    [[nodiscard]] std::uint64_t bytes() const noexcept { return bytes_; }

private:
    io::byte_reader* input_;
    std::size_t block_size_;
    std::size_t padding_;
    std::unique_ptr<char[]> block_;  // block_size_ + padding_ bytes; the padding is never read into
    std::vector<char> replay_;       // replayed bytes + the rest of the block they preceded + padding
    std::vector<char> spare_;        // the next replay buffer (a tail may lie in replay_)
    const char* data_;
    std::size_t size_ = 0;
    bool eof_ = false;
    std::uint64_t bytes_ = 0;
};

}  // namespace starshift::copy
