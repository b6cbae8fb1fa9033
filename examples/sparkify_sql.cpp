// sparkify-sql: prints or writes the SQL of the Sparkify warehouse (DDL, COPY, transforms, checks, queries)
// for Redshift and/or PostgreSQL. `--out DIR` writes DIR/<dialect>/<file>.sql (how sql/ is regenerated).
#include <boost/program_options.hpp>

#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "starshift/sparkify/sql_files.hpp"
#include "starshift/sparkify/warehouse.hpp"
#include "starshift/sql/dialect.hpp"
#include "starshift/version.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

bool write_file(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
    std::string dialect_arg = "all";
    std::string what_arg = "all";
    std::string out_dir;
    po::options_description desc(
        "Usage: sparkify-sql [--dialect redshift|postgres|all] [--out DIR] [--what WHAT]\n"
        "Prints the Sparkify warehouse's SQL, or writes DIR/<dialect>/<file>.sql with --out (how the golden files\n"
        "under sql/ are made). It reads no configuration: the Redshift COPY names the example IAM role\n"
        "arn:aws:iam::123456789012:role/dwhRole (AWS's documentation account) and Udacity's bucket. For your cluster's\n"
        "SQL use `sparkify sql --target redshift` (dwh.cfg, the environment, flags).\n"
        "Exit status: 0 success; 1 a file could not be written; 2 a usage error.\n"
        "Options");
    desc.add_options()("help,h", "show this help and exit")("version", "show the version and exit")(
        "dialect,d", po::value<std::string>(&dialect_arg)->default_value("all"), "redshift, postgres or all")(
        "what,w", po::value<std::string>(&what_arg)->default_value("all"),
        "create, drop, copy (Redshift only), transform, checks, queries or all")(
        "out,o", po::value<std::string>(&out_dir), "write DIR/<dialect>/<file>.sql instead of printing");

    po::variables_map vm;
    try {
        po::store(po::parse_command_line(argc, argv, desc), vm);
        po::notify(vm);
    } catch (const std::exception& e) {
        std::cerr << "sparkify-sql: [starshift.cli.bad_option] " << e.what() << "\n" << desc << "\n";
        return 2;
    }
    if (vm.count("help") != 0U) {
        std::cout << desc << "\n";
        return 0;
    }
    if (vm.count("version") != 0U) {
        std::cout << "sparkify-sql " << starshift::version << "\n";
        return 0;
    }

    std::vector<starshift::sql::dialect> dialects;
    if (dialect_arg == "all") {
        dialects = {starshift::sql::dialect::redshift, starshift::sql::dialect::postgres};
    } else if (auto d = starshift::sql::parse_dialect(dialect_arg)) {
        dialects = {*d};
    } else {
        std::cerr << "sparkify-sql: [starshift.cli.bad_option] unknown --dialect '" << dialect_arg << "' (redshift, postgres or all)\n";
        return 2;
    }

    using starshift::sparkify::sql_file;
    std::vector<sql_file> files;
    if (what_arg == "all") {
        files = starshift::sparkify::all_sql_files();
    } else if (what_arg == "create") {
        files = {sql_file::create_tables};
    } else if (what_arg == "drop") {
        files = {sql_file::drop_tables};
    } else if (auto f = starshift::sparkify::parse_sql_file(what_arg)) {
        files = {*f};
    } else {
        std::cerr << "sparkify-sql: [starshift.cli.bad_option] unknown --what '" << what_arg
                  << "' (create, drop, copy, transform, checks, queries or all)\n";
        return 2;
    }
    if (what_arg == "copy" && dialects.size() == 1 && dialects[0] == starshift::sql::dialect::postgres) {
        std::cerr << "sparkify-sql: [starshift.cli.bad_option] there is no COPY script for PostgreSQL (it loads through the copy engine)\n";
        return 2;
    }

    try {
        // The golden files' placeholders, passed explicitly: Udacity's bucket and the example IAM role.
        starshift::sparkify::options golden;
        golden.credentials = starshift::sparkify::options::default_credentials();
        const starshift::warehouse w = starshift::sparkify::make_warehouse(golden);
        const bool to_stdout = out_dir.empty();
        const bool banners = to_stdout && dialects.size() * files.size() > 1;
        for (auto d : dialects) {
            fs::path dir;
            if (!to_stdout) {
                dir = fs::path(out_dir) / starshift::sql::to_string(d);
                fs::create_directories(dir);
            }
            for (auto f : files) {
                if (!starshift::sparkify::has_sql_file(f, d)) continue;
                const std::string text = starshift::sparkify::render_sql_file(w, f, d);
                if (to_stdout) {
                    if (banners)
                        std::cout << "-- ===== " << starshift::sql::to_string(d) << "/"
                                  << starshift::sparkify::file_name(f) << " =====\n";
                    std::cout << text;
                    if (banners) std::cout << "\n";
                } else {
                    const fs::path path = dir / starshift::sparkify::file_name(f);
                    if (!write_file(path, text)) {
                        std::cerr << "sparkify-sql: [starshift.cli.io] cannot write " << path.string() << "\n";
                        return 1;
                    }
                    std::cerr << "wrote " << path.string() << "\n";
                }
            }
        }
    } catch (const std::exception& e) {
        std::cerr << "sparkify-sql: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
