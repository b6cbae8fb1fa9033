// libFuzzer target: the record splitter + converter, through copy_encoder over an in-memory object store.
// Input: byte 0 selects COPY options (compression none; ACCEPTINVCHARS, TRUNCATECOLUMNS, EMPTYASNULL/BLANKSASNULL,
// TIMEFORMAT, 'auto ignorecase', a small record bound); the rest is the file ("#csv" + a byte first: CSV; "#txt" +
// a byte first: Redshift's text format with its DELIMITER, ESCAPE, REMOVEQUOTES, FILLRECORD, IGNOREBLANKLINES,
// TRIMBLANKS, NULL AS, or FIXEDWIDTH).
// Checked: read = loaded + rejected, every COPY text row has exactly one field per column, no raw control byte,
// NUL or invalid UTF-8 reaches the COPY stream, and every reject names the file, a line and a Redshift code.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/copy/copy_encoder.hpp"
#include "starshift/io/memory_store.hpp"
#include "starshift/io/object_store.hpp"
#include "starshift/model/column.hpp"
#include "starshift/model/copy_spec.hpp"
#include "starshift/model/sql_type.hpp"
#include "starshift/model/table.hpp"

namespace {

const starshift::table& fuzz_table() {
    static const starshift::table t = [] {
        using namespace starshift;
        table x;
        x.name = "fuzz_target";
        x.columns = {column_builder("id", integer()).not_null(), column_builder("s", smallint()),
                     column_builder("b", bigint()),             column_builder("d", decimal(10, 3)),
                     column_builder("f", double_precision()),   column_builder("r", real()),
                     column_builder("v", varchar(16)),          column_builder("c", char_type(2)),
                     column_builder("m", varchar_max()),        column_builder("flag", boolean()),
                     column_builder("ts", timestamp()),         column_builder("tz", timestamptz()),
                     column_builder("dt", date())};
        return x;
    }();
    return t;
}

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_copy_records: invariant broken: %s\n", what);
        std::abort();
    }
}

// A strict UTF-8 check (no overlongs, no surrogates, nothing above U+10FFFF).
bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) { ++i; continue; }
        std::size_t n = 0;
        std::uint32_t cp = 0;
        if (c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1FU; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 2; cp = c & 0x0FU; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07U; }
        else return false;
        for (std::size_t k = 1; k <= n; ++k) {
            if (i + k >= s.size()) return false;
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0U) != 0x80U) return false;
            cp = (cp << 6U) | (cc & 0x3FU);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += n + 1;
    }
    return true;
}

void check_rows(std::string_view text, std::size_t columns, std::uint64_t& rows) {
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t nl = text.find('\n', start);
        check(nl != std::string_view::npos, "COPY text ends inside a row");
        const std::string_view row = text.substr(start, nl - start);
        std::size_t fields = 1;
        for (char ch : row) {
            const auto u = static_cast<unsigned char>(ch);
            if (ch == '\t') ++fields;
            check(u >= 0x20 || ch == '\t', "raw control byte or NUL in COPY text");
        }
        check(fields == columns, "COPY text row with the wrong number of fields");
        check(valid_utf8(row), "invalid UTF-8 in COPY text");
        ++rows;
        start = nl + 1;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::uint8_t opts = data[0];
    std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
    // A body starting with "#csv" and one more byte is COPY … CSV: that byte picks the delimiter (, | tab ;), the
    // quote (" or %), IGNOREHEADER 0/1, and the csv_options.
    const bool csv = body.size() >= 5 && body.substr(0, 4) == "#csv";
    const bool txt = body.size() >= 5 && body.substr(0, 4) == "#txt";
    const auto csv_opts = csv || txt ? static_cast<unsigned char>(body[4]) : 0U;
    if (csv || txt) body.remove_prefix(5);
    starshift::io::memory_store store("mem/input.json", std::string(body));

    const starshift::table& t = fuzz_table();
    starshift::copy_spec spec;
    spec.table = t.name;
    spec.source.uri = "mem/";
    spec.maxerror = starshift::max_maxerror;
    if ((opts & 1U) != 0) spec.acceptinvchars = "?";
    spec.truncatecolumns = (opts & 2U) != 0;
    spec.emptyasnull = (opts & 4U) != 0;
    spec.blanksasnull = (opts & 4U) != 0;
    switch ((opts >> 3U) & 3U) {
        case 1: spec.timeformat = "auto"; break;
        case 2: spec.timeformat = "epochmillisecs"; break;
        case 3: spec.timeformat = "YYYY-MM-DD HH24:MI:SS"; break;
        default: break;
    }
    if ((opts & 32U) != 0) spec.format.kind = starshift::copy_format_kind::json_auto_ignorecase;
    spec.roundec = (opts & 64U) != 0;
    if (csv) {
        spec.format.kind = starshift::copy_format_kind::csv;
        static constexpr char delimiters[] = {',', '|', '\t', ';'};
        spec.format.delimiter = delimiters[csv_opts & 3U];
        spec.format.quote = (csv_opts & 4U) != 0 ? '%' : '"';
        spec.format.ignore_header = (csv_opts >> 3U) & 1U;
    }
    if (txt) {
        // the text format: every option combination the model accepts
        spec.format.kind = starshift::copy_format_kind::text;
        spec.format.removequotes = (csv_opts & 4U) != 0;
        spec.format.fillrecord = (csv_opts & 8U) != 0;
        spec.format.ignoreblanklines = (csv_opts & 16U) != 0;
        spec.trimblanks = (csv_opts & 32U) != 0;
        if ((csv_opts & 64U) != 0) spec.format.null_as = "nil";
        if ((csv_opts & 128U) != 0) {
            spec.format.fixedwidth = {{"id", 3}, {"s", 2}, {"b", 4}, {"d", 6}, {"f", 5}, {"r", 4}, {"v", 8},
                                      {"c", 2}, {"m", 10}, {"flag", 1}, {"ts", 19}, {"tz", 22}, {"dt", 10}};
        } else {
            static constexpr char delimiters[] = {'|', ',', '\t', '\\'};
            spec.format.delimiter = delimiters[csv_opts & 3U];
            spec.format.escape = (csv_opts & 3U) != 3U && (opts & 64U) != 0;
            spec.format.ignore_header = (opts >> 6U) & 1U;
        }
    }

    starshift::copy::copy_options options;
    options.store = &store;
    options.chunk_bytes = 256;
    options.wire = starshift::copy::wire_format::text;  // check_rows reads COPY text
    if ((opts & 128U) != 0) options.max_record_bytes = 64;
    if (csv) {
        options.csv.emptyasnull_quoted = (csv_opts & 16U) != 0;
        if ((csv_opts & 32U) != 0) options.csv.header_unit = starshift::copy::csv_header_unit::records;
        if ((csv_opts & 64U) != 0) options.csv.null_as.reset();
    }
    if (txt && (opts & 1U) != 0) options.fixedwidth = starshift::copy::fixedwidth_unit::bytes;
    if (txt) starshift::validate(spec, t);  // the fuzzer builds only text specs the model accepts

    std::uint64_t rows = 0;
    try {
        starshift::copy::copy_encoder enc(spec, t, options);
        const std::size_t columns = enc.column_names().size();
        enc.run([&](std::string& chunk) {
            check_rows(chunk, columns, rows);
            chunk.clear();
        });
        const auto& st = enc.stats();
        check(st.records_read == st.rows_loaded + st.rows_rejected, "read != loaded + rejected");
        check(rows == st.rows_loaded, "COPY rows != rows_loaded");
        for (const auto& r : enc.rejects()) {
            check(r.file == "mem/input.json", "reject without the file name");
            check(r.line >= 1, "reject without a line");
            check(r.code >= 1200 && r.code < 1300, "reject without a Redshift code");
            check(!r.reason.empty(), "reject without a reason");
            check(r.raw_value.size() <= starshift::copy::max_raw_value_bytes, "raw value over 1024 bytes");
        }
    } catch (const starshift::copy::load_error& e) {
        check(std::strncmp(e.what(), "[starshift.", 11) == 0, "load_error without an id");
    }
    return 0;
}
