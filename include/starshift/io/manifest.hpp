// Redshift COPY manifests: {"entries":[{"url":"s3://b/k","mandatory":true,"meta":{"content_length":N}}, …]}.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/io/object_store.hpp"

namespace starshift::io {

struct manifest_entry {
    std::string url;
    bool mandatory = false;  // Redshift's default
    std::optional<std::uint64_t> content_length;
};

// Parses a manifest's JSON text; `name` is used in errors. Malformed JSON, a missing "entries" array or an entry
// without a "url" string throws io_error [starshift.io.bad_manifest].
[[nodiscard]] std::vector<manifest_entry> parse_manifest(std::string_view json, std::string_view name);

// Resolves entries against a store (each url must be an exact key of store.list(url)): a missing mandatory entry
// throws [starshift.io.manifest_missing_file]; a missing optional one is skipped and reported through `log`;
// no file at all throws [starshift.io.manifest_no_files] (as Redshift: "COPY will terminate if no files are found").
// Sizes come from the listing (meta.content_length is not required for text formats and is not checked).
[[nodiscard]] std::vector<object_info> resolve_manifest(const object_store& store,
                                                        const std::vector<manifest_entry>& entries,
                                                        std::string_view name,
                                                        const std::function<void(const std::string&)>& log);

// Reads (at most 64 MB), parses and resolves the manifest object `key` of `store`.
[[nodiscard]] std::vector<object_info> read_manifest(const object_store& store, std::string_view key,
                                                     const std::function<void(const std::string&)>& log);

}  // namespace starshift::io
