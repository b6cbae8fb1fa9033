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

// What a jsonpaths file without the key "jsonpaths" does. Redshift documents that it "doesn't return an error, but
// it ignores jsonpaths_file and uses the 'auto' argument instead" [DG:copy-parameters-data-format]; a misspelled
// key then silently loads NULLs into every column whose name differs from its JSON key, so the engine fails such a
// COPY by default and follows Redshift only when asked (copy_options::jsonpaths_key).
enum class jsonpaths_key_rule {
    strict,         // default: [starshift.copy.bad_jsonpaths] naming the file and the key found
    auto_fallback,  // Redshift's documented behaviour: JSON 'auto' and a [starshift.copy.jsonpaths_ignored] warning
};

struct jsonpaths_file {
    // No value: the file has no key "jsonpaths" and the rule is auto_fallback; `warning` then says so.
    std::optional<std::vector<json_path>> paths;
    std::string warning;
};

// Parses one path expression: "$['a']['b'][0]" or "$.a.b[0]". Throws load_error
// [starshift.copy.bad_jsonpath] naming `file` and the expression.
[[nodiscard]] json_path parse_json_path(std::string_view expression, std::string_view file,
                                        jsonpaths_notation* notation = nullptr);

// Parses a jsonpaths file's text (REDSHIFT.md §3.2, [DG:copy-parameters-data-format]): exactly one JSON object
// whose only key is "jsonpaths", holding a non-empty array of non-empty JSONPath strings, all in one notation, and
// nothing but white space around it. Anything else throws load_error [starshift.copy.bad_jsonpaths] (or
// [starshift.copy.bad_jsonpath] for one expression) naming `file` and what is wrong; MAXERROR does not apply.
[[nodiscard]] jsonpaths_file parse_jsonpaths(std::string_view text, std::string_view file,
                                             jsonpaths_key_rule rule = jsonpaths_key_rule::strict);

}  // namespace starshift::copy
