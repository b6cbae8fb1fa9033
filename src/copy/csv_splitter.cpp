#include "starshift/copy/detail/csv_splitter.hpp"

#include <algorithm>
#include <cstring>

#include "starshift/copy/reject.hpp"

namespace starshift::copy {

csv_splitter::csv_splitter(io::byte_reader& input, csv_dialect dialect, std::uint32_t ignore_header,
                           csv_header_unit header_unit, std::size_t max_record_bytes, std::size_t read_block)
    : in_(input, read_block, 0),
      dialect_(dialect),
      ignore_header_(ignore_header),
      header_unit_(header_unit),
      max_record_bytes_(max_record_bytes == 0 ? 1 : max_record_bytes) {
    record_.resize(64 * 1024);
}

void csv_splitter::reset(io::byte_reader& input) noexcept {
    in_.reset(input);
    pos_ = 0;
    rec_start_ = 0;
    header_done_ = false;
    begin_record();
    text_ = nullptr;
    text_len_ = 0;
    line_ = 1;
    start_line_ = 0;
    end_line_ = 0;
}

void csv_splitter::begin_record() noexcept {
    record_len_ = 0;
    record_total_ = 0;
    spilled_ = false;
    cut_pending_ = false;
    resync_off_ = none;
    raw_ = nullptr;
    raw_len_ = 0;
    resumed_line_ = 0;
    state_ = state::field_start;
}

void csv_splitter::append(const char* p, std::size_t n) {
    record_total_ += n;
    if (record_total_ > max_record_bytes_) {
        if (resync_off_ != none && record_len_ + n == record_total_) {
            cut_pending_ = true;  // buffered whole so far: keep it all, next() cuts it after its first line
        } else {
            // too large: keep only the start, for the reject's raw value
            record_len_ = std::min(record_len_, max_raw_value_bytes);
            n = std::min(n, max_raw_value_bytes - record_len_);
        }
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
    const char* const base = in_.data();
    const char* p = base + pos_;
    const char* const end = base + in_.size();
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
                        if (resync_off_ == none) {
                            // the record's second line: where a broken record is cut
                            resync_off_ = record_total_ + static_cast<std::size_t>(p + 1 - (base + rec_start_));
                        }
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
    line_ += in_.skip_lines(pos_, left);
}

csv_event csv_splitter::cut(csv_event ev) {
    in_.replay(raw_ + resync_off_, raw_len_ - resync_off_, pos_);
    text_ = raw_;
    text_len_ = resync_off_ - 1;  // the first line without its newline
    if (text_len_ > 0 && text_[text_len_ - 1] == '\r') {
        --text_len_;
    }
    text_len_ = std::min(text_len_, max_raw_value_bytes);
    line_ = start_line_ + 1;
    resumed_line_ = line_;
    resync_off_ = none;
    cut_pending_ = false;
    state_ = state::field_start;
    return ev;
}

bool csv_splitter::resync() {
    if (resync_off_ == none || raw_ == nullptr || raw_len_ < resync_off_) {
        return false;
    }
    (void)cut(csv_event::record);
    return true;
}

csv_event csv_splitter::next() {
    if (!header_done_) {
        header_done_ = true;
        skip_header();
    }
    begin_record();
    start_line_ = line_;
    bool started = false;
    rec_start_ = pos_;
    for (;;) {
        if (pos_ >= in_.size()) {
            if (started && rec_start_ < in_.size()) {
                append(in_.data() + rec_start_, in_.size() - rec_start_);
                spilled_ = true;
                if (cut_pending_) {
                    // over the bound inside a quoted field that spans lines: cut after the first line
                    end_line_ = line_;
                    raw_ = record_.data();
                    raw_len_ = record_len_;
                    return cut(csv_event::too_large);
                }
            }
            if (!in_.refill(pos_)) {
                end_line_ = line_;
                if (!started) {
                    text_ = record_.data();
                    text_len_ = 0;
                    return csv_event::end;
                }
                // the last record has no newline
                raw_ = text_ = record_.data();
                raw_len_ = text_len_ = record_len_;
                if (state_ == state::quoted) {
                    if (resync_off_ != none && record_total_ <= max_record_bytes_) {
                        return cut(csv_event::unterminated);
                    }
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
            rec_start_ = 0;
        }
        started = true;
        if (!scan()) {
            continue;
        }
        end_line_ = line_ - 1;
        const char* const base = in_.data();
        if (spilled_) {
            append(base + rec_start_, pos_ - rec_start_);  // with the newline, so cut() can replay from raw_
            raw_ = text_ = record_.data();
            raw_len_ = record_len_;
            if (cut_pending_) {
                return cut(csv_event::too_large);
            }
            --record_total_;  // the newline is not part of the record
            text_len_ = std::min(record_len_, record_total_);  // without the newline (or the kept start)
        } else {
            raw_ = text_ = base + rec_start_;
            raw_len_ = pos_ - rec_start_;
            text_len_ = raw_len_ - 1;  // without the newline
            record_total_ = text_len_;
            if (text_len_ > max_record_bytes_) {
                if (resync_off_ != none) {
                    return cut(csv_event::too_large);
                }
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
