#include "starshift/sparkify/config.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "starshift/common/text.hpp"
#include "starshift/sparkify/datagen.hpp"

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

int rank(setting_source s) {
    switch (s) {
        case setting_source::flag: return 4;
        case setting_source::config_file: return 3;
        case setting_source::environment: return 2;
        case setting_source::implicit_file: return 1;
        case setting_source::default_value: return 0;
    }
    return 0;
}

// Sets a setting unless a source of higher precedence already set it; an empty value only records where the
// setting was left empty.
void set_value(config& c, const setting_info& s, const std::string& value, setting_origin origin) {
    std::string& field = c.*(s.field);
    const auto it = c.origins.find(s.name);
    const bool was_set = it != c.origins.end() && !field.empty();
    if (was_set && rank(it->second.source) > rank(origin.source)) return;
    if (value.empty()) {
        if (!was_set) c.origins[s.name] = std::move(origin);
        return;
    }
    field = value;
    c.origins[s.name] = std::move(origin);
}

// The nearest candidate within a small edit distance, compared case-insensitively.
std::optional<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates) {
    const std::string w = ascii_upper(word);
    std::optional<std::string> best;
    std::size_t best_d = std::max<std::size_t>(2, w.size() / 3) + 1;
    for (const auto& c : candidates) {
        const std::size_t d = edit_distance(w, ascii_upper(c));
        if (d < best_d) {
            best_d = d;
            best = c;
        }
    }
    return best;
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
}

std::string mask_url(std::string s) {
    static const std::regex url_password(R"(((?:postgres|postgresql)://[^:/@\s]*:)[^@\s]*@)", std::regex::icase);
    s = std::regex_replace(s, url_password, "$1***@");
    static const std::regex kv_password(R"((password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]*))", std::regex::icase);
    return std::regex_replace(s, kv_password, "$1***");
}

bool is_cluster_setting(const setting_info& s) { return s.section == "CLUSTER"; }

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

ini_file parse_ini(std::string_view text, std::string_view file_name) {
    ini_file ini;
    ini.file_name = std::string(file_name);
    ini_section* section = nullptr;
    std::size_t line_no = 0;
    std::size_t pos = 0;
    const std::string file(file_name);
    while (pos <= text.size()) {
        const auto nl = text.find('\n', pos);
        const std::string_view raw = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        ++line_no;
        const std::string_view line = trim(raw);
        if (line.empty() || line.front() == '#' || line.front() == ';') continue;
        const std::string at = file + ":" + std::to_string(line_no);
        auto fail = [&](const char* id, const std::string& why) {
            throw config_error("[" + std::string(id) + "] " + at + ": " + why);
        };
        if (line.front() == '[') {
            if (line.back() != ']') fail("starshift.config.syntax", "a section header must end with ']'");
            const std::string name(trim(line.substr(1, line.size() - 2)));
            if (name.empty()) fail("starshift.config.syntax", "empty section name");
            const std::string key = ascii_upper(name);
            if (const auto it = ini.sections.find(key); it != ini.sections.end())
                fail("starshift.config.duplicate_section",
                     "section [" + name + "] already starts at " + file + ":" + std::to_string(it->second.line) +
                         " (section names are case-insensitive)");
            section = &ini.sections[key];
            section->name = name;
            section->line = line_no;
            continue;
        }
        const auto eq = line.find_first_of("=:");
        if (eq == std::string_view::npos)
            fail("starshift.config.syntax", "expected KEY=VALUE, found '" + std::string(line) + "'");
        const std::string key(trim(line.substr(0, eq)));
        if (key.empty()) fail("starshift.config.syntax", "empty key");
        if (section == nullptr) fail("starshift.config.syntax", "'" + key + "' comes before any [SECTION] header");
        const std::string ukey = ascii_upper(key);
        if (const auto it = section->keys.find(ukey); it != section->keys.end())
            fail("starshift.config.duplicate_key", key + " in [" + section->name + "] is already set at " + file +
                                                       ":" + std::to_string(it->second.line) +
                                                       " (keys are case-insensitive)");
        section->keys[ukey] = ini_entry{unquote(trim(line.substr(eq + 1))), line_no};
    }
    return ini;
}

ini_file read_ini(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw config_error("[starshift.config.unreadable] cannot read the configuration file " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_ini(ss.str(), path);
}

std::string to_string(setting_source s) {
    switch (s) {
        case setting_source::flag: return "flag";
        case setting_source::config_file: return "config file";
        case setting_source::environment: return "environment";
        case setting_source::implicit_file: return "implicit file";
        case setting_source::default_value: return "default";
    }
    return "unknown";
}

std::string setting_origin::describe() const {
    switch (source) {
        case setting_source::flag: return "flag " + where;
        case setting_source::environment: return "environment " + where;
        case setting_source::config_file: return where;
        case setting_source::implicit_file: return where + " (implicit ./dwh.cfg)";
        case setting_source::default_value: return "default";
    }
    return where;
}

const setting_origin* config::origin(std::string_view setting) const {
    const auto it = origins.find(std::string(setting));
    return it == origins.end() ? nullptr : &it->second;
}

const std::vector<setting_info>& known_settings() {
    static const std::vector<setting_info> settings = {
        {"CLUSTER.HOST", "CLUSTER", "HOST", {"PGHOST"}, "", false, &config::host},
        {"CLUSTER.DB_NAME", "CLUSTER", "DB_NAME", {"PGDATABASE"}, "", false, &config::db_name},
        {"CLUSTER.DB_USER", "CLUSTER", "DB_USER", {"PGUSER"}, "", false, &config::db_user},
        {"CLUSTER.DB_PASSWORD", "CLUSTER", "DB_PASSWORD", {"PGPASSWORD"}, "", true, &config::db_password},
        {"CLUSTER.DB_PORT", "CLUSTER", "DB_PORT", {"PGPORT"}, "", false, &config::db_port},
        {"IAM_ROLE.ARN", "IAM_ROLE", "ARN", {"STARSHIFT_IAM_ROLE"}, "--iam-role", false, &config::iam_role_arn},
        {"S3.LOG_DATA", "S3", "LOG_DATA", {"STARSHIFT_LOG_DATA"}, "--log-data", false, &config::log_data},
        {"S3.LOG_JSONPATH", "S3", "LOG_JSONPATH", {"STARSHIFT_LOG_JSONPATH"}, "--log-jsonpath", false,
         &config::log_jsonpath},
        {"S3.SONG_DATA", "S3", "SONG_DATA", {"STARSHIFT_SONG_DATA"}, "--song-data", false, &config::song_data},
        {"S3.REGION", "S3", "REGION", {"STARSHIFT_REGION"}, "--region", false, &config::region},
        {"AWS.KEY", "AWS", "KEY", {}, "", true, &config::aws_key},
        {"AWS.SECRET", "AWS", "SECRET", {}, "", true, &config::aws_secret},
        {"AWS.SESSION_TOKEN", "AWS", "SESSION_TOKEN", {}, "", true, &config::aws_session_token},
        {"DATABASE_URL", "", "", {"STARSHIFT_DATABASE_URL"}, "--db", true, &config::database_url},
    };
    return settings;
}

void check_ini(const ini_file& ini) {
    std::vector<std::string> sections;
    for (const auto& s : known_settings())
        if (!s.section.empty() && std::find(sections.begin(), sections.end(), s.section) == sections.end())
            sections.push_back(s.section);
    std::string problems;
    auto add = [&](const std::string& line) { problems += (problems.empty() ? "" : "\n") + line; };
    for (const auto& [name, section] : ini.sections) {
        const std::string at = ini.file_name + ":" + std::to_string(section.line);
        if (std::find(sections.begin(), sections.end(), name) == sections.end()) {
            const auto near = nearest(name, sections);
            add("[starshift.config.unknown_section] " + at + ": unknown section [" + section.name + "]; " +
                (near ? "did you mean [" + *near + "]?" : "known sections: " + join(sections)));
            continue;
        }
        std::vector<std::string> keys;
        for (const auto& s : known_settings())
            if (s.section == name) keys.push_back(s.key);
        for (const auto& [key, entry] : section.keys) {
            if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
            const std::string kat = ini.file_name + ":" + std::to_string(entry.line);
            std::string hint;
            for (const auto& s : known_settings())
                if (s.key == key) hint = key + " belongs in [" + s.section + "]";
            if (hint.empty()) {
                const auto near = nearest(key, keys);
                hint = near ? "did you mean " + *near + "?" : "known keys in [" + name + "]: " + join(keys);
            }
            add("[starshift.config.unknown_key] " + kat + ": unknown key " + key + " in [" + section.name + "]; " +
                hint);
        }
    }
    if (!problems.empty()) throw config_error(problems);
}

void apply_ini(config& c, const ini_file& ini, setting_source source) {
    for (const auto& s : known_settings()) {
        if (s.section.empty()) continue;
        const auto sec = ini.sections.find(s.section);
        if (sec == ini.sections.end()) continue;
        const auto k = sec->second.keys.find(s.key);
        if (k == sec->second.keys.end()) continue;
        set_value(c, s, k->second.value, {source, ini.file_name + ":" + std::to_string(k->second.line)});
    }
}

void apply_environment(config& c, const env_lookup& getenv) {
    for (const auto& s : known_settings()) {
        // The first variable of the list that is set wins (STARSHIFT_* before PG*).
        for (const auto& name : s.environment) {
            if (auto v = getenv(name.c_str()); v && !v->empty()) {
                set_value(c, s, *v, {setting_source::environment, name});
                break;
            }
        }
    }
}

env_lookup process_environment() {
    return [](const char* name) -> std::optional<std::string> {
        const char* v = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read once at start-up
        if (!v) return std::nullopt;
        return std::string(v);
    };
}

config resolve_config(const config_request& request) {
    config c;
    const options defaults;  // the model's defaults: Udacity's public bucket
    c.log_data = defaults.log_data;
    c.log_jsonpath = defaults.log_jsonpath;
    c.song_data = defaults.song_data;
    c.region = defaults.region;
    for (const char* name : {"S3.LOG_DATA", "S3.LOG_JSONPATH", "S3.SONG_DATA", "S3.REGION"})
        c.origins[name] = setting_origin{};
    // Lowest precedence first; set_value never lets a lower source replace a higher one.
    if (request.config_file.empty() && !request.implicit_file.empty()) {
        std::error_code ec;
        if (std::filesystem::exists(request.implicit_file, ec)) {
            const ini_file ini = read_ini(request.implicit_file);
            check_ini(ini);
            apply_ini(c, ini, setting_source::implicit_file);
        }
    }
    if (request.getenv) apply_environment(c, request.getenv);
    if (!request.config_file.empty()) {
        const ini_file ini = read_ini(request.config_file);
        check_ini(ini);
        apply_ini(c, ini, setting_source::config_file);
    }
    for (const auto& given : request.flags) {
        const std::string& flag = given.first;
        const auto& all = known_settings();
        const auto it = std::find_if(all.begin(), all.end(), [&](const setting_info& s) { return s.flag == flag; });
        if (it == all.end()) throw config_error("[starshift.cli.bad_option] no setting has the flag " + flag);
        if (!given.second.empty()) set_value(c, *it, given.second, {setting_source::flag, flag});
    }
    return c;
}

bool database_url_outranked(const config& c) {
    if (c.database_url.empty()) return false;
    const setting_origin* url = c.origin("DATABASE_URL");
    const int url_rank = url ? rank(url->source) : 0;
    for (const auto& s : known_settings()) {
        if (!is_cluster_setting(s) || (c.*(s.field)).empty()) continue;
        const setting_origin* o = c.origin(s.name);
        if (o && rank(o->source) > url_rank) return true;
    }
    return false;
}

std::string connection_string(const config& c, bool redshift) {
    if (!c.database_url.empty() && !database_url_outranked(c)) return c.database_url;
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
    for (const std::string& text : {c.database_url, c.host}) {
        const std::string l = ascii_lower(text);
        for (const char* marker : {".redshift.amazonaws.com", ".redshift-serverless.amazonaws.com",
                                   ".redshift.amazonaws.com.cn", ".redshift-serverless.amazonaws.com.cn"})
            if (l.find(marker) != std::string::npos) return true;
    }
    return false;
}

std::string postgres_connection_string(const config& c) {
    if (is_redshift_endpoint(c) || (c.database_url.empty() && c.host.empty())) return {};
    return connection_string(c, false);
}

bool any_s3_source(const config& c) {
    for (const std::string* p : {&c.log_data, &c.log_jsonpath, &c.song_data})
        if (p->rfind("s3://", 0) == 0) return true;
    return false;
}

bool redshift_target(std::string_view target_flag, const config& c) {
    if (target_flag.empty()) return is_redshift_endpoint(c);
    if (target_flag == "redshift") return true;
    if (target_flag == "postgres") return false;
    throw config_error("[starshift.cli.bad_option] --target must be postgres or redshift, not '" +
                       std::string(target_flag) + "'");
}

std::string describe_config(const config& c, bool redshift) {
    std::size_t width = 0;
    for (const auto& s : known_settings()) width = std::max(width, s.name.size());
    std::string out;
    for (const auto& s : known_settings()) {
        const std::string& v = c.*(s.field);
        std::string shown;
        if (v.empty()) shown = "(not set)";
        else if (s.name == "DATABASE_URL") shown = mask_url(v);
        else if (s.secret) shown = "*** (secret)";
        else shown = v;
        const setting_origin* o = c.origin(s.name);
        std::string from = o ? o->describe() : std::string();
        if (o && v.empty() && o->source != setting_source::default_value) from = "empty at " + o->describe();
        if (s.name == "DATABASE_URL" && database_url_outranked(c)) from += "; ignored: a [CLUSTER] setting outranks it";
        if (s.section == "AWS" && !v.empty()) from += "; not used by the loader";
        out += s.name + std::string(width - s.name.size() + 2, ' ') + "= " + shown +
               (from.empty() ? std::string() : "  (" + from + ")") + "\n";
    }
    out += "target" + std::string(width - 6 + 2, ' ') + "= " + (redshift ? "redshift" : "postgres") + "\n";
    const std::string conn = connection_string(c, redshift);
    out += "connection" + std::string(width - 10 + 2, ' ') + "= " +
           (conn.empty() ? std::string("(libpq defaults)") : mask_url(conn)) + "\n";
    return out;
}

options make_options(const config& c, bool redshift, std::vector<std::string>* warnings) {
    options o;
    if (!c.log_data.empty()) o.log_data = c.log_data;
    if (!c.log_jsonpath.empty()) o.log_jsonpath = c.log_jsonpath;
    if (!c.song_data.empty()) o.song_data = c.song_data;
    if (!c.region.empty()) o.region = c.region;
    o.credentials = {};
    if (redshift) {
        std::string problems;
        const std::pair<const char*, const std::string*> sources[] = {
            {"S3.LOG_DATA", &o.log_data}, {"S3.LOG_JSONPATH", &o.log_jsonpath}, {"S3.SONG_DATA", &o.song_data}};
        for (const auto& [name, value] : sources) {
            if (value->rfind("s3://", 0) == 0) continue;
            const setting_origin* from = c.origin(name);
            problems += (problems.empty() ? "" : "\n") + std::string("[starshift.config.local_path_for_redshift] ") +
                        name + " = '" + *value + "' (" + (from ? from->describe() : std::string("default")) +
                        ") is not an s3:// URI: Redshift's COPY reads S3 only (use --target postgres for local files)";
        }
        if (!problems.empty()) throw config_error(problems);
    }
    if (!c.iam_role_arn.empty()) {
        o.credentials.iam_role = c.iam_role_arn;
    } else if (redshift) {
        const setting_origin* from = c.origin("IAM_ROLE.ARN");
        const std::string msg =
            "[starshift.config.iam_role_missing] the Redshift target needs [IAM_ROLE] ARN (or --iam-role, "
            "STARSHIFT_IAM_ROLE) for COPY to read S3; it is " +
            (from ? "empty at " + from->describe() : std::string("not set"));
        if (warnings == nullptr) throw config_error(msg);
        warnings->push_back(msg);
        o.credentials.iam_role = missing_iam_role_placeholder;
    } else if (o.log_data.rfind("s3://", 0) == 0 || o.log_jsonpath.rfind("s3://", 0) == 0 ||
               o.song_data.rfind("s3://", 0) == 0) {
        // Not used: the copy engine reads S3 itself; the model of an s3:// COPY needs some credentials to validate.
        o.credentials.iam_role = missing_iam_role_placeholder;
    }
    return o;
}

std::uint64_t size_option(std::string_view text, std::string_view flag) {
    const auto bytes = parse_size(text);
    if (!bytes || *bytes == 0)
        throw config_error("[starshift.sparkify.datagen_bad_option] " + std::string(flag) + " '" + std::string(text) +
                           "': " + (bytes ? "must be at least one byte" : "cannot read it") +
                           " (examples: 10MB, 1GB, 512MiB)");
    return *bytes;
}

std::int64_t maxerror_option(std::int64_t value) {
    if (value < 0 || value > max_maxerror)
        throw config_error("[starshift.cli.bad_option] --maxerror " + std::to_string(value) + " is not in 0.." +
                           std::to_string(max_maxerror));
    return value;
}

}  // namespace starshift::sparkify
