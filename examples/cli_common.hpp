// What the programs under examples/ share: reading and writing the files they are given, option parsing with
// positional FILE arguments, an S3 store with console warnings, running a helper script.
#pragma once

#include <boost/program_options.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "starshift/io/s3_store.hpp"

namespace starshift::examples {

// The whole file, or nullopt when it cannot be read.
[[nodiscard]] std::optional<std::string> try_read_text(const std::string& path);
// The whole file; throws std::runtime_error "[starshift.cli.io] cannot read PATH".
[[nodiscard]] std::string read_text(const std::string& path);
// Writes the file (creating its folder); throws std::runtime_error "[starshift.cli.io] cannot write PATH".
void write_text(const std::string& path, const std::string& text);

// 'text' for a POSIX shell.
[[nodiscard]] std::string shell_quote(const std::string& text);

// Parses argv (argv[0] is the command word) with `visible` options and every positional argument in `files`;
// throws boost::program_options::error.
[[nodiscard]] boost::program_options::variables_map parse_with_files(
    int argc, char** argv, const boost::program_options::options_description& visible, std::vector<std::string>& files);

// An S3 store whose warnings go to std::clog as "[s3] warning: …".
[[nodiscard]] std::unique_ptr<io::s3_store> make_s3_store(io::s3_options options);

// Runs `bash SCRIPT start DIR` (scripts/pg.sh; STARSHIFT_PG_SCRIPT overrides `script`) and returns the last line it
// prints: the private PostgreSQL's URL. Throws [starshift.cli.no_pg_script] or [starshift.cli.pg_start_failed].
[[nodiscard]] std::string start_private_postgres(const std::string& dir, const std::string& script);

}  // namespace starshift::examples
