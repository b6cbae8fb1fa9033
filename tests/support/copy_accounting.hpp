// The record-accounting property of the copy engine, shared by the unit test (a fixed seed) and the fuzz target
// (fuzz_copy_accounting): corrupt lines of a good NDJSON file, load it through copy_encoder, check that every
// untouched line still loads with its values and that every reject names one damaged line (docs/bad-input.md,
// "The accounting invariant").
#pragma once

#include <simdjson.h>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "starshift/copy/copy_encoder.hpp"
#include "starshift/io/memory_store.hpp"
#include "starshift/io/object_store.hpp"
#include "starshift/model/column.hpp"
#include "starshift/model/copy_spec.hpp"
#include "starshift/model/sql_type.hpp"
#include "starshift/model/table.hpp"
#include "starshift/sparkify/datagen.hpp"

namespace starshift::accounting {

// The Sparkify log event as a staging table for JSON 'auto ignorecase' (every key of the sample is a column).
inline table events_table() {
    table t;
    t.name = "events";
    t.columns = {column_builder("artist", varchar(256)),      column_builder("auth", varchar(64)),
                 column_builder("firstname", varchar(64)),    column_builder("gender", varchar(8)),
                 column_builder("iteminsession", integer()),  column_builder("lastname", varchar(64)),
                 column_builder("length", double_precision()), column_builder("level", varchar(16)),
                 column_builder("location", varchar(256)),    column_builder("method", varchar(8)),
                 column_builder("page", varchar(32)),         column_builder("registration", double_precision()),
                 column_builder("sessionid", integer()),      column_builder("song", varchar(256)),
                 column_builder("status", integer()),         column_builder("ts", bigint()),
                 column_builder("useragent", varchar(512)),   column_builder("userid", varchar(16))};
    return t;
}

inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// One day of the real Sparkify sample (2018-11-13, 393 events) under `shared_data_dir` when present; otherwise one
// day of the project's generated events (the same keys and shapes), so the tests run without the shared data.
inline std::string sample_events(const std::filesystem::path& shared_data_dir, bool* real = nullptr) {
    const auto day = shared_data_dir / "sparkify/log_data/2018/11/2018-11-13-events.json";
    if (real != nullptr) *real = std::filesystem::exists(day);
    if (std::filesystem::exists(day)) return read_file(day);
    const auto dir = std::filesystem::temp_directory_path() /
                     ("starshift-accounting-" + std::to_string(static_cast<long>(::getpid())));
    sparkify::datagen_options o;
    o.seed = 13;
    o.days = 1;
    o.log_bytes = 120000;
    (void)sparkify::generate(dir, o);
    std::string text;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir / "log_data")) {
        if (e.is_regular_file()) {
            text = read_file(e.path());
            break;
        }
    }
    std::filesystem::remove_all(dir);
    return text;
}

inline std::vector<std::string> split_lines(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos) nl = text.size();
        out.emplace_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    return out;
}

// Choices drawn from bytes (the fuzzer's input, or a seeded generator's output); 0 once they run out.
class choices {
public:
    explicit choices(std::string_view bytes) : bytes_(bytes) {}
    std::uint32_t pick(std::uint32_t bound) {
        if (bound <= 1) return 0;
        std::uint32_t v = 0;
        for (int k = 0; k < 3; ++k) {
            v = (v << 8U) | (pos_ < bytes_.size() ? static_cast<unsigned char>(bytes_[pos_++]) : 0U);
        }
        return v % bound;
    }
    [[nodiscard]] bool exhausted() const noexcept { return pos_ >= bytes_.size(); }

private:
    std::string_view bytes_;
    std::size_t pos_ = 0;
};

enum class corruption { cut, delete_bytes, insert_bytes, stray_bracket, stray_quote, invalid_utf8, nul_bytes,
                        garbage_line, split_line, count };

inline const char* to_string(corruption c) {
    switch (c) {
        case corruption::cut: return "cut";
        case corruption::delete_bytes: return "delete bytes";
        case corruption::insert_bytes: return "insert bytes";
        case corruption::stray_bracket: return "stray bracket";
        case corruption::stray_quote: return "stray quote";
        case corruption::invalid_utf8: return "invalid UTF-8";
        case corruption::nul_bytes: return "NUL bytes";
        case corruption::garbage_line: return "garbage line";
        case corruption::split_line: return "split line";
        default: return "?";
    }
}

// Where a line of the corrupted file comes from.
struct line_origin {
    enum kind_t { untouched, corrupted, inserted } kind = untouched;
    std::size_t original = 0;  // index of the original line (untouched, corrupted)
    corruption how = corruption::count;
};

struct corrupted_file {
    std::vector<std::string> lines;
    std::vector<line_origin> origin;
    [[nodiscard]] std::string text() const {
        std::string s;
        for (const auto& l : lines) {
            s += l;
            s += '\n';
        }
        return s;
    }
};

// Applies up to `max_ops` corruptions, each to a different original line. Line ends stay line ends (a split adds
// one); no corruption writes a line end anywhere else.
inline corrupted_file corrupt(const std::vector<std::string>& original, choices& c, std::size_t max_ops) {
    std::map<std::size_t, corruption> ops;
    const std::size_t n_ops = 1 + c.pick(static_cast<std::uint32_t>(max_ops));
    for (std::size_t k = 0; k < n_ops && !original.empty(); ++k) {
        const std::size_t line = c.pick(static_cast<std::uint32_t>(original.size()));
        const auto how = static_cast<corruption>(c.pick(static_cast<std::uint32_t>(corruption::count)));
        ops.emplace(line, how);
    }
    corrupted_file f;
    for (std::size_t i = 0; i < original.size(); ++i) {
        const auto it = ops.find(i);
        if (it == ops.end()) {
            f.lines.push_back(original[i]);
            f.origin.push_back({line_origin::untouched, i, corruption::count});
            continue;
        }
        std::string s = original[i];
        const corruption how = it->second;
        const line_origin damaged{line_origin::corrupted, i, how};
        const auto len = static_cast<std::uint32_t>(s.size());
        const std::size_t at = c.pick(len + 1);
        auto insert = [&](std::string_view bytes) { s.insert(at, bytes); };
        switch (how) {
            case corruption::cut: s.resize(1 + c.pick(len > 1 ? len - 1 : 1)); break;
            case corruption::delete_bytes: s.erase(std::min<std::size_t>(at, s.size()), 1 + c.pick(8)); break;
            case corruption::insert_bytes: {
                std::string bytes;
                for (std::uint32_t k = 0, n = 1 + c.pick(8); k < n; ++k) {
                    char b = static_cast<char>(c.pick(256));
                    bytes += b == '\n' ? ' ' : b;
                }
                insert(bytes);
                break;
            }
            case corruption::stray_bracket: insert(std::string(1, "{}[]"[c.pick(4)])); break;
            case corruption::stray_quote: insert("\""); break;
            case corruption::invalid_utf8: {
                static const char* const bad[] = {"\xFF", "\xC0\xAF", "\xED\xA0\x80", "\xE6\x97", "\x80"};
                insert(bad[c.pick(5)]);
                break;
            }
            case corruption::nul_bytes: insert(std::string(1 + c.pick(3), '\0')); break;
            case corruption::garbage_line: {
                // a line of words, brackets and quotes inserted before this (untouched) line
                static const char* const words[] = {"garbage", "not", "json", "{", "}", "[", "]", "\"", ",", ":",
                                                    "null", "42", "{\"a\":", "\\", "\xC3\xA9t\xC3\xA9"};
                std::string g;
                for (std::uint32_t k = 0, n = 1 + c.pick(6); k < n; ++k) {
                    if (k > 0) g += ' ';
                    g += words[c.pick(15)];
                }
                f.lines.push_back(g);
                f.origin.push_back({line_origin::inserted, i, how});
                f.lines.push_back(s);
                f.origin.push_back({line_origin::untouched, i, corruption::count});
                continue;
            }
            case corruption::split_line: {
                const std::size_t cut_at = 1 + c.pick(len > 1 ? len - 1 : 1);
                f.lines.push_back(s.substr(0, cut_at));
                f.origin.push_back(damaged);
                f.lines.push_back(s.substr(std::min(cut_at, s.size())));
                f.origin.push_back(damaged);
                continue;
            }
            default: break;
        }
        f.lines.push_back(s);
        f.origin.push_back(damaged);
    }
    return f;
}

struct load_outcome {
    copy::copy_stats stats;
    std::vector<copy::reject> rejects;
    std::vector<std::string> rows;  // COPY text rows
    std::string error;              // a load_error's message, if the COPY failed
};

// The record formats the property covers: JSON lines, and the same events as pipe-delimited text (without and with
// ESCAPE) and as FIXEDWIDTH fields.
enum class record_format { json, text, text_escape, fixedwidth };

inline copy_format json_format() {
    copy_format f;
    f.kind = copy_format_kind::json_auto_ignorecase;
    return f;
}

// The sample's JSON lines as `how`'s file lines, one per event, the columns of `target` in order (a missing or null
// key: \N), and the copy_format that reads them. With ESCAPE, backslashes and pipes in values are escaped; without
// it a value holding the delimiter or a backslash would change the record, so those bytes become '/'.
inline std::pair<std::vector<std::string>, copy_format> as_format(const std::vector<std::string>& json_lines,
                                                                   const table& target, record_format how) {
    if (how == record_format::json) return {json_lines, json_format()};
    std::vector<std::vector<std::string>> cells;
    simdjson::dom::parser parser;
    for (const auto& line : json_lines) {
        simdjson::dom::object o;
        if (parser.parse(line).get(o) != simdjson::SUCCESS) continue;
        std::vector<std::string> row;
        for (const auto& col : target.columns) {
            std::string v = "\\N";
            for (auto field : o) {
                std::string key(field.key);
                std::transform(key.begin(), key.end(), key.begin(), [](unsigned char ch) { return std::tolower(ch); });
                if (key != col.name || field.value.is_null()) continue;
                std::string_view sv;
                if (field.value.get_string().get(sv) == simdjson::SUCCESS) {
                    v.clear();
                    for (char ch : sv) {
                        if (how == record_format::text_escape && (ch == '|' || ch == '\\')) v += '\\';
                        v += how != record_format::text_escape && (ch == '|' || ch == '\\') ? '/' : ch;
                    }
                } else {
                    v = simdjson::to_string(field.value);
                }
            }
            row.push_back(v);
        }
        cells.push_back(std::move(row));
    }
    copy_format f;
    f.kind = copy_format_kind::text;
    f.escape = how == record_format::text_escape;
    std::vector<std::string> lines;
    if (how != record_format::fixedwidth) {
        for (const auto& row : cells) {
            std::string l;
            for (std::size_t i = 0; i < row.size(); ++i) l += (i == 0 ? "" : "|") + row[i];
            lines.push_back(l);
        }
        return {lines, f};
    }
    const auto chars = [](const std::string& v) {
        std::size_t n = 0;
        for (char ch : v) n += (static_cast<unsigned char>(ch) & 0xC0U) != 0x80U ? 1 : 0;
        return n;
    };
    std::vector<std::size_t> widths(target.columns.size(), 2);
    for (const auto& row : cells)
        for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], chars(row[i]));
    for (std::size_t i = 0; i < widths.size(); ++i)
        f.fixedwidth.push_back({target.columns[i].name, static_cast<std::uint32_t>(widths[i])});
    for (const auto& row : cells) {
        std::string l;
        for (std::size_t i = 0; i < row.size(); ++i) l += row[i] + std::string(widths[i] - chars(row[i]), ' ');
        lines.push_back(l);
    }
    return {lines, f};
}

// Loads `text` into `target` in `format` (default JSON 'auto ignorecase'), MAXERROR 100000, the text wire format
// and `read_block`.
inline load_outcome load(std::string text, const table& target, std::size_t read_block = 1U << 20U,
                         const copy_format& format = json_format()) {
    io::memory_store store("mem/events.json", std::move(text));
    copy_spec spec;
    spec.table = target.name;
    spec.source.uri = "mem/";
    spec.format = format;
    spec.maxerror = 100000;
    copy::copy_options options;
    options.store = &store;
    options.wire = copy::wire_format::text;
    options.read_block = read_block;
    options.max_kept_rejects = 1U << 20U;
    load_outcome out;
    std::string all;
    try {
        copy::copy_encoder enc(spec, target, options);
        enc.run([&](std::string& chunk) {
            all += chunk;
            chunk.clear();
        });
        out.stats = enc.stats();
        out.rejects = enc.rejects();
    } catch (const copy::load_error& e) {
        out.error = e.what();
    }
    out.rows = split_lines(all);
    return out;
}

// Whether some text that starts at a '{' or '[' in line `from` and ends at a '}' or ']' in a line at or after
// `through` is one valid JSON value: a record merged from several lines that legitimately loads (and so takes the
// lines between with it). Looks at most 32 lines each way.
inline bool valid_merge_covers(const corrupted_file& f, std::size_t through) {
    simdjson::dom::parser parser;
    const std::size_t first = through > 32 ? through - 32 : 0;
    for (std::size_t j = through; j-- > first;) {
        if (f.origin[j].kind == line_origin::untouched) continue;
        for (std::size_t a = 0; a < f.lines[j].size(); ++a) {
            const char open = f.lines[j][a];
            if (open != '{' && open != '[') continue;
            std::string text = f.lines[j].substr(a);
            for (std::size_t k = j + 1; k < f.lines.size() && k <= through + 32; ++k) {
                text += '\n';
                if (k >= through) {
                    for (std::size_t b = 0; b < f.lines[k].size(); ++b) {
                        const char close = f.lines[k][b];
                        if (close != '}' && close != ']') continue;
                        const simdjson::padded_string candidate(text + f.lines[k].substr(0, b + 1));
                        simdjson::dom::element e;
                        if (parser.parse(candidate).get(e) == simdjson::SUCCESS) return true;
                    }
                }
                text += f.lines[k];
            }
        }
    }
    return false;
}

// The invariant (docs/bad-input.md): read = loaded + rejected; every reject names a line that was damaged or
// inserted (never an untouched one), at most one reject per line; every untouched line's record is loaded with its
// values (its baseline row is among the loaded rows), unless a valid JSON value merged from several lines covers it.
// Returns the violations (empty when it holds).
// With ESCAPE: whether line `j` ends with an escaping backslash (its newline is data: the next line joins it).
inline bool ends_escaped(const std::string& line) {
    bool escaped = false;
    for (char ch : line) escaped = !escaped && ch == '\\';
    return escaped;
}

inline std::vector<std::string> check(const std::vector<std::string>& baseline, const corrupted_file& f,
                                      const load_outcome& got, record_format how = record_format::json) {
    std::vector<std::string> bad;
    if (!got.error.empty()) bad.push_back("the COPY failed: " + got.error);
    const auto& st = got.stats;
    if (st.records_read != st.rows_loaded + st.rows_rejected) bad.push_back("read != loaded + rejected");
    if (got.rows.size() != st.rows_loaded) bad.push_back("COPY rows != rows_loaded");
    if (got.rejects.size() != st.rows_rejected) bad.push_back("kept rejects != rows_rejected");
    std::vector<int> named(f.lines.size() + 1, 0);
    for (const auto& r : got.rejects) {
        if (r.line < 1 || r.line > f.lines.size()) {
            bad.push_back("reject at line " + std::to_string(r.line) + " outside the file: " + r.describe());
            continue;
        }
        const line_origin& o = f.origin[r.line - 1];
        if (o.kind == line_origin::untouched) {
            bad.push_back("reject names untouched line " + std::to_string(r.line) + ": " + r.describe());
        }
        if (++named[r.line] == 2) bad.push_back("two rejects name line " + std::to_string(r.line));
    }
    std::map<std::string, int> loaded;
    for (const auto& row : got.rows) ++loaded[row];
    for (std::size_t i = 0; i < f.lines.size(); ++i) {
        if (f.origin[i].kind != line_origin::untouched) continue;
        auto it = loaded.find(baseline.at(f.origin[i].original));
        if (it != loaded.end() && it->second > 0) {
            --it->second;
        } else if (how == record_format::json ? !valid_merge_covers(f, i)
                   : how == record_format::text_escape ? !(i > 0 && ends_escaped(f.lines[i - 1]))
                                                       : true) {
            bad.push_back("untouched line " + std::to_string(i + 1) + " (original line " +
                          std::to_string(f.origin[i].original + 1) + ") was not loaded with its values");
        }
    }
    return bad;
}

// A readable list of the corruptions, for failure messages.
inline std::string describe(const corrupted_file& f) {
    std::string s;
    for (std::size_t i = 0; i < f.lines.size(); ++i) {
        if (f.origin[i].kind == line_origin::untouched) continue;
        s += "line " + std::to_string(i + 1) + " (" + to_string(f.origin[i].how) + "): " +
             f.lines[i].substr(0, 120) + "\n";
    }
    return s;
}

}  // namespace starshift::accounting
