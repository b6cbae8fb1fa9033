#include "starshift/io/memory_store.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

namespace starshift::io {

memory_reader::memory_reader(std::string_view data, std::string name, std::size_t step) noexcept
    : data_(data), name_(std::move(name)), step_(step == 0 ? 1 : step) {}

std::size_t memory_reader::read(char* buffer, std::size_t n) {
    const std::size_t k = std::min({n, step_, data_.size() - pos_});
    if (k > 0) std::memcpy(buffer, data_.data() + pos_, k);
    pos_ += k;
    return k;
}

memory_store::memory_store(std::string key, std::string data) { put(std::move(key), std::move(data)); }

void memory_store::put(std::string key, std::string data) { objects_[std::move(key)] = std::move(data); }

std::vector<object_info> memory_store::list(std::string_view prefix) const {
    std::vector<object_info> out;
    for (auto it = objects_.lower_bound(prefix); it != objects_.end(); ++it) {
        if (std::string_view(it->first).substr(0, prefix.size()) != prefix) break;
        out.push_back({it->first, it->second.size()});
    }
    return out;
}

std::unique_ptr<byte_reader> memory_store::open(std::string_view key) const {
    const auto it = objects_.find(key);
    if (it == objects_.end()) throw io_error("starshift.io.open_failed", key, "no such object in memory");
    return std::make_unique<memory_reader>(it->second, it->first, step_);
}

namespace {
class memory_writer final : public byte_writer {
public:
    memory_writer(std::map<std::string, std::string, std::less<>>& objects, std::string key)
        : objects_(objects), key_(std::move(key)) {}
    void write(const char* data, std::size_t n) override { data_.append(data, n); }
    std::uint64_t finish() override {
        const std::uint64_t n = data_.size();
        objects_[key_] = std::move(data_);
        return n;
    }
    const std::string& name() const noexcept override { return key_; }

private:
    std::map<std::string, std::string, std::less<>>& objects_;
    std::string key_;
    std::string data_;
};
}  // namespace

std::unique_ptr<byte_writer> memory_store::create(std::string_view key) const {
    return std::make_unique<memory_writer>(objects_, std::string(key));
}

void memory_store::remove(std::string_view key) const {
    const auto it = objects_.find(key);
    if (it != objects_.end()) objects_.erase(it);
}

}  // namespace starshift::io
