#include "starshift/io/local_store.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <system_error>

namespace starshift::io {

namespace fs = std::filesystem;

namespace {

bool starts_with(std::string_view s, std::string_view p) noexcept {
    return s.size() >= p.size() && s.compare(0, p.size(), p) == 0;
}

class file_reader final : public byte_reader {
public:
    explicit file_reader(std::string path) : path_(std::move(path)) {
        f_ = std::fopen(path_.c_str(), "rb");
        if (f_ == nullptr) {
            throw io_error("starshift.io.open_failed", path_, std::strerror(errno));
        }
        std::setvbuf(f_, nullptr, _IONBF, 0);  // we read in large blocks ourselves
    }
    file_reader(const file_reader&) = delete;
    file_reader& operator=(const file_reader&) = delete;
    ~file_reader() override {
        if (f_ != nullptr) {
            std::fclose(f_);
        }
    }
    std::size_t read(char* buffer, std::size_t n) override {
        const std::size_t got = std::fread(buffer, 1, n, f_);
        if (got < n && std::ferror(f_) != 0) {
            throw io_error("starshift.io.read_failed", path_, std::strerror(errno));
        }
        return got;
    }
    const std::string& name() const noexcept override { return path_; }

private:
    std::string path_;
    std::FILE* f_ = nullptr;
};

class file_writer final : public byte_writer {
public:
    explicit file_writer(std::string path) : path_(std::move(path)) {
        static std::atomic<unsigned> counter{0};
        tmp_ = path_ + ".starshift-tmp-" + std::to_string(counter++);
        std::error_code ec;
        const fs::path parent = fs::path(path_).parent_path();
        if (!parent.empty()) fs::create_directories(parent, ec);
        if (ec) throw io_error("starshift.io.write_failed", path_, ec.message());
        f_ = std::fopen(tmp_.c_str(), "wb");
        if (f_ == nullptr) throw io_error("starshift.io.write_failed", path_, std::strerror(errno));
    }
    file_writer(const file_writer&) = delete;
    file_writer& operator=(const file_writer&) = delete;
    ~file_writer() override {
        if (f_ != nullptr) {
            std::fclose(f_);
            std::remove(tmp_.c_str());
        }
    }
    void write(const char* data, std::size_t n) override {
        if (n > 0 && std::fwrite(data, 1, n, f_) != n)
            throw io_error("starshift.io.write_failed", path_, std::strerror(errno));
        size_ += n;
    }
    std::uint64_t finish() override {
        const int rc = std::fclose(f_);
        f_ = nullptr;
        if (rc != 0 || std::rename(tmp_.c_str(), path_.c_str()) != 0) {
            const std::string why = std::strerror(errno);
            std::remove(tmp_.c_str());
            throw io_error("starshift.io.write_failed", path_, why);
        }
        return size_;
    }
    const std::string& name() const noexcept override { return path_; }

private:
    std::string path_;
    std::string tmp_;
    std::FILE* f_ = nullptr;
    std::uint64_t size_ = 0;
};

void walk(const std::string& dir, std::string_view prefix, std::vector<object_info>& out) {
    std::error_code ec;
    fs::directory_iterator it(dir.empty() ? fs::path(".") : fs::path(dir), ec);
    if (ec) {
        throw io_error("starshift.io.list_failed", dir.empty() ? "." : dir, ec.message());
    }
    for (const fs::directory_iterator end; it != end; it.increment(ec)) {
        if (ec) {
            throw io_error("starshift.io.list_failed", dir, ec.message());
        }
        const std::string name = it->path().filename().string();
        std::string path = dir;
        if (!path.empty() && path.back() != '/') {
            path += '/';
        }
        path += name;
        std::error_code sec;
        const auto st = it->status(sec);          // follows symlinks
        const auto lst = it->symlink_status(sec);  // does not
        if (fs::is_directory(st)) {
            if (fs::is_symlink(lst)) {
                continue;  // never descend through links: no cycles
            }
            const std::string as_dir = path + '/';
            if (starts_with(as_dir, prefix) || starts_with(prefix, as_dir)) {
                walk(path, prefix, out);
            }
        } else if (fs::is_regular_file(st) && starts_with(path, prefix)) {
            const auto size = fs::file_size(it->path(), sec);
            out.push_back({path, sec ? 0U : static_cast<std::uint64_t>(size)});
        }
    }
}

}  // namespace

std::string local_path_from_uri(std::string_view uri) {
    constexpr std::string_view scheme = "file://";
    if (starts_with(uri, scheme)) {
        uri.remove_prefix(scheme.size());
    }
    return std::string(uri);
}

namespace {
// The path of a COPY source naming a directory, with its '/'; std::nullopt for any other path.
std::optional<std::string> as_directory(std::string_view source) {
    std::string path = local_path_from_uri(source);
    std::error_code ec;
    if (path.empty() || !fs::is_directory(path, ec)) return std::nullopt;
    if (path.back() != '/') path += '/';
    return path;
}
}  // namespace

std::vector<object_info> local_store::list(std::string_view path) const {
    const auto dir = as_directory(path);
    return list_key_prefix(dir ? std::string_view(*dir) : path);
}

std::vector<object_info> local_store::list_key_prefix(std::string_view prefix_in) const {
    const std::string prefix = local_path_from_uri(prefix_in);
    std::vector<object_info> out;
    if (prefix.empty()) {
        throw io_error("starshift.io.list_failed", "(empty prefix)", "a COPY source needs a path");
    }
    // Walk the directory that holds the prefix's last component, filtering by the prefix.
    std::string dir;
    const auto slash = prefix.rfind('/');
    if (slash != std::string::npos) {
        dir = prefix.substr(0, slash == 0 ? 1 : slash);
    }
    std::error_code ec;
    if (!dir.empty() && !fs::is_directory(dir, ec)) {
        return out;  // nothing can match
    }
    walk(dir, prefix, out);
    std::sort(out.begin(), out.end(), [](const object_info& a, const object_info& b) { return a.key < b.key; });
    return out;
}

std::string local_store::describe_listing(std::string_view path, const std::vector<object_info>& listed) const {
    if (as_directory(path)) {
        return "directory " + std::string(path) + ": " + file_count(listed.size());
    }
    return describe_prefix_listing(path, listed);
}

std::unique_ptr<byte_reader> local_store::open(std::string_view key) const {
    return std::make_unique<file_reader>(local_path_from_uri(key));
}

std::unique_ptr<byte_writer> local_store::create(std::string_view path) const {
    return std::make_unique<file_writer>(local_path_from_uri(path));
}

void local_store::remove(std::string_view path) const {
    std::error_code ec;
    fs::remove(fs::path(local_path_from_uri(path)), ec);
    if (ec) throw io_error("starshift.io.write_failed", path, "cannot delete: " + ec.message());
}

}  // namespace starshift::io
