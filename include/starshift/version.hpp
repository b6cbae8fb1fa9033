// The library's version; kept equal to CMake's PROJECT_VERSION (a unit test checks it).
#pragma once

namespace starshift {

inline constexpr const char* version = "0.1.0";

}  // namespace starshift
