#include "starshift/copy/record_converter.hpp"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>

#include "starshift/common/text.hpp"
#include "starshift/copy/detail/field_writer.hpp"
#include "starshift/common/utf8.hpp"
#include "starshift/copy/detail/copy_text.hpp"
#include "starshift/copy/detail/json_source_text.hpp"
#include "starshift/copy/record_splitter.hpp"

namespace starshift::copy {

std::size_t replace_invalid_utf8(std::string_view in, std::string_view replacement, std::string& out) {
    std::size_t count = 0;
    std::size_t i = 0;
    while (i < in.size()) {
        const std::size_t n = utf8_sequence_length(in, i);
        if (n == 0) {
            out.append(replacement);
            ++count;
            ++i;
        } else {
            out.append(in.substr(i, n));
            i += n;
        }
    }
    return count;
}

std::vector<target_column> target_columns(const copy_spec& spec, const table& target) {
    std::vector<target_column> out;
    for (const std::string& name : copy_target_columns(spec, target)) {
        const column& c = target.at(name);
        out.push_back({c.name, c.type, c.not_null});
    }
    return out;
}

struct record_converter::impl {
    std::vector<target_column> columns;
    std::vector<std::string> match_names;  // lower-cased for ignorecase
    std::optional<std::vector<json_path>> paths;
    bool ignorecase = false;
    conversion_settings settings;
    simdjson::dom::parser parser;
    // One pass over the root object fills every column whose source is a top-level key ('auto', and jsonpaths of
    // the form $['key']): the distinct keys to look for, and for each key the columns it feeds.
    std::vector<std::string> keys;
    std::vector<std::vector<std::size_t>> key_columns;
    std::vector<unsigned char> key_seen;  // jsonpaths: the first occurrence of a key wins (as at_key)
    std::vector<std::size_t> deep_paths;  // jsonpaths columns that need resolve()
    std::vector<simdjson::dom::element> slots;
    std::vector<unsigned char> present;  // not vector<bool>: bit access costs in this loop
    std::string scratch;
    std::string composite;
    std::string sanitized;
    bool malformed = false;  // the last failure was structural (not one well-formed JSON value)

    // Per column: the common conversions done inline (the same results as convert_value, which handles the rest).
    struct fast_path {
        enum kind_t { none, text, integer, floating } kind = none;
        bool nullable = false;
        std::size_t max_bytes = 0;  // text: the column's length
        std::int64_t lo = 0;        // integer: the range
        std::int64_t hi = 0;
        type_kind type = type_kind::integer;  // binary: the width of integers and floats
    };
    std::vector<fast_path> fast;
    wire_format wire = wire_format::text;
    row_framing framing{wire_format::text, 0};

    // The binary form of the fast cases: NULL, NUL-free text within the length, in-range integers, integers into
    // REAL/DOUBLE.
    static bool fast_binary_field(const fast_path& f, const json_value& v, std::string& out) {
        switch (v.kind) {
            case json_value::missing:
            case json_value::null:
                if (!f.nullable) {
                    return false;
                }
                append_binary_null(out);
                return true;
            case json_value::string:
                if (f.kind != impl::fast_path::text || v.text.size() > f.max_bytes ||
                    std::memchr(v.text.data(), '\0', v.text.size()) != nullptr) {
                    return false;
                }
                append_binary_text(out, v.text);
                return true;
            case json_value::int64:
                if (f.kind == impl::fast_path::integer && v.i >= f.lo && v.i <= f.hi) {
                    if (f.type == type_kind::smallint) {
                        append_binary_int16(out, static_cast<std::int16_t>(v.i));
                    } else if (f.type == type_kind::integer) {
                        append_binary_int32(out, static_cast<std::int32_t>(v.i));
                    } else {
                        append_binary_int64(out, v.i);
                    }
                    return true;
                }
                if (f.kind == impl::fast_path::floating) {
                    if (f.type == type_kind::real) {
                        append_binary_float4(out, static_cast<float>(v.i));
                    } else {
                        append_binary_float8(out, static_cast<double>(v.i));
                    }
                    return true;
                }
                return false;
            default: return false;
        }
    }

    static bool fast_field(const fast_path& f, const json_value& v, std::string& out) {
        switch (v.kind) {
            case json_value::missing:
            case json_value::null:
                if (!f.nullable) {
                    return false;
                }
                append_copy_null(out);
                return true;
            case json_value::string:
                return f.kind == impl::fast_path::text && v.text.size() <= f.max_bytes &&
                       append_copy_text_without_nul(out, v.text);
            case json_value::int64:
                if ((f.kind == impl::fast_path::integer && v.i >= f.lo && v.i <= f.hi) || f.kind == impl::fast_path::floating) {
                    char buf[24];
                    const auto r = std::to_chars(buf, buf + sizeof buf, v.i);
                    out.append(buf, static_cast<std::size_t>(r.ptr - buf));
                    return true;
                }
                return false;
            default: return false;
        }
    }

    // Converts a DOM value to the converter's view. composite text goes to `composite_buf`.
    json_value view(simdjson::dom::element e, std::string& composite_buf) {
        json_value v;
        switch (e.type()) {
            case simdjson::dom::element_type::STRING: {
                v.kind = json_value::string;
                v.text = e.get_string().value_unsafe();
                break;
            }
            case simdjson::dom::element_type::INT64:
                v.kind = json_value::int64;
                v.i = e.get_int64().value_unsafe();
                break;
            case simdjson::dom::element_type::UINT64:
                v.kind = json_value::uint64;
                v.u = e.get_uint64().value_unsafe();
                break;
            case simdjson::dom::element_type::DOUBLE:
                v.kind = json_value::floating;
                v.d = e.get_double().value_unsafe();
                break;
            case simdjson::dom::element_type::BOOL:
                v.kind = json_value::boolean;
                v.b = e.get_bool().value_unsafe();
                break;
            case simdjson::dom::element_type::NULL_VALUE:
                v.kind = json_value::null;
                break;
            case simdjson::dom::element_type::ARRAY:
            case simdjson::dom::element_type::OBJECT:
                v.kind = json_value::composite;
                composite_buf = simdjson::minify(e);
                v.text = composite_buf;
                break;
        }
        return v;
    }

    static std::string raw_text(const json_value& v) {
        std::string s;
        switch (v.kind) {
            case json_value::string:
            case json_value::composite: s.assign(cut_utf8(v.text, max_raw_value_bytes)); break;
            case json_value::int64: s = std::to_string(v.i); break;
            case json_value::uint64: s = std::to_string(v.u); break;
            case json_value::floating: {
                char buf[32];
                auto r = std::to_chars(buf, buf + sizeof buf, v.d);
                s.assign(buf, static_cast<std::size_t>(r.ptr - buf));
                break;
            }
            case json_value::boolean: s = v.b ? "true" : "false"; break;
            default: break;
        }
        return s;
    }

    // The text of column i's object or array as Redshift loads it into a CHAR/VARCHAR column: its source text in
    // the record (detail/json_source_text.hpp), in `composite`. The positions of the members on the way are found
    // on the DOM with the rules that picked the value: 'auto' takes the last matching key, a JSONPath the first.
    std::string_view composite_source(std::string_view parsed, simdjson::dom::element root, std::size_t i) {
        std::vector<std::size_t> ordinals;
        const auto position = [&](simdjson::dom::object obj, std::string_view name, bool fold, bool last,
                                  simdjson::dom::element& value) {
            std::size_t k = 0;
            bool found = false;
            for (auto field : obj) {
                if ((fold ? iequals(name, field.key) : name == field.key) && (last || !found)) {
                    if (found) ordinals.pop_back();
                    ordinals.push_back(k);
                    value = field.value;
                    found = true;
                }
                ++k;
            }
            return found;
        };
        simdjson::dom::element cur = root;
        simdjson::dom::object obj;
        if (!paths) {
            if (cur.get_object().get(obj) != simdjson::SUCCESS ||
                !position(obj, match_names[i], ignorecase, true, cur))
                return composite;
        } else {
            for (const auto& step : (*paths)[i].steps) {
                if (const auto* key = std::get_if<std::string>(&step)) {
                    if (cur.get_object().get(obj) != simdjson::SUCCESS || !position(obj, *key, false, false, cur))
                        return composite;
                } else {
                    simdjson::dom::array arr;
                    const std::size_t idx = std::get<std::size_t>(step);
                    if (cur.get_array().get(arr) != simdjson::SUCCESS || arr.at(idx).get(cur) != simdjson::SUCCESS)
                        return composite;
                    ordinals.push_back(idx);
                }
            }
        }
        if (const auto span = detail::json_value_source(parsed, ordinals)) {
            composite.clear();
            detail::append_composite_text(*span, composite);
        }
        return composite;
    }

    // Resolves one jsonpath; false = missing (NULL).
    bool resolve(const json_path& p, simdjson::dom::element root, simdjson::dom::element& out) {
        simdjson::dom::element cur = root;
        for (const auto& step : p.steps) {
            if (const auto* key = std::get_if<std::string>(&step)) {
                simdjson::dom::object obj;
                if (cur.get_object().get(obj) != simdjson::SUCCESS) {
                    return false;  // a member of a non-object: nothing there, NULL
                }
                if (obj.at_key(*key).get(cur) != simdjson::SUCCESS) {
                    return false;
                }
            } else {
                if (cur.is_null()) {
                    return false;
                }
                simdjson::dom::array arr;
                const std::size_t idx = std::get<std::size_t>(step);
                if (cur.get_array().get(arr) != simdjson::SUCCESS || arr.at(idx).get(cur) != simdjson::SUCCESS) {
                    throw load_error("starshift.copy.jsonpath_index",
                                     "Invalid JSONPath format: Not an array or index out of range: " + p.expression);
                }
            }
        }
        out = cur;
        return true;
    }

    bool convert(std::string_view record, std::string& out, reject& rej, bool* not_one_value) {
        simdjson::dom::element root;
        auto err = parser.parse(record.data(), record.size(), false).get(root);
        if (err != simdjson::SUCCESS && not_one_value != nullptr) {
            *not_one_value = true;  // a line candidate that is not exactly one JSON value: the caller rescans
            return false;
        }
        malformed = false;
        std::string_view parsed = record;  // the text the DOM was parsed from
        if (err == simdjson::UTF8_ERROR) {
            if (!settings.acceptinvchars) {
                // structurally broken as well? (only then may the caller cut the record at a resync line)
                sanitized.clear();
                replace_invalid_utf8(record, "?", sanitized);
                const std::size_t len = sanitized.size();
                sanitized.append(record_padding, '\0');
                malformed = parser.parse(sanitized.data(), len, false).error() != simdjson::SUCCESS;
                rej = reject{};
                rej.code = error_code::invalid_utf8;
                rej.reason = "invalid UTF-8";
                rej.raw_value.assign(record.substr(0, max_raw_value_bytes));
                return false;
            }
            sanitized.clear();
            replace_invalid_utf8(record, *settings.acceptinvchars, sanitized);
            const std::size_t len = sanitized.size();
            sanitized.append(record_padding, '\0');
            err = parser.parse(sanitized.data(), len, false).get(root);
            parsed = std::string_view(sanitized.data(), len);
        }
        if (err != simdjson::SUCCESS) {
            malformed = true;
            rej = reject{};
            rej.code = error_code::malformed_json;
            rej.reason = std::string("malformed JSON: ") + simdjson::error_message(err);
            rej.raw_value.assign(cut_utf8(record, max_raw_value_bytes));
            return false;
        }
        const std::size_t n = columns.size();
        std::fill(present.begin(), present.end(), false);
        simdjson::dom::object obj;
        const bool is_object = root.get_object().get(obj) == simdjson::SUCCESS;
        if (!paths && !is_object) {
            rej = reject{};
            rej.code = error_code::malformed_json;
            rej.reason = "JSON 'auto' needs an object (arrays need a jsonpaths file)";
            rej.raw_value.assign(cut_utf8(record, max_raw_value_bytes));
            return false;
        }
        if (paths) {
            for (const std::size_t i : deep_paths) {
                present[i] = resolve((*paths)[i], root, slots[i]);
            }
        }
        if (is_object && !keys.empty()) {
            const std::size_t nk = keys.size();
            if (paths) {
                std::fill(key_seen.begin(), key_seen.end(), false);
            }
            const bool fold = ignorecase && !paths;
            std::size_t hint = 0;
            for (auto field : obj) {
                const std::string_view key = field.key;
                // keys usually come in the same order as last time: try the next expected key first
                std::size_t found = nk;
                for (std::size_t k = 0; k < nk; ++k) {
                    const std::size_t c = hint + k < nk ? hint + k : hint + k - nk;
                    const std::string_view name = keys[c];
                    if (fold ? iequals(name, key) : name == key) {
                        found = c;
                        break;
                    }
                }
                if (found == nk) {
                    continue;
                }
                hint = found + 1 == nk ? 0 : found + 1;
                if (paths) {
                    if (key_seen[found]) {
                        continue;  // jsonpaths: a repeated key, the first one counts
                    }
                    key_seen[found] = true;
                }
                for (const std::size_t col : key_columns[found]) {
                    slots[col] = field.value;  // 'auto': a repeated key, the last one wins
                    present[col] = true;
                }
            }
        }
        const std::size_t mark = out.size();
        framing.begin_row(out);
        const bool binary = wire == wire_format::binary;
        for (std::size_t i = 0; i < n; ++i) {
            framing.before_field(out, i);
            json_value v;
            if (present[i]) {
                v = view(slots[i], composite);
                if (v.kind == json_value::composite && is_character(columns[i].type.kind)) {
                    v.text = composite_source(parsed, root, i);
                }
            }
            if (binary ? fast_binary_field(fast[i], v, out) : fast_field(fast[i], v, out)) {
                continue;
            }
            const conversion_error ce = convert_value(v, columns[i].type, columns[i].not_null, settings, out, scratch);
            if (ce.code != 0) {
                out.resize(mark);
                detail::set_reject(rej, columns[i].name, ce, raw_text(v));
                return false;
            }
        }
        framing.end_row(out);
        return true;
    }
};

record_converter::record_converter(std::vector<target_column> columns, std::optional<std::vector<json_path>> paths,
                                   bool ignorecase, conversion_settings settings)
    : impl_(std::make_unique<impl>()) {
    if (paths && paths->size() != columns.size()) {
        throw load_error("starshift.copy.jsonpaths_count",
                         "the jsonpaths file has " + std::to_string(paths->size()) + " expressions but the COPY fills " +
                             std::to_string(columns.size()) + " columns");
    }
    for (const auto& c : columns) {
        std::string m = c.name;
        if (ignorecase) {
            for (char& ch : m) {
                ch = ascii_lower(ch);
            }
        }
        impl_->match_names.push_back(std::move(m));
    }
    impl& m = *impl_;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        std::string key;
        if (paths) {
            const json_path& p = (*paths)[i];
            const auto* k = p.steps.size() == 1 ? std::get_if<std::string>(&p.steps[0]) : nullptr;
            if (k == nullptr) {
                m.deep_paths.push_back(i);
                continue;
            }
            key = *k;
        } else {
            key = m.match_names[i];
        }
        const auto it = std::find(m.keys.begin(), m.keys.end(), key);
        if (it == m.keys.end()) {
            m.keys.push_back(std::move(key));
            m.key_columns.push_back({i});
        } else {
            m.key_columns[static_cast<std::size_t>(it - m.keys.begin())].push_back(i);
        }
    }
    m.key_seen.assign(m.keys.size(), false);
    for (const auto& c : columns) {
        impl::fast_path f;
        f.nullable = !c.not_null;
        f.type = c.type.kind;
        switch (c.type.kind) {
            case type_kind::varchar:
                if (!settings.emptyasnull && !settings.blanksasnull) {
                    f.kind = impl::fast_path::text;
                    f.max_bytes = c.type.length == 0 ? 256 : c.type.length;
                }
                break;
            case type_kind::smallint: f.kind = impl::fast_path::integer; f.lo = -32768; f.hi = 32767; break;
            case type_kind::integer:
                f.kind = impl::fast_path::integer;
                f.lo = std::numeric_limits<std::int32_t>::min();
                f.hi = std::numeric_limits<std::int32_t>::max();
                break;
            case type_kind::bigint:
                f.kind = impl::fast_path::integer;
                f.lo = std::numeric_limits<std::int64_t>::min();
                f.hi = std::numeric_limits<std::int64_t>::max();
                break;
            case type_kind::real:
            case type_kind::double_precision: f.kind = impl::fast_path::floating; break;
            default: break;
        }
        m.fast.push_back(f);
    }
    impl_->slots.resize(columns.size());
    impl_->present.assign(columns.size(), false);
    impl_->columns = std::move(columns);
    impl_->paths = std::move(paths);
    impl_->ignorecase = ignorecase;
    impl_->wire = settings.wire;
    impl_->framing = row_framing(settings.wire, impl_->columns.size());
    impl_->settings = std::move(settings);
}

record_converter::~record_converter() = default;

bool record_converter::convert(std::string_view record, std::string& out, reject& rej) {
    return impl_->convert(record, out, rej, nullptr);
}

bool record_converter::convert_candidate(std::string_view record, std::string& out, reject& rej, bool& not_one_value) {
    not_one_value = false;
    return impl_->convert(record, out, rej, &not_one_value);
}

bool record_converter::malformed() const noexcept { return impl_->malformed; }

const std::vector<target_column>& record_converter::columns() const noexcept { return impl_->columns; }

}  // namespace starshift::copy
