// The local file system as an object store: keys are file paths, a prefix is a path prefix (as S3 keys are).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/io/object_store.hpp"

namespace starshift::io {

// list(path) reads a path as a COPY source:
// - a path naming a directory ("dir/log_data", "dir/log_data/", a link to a directory) lists the regular files of
//   its tree, and nothing beside it: dir/log_data.json and dir/log_data.cfg are not read;
// - any other path is a key prefix, as on S3: "dir/log_da" lists "dir/log_data.json", "dir/log_data_old/x" and
//   "dir/log_data/2018/11/a.json" (list_key_prefix()).
// Hidden files and directories (a name starting with '.') are listed too: S3 has no notion of hidden keys, and
// skipping data silently would change row counts. Symbolic links to regular files are followed; links to
// directories inside the tree are not descended (no cycles). Sorted bytewise by path. An unreadable directory
// throws io_error [starshift.io.list_failed]; a path matching nothing lists nothing (the copy engine then fails
// with [starshift.copy.no_files]).
class local_store final : public object_store {
public:
    local_store() = default;
    [[nodiscard]] std::vector<object_info> list(std::string_view path) const override;
    // Every regular file whose path starts with `prefix`, whatever the prefix names (S3's semantics, for stores
    // that map s3:// keys to local folders).
    [[nodiscard]] std::vector<object_info> list_key_prefix(std::string_view prefix) const;
    // Opens a file for streaming reads (1 MB reads, never the whole file). [starshift.io.open_failed]
    [[nodiscard]] std::unique_ptr<byte_reader> open(std::string_view key) const override;
    // Writes to "<path>.starshift-tmp-<n>" beside the file (its directories created), renamed over `path` by
    // finish(). [starshift.io.write_failed]
    [[nodiscard]] std::unique_ptr<byte_writer> create(std::string_view path) const override;
    void remove(std::string_view path) const override;
    // "directory /x/log_data: 30 files" for a directory, else describe_prefix_listing() ("prefix /x/log: 31 files
    // in /x/ (1), /x/log_data/ (30)").
    [[nodiscard]] std::string describe_listing(std::string_view path,
                                               const std::vector<object_info>& listed) const override;
};

// Strips a "file://" scheme if present; other strings are returned unchanged.
[[nodiscard]] std::string local_path_from_uri(std::string_view uri);

}  // namespace starshift::io
