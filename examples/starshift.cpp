// starshift: reads Redshift SQL scripts (CREATE TABLE, COPY) into the model.
//   starshift check FILE…                                  parse and validate; print each problem; exit 1 if any
//   starshift render --dialect redshift|postgres FILE…     print the DDL (and, for Redshift, COPY) in that dialect
#include <boost/program_options.hpp>

#include <algorithm>
#include <exception>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "starshift/parse/parser.hpp"
#include "starshift/sql/dialect.hpp"
#include "starshift/sql/render.hpp"
#include "starshift/version.hpp"

namespace po = boost::program_options;
namespace sp = starshift::parse;

namespace {

bool read_file(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream s;
    s << in.rdbuf();
    out = s.str();
    return !in.bad();
}

int check(const std::vector<std::string>& files) {
    std::vector<sp::parsed_statement> all;
    std::vector<sp::diagnostic> problems;
    for (const auto& f : files) {
        std::string text;
        if (!read_file(f, text)) {
            problems.push_back({f, 1, 1, "starshift.parse.io", "cannot read the file"});
            continue;
        }
        sp::check_result r = sp::check_script(text, {f, true, {}});
        for (auto& p : r.problems) problems.push_back(std::move(p));
        for (auto& s : r.statements) all.push_back(std::move(s));
    }
    for (auto& p : sp::check_copies(all)) problems.push_back(std::move(p));
    // Report in file order (as given), then by position.
    auto file_index = [&](const std::string& f) {
        return static_cast<std::size_t>(std::find(files.begin(), files.end(), f) - files.begin());
    };
    std::stable_sort(problems.begin(), problems.end(), [&](const sp::diagnostic& a, const sp::diagnostic& b) {
        const auto fa = file_index(a.file), fb = file_index(b.file);
        if (fa != fb) return fa < fb;
        if (a.line != b.line) return a.line < b.line;
        return a.column < b.column;
    });
    for (const auto& p : problems) std::cout << p.to_string() << "\n";
    std::size_t tables = 0, copies = 0, other = 0;
    for (const auto& s : all) {
        if (s.as_table()) ++tables;
        else if (s.as_copy()) ++copies;
        else ++other;
    }
    std::cerr << "starshift check: " << files.size() << " file(s), " << tables << " CREATE TABLE, " << copies
              << " COPY, " << other << " other statement(s), " << problems.size() << " problem(s)\n";
    return problems.empty() ? 0 : 1;
}

int render(const std::vector<std::string>& files, starshift::sql::dialect d, bool reveal) {
    std::string out;
    for (const auto& f : files) {
        std::string text;
        if (!read_file(f, text)) {
            std::cerr << f << ":1:1: [starshift.parse.io] cannot read the file\n";
            return 1;
        }
        std::vector<sp::parsed_statement> statements;
        try {
            statements = sp::parse_script(text, {f, true, {}});
        } catch (const sp::parse_error& e) {
            std::cerr << e.what() << "\n";
            return 1;
        }
        for (const auto& s : statements) {
            if (const auto* t = s.as_table()) {
                for (const auto& stmt : starshift::sql::create_table(*t, d)) out += stmt + "\n\n";
            } else if (const auto* c = s.as_copy()) {
                // PostgreSQL has no server-side COPY from S3: the client-side copy engine runs it (`starshift run`).
                if (d == starshift::sql::dialect::redshift)
                    out += starshift::sql::copy_command(*c, reveal ? starshift::sql::secrets::reveal
                                                                   : starshift::sql::secrets::mask) +
                           "\n\n";
            } else if (const auto* u = s.as_unsupported()) {
                out += u->text + ";\n\n";
            }
        }
    }
    std::cout << out;
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::string command;
    std::vector<std::string> files;
    std::string dialect_arg = "redshift";
    po::options_description visible(
        "Usage: starshift check FILE...\n"
        "       starshift render [--dialect redshift|postgres] FILE...\n"
        "Reads Redshift SQL scripts (CREATE TABLE and COPY into starshift's model; other statements kept as text).\n"
        "  check   parse and validate every statement, COPY against the CREATE TABLEs of all FILEs; print each\n"
        "          problem as file:line:column: [id] message; exit status 1 if there is any\n"
        "  render  print the tables' DDL in the dialect (and the COPY statements for Redshift, secrets masked)\n"
        "Options");
    visible.add_options()("help,h", "show this help and exit")("version", "show the version and exit")(
        "dialect,d", po::value<std::string>(&dialect_arg)->default_value("redshift"),
        "render: redshift or postgres")("reveal-secrets", "render: write access keys and tokens instead of ***");
    po::options_description hidden;
    hidden.add_options()("command", po::value<std::string>(&command))(
        "files", po::value<std::vector<std::string>>(&files));
    po::options_description all;
    all.add(visible).add(hidden);
    po::positional_options_description positional;
    positional.add("command", 1).add("files", -1);

    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const std::exception& e) {
        std::cerr << "starshift: " << e.what() << "\n" << visible << "\n";
        return 2;
    }
    if (vm.count("help") != 0U) {
        std::cout << visible << "\n";
        return 0;
    }
    if (vm.count("version") != 0U) {
        std::cout << "starshift " << starshift::version << "\n";
        return 0;
    }
    if (command.empty() || files.empty()) {
        std::cerr << "starshift: give a command (check or render) and at least one FILE\n" << visible << "\n";
        return 2;
    }
    try {
        if (command == "check") return check(files);
        if (command == "render") {
            const auto d = starshift::sql::parse_dialect(dialect_arg);
            if (!d) {
                std::cerr << "starshift: unknown dialect '" << dialect_arg << "' (redshift or postgres)\n";
                return 2;
            }
            return render(files, *d, vm.count("reveal-secrets") != 0U);
        }
        if (command == "run") {
            std::cerr << "starshift: 'run' is not implemented yet (see docs/parse.md)\n";
            return 2;
        }
    } catch (const std::exception& e) {
        std::cerr << "starshift: " << e.what() << "\n";
        return 1;
    }
    std::cerr << "starshift: unknown command '" << command << "' (check or render)\n";
    return 2;
}
