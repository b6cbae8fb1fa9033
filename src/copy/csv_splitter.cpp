#include "starshift/copy/csv_splitter.hpp"

#include <algorithm>
#include <cstring>

#include "starshift/copy/reject.hpp"

namespace starshift::copy {

csv_splitter::csv_splitter(io::byte_reader& input, csv_dialect dialect, std::uint32_t ignore_header,
                           csv_header_unit header_unit, std::size_t max_record_bytes, std::size_t read_block)
    : input_(&input),
      dialect_(dialect),
      ignore_header_(ignore_header),
      header_unit_(header_unit),
      max_record_bytes_(max_record_bytes == 0 ? 1 : max_record_bytes),
      block_(new char[read_block == 0 ? 1 : read_block]),
      block_size_(read_block == 0 ? 1 : read_block) {
    record_.resize(64 * 1024);
}

void csv_splitter::reset(io::byte_reader& input) noexcept {
    input_ = &input;
    block_len_ = 0;
    pos_ = 0;
    eof_ = false;
    header_done_ = false;
    record_len_ = 0;
    record_total_ = 0;
    spilled_ = false;
    text_ = nullptr;
    text_len_ = 0;
    state_ = state::field_start;
    line_ = 1;
    start_line_ = 0;
    end_line_ = 0;
    bytes_ = 0;
}

bool csv_splitter::refill() {
    if (eof_) {
        return false;
    }
    block_len_ = input_->read(block_.get(), block_size_);
    pos_ = 0;
    bytes_ += block_len_;
    if (block_len_ == 0) {
        eof_ = true;
        return false;
    }
    return true;
}

void csv_splitter::append(const char* p, std::size_t n) {
    record_total_ += n;
    if (record_total_ > max_record_bytes_) {
        // too large: keep only the start, for the reject's raw value
        record_len_ = std::min(record_len_, max_raw_value_bytes);
        n = std::min(n, max_raw_value_bytes - record_len_);
    }
    if (record_len_ + n > record_.size()) {
        std::size_t want = record_.size() * 2;
        while (want < record_len_ + n) {
            want *= 2;
        }
        record_.resize(want);
    }
    if (n > 0) {
        std::memcpy(record_.data() + record_len_, p, n);
        record_len_ += n;
    }
}

bool csv_splitter::scan() {
    const char d = dialect_.delimiter;
    const char q = dialect_.quote;
    const char* const base = block_.get();
    const char* p = base + pos_;
    const char* const end = base + block_len_;
    state s = state_;
    bool done = false;
    while (p < end && !done) {
        switch (s) {
            case state::field_start: {
                const char c = *p++;
                if (c == d) {
                    // an empty field: stay at a field start
                } else if (c == '\n') {
                    done = true;
                } else if (c == ' ' || c == '\t') {
                    // white space before a possible opening quote
                } else if (c == q) {
                    s = state::quoted;
                } else {
                    s = state::unquoted;
                }
                break;
            }
            case state::unquoted:
            case state::after_quoted: {
                // the rest of the field: only the delimiter and the newline matter
                while (p < end && *p != d && *p != '\n') {
                    ++p;
                }
                if (p < end) {
                    done = *p == '\n';
                    s = state::field_start;
                    ++p;
                }
                break;
            }
            case state::quoted: {
                while (p < end && *p != q) {
                    if (*p == '\n') {
                        ++line_;
                    }
                    ++p;
                }
                if (p < end) {
                    s = state::quote_in_quoted;
                    ++p;
                }
                break;
            }
            case state::quote_in_quoted: {
                const char c = *p++;
                if (c == q) {
                    s = state::quoted;  // "" inside a quoted field: one quote
                } else if (c == d) {
                    s = state::field_start;
                } else if (c == '\n') {
                    done = true;
                } else {
                    s = state::after_quoted;
                }
                break;
            }
        }
    }
    if (done) {
        ++line_;
        s = state::field_start;
    }
    state_ = s;
    pos_ = static_cast<std::size_t>(p - base);
    return done;
}

void csv_splitter::skip_header() {
    std::uint32_t left = ignore_header_;
    if (left == 0) {
        return;
    }
    if (header_unit_ == csv_header_unit::records) {
        while (left-- > 0) {
            if (next() == csv_event::end) {
                return;
            }
        }
        return;
    }
    while (left > 0) {
        if (pos_ >= block_len_ && !refill()) {
            return;
        }
        const char* const base = block_.get();
        const auto* nl = static_cast<const char*>(std::memchr(base + pos_, '\n', block_len_ - pos_));
        if (nl == nullptr) {
            pos_ = block_len_;
            continue;
        }
        pos_ = static_cast<std::size_t>(nl - base) + 1;
        ++line_;
        --left;
    }
}

csv_event csv_splitter::next() {
    if (!header_done_) {
        header_done_ = true;
        skip_header();
    }
    record_len_ = 0;
    record_total_ = 0;
    spilled_ = false;
    state_ = state::field_start;
    start_line_ = line_;
    bool started = false;
    std::size_t rec_start = pos_;
    for (;;) {
        if (pos_ >= block_len_) {
            if (started && rec_start < block_len_) {
                append(block_.get() + rec_start, block_len_ - rec_start);
                spilled_ = true;
            }
            if (!refill()) {
                end_line_ = line_;
                if (!started) {
                    text_ = record_.data();
                    text_len_ = 0;
                    return csv_event::end;
                }
                // the last record has no newline
                text_ = record_.data();
                text_len_ = record_len_;
                if (state_ == state::quoted) {
                    text_len_ = std::min(text_len_, max_raw_value_bytes);
                    return csv_event::unterminated;
                }
                if (record_total_ > max_record_bytes_) {
                    return csv_event::too_large;
                }
                if (text_len_ > 0 && text_[text_len_ - 1] == '\r') {
                    --text_len_;
                }
                return csv_event::record;
            }
            rec_start = 0;
        }
        started = true;
        if (!scan()) {
            continue;
        }
        end_line_ = line_ - 1;
        const char* const base = block_.get();
        const std::size_t stop = pos_ - 1;  // the newline
        if (spilled_) {
            append(base + rec_start, stop - rec_start);
            text_ = record_.data();
            text_len_ = record_len_;
        } else {
            text_ = base + rec_start;
            text_len_ = stop - rec_start;
            record_total_ = text_len_;
            if (text_len_ > max_record_bytes_) {
                text_len_ = std::min(text_len_, max_raw_value_bytes);
            }
        }
        if (record_total_ > max_record_bytes_) {
            return csv_event::too_large;
        }
        if (text_len_ > 0 && text_[text_len_ - 1] == '\r') {
            --text_len_;
        }
        return csv_event::record;
    }
}

}  // namespace starshift::copy
