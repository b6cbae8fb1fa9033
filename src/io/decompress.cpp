#include "starshift/io/decompress.hpp"

#include <bzlib.h>
#include <zlib.h>
#include <zstd.h>

#include <string>
#include <vector>

namespace starshift::io {

namespace {

constexpr std::size_t input_block = 256 * 1024;

// Shared input buffering: refill() pulls the next block of compressed bytes from the source.
class decoder_base : public byte_reader {
public:
    explicit decoder_base(std::unique_ptr<byte_reader> source) : source_(std::move(source)), in_(input_block) {}
    const std::string& name() const noexcept override { return source_->name(); }

protected:
    // Returns false at the end of the source.
    bool refill() {
        if (source_eof_) {
            return false;
        }
        in_len_ = source_->read(in_.data(), in_.size());
        in_pos_ = 0;
        if (in_len_ == 0) {
            source_eof_ = true;
            return false;
        }
        return true;
    }
    [[nodiscard]] bool input_empty() const noexcept { return in_pos_ >= in_len_; }
    // Whether there is input to decode (refilling when the block is used up): false at the source's end, which is
    // truncated(what) when it comes `inside` a member, frame or stream.
    bool more_input(bool inside, std::string_view what) {
        if (!input_empty() || refill()) {
            return true;
        }
        if (inside) {
            truncated(what);
        }
        return false;
    }
    [[noreturn]] void corrupt(std::string_view what) const {
        throw io_error("starshift.io.corrupt_stream", source_->name(), what);
    }
    [[noreturn]] void truncated(std::string_view what) const {
        throw io_error("starshift.io.truncated_stream", source_->name(), what);
    }

    std::unique_ptr<byte_reader> source_;
    std::vector<char> in_;
    std::size_t in_len_ = 0;
    std::size_t in_pos_ = 0;
    bool source_eof_ = false;
};

class gzip_reader final : public decoder_base {
public:
    explicit gzip_reader(std::unique_ptr<byte_reader> source) : decoder_base(std::move(source)) {
        if (inflateInit2(&z_, 15 + 16) != Z_OK) {
            corrupt("zlib initialisation failed");
        }
    }
    gzip_reader(const gzip_reader&) = delete;
    gzip_reader& operator=(const gzip_reader&) = delete;
    ~gzip_reader() override { inflateEnd(&z_); }

    std::size_t read(char* buffer, std::size_t n) override {
        std::size_t produced = 0;
        while (produced < n && !done_) {
            if (!more_input(in_member_, "gzip stream ends inside a member")) {
                done_ = true;
                break;
            }
            z_.next_in = reinterpret_cast<Bytef*>(in_.data() + in_pos_);
            z_.avail_in = static_cast<uInt>(in_len_ - in_pos_);
            z_.next_out = reinterpret_cast<Bytef*>(buffer + produced);
            z_.avail_out = static_cast<uInt>(n - produced);
            in_member_ = true;
            const int rc = inflate(&z_, Z_NO_FLUSH);
            const std::size_t used = (in_len_ - in_pos_) - z_.avail_in;
            in_pos_ += used;
            produced = n - z_.avail_out;
            if (rc == Z_STREAM_END) {
                in_member_ = false;
                inflateReset(&z_);  // another member may follow
            } else if (rc == Z_BUF_ERROR) {
                // no progress possible with this input: need more input (handled by the loop) or output full
                if (produced == n) {
                    break;
                }
            } else if (rc != Z_OK) {
                corrupt(z_.msg != nullptr ? z_.msg : "invalid gzip data");
            }
        }
        return produced;
    }

private:
    z_stream z_{};
    bool in_member_ = false;
    bool done_ = false;
};

class zstd_reader final : public decoder_base {
public:
    explicit zstd_reader(std::unique_ptr<byte_reader> source)
        : decoder_base(std::move(source)), ctx_(ZSTD_createDStream()) {
        if (ctx_ == nullptr) {
            corrupt("zstd initialisation failed");
        }
        ZSTD_initDStream(ctx_);
    }
    zstd_reader(const zstd_reader&) = delete;
    zstd_reader& operator=(const zstd_reader&) = delete;
    ~zstd_reader() override { ZSTD_freeDStream(ctx_); }

    std::size_t read(char* buffer, std::size_t n) override {
        ZSTD_outBuffer out{buffer, n, 0};
        while (out.pos < out.size && !done_) {
            if (!pending_output_ && !more_input(in_frame_, "zstd stream ends inside a frame")) {
                done_ = true;
                break;
            }
            ZSTD_inBuffer in{in_.data() + in_pos_, in_len_ - in_pos_, 0};
            const std::size_t rc = ZSTD_decompressStream(ctx_, &out, &in);
            in_pos_ += in.pos;
            if (ZSTD_isError(rc) != 0U) {
                corrupt(ZSTD_getErrorName(rc));
            }
            in_frame_ = rc != 0;
            // when the output buffer filled up, zstd may hold more decoded bytes: call again before refilling
            pending_output_ = out.pos == out.size;
        }
        return out.pos;
    }

private:
    ZSTD_DStream* ctx_;
    bool in_frame_ = false;
    bool pending_output_ = false;
    bool done_ = false;
};

class bzip2_reader final : public decoder_base {
public:
    explicit bzip2_reader(std::unique_ptr<byte_reader> source) : decoder_base(std::move(source)) { init(); }
    bzip2_reader(const bzip2_reader&) = delete;
    bzip2_reader& operator=(const bzip2_reader&) = delete;
    ~bzip2_reader() override { BZ2_bzDecompressEnd(&bz_); }

    std::size_t read(char* buffer, std::size_t n) override {
        std::size_t produced = 0;
        while (produced < n && !done_) {
            if (!more_input(in_stream_, "bzip2 stream ends inside a stream")) {
                done_ = true;
                break;
            }
            bz_.next_in = in_.data() + in_pos_;
            bz_.avail_in = static_cast<unsigned>(in_len_ - in_pos_);
            bz_.next_out = buffer + produced;
            bz_.avail_out = static_cast<unsigned>(n - produced);
            in_stream_ = true;
            const int rc = BZ2_bzDecompress(&bz_);
            in_pos_ = in_len_ - bz_.avail_in;
            produced = n - bz_.avail_out;
            if (rc == BZ_STREAM_END) {
                in_stream_ = false;
                BZ2_bzDecompressEnd(&bz_);
                init();  // another stream may follow (pbzip2 writes several)
            } else if (rc != BZ_OK) {
                corrupt("invalid bzip2 data (code " + std::to_string(rc) + ")");
            }
        }
        return produced;
    }

private:
    void init() {
        bz_ = bz_stream{};
        if (BZ2_bzDecompressInit(&bz_, 0, 0) != BZ_OK) {
            corrupt("bzip2 initialisation failed");
        }
    }
    bz_stream bz_{};
    bool in_stream_ = false;
    bool done_ = false;
};

}  // namespace

std::unique_ptr<byte_reader> make_decompressing_reader(std::unique_ptr<byte_reader> source, compression c) {
    switch (c) {
        case compression::none:
            return source;
        case compression::gzip:
            return std::make_unique<gzip_reader>(std::move(source));
        case compression::zstd:
            return std::make_unique<zstd_reader>(std::move(source));
        case compression::bzip2:
            return std::make_unique<bzip2_reader>(std::move(source));
    }
    return source;
}

}  // namespace starshift::io
