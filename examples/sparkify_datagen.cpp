// sparkify-datagen: writes Sparkify-format song_data, log_data and log_json_path.json at any scale.
#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>
#include <stdexcept>
#include <string>

#include <boost/program_options.hpp>

#include "starshift/sparkify/config.hpp"
#include "starshift/sparkify/datagen.hpp"

namespace po = boost::program_options;

int main(int argc, char** argv) {
    try {
        std::string out;
        std::string size = "10MB";
        bool force = false;
        starshift::sparkify::datagen_options options;
        po::options_description desc(
            "Usage: sparkify-datagen --out DIR [options]\n"
            "Writes DIR/song_data, DIR/log_data and DIR/log_json_path.json in the format of Udacity's Sparkify\n"
            "sample (s3://udacity-dend). Same options, same bytes.\n"
            "Exit status: 0 success; 1 a failed run; 2 a usage error (e.g. --size 0).\n\nOptions");
        desc.add_options()
            ("help,h", "print this help and exit")
            ("version", "print the version and exit")
            ("out,o", po::value<std::string>(&out), "output directory (created if missing)")
            ("seed", po::value<std::uint64_t>(&options.seed)->default_value(options.seed), "random seed")
            ("size", po::value<std::string>(&size)->default_value(size),
             "target size of log_data: 10MB, 1GB, 1.5GB, 512MiB, or bytes")
            ("days", po::value<std::uint32_t>(&options.days)->default_value(options.days),
             "number of daily log files, from 2018-11-01")
            ("songs", po::value<std::uint32_t>(&options.songs)->default_value(0),
             "song files to write (0: derived from --size)")
            ("users", po::value<std::uint32_t>(&options.users)->default_value(0),
             "distinct users (0: derived from --size)")
            ("unmatched-share", po::value<double>(&options.unmatched_share)->default_value(options.unmatched_share),
             "share of NextSong events whose song is not in song_data")
            ("force", po::bool_switch(&force),
             "replace an earlier generation in DIR (deletes only the files a generation writes)");
        po::variables_map vm;
        po::store(po::parse_command_line(argc, argv, desc), vm);
        po::notify(vm);
        if (vm.count("help") != 0U) {
            std::cout << desc << '\n';
            return 0;
        }
        if (vm.count("version") != 0U) {
            std::cout << "sparkify-datagen (starshift) " << starshift::sparkify::datagen_version << '\n';
            return 0;
        }
        if (out.empty()) {
            std::cerr << "sparkify-datagen: [starshift.cli.bad_option] --out DIR is required (see --help)\n";
            return 2;
        }
        options.log_bytes = starshift::sparkify::size_option(size);
        const auto t0 = std::chrono::steady_clock::now();
        namespace sp = starshift::sparkify;
        const auto r = sp::generate(out, options, force ? sp::existing_data::replace : sp::existing_data::refuse);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("%llu song files, %llu log files, %llu events (%llu NextSong, %llu matched), %llu bytes in %.2f s "
                    "(%.1f MB/s)\n",
                    static_cast<unsigned long long>(r.song_files), static_cast<unsigned long long>(r.log_files),
                    static_cast<unsigned long long>(r.events), static_cast<unsigned long long>(r.next_song_events),
                    static_cast<unsigned long long>(r.matched_events), static_cast<unsigned long long>(r.bytes),
                    seconds, seconds > 0 ? static_cast<double>(r.bytes) / 1e6 / seconds : 0.0);
        return 0;
    } catch (const po::error& e) {
        std::cerr << "sparkify-datagen: [starshift.cli.bad_option] " << e.what() << " (see --help)\n";
        return 2;
    } catch (const std::invalid_argument& e) {  // config_error, and generate()'s datagen_bad_option
        std::cerr << "sparkify-datagen: " << e.what() << '\n';
        return 2;
    } catch (const starshift::sparkify::config_error& e) {
        std::cerr << "sparkify-datagen: " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "sparkify-datagen: " << e.what() << '\n';
        return 1;
    }
}
