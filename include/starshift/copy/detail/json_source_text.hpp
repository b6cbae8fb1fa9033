// The source text of one value inside a JSON record, and the text Redshift loads for an object or array mapped to a
// CHAR/VARCHAR column (copy-usage_notes-copy-from-json: "the entire object or array is loaded as a string").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace starshift::copy::detail {

// The source text of the value reached from the root of `json` (one well-formed JSON value, already parsed) by
// taking, at each step, the member (of an object) or element (of an array) with that zero-based position; nothing
// when a position is past the end or a step meets a scalar. The caller finds the positions on the parsed DOM, whose
// members keep the source order, so keys need no second matching here.
[[nodiscard]] std::optional<std::string_view> json_value_source(std::string_view json,
                                                                const std::vector<std::size_t>& ordinals);

// Appends the text Redshift loads for an object or array whose source text is `source`: the source as written,
// with every run of white space outside strings that contains a line break removed. The page's example turns
// {⏎ "id": 1,⏎ "name": "Renaldo"⏎ } into {"id": 1,"name": "Renaldo"}.
void append_composite_text(std::string_view source, std::string& out);

}  // namespace starshift::copy::detail
