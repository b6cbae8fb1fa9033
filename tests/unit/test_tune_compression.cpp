// tune: compression analysis, encoding by encoding, with sizes computed by hand from the formats of Redshift's
// pages (https://docs.aws.amazon.com/redshift/latest/dg/c_Compression_encodings.html and its sub-pages:
// c_Byte_dictionary_encoding, c_Delta_encoding, c_MostlyN_encoding, c_Runlength_encoding, c_Text255_encoding) and
// the report rules of r_ANALYZE_COMPRESSION. NULLs and VARCHAR lengths take no bytes (docs/tuning.md "Encodings").
#include <doctest/doctest.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "starshift/common/random.hpp"
#include "starshift/model/table.hpp"
#include "starshift/sparkify/synthetic_data.hpp"
#include "starshift/sparkify/warehouse.hpp"
#include "starshift/tune/compression.hpp"
#include "support/tune_data.hpp"

using namespace starshift;
using namespace starshift::tune;
using starshift::testing::column_of;
using starshift::testing::tune_error_of;

namespace {

using texts = std::vector<std::optional<std::string>>;

texts numbers(const std::vector<long long>& values) {
    texts out;
    for (const long long v : values) out.emplace_back(std::to_string(v));
    return out;
}

texts counting(long long from, long long count) {
    texts out;
    for (long long k = 0; k < count; ++k) out.emplace_back(std::to_string(from + k));
    return out;
}

std::uint64_t size(const column_data& c, encoding e, std::uint64_t block_bytes = 1U << 20U) {
    compression_options o;
    o.block_bytes = block_bytes;
    return encoded_size(c, e, o).sample_bytes;
}

// A one-column table `t` declaring `type` for column "c" (sort key on it when `sorted`).
table one_column_table(const sql_type& type, bool sorted, std::optional<encoding> declared = std::nullopt) {
    table t;
    t.name = "t";
    column c;
    c.name = "c";
    c.type = type;
    c.encode = declared;
    t.columns.push_back(c);
    column d;
    d.name = "d";
    d.type = integer();
    t.columns.push_back(d);
    if (sorted) {
        t.sortkey.style = sort_style::compound;
        t.sortkey.columns = {"c"};
    }
    return t;
}

table_data data_of(column_data c, column_data d) {
    table_data data;
    data.name = "t";
    data.rows = c.size();
    data.columns.push_back(std::move(c));
    data.columns.push_back(std::move(d));
    return data;
}

encoding recommended_for(const column_data& c) {
    const table t = one_column_table(c.type, false);
    column_data d = column_of("d", integer(), texts(c.size(), std::string("1")));
    column_data copy = c;
    copy.name = "c";
    const table_compression tc = analyze_compression(data_of(std::move(copy), std::move(d)), t);
    return tc.find("c")->recommended;
}

}  // namespace

TEST_CASE("byte dictionary: 1000 values of 3 strings are 1000 one-byte indexes and a 12-byte dictionary") {
    texts v;
    const char* colours[] = {"red", "green", "blue"};
    for (int k = 0; k < 1000; ++k) v.emplace_back(colours[k % 3]);
    const column_data c = column_of("colour", varchar(10), v);
    CHECK(size(c, encoding::raw) == 334 * 3 + 333 * 5 + 333 * 4);  // 3999
    CHECK(size(c, encoding::bytedict) == 1000 + 3 + 5 + 4);
    // Every value starts a run: value + 1-byte count.
    CHECK(size(c, encoding::runlength) == 3999 + 1000);
    // One word per value: TEXT255 1-byte indexes (the first of each word also stores it), TEXT32K 2-byte ones.
    CHECK(size(c, encoding::text255) == 1000 + 12);
    CHECK(size(c, encoding::text32k) == 2000 + 12);
}

TEST_CASE("byte dictionary: CHAR values keep their blanks as in the COUNTRY example") {
    // c_Byte_dictionary_encoding: 6 CHAR(30) entries and 10 one-byte values make 190 bytes.
    const char* countries[] = {"England", "United States of America", "Venezuela", "Sri Lanka", "Argentina",
                               "Japan", "England", "Japan", "Venezuela", "Argentina"};
    texts v;
    for (const char* c : countries) v.emplace_back(c);
    const column_data c = column_of("country", char_type(30), v);
    CHECK(size(c, encoding::raw) == 300);
    CHECK(size(c, encoding::bytedict) == 190);
}

TEST_CASE("byte dictionary: the dictionary restarts with every block and holds at most 256 values") {
    // block_bytes 16: 1, 2 cost 5 each (index + 4-byte entry), then six 1-byte indexes fill the block; the ninth
    // value opens a new block whose dictionary is empty again.
    texts v;
    for (int k = 0; k < 10; ++k) v.emplace_back(std::to_string(1 + k % 2));
    const column_data c = column_of("c", integer(), v);
    CHECK(size(c, encoding::bytedict, 16) == 16 + 10);
    // 300 distinct values: 256 enter the dictionary (5 bytes each), 44 are stored raw behind their slot (1 + 4).
    CHECK(size(column_of("c", integer(), counting(1, 300)), encoding::bytedict) == 300 * 5);
}

TEST_CASE("delta: 1-byte differences within -127..127 and a flagged full value otherwise") {
    // c_Delta_encoding: 1..10 is a 4-byte value with its 1-byte flag, then nine 1-byte differences.
    CHECK(size(column_of("c", integer(), counting(1, 10)), encoding::delta) == 5 + 9);
    CHECK(size(column_of("c", integer(), counting(1, 1000)), encoding::delta) == 5 + 999);
    CHECK(size(column_of("c", integer(), numbers({0, 127, 255, 128})), encoding::delta) == 5 + 1 + 5 + 1);
    CHECK(size(column_of("c", integer(), numbers({0, -127, -255})), encoding::delta) == 5 + 1 + 5);
    // DELTA32K: 2-byte differences.
    CHECK(size(column_of("c", integer(), counting(1, 1000)), encoding::delta32k) == 5 + 999 * 2);
    CHECK(size(column_of("c", integer(), numbers({0, 32767, 65535})), encoding::delta32k) == 5 + 2 + 5);
    // A BIGINT's full value is 8 bytes; NULLs take nothing and do not break the chain.
    CHECK(size(column_of("c", bigint(), texts{std::string("1"), std::nullopt, std::string("3")}), encoding::delta) ==
          9 + 1);
    // DATE differences are in days.
    CHECK(size(column_of("c", date(), texts{std::string("2018-11-01"), std::string("2018-11-02")}), encoding::delta) ==
          5 + 1);
}

TEST_CASE("mostly: values in the N-bit range take N/8 bytes and the others their raw width") {
    const column_data c = column_of("c", bigint(), numbers({-128, 127, 128, 5}));
    CHECK(size(c, encoding::raw) == 32);
    CHECK(size(c, encoding::mostly8) == 1 + 1 + 8 + 1);
    CHECK(size(c, encoding::mostly16) == 4 * 2);
    CHECK(size(c, encoding::mostly32) == 4 * 4);
    // c_MostlyN_encoding: VENUEID 0..309 as MOSTLY16 takes 2 bytes per value.
    CHECK(size(column_of("c", integer(), counting(0, 310)), encoding::mostly16) == 310 * 2);
    // DECIMAL ignores the decimal point: 1234.56 is 123456 (outside 16 bits, inside 32).
    const column_data d = column_of("c", decimal(18, 2), texts{std::string("1234.56"), std::string("1.27")});
    CHECK(size(d, encoding::mostly16) == 8 + 2);
    CHECK(size(d, encoding::mostly32) == 4 + 4);
}

TEST_CASE("run length: a token of the value and a 1-byte count per run of at most 255") {
    texts v;
    for (int k = 0; k < 600; ++k) v.emplace_back("a");
    // CHAR(3) stores 'a  ': 3 bytes per value; 600 = 255 + 255 + 90: three tokens of 3 + 1 bytes.
    const column_data c = column_of("c", char_type(3), v);
    CHECK(size(c, encoding::raw) == 1800);
    CHECK(size(c, encoding::runlength) == 3 * 4);
    // c_Runlength_encoding's COLOR example: Blue Blue Green Green Green Blue Yellow Yellow Yellow Yellow.
    texts colours;
    for (const char* s : {"Blue", "Blue", "Green", "Green", "Green", "Blue", "Yellow", "Yellow", "Yellow", "Yellow"})
        colours.emplace_back(s);
    CHECK(size(column_of("c", varchar(10), colours), encoding::runlength) == 5 + 6 + 5 + 7);
}

TEST_CASE("text255 and text32k: words outside the dictionary are stored raw") {
    const column_data c = column_of("c", varchar(20), texts{std::string("a b"), std::string("a c")});
    CHECK(size(c, encoding::raw) == 6);
    CHECK(size(c, encoding::text255) == (1 + 1) + (1 + 1) + 1 + (1 + 1));
    CHECK(size(c, encoding::text32k) == (2 + 1) + (2 + 1) + 2 + (2 + 1));
    // Only the first 245 distinct words enter a TEXT255 dictionary: 300 one-letter-or-more words.
    texts words;
    for (int k = 0; k < 300; ++k) words.emplace_back("w" + std::to_string(k));
    const column_data w = column_of("c", varchar(20), words);
    const std::uint64_t raw = size(w, encoding::raw);
    CHECK(size(w, encoding::text255) == 300 + raw);
    CHECK(size(w, encoding::text32k) == 600 + raw);
}

TEST_CASE("zstd lzo and az64 shrink regular data and never lose much on random data") {
    const column_data c = column_of("c", integer(), counting(1, 1000));
    // AZ64's approximation: 8 groups (7 × 128 + 104), each a header, the first value and the minimum difference
    // (1 + 4 + 4) with 0-bit differences.
    CHECK(size(c, encoding::az64) == 8 * 9);
    CHECK(size(c, encoding::zstd) < 4000 / 2);
    // LZO finds no 4-byte repeats in distinct 4-byte integers (about RAW plus its tokens), but long ones in text.
    CHECK(size(c, encoding::lzo) <= 4000 + 4000 / 200 + 16);
    texts ids;
    for (int k = 0; k < 2000; ++k) ids.emplace_back("SOAAAAB12A8C13" + std::to_string(k % 50));
    const column_data s = column_of("c", varchar(32), ids);
    CHECK(size(s, encoding::lzo) < size(s, encoding::raw) / 4);
    seeded_random r{7};
    texts noise;
    for (int k = 0; k < 2000; ++k) noise.emplace_back(std::to_string(static_cast<std::int64_t>(r.next() >> 1U)));
    const column_data n = column_of("c", bigint(), noise);
    CHECK(size(n, encoding::zstd) <= size(n, encoding::raw) + 64);
    CHECK(size(n, encoding::lzo) <= size(n, encoding::raw) + size(n, encoding::raw) / 200 + 16);
    CHECK(size(n, encoding::az64) <= size(n, encoding::raw) + 16 * 17);
}

TEST_CASE("the encodings analysed are the ones valid for the type") {
    auto listed = [](const sql_type& type, const texts& values) {
        const table t = one_column_table(type, false);
        const table_compression tc = analyze_compression(
            data_of(column_of("c", type, values), column_of("d", integer(), texts(values.size(), std::string("1")))),
            t);
        std::vector<encoding> out;
        for (const auto& s : tc.find("c")->sizes) out.push_back(s.enc);
        return out;
    };
    const texts one{std::string("1")};
    CHECK(listed(boolean(), one) == std::vector<encoding>{encoding::raw, encoding::runlength, encoding::zstd});
    CHECK(listed(smallint(), one) ==
          std::vector<encoding>{encoding::raw, encoding::az64, encoding::bytedict, encoding::delta, encoding::lzo,
                                encoding::mostly8, encoding::runlength, encoding::zstd});
    CHECK(listed(varchar(5), one) ==
          std::vector<encoding>{encoding::raw, encoding::bytedict, encoding::lzo, encoding::runlength,
                                encoding::text255, encoding::text32k, encoding::zstd});
    CHECK(listed(double_precision(), one) ==
          std::vector<encoding>{encoding::raw, encoding::bytedict, encoding::runlength, encoding::zstd});
    const auto e = tune_error_of([] { (void)encoded_size(column_of("c", integer(), {}), encoding::text255); });
    CHECK(e.id() == "starshift.tune.bad_encoding");
}

TEST_CASE("recommendations follow the data") {
    seeded_random r{11};
    // A random walk with steps in -127..127: DELTA's one byte per value beats 8-bit packing with headers.
    texts walk;
    long long v = 1'000'000;
    for (int k = 0; k < 20'000; ++k) {
        v += static_cast<long long>(r.next() % 255) - 127;
        walk.emplace_back(std::to_string(v));
    }
    // Small integers in a BIGINT: MOSTLY8.
    texts small;
    for (int k = 0; k < 20'000; ++k) small.emplace_back(std::to_string(static_cast<long long>(r.next() % 256) - 128));
    // Runs of 255 of a random value: RUNLENGTH's 9 bytes per run (ZSTD must store the 8 random bytes as literals
    // with a sequence; AZ64's groups span 64-bit ranges).
    texts runs;
    std::string run_value;
    for (int k = 0; k < 20'000; ++k) {
        if (k % 255 == 0) run_value = std::to_string(static_cast<std::int64_t>(r.next() >> 1U));
        runs.emplace_back(run_value);
    }
    // Three long strings in random order: BYTEDICT.
    texts three;
    const std::string names[] = {"Los Angeles-Long Beach-Anaheim, CA", "San Francisco-Oakland-Hayward, CA",
                                 "Portland-South Portland, ME"};
    for (int k = 0; k < 20'000; ++k) three.emplace_back(names[r.next() % 3]);
    CHECK(recommended_for(column_of("c", integer(), walk)) == encoding::delta);
    CHECK(recommended_for(column_of("c", bigint(), small)) == encoding::mostly8);
    CHECK(recommended_for(column_of("c", bigint(), runs)) == encoding::runlength);
    CHECK(recommended_for(column_of("c", varchar(64), three)) == encoding::bytedict);
}

TEST_CASE("a sort key column is not analysed and stays RAW") {
    // r_ANALYZE_COMPRESSION: sort key columns skip the analysis (0.00 %); Redshift advises RAW for them.
    const table t = one_column_table(integer(), true);
    const table_compression tc = analyze_compression(
        data_of(column_of("c", integer(), counting(1, 1000)), column_of("d", integer(), counting(1, 1000))), t);
    const column_compression* c = tc.find("c");
    REQUIRE(c != nullptr);
    CHECK(c->sort_key);
    CHECK(c->recommended == encoding::raw);
    CHECK(c->est_reduction_pct == 0.0);
    CHECK(c->size_of(encoding::delta)->sample_bytes == 5 + 999);  // the sizes are still estimated
    // The same values outside the sort key get AZ64 (8 groups of 9 bytes): 1 − 72 / 4000 of the default AZ64 is 0 %,
    // of a declared RAW 98.2 %.
    const column_compression* d = tc.find("d");
    CHECK_FALSE(d->sort_key);
    CHECK(d->recommended == encoding::az64);
    CHECK(d->current == encoding::az64);
    CHECK(d->est_reduction_pct == 0.0);
    const table raw = one_column_table(integer(), false, encoding::raw);
    const table_compression tr = analyze_compression(
        data_of(column_of("c", integer(), counting(1, 1000)), column_of("d", integer(), counting(1, 1000))), raw);
    CHECK(tr.find("c")->current == encoding::raw);
    CHECK(tr.find("c")->est_reduction_pct == doctest::Approx(100.0 * (4000 - 72) / 4000));
    // The options may name another sort key (a candidate design's).
    compression_options o;
    o.sort_key = std::vector<std::string>{"d"};
    const table_compression other = analyze_compression(
        data_of(column_of("c", integer(), counting(1, 1000)), column_of("d", integer(), counting(1, 1000))), t, o);
    CHECK(other.find("c")->recommended == encoding::az64);
    CHECK(other.find("d")->recommended == encoding::raw);
    // Redshift's report: the sort key column with its current encoding and 0.00.
    CHECK(format_compression(other) == "Table | Column | Encoding | Est_reduction_pct\n"
                                       "t | c | az64 | 0.00\n"
                                       "t | d | raw | 0.00\n");
}

TEST_CASE("the sample keeps evenly spread chunks of consecutive rows and scales to the table") {
    // 300,000 rows are 293 chunks of 1,024: stride 4 keeps chunks 0, 4, …, 292 (the last holds 992 rows).
    texts v = counting(0, 300'000);
    const column_data c = column_of("c", integer(), v);
    CHECK(c.sample.stride == 4);
    CHECK(c.sample.size() == 73 * 1024 + 992);
    CHECK(c.sample.texts[1023] == "1023");
    CHECK(c.sample.texts[1024] == "4096");
    CHECK(c.sample.texts.back() == "299999");
    // Every kept row is 1 greater than the one before except at the 73 chunk boundaries (a difference of 3073).
    const encoding_size delta = encoded_size(c, encoding::delta);
    CHECK(delta.sample_bytes == 5 + (c.sample.size() - 1 - 73) + 73 * 5);
    CHECK(delta.bytes == static_cast<std::uint64_t>(std::llround(static_cast<double>(delta.sample_bytes) * 300'000.0 /
                                                                 static_cast<double>(c.sample.size()))));
    // A column read for compression only keeps the same rows and nothing else.
    column_data only{"c", integer(), {}, {}, {}, 0, true, {}};
    for (const auto& x : v) only.append(std::string_view(*x));
    CHECK(only.size() == 0);
    CHECK(only.sample.texts == c.sample.texts);
    table_data data;
    data.name = "t";
    data.rows = 600'000;  // the rows read were a half sample of the table
    data.sample_columns.push_back(std::move(only));
    const table_compression tc = analyze_compression(data, one_column_table(integer(), false));
    CHECK(tc.find("c")->analysed);
    CHECK(tc.find("c")->size_of(encoding::delta)->bytes ==
          static_cast<std::uint64_t>(std::llround(static_cast<double>(delta.sample_bytes) * 600'000.0 /
                                                  static_cast<double>(c.sample.size()))));
    CHECK_FALSE(tc.find("d")->analysed);
    CHECK(tc.find("d")->note == "not read");
    // A column filled by hand, without append, has no sample: not analysed, said why.
    column_data bare{"c", integer(), {1}, {1}, {false}, 1, false, {}};
    table_data hand;
    hand.name = "t";
    hand.rows = 1;
    hand.columns.push_back(bare);
    const table_compression th = analyze_compression(hand, one_column_table(integer(), false));
    CHECK_FALSE(th.find("c")->analysed);
    CHECK(th.find("c")->ratio(encoding::az64) == 1.0);
}

TEST_CASE("the Sparkify tables get encodings that fit their data") {
    const warehouse wh = sparkify::make_warehouse();
    const tune::warehouse_data data = sparkify::synthetic_tune_data();
    const table* songplays = nullptr;
    for (const auto& t : wh.star)
        if (t.name == "songplays") songplays = &t;
    REQUIRE(songplays != nullptr);
    const table_compression tc = analyze_compression(*data.find("songplays"), *songplays);
    for (const auto& c : tc.columns) {
        if (!c.analysed) continue;
        CHECK(is_valid_for(c.recommended, c.type));
        const encoding_size* rec = c.size_of(c.recommended);
        for (const auto& s : c.sizes)
            if (!c.sort_key) CHECK(rec->sample_bytes <= s.sample_bytes);
    }
    // level is 'free' or 'paid': a 1-byte code or better; start_time (one play every 7 s) compresses far below
    // its 8 bytes; artist_id, the sort key, stays RAW.
    const column_compression* level = tc.find("level");
    REQUIRE(level->analysed);
    CHECK(level->size_of(level->recommended)->sample_bytes * 4 <= level->size_of(encoding::raw)->sample_bytes);
    const column_compression* start = tc.find("start_time");
    REQUIRE(start->analysed);
    CHECK(start->recommended != encoding::raw);
    const column_compression* artist = tc.find("artist_id");
    REQUIRE(artist->analysed);
    CHECK(artist->sort_key);
    CHECK(artist->recommended == encoding::raw);
    CHECK(start->size_of(encoding::az64)->sample_bytes * 4 < start->size_of(encoding::raw)->sample_bytes);
}
