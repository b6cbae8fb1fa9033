// The expectation block of a documented-example script (tests/data/redshift/run/docs/*.sql): which page it
// reproduces, the rows queries must return afterwards, the error the script must stop with, the rejects the load
// error table must hold. The format is described in tests/data/redshift/README.md; parse_doc_case throws
// doc_case_error on any line it does not understand, so a typo in an expectation fails the case instead of
// weakening it. Header-only (used by the unit test of the format and the integration test that runs the cases).
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace starshift::testing {

class doc_case_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A cell of an expected row: a value, or SQL NULL (written `<null>`).
struct doc_cell {
    std::optional<std::string> value;
    friend bool operator==(const doc_cell& a, const doc_cell& b) { return a.value == b.value; }
};
using doc_row = std::vector<doc_cell>;

struct doc_rows_expectation {
    std::size_t line = 0;  // of the `expect rows:` / `expect empty:` line
    std::string query;
    std::vector<doc_row> rows;  // empty for `expect empty:`
};

struct doc_error_expectation {
    std::string what;  // an error id ("starshift.copy.explicit_ids_invalid") or a 4-digit load error code
    std::optional<std::size_t> at_line;  // the line of the failing statement's first token
    [[nodiscard]] bool is_load_code() const {
        return what.size() == 4 && what.find_first_not_of("0123456789") == std::string::npos;
    }
};

struct doc_rejects_expectation {
    std::string table;
    std::size_t count = 0;
    std::vector<std::pair<long long, int>> lines;  // (line_number, err_code), empty when only the count is stated
};

struct doc_case {
    std::vector<std::string> docs;  // `doc:` lines (at least one)
    std::vector<doc_rows_expectation> rows;
    std::optional<doc_error_expectation> error;
    std::vector<doc_rejects_expectation> rejects;
};

namespace detail {

inline std::string_view trim_blanks(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

[[noreturn]] inline void malformed(const std::string& file, std::size_t line, const std::string& why) {
    throw doc_case_error(file + ":" + std::to_string(line) + ": malformed expectation: " + why);
}

inline bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

inline std::size_t parse_count(std::string_view s, const std::string& file, std::size_t line, const char* what) {
    if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string_view::npos)
        malformed(file, line, std::string(what) + " must be a number, not '" + std::string(s) + "'");
    return static_cast<std::size_t>(std::stoul(std::string(s)));
}

inline std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
        const std::size_t b = i;
        while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
        if (i > b) out.push_back(s.substr(b, i - b));
    }
    return out;
}

// One cell's text between separators, trimmed, with its escapes resolved.
inline doc_cell parse_cell(std::string_view raw, const std::string& file, std::size_t line) {
    const std::string_view t = trim_blanks(raw);
    if (t == "<null>") return {std::nullopt};
    std::string v;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] != '\\') {
            v += t[i];
            continue;
        }
        if (++i == t.size()) malformed(file, line, "a cell ends with a lone backslash");
        switch (t[i]) {
            case '|': v += '|'; break;
            case '\\': v += '\\'; break;
            case 'n': v += '\n'; break;
            case 't': v += '\t'; break;
            case 's': v += ' '; break;
            case '<': v += '<'; break;
            default: malformed(file, line, std::string("unknown escape \\") + t[i] + " in a cell");
        }
    }
    return {std::move(v)};
}

// `| a | b` → cells a, b (separators are unescaped '|').
inline doc_row parse_row(std::string_view body, const std::string& file, std::size_t line) {
    doc_row row;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= body.size(); ++i) {
        if (i + 1 < body.size() && body[i] == '\\') {
            ++i;  // an escaped character never separates
            continue;
        }
        if (i == body.size() || body[i] == '|') {
            row.push_back(parse_cell(body.substr(start, i - start), file, line));
            start = i + 1;
        }
    }
    return row;
}

inline void parse_error_line(std::string_view rest, doc_case& c, const std::string& file, std::size_t line) {
    if (c.error) malformed(file, line, "a second `expect error:`");
    const auto w = words(rest);
    if (w.size() != 1 && !(w.size() == 4 && w[1] == "at" && w[2] == "line"))
        malformed(file, line, "`expect error: <id or code> [at line N]` expected");
    doc_error_expectation e;
    e.what = std::string(w[0]);
    if (!e.is_load_code() && !starts_with(e.what, "starshift."))
        malformed(file, line, "the error must be a starshift.* id or a 4-digit load error code, not " + e.what);
    if (w.size() == 4) e.at_line = parse_count(w[3], file, line, "the line");
    c.error = std::move(e);
}

inline void parse_rejects_line(std::string_view rest, doc_case& c, const std::string& file, std::size_t line) {
    const auto w = words(rest);
    if (w.size() < 2) malformed(file, line, "`expect rejects: <table> <count> [line:code …]` expected");
    doc_rejects_expectation r;
    r.table = std::string(w[0]);
    for (const auto& other : c.rejects)
        if (other.table == r.table) malformed(file, line, "a second `expect rejects:` for " + r.table);
    r.count = parse_count(w[1], file, line, "the reject count");
    for (std::size_t i = 2; i < w.size(); ++i) {
        const auto colon = w[i].find(':');
        if (colon == std::string_view::npos) malformed(file, line, "`line:code` expected, not " + std::string(w[i]));
        const auto l = parse_count(w[i].substr(0, colon), file, line, "the reject line");
        const auto code = parse_count(w[i].substr(colon + 1), file, line, "the reject code");
        if (w[i].size() - colon - 1 != 4) malformed(file, line, "a load error code has 4 digits");
        r.lines.emplace_back(static_cast<long long>(l), static_cast<int>(code));
    }
    if (!r.lines.empty() && r.lines.size() != r.count)
        malformed(file, line, "the count says " + std::to_string(r.count) + " rejects but " +
                                  std::to_string(r.lines.size()) + " line:code pairs follow");
    c.rejects.push_back(std::move(r));
}

}  // namespace detail

// Reads the expectation lines of a script. Every comment line that starts with `-- doc:`, `-- expect`, `-- |` or
// `-- +` is an expectation line and must be well formed; other comments are free text.
inline doc_case parse_doc_case(std::string_view script, const std::string& file) {
    using namespace detail;
    doc_case c;
    doc_rows_expectation* open = nullptr;  // the last `expect rows:`/`expect empty:` while its lines follow
    bool open_takes_rows = false;
    bool open_takes_query = false;  // directly after `expect rows:`/`expect empty:` or a `+` line
    const auto close = [&](std::size_t at) {
        if (open && open_takes_rows && open->rows.empty())
            malformed(file, at, "`expect rows:` without a row (write `expect empty:` for none)");
        open = nullptr;
        open_takes_query = false;
    };
    std::size_t line_no = 0;
    std::size_t pos = 0;
    while (pos <= script.size()) {
        const auto nl = script.find('\n', pos);
        const auto len = nl == std::string_view::npos ? std::string_view::npos : nl - pos;
        const std::string_view l = trim_blanks(script.substr(pos, len));
        pos = nl == std::string_view::npos ? script.size() + 1 : nl + 1;
        ++line_no;
        const std::string_view body = starts_with(l, "--") ? trim_blanks(l.substr(2)) : std::string_view{};
        if (starts_with(l, "--") && starts_with(body, "|")) {
            if (!open || !open_takes_rows) malformed(file, line_no, "a row line outside an `expect rows:` block");
            open->rows.push_back(parse_row(body.substr(1), file, line_no));
            if (open->rows.back().size() != open->rows.front().size())
                malformed(file, line_no, "this row has " + std::to_string(open->rows.back().size()) +
                                             " cells, the block's first row " +
                                             std::to_string(open->rows.front().size()));
            open_takes_query = false;
            continue;
        }
        if (starts_with(l, "--") && starts_with(body, "+")) {
            if (!open || !open_takes_query) malformed(file, line_no, "a `+` continuation not after a query line");
            open->query += " " + std::string(trim_blanks(body.substr(1)));
            continue;
        }
        close(line_no - 1);
        if (!starts_with(l, "--")) continue;
        if (starts_with(body, "doc:")) {
            const auto rest = trim_blanks(body.substr(4));
            if (!starts_with(rest, "https://docs.aws.amazon.com/redshift/"))
                malformed(file, line_no, "`doc:` must cite a page under https://docs.aws.amazon.com/redshift/");
            c.docs.emplace_back(rest);
        } else if (starts_with(body, "expect rows:") || starts_with(body, "expect empty:")) {
            const bool takes_rows = starts_with(body, "expect rows:");
            const auto query = trim_blanks(body.substr(takes_rows ? 12 : 13));
            if (query.empty()) malformed(file, line_no, "no query after `expect rows:`/`expect empty:`");
            c.rows.push_back({line_no, std::string(query), {}});
            open = &c.rows.back();
            open_takes_rows = takes_rows;
            open_takes_query = true;
        } else if (starts_with(body, "expect error:")) {
            parse_error_line(body.substr(13), c, file, line_no);
        } else if (starts_with(body, "expect rejects:")) {
            parse_rejects_line(body.substr(15), c, file, line_no);
        } else if (starts_with(body, "expect") || starts_with(body, "doc ")) {
            malformed(file, line_no, "unknown expectation '" + std::string(body.substr(0, 40)) + "'");
        }
    }
    close(line_no);
    if (c.docs.empty()) malformed(file, 1, "no `-- doc:` line citing the documentation page");
    if (c.rows.empty() && !c.error && c.rejects.empty())
        malformed(file, 1, "no expectation (`expect rows:`, `expect empty:`, `expect error:` or `expect rejects:`)");
    return c;
}

}  // namespace starshift::testing
