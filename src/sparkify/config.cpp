#include "starshift/sparkify/config.hpp"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace starshift::sparkify {
namespace {

std::string_view trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

std::string unquote(std::string_view v) {
    if (v.size() >= 2 && (v.front() == '\'' || v.front() == '"') && v.back() == v.front())
        return std::string(v.substr(1, v.size() - 2));
    return std::string(v);
}

std::string quote_conninfo_value(const std::string& v) {
    std::string out = "'";
    for (char c : v) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

}  // namespace

ini_file parse_ini(std::string_view text, std::string_view file_name) {
    ini_file ini;
    std::string section;
    std::size_t line_no = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const auto nl = text.find('\n', pos);
        const std::string_view raw = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        ++line_no;
        const std::string_view line = trim(raw);
        if (line.empty() || line.front() == '#' || line.front() == ';') continue;
        auto fail = [&](const std::string& why) {
            throw std::runtime_error("[starshift.config.syntax] " + std::string(file_name) + ":" +
                                     std::to_string(line_no) + ": " + why);
        };
        if (line.front() == '[') {
            if (line.back() != ']') fail("a section header must end with ']'");
            section = std::string(trim(line.substr(1, line.size() - 2)));
            if (section.empty()) fail("empty section name");
            continue;
        }
        const auto eq = line.find_first_of("=:");
        if (eq == std::string_view::npos) fail("expected KEY=VALUE, found '" + std::string(line) + "'");
        const std::string key(trim(line.substr(0, eq)));
        if (key.empty()) fail("empty key");
        ini[section][key] = unquote(trim(line.substr(eq + 1)));
    }
    return ini;
}

ini_file read_ini(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("[starshift.config.unreadable] cannot read " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_ini(ss.str(), path);
}

void apply_ini(config& c, const ini_file& ini) {
    auto get = [&](const char* section, const char* key, std::string& out) {
        const auto s = ini.find(section);
        if (s == ini.end()) return;
        const auto k = s->second.find(key);
        if (k != s->second.end()) out = k->second;
    };
    get("CLUSTER", "HOST", c.host);
    get("CLUSTER", "DB_NAME", c.db_name);
    get("CLUSTER", "DB_USER", c.db_user);
    get("CLUSTER", "DB_PASSWORD", c.db_password);
    get("CLUSTER", "DB_PORT", c.db_port);
    get("IAM_ROLE", "ARN", c.iam_role_arn);
    get("S3", "LOG_DATA", c.log_data);
    get("S3", "LOG_JSONPATH", c.log_jsonpath);
    get("S3", "SONG_DATA", c.song_data);
    get("S3", "REGION", c.region);
    get("CLUSTER", "REGION", c.region);
}

void apply_environment(config& c, const env_lookup& getenv) {
    auto set = [&](const char* name, std::string& out) {
        if (auto v = getenv(name); v && !v->empty()) out = *v;
    };
    set("PGHOST", c.host);
    set("PGPORT", c.db_port);
    set("PGDATABASE", c.db_name);
    set("PGUSER", c.db_user);
    set("PGPASSWORD", c.db_password);
    set("STARSHIFT_DATABASE_URL", c.database_url);
    set("STARSHIFT_IAM_ROLE", c.iam_role_arn);
    set("STARSHIFT_LOG_DATA", c.log_data);
    set("STARSHIFT_LOG_JSONPATH", c.log_jsonpath);
    set("STARSHIFT_SONG_DATA", c.song_data);
    set("STARSHIFT_REGION", c.region);
}

env_lookup process_environment() {
    return [](const char* name) -> std::optional<std::string> {
        const char* v = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read once at start-up
        if (!v) return std::nullopt;
        return std::string(v);
    };
}

std::string connection_string(const config& c, bool redshift) {
    if (!c.database_url.empty()) return c.database_url;
    std::string out;
    auto add = [&](const char* key, const std::string& v) {
        if (v.empty()) return;
        out += (out.empty() ? "" : " ") + std::string(key) + "=" + quote_conninfo_value(v);
    };
    add("host", c.host);
    add("port", c.db_port.empty() && redshift ? std::string("5439") : c.db_port);
    add("dbname", c.db_name);
    add("user", c.db_user);
    add("password", c.db_password);
    if (redshift) add("sslmode", "require");
    return out;
}

bool is_redshift_endpoint(const config& c) {
    auto lower = [](std::string s) {
        for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        return s;
    };
    for (const std::string& text : {c.database_url, c.host}) {
        const std::string l = lower(text);
        for (const char* marker : {".redshift.amazonaws.com", ".redshift-serverless.amazonaws.com",
                                   ".redshift.amazonaws.com.cn", ".redshift-serverless.amazonaws.com.cn"})
            if (l.find(marker) != std::string::npos) return true;
    }
    return false;
}

}  // namespace starshift::sparkify
