// What a call throws, for tests that match on the stable error id (or the message): the id or message of the
// exception of type Error (a starshift::error by default), or `nothing` when the call returns; or the exception
// itself. An exception of another type passes through, so the test fails with it.
#pragma once

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <utility>

#include "starshift/common/error.hpp"

namespace starshift::testing {

template <class Error = starshift::error, class F>
std::string error_id_of(F&& f, const std::string& nothing = "") {
    try {
        std::forward<F>(f)();
    } catch (const Error& e) {
        return e.id();
    }
    return nothing;
}

template <class Error = starshift::error, class F>
std::string error_message_of(F&& f, const std::string& nothing = "") {
    try {
        std::forward<F>(f)();
    } catch (const Error& e) {
        return e.what();
    }
    return nothing;
}

// The exception of type Error that f throws (for checks on more than its id); the test fails when f returns.
template <class Error, class F>
Error caught(F&& f) {
    try {
        std::forward<F>(f)();
    } catch (const Error& e) {
        return e;
    }
    FAIL("expected an exception, none was thrown");
    throw std::logic_error("unreachable");
}

}  // namespace starshift::testing
