#include "starshift/copy/jsonpaths.hpp"

#include <simdjson.h>

#include "starshift/copy/reject.hpp"

namespace starshift::copy {

namespace {

[[noreturn]] void bad_path(std::string_view file, std::string_view expr, std::string_view why) {
    std::string d(file);
    d += ": JSONPath expression '";
    d.append(expr);
    d += "': ";
    d.append(why);
    throw load_error("starshift.copy.bad_jsonpath", d);
}

[[noreturn]] void bad_file(std::string_view file, std::string_view why) {
    std::string d(file);
    d += ": ";
    d.append(why);
    throw load_error("starshift.copy.bad_jsonpaths", d);
}

bool parse_index(std::string_view expr, std::size_t& i, std::size_t& out) {
    // at expr[i] == '[' followed by digits and ']'
    std::size_t j = i + 1;
    std::size_t v = 0;
    const std::size_t digits_start = j;
    while (j < expr.size() && expr[j] >= '0' && expr[j] <= '9') {
        if (v > (static_cast<std::size_t>(-1) - 9) / 10) {
            return false;
        }
        v = v * 10 + static_cast<std::size_t>(expr[j] - '0');
        ++j;
    }
    if (j == digits_start || j >= expr.size() || expr[j] != ']') {
        return false;
    }
    out = v;
    i = j + 1;
    return true;
}

}  // namespace

json_path parse_json_path(std::string_view expr, std::string_view file, jsonpaths_notation* notation) {
    json_path p;
    p.expression = std::string(expr);
    if (expr.empty()) {
        bad_path(file, expr, "empty expression");
    }
    if (expr[0] != '$') {
        bad_path(file, expr, "must start with '$'");
    }
    bool used_bracket = false;
    bool used_dot = false;
    std::size_t i = 1;
    while (i < expr.size()) {
        const char c = expr[i];
        if (c == '[') {
            if (i + 1 < expr.size() && (expr[i + 1] == '\'' || expr[i + 1] == '"')) {
                const char q = expr[i + 1];
                const auto close = expr.find(q, i + 2);
                if (close == std::string_view::npos || close + 1 >= expr.size() || expr[close + 1] != ']') {
                    bad_path(file, expr, "unterminated ['name'] member");
                }
                if (close == i + 2) {
                    bad_path(file, expr, "empty member name");
                }
                p.steps.emplace_back(std::string(expr.substr(i + 2, close - i - 2)));
                used_bracket = true;
                i = close + 2;
            } else {
                std::size_t idx = 0;
                if (!parse_index(expr, i, idx)) {
                    bad_path(file, expr, "an array index must be [n] with n >= 0 (no wildcards or filters)");
                }
                p.steps.emplace_back(idx);
            }
        } else if (c == '.') {
            std::size_t j = i + 1;
            while (j < expr.size() && expr[j] != '.' && expr[j] != '[') {
                if (expr[j] == '\'' || expr[j] == ']' || expr[j] == '*') {
                    bad_path(file, expr, "dot notation cannot contain quotes, brackets or wildcards");
                }
                ++j;
            }
            if (j == i + 1) {
                bad_path(file, expr, "empty member name after '.'");
            }
            p.steps.emplace_back(std::string(expr.substr(i + 1, j - i - 1)));
            used_dot = true;
            i = j;
        } else {
            bad_path(file, expr, std::string("unexpected character '") + c + "'");
        }
    }
    if (used_bracket && used_dot) {
        bad_path(file, expr, "bracket and dot notation cannot be mixed");
    }
    if (notation != nullptr) {
        if (used_bracket) {
            *notation = jsonpaths_notation::bracket;
        } else if (used_dot) {
            *notation = jsonpaths_notation::dot;
        }
    }
    return p;
}

jsonpaths_file parse_jsonpaths(std::string_view text, std::string_view file, jsonpaths_key_rule rule) {
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    const simdjson::padded_string padded(text);
    if (auto err = parser.parse(padded).get(root); err != simdjson::SUCCESS) {
        bad_file(file, std::string("malformed JSON, or more than one value or text after the object: ") +
                           simdjson::error_message(err));
    }
    simdjson::dom::object obj;
    if (root.get_object().get(obj) != simdjson::SUCCESS) {
        bad_file(file, "the file must hold exactly one JSON object {\"jsonpaths\": [...]}, found " +
                           std::string(root.is_array() ? "an array" : "a scalar"));
    }
    // exactly one key, "jsonpaths" (Redshift: "The object key ... must be \"jsonpaths\"")
    std::vector<std::string> keys;
    std::size_t named = 0;
    for (const auto field : obj) {
        keys.emplace_back(field.key);
        named += field.key == "jsonpaths" ? 1 : 0;
    }
    jsonpaths_file out;
    if (named == 0) {
        const std::string found =
            keys.empty() ? std::string("an empty object") : "the key \"" + keys.front() + "\"" +
                                                               (keys.size() > 1 ? " (and others)" : "");
        if (rule == jsonpaths_key_rule::auto_fallback && !keys.empty()) {
            out.warning = "[starshift.copy.jsonpaths_ignored] " + std::string(file) + ": no top-level key \"jsonpaths\" (" +
                          found + "); JSON 'auto' is used instead, as Redshift documents";
            return out;
        }
        bad_file(file, "the top-level key must be \"jsonpaths\", found " + found);
    }
    if (named > 1) {
        bad_file(file, "the key \"jsonpaths\" appears more than once");
    }
    for (const auto& k : keys) {
        if (k != "jsonpaths") {
            bad_file(file, "unexpected key \"" + k + "\" (the object holds the one key \"jsonpaths\")");
        }
    }
    simdjson::dom::element paths = obj["jsonpaths"].value_unsafe();
    simdjson::dom::array arr;
    if (paths.get_array().get(arr) != simdjson::SUCCESS) {
        bad_file(file, "\"jsonpaths\" must be an array of JSONPath strings");
    }
    std::vector<json_path> result;
    std::optional<jsonpaths_notation> seen;
    for (simdjson::dom::element e : arr) {
        std::string_view s;
        if (e.get_string().get(s) != simdjson::SUCCESS) {
            bad_file(file, "every \"jsonpaths\" element must be a string, found " + simdjson::to_string(e));
        }
        if (s.empty()) {
            bad_file(file, "a \"jsonpaths\" element is an empty string");
        }
        std::optional<jsonpaths_notation> n;
        jsonpaths_notation this_n{};
        jsonpaths_notation* np = &this_n;
        this_n = jsonpaths_notation::bracket;
        json_path p = parse_json_path(s, file, np);
        // parse_json_path leaves the value untouched for notation-free paths such as "$[0]"
        bool has_member = false;
        for (const auto& st : p.steps) {
            has_member = has_member || std::holds_alternative<std::string>(st);
        }
        if (has_member) {
            n = this_n;
        }
        if (n && seen && *n != *seen) {
            bad_path(file, s, "bracket and dot notation cannot be mixed within one jsonpaths array");
        }
        if (n) {
            seen = n;
        }
        result.push_back(std::move(p));
    }
    if (result.empty()) {
        bad_file(file, "\"jsonpaths\" is an empty array");
    }
    out.paths = std::move(result);
    return out;
}

}  // namespace starshift::copy
