// A fresh directory under the system's temporary directory, unique to this process and this object (tests run in
// parallel as separate processes), removed with everything in it when the object goes away.
#pragma once

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <unistd.h>

namespace starshift::testing {

class temp_dir {
public:
    explicit temp_dir(const std::string& name = "starshift_test") {
        static std::atomic<unsigned> counter{0};
        path_ = std::filesystem::temp_directory_path() /
                (name + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~temp_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
    [[nodiscard]] std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
    [[nodiscard]] std::string str() const { return path_.string(); }

    // Writes `content` (bytes as given) to the file `rel` below the directory, creating its folders; returns the
    // file's path.
    std::filesystem::path write(const std::string& rel, const std::string& content) const {
        const std::filesystem::path file = path_ / rel;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << content;
        return file;
    }

    // Writes each {rel, content} pair as write() does, in order.
    void write_all(const std::vector<std::pair<std::string, std::string>>& files) const {
        for (const auto& [rel, content] : files) write(rel, content);
    }

private:
    std::filesystem::path path_;
};

}  // namespace starshift::testing
