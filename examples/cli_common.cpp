#include "cli_common.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace starshift::examples {

std::optional<std::string> try_read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return s.str();
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("[starshift.cli.io] cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_text(const std::string& path, const std::string& text) {
    const fs::path p(path);
    if (p.has_parent_path()) fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << text;
    if (!out) throw std::runtime_error("[starshift.cli.io] cannot write " + path);
}

std::string shell_quote(const std::string& text) {
    std::string out = "'";
    for (const char ch : text) {
        if (ch == '\'') out += "'\\''";
        else out += ch;
    }
    return out + "'";
}

po::variables_map parse_with_files(int argc, char** argv, const po::options_description& visible,
                                   std::vector<std::string>& files) {
    po::options_description hidden;
    hidden.add_options()("files", po::value<std::vector<std::string>>(&files));
    po::options_description all;
    all.add(visible).add(hidden);
    po::positional_options_description positional;
    positional.add("files", -1);
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
    return vm;
}

std::unique_ptr<io::s3_store> make_s3_store(io::s3_options options) {
    options.on_warning = [](const std::string& w) { std::clog << "[s3] warning: " << w << "\n"; };
    return std::make_unique<io::s3_store>(std::move(options));
}

std::string start_private_postgres(const std::string& dir, const std::string& script_default) {
    const char* env_script = std::getenv("STARSHIFT_PG_SCRIPT");  // NOLINT(concurrency-mt-unsafe)
    const std::string script = env_script ? env_script : script_default;
    if (!fs::exists(script))
        throw std::runtime_error("[starshift.cli.no_pg_script] cannot find " + script +
                                 " to start a private PostgreSQL (set STARSHIFT_PG_SCRIPT)");
    const std::string cmd = "bash '" + script + "' start '" + fs::absolute(dir).string() + "'";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
    if (!pipe) throw std::runtime_error("[starshift.cli.pg_start_failed] cannot run " + script);
    std::string out;
    std::array<char, 512> buf{};
    while (fgets(buf.data(), static_cast<int>(buf.size()), pipe.get())) out += buf.data();
    const int rc = pclose(pipe.release());
    if (rc != 0) throw std::runtime_error("[starshift.cli.pg_start_failed] " + cmd + " failed:\n" + out);
    // The URL is the last non-empty line.
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    const auto nl = out.rfind('\n');
    return nl == std::string::npos ? out : out.substr(nl + 1);
}

}  // namespace starshift::examples
