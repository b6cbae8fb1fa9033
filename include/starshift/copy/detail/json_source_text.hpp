// The source text of one value inside a JSON record, and the text Redshift loads for an object or array mapped to a
// CHAR/VARCHAR column (copy-usage_notes-copy-from-json: "the entire object or array is loaded as a string").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/copy/jsonpaths.hpp"

namespace starshift::copy::detail {

// Which member counts when an object repeats a key: 'auto' takes the last, JSONPath steps the first.
enum class repeated_key { first, last };

// The source text of the value that `steps` lead to in `json` (one well-formed JSON value, already parsed), or
// nothing when a step finds no member or element. Keys compare after unescaping, ASCII case folded with `fold`.
[[nodiscard]] std::optional<std::string_view> json_value_source(std::string_view json,
                                                                const std::vector<json_path_step>& steps,
                                                                repeated_key rule, bool fold);

// Appends the text Redshift loads for an object or array whose source text is `source`: the source as written,
// with every run of white space outside strings that contains a line break removed. The page's example turns
// {⏎ "id": 1,⏎ "name": "Renaldo"⏎ } into {"id": 1,"name": "Renaldo"}.
void append_composite_text(std::string_view source, std::string& out);

}  // namespace starshift::copy::detail
