// Timing and memory probes shared by the benchmark programs (wall clock, process CPU, peak RSS), and reading an
// option's value from their command lines.
#pragma once

#include <sys/resource.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>

namespace starshift::bench {

using clock_type = std::chrono::steady_clock;

inline double seconds_since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

// Resets the peak-RSS mark (Linux >= 4.0); false when not possible.
inline bool reset_peak_rss() {
    std::ofstream f("/proc/self/clear_refs");
    if (!f) {
        return false;
    }
    f << "5";
    f.flush();
    return static_cast<bool>(f);
}

// Peak RSS in MB: VmHWM, or ru_maxrss.
inline double peak_rss_mb() {
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line)) {
        if (line.rfind("VmHWM:", 0) == 0) {
            return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
        }
    }
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

// Process CPU seconds (user + system).
inline double cpu_seconds() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

// The value after the option argv[i] (i moves onto it); when the option is last, calls usage() and throws
// Error("[starshift.bench.bad_option] OPTION needs a value").
template <class Error, class Usage>
std::string option_value(int argc, char** argv, int& i, Usage&& usage) {
    if (i + 1 >= argc) {
        usage();
        throw Error("[starshift.bench.bad_option] " + std::string(argv[i]) + " needs a value");
    }
    return argv[++i];
}

}  // namespace starshift::bench
