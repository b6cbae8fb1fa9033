// docs/errors.md lists every error id the code can raise, and no other: the ids are collected from the string
// literals of src/, include/, examples/ and bench/ (C++ sources; comments do not count) and compared with the ids
// written on the page, both ways. The source tree is STARSHIFT_SOURCE_DIR (the environment variable when set, else
// the compile definition).
#include <doctest/doctest.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

fs::path source_dir() {
    const char* env = std::getenv("STARSHIFT_SOURCE_DIR");  // NOLINT(concurrency-mt-unsafe)
    return env != nullptr && *env != '\0' ? fs::path(env) : fs::path(STARSHIFT_SOURCE_DIR);
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The contents of the string literals of C++ source text (escapes left as written), skipping comments and
// character literals; raw strings R"d(…)d" included.
std::vector<std::string> string_literals(const std::string& text) {
    std::vector<std::string> out;
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const char c = text[i];
        if (c == '/' && i + 1 < n && text[i + 1] == '/') {
            i = text.find('\n', i);
            if (i == std::string::npos) break;
        } else if (c == '/' && i + 1 < n && text[i + 1] == '*') {
            i = text.find("*/", i + 2);
            if (i == std::string::npos) break;
            i += 2;
        } else if (c == 'R' && i + 1 < n && text[i + 1] == '"' &&
                   (i == 0 || !(std::isalnum(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '_') ||
                    text[i - 1] == '8' || text[i - 1] == 'u' || text[i - 1] == 'U' || text[i - 1] == 'L')) {
            const std::size_t open = text.find('(', i + 2);
            if (open == std::string::npos) break;
            const std::string close = ")" + text.substr(i + 2, open - i - 2) + "\"";
            const std::size_t end = text.find(close, open + 1);
            if (end == std::string::npos) break;
            out.push_back(text.substr(open + 1, end - open - 1));
            i = end + close.size();
        } else if (c == '"' || c == '\'') {
            std::string lit;
            ++i;
            while (i < n && text[i] != c && text[i] != '\n') {
                if (text[i] == '\\' && i + 1 < n) lit += text[i++];
                lit += text[i++];
            }
            if (c == '"') out.push_back(lit);
            ++i;
        } else {
            ++i;
        }
    }
    return out;
}

const std::regex& id_pattern() {
    static const std::regex re(R"(starshift\.[a-z_]+\.[a-z_0-9]+)");
    return re;
}

std::set<std::string> ids_in(const std::string& text) {
    std::set<std::string> ids;
    for (std::sregex_iterator it(text.begin(), text.end(), id_pattern()), end; it != end; ++it) ids.insert(it->str());
    return ids;
}

// Every id in a string literal of the C++ sources under the given folders of the source tree.
std::set<std::string> ids_in_code(const fs::path& root) {
    std::set<std::string> ids;
    for (const char* folder : {"src", "include", "examples", "bench"}) {
        if (!fs::is_directory(root / folder)) continue;
        for (const auto& e : fs::recursive_directory_iterator(root / folder)) {
            const std::string ext = e.path().extension().string();
            if (!e.is_regular_file() || (ext != ".cpp" && ext != ".hpp" && ext != ".h" && ext != ".cc")) continue;
            for (const auto& lit : string_literals(read_file(e.path()))) {
                for (const auto& id : ids_in(lit)) ids.insert(id);
            }
        }
    }
    return ids;
}

std::string list(const std::set<std::string>& ids) {
    std::string s;
    for (const auto& id : ids) s += "\n  " + id;
    return s;
}

}  // namespace

TEST_CASE("docs errors.md: ids are collected from string literals and not from comments") {
    const std::string code = "// [starshift.model.in_comment] is documentation\n"
                             "/* \"starshift.model.in_block_comment\" */\n"
                             "throw io_error(\"starshift.io.open_failed\", path, why);\n"
                             "const char c = '\"'; fail(t, \"[starshift.copy.escaped\\\"] x\");\n"
                             "auto r = R\"x(starshift.sql.in_raw \")x\"; // \"starshift.sql.after_raw\"\n";
    std::set<std::string> found;
    for (const auto& lit : string_literals(code)) {
        for (const auto& id : ids_in(lit)) found.insert(id);
    }
    CHECK(found == std::set<std::string>{"starshift.copy.escaped", "starshift.io.open_failed", "starshift.sql.in_raw"});
}

TEST_CASE("docs errors.md lists every error id of the sources and no other") {
    const fs::path root = source_dir();
    REQUIRE_MESSAGE(fs::is_regular_file(root / "docs" / "errors.md"), "no docs/errors.md under " << root);
    const std::set<std::string> code = ids_in_code(root);
    const std::set<std::string> page = ids_in(read_file(root / "docs" / "errors.md"));
    REQUIRE(code.size() > 100);  // the scan found the sources
    std::set<std::string> undocumented;
    std::set<std::string> stale;
    for (const auto& id : code) {
        if (page.count(id) == 0) undocumented.insert(id);
    }
    for (const auto& id : page) {
        if (code.count(id) == 0) stale.insert(id);
    }
    CHECK_MESSAGE(undocumented.empty(), "ids raised by the code but missing from docs/errors.md:" << list(undocumented));
    CHECK_MESSAGE(stale.empty(), "ids on docs/errors.md that no code raises:" << list(stale));
}
