#include "starshift/common/error.hpp"

#include <utility>

namespace starshift {

error::error(std::string id, std::string_view detail) : std::runtime_error(tagged(id, detail)), id_(std::move(id)) {}

error::error(formatted, std::string id, const std::string& message)
    : std::runtime_error(message), id_(std::move(id)) {}

std::string tagged(std::string_view id, std::string_view detail) {
    std::string out;
    out.reserve(id.size() + detail.size() + 3);
    out += '[';
    out.append(id);
    out += "] ";
    out.append(detail);
    return out;
}

}  // namespace starshift
