// Reading many small S3 objects: objects/s and MB/s of io::s3_store's open_sequence at a given number of requests
// in flight, or of the reader it replaced (a thread per object, 8 objects opened ahead). scripts/bench_s3.sh runs it
// against s3rver behind bench/latency_proxy.py.
//
//   bench_s3_read generate --out DIR --songs N
//       Writes N song files like Udacity's sample (the project's generator, seed 7, one day of small logs) under
//       DIR/song_data.
//   bench_s3_read upload --endpoint URL --prefix s3://B/P --from DIR [--count N]
//       PUTs the files under DIR (sorted by path; reused with a numbered name when there are fewer than N) as
//       s3://B/P/<relative path>, N objects (default: all of DIR).
//   bench_s3_read read --endpoint URL --prefix s3://B/P [--concurrency N | --thread-per-object]
//       Lists the prefix and reads every object to its end in listing order; prints one line:
//       "mode=… in_flight=N objects=… bytes=… list_s=… total_s=… objects_per_s=… mb_per_s=… peak_rss_mb=… retries=…"
//       and checks that the objects came in listing order with the listed sizes (exit 1 otherwise).
// Credentials: the AWS environment (s3rver: AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER).
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench_util.hpp"
#include "starshift/io/s3_store.hpp"
#include "starshift/sparkify/datagen.hpp"

namespace fs = std::filesystem;
namespace io = starshift::io;
namespace bench = starshift::bench;

namespace {

void usage() {
    std::cerr << "usage: bench_s3_read generate --out DIR --songs N\n"
                 "       bench_s3_read upload --endpoint URL --prefix s3://B/P --from DIR [--count N]\n"
                 "       bench_s3_read read --endpoint URL --prefix s3://B/P [--concurrency N | --thread-per-object]\n";
}

struct options {
    std::string command, endpoint, prefix, from, out;
    std::uint32_t songs = 2000;
    std::size_t count = 0;
    int concurrency = 64;
    bool thread_per_object = false;
};

options parse(int argc, char** argv) {
    options o;
    if (argc < 2) {
        usage();
        throw std::runtime_error("[starshift.bench.bad_option] give a command: generate, upload or read");
    }
    o.command = argv[1];
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        const auto value = [&] { return bench::option_value<std::runtime_error>(argc, argv, i, usage); };
        if (a == "--endpoint") {
            o.endpoint = value();
        } else if (a == "--prefix") {
            o.prefix = value();
        } else if (a == "--from") {
            o.from = value();
        } else if (a == "--out") {
            o.out = value();
        } else if (a == "--songs") {
            o.songs = static_cast<std::uint32_t>(std::stoul(value()));
        } else if (a == "--count") {
            o.count = std::stoul(value());
        } else if (a == "--concurrency") {
            o.concurrency = std::stoi(value());
        } else if (a == "--thread-per-object") {
            o.thread_per_object = true;
        } else {
            usage();
            throw std::runtime_error("[starshift.bench.bad_option] unknown option " + a);
        }
    }
    if (o.command == "generate") {
        if (o.out.empty()) throw std::runtime_error("[starshift.bench.bad_option] generate needs --out DIR");
        return o;
    }
    if (o.endpoint.empty() || o.prefix.empty() || (o.command == "upload" && o.from.empty())) {
        usage();
        throw std::runtime_error(
            "[starshift.bench.bad_option] --endpoint, --prefix (and for upload --from) are needed");
    }
    while (!o.prefix.empty() && o.prefix.back() == '/') o.prefix.pop_back();
    return o;
}

int generate(const options& o) {
    starshift::sparkify::datagen_options g;
    g.seed = 7;
    g.songs = o.songs;
    g.days = 1;
    g.log_bytes = 100000;
    const auto r = starshift::sparkify::generate(o.out, g, starshift::sparkify::existing_data::replace);
    std::cout << "generated " << r.song_files << " song files (" << r.song_bytes << " bytes) under " << o.out
              << "/song_data\n";
    return 0;
}

int upload(const options& o) {
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(o.from)) {
        if (e.is_regular_file()) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) throw std::runtime_error("[starshift.bench.no_input] no files under " + o.from);
    const std::size_t n = o.count == 0 ? files.size() : o.count;
    io::s3_options so;
    so.endpoint = o.endpoint;
    const io::s3_store store(so);
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> workers;
    std::vector<std::string> errors(8);
    for (std::size_t w = 0; w < errors.size(); ++w) {
        workers.emplace_back([&, w] {
            try {
                for (std::size_t i = next++; i < n; i = next++) {
                    const fs::path& f = files[i % files.size()];
                    std::string rel = fs::relative(f, o.from).generic_string();
                    if (i >= files.size()) rel += "." + std::to_string(i / files.size());
                    std::ifstream in(f, std::ios::binary);
                    std::ostringstream body;
                    body << in.rdbuf();
                    (void)io::write_object(store, o.prefix + "/" + rel, body.str());
                }
            } catch (const std::exception& e) {
                errors[w] = e.what();
            }
        });
    }
    for (auto& t : workers) t.join();
    for (const auto& e : errors) {
        if (!e.empty()) throw std::runtime_error(e);
    }
    std::cout << "uploaded " << n << " objects to " << o.prefix << "/\n";
    return 0;
}

int read(const options& o) {
    io::s3_options so;
    so.endpoint = o.endpoint;
    so.concurrency = o.concurrency;
    const io::s3_store store(so);
    const auto t0 = bench::clock_type::now();
    // The old reader: list(), then object_store's default sequence, open() (a download thread each) 8 objects ahead.
    // The event loop: list_and_open() (each listing page's GETs start while the next page is listed), as a COPY.
    io::listed_objects l = o.thread_per_object ? io::listed_objects{store.list(o.prefix + "/"), nullptr}
                                               : store.list_and_open(o.prefix + "/", 0);
    const double list_s = bench::seconds_since(t0);
    const std::vector<io::object_info>& listed = l.objects;
    const auto sequence = o.thread_per_object ? store.object_store::open_sequence(listed, 8) : std::move(l.sequence);
    std::vector<char> buffer(1U << 20U);
    std::uint64_t bytes = 0;
    bool in_order = true;
    for (const auto& obj : listed) {
        const auto r = sequence->next();
        std::uint64_t size = 0;
        for (std::size_t k = r->read(buffer.data(), buffer.size()); k > 0; k = r->read(buffer.data(), buffer.size())) {
            size += k;
        }
        in_order = in_order && r->name() == obj.key && size == obj.size;
        bytes += size;
    }
    const double total_s = bench::seconds_since(t0);
    std::printf("mode=%s in_flight=%d objects=%zu bytes=%llu list_s=%.3f total_s=%.3f objects_per_s=%.0f "
                "mb_per_s=%.2f peak_rss_mb=%.1f retries=%llu\n",
                o.thread_per_object ? "thread-per-object" : "event-loop", o.thread_per_object ? 8 : o.concurrency,
                listed.size(), static_cast<unsigned long long>(bytes), list_s, total_s,
                static_cast<double>(listed.size()) / total_s, static_cast<double>(bytes) / 1e6 / total_s,
                bench::peak_rss_mb(), static_cast<unsigned long long>(store.retries()));
    if (!in_order || listed.empty()) {
        std::cerr << "[starshift.bench.order_mismatch] objects did not come in listing order with their listed sizes\n";
        return 1;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const options o = parse(argc, argv);
        if (o.command == "generate") return generate(o);
        if (o.command == "upload") return upload(o);
        if (o.command == "read") return read(o);
        usage();
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "bench_s3_read: " << e.what() << "\n";
        return 1;
    }
}
