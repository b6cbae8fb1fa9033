#include "starshift/io/manifest.hpp"

#include <simdjson.h>

#include "starshift/io/local_store.hpp"

namespace starshift::io {

std::vector<manifest_entry> parse_manifest(std::string_view json, std::string_view name) {
    simdjson::dom::parser parser;
    const simdjson::padded_string padded(json);
    simdjson::dom::element root;
    simdjson::dom::array entries;
    if (parser.parse(padded).get(root) != simdjson::SUCCESS) {
        throw io_error("starshift.io.bad_manifest", name, "not valid JSON");
    }
    if (root["entries"].get_array().get(entries) != simdjson::SUCCESS) {
        throw io_error("starshift.io.bad_manifest", name, "no \"entries\" array ({\"entries\": [...]})");
    }
    std::vector<manifest_entry> out;
    for (simdjson::dom::element e : entries) {
        manifest_entry m;
        std::string_view url;
        if (e["url"].get_string().get(url) != simdjson::SUCCESS || url.empty()) {
            throw io_error("starshift.io.bad_manifest", name,
                           "entry " + std::to_string(out.size() + 1) + " has no \"url\" string");
        }
        m.url = std::string(url);
        bool mandatory = false;
        const auto mf = e["mandatory"];
        if (mf.error() == simdjson::SUCCESS) {
            if (mf.get_bool().get(mandatory) != simdjson::SUCCESS) {
                throw io_error("starshift.io.bad_manifest", name, m.url + ": \"mandatory\" is not a boolean");
            }
        }
        m.mandatory = mandatory;
        std::uint64_t len = 0;
        if (e["meta"]["content_length"].get_uint64().get(len) == simdjson::SUCCESS) {
            m.content_length = len;
        }
        out.push_back(std::move(m));
    }
    return out;
}

std::vector<object_info> resolve_manifest(const object_store& store, const std::vector<manifest_entry>& entries,
                                          std::string_view name, const std::function<void(const std::string&)>& log) {
    std::vector<object_info> out;
    for (const auto& e : entries) {
        const std::string local = local_path_from_uri(e.url);
        bool found = false;
        for (const auto& o : store.list(e.url)) {
            if (o.key == e.url || o.key == local) {
                out.push_back(o);
                found = true;
                break;
            }
        }
        if (found) {
            continue;
        }
        if (e.mandatory) {
            throw io_error("starshift.io.manifest_missing_file", name, "mandatory entry not found: " + e.url);
        }
        if (log) {
            log("[starshift.io.manifest_skipped_file] " + std::string(name) + ": optional entry not found, skipped: " +
                e.url);
        }
    }
    if (out.empty()) {
        throw io_error("starshift.io.manifest_no_files", name, "no file of the manifest exists");
    }
    return out;
}

std::vector<object_info> read_manifest(const object_store& store, std::string_view key,
                                       const std::function<void(const std::string&)>& log) {
    std::string text;
    if (!read_object(store, key, 64U << 20U, text)) {
        throw io_error("starshift.io.bad_manifest", key, "larger than 64 MB");
    }
    return resolve_manifest(store, parse_manifest(text, key), key, log);
}

}  // namespace starshift::io
