#include "starshift/copy/record_splitter.hpp"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "starshift/copy/reject.hpp"

namespace starshift::copy {

namespace {

constexpr bool is_space(char c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

constexpr bool is_special(char c) noexcept {
    return c == '"' || c == '\\' || c == '\n' || c == '{' || c == '}' || c == '[' || c == ']';
}

// The first byte of [p, end) that matters to the bracket scanner (" \ newline { } [ ]), or end.
const char* find_special(const char* p, const char* end) noexcept {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i newline = _mm_set1_epi8('\n');
    const __m128i case_bit = _mm_set1_epi8(0x20);
    const __m128i open = _mm_set1_epi8('{');  // '[' | 0x20 == '{'
    const __m128i close = _mm_set1_epi8('}');  // ']' | 0x20 == '}'
    while (end - p >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const __m128i folded = _mm_or_si128(v, case_bit);
        const __m128i hit = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
            _mm_or_si128(_mm_cmpeq_epi8(v, newline),
                         _mm_or_si128(_mm_cmpeq_epi8(folded, open), _mm_cmpeq_epi8(folded, close))));
        const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
        if (mask != 0U) {
            return p + __builtin_ctz(mask);
        }
        p += 16;
    }
#endif
    while (p < end && !is_special(*p)) {
        ++p;
    }
    return p;
}

}  // namespace

record_splitter::record_splitter(io::byte_reader& input, std::size_t max_record_bytes, std::size_t read_block)
    : input_(&input),
      max_record_bytes_(max_record_bytes),
      block_(new char[(read_block == 0 ? 1 : read_block) + record_padding]),
      block_size_(read_block == 0 ? 1 : read_block) {
    std::memset(block_.get() + block_size_, 0, record_padding);
    record_.resize(64 * 1024 + record_padding);
}

void record_splitter::reset(io::byte_reader& input) noexcept {
    input_ = &input;
    block_len_ = 0;
    pos_ = 0;
    eof_ = false;
    record_len_ = 0;
    text_ = nullptr;
    text_len_ = 0;
    oversize_ = false;
    state_ = state::between;
    depth_ = 0;
    in_string_ = false;
    escape_ = false;
    line_ = 1;
    end_line_ = 0;
    bytes_ = 0;
}

bool record_splitter::refill() {
    if (eof_) {
        return false;
    }
    // the record_padding bytes after block_size_ are never read into: a record returned in place may be read
    // past its end
    block_len_ = input_->read(block_.get(), block_size_);
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

const char* record_splitter::scan_record(const char* p, const char* end, bool& done) noexcept {
    if (escape_ && p < end) {
        escape_ = false;  // the byte after a backslash inside a string (consumed unexamined)
        ++p;
    }
    while (p < end) {
        p = find_special(p, end);
        if (p == end) {
            break;
        }
        const char c = *p++;
        if (in_string_) {
            if (c == '\\') {
                if (p < end) {
                    ++p;
                } else {
                    escape_ = true;
                }
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
                    return p;
                }
                break;
            case '\n': ++line_; break;
            default: break;
        }
    }
    return p;
}

split_event record_splitter::finish_buffered(split_event ev) {
    text_ = record_.data();
    text_len_ = record_len_;
    return ev;
}

split_event record_splitter::rescan() {
    // a candidate lies in the current block on one line (line_ not yet advanced past it): scan it from its start
    candidate_ = false;
    pos_ = candidate_start_;
    state_ = state::record;
    record_len_ = 0;
    oversize_ = false;
    depth_ = 0;
    in_string_ = false;
    escape_ = false;
    const bool saved = line_candidates_;
    line_candidates_ = false;
    const split_event ev = next();
    line_candidates_ = saved;
    return ev;
}

split_event record_splitter::next() {
    candidate_ = false;
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
                return finish_buffered(split_event::unterminated);
            }
            if (s == state::garbage) {
                return finish_buffered(split_event::garbage);
            }
            record_len_ = 0;
            return finish_buffered(split_event::end);
        }
        const char* const base = block_.get();
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
            if (line_candidates_ && (*p == '{' || *p == '[')) {
                const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
                if (nl != nullptr) {
                    const char* last = nl;
                    while (last > p && (last[-1] == ' ' || last[-1] == '\t' || last[-1] == '\r')) {
                        --last;
                    }
                    const auto n = static_cast<std::size_t>(last - p);
                    if (n >= 2 && last[-1] == (*p == '{' ? '}' : ']') && n <= max_record_bytes_) {
                        candidate_ = true;
                        candidate_start_ = pos_;
                        pos_ = static_cast<std::size_t>(last - base);
                        end_line_ = line_;
                        text_ = p;
                        text_len_ = n;
                        return split_event::record;
                    }
                }
            }
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
                return finish_buffered(split_event::garbage);
            }
            continue;
        }
        // state::record: scan for the matching close bracket
        const char* const start = p;
        bool done = false;
        p = scan_record(p, end, done);
        pos_ = static_cast<std::size_t>(p - base);
        const auto n = static_cast<std::size_t>(p - start);
        if (done && record_len_ == 0) {
            // the whole record lies in this block: hand it out in place (block_ has record_padding spare bytes)
            state_ = state::between;
            end_line_ = line_;
            text_ = start;
            if (n > max_record_bytes_) {
                text_len_ = std::min(n, max_raw_value_bytes);
                return split_event::too_large;
            }
            text_len_ = n;
            return split_event::record;
        }
        append(start, n);
        if (done) {
            state_ = state::between;
            end_line_ = line_;
            std::memset(record_.data() + record_len_, 0, record_padding);
            return finish_buffered(oversize_ ? split_event::too_large : split_event::record);
        }
    }
}

}  // namespace starshift::copy
