#include "starshift/io/mapped_store.hpp"

#include <algorithm>
#include <utility>

namespace starshift::io {
namespace {

constexpr std::string_view s3_scheme = "s3://";

bool starts_with(std::string_view s, std::string_view p) noexcept {
    return s.size() >= p.size() && s.compare(0, p.size(), p) == 0;
}

bool is_s3(std::string_view key) noexcept { return starts_with(key, s3_scheme); }

// Does mapping `m` cover `key`: under the folder, or the folder itself written without its '/'.
bool covers(const s3_mapping& m, std::string_view key) noexcept {
    if (starts_with(key, m.prefix)) return true;
    return key.size() + 1 == m.prefix.size() && starts_with(m.prefix, key);
}

}  // namespace

std::optional<s3_mapping> parse_s3_mapping(std::string_view arg) {
    const auto eq = arg.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    std::string_view uri = arg.substr(0, eq);
    std::string_view dir = arg.substr(eq + 1);
    if (!starts_with(uri, s3_scheme) || dir.empty()) return std::nullopt;
    std::string_view path = uri.substr(s3_scheme.size());
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    if (path.empty() || path.front() == '/') return std::nullopt;  // no bucket
    // Key segments "." and ".." would let a key climb out of the folder in its local form.
    std::size_t start = 0;
    for (;;) {
        const auto slash = path.find('/', start);
        const std::string_view seg = path.substr(start, slash == std::string_view::npos ? path.npos : slash - start);
        if (seg == "." || seg == ".." || seg.empty()) return std::nullopt;
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    s3_mapping m;
    m.prefix = std::string(s3_scheme) + std::string(path) + "/";
    std::string d(dir);
    while (d.size() > 1 && d.back() == '/') d.pop_back();
    if (d != "/") d += '/';
    m.directory = std::move(d);
    return m;
}

mapped_store::mapped_store(std::vector<s3_mapping> mappings, const object_store* fallback)
    : mappings_(std::move(mappings)), fallback_(fallback) {}

const s3_mapping* mapped_store::find(std::string_view key) const noexcept {
    if (!is_s3(key)) return nullptr;
    const s3_mapping* best = nullptr;
    for (const auto& m : mappings_)
        if (covers(m, key) && (best == nullptr || m.prefix.size() > best->prefix.size())) best = &m;
    return best;
}

std::optional<std::string> mapped_store::local_path(std::string_view key) const {
    const s3_mapping* m = find(key);
    if (m == nullptr) return std::nullopt;
    if (key.size() < m->prefix.size()) return m->directory;  // the folder itself
    return m->directory + std::string(key.substr(m->prefix.size()));
}

bool mapped_store::serves(std::string_view key) const noexcept {
    return !is_s3(key) || fallback_ != nullptr || find(key) != nullptr;
}

std::vector<object_info> mapped_store::list(std::string_view prefix) const {
    if (!is_s3(prefix)) return local_.list(prefix);
    const s3_mapping* m = find(prefix);
    if (m == nullptr) {
        if (fallback_ != nullptr) return fallback_->list(prefix);
        throw io_error("starshift.io.s3_unmapped", prefix, "no --s3-map covers it and no S3 endpoint is configured");
    }
    // A mapped prefix keeps S3's semantics (s3://b/data/2018 also matches s3://b/data/2018-old/…).
    std::vector<object_info> out = local_.list_key_prefix(*local_path(prefix));
    for (auto& o : out) {
        // Every listed path starts with the folder (the listing prefix does); keys keep the listing's order.
        o.key = m->prefix + o.key.substr(m->directory.size());
    }
    return out;
}

std::unique_ptr<byte_reader> mapped_store::open(std::string_view key) const {
    if (!is_s3(key)) return local_.open(key);
    if (const auto p = local_path(key)) return local_.open(*p);
    if (fallback_ != nullptr) return fallback_->open(key);
    throw io_error("starshift.io.s3_unmapped", key, "no --s3-map covers it and no S3 endpoint is configured");
}

std::unique_ptr<object_sequence> mapped_store::open_sequence(std::vector<object_info> objects,
                                                             std::size_t ahead) const {
    const auto unmapped = [this](const object_info& o) { return is_s3(o.key) && find(o.key) == nullptr; };
    const bool all_fallback = fallback_ != nullptr && std::all_of(objects.begin(), objects.end(), unmapped);
    if (all_fallback) return fallback_->open_sequence(std::move(objects), ahead);
    return object_store::open_sequence(std::move(objects), ahead);
}

listed_objects mapped_store::list_and_open(std::string_view prefix, std::size_t ahead) const {
    if (is_s3(prefix) && find(prefix) == nullptr && fallback_ != nullptr) {
        return fallback_->list_and_open(prefix, ahead);
    }
    return object_store::list_and_open(prefix, ahead);
}

std::unique_ptr<byte_writer> mapped_store::create(std::string_view key) const {
    if (!is_s3(key)) return local_.create(key);
    if (const auto p = local_path(key)) return local_.create(*p);
    if (fallback_ != nullptr) return fallback_->create(key);
    throw io_error("starshift.io.s3_unmapped", key, "no --s3-map covers it and no S3 endpoint is configured");
}

void mapped_store::remove(std::string_view key) const {
    if (!is_s3(key)) return local_.remove(key);
    if (const auto p = local_path(key)) return local_.remove(*p);
    if (fallback_ != nullptr) return fallback_->remove(key);
    throw io_error("starshift.io.s3_unmapped", key, "no --s3-map covers it and no S3 endpoint is configured");
}

std::string mapped_store::describe_listing(std::string_view prefix, const std::vector<object_info>& listed) const {
    if (!is_s3(prefix)) return local_.describe_listing(prefix, listed);
    if (find(prefix) == nullptr && fallback_ != nullptr) return fallback_->describe_listing(prefix, listed);
    return describe_prefix_listing(prefix, listed);
}

}  // namespace starshift::io
