#include "starshift/io/aws_credentials.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "starshift/io/object_store.hpp"

namespace starshift::io {

namespace {

std::string_view trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) {
        return {};
    }
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

}  // namespace

std::string aws_credentials::describe() const {
    std::string id = access_key_id.size() > 4 ? access_key_id.substr(0, 4) + "…" : access_key_id;
    return "access key " + id + " from " + (source.empty() ? std::string("explicit") : source);
}

env_lookup process_environment() {
    return [](const std::string& name) -> std::optional<std::string> {
        const char* v = std::getenv(name.c_str());  // NOLINT(concurrency-mt-unsafe): read-only
        if (v == nullptr) {
            return std::nullopt;
        }
        return std::string(v);
    };
}

std::optional<aws_credentials> parse_credentials_file(std::string_view text, std::string_view profile) {
    aws_credentials c;
    bool in_profile = false;
    bool seen = false;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        auto nl = text.find('\n', pos);
        if (nl == std::string_view::npos) {
            nl = text.size();
        }
        const std::string_view line = trim(text.substr(pos, nl - pos));
        pos = nl + 1;
        if (line.empty() || line.front() == '#' || line.front() == ';') {
            continue;
        }
        if (line.front() == '[' && line.back() == ']') {
            std::string_view name = trim(line.substr(1, line.size() - 2));
            // ~/.aws/config style "[profile x]" is accepted as well.
            if (name.substr(0, 8) == "profile ") {
                name = trim(name.substr(8));
            }
            in_profile = name == profile;
            seen = seen || in_profile;
            continue;
        }
        if (!in_profile) {
            continue;
        }
        const auto eq = line.find('=');
        if (eq == std::string_view::npos) {
            continue;
        }
        const std::string_view key = trim(line.substr(0, eq));
        const std::string value(trim(line.substr(eq + 1)));
        if (key == "aws_access_key_id") {
            c.access_key_id = value;
        } else if (key == "aws_secret_access_key") {
            c.secret_access_key = value;
        } else if (key == "aws_session_token") {
            c.session_token = value;
        }
    }
    if (!seen || c.empty()) {
        return std::nullopt;
    }
    return c;
}

std::optional<aws_credentials> resolve_aws_credentials(const aws_credentials& explicit_creds, const env_lookup& env) {
    if (!explicit_creds.empty()) {
        aws_credentials c = explicit_creds;
        if (c.source.empty()) {
            c.source = "explicit";
        }
        return c;
    }
    const auto id = env("AWS_ACCESS_KEY_ID");
    const auto secret = env("AWS_SECRET_ACCESS_KEY");
    if (id && secret && !id->empty() && !secret->empty()) {
        aws_credentials c;
        c.access_key_id = *id;
        c.secret_access_key = *secret;
        c.session_token = env("AWS_SESSION_TOKEN").value_or("");
        c.source = "environment";
        return c;
    }
    const auto profile_env = env("AWS_PROFILE");
    const std::string profile = profile_env && !profile_env->empty() ? *profile_env : "default";
    std::string path;
    if (auto f = env("AWS_SHARED_CREDENTIALS_FILE"); f && !f->empty()) {
        path = *f;
    } else if (auto home = env("HOME"); home && !home->empty()) {
        path = *home + "/.aws/credentials";
    }
    if (!path.empty()) {
        std::ifstream in(path, std::ios::binary);
        if (in) {
            std::ostringstream ss;
            ss << in.rdbuf();
            if (auto c = parse_credentials_file(ss.str(), profile)) {
                c->source = "profile " + profile + " (" + path + ")";
                return c;
            }
        }
    }
    if (profile_env && !profile_env->empty()) {
        throw io_error("starshift.io.aws_profile_not_found", profile,
                       "AWS_PROFILE names a profile with no aws_access_key_id/aws_secret_access_key in " +
                           (path.empty() ? std::string("~/.aws/credentials") : path));
    }
    return std::nullopt;
}

}  // namespace starshift::io
