// A COPY of local files into a table, for encoder tests: the spec the parser would give for
// COPY <target> FROM '<source>' <kind>, before its other options.
#pragma once

#include <filesystem>

#include "starshift/model/copy_spec.hpp"
#include "starshift/model/table.hpp"

namespace starshift::testing {

inline copy_spec local_copy_spec(const table& target, const std::filesystem::path& source, copy_format_kind kind) {
    copy_spec spec;
    spec.table = target.name;
    spec.source.uri = source.string();
    spec.format.kind = kind;
    return spec;
}

}  // namespace starshift::testing
