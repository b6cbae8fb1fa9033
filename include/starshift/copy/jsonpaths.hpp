// A parsed JSONPaths file (Redshift COPY … JSON 's3://…/paths.json'): one path expression per target column.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace starshift::copy {

// One step of a path: an object member name or a zero-based array index.
using json_path_step = std::variant<std::string, std::size_t>;

struct json_path {
    std::string expression;  // as written, for messages
    std::vector<json_path_step> steps;
};

enum class jsonpaths_notation { bracket, dot };

struct jsonpaths_file {
    // No value: the file's top-level key is not "jsonpaths", so Redshift silently falls back to 'auto'
    // (REDSHIFT.md §3.1); `warning` then says so.
    std::optional<std::vector<json_path>> paths;
    std::string warning;
};

// Parses one path expression: "$['a']['b'][0]" or "$.a.b[0]". Throws load_error
// [starshift.copy.bad_jsonpath] naming `file` and the expression.
[[nodiscard]] json_path parse_json_path(std::string_view expression, std::string_view file,
                                        jsonpaths_notation* notation = nullptr);

// Parses a jsonpaths file's text (REDSHIFT.md §3.2): exactly one object; key "jsonpaths" -> a non-empty array of
// non-empty strings, all in one notation. Errors throw load_error [starshift.copy.bad_jsonpaths] or
// [starshift.copy.bad_jsonpath] naming `file` (MAXERROR does not apply).
[[nodiscard]] jsonpaths_file parse_jsonpaths(std::string_view text, std::string_view file);

}  // namespace starshift::copy
