#include "starshift/copy/input_blocks.hpp"

#include <cstdint>
#include <cstring>

namespace starshift::copy {

input_blocks::input_blocks(io::byte_reader& input, std::size_t block_size, std::size_t padding)
    : input_(&input),
      block_size_(block_size == 0 ? 1 : block_size),
      padding_(padding),
      block_(new char[block_size_ + padding_]),
      data_(block_.get()) {
    std::memset(block_.get() + block_size_, 0, padding_);
}

void input_blocks::reset(io::byte_reader& input) noexcept {
    input_ = &input;
    data_ = block_.get();
    size_ = 0;
    eof_ = false;
    bytes_ = 0;
}

bool input_blocks::refill(std::size_t& pos) {
    pos = 0;
    data_ = block_.get();
    size_ = 0;
    if (eof_) {
        return false;
    }
    size_ = input_->read(block_.get(), block_size_);
    bytes_ += size_;
    if (size_ == 0) {
        eof_ = true;
        return false;
    }
    return true;
}

void input_blocks::replay(const char* tail, std::size_t n, std::size_t& pos) {
    if (n == 0) {
        return;
    }
    const auto at = reinterpret_cast<std::uintptr_t>(tail);
    const auto block = reinterpret_cast<std::uintptr_t>(data_);
    if (at >= block && at + n == block + pos) {
        pos -= n;  // the tail is the end of what was read from the current block: step back
        return;
    }
    const std::size_t rest = pos < size_ ? size_ - pos : 0;
    spare_.resize(n + rest + padding_);
    if (n > 0) {
        std::memcpy(spare_.data(), tail, n);
    }
    if (rest > 0) {
        std::memcpy(spare_.data() + n, data_ + pos, rest);
    }
    std::memset(spare_.data() + n + rest, 0, padding_);
    replay_.swap(spare_);
    data_ = replay_.data();
    size_ = n + rest;
    pos = 0;
}

std::uint32_t input_blocks::skip_lines(std::size_t& pos, std::uint32_t n) {
    std::uint32_t skipped = 0;
    while (skipped < n) {
        if (pos >= size_ && !refill(pos)) {
            break;
        }
        const auto* nl = static_cast<const char*>(std::memchr(data_ + pos, '\n', size_ - pos));
        if (nl == nullptr) {
            pos = size_;
            continue;
        }
        pos = static_cast<std::size_t>(nl - data_) + 1;
        ++skipped;
    }
    return skipped;
}

}  // namespace starshift::copy
