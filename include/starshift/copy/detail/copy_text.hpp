// PostgreSQL COPY text-format encoding of one field: backslash escapes, \N for NULL.
#pragma once

#include <string>
#include <string_view>

namespace starshift::copy {

// Appends `value` escaped for COPY … FROM STDIN (text format): \\ \t \n \r and the other control characters
// \b \f \v are escaped; everything else is copied as is (the server's encoding must be UTF8).
void append_copy_text(std::string& out, std::string_view value);

// The same, unless `value` contains a NUL byte: then appends nothing and returns false.
[[nodiscard]] bool append_copy_text_without_nul(std::string& out, std::string_view value);

inline void append_copy_null(std::string& out) { out += "\\N"; }

}  // namespace starshift::copy
