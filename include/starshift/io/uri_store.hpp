// An object store that routes by URI: s3:// keys to an S3 store, everything else to local files.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/io/local_store.hpp"
#include "starshift/io/object_store.hpp"

namespace starshift::io {

class uri_store final : public object_store {
public:
    // `s3` serves s3:// keys and must outlive this store; nullptr: s3:// keys are an error naming the key.
    explicit uri_store(const object_store* s3) : s3_(s3) {}

    [[nodiscard]] std::vector<object_info> list(std::string_view prefix) const override;
    [[nodiscard]] std::unique_ptr<byte_reader> open(std::string_view key) const override;
    [[nodiscard]] std::unique_ptr<byte_writer> create(std::string_view key) const override;
    void remove(std::string_view key) const override;
    // The S3 store's sequence when every object is s3://, else open() ahead (the default).
    [[nodiscard]] std::unique_ptr<object_sequence> open_sequence(std::vector<object_info> objects,
                                                                 std::size_t ahead) const override;
    [[nodiscard]] listed_objects list_and_open(std::string_view prefix, std::size_t ahead) const override {
        return route(prefix).list_and_open(prefix, ahead);
    }
    [[nodiscard]] std::uint64_t retries() const noexcept override { return s3_ != nullptr ? s3_->retries() : 0; }
    [[nodiscard]] std::string describe_listing(std::string_view prefix,
                                               const std::vector<object_info>& listed) const override;

private:
    [[nodiscard]] const object_store& route(std::string_view key) const;
    local_store local_;
    const object_store* s3_;
};

}  // namespace starshift::io
