// AWS credentials: explicit values, the standard environment variables, and shared-credentials-file profiles.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace starshift::io {

// Secrets are never logged: describe() names only the source and the access key id.
struct aws_credentials {
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token;  // empty when none
    std::string source;         // "explicit", "environment", "profile default (~/.aws/credentials)", …

    [[nodiscard]] bool empty() const noexcept { return access_key_id.empty() || secret_access_key.empty(); }
    [[nodiscard]] std::string describe() const;
};

// Looks up an environment variable; std::nullopt when unset. The default reads the process environment.
using env_lookup = std::function<std::optional<std::string>(const std::string& name)>;
[[nodiscard]] env_lookup process_environment();

// The profile `profile` of an AWS shared credentials file (INI: "[name]" sections, "key = value" lines, '#'/';'
// comments): aws_access_key_id, aws_secret_access_key, aws_session_token. std::nullopt when the profile is absent
// or lacks a key id or secret.
[[nodiscard]] std::optional<aws_credentials> parse_credentials_file(std::string_view text, std::string_view profile);

// Resolution order (as the AWS CLI): `explicit_creds` when non-empty; else AWS_ACCESS_KEY_ID +
// AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN); else the profile AWS_PROFILE (default "default") of the file
// AWS_SHARED_CREDENTIALS_FILE (default $HOME/.aws/credentials). std::nullopt when nothing is found.
// A profile named explicitly by AWS_PROFILE that is missing throws io_error [starshift.io.aws_profile_not_found].
[[nodiscard]] std::optional<aws_credentials> resolve_aws_credentials(const aws_credentials& explicit_creds,
                                                                     const env_lookup& env);

}  // namespace starshift::io
