#include "starshift/io/object_store.hpp"

#include <algorithm>
#include <deque>
#include <map>

namespace starshift::io {

std::string file_count(std::size_t n) { return std::to_string(n) + (n == 1 ? " file" : " files"); }

bool read_object(const object_store& store, std::string_view key, std::size_t max_bytes, std::string& out) {
    auto r = store.open(key);
    out.clear();
    char buf[64 * 1024];
    for (std::size_t n = r->read(buf, sizeof buf); n > 0; n = r->read(buf, sizeof buf)) {
        out.append(buf, n);
        if (out.size() > max_bytes) {
            return false;
        }
    }
    return true;
}

io_error::io_error(std::string id, std::string_view object, std::string_view detail)
    : error(std::move(id), std::string(object) + ": " + std::string(detail)) {}

std::unique_ptr<byte_writer> object_store::create(std::string_view key) const {
    throw io_error("starshift.io.read_only", key, "this object store cannot write objects");
}

void object_store::remove(std::string_view key) const {
    throw io_error("starshift.io.read_only", key, "this object store cannot delete objects");
}

std::uint64_t write_object(const object_store& store, std::string_view key, std::string_view data) {
    auto w = store.create(key);
    w->write(data.data(), data.size());
    return w->finish();
}

namespace {

// open() of each object `ahead` objects before it is read (an S3 object starts downloading when opened).
class open_ahead_sequence final : public object_sequence {
public:
    open_ahead_sequence(const object_store& store, std::vector<object_info> objects, std::size_t ahead)
        : store_(store), objects_(std::move(objects)), ahead_(std::max<std::size_t>(1, ahead)) {}
    std::unique_ptr<byte_reader> next() override {
        while (next_to_open_ < objects_.size() && opened_.size() < ahead_) {
            opened_.push_back(store_.open(objects_[next_to_open_++].key));
        }
        if (opened_.empty()) return nullptr;
        auto r = std::move(opened_.front());
        opened_.pop_front();
        return r;
    }

private:
    const object_store& store_;
    std::vector<object_info> objects_;
    std::size_t ahead_;
    std::size_t next_to_open_ = 0;
    std::deque<std::unique_ptr<byte_reader>> opened_;
};

}  // namespace

std::unique_ptr<object_sequence> object_store::open_sequence(std::vector<object_info> objects,
                                                             std::size_t ahead) const {
    return std::make_unique<open_ahead_sequence>(*this, std::move(objects), ahead);
}

listed_objects object_store::list_and_open(std::string_view prefix, std::size_t ahead) const {
    listed_objects out;
    out.objects = list(prefix);
    out.sequence = open_sequence(out.objects, ahead);
    return out;
}

std::string object_store::describe_listing(std::string_view prefix, const std::vector<object_info>& listed) const {
    return describe_prefix_listing(prefix, listed);
}

std::string_view prefix_folder(std::string_view prefix, std::string_view key) noexcept {
    if (key.size() < prefix.size()) return {};
    const auto slash = key.find('/', prefix.size());
    return slash == std::string_view::npos ? std::string_view{} : key.substr(0, slash + 1);
}

std::string describe_prefix_listing(std::string_view prefix, const std::vector<object_info>& listed) {
    if (!prefix.empty() && prefix.back() == '/') {
        return "folder " + std::string(prefix) + ": " + file_count(listed.size());
    }
    std::string out = "prefix " + std::string(prefix) + ": " + file_count(listed.size());
    if (listed.empty()) return out;
    const auto last_slash = prefix.rfind('/');
    const std::string_view own = last_slash == std::string_view::npos ? std::string_view("./")
                                                                       : prefix.substr(0, last_slash + 1);
    std::map<std::string_view, std::size_t> folders;
    for (const auto& o : listed) {
        const std::string_view f = prefix_folder(prefix, o.key);
        ++folders[f.empty() ? own : f];
    }
    out += " in ";
    constexpr std::size_t shown = 4;
    std::size_t i = 0;
    for (const auto& [folder, n] : folders) {
        if (i == shown) {
            out += ", and " + std::to_string(folders.size() - shown) + " more folders";
            break;
        }
        out += (i++ == 0 ? "" : ", ") + std::string(folder);
        if (folders.size() > 1) out += " (" + std::to_string(n) + ")";
    }
    return out;
}

}  // namespace starshift::io
