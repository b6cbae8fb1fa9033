// Compressing test data in memory: gzip, zstd and bzip2 (what COPY's GZIP, ZSTD and BZIP2 read). Each call checks
// that the library succeeded.
#pragma once

#include <doctest/doctest.h>

#include <bzlib.h>
#include <zlib.h>
#include <zstd.h>

#include <string>

namespace starshift::testing {

inline std::string gzip(const std::string& in) {
    z_stream z{};
    REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&z, static_cast<uLong>(in.size())) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

inline std::string zstd(const std::string& in) {
    std::string out(ZSTD_compressBound(in.size()), '\0');
    const std::size_t n = ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 3);
    REQUIRE_FALSE(ZSTD_isError(n));
    out.resize(n);
    return out;
}

inline std::string bzip2(const std::string& in) {
    std::string out(in.size() + in.size() / 100 + 600, '\0');
    auto len = static_cast<unsigned int>(out.size());
    REQUIRE(BZ2_bzBuffToBuffCompress(out.data(), &len, const_cast<char*>(in.data()),
                                     static_cast<unsigned int>(in.size()), 9, 0, 0) == BZ_OK);
    out.resize(len);
    return out;
}

}  // namespace starshift::testing
