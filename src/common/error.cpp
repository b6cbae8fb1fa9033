#include "starshift/common/error.hpp"

#include <utility>

namespace starshift {

error::error(std::string id, std::string_view detail) : std::runtime_error(tagged(id, detail)), id_(std::move(id)) {}

error::error(formatted, std::string id, const std::string& message)
    : std::runtime_error(message), id_(std::move(id)) {}

error::error(const std::string& message) : std::runtime_error(message), id_(leading_id(message)) {}

std::string tagged(std::string_view id, std::string_view detail) {
    std::string out;
    out.reserve(id.size() + detail.size() + 3);
    out += '[';
    out.append(id);
    out += "] ";
    out.append(detail);
    return out;
}

std::string_view leading_id(std::string_view message) noexcept {
    if (message.empty() || message.front() != '[') return {};
    const auto close = message.find(']');
    if (close == std::string_view::npos) return {};
    return message.substr(1, close - 1);
}

}  // namespace starshift
