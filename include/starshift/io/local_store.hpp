// The local file system as an object store: keys are file paths, a prefix is a path prefix (as S3 keys are).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/io/object_store.hpp"

namespace starshift::io {

// list("dir/log_data") returns every regular file whose path starts with "dir/log_data" — "dir/log_data.json",
// "dir/log_data_old/x", "dir/log_data/2018/11/a.json" — like an S3 key prefix; a directory path ("dir/song_data"
// or "dir/song_data/") therefore lists its whole tree. Hidden files and directories (a name starting with '.')
// are listed too: S3 has no notion of hidden keys, and skipping data silently would change row counts.
// Symbolic links to regular files are followed; links to directories are not descended (no cycles).
// Sorted bytewise by path. An unreadable directory throws io_error [starshift.io.list_failed].
class local_store final : public object_store {
public:
    local_store() = default;
    [[nodiscard]] std::vector<object_info> list(std::string_view prefix) const override;
    // Opens a file for streaming reads (1 MB reads, never the whole file). [starshift.io.open_failed]
    [[nodiscard]] std::unique_ptr<byte_reader> open(std::string_view key) const override;
};

// Strips a "file://" scheme if present; other strings are returned unchanged.
[[nodiscard]] std::string local_path_from_uri(std::string_view uri);

}  // namespace starshift::io
