// s3_store against s3rver on 127.0.0.1 (started by the CTest fixture s3rver, see tests/s3/): listing with
// pagination, streamed GET, HEAD, compressed objects, manifests, wrong credentials, retries through a
// fault-injecting proxy, and the copy engine reading the Sparkify sample from S3 exactly as from a directory.
#include <doctest/doctest.h>

#include <curl/curl.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <string>
#include <vector>

#include "starshift/copy/copy_encoder.hpp"
#include "starshift/copy/unload_writer.hpp"
#include "starshift/io/decompress.hpp"
#include "starshift/io/local_store.hpp"
#include "starshift/io/manifest.hpp"
#include "starshift/io/s3_store.hpp"
#include "starshift/parse/parser.hpp"
#include "starshift/sparkify/warehouse.hpp"
#include "support/compress.hpp"

namespace io = starshift::io;

namespace {

using starshift::testing::gzip;
using starshift::testing::zstd;
using starshift::testing::bzip2;

std::string endpoint() {
    std::ifstream f(STARSHIFT_S3RVER_STATE "/port");
    int port = 0;
    f >> port;
    REQUIRE_MESSAGE(port > 0, "s3rver is not running: run through ctest (fixture s3/s3rver_start)");
    return "http://127.0.0.1:" + std::to_string(port);
}

io::s3_options options(const std::string& ep) {
    io::s3_options o;
    o.endpoint = ep;
    o.region = "us-east-1";
    o.credentials.access_key_id = "S3RVER";
    o.credentials.secret_access_key = "S3RVER";
    o.initial_backoff = std::chrono::milliseconds(10);
    o.env = [](const std::string&) { return std::optional<std::string>{}; };
    return o;
}

// PUT through libcurl, signed like the store's requests (test fixture data only).
void put(const std::string& ep, const std::string& bucket, const std::string& key, const std::string& body) {
    CURL* c = curl_easy_init();
    REQUIRE(c != nullptr);
    std::string url = ep + "/" + bucket + "/";
    for (const char ch : key) {
        const auto u = static_cast<unsigned char>(ch);
        if (std::isalnum(u) != 0 || ch == '/' || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
            url += ch;
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", u);
            url += hex;
        }
    }
    curl_slist* h = curl_slist_append(nullptr, "x-amz-content-sha256: UNSIGNED-PAYLOAD");
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_AWS_SIGV4, "aws:amz:us-east-1:s3");
    curl_easy_setopt(c, CURLOPT_USERPWD, "S3RVER:S3RVER");
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "PUT");
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, +[](char*, size_t, size_t n, void*) -> size_t { return n; });
    const CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    REQUIRE_MESSAGE(rc == CURLE_OK, url);
    REQUIRE_MESSAGE(status == 200, url << " HTTP " << status);
}

std::string read_all(io::byte_reader& r, std::size_t step = 1000) {
    std::string out;
    std::vector<char> buf(step);
    for (;;) {
        const std::size_t n = r.read(buf.data(), buf.size());
        if (n == 0) {
            return out;
        }
        out.append(buf.data(), n);
    }
}

std::string pseudo_random_text(std::size_t n) {
    std::string s;
    s.reserve(n);
    std::uint32_t x = 2463534242U;
    while (s.size() < n) {
        x ^= x << 13U;
        x ^= x >> 17U;
        x ^= x << 5U;
        s += static_cast<char>('a' + x % 26U);
        if (x % 61U == 0) {
            s += '\n';
        }
    }
    return s;
}

// The fault proxy (tests/s3/fault_proxy.py) in front of s3rver; stops when destroyed (its stdin closes).
class fault_proxy {
public:
    fault_proxy(const std::string& upstream, const std::string& args) {
        const std::string port = upstream.substr(upstream.rfind(':') + 1);
        const std::string cmd = "python3 " STARSHIFT_FAULT_PROXY " " + port + " " + args + " > " + out_file();
        pipe_ = ::popen(cmd.c_str(), "w");
        REQUIRE(pipe_ != nullptr);
        for (int i = 0; i < 200 && port_.empty(); ++i) {
            std::ifstream f(out_file());
            std::string line;
            if (std::getline(f, line) && line.rfind("port=", 0) == 0) {
                port_ = line.substr(5);
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        REQUIRE_MESSAGE(!port_.empty(), "fault_proxy.py did not start");
    }
    ~fault_proxy() {
        ::pclose(pipe_);
        std::remove(out_file().c_str());
    }
    fault_proxy(const fault_proxy&) = delete;
    fault_proxy& operator=(const fault_proxy&) = delete;
    [[nodiscard]] std::string endpoint() const { return "http://127.0.0.1:" + port_; }

private:
    [[nodiscard]] std::string out_file() const {
        return STARSHIFT_S3RVER_STATE "/proxy-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)) + ".out";
    }
    FILE* pipe_ = nullptr;
    std::string port_;
};

}  // namespace

TEST_CASE("s3rver list paginates past 1000 keys") {
    const std::string ep = endpoint();
    for (int i = 0; i < 1050; ++i) {
        char key[64];
        std::snprintf(key, sizeof key, "many/part-%05d.json", i);
        put(ep, "starshift-test", key, "{\"i\":" + std::to_string(i) + "}\n");
    }
    put(ep, "starshift-test", "many_other/x.json", "{}\n");
    std::vector<std::string> warnings;
    auto o = options(ep);
    o.on_warning = [&warnings](const std::string& w) { warnings.push_back(w); };
    const io::s3_store store(o);
    const auto all = store.list("s3://starshift-test/many/");
    REQUIRE(all.size() == 1050);
    CHECK(all.front().key == "s3://starshift-test/many/part-00000.json");
    CHECK(all.back().key == "s3://starshift-test/many/part-01049.json");
    CHECK(all[7].size == std::string("{\"i\":7}\n").size());
    for (std::size_t i = 1; i < all.size(); ++i) {
        REQUIRE(all[i - 1].key < all[i].key);
    }
    CHECK(warnings.empty());

    // Smaller pages, and Redshift's prefix semantics with its warning.
    o.list_page_size = 100;
    const io::s3_store small_pages(o);
    const auto both = small_pages.list("s3://starshift-test/many");
    CHECK(both.size() == 1051);
    CHECK(both.back().key == "s3://starshift-test/many_other/x.json");
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].find("[starshift.io.s3_prefix_spans_folders]") == 0);
    CHECK(small_pages.list("s3://starshift-test/nothing-here/").empty());
}

TEST_CASE("s3rver get streams objects and head gives sizes") {
    const std::string ep = endpoint();
    const std::string big = pseudo_random_text(3U << 20U);
    put(ep, "starshift-test", "get/big.txt", big);
    put(ep, "starshift-test", "get/dir with space/é.txt", "unicode key\n");
    auto o = options(ep);
    o.read_ahead_bytes = 64 * 1024;
    const io::s3_store store(o);
    auto r = store.open("s3://starshift-test/get/big.txt");
    CHECK(r->name() == "s3://starshift-test/get/big.txt");
    CHECK(read_all(*r, 777) == big);
    CHECK(store.size("s3://starshift-test/get/big.txt") == std::optional<std::uint64_t>(big.size()));
    CHECK_FALSE(store.size("s3://starshift-test/get/absent.txt"));
    auto u = store.open("s3://starshift-test/get/dir with space/é.txt");
    CHECK(read_all(*u) == "unicode key\n");
    CHECK(store.get_range("s3://starshift-test/get/big.txt", 10, 19) == big.substr(10, 10));
    // Abandoning a reader mid-object stops its download thread.
    {
        auto partial = store.open("s3://starshift-test/get/big.txt");
        char buf[100];
        CHECK(partial->read(buf, sizeof buf) > 0);
    }
    auto missing = store.open("s3://starshift-test/get/absent.txt");
    char buf[16];
    CHECK_THROWS_WITH_AS((void)missing->read(buf, sizeof buf),
                         doctest::Contains("[starshift.io.s3_not_found] s3://starshift-test/get/absent.txt"),
                         io::io_error);
    CHECK_THROWS_WITH_AS((void)store.list("s3://no-such-bucket/x"), doctest::Contains("no-such-bucket"), io::io_error);
}

TEST_CASE("s3rver gzip zstd and bzip2 objects decompress while streaming") {
    const std::string ep = endpoint();
    const std::string text = pseudo_random_text(700000);
    put(ep, "starshift-test", "z/a.json.gz", gzip(text));
    put(ep, "starshift-test", "z/a.json.zst", zstd(text));
    put(ep, "starshift-test", "z/a.json.bz2", bzip2(text));
    const io::s3_store store(options(ep));
    using starshift::compression;
    CHECK(read_all(*io::make_decompressing_reader(store.open("s3://starshift-test/z/a.json.gz"), compression::gzip)) ==
          text);
    CHECK(read_all(*io::make_decompressing_reader(store.open("s3://starshift-test/z/a.json.zst"), compression::zstd)) ==
          text);
    CHECK(read_all(*io::make_decompressing_reader(store.open("s3://starshift-test/z/a.json.bz2"), compression::bzip2)) ==
          text);
}

TEST_CASE("s3rver manifests skip missing optional entries and fail on missing mandatory ones") {
    const std::string ep = endpoint();
    put(ep, "starshift-test", "m/a.json", "{\"a\":1}\n");
    put(ep, "starshift-test", "m/ab.json", "{\"a\":2}\n");
    put(ep, "starshift-test", "m/optional.manifest",
        R"({"entries":[{"url":"s3://starshift-test/m/a.json","mandatory":true},)"
        R"({"url":"s3://starshift-test/m/gone.json","mandatory":false}]})");
    put(ep, "starshift-test", "m/mandatory.manifest",
        R"({"entries":[{"url":"s3://starshift-test/m/a.json","mandatory":true},)"
        R"({"url":"s3://starshift-test/m/gone.json","mandatory":true}]})");
    put(ep, "starshift-test", "m/empty.manifest", R"({"entries":[{"url":"s3://starshift-test/m/gone.json"}]})");
    const io::s3_store store(options(ep));
    std::vector<std::string> log;
    auto logger = [&log](const std::string& s) { log.push_back(s); };
    const auto files = io::read_manifest(store, "s3://starshift-test/m/optional.manifest", logger);
    REQUIRE(files.size() == 1);
    CHECK(files[0].key == "s3://starshift-test/m/a.json");
    REQUIRE(log.size() == 1);
    CHECK(log[0].find("s3://starshift-test/m/gone.json") != std::string::npos);
    CHECK_THROWS_WITH_AS((void)io::read_manifest(store, "s3://starshift-test/m/mandatory.manifest", logger),
                         doctest::Contains("[starshift.io.manifest_missing_file]"), io::io_error);
    CHECK_THROWS_WITH_AS((void)io::read_manifest(store, "s3://starshift-test/m/empty.manifest", logger),
                         doctest::Contains("[starshift.io.manifest_no_files]"), io::io_error);
}

TEST_CASE("s3rver rejects unknown credentials with a clear error") {
    const std::string ep = endpoint();
    auto o = options(ep);
    o.credentials.access_key_id = "AKIAWRONGWRONGWRONG1";
    o.credentials.secret_access_key = "do-not-print-this-secret";
    const io::s3_store store(o);
    std::string message;
    try {
        (void)store.list("s3://starshift-test/many/");
    } catch (const io::io_error& e) {
        CHECK(e.id() == "starshift.io.s3_access_denied");
        message = e.what();
    }
    CHECK(message.find("InvalidAccessKeyId") != std::string::npos);
    CHECK(message.find("bucket starshift-test") != std::string::npos);
    CHECK(message.find("do-not-print-this-secret") == std::string::npos);
}

TEST_CASE("s3 retries through the fault proxy") {
    const std::string ep = endpoint();
    const std::string big = pseudo_random_text(2U << 20U);
    put(ep, "starshift-test", "fault/big.txt", big);
    SUBCASE("500 once then success") {
        const fault_proxy proxy(ep, "--fail-first 1");
        std::vector<std::string> warnings;
        auto o = options(proxy.endpoint());
        o.on_warning = [&warnings](const std::string& w) { warnings.push_back(w); };
        const io::s3_store store(o);
        const auto files = store.list("s3://starshift-test/fault/");
        REQUIRE(files.size() == 1);
        REQUIRE(warnings.size() == 1);
        CHECK(warnings[0].find("[starshift.io.s3_retry]") == 0);
        CHECK(warnings[0].find("HTTP 500") != std::string::npos);
    }
    SUBCASE("a connection dropped mid-body resumes with a Range request") {
        const fault_proxy proxy(ep, "--drop-after 300000 --drop-times 2");
        std::vector<std::string> warnings;
        auto o = options(proxy.endpoint());
        o.on_warning = [&warnings](const std::string& w) { warnings.push_back(w); };
        const io::s3_store store(o);
        CHECK(read_all(*store.open("s3://starshift-test/fault/big.txt"), 4096) == big);
        REQUIRE(warnings.size() == 2);
        CHECK(warnings[0].find("after 300000 bytes") != std::string::npos);
    }
    SUBCASE("retries are bounded") {
        const fault_proxy proxy(ep, "--fail-first 100");
        auto o = options(proxy.endpoint());
        o.max_attempts = 3;
        const io::s3_store store(o);
        CHECK_THROWS_WITH_AS((void)store.list("s3://starshift-test/fault/"),
                             doctest::Contains("after 3 attempts"), io::io_error);
    }
}

TEST_CASE("copy engine reads the sparkify sample from s3rver exactly as from a directory") {
    namespace fs = std::filesystem;
    const fs::path data = STARSHIFT_SHARED_DATA_DIR "/sparkify";
    if (!fs::exists(data / "log_json_path.json")) {
        MESSAGE("sparkify sample data absent (" << data.string() << "): skipped");
        return;
    }
    const std::string ep = endpoint();
    for (const auto& e : fs::recursive_directory_iterator(data)) {
        if (!e.is_regular_file() || e.path().filename() == "SOURCE.md") {
            continue;
        }
        std::ifstream in(e.path(), std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        put(ep, "udacity-dend", fs::relative(e.path(), data).generic_string(), ss.str());
    }
    starshift::sparkify::options local_opts;
    local_opts.log_data = (data / "log_data").string();
    local_opts.log_jsonpath = (data / "log_json_path.json").string();
    local_opts.song_data = (data / "song_data").string();
    const auto local_wh = starshift::sparkify::make_warehouse(local_opts);
    const auto s3_wh = starshift::sparkify::make_warehouse();  // s3://udacity-dend/… as in the seed's dwh.cfg
    const io::s3_store store(options(ep));
    REQUIRE(local_wh.copies.size() == s3_wh.copies.size());
    for (std::size_t i = 0; i < s3_wh.copies.size(); ++i) {
        const auto& spec = s3_wh.copies[i];
        const auto* target = s3_wh.find(spec.table);
        REQUIRE(target != nullptr);
        auto run = [target](const starshift::copy_spec& s, const io::object_store* st) {
            starshift::copy::copy_options co;
            co.store = st;
            starshift::copy::copy_encoder enc(s, *target, co);
            std::string all;
            enc.run([&all](std::string& chunk) { all += chunk; }, nullptr);
            return std::make_pair(all, enc.stats().rows_loaded);
        };
        const auto from_s3 = run(spec, &store);
        const auto from_dir = run(local_wh.copies[i], nullptr);
        CHECK(from_s3.second > 0);
        CHECK(from_s3.second == from_dir.second);
        CHECK(from_s3.first == from_dir.first);
    }
}

// UNLOAD's writes: PUT, multipart upload (parts of s3_options::multipart_part_bytes), abort, DELETE.
// https://docs.aws.amazon.com/redshift/latest/dg/r_UNLOAD.html
TEST_CASE("s3rver put multipart upload abort and delete") {
    const std::string ep = endpoint();
    auto o = options(ep);
    o.multipart_part_bytes = 5U << 20U;  // S3's smallest part
    const io::s3_store store(o);
    CHECK(io::write_object(store, "s3://starshift-test/put/small.txt", "one PUT\n") == 8);
    auto small = store.open("s3://starshift-test/put/small.txt");
    CHECK(read_all(*small) == "one PUT\n");

    const std::string big = pseudo_random_text(12U << 20U);  // three parts: 5 + 5 + 2 MiB
    {
        auto w = store.create("s3://starshift-test/put/big.txt");
        for (std::size_t at = 0; at < big.size(); at += 777777)
            w->write(big.data() + at, std::min<std::size_t>(777777, big.size() - at));
        CHECK(w->finish() == big.size());
    }
    auto r = store.open("s3://starshift-test/put/big.txt");
    CHECK(read_all(*r, 1 << 16) == big);

    {  // abandoned after one part was uploaded: the multipart upload is aborted, no object appears
        auto w = store.create("s3://starshift-test/put/abandoned.txt");
        w->write(big.data(), 6U << 20U);
    }
    CHECK_FALSE(store.size("s3://starshift-test/put/abandoned.txt"));

    store.remove("s3://starshift-test/put/small.txt");
    CHECK_FALSE(store.size("s3://starshift-test/put/small.txt"));
    CHECK(store.size("s3://starshift-test/put/big.txt") == std::optional<std::uint64_t>(big.size()));
}

TEST_CASE("s3rver unload writer files read back through the copy engine's readers") {
    const io::s3_store store(options(endpoint()));
    const starshift::unload_spec spec = starshift::parse::parse_unload(
        "unload ('select * from t') to 's3://starshift-test/unload/t_' "
        "iam_role 'arn:aws:iam::0123456789012:role/R' gzip manifest;");
    const std::vector<starshift::copy::unload_column> cols = {
        {"id", "integer", starshift::copy::unload_column::kind::number},
        {"name", "character varying(20)", starshift::copy::unload_column::kind::character}};
    {
        starshift::copy::unload_writer w(spec, cols, store);
        for (int i = 0; i < 10; ++i) {
            const std::string id = std::to_string(i);
            w.add({std::string_view(id), std::string_view()});
        }
        const auto result = w.finish();
        CHECK(result.files.size() == 4);
        CHECK(result.files[0].key == "s3://starshift-test/unload/t_0000_part_00.gz");
    }
    auto gz = io::make_decompressing_reader(store.open("s3://starshift-test/unload/t_0001_part_00.gz"),
                                            starshift::compression::gzip);
    CHECK(read_all(*gz) == "1|\n5|\n9|\n");
    auto manifest = store.open("s3://starshift-test/unload/t_manifest");
    CHECK(read_all(*manifest).find("{\"url\":\"s3://starshift-test/unload/t_0003_part_00.gz\"}") != std::string::npos);
    // Without ALLOWOVERWRITE the second UNLOAD to the same prefix fails before writing anything.
    CHECK_THROWS_WITH_AS(starshift::copy::unload_writer(spec, cols, store),
                         doctest::Contains("[starshift.unload.would_overwrite]"), starshift::copy::unload_error);
}

// open_sequence: many GETs in flight on one event loop, handed out in the order given.
namespace {

// n objects seq/<name>/o00.txt, … of `size` bytes each (distinct contents); returns their contents in key order.
std::vector<std::string> put_objects(const std::string& ep, const std::string& name, std::size_t n,
                                     std::size_t size) {
    std::vector<std::string> bodies;
    for (std::size_t i = 0; i < n; ++i) {
        std::string body = "object " + std::to_string(i) + "\n" + pseudo_random_text(size);
        body.resize(size);
        char key[64];
        std::snprintf(key, sizeof key, "seq/%s/o%02zu.txt", name.c_str(), i);
        put(ep, "starshift-test", key, body);
        bodies.push_back(std::move(body));
    }
    return bodies;
}

// Reads every object of the sequence in order: names and contents.
std::vector<std::pair<std::string, std::string>> read_sequence(io::object_sequence& seq) {
    std::vector<std::pair<std::string, std::string>> out;
    while (auto r = seq.next()) {
        std::string body = read_all(*r, 777);
        out.emplace_back(r->name(), std::move(body));
    }
    return out;
}

void check_in_order(const std::vector<std::pair<std::string, std::string>>& got,
                    const std::vector<io::object_info>& listed, const std::vector<std::string>& bodies) {
    REQUIRE(got.size() == listed.size());
    REQUIRE(got.size() == bodies.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        CHECK(got[i].first == listed[i].key);
        CHECK(got[i].second == bodies[i]);
    }
}

}  // namespace

TEST_CASE("s3 sequence hands objects over in listing order whatever order they finish in") {
    const std::string ep = endpoint();
    const auto bodies = put_objects(ep, "order", 12, 3000);
    // The first objects answer last: o00 after 600 ms, o01 after 400 ms, o02 after 200 ms, the others at once.
    const fault_proxy proxy(ep, "--delay-path o00.txt=600 --delay-path o01.txt=400 --delay-path o02.txt=200");
    for (const int in_flight : {1, 4, 64}) {
        CAPTURE(in_flight);
        auto o = options(proxy.endpoint());
        o.concurrency = in_flight;
        const io::s3_store store(o);
        const auto listed = store.list("s3://starshift-test/seq/order/");
        REQUIRE(listed.size() == 12);
        const auto seq = store.open_sequence(listed, 0);
        check_in_order(read_sequence(*seq), listed, bodies);
        CHECK(store.retries() == 0);
        // The listing in pages of 5, each page's GETs started while the next one is listed: the same listing.
        o.list_page_size = 5;
        const io::s3_store paged(o);
        io::listed_objects l = paged.list_and_open("s3://starshift-test/seq/order/", 0);
        CHECK(l.objects.size() == listed.size());
        for (std::size_t i = 0; i < listed.size() && i < l.objects.size(); ++i) {
            CHECK(l.objects[i].key == listed[i].key);
            CHECK(l.objects[i].size == listed[i].size);
        }
        check_in_order(read_sequence(*l.sequence), listed, bodies);
    }
}

TEST_CASE("s3 sequence retries 503 SlowDown and dropped connections and counts each retry") {
    const std::string ep = endpoint();
    const auto bodies = put_objects(ep, "retry", 6, 40000);
    SUBCASE("503 SlowDown on three GETs") {
        const fault_proxy proxy(ep, "--fail-first 3 --fail-status 503 --fail-code SlowDown --fail-path /seq/retry/o");
        std::vector<std::string> warnings;
        std::mutex mu;
        auto o = options(proxy.endpoint());
        o.on_warning = [&](const std::string& w) {
            const std::lock_guard<std::mutex> lock(mu);
            warnings.push_back(w);
        };
        const io::s3_store store(o);
        const auto listed = io::s3_store(options(ep)).list("s3://starshift-test/seq/retry/");
        const auto seq = store.open_sequence(listed, 0);
        check_in_order(read_sequence(*seq), listed, bodies);
        CHECK(store.retries() == 3);
        REQUIRE(warnings.size() == 3);
        for (const auto& w : warnings) {
            CHECK(w.find("[starshift.io.s3_retry] s3://starshift-test/seq/retry/o") == 0);
            CHECK(w.find("GET HTTP 503") != std::string::npos);
        }
    }
    SUBCASE("connections dropped mid-body or before the body resume where they stopped") {
        const std::pair<const char*, std::uint64_t> drops[] = {{"--drop-after 10000 --drop-times 4", 4},
                                                              {"--drop-after 0 --drop-times 2", 2}};
        for (const auto& [args, retries] : drops) {
            CAPTURE(args);
            const fault_proxy proxy(ep, args);
            const io::s3_store store(options(proxy.endpoint()));
            const auto listed = io::s3_store(options(ep)).list("s3://starshift-test/seq/retry/");
            const auto seq = store.open_sequence(listed, 0);
            check_in_order(read_sequence(*seq), listed, bodies);
            CHECK(store.retries() == retries);
        }
    }
    SUBCASE("retries are bounded and the error names the object") {
        const fault_proxy proxy(ep, "--fail-first 100 --fail-status 503 --fail-code SlowDown --fail-path o03.txt");
        auto o = options(proxy.endpoint());
        o.max_attempts = 3;
        const io::s3_store store(o);
        const auto listed = io::s3_store(options(ep)).list("s3://starshift-test/seq/retry/");
        const auto seq = store.open_sequence(listed, 0);
        for (std::size_t i = 0; i < 3; ++i) {
            CHECK(read_all(*seq->next()) == bodies[i]);
        }
        const auto r = seq->next();
        CHECK_THROWS_WITH_AS((void)read_all(*r),
                             doctest::Contains("s3://starshift-test/seq/retry/o03.txt: GET (after 3 attempts): "
                                               "HTTP 503 SlowDown"),
                             io::io_error);
        CHECK(store.retries() == 2);
    }
}

TEST_CASE("s3 sequence errors name the object key") {
    const std::string ep = endpoint();
    const auto bodies = put_objects(ep, "missing", 2, 100);
    const io::s3_store store(options(ep));
    std::vector<io::object_info> objects = store.list("s3://starshift-test/seq/missing/");
    REQUIRE(objects.size() == 2);
    objects.insert(objects.begin() + 1, io::object_info{"s3://starshift-test/seq/missing/gone.txt", 5});
    const auto seq = store.open_sequence(objects, 0);
    CHECK(read_all(*seq->next()) == bodies[0]);
    const auto gone = seq->next();
    CHECK(gone->name() == "s3://starshift-test/seq/missing/gone.txt");
    CHECK_THROWS_WITH_AS((void)read_all(*gone),
                         doctest::Contains("[starshift.io.s3_not_found] s3://starshift-test/seq/missing/gone.txt"),
                         io::io_error);
    CHECK_THROWS_AS((void)store.open_sequence({io::object_info{"/not/s3", 1}}, 0), io::io_error);
}

TEST_CASE("s3 sequence keeps the bytes it holds under in_flight_bytes") {
    const std::string ep = endpoint();
    const auto bodies = put_objects(ep, "cap", 10, 200000);
    const std::size_t others = 9 * 200000;  // every object but the one being read (it stops at its read-ahead)
    for (const std::size_t cap : {std::size_t{100000}, std::size_t{64} << 20U}) {
        CAPTURE(cap);
        std::atomic<std::size_t> peak{0};
        auto o = options(ep);
        o.concurrency = 10;
        o.in_flight_bytes = cap;
        o.read_ahead_bytes = 64 * 1024;
        o.observe_buffered_bytes = [&peak](std::size_t b) {
            std::size_t p = peak.load();
            while (b > p && !peak.compare_exchange_weak(p, b)) {
            }
        };
        const io::s3_store store(o);
        const auto listed = store.list("s3://starshift-test/seq/cap/");
        const auto seq = store.open_sequence(listed, 0);
        auto first = seq->next();
        // Nothing is read for a while: the loop fills what the cap lets it (everything when uncapped).
        for (int i = 0; i < 100 && peak.load() < others; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        std::string body = read_all(*first);
        first.reset();
        CHECK(body == bodies[0]);
        for (std::size_t i = 1; i < 10; ++i) {
            CHECK(read_all(*seq->next()) == bodies[i]);
        }
        if (cap < others) {
            // the cap, the object being read (its own read-ahead) and one network write past each
            CHECK(peak.load() <= cap + o.read_ahead_bytes + 2 * CURL_MAX_WRITE_SIZE);
        } else {
            CHECK(peak.load() >= others);
        }
    }
}

TEST_CASE("a COPY from s3 counts the requests its store retried") {
    const std::string ep = endpoint();
    std::vector<std::string> songs;
    for (int i = 0; i < 5; ++i) {
        const std::string body = R"({"artist_id":"AR)" + std::to_string(i) + R"(","artist_name":"A","duration":1.5,)"
                                 R"("num_songs":1,"song_id":"SO)" + std::to_string(i) + R"(","title":"T","year":2008})";
        put(ep, "starshift-test", "seqcopy/song_data/s" + std::to_string(i) + ".json", body);
    }
    starshift::sparkify::options wo;
    wo.song_data = "s3://starshift-test/seqcopy/song_data";
    const auto wh = starshift::sparkify::make_warehouse(wo);
    const starshift::copy_spec* spec = nullptr;
    for (const auto& c : wh.copies) {
        if (c.source.uri == wo.song_data) spec = &c;
    }
    REQUIRE(spec != nullptr);
    const auto* target = wh.find(spec->table);
    REQUIRE(target != nullptr);
    auto run = [&](const std::string& endpoint) {
        const io::s3_store store(options(endpoint));
        starshift::copy::copy_options co;
        co.store = &store;
        starshift::copy::copy_encoder enc(*spec, *target, co);
        std::string all;
        enc.run([&all](std::string& chunk) { all += chunk; }, nullptr);
        CHECK(enc.stats().rows_loaded == 5);
        return std::make_pair(all, enc.stats().request_retries);
    };
    const auto direct = run(ep);
    CHECK(direct.second == 0);
    // two GETs answered 503 SlowDown; then the listing answered 500 once
    const fault_proxy slow(ep, "--fail-first 2 --fail-status 503 --fail-code SlowDown --fail-path .json");
    const auto retried = run(slow.endpoint());
    CHECK(retried.second == 2);
    CHECK(retried.first == direct.first);
    const fault_proxy list_fails(ep, "--fail-first 1 --fail-path list-type");
    CHECK(run(list_fails.endpoint()).second == 1);
}
