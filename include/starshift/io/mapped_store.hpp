// An object store that serves s3:// URIs from local folders (`--s3-map s3://bucket/prefix=DIR`), for running
// Redshift COPY statements locally: keys stay s3:// URIs (so rejects and manifests name them as Redshift does).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/io/local_store.hpp"
#include "starshift/io/object_store.hpp"

namespace starshift::io {

// One mapping: every key under `prefix` ("s3://bucket/" or "s3://bucket/folder/", always ending in '/') is the
// file at `directory` ("DIR/", always ending in '/') followed by the rest of the key.
struct s3_mapping {
    std::string prefix;
    std::string directory;

    friend bool operator==(const s3_mapping& a, const s3_mapping& b) {
        return a.prefix == b.prefix && a.directory == b.directory;
    }
};

// Parses "s3://BUCKET[/PREFIX]=DIR" (a trailing '/' on either side is optional). std::nullopt when it is not of
// that form (no '=', not s3://, no bucket, an empty DIR, "." or ".." as a key segment).
[[nodiscard]] std::optional<s3_mapping> parse_s3_mapping(std::string_view arg);

// Keys:
// - an s3:// key covered by a mapping is served from that mapping's folder; when several cover it, the longest
//   prefix wins. A mapping maps folders: "s3://b/data=D" covers "s3://b/data" and "s3://b/data/…" but not
//   "s3://b/data_old/…". A listing is served by the one mapping of its prefix (a longer mapping nested inside it
//   does not take part in that listing);
// - an s3:// key no mapping covers goes to `fallback` (an S3 endpoint), or throws io_error
//   [starshift.io.s3_unmapped] naming the key when there is none;
// - any other key is a local path (local_store).
// Listings return s3:// keys: list("s3://b/data/2018") with "s3://b/data=/srv/d" returns "s3://b/data/2018/a.json"
// for /srv/d/2018/a.json. Pure: no network unless `fallback` is one.
class mapped_store final : public object_store {
public:
    // `fallback` (may be nullptr) must outlive this store.
    explicit mapped_store(std::vector<s3_mapping> mappings, const object_store* fallback = nullptr);

    [[nodiscard]] std::vector<object_info> list(std::string_view prefix) const override;
    [[nodiscard]] std::unique_ptr<byte_reader> open(std::string_view key) const override;
    // Writes and deletes route as open() does (a mapped key's file, its folders created; else the fallback).
    [[nodiscard]] std::unique_ptr<byte_writer> create(std::string_view key) const override;
    void remove(std::string_view key) const override;
    // The fallback's sequence when it serves every object (unmapped s3:// keys), else open() ahead (the default).
    [[nodiscard]] std::unique_ptr<object_sequence> open_sequence(std::vector<object_info> objects,
                                                                 std::size_t ahead) const override;
    // The fallback's when it serves the listing (an unmapped s3:// prefix), else list() and open_sequence().
    [[nodiscard]] listed_objects list_and_open(std::string_view prefix, std::size_t ahead) const override;
    [[nodiscard]] std::uint64_t retries() const noexcept override {
        return fallback_ != nullptr ? fallback_->retries() : 0;
    }
    // Local paths as local_store describes them; s3:// prefixes as key prefixes (or as the fallback does).
    [[nodiscard]] std::string describe_listing(std::string_view prefix,
                                               const std::vector<object_info>& listed) const override;

    // The mapping that covers an s3:// key (longest prefix), or nullptr.
    [[nodiscard]] const s3_mapping* find(std::string_view key) const noexcept;
    // The local path of a mapped s3:// key; std::nullopt when no mapping covers it (or it is not an s3:// URI).
    [[nodiscard]] std::optional<std::string> local_path(std::string_view key) const;
    // True when open/list can serve the key: a local path, a mapped s3:// key, or any s3:// key with a fallback.
    [[nodiscard]] bool serves(std::string_view key) const noexcept;

    [[nodiscard]] const std::vector<s3_mapping>& mappings() const noexcept { return mappings_; }

private:
    std::vector<s3_mapping> mappings_;
    const object_store* fallback_;
    local_store local_;
};

}  // namespace starshift::io
