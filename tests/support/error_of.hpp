// What a call throws, for tests that match on the stable error id (or the message): the id or message of the
// exception of type Error (a starshift::error by default), or `nothing` when the call returns. An exception of
// another type passes through, so the test fails with it.
#pragma once

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

}  // namespace starshift::testing
