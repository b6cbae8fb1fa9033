// Exact record accounting of the copy engine on damaged NDJSON (docs/bad-input.md, "The accounting invariant"):
// the reported case (a line cut in half and a garbage line: exactly two rejects at their own lines, every other
// record loaded) and random corruptions of the Sparkify sample with a fixed seed, checked by
// tests/support/copy_accounting.hpp (which the fuzz target fuzz_copy_accounting shares). No database.
#include <doctest/doctest.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "support/copy_accounting.hpp"

using namespace starshift;

namespace {

struct sample {
    std::vector<std::string> lines;
    std::vector<std::string> rows;  // the COPY row of each line, loaded from the undamaged file
    table target = accounting::events_table();
};

const sample& the_sample() {
    static const sample s = [] {
        sample x;
        bool real = false;
        const std::string text = accounting::sample_events(STARSHIFT_SHARED_DATA_DIR, &real);
        if (!real) MESSAGE("sparkify sample data absent: using one generated day of events");
        x.lines = accounting::split_lines(text);
        const auto got = accounting::load(text, x.target);
        REQUIRE(got.error.empty());
        REQUIRE(got.stats.rows_rejected == 0);
        REQUIRE(got.rows.size() == x.lines.size());
        x.rows = got.rows;
        return x;
    }();
    return s;
}

}  // namespace

TEST_CASE("copy accounting: a line cut in half and a garbage line give two rejects at lines 11 and 41") {
    const sample& s = the_sample();
    REQUIRE(s.lines.size() >= 60);
    accounting::corrupted_file f;
    for (std::size_t i = 0; i < s.lines.size(); ++i) {
        if (f.lines.size() == 40) {  // the garbage becomes line 41
            f.lines.emplace_back("this line is not json");
            f.origin.push_back({accounting::line_origin::inserted, i, accounting::corruption::garbage_line});
        }
        if (i == 10) {  // line 11, cut in half
            f.lines.push_back(s.lines[i].substr(0, s.lines[i].size() / 2));
            f.origin.push_back({accounting::line_origin::corrupted, i, accounting::corruption::cut});
            continue;
        }
        f.lines.push_back(s.lines[i]);
        f.origin.push_back({accounting::line_origin::untouched, i, accounting::corruption::count});
    }
    for (const std::size_t block : {std::size_t{1} << 20U, std::size_t{4096}, std::size_t{13}}) {
        INFO("read block " << block);
        const auto got = accounting::load(f.text(), s.target, block);
        CHECK(got.error.empty());
        CHECK(got.stats.records_read == s.lines.size() + 1);
        CHECK(got.stats.rows_loaded == s.lines.size() - 1);
        CHECK(got.stats.rows_rejected == 2);
        REQUIRE(got.rejects.size() == 2);
        CHECK(got.rejects[0].line == 11);
        CHECK(got.rejects[0].code == 1224);
        CHECK(got.rejects[0].reason.find("loading resumed at line 12") != std::string::npos);
        CHECK(got.rejects[1].line == 41);
        CHECK(got.rejects[1].raw_value == "this line is not json");
        CHECK(got.rejects[1].reason == "text outside a JSON object");
        // every other record, value for value and in order
        std::vector<std::string> expected = s.rows;
        expected.erase(expected.begin() + 10);
        CHECK(got.rows == expected);
        CHECK(accounting::check(s.rows, f, got).empty());
    }
}

TEST_CASE("copy accounting: with MAXERROR 0 the cut line fails the COPY naming line 11") {
    const sample& s = the_sample();
    std::string text;
    for (std::size_t i = 0; i < s.lines.size(); ++i) {
        text += i == 10 ? s.lines[i].substr(0, s.lines[i].size() / 2) : s.lines[i];
        text += '\n';
    }
    io::memory_store store("mem/events.json", text);
    copy_spec spec;
    spec.table = s.target.name;
    spec.source.uri = "mem/";
    spec.format.kind = copy_format_kind::json_auto_ignorecase;
    spec.maxerror = 0;
    copy::copy_options options;
    options.store = &store;
    copy::copy_encoder enc(spec, s.target, options);
    try {
        enc.run([](std::string& chunk) { chunk.clear(); });
        FAIL("MAXERROR 0 with a cut line must fail");
    } catch (const copy::load_error& e) {
        CHECK(e.id() == "starshift.copy.maxerror_exceeded");
        REQUIRE(e.rejects().size() == 1);
        CHECK(e.rejects()[0].line == 11);
        CHECK(std::string(e.what()).find("mem/events.json:11") != std::string::npos);
    }
}

namespace {

// `iterations` random corruptions (a fixed seed) of `lines` loaded in `format`; each violation is a failed CHECK.
struct corruption_run {
    std::size_t corrupted_lines = 0;
    std::size_t rejects = 0;
    std::size_t failures = 0;
};

corruption_run corrupt_and_load(const std::vector<std::string>& lines, const std::vector<std::string>& rows,
                                 const table& target, const copy_format& format, accounting::record_format how,
                                 std::uint64_t seed, int iterations) {
    std::mt19937_64 rng(seed);
    corruption_run run;
    for (int iteration = 0; iteration < iterations && run.failures < 5; ++iteration) {
        std::string bytes(96, '\0');
        for (char& b : bytes) b = static_cast<char>(rng() & 0xFFU);
        accounting::choices c(bytes);
        const accounting::corrupted_file f = accounting::corrupt(lines, c, 12);
        const std::size_t block = iteration % 3 == 0 ? std::size_t{1} << 20U : iteration % 3 == 1 ? 4096 : 61;
        const auto got = accounting::load(f.text(), target, block, format);
        const auto bad = accounting::check(rows, f, got, how);
        for (const auto& o : f.origin) run.corrupted_lines += o.kind == accounting::line_origin::untouched ? 0 : 1;
        run.rejects += got.stats.rows_rejected;
        if (!bad.empty()) {
            ++run.failures;
            std::string all;
            for (const auto& v : bad) all += v + "\n";
            INFO("format " << static_cast<int>(how) << " iteration " << iteration << " (block " << block
                           << ")\ncorruptions:\n"
                           << accounting::describe(f) << "violations:\n"
                           << all);
            CHECK(bad.empty());
        }
    }
    return run;
}

}  // namespace

TEST_CASE("copy accounting: random corruptions of the sample keep every untouched record (fixed seed)") {
    const sample& s = the_sample();
    const corruption_run run = corrupt_and_load(s.lines, s.rows, s.target, accounting::json_format(),
                                                accounting::record_format::json, 20181113, 300);
    MESSAGE(run.corrupted_lines << " damaged or inserted lines, " << run.rejects << " rejects over 300 loads");
    CHECK(run.failures == 0);
    CHECK(run.rejects > 300);  // the corruptions did reach the engine
}

TEST_CASE("copy accounting: the check reports a lost record and a reject at an untouched line") {
    const sample& s = the_sample();
    accounting::corrupted_file f;
    for (std::size_t i = 0; i < 5; ++i) {
        f.lines.push_back(s.lines[i]);
        f.origin.push_back({accounting::line_origin::untouched, i, accounting::corruption::count});
    }
    auto got = accounting::load(f.text(), s.target);
    REQUIRE(accounting::check(s.rows, f, got).empty());
    got.rows.erase(got.rows.begin() + 2);
    got.stats.rows_loaded -= 1;
    got.stats.rows_rejected += 1;
    copy::reject r;
    r.line = 3;
    r.code = 1224;
    got.rejects.push_back(r);
    const auto bad = accounting::check(s.rows, f, got);
    REQUIRE(bad.size() == 2);
    CHECK(bad[0].find("reject names untouched line 3") != std::string::npos);
    CHECK(bad[1].find("untouched line 3") != std::string::npos);
}

TEST_CASE("copy accounting: a file of cut lines costs one scan of each line") {
    // every line cut inside a string: each record is certainly broken at the next line, so it is cut there at once
    // (scanning each cut record to the end of the file would be quadratic: ~16 GB of scanning and copying here)
    const sample& s = the_sample();
    std::string text;
    std::size_t lines = 0;
    while (lines < 20000) {
        for (const auto& l : s.lines) {
            const auto quote = l.find("\"auth\":\"");
            text += quote == std::string::npos ? l : l.substr(0, quote + 9);
            text += '\n';
            ++lines;
        }
    }
    const auto start = std::chrono::steady_clock::now();
    const auto got = accounting::load(text, s.target);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    MESSAGE(lines << " cut lines in " << seconds << " s");
    CHECK(got.stats.rows_rejected == lines);
    CHECK(got.stats.rows_loaded == 0);
    REQUIRE(got.rejects.size() == lines);
    for (std::size_t i = 0; i < lines; i += 997) CHECK(got.rejects[i].line == i + 1);
    CHECK(seconds < 3.0);
}

TEST_CASE("parse_maxerror_rule: more_than and at_least exactly and nothing else") {
    using starshift::copy::maxerror_rule;
    using starshift::copy::parse_maxerror_rule;
    CHECK(parse_maxerror_rule("more_than") == maxerror_rule::more_than);
    CHECK(parse_maxerror_rule("at_least") == maxerror_rule::at_least);
    CHECK_FALSE(parse_maxerror_rule("AT_LEAST").has_value());
    CHECK_FALSE(parse_maxerror_rule("").has_value());
    CHECK_FALSE(parse_maxerror_rule("more-than").has_value());
}

// The same property for Redshift's text format (copy-parameters-data-format: pipe-delimited by default; ESCAPE in
// copy-parameters-data-conversion) and FIXEDWIDTH: the sample's events rewritten in each, damaged at random.
TEST_CASE("copy accounting: random corruptions of the text and fixed-width sample keep every untouched record") {
    const sample& s = the_sample();
    for (const auto how : {accounting::record_format::text, accounting::record_format::text_escape,
                           accounting::record_format::fixedwidth}) {
        const auto [lines, format] = accounting::as_format(s.lines, s.target, how);
        REQUIRE(lines.size() == s.lines.size());
        std::string text;
        for (const auto& l : lines) text += l + "\n";
        const auto clean = accounting::load(text, s.target, 1U << 20U, format);
        REQUIRE(clean.error.empty());
        REQUIRE(clean.stats.rows_rejected == 0);
        REQUIRE(clean.rows.size() == lines.size());
        const corruption_run run = corrupt_and_load(lines, clean.rows, s.target, format, how,
                                                    20181113 + static_cast<std::uint64_t>(how), 100);
        CHECK(run.failures == 0);
        CHECK(run.rejects > 50);  // the corruptions did reach the engine
    }
}
