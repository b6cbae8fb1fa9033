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
    : in_(input, read_block, record_padding), max_record_bytes_(max_record_bytes) {
    record_.resize(64 * 1024 + record_padding);
}

void record_splitter::reset(io::byte_reader& input) noexcept {
    in_.reset(input);
    pos_ = 0;
    record_len_ = 0;
    record_total_ = 0;
    text_ = nullptr;
    text_len_ = 0;
    oversize_ = false;
    state_ = state::between;
    depth_ = 0;
    in_string_ = false;
    escape_ = false;
    resync_off_ = none;
    resync_line_ = 0;
    resync_pending_ = false;
    cut_here_ = false;
    skip_line_ = false;
    line_ = 1;
    start_line_ = 0;
    end_line_ = 0;
    resumed_line_ = 0;
    candidate_ = false;
}

void record_splitter::append(const char* p, std::size_t n) {
    // a record is buffered whole until it passes the bound (next() then cuts it or keeps only its start);
    // garbage and oversize records keep only their start, for the reject's raw value
    if (oversize_ || state_ != state::record) {
        if (record_len_ >= max_raw_value_bytes) {
            return;
        }
        n = std::min(n, max_raw_value_bytes - record_len_);
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

bool record_splitter::value_may_start(const char* q, const char* chunk) const noexcept {
    // the last byte before this line that is not white space (the record's bytes before this chunk are in record_)
    char prev = 0;
    for (const char* b = q; b > chunk;) {
        --b;
        if (!is_space(*b)) {
            prev = *b;
            break;
        }
    }
    for (std::size_t i = record_len_; prev == 0 && i > 0;) {
        --i;
        if (!is_space(record_[i])) {
            prev = record_[i];
        }
    }
    if (prev == '[' || prev == ':') {
        return true;
    }
    // after a comma, only inside an array (deeper than the bit stack: unknown, so possible)
    return prev == ',' && (depth_ > 64 || (kinds_ & 1U) != 0);
}

const char* record_splitter::note_line_start(const char* p, const char* end, const char* chunk) noexcept {
    const char* q = p;
    while (q < end && (*q == ' ' || *q == '\t' || *q == '\r')) {
        ++q;
    }
    if (q == end) {
        resync_pending_ = true;  // the line's first non-blank byte is in the next block
        return p;
    }
    if (*q != '{' && *q != '[') {
        return p;
    }
    if (resync_off_ == none) {
        resync_off_ = record_total_ + static_cast<std::size_t>(q - chunk);
        resync_line_ = line_;
    }
    // Stop here when the record cannot be valid JSON: a string held a line end, or no value may start at this
    // line (a value inside an open record follows '[', ':' or an array's ','); or when it is over the size bound
    // (its start is no longer buffered). Either way it is cut at its first resync line.
    if (oversize_ || broken_ || !value_may_start(q, chunk)) {
        cut_here_ = true;
        return q;
    }
    return p;
}

const char* record_splitter::scan_record(const char* p, const char* end, bool& done, const char* chunk) noexcept {
    if (resync_pending_ && p < end) {
        resync_pending_ = false;
        p = note_line_start(p, end, chunk);
        if (cut_here_) {
            return p;
        }
    }
    if (escape_ && p < end) {
        escape_ = false;  // the byte after a backslash inside a string (consumed unexamined, but lines count)
        if (*p++ == '\n') {
            ++line_;
            broken_ = true;
            p = note_line_start(p, end, chunk);
            if (cut_here_) {
                return p;
            }
        }
    }
    while (p < end) {
        p = find_special(p, end);
        if (p == end) {
            break;
        }
        const char c = *p++;
        if (in_string_) {
            if (c == '\\') {
                if (p == end) {
                    escape_ = true;
                    continue;
                }
                if (*p++ != '\n') {
                    continue;
                }
                // a backslash before a line end (a cut line): the line still counts
            } else if (c == '"') {
                in_string_ = false;
                continue;
            } else if (c != '\n') {
                continue;
            }
            broken_ = true;  // a line end inside a string: not valid JSON
        } else {
            switch (c) {
                case '"': in_string_ = true; continue;
                case '{':
                case '[':
                    if (++depth_ <= 64) {
                        kinds_ = (kinds_ << 1U) | (c == '[' ? 1U : 0U);
                    }
                    continue;
                case '}':
                case ']':
                    if (depth_ <= 64) {
                        kinds_ >>= 1U;
                    }
                    if (--depth_ == 0) {
                        done = true;
                        return p;
                    }
                    continue;
                case '\n': break;
                default: continue;
            }
        }
        // a line end inside the record
        ++line_;
        p = note_line_start(p, end, chunk);
        if (cut_here_) {
            return p;
        }
    }
    return p;
}

split_event record_splitter::finish_buffered(split_event ev) {
    text_ = record_.data();
    text_len_ = record_len_;
    return ev;
}

void record_splitter::begin_record() noexcept {
    state_ = state::record;
    start_line_ = line_;
    record_len_ = 0;
    record_total_ = 0;
    oversize_ = false;
    depth_ = 0;
    in_string_ = false;
    escape_ = false;
    resync_off_ = none;
    resync_pending_ = false;
    cut_here_ = false;
    broken_ = false;
    kinds_ = 0;
}

split_event record_splitter::cut(split_event ev) {
    // text_ holds the whole record scanned so far and pos_ is just after it: replay from the resync line
    in_.replay(text_ + resync_off_, text_len_ - resync_off_, pos_);
    text_len_ = resync_off_;
    while (text_len_ > 0 && is_space(text_[text_len_ - 1])) {
        --text_len_;
    }
    end_line_ = line_;
    line_ = resync_line_;
    resumed_line_ = resync_line_;
    resync_off_ = none;
    state_ = state::between;
    return ev;
}

bool record_splitter::resync() {
    if (resync_off_ == none || state_ != state::between || candidate_) {
        return false;
    }
    (void)cut(split_event::record);
    return true;
}

split_event record_splitter::rescan() {
    // a candidate lies in the current block on one line (line_ not yet advanced past it): scan it from its start
    candidate_ = false;
    pos_ = candidate_start_;
    begin_record();
    const bool saved = line_candidates_;
    line_candidates_ = false;
    const split_event ev = next();
    line_candidates_ = saved;
    return ev;
}

split_event record_splitter::next() {
    candidate_ = false;
    resumed_line_ = 0;
    if (state_ == state::between) {
        record_len_ = 0;
        resync_off_ = none;
    }
    for (;;) {
        if (pos_ >= in_.size() && !in_.refill(pos_)) {
            const state s = state_;
            state_ = state::between;
            end_line_ = line_;
            skip_line_ = false;
            if (s == state::record) {
                std::memset(record_.data() + record_len_, 0, record_padding);
                (void)finish_buffered(split_event::unterminated);
                if (!oversize_ && resync_off_ != none) {
                    return cut(split_event::unterminated);
                }
                text_len_ = std::min(text_len_, max_raw_value_bytes);
                return split_event::unterminated;
            }
            if (s == state::garbage) {
                return finish_buffered(split_event::garbage);
            }
            record_len_ = 0;
            return finish_buffered(split_event::end);
        }
        const char* const base = in_.data();
        const char* p = base + pos_;
        const char* const end = base + in_.size();
        if (state_ == state::between) {
            if (skip_line_) {
                const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
                pos_ = static_cast<std::size_t>((nl != nullptr ? nl : end) - base);
                if (nl == nullptr) {
                    continue;
                }
                skip_line_ = false;
                p = nl;
            }
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
            start_line_ = line_;
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
                begin_record();
            } else {
                state_ = state::garbage;
            }
        }
        if (state_ == state::garbage) {
            // garbage runs to the end of its line
            const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
            const char* stop = nl != nullptr ? nl : end;
            append(p, static_cast<std::size_t>(stop - p));
            pos_ = static_cast<std::size_t>(stop - base);
            if (nl != nullptr) {
                state_ = state::between;
                end_line_ = line_;
                while (record_len_ > 0 && is_space(record_[record_len_ - 1])) {
                    --record_len_;
                }
                return finish_buffered(split_event::garbage);
            }
            continue;
        }
        // state::record: scan for the matching close bracket
        const char* const start = p;
        bool done = false;
        p = scan_record(p, end, done, start);
        pos_ = static_cast<std::size_t>(p - base);
        const auto n = static_cast<std::size_t>(p - start);
        if (cut_here_) {
            cut_here_ = false;
            if (oversize_) {
                // an oversize record reached a resync line: its start is the problem, the rest is read again
                append(start, n);
                state_ = state::between;
                end_line_ = line_ - 1;
                resumed_line_ = line_;
                resync_off_ = none;
                return finish_buffered(split_event::too_large);
            }
            // certainly not valid JSON: cut at the first resync line without scanning further
            if (record_total_ == 0) {
                text_ = start;
                text_len_ = n;
            } else {
                append(start, n);  // while still a record: appended whole
                record_total_ += n;
                (void)finish_buffered(split_event::unterminated);
            }
            state_ = state::between;
            return cut(split_event::unterminated);
        }
        if (done && record_total_ == 0) {
            // the whole record lies in this block: hand it out in place (blocks have record_padding spare bytes)
            state_ = state::between;
            end_line_ = line_;
            text_ = start;
            text_len_ = n;
            if (n > max_record_bytes_) {
                if (resync_off_ != none) {
                    return cut(split_event::too_large);
                }
                text_len_ = std::min(n, max_raw_value_bytes);
                return split_event::too_large;
            }
            return split_event::record;
        }
        append(start, n);
        record_total_ += n;
        if (!oversize_ && record_total_ > max_record_bytes_) {
            if (resync_off_ != none) {
                state_ = state::between;
                end_line_ = line_;
                (void)finish_buffered(split_event::too_large);
                return cut(split_event::too_large);
            }
            oversize_ = true;  // keep only the start, for the reject's raw value
            record_len_ = std::min(record_len_, max_raw_value_bytes);
        }
        if (done) {
            state_ = state::between;
            end_line_ = line_;
            std::memset(record_.data() + record_len_, 0, record_padding);
            return finish_buffered(oversize_ ? split_event::too_large : split_event::record);
        }
    }
}

}  // namespace starshift::copy
