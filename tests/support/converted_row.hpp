// Runs one record through a record converter (csv_converter, text_converter) after existing output, and checks the
// converters' contract: a row is appended whole with its newline, a reject leaves the output as it was.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "starshift/copy/reject.hpp"

namespace starshift::testing {

struct converted {
    bool ok = false;
    std::string row;  // the COPY text row without its newline, when ok
    copy::reject rej;
};

template <class Converter>
converted convert_record(Converter& c, std::string_view record) {
    converted r;
    std::string out = "keep";
    r.ok = c.convert(record, out, r.rej);
    REQUIRE(out.substr(0, 4) == "keep");
    if (r.ok) {
        REQUIRE(out.back() == '\n');
        r.row = out.substr(4, out.size() - 5);
    } else {
        REQUIRE(out == "keep");  // a failed record leaves the output unchanged
    }
    return r;
}

}  // namespace starshift::testing
