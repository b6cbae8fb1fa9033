#include "starshift/copy/detail/text_splitter.hpp"

#include <algorithm>
#include <cstring>

#include "starshift/copy/reject.hpp"

namespace starshift::copy {

text_splitter::text_splitter(io::byte_reader& input, text_splitter_options options)
    : in_(input, options.read_block, 0), options_(options) {
    if (options_.max_record_bytes == 0) {
        options_.max_record_bytes = 1;
    }
    record_.resize(64 * 1024);
}

void text_splitter::reset(io::byte_reader& input) noexcept {
    in_.reset(input);
    pos_ = 0;
    header_done_ = false;
    escaped_ = false;
    line_ = 1;
    start_line_ = end_line_ = 0;
    text_ = nullptr;
    text_len_ = 0;
}

void text_splitter::append(const char* p, std::size_t n) {
    record_total_ += n;
    if (record_total_ > options_.max_record_bytes) {
        // too large: keep only the start, for the reject's raw value
        record_len_ = std::min(record_len_, max_raw_value_bytes);
        n = std::min(n, max_raw_value_bytes - record_len_);
    }
    if (record_len_ + n > record_.size()) {
        record_.resize(std::max(record_.size() * 2, record_len_ + n));
    }
    if (n > 0) {
        std::memcpy(record_.data() + record_len_, p, n);
        record_len_ += n;
    }
}

bool text_splitter::scan() {
    const char* const base = in_.data();
    const char* p = base + pos_;
    const char* const end = base + in_.size();
    bool done = false;
    if (!options_.escape) {
        // without ESCAPE a backslash is data and every newline ends the record
        const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        p = nl == nullptr ? end : nl + 1;
        done = nl != nullptr;
    } else {
        // memchr to the next newline, then to the next backslash before it: each byte is looked at once
        const char* nl = nullptr;
        bool nl_known = false;
        while (p < end) {
            if (escaped_) {
                escaped_ = false;
                line_ += *p++ == '\n' ? 1 : 0;  // an escaped newline is data: the record goes on
                continue;
            }
            if (!nl_known || (nl != nullptr && p > nl)) {
                nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
                nl_known = true;
            }
            const char* const stop = nl == nullptr ? end : nl;
            const auto* bs = static_cast<const char*>(std::memchr(p, '\\', static_cast<std::size_t>(stop - p)));
            if (bs == nullptr) {
                p = nl == nullptr ? end : nl + 1;
                done = nl != nullptr;
                break;
            }
            p = bs + 1;
            escaped_ = true;
        }
    }
    pos_ = static_cast<std::size_t>(p - base);
    return done;
}

text_event text_splitter::one() {
    record_len_ = 0;
    record_total_ = 0;
    escaped_ = false;
    start_line_ = line_;
    bool started = false;
    bool spilled = false;
    std::size_t rec_start = pos_;
    for (;;) {
        if (pos_ >= in_.size()) {
            if (started && rec_start < in_.size()) {
                append(in_.data() + rec_start, in_.size() - rec_start);
                spilled = true;
            }
            if (!in_.refill(pos_)) {
                end_line_ = line_;
                text_ = record_.data();
                text_len_ = record_len_;
                if (!started) {
                    return text_event::end;
                }
                // the last record has no newline
                return record_total_ > options_.max_record_bytes ? text_event::too_large : text_event::record;
            }
            rec_start = 0;
        }
        started = true;
        if (!scan()) {
            continue;
        }
        end_line_ = line_;
        ++line_;
        const char* const base = in_.data();
        if (spilled) {
            append(base + rec_start, pos_ - rec_start - 1);  // without the newline
            text_ = record_.data();
            text_len_ = record_len_;
        } else {
            text_ = base + rec_start;
            text_len_ = pos_ - rec_start - 1;
            record_total_ = text_len_;
            text_len_ = std::min(text_len_, record_total_ > options_.max_record_bytes ? max_raw_value_bytes
                                                                                      : text_len_);
        }
        return record_total_ > options_.max_record_bytes ? text_event::too_large : text_event::record;
    }
}

text_event text_splitter::next() {
    if (!header_done_) {
        header_done_ = true;
        line_ += in_.skip_lines(pos_, options_.ignore_header);
    }
    for (;;) {
        const text_event ev = one();
        if (ev == text_event::record && options_.ignore_blank_lines && text_len_ == 0) {
            continue;  // IGNOREBLANKLINES: "blank lines that only contain a line feed" are not loaded
        }
        return ev;
    }
}

}  // namespace starshift::copy
