// libFuzzer target: the record-accounting invariant of the copy engine (docs/bad-input.md, "The accounting
// invariant"), with the check of tests/support/copy_accounting.hpp that the unit test runs with a fixed seed.
// Input: byte 0 picks the read block (1 MB, 4 KB, 61 or 7 bytes: cuts replay from the block or the record buffer);
// the rest chooses the corruptions (which lines, which kind, where, which bytes) of the first 80 lines of the
// Sparkify sample (2018-11-13, or generated events without the shared data). Aborts on a violation.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "support/copy_accounting.hpp"

namespace {

struct base {
    std::vector<std::string> lines;
    std::vector<std::string> rows;
    starshift::table target = starshift::accounting::events_table();
};

const base& the_base() {
    static const base b = [] {
        namespace acc = starshift::accounting;
        base x;
        auto lines = acc::split_lines(acc::sample_events(STARSHIFT_SHARED_DATA_DIR));
        lines.resize(std::min<std::size_t>(lines.size(), 80));
        std::string text;
        for (const auto& l : lines) text += l + "\n";
        const auto got = acc::load(text, x.target);
        if (!got.error.empty() || got.rows.size() != lines.size()) {
            std::fprintf(stderr, "fuzz_copy_accounting: the undamaged sample does not load line for line\n");
            std::abort();
        }
        x.lines = std::move(lines);
        x.rows = got.rows;
        return x;
    }();
    return b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace acc = starshift::accounting;
    if (size < 2) return 0;
    const base& b = the_base();
    static constexpr std::size_t blocks[] = {std::size_t{1} << 20U, 4096, 61, 7};
    const std::size_t block = blocks[data[0] & 3U];
    acc::choices c(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));
    const acc::corrupted_file f = acc::corrupt(b.lines, c, 16);
    const acc::load_outcome got = acc::load(f.text(), b.target, block);
    const auto bad = acc::check(b.rows, f, got);
    if (!bad.empty()) {
        std::fprintf(stderr, "fuzz_copy_accounting: invariant broken (read block %zu)\ncorruptions:\n%s", block,
                     acc::describe(f).c_str());
        for (const auto& v : bad) std::fprintf(stderr, "  %s\n", v.c_str());
        for (const auto& r : got.rejects) std::fprintf(stderr, "  reject %s\n", r.describe().c_str());
        std::abort();
    }
    return 0;
}
