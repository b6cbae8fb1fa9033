#include "starshift/model/identifier.hpp"

#include <string>

#include "starshift/common/utf8.hpp"
#include "starshift/model/error.hpp"

namespace starshift {

void check_identifier(std::string_view name, std::string_view table, std::string_view column) {
    auto fail = [&](std::string_view why) {
        throw model_error("starshift.model.identifier_invalid", std::string(table), std::string(column),
                          std::string(why));
    };
    if (name.empty()) fail("identifier is empty");
    if (name.size() > max_identifier_bytes)
        fail("identifier is " + std::to_string(name.size()) + " bytes, over Redshift's limit of 127 bytes");
    if (name.find('\0') != std::string_view::npos) fail("identifier contains a NUL byte");
    if (!valid_utf8(name)) fail("identifier is not valid UTF-8");
}

}  // namespace starshift
