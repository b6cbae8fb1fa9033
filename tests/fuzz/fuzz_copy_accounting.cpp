// libFuzzer target: the record-accounting invariant of the copy engine (docs/bad-input.md, "The accounting
// invariant"), with the check of tests/support/copy_accounting.hpp that the unit test runs with a fixed seed.
// Input: byte 0 picks the read block (bits 0-1: 1 MB, 4 KB, 61 or 7 bytes: cuts replay from the block or the record
// buffer) and the record format (bits 2-3: JSON lines, pipe-delimited text, text with ESCAPE, FIXEDWIDTH); the rest
// chooses the corruptions (which lines, which kind, where, which bytes) of the first 80 lines of the
// Sparkify sample (2018-11-13, or generated events without the shared data). Aborts on a violation.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "support/copy_accounting.hpp"

namespace {

struct base {
    std::vector<std::string> lines;
    std::vector<std::string> rows;
    starshift::copy_format format;
};

const starshift::table& target() {
    static const starshift::table t = starshift::accounting::events_table();
    return t;
}

const base& the_base(starshift::accounting::record_format how) {
    static const std::vector<base> all = [] {
        namespace acc = starshift::accounting;
        auto json = acc::split_lines(acc::sample_events(STARSHIFT_SHARED_DATA_DIR));
        json.resize(std::min<std::size_t>(json.size(), 80));
        std::vector<base> out;
        for (const auto f : {acc::record_format::json, acc::record_format::text, acc::record_format::text_escape,
                             acc::record_format::fixedwidth}) {
            base x;
            std::tie(x.lines, x.format) = acc::as_format(json, target(), f);
            std::string text;
            for (const auto& l : x.lines) text += l + "\n";
            const auto got = acc::load(text, target(), 1U << 20U, x.format);
            if (!got.error.empty() || got.rows.size() != x.lines.size()) {
                std::fprintf(stderr, "fuzz_copy_accounting: the undamaged sample does not load line for line\n");
                std::abort();
            }
            x.rows = got.rows;
            out.push_back(std::move(x));
        }
        return out;
    }();
    return all[static_cast<std::size_t>(how)];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace acc = starshift::accounting;
    if (size < 2) return 0;
    static constexpr std::size_t blocks[] = {std::size_t{1} << 20U, 4096, 61, 7};
    const std::size_t block = blocks[data[0] & 3U];
    const auto how = static_cast<acc::record_format>((data[0] >> 2U) & 3U);
    const base& b = the_base(how);
    acc::choices c(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));
    const acc::corrupted_file f = acc::corrupt(b.lines, c, 16);
    const acc::load_outcome got = acc::load(f.text(), target(), block, b.format);
    const auto bad = acc::check(b.rows, f, got, how);
    if (!bad.empty()) {
        std::fprintf(stderr, "fuzz_copy_accounting: invariant broken (read block %zu)\ncorruptions:\n%s", block,
                     acc::describe(f).c_str());
        for (const auto& v : bad) std::fprintf(stderr, "  %s\n", v.c_str());
        for (const auto& r : got.rejects) std::fprintf(stderr, "  reject %s\n", r.describe().c_str());
        std::abort();
    }
    return 0;
}
