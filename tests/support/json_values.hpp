// JSON values as the copy engine's value converter sees them, for the conversion tests (`using namespace
// starshift::testing::json;`).
#pragma once

#include <cstdint>
#include <string_view>

#include "starshift/copy/value_converter.hpp"

namespace starshift::testing::json {

inline copy::json_value str(std::string_view s) {
    copy::json_value v;
    v.kind = copy::json_value::string;
    v.text = s;
    return v;
}

inline copy::json_value num(std::int64_t i) {
    copy::json_value v;
    v.kind = copy::json_value::int64;
    v.i = i;
    return v;
}

inline copy::json_value dbl(double d) {
    copy::json_value v;
    v.kind = copy::json_value::floating;
    v.d = d;
    return v;
}

inline copy::json_value boolean_value(bool b) {
    copy::json_value v;
    v.kind = copy::json_value::boolean;
    v.b = b;
    return v;
}

}  // namespace starshift::testing::json
