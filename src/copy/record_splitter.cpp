#include "starshift/copy/record_splitter.hpp"

#include <algorithm>
#include <cstring>

#include "starshift/copy/reject.hpp"

namespace starshift::copy {

namespace {
constexpr bool is_space(char c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
}  // namespace

record_splitter::record_splitter(io::byte_reader& input, std::size_t max_record_bytes, std::size_t read_block)
    : input_(input), max_record_bytes_(max_record_bytes), block_(read_block == 0 ? 1 : read_block) {
    record_.resize(64 * 1024 + record_padding);
}

bool record_splitter::refill() {
    if (eof_) {
        return false;
    }
    block_len_ = input_.read(block_.data(), block_.size());
    pos_ = 0;
    bytes_ += block_len_;
    if (block_len_ == 0) {
        eof_ = true;
        return false;
    }
    return true;
}

void record_splitter::append(const char* p, std::size_t n) {
    const std::size_t limit = oversize_ || state_ != state::record ? max_raw_value_bytes : max_record_bytes_;
    if (record_len_ + n > limit) {
        if (state_ == state::record && !oversize_) {
            oversize_ = true;  // keep only the start, for the reject's raw value
            record_len_ = std::min(record_len_, max_raw_value_bytes);
        }
        if (record_len_ >= max_raw_value_bytes) {
            return;
        }
        n = max_raw_value_bytes > record_len_ ? std::min(n, max_raw_value_bytes - record_len_) : 0;
    }
    if (record_len_ + n + record_padding > record_.size()) {
        std::size_t want = record_.size() * 2;
        while (want < record_len_ + n + record_padding) {
            want *= 2;
        }
        record_.resize(want);
    }
    std::memcpy(record_.data() + record_len_, p, n);
    record_len_ += n;
}

split_event record_splitter::next() {
    if (state_ == state::between) {
        record_len_ = 0;
    }
    for (;;) {
        if (pos_ >= block_len_ && !refill()) {
            const state s = state_;
            state_ = state::between;
            end_line_ = line_;
            if (s == state::record) {
                std::memset(record_.data() + record_len_, 0, record_padding);
                return split_event::unterminated;
            }
            if (s == state::garbage) {
                return split_event::garbage;
            }
            record_len_ = 0;
            return split_event::end;
        }
        const char* const base = block_.data();
        const char* p = base + pos_;
        const char* const end = base + block_len_;
        if (state_ == state::between) {
            while (p < end && is_space(*p)) {
                if (*p == '\n') {
                    ++line_;
                }
                ++p;
            }
            pos_ = static_cast<std::size_t>(p - base);
            if (p == end) {
                continue;
            }
            record_len_ = 0;
            oversize_ = false;
            if (*p == '{' || *p == '[') {
                state_ = state::record;
                depth_ = 0;
                in_string_ = false;
                escape_ = false;
            } else {
                state_ = state::garbage;
            }
        }
        if (state_ == state::garbage) {
            const char* start = p;
            while (p < end && !is_space(*p) && *p != '{' && *p != '[') {
                ++p;
            }
            append(start, static_cast<std::size_t>(p - start));
            pos_ = static_cast<std::size_t>(p - base);
            if (p < end) {
                state_ = state::between;
                end_line_ = line_;
                return split_event::garbage;
            }
            continue;
        }
        // state::record: scan for the matching close bracket
        const char* start = p;
        bool done = false;
        while (p < end) {
            const char c = *p++;
            if (in_string_) {
                if (escape_) {
                    escape_ = false;
                } else if (c == '\\') {
                    escape_ = true;
                } else if (c == '"') {
                    in_string_ = false;
                } else if (c == '\n') {
                    ++line_;
                }
                continue;
            }
            switch (c) {
                case '"': in_string_ = true; break;
                case '{':
                case '[': ++depth_; break;
                case '}':
                case ']':
                    if (--depth_ == 0) {
                        done = true;
                    }
                    break;
                case '\n': ++line_; break;
                default: break;
            }
            if (done) {
                break;
            }
        }
        append(start, static_cast<std::size_t>(p - start));
        pos_ = static_cast<std::size_t>(p - base);
        if (done) {
            state_ = state::between;
            end_line_ = line_;
            std::memset(record_.data() + record_len_, 0, record_padding);
            return oversize_ ? split_event::too_large : split_event::record;
        }
    }
}

}  // namespace starshift::copy
