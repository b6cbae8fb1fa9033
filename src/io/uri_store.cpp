#include "starshift/io/uri_store.hpp"

#include <algorithm>
#include <string>

namespace starshift::io {

const object_store& uri_store::route(std::string_view key) const {
    if (key.substr(0, 5) != "s3://") return local_;
    if (s3_ == nullptr)
        throw io_error("starshift.io.no_s3_store", key, "s3:// sources need an S3 object store");
    return *s3_;
}

std::vector<object_info> uri_store::list(std::string_view prefix) const { return route(prefix).list(prefix); }

std::unique_ptr<byte_reader> uri_store::open(std::string_view key) const { return route(key).open(key); }

std::unique_ptr<byte_writer> uri_store::create(std::string_view key) const { return route(key).create(key); }

std::unique_ptr<object_sequence> uri_store::open_sequence(std::vector<object_info> objects,
                                                          std::size_t ahead) const {
    const bool all_s3 = std::all_of(objects.begin(), objects.end(),
                                    [](const object_info& o) { return o.key.substr(0, 5) == "s3://"; });
    if (all_s3 && s3_ != nullptr) return s3_->open_sequence(std::move(objects), ahead);
    return object_store::open_sequence(std::move(objects), ahead);
}
void uri_store::remove(std::string_view key) const { route(key).remove(key); }

std::string uri_store::describe_listing(std::string_view prefix, const std::vector<object_info>& listed) const {
    return route(prefix).describe_listing(prefix, listed);
}

}  // namespace starshift::io
