#include <doctest/doctest.h>

#include <string>

#include "starshift/version.hpp"

TEST_CASE("the version header matches the CMake project version") {
    CHECK(std::string(starshift::version) == STARSHIFT_PROJECT_VERSION);
}
