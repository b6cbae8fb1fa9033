// Compression analysis: every valid encoding run over a column's sample, block by block (1 MB), in the formats
// Redshift documents; AZ64 and LZO, whose formats are not public or not linked, by the stated approximations.
// docs/tuning.md ("Encodings") gives every rule and its source page.
#include "starshift/tune/compression.hpp"

#include <zstd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <sstream>
#include <unordered_set>

#include "starshift/common/text.hpp"
#include "starshift/tune/tune_error.hpp"
#include "starshift/tune/zone_map.hpp"

namespace starshift::tune {
namespace {

constexpr std::uint64_t sign_bit = 0x8000000000000000ULL;

// ------------------------------------------------------------------------------------------ the sample as stored

bool is_integral(type_kind k) noexcept {
    switch (k) {
        case type_kind::smallint:
        case type_kind::integer:
        case type_kind::bigint:
        case type_kind::decimal:
        case type_kind::date:
        case type_kind::timestamp:
        case type_kind::timestamptz:
        case type_kind::time:
        case type_kind::timetz: return true;
        default: return false;
    }
}


// The column's sampled values as Redshift stores them RAW: fixed-width types as their little-endian binary value
// (integers, DATE days, TIMESTAMP/TIME microseconds, DECIMAL the unscaled integer, REAL/DOUBLE IEEE bits, BOOLEAN
// one byte), CHAR(n) blank-padded to n bytes, VARCHAR its bytes. NULLs are kept as flags and take no bytes.
struct stored_values {
    std::vector<bool> nulls;
    std::vector<std::int64_t> ints;  // integral types: the value as an integer (sort_value image)
    std::vector<std::string> bytes;  // RAW bytes of each value ("" for NULL)
    std::size_t width = 0;           // fixed width; 0 for VARCHAR
    bool integral = false;
};

double image_to_double(std::int64_t image) noexcept {
    const std::uint64_t ordered = static_cast<std::uint64_t>(image) ^ sign_bit;
    const std::uint64_t bits = (ordered & sign_bit) != 0U ? (ordered ^ sign_bit) : ~ordered;
    double d = 0;
    std::memcpy(&d, &bits, sizeof d);
    return d;
}

std::string little_endian(std::int64_t v, std::size_t width) {
    std::string out(width, '\0');
    auto u = static_cast<std::uint64_t>(v);
    for (std::size_t b = 0; b < width; ++b) {
        out[b] = static_cast<char>(b < 8 ? (u >> (8U * b)) & 0xffU : (v < 0 ? 0xffU : 0U));
    }
    return out;
}

stored_values stored(const column_data& c) {
    stored_values s;
    const type_kind k = c.type.kind;
    s.integral = is_integral(k);
    s.width = k == type_kind::varchar || (k == type_kind::char_ && c.type.length == 0)
                  ? 0
                  : static_cast<std::size_t>(value_width(c));
    const std::size_t n = c.sample.size();
    s.nulls = c.sample.nulls;
    s.ints.assign(n, 0);
    s.bytes.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (s.nulls[i]) continue;
        const std::string& text = c.sample.texts[i];
        if (is_character(k)) {
            s.bytes[i] = text;
            if (s.width > s.bytes[i].size()) s.bytes[i].resize(s.width, ' ');
            continue;
        }
        const std::int64_t image = sort_value(c.type, text).value_or(0);  // append checked every value
        s.ints[i] = image;
        if (k == type_kind::real) {
            const auto f = static_cast<float>(image_to_double(image));
            std::uint32_t bits = 0;
            std::memcpy(&bits, &f, sizeof bits);
            s.bytes[i] = little_endian(static_cast<std::int64_t>(bits), 4);
        } else if (k == type_kind::double_precision) {
            const double d = image_to_double(image);
            std::int64_t bits = 0;
            std::memcpy(&bits, &d, sizeof bits);
            s.bytes[i] = little_endian(bits, 8);
        } else {
            s.bytes[i] = little_endian(image, s.width);
        }
    }
    return s;
}

// ------------------------------------------------------------------------------------------------- block encoders

// Encoders with per-block state (dictionaries, the previous value, the current run). add() returns the bytes the
// value adds to the current block; reset() starts a new block.
struct bytedict_encoder {  // c_Byte_dictionary_encoding
    std::unordered_set<std::string_view> dict;
    std::uint64_t add(const stored_values& s, std::size_t i) {
        const std::string_view v = s.bytes[i];
        if (dict.count(v) != 0) return 1;
        if (dict.size() < 256) {
            dict.insert(v);
            return 1 + v.size();  // the 1-byte index and the dictionary entry
        }
        return 1 + v.size();  // beyond 256 values: the value raw, behind its 1-byte slot
    }
    void reset() { dict.clear(); }
};

struct delta_encoder {  // c_Delta_encoding
    std::uint64_t limit;      // 127 (DELTA) or 32767 (DELTA32K)
    std::uint64_t step_bytes;  // 1 or 2
    bool has_previous = false;
    std::int64_t previous = 0;
    std::uint64_t add(const stored_values& s, std::size_t i) {
        const std::int64_t v = s.ints[i];
        std::int64_t d = 0;
        const bool fits = has_previous && !__builtin_sub_overflow(v, previous, &d) &&
                          (d >= 0 ? static_cast<std::uint64_t>(d) : 0U - static_cast<std::uint64_t>(d)) <= limit;
        has_previous = true;
        previous = v;
        return fits ? step_bytes : 1 + s.width;  // out of range (or first): a 1-byte flag and the value
    }
    void reset() { has_previous = false; }
};

struct runlength_encoder {  // c_Runlength_encoding: a token of the value and a 1-byte count
    const std::string* current = nullptr;
    std::uint64_t run = 0;
    std::uint64_t add(const stored_values& s, std::size_t i) {
        if (current != nullptr && *current == s.bytes[i] && run < 255) {
            ++run;
            return 0;
        }
        current = &s.bytes[i];
        run = 1;
        return s.bytes[i].size() + 1;
    }
    void reset() { current = nullptr; }
};

// c_Text255_encoding: a per-block dictionary of words (split at blanks): TEXT255 the first 245 distinct words and
// 1-byte indexes, TEXT32K words until the entries reach 32,000 bytes and 2-byte indexes. A word outside the
// dictionary is stored raw behind its index-sized slot.
struct text_encoder {
    std::size_t max_words;   // 245, or unlimited
    std::uint64_t max_bytes;  // unlimited, or 32,000
    std::uint64_t index_bytes;
    std::unordered_set<std::string_view> dict;
    std::uint64_t dict_bytes = 0;
    std::uint64_t add(const stored_values& s, std::size_t i) {
        std::uint64_t cost = 0;
        const std::string_view v = s.bytes[i];
        std::size_t start = 0;
        while (start <= v.size()) {
            std::size_t end = v.find(' ', start);
            if (end == std::string_view::npos) end = v.size();
            const std::string_view word = v.substr(start, end - start);
            if (!word.empty()) {
                if (dict.count(word) != 0) {
                    cost += index_bytes;
                } else if (dict.size() < max_words && dict_bytes + word.size() <= max_bytes) {
                    dict.insert(word);
                    dict_bytes += word.size();
                    cost += index_bytes + word.size();
                } else {
                    cost += index_bytes + word.size();
                }
            }
            start = end + 1;
        }
        return cost;
    }
    void reset() {
        dict.clear();
        dict_bytes = 0;
    }
};

// Runs an encoder over the sample: a value that would overflow the current block starts a new one (the encoder's
// state restarts there). NULLs take no bytes and leave the state as it is.
template <typename Encoder>
std::uint64_t run_blocks(const stored_values& s, Encoder enc, std::uint64_t block_bytes) {
    std::uint64_t total = 0;
    std::uint64_t used = 0;
    for (std::size_t i = 0; i < s.nulls.size(); ++i) {
        if (s.nulls[i]) continue;
        std::uint64_t cost = enc.add(s, i);
        if (used > 0 && used + cost > block_bytes) {
            total += used;
            used = 0;
            enc.reset();
            cost = enc.add(s, i);
        }
        used += cost;
    }
    return total + used;
}

// ------------------------------------------------------------------------------------- encoders without block state

std::uint64_t raw_bytes(const stored_values& s) {
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < s.nulls.size(); ++i) total += s.bytes[i].size();
    return total;
}

// c_MostlyN_encoding: values in the signed N-bit range take N/8 bytes, the others their raw width.
std::uint64_t mostly_bytes(const stored_values& s, unsigned bits) {
    const std::int64_t hi = (std::int64_t{1} << (bits - 1)) - 1;
    const std::int64_t lo = -hi - 1;
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < s.nulls.size(); ++i) {
        if (s.nulls[i]) continue;
        const std::int64_t v = s.ints[i];
        total += v >= lo && v <= hi ? bits / 8 : s.width;
    }
    return total;
}

unsigned bits_for(std::uint64_t range) noexcept {
    unsigned b = 0;
    while (b < 64 && (range >> b) != 0) ++b;
    return b;
}

// AZ64 (proprietary; az64-encoding only says it compresses small groups of values with SIMD): approximated as
// groups of 128 non-NULL values, each stored the smaller way of frame-of-reference bit packing (a 1-byte header,
// the group's minimum at the type's width, every value − minimum in the bits the group's range needs) and the same
// on the differences between neighbours (header, first value, minimum difference, 127 packed differences).
std::uint64_t az64_bytes(const stored_values& s) {
    constexpr std::size_t group = 128;
    std::vector<std::int64_t> values;
    values.reserve(group);
    std::uint64_t total = 0;
    auto flush = [&]() {
        if (values.empty()) return;
        const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
        const std::uint64_t range = static_cast<std::uint64_t>(*hi) - static_cast<std::uint64_t>(*lo);
        std::uint64_t best = 1 + s.width + (values.size() * bits_for(range) + 7) / 8;
        bool deltas_fit = values.size() > 1;
        std::int64_t dmin = std::numeric_limits<std::int64_t>::max();
        std::int64_t dmax = std::numeric_limits<std::int64_t>::min();
        for (std::size_t k = 1; k < values.size() && deltas_fit; ++k) {
            std::int64_t d = 0;
            deltas_fit = !__builtin_sub_overflow(values[k], values[k - 1], &d);
            dmin = std::min(dmin, d);
            dmax = std::max(dmax, d);
        }
        if (deltas_fit) {
            const std::uint64_t drange = static_cast<std::uint64_t>(dmax) - static_cast<std::uint64_t>(dmin);
            best = std::min(best, 1 + 2 * s.width + ((values.size() - 1) * bits_for(drange) + 7) / 8);
        }
        total += best;
        values.clear();
    };
    for (std::size_t i = 0; i < s.nulls.size(); ++i) {
        if (s.nulls[i]) continue;
        values.push_back(s.ints[i]);
        if (values.size() == group) flush();
    }
    flush();
    return total;
}

// The RAW bytes cut into frames of at most block_bytes (at value boundaries; a longer value is a frame of its own).
template <typename Compress>
std::uint64_t framed(const stored_values& s, std::uint64_t block_bytes, Compress compress) {
    std::string frame;
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < s.nulls.size(); ++i) {
        if (s.nulls[i]) continue;
        if (!frame.empty() && frame.size() + s.bytes[i].size() > block_bytes) {
            total += compress(frame);
            frame.clear();
        }
        frame += s.bytes[i];
    }
    if (!frame.empty()) total += compress(frame);
    return total;
}

std::uint64_t zstd_bytes(const stored_values& s, const compression_options& o) {
    ZSTD_CCtx* ctx = ZSTD_createCCtx();
    std::string out;
    const std::uint64_t total = framed(s, o.block_bytes, [&](const std::string& frame) -> std::uint64_t {
        out.resize(ZSTD_compressBound(frame.size()));
        const std::size_t n = ZSTD_compressCCtx(ctx, out.data(), out.size(), frame.data(), frame.size(), o.zstd_level);
        return ZSTD_isError(n) != 0U ? frame.size() : n;
    });
    ZSTD_freeCCtx(ctx);
    return total;
}

// LZO (liblzo2 is not among the project's dependencies): approximated by a greedy LZ77 parse sized in LZ4's block
// format, the byte-oriented format closest to LZO1X (no entropy coding; matches of 4+ bytes within 64 KB found by
// a hash of the next 4 bytes; a sequence is a 1-byte token, literal and match length extensions of one byte per
// 255, the literals and a 2-byte offset).
std::uint64_t lz_bytes(const std::string& in) {
    constexpr unsigned hash_bits = 16;
    constexpr std::size_t min_match = 4;
    constexpr std::size_t window = 65535;
    std::vector<std::int64_t> table(std::size_t{1} << hash_bits, -1);
    auto read32 = [&](std::size_t p) {
        std::uint32_t v = 0;
        std::memcpy(&v, in.data() + p, 4);
        return v;
    };
    auto hash = [&](std::size_t p) { return (read32(p) * 2654435761U) >> (32 - hash_bits); };
    auto extension = [](std::size_t len) -> std::uint64_t { return len >= 15 ? 1 + (len - 15) / 255 : 0; };
    const std::size_t n = in.size();
    std::uint64_t total = 0;
    std::size_t anchor = 0;
    std::size_t p = 0;
    while (n >= min_match && p + min_match <= n) {
        const std::uint32_t h = hash(p);
        const std::int64_t candidate = table[h];
        table[h] = static_cast<std::int64_t>(p);
        if (candidate >= 0 && p - static_cast<std::size_t>(candidate) <= window &&
            read32(static_cast<std::size_t>(candidate)) == read32(p)) {
            const auto c = static_cast<std::size_t>(candidate);
            std::size_t len = min_match;
            while (p + len < n && in[c + len] == in[p + len]) ++len;
            const std::size_t literals = p - anchor;
            total += 1 + extension(literals) + literals + 2 + extension(len - min_match);
            p += len;
            anchor = p;
            if (p + 2 <= n) table[hash(p - 2)] = static_cast<std::int64_t>(p - 2);
            continue;
        }
        ++p;
    }
    const std::size_t literals = n - anchor;
    total += 1 + extension(literals) + literals;
    return total;
}

// ----------------------------------------------------------------------------------------------------- the report

constexpr std::array<encoding, 13> all_encodings{
    encoding::raw,      encoding::az64,     encoding::bytedict, encoding::delta,    encoding::delta32k,
    encoding::lzo,      encoding::mostly8,  encoding::mostly16, encoding::mostly32, encoding::runlength,
    encoding::text255,  encoding::text32k,  encoding::zstd};

// Ties in size go to the earlier encoding of this list (RAW first: no gain, no encoding).
constexpr std::array<encoding, 13> preference{
    encoding::raw,      encoding::az64,    encoding::zstd,     encoding::lzo,      encoding::bytedict,
    encoding::runlength, encoding::delta,  encoding::delta32k, encoding::mostly8,  encoding::mostly16,
    encoding::mostly32, encoding::text255, encoding::text32k};

std::uint64_t sample_bytes(const stored_values& s, encoding e, const compression_options& o) {
    switch (e) {
        case encoding::raw: return raw_bytes(s);
        case encoding::az64: return az64_bytes(s);
        case encoding::bytedict: return run_blocks(s, bytedict_encoder{}, o.block_bytes);
        case encoding::delta: return run_blocks(s, delta_encoder{127, 1}, o.block_bytes);
        case encoding::delta32k: return run_blocks(s, delta_encoder{32767, 2}, o.block_bytes);
        case encoding::lzo: return framed(s, o.block_bytes, lz_bytes);
        case encoding::mostly8: return mostly_bytes(s, 8);
        case encoding::mostly16: return mostly_bytes(s, 16);
        case encoding::mostly32: return mostly_bytes(s, 32);
        case encoding::runlength: return run_blocks(s, runlength_encoder{}, o.block_bytes);
        case encoding::text255:
            return run_blocks(s, text_encoder{245, std::numeric_limits<std::uint64_t>::max(), 1, {}, 0},
                              o.block_bytes);
        case encoding::text32k:
            return run_blocks(s, text_encoder{std::numeric_limits<std::size_t>::max(), 32000, 2, {}, 0},
                              o.block_bytes);
        case encoding::zstd: return zstd_bytes(s, o);
    }
    return raw_bytes(s);
}

// Rows the sample stands for, per sampled row.
double scale_of(const column_data& c, std::uint64_t table_rows) {
    const auto kept = static_cast<double>(c.sample.size());
    if (kept == 0) return 0;
    const std::uint64_t rows = table_rows > 0 ? table_rows : c.sample.rows_seen;
    return static_cast<double>(rows) / kept;
}

encoding_size size_for(const stored_values& s, encoding e, const compression_options& o, double scale) {
    encoding_size out;
    out.enc = e;
    out.sample_bytes = sample_bytes(s, e, o);
    out.bytes = static_cast<std::uint64_t>(std::llround(static_cast<double>(out.sample_bytes) * scale));
    return out;
}

// Why a column's sample cannot be analysed ("" when it can).
std::string sample_problem(const column_data& c) {
    if (c.sample.texts.size() != c.sample.nulls.size()) return "its sample is inconsistent";
    if (!c.sample_only && c.sample.rows_seen != c.size())
        return "its values were not kept for compression analysis (filled without column_data::append)";
    if (c.sample.rows_seen > 0 && c.sample.size() == 0) return "its sample is empty";
    return "";
}

}  // namespace

const encoding_size* column_compression::size_of(encoding e) const noexcept {
    for (const auto& s : sizes)
        if (s.enc == e) return &s;
    return nullptr;
}

double column_compression::ratio(encoding e) const noexcept {
    const encoding_size* raw = size_of(encoding::raw);
    const encoding_size* enc = size_of(e);
    if (!analysed || raw == nullptr || enc == nullptr || enc->sample_bytes == 0 || raw->sample_bytes == 0)
        return 1.0;
    return static_cast<double>(raw->sample_bytes) / static_cast<double>(enc->sample_bytes);
}

const column_compression* table_compression::find(std::string_view column) const noexcept {
    for (const auto& c : columns)
        if (iequals(c.column, column)) return &c;
    return nullptr;
}

encoding_size encoded_size(const column_data& column, encoding e, const compression_options& options) {
    if (!is_valid_for(e, column.type))
        throw tune_error("starshift.tune.bad_encoding", "", column.name,
                         to_sql(e) + " is not valid for " + to_sql(column.type) + " (c_Compression_encodings)");
    const stored_values s = stored(column);
    return size_for(s, e, options, scale_of(column, column.sample.rows_seen));
}

table_compression analyze_compression(const table_data& data, const table& t, const compression_options& options) {
    table_compression out;
    out.table = t.name;
    out.rows = data.rows;
    const std::vector<std::string>& key = options.sort_key ? *options.sort_key : t.sortkey.columns;
    for (const auto& col : t.columns) {
        column_compression cc;
        cc.column = col.name;
        cc.type = col.type;
        cc.sort_key = std::any_of(key.begin(), key.end(), [&](const std::string& k) { return iequals(k, col.name); });
        cc.current = col.encode.value_or(default_encoding(col.type, cc.sort_key));
        const column_data* c = data.find_any(col.name);
        if (c == nullptr) {
            cc.note = "not read";
            out.columns.push_back(std::move(cc));
            continue;
        }
        cc.note = sample_problem(*c);
        if (!cc.note.empty()) {
            out.columns.push_back(std::move(cc));
            continue;
        }
        cc.analysed = true;
        cc.sampled_rows = c->sample.size();
        const stored_values s = stored(*c);
        const double scale = scale_of(*c, data.rows);
        for (const encoding e : all_encodings)
            if (is_valid_for(e, col.type)) cc.sizes.push_back(size_for(s, e, options, scale));
        if (cc.sort_key) {
            cc.recommended = encoding::raw;  // r_ANALYZE_COMPRESSION: sort key columns are not analysed
        } else {
            const encoding_size* best = nullptr;
            for (const encoding e : preference) {
                const encoding_size* z = cc.size_of(e);
                if (z != nullptr && (best == nullptr || z->sample_bytes < best->sample_bytes)) best = z;
            }
            cc.recommended = best != nullptr ? best->enc : encoding::raw;
        }
        const encoding_size* now = cc.size_of(cc.current);
        if (now == nullptr) now = cc.size_of(encoding::raw);
        const encoding_size* rec = cc.size_of(cc.recommended);
        if (!cc.sort_key && now != nullptr && rec != nullptr && now->sample_bytes > 0)
            cc.est_reduction_pct = 100.0 * (static_cast<double>(now->sample_bytes) -
                                            static_cast<double>(rec->sample_bytes)) /
                                   static_cast<double>(now->sample_bytes);
        out.columns.push_back(std::move(cc));
    }
    return out;
}

std::string format_compression(const table_compression& c) {
    // Redshift's layout: the sort key columns show their current encoding (not analysed), encodings in lower case.
    std::ostringstream o;
    o << "Table | Column | Encoding | Est_reduction_pct\n";
    for (const auto& col : c.columns) {
        char pct[32];
        std::snprintf(pct, sizeof pct, "%.2f", col.est_reduction_pct);
        const std::string enc = !col.analysed ? std::string("N/A")
                                : col.sort_key ? ascii_lower(to_sql(col.current))
                                               : ascii_lower(to_sql(col.recommended));
        o << c.table << " | " << col.column << " | " << enc << " | " << pct << "\n";
    }
    return o.str();
}

}  // namespace starshift::tune
