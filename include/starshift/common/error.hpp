// The one root of every exception the library throws: a message that starts with a stable id.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace starshift {

// id() is the id without brackets ("starshift.copy.maxerror_exceeded"); what() is "[id] detail" (errors of
// parsed files put "file:line:column: " first). Every id is listed in docs/errors.md; tests match on id().
class error : public std::runtime_error {
public:
    error(std::string id, std::string_view detail);

    [[nodiscard]] const std::string& id() const noexcept { return id_; }

protected:
    struct formatted {};
    // For derived errors that compose the whole message themselves (it must name the id).
    error(formatted, std::string id, const std::string& message);
    // A message that starts with its "[id]" (or aggregates several problems, the first one's id leading).
    explicit error(const std::string& message);

private:
    std::string id_;
};

// "[id] detail": the usual message of an error.
[[nodiscard]] std::string tagged(std::string_view id, std::string_view detail);
// The id a message starts with ("[starshift.config.unknown_key] …" → "starshift.config.unknown_key"), or "" when
// it starts with none.
[[nodiscard]] std::string_view leading_id(std::string_view message) noexcept;

}  // namespace starshift
