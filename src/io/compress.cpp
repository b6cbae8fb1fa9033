#include "starshift/io/compress.hpp"

#include <bzlib.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <string>
#include <vector>

namespace starshift::io {
namespace {

constexpr std::size_t out_chunk = 256 * 1024;

// What every compressing writer shares: the sink, an output buffer, input handed to the library in steps its
// counters hold (zlib and libbz2 count in 32 bits), the end of the stream, the error for a failing library call.
class encoder_base : public byte_writer {
public:
    explicit encoder_base(std::unique_ptr<byte_writer> sink) : sink_(std::move(sink)), out_(out_chunk) {}
    const std::string& name() const noexcept override { return sink_->name(); }
    void write(const char* data, std::size_t n) final {
        while (n > 0) {
            const std::size_t step = std::min<std::size_t>(n, 1U << 30U);
            compress(data, step, false);
            data += step;
            n -= step;
        }
    }
    std::uint64_t finish() final {
        compress(nullptr, 0, true);
        return sink_->finish();
    }

protected:
    // Compresses `n` (at most 2^30) bytes, emitting what the library produces; `last` ends the stream.
    virtual void compress(const char* data, std::size_t n, bool last) = 0;
    [[noreturn]] void fail(const std::string& what) const {
        throw io_error("starshift.io.compress_failed", sink_->name(), what);
    }
    void emit(std::size_t n) {
        if (n > 0) sink_->write(out_.data(), n);
    }
    std::unique_ptr<byte_writer> sink_;
    std::vector<char> out_;
};

class gzip_writer final : public encoder_base {
public:
    explicit gzip_writer(std::unique_ptr<byte_writer> sink) : encoder_base(std::move(sink)) {
        if (deflateInit2(&z_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
            fail("deflateInit2 failed");
    }
    ~gzip_writer() override { deflateEnd(&z_); }
    gzip_writer(const gzip_writer&) = delete;
    gzip_writer& operator=(const gzip_writer&) = delete;

private:
    void compress(const char* data, std::size_t n, bool last) override {
        const int flush = last ? Z_FINISH : Z_NO_FLUSH;
        z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
        z_.avail_in = static_cast<uInt>(n);
        for (;;) {
            z_.next_out = reinterpret_cast<Bytef*>(out_.data());
            z_.avail_out = static_cast<uInt>(out_.size());
            const int rc = deflate(&z_, flush);
            if (rc == Z_STREAM_ERROR) fail("deflate failed");
            emit(out_.size() - z_.avail_out);
            if (flush == Z_FINISH ? rc == Z_STREAM_END : (z_.avail_in == 0 && z_.avail_out != 0)) break;
        }
    }
    z_stream z_{};
};

class zstd_writer final : public encoder_base {
public:
    explicit zstd_writer(std::unique_ptr<byte_writer> sink) : encoder_base(std::move(sink)), ctx_(ZSTD_createCCtx()) {
        if (ctx_ == nullptr) fail("ZSTD_createCCtx failed");
    }
    ~zstd_writer() override { ZSTD_freeCCtx(ctx_); }
    zstd_writer(const zstd_writer&) = delete;
    zstd_writer& operator=(const zstd_writer&) = delete;

private:
    void compress(const char* data, std::size_t n, bool last) override {
        const ZSTD_EndDirective mode = last ? ZSTD_e_end : ZSTD_e_continue;
        ZSTD_inBuffer in{data, n, 0};
        for (;;) {
            ZSTD_outBuffer out{out_.data(), out_.size(), 0};
            const std::size_t rc = ZSTD_compressStream2(ctx_, &out, &in, mode);
            if (ZSTD_isError(rc) != 0U) fail(ZSTD_getErrorName(rc));
            emit(out.pos);
            if (mode == ZSTD_e_end ? rc == 0 : in.pos == in.size) break;
        }
    }
    ZSTD_CCtx* ctx_;
};

class bzip2_writer final : public encoder_base {
public:
    explicit bzip2_writer(std::unique_ptr<byte_writer> sink) : encoder_base(std::move(sink)) {
        if (BZ2_bzCompressInit(&bz_, 9, 0, 0) != BZ_OK) fail("BZ2_bzCompressInit failed");
    }
    ~bzip2_writer() override { BZ2_bzCompressEnd(&bz_); }
    bzip2_writer(const bzip2_writer&) = delete;
    bzip2_writer& operator=(const bzip2_writer&) = delete;

private:
    void compress(const char* data, std::size_t n, bool last) override {
        const int action = last ? BZ_FINISH : BZ_RUN;
        bz_.next_in = const_cast<char*>(data);
        bz_.avail_in = static_cast<unsigned>(n);
        for (;;) {
            bz_.next_out = out_.data();
            bz_.avail_out = static_cast<unsigned>(out_.size());
            const int rc = BZ2_bzCompress(&bz_, action);
            if (rc < 0) fail("BZ2_bzCompress failed (" + std::to_string(rc) + ")");
            emit(out_.size() - bz_.avail_out);
            if (action == BZ_FINISH ? rc == BZ_STREAM_END : bz_.avail_in == 0) break;
        }
    }
    bz_stream bz_{};
};

}  // namespace

std::unique_ptr<byte_writer> make_compressing_writer(std::unique_ptr<byte_writer> sink, compression c) {
    switch (c) {
        case compression::none: return sink;
        case compression::gzip: return std::make_unique<gzip_writer>(std::move(sink));
        case compression::zstd: return std::make_unique<zstd_writer>(std::move(sink));
        case compression::bzip2: return std::make_unique<bzip2_writer>(std::move(sink));
    }
    return sink;
}

}  // namespace starshift::io
