// Tests of the Sparkify sample-data generator: determinism, the exact format of the real sample, and the
// statistical properties (logged-out events, matched share, skew, size knob, session counters).
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "starshift/common/error.hpp"
#include "starshift/sparkify/datagen.hpp"
#include "support/error_of.hpp"

namespace fs = std::filesystem;
namespace sp = starshift::sparkify;

namespace {

// A flat JSON object as written by the generator: keys in order, each value's kind and raw text (strings
// without their quotes, still escaped).
enum class kind { null_value, string_value, integer_value, float_value };
struct value {
    kind k = kind::null_value;
    std::string raw;
};
using object = std::vector<std::pair<std::string, value>>;

// Minimal strict parser for one flat JSON object; returns false on anything unexpected.
bool parse_flat_object(const std::string& s, object& out) {
    out.clear();
    std::size_t i = 0;
    auto read_string = [&](std::string& dst) {
        if (i >= s.size() || s[i] != '"') return false;
        ++i;
        dst.clear();
        while (i < s.size() && s[i] != '"') {
            if (static_cast<unsigned char>(s[i]) < 0x20 || static_cast<unsigned char>(s[i]) >= 0x80) return false;
            if (s[i] == '\\') {
                if (i + 1 >= s.size()) return false;
                const char e = s[i + 1];
                if (e == 'u') {
                    if (i + 5 >= s.size()) return false;
                    for (std::size_t j = i + 2; j < i + 6; ++j) {
                        if (std::string("0123456789abcdef").find(s[j]) == std::string::npos) return false;
                    }
                    dst.append(s, i, 6);
                    i += 6;
                    continue;
                }
                if (std::string("\"\\/bfnrt").find(e) == std::string::npos) return false;
                dst.append(s, i, 2);
                i += 2;
                continue;
            }
            dst.push_back(s[i++]);
        }
        if (i >= s.size()) return false;
        ++i;
        return true;
    };
    if (s.empty() || s[i++] != '{') return false;
    while (true) {
        std::string key;
        if (!read_string(key) || i >= s.size() || s[i++] != ':') return false;
        value v;
        if (s.compare(i, 4, "null") == 0) {
            i += 4;
        } else if (s[i] == '"') {
            v.k = kind::string_value;
            if (!read_string(v.raw)) return false;
        } else {
            const std::size_t start = i;
            if (s[i] == '-') ++i;
            while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) ++i;
            v.raw = s.substr(start, i - start);
            if (v.raw.empty() || v.raw == "-") return false;
            v.k = v.raw.find('.') == std::string::npos ? kind::integer_value : kind::float_value;
        }
        out.emplace_back(std::move(key), std::move(v));
        if (i >= s.size()) return false;
        if (s[i] == ',') {
            ++i;
            continue;
        }
        if (s[i] == '}') return i + 1 == s.size();
        return false;
    }
}

const value& get(const object& o, const std::string& key) {
    static const value missing{};
    for (const auto& kv : o) {
        if (kv.first == key) return kv.second;
    }
    return missing;
}

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::string> split_lines(const std::string& s) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= s.size()) {
        const std::size_t nl = s.find('\n', start);
        if (nl == std::string::npos) {
            lines.push_back(s.substr(start));
            break;
        }
        lines.push_back(s.substr(start, nl - start));
        start = nl + 1;
    }
    return lines;
}

std::vector<fs::path> files_under(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (e.is_regular_file()) out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

// A scratch directory, removed at the end of the test.
struct scratch {
    fs::path dir;
    explicit scratch(const std::string& name) {
        const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
        dir = fs::temp_directory_path() / ("starshift_datagen_" + name + "_" + std::to_string(stamp));
        fs::remove_all(dir);
    }
    ~scratch() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    scratch(const scratch&) = delete;
    scratch& operator=(const scratch&) = delete;
};

sp::datagen_options small_options(std::uint64_t seed = 7) {
    sp::datagen_options o;
    o.seed = seed;
    o.log_bytes = 2'000'000;
    o.days = 5;
    o.songs = 300;  // fewer small files keeps the tests fast on slow file systems
    o.users = 100;  // like the sample's 97
    return o;
}

const std::vector<std::string> log_keys = {"artist", "auth", "firstName", "gender", "itemInSession", "lastName",
                                           "length", "level", "location", "method", "page", "registration",
                                           "sessionId", "song", "status", "ts", "userAgent", "userId"};
const std::vector<std::string> song_keys = {"artist_id", "artist_latitude", "artist_location", "artist_longitude",
                                            "artist_name", "duration", "num_songs", "song_id", "title", "year"};

struct loaded {
    std::vector<object> events;
    std::vector<object> songs;
    std::vector<std::string> log_file_names;
};

loaded load(const fs::path& dir) {
    loaded l;
    object o;
    for (const auto& p : files_under(dir / "log_data")) {
        l.log_file_names.push_back(fs::relative(p, dir).generic_string());
        for (const auto& line : split_lines(read_all(p))) {
            REQUIRE_MESSAGE(parse_flat_object(line, o), "bad log line in " << p << ": " << line);
            l.events.push_back(o);
        }
    }
    for (const auto& p : files_under(dir / "song_data")) {
        const std::string text = read_all(p);
        REQUIRE_MESSAGE(parse_flat_object(text, o), "bad song file " << p << ": " << text);
        l.songs.push_back(o);
    }
    return l;
}

}  // namespace

TEST_CASE("datagen: same seed gives identical bytes and another seed different bytes") {
    scratch a("det_a");
    scratch b("det_b");
    scratch c("det_c");
    const auto ra = sp::generate(a.dir, small_options(11));
    const auto rb = sp::generate(b.dir, small_options(11));
    sp::generate(c.dir, small_options(12));
    CHECK(ra.bytes == rb.bytes);
    CHECK(ra.events == rb.events);
    const auto fa = files_under(a.dir);
    const auto fb = files_under(b.dir);
    REQUIRE(fa.size() == fb.size());
    for (std::size_t i = 0; i < fa.size(); ++i) {
        CHECK(fs::relative(fa[i], a.dir) == fs::relative(fb[i], b.dir));
        CHECK(read_all(fa[i]) == read_all(fb[i]));
    }
    const fs::path day = fs::path("log_data") / "2018" / "11" / "2018-11-03-events.json";
    CHECK(read_all(a.dir / day) != read_all(c.dir / day));
    CHECK(files_under(a.dir / "song_data") != files_under(c.dir / "song_data"));
}

TEST_CASE("datagen: log and song files have the sample's layout and keys") {
    scratch s("format");
    const auto r = sp::generate(s.dir, small_options());
    CHECK(r.log_files == 5);
    CHECK(r.song_files == 300);
    CHECK(read_all(s.dir / "log_json_path.json") == sp::log_json_path_content());
    const std::string jsonpath = sp::log_json_path_content();
    CHECK(jsonpath.size() == 456);  // the real file's size
    CHECK(jsonpath.rfind("{\n    \"jsonpaths\": [\n        \"$['artist']\",\n", 0) == 0);
    CHECK(jsonpath.back() == '}');

    const loaded l = load(s.dir);
    CHECK(l.log_file_names == std::vector<std::string>{"log_data/2018/11/2018-11-01-events.json",
                                                       "log_data/2018/11/2018-11-02-events.json",
                                                       "log_data/2018/11/2018-11-03-events.json",
                                                       "log_data/2018/11/2018-11-04-events.json",
                                                       "log_data/2018/11/2018-11-05-events.json"});
    REQUIRE(l.events.size() == r.events);
    for (const auto& e : l.events) {
        std::vector<std::string> keys;
        for (const auto& kv : e) keys.push_back(kv.first);
        REQUIRE(keys == log_keys);
        CHECK(get(e, "userId").k == kind::string_value);
        CHECK(get(e, "sessionId").k == kind::integer_value);
        CHECK(get(e, "itemInSession").k == kind::integer_value);
        CHECK(get(e, "ts").k == kind::integer_value);
        const value& reg = get(e, "registration");
        if (reg.k != kind::null_value) {
            CHECK(reg.k == kind::float_value);
            CHECK(reg.raw.size() > 2);
            CHECK(reg.raw.compare(reg.raw.size() - 2, 2, ".0") == 0);
        }
        const std::string& page = get(e, "page").raw;
        const bool next_song = page == "NextSong";
        CHECK((get(e, "artist").k == kind::string_value) == next_song);
        CHECK((get(e, "song").k == kind::string_value) == next_song);
        CHECK((get(e, "length").k == kind::float_value) == next_song);
        const std::string& status = get(e, "status").raw;
        CHECK((status == "200" || status == "307" || status == "404"));
        const std::string& method = get(e, "method").raw;
        CHECK((method == "PUT" || method == "GET"));
    }
    for (const auto& song : l.songs) {
        std::vector<std::string> keys;
        for (const auto& kv : song) keys.push_back(kv.first);
        REQUIRE(keys == song_keys);
        CHECK(get(song, "num_songs").raw == "1");
        CHECK(get(song, "duration").k == kind::float_value);
        CHECK(get(song, "song_id").raw.size() == 18);
        CHECK(get(song, "artist_id").raw.size() == 18);
    }
    // Files are compact and have no trailing newline; paths are song_data/A/X/Y/TR<16>.json with X/Y from the id.
    for (const auto& p : files_under(s.dir / "song_data")) {
        const std::string name = p.filename().string();
        CHECK(name.size() == 23);
        CHECK(name.rfind("TRA", 0) == 0);
        CHECK(p.parent_path().filename().string() == name.substr(4, 1));
        CHECK(p.parent_path().parent_path().filename().string() == name.substr(3, 1));
        const std::string text = read_all(p);
        CHECK(text.back() == '}');
        CHECK(text.find("\": ") == std::string::npos);
        CHECK(text.find(", \"") == std::string::npos);
        CHECK(text.find('\n') == std::string::npos);
    }
    for (const auto& p : files_under(s.dir / "log_data")) {
        const std::string text = read_all(p);
        REQUIRE(!text.empty());
        CHECK(text.back() == '}');
        CHECK(text.find("\n\n") == std::string::npos);
    }
}

TEST_CASE("datagen: escapes and anomalies mirror the sample") {
    scratch s("escapes");
    sp::datagen_options o = small_options(3);
    o.log_bytes = 6'000'000;
    o.songs = 3000;  // enough song files for the rare anomalies (integer names and locations) to appear
    sp::generate(s.dir, o);
    std::string logs;
    for (const auto& p : files_under(s.dir / "log_data")) logs += read_all(p);
    CHECK(logs.find("Mozilla\\/5.0") != std::string::npos);
    CHECK(logs.find("\"userAgent\":\"\\\"Mozilla\\/5.0") != std::string::npos);  // quoted user agents
    CHECK(logs.find("\\u00") != std::string::npos);
    CHECK(logs.find("\\u00c3\\u0083") != std::string::npos);  // double-encoded UTF-8, like the sample's logs
    std::size_t slashes = 0;
    std::size_t escaped_slashes = 0;
    for (std::size_t i = 0; i < logs.size(); ++i) {
        if (logs[i] != '/') continue;
        ++slashes;
        escaped_slashes += i > 0 && logs[i - 1] == '\\' ? 1U : 0U;
    }
    CHECK(slashes > 0);
    CHECK(slashes == escaped_slashes);  // every slash is written as \/
    std::size_t int_names = 0;
    std::size_t int_locations = 0;
    std::size_t null_coordinates = 0;
    std::size_t empty_locations = 0;
    std::size_t year_zero = 0;
    std::map<std::string, std::set<std::string>> artist_variants;
    object o2;
    const auto song_files = files_under(s.dir / "song_data");
    for (const auto& p : song_files) {
        REQUIRE(parse_flat_object(read_all(p), o2));
        int_names += get(o2, "artist_name").k == kind::integer_value ? 1U : 0U;
        int_locations += get(o2, "artist_location").k == kind::integer_value ? 1U : 0U;
        null_coordinates += get(o2, "artist_latitude").k == kind::null_value ? 1U : 0U;
        empty_locations += get(o2, "artist_location").k == kind::string_value && get(o2, "artist_location").raw.empty();
        year_zero += get(o2, "year").raw == "0" ? 1U : 0U;
        artist_variants[get(o2, "artist_id").raw].insert(get(o2, "artist_name").raw + "|" +
                                                         get(o2, "artist_location").raw);
    }
    const double n = static_cast<double>(song_files.size());
    CHECK(int_names > 0);
    CHECK(int_locations > 0);
    CHECK(static_cast<double>(null_coordinates) / n == doctest::Approx(0.65).epsilon(0.15));
    CHECK(static_cast<double>(empty_locations) / n == doctest::Approx(0.45).epsilon(0.2));
    CHECK(static_cast<double>(year_zero) / n == doctest::Approx(0.30).epsilon(0.2));
    const auto multi = std::count_if(artist_variants.begin(), artist_variants.end(),
                                     [](const auto& kv) { return kv.second.size() > 1; });
    CHECK(multi >= 2);
    CHECK(artist_variants.size() < song_files.size());  // some artists have several songs
}

TEST_CASE("datagen: logged-out events carry no user and are never NextSong") {
    scratch s("logged_out");
    sp::generate(s.dir, small_options());
    const loaded l = load(s.dir);
    std::size_t logged_out = 0;
    for (const auto& e : l.events) {
        const bool out = get(e, "auth").raw == "Logged Out";
        CHECK((out || get(e, "auth").raw == "Logged In"));
        CHECK((get(e, "userId").raw.empty()) == out);
        if (!out) continue;
        ++logged_out;
        CHECK(get(e, "page").raw != "NextSong");
        for (const char* k : {"firstName", "lastName", "gender", "location", "registration", "userAgent"}) {
            CHECK_MESSAGE(get(e, k).k == kind::null_value, k);
        }
        CHECK(get(e, "level").k == kind::string_value);
    }
    CHECK(logged_out > 0);
    CHECK(static_cast<double>(logged_out) / static_cast<double>(l.events.size()) < 0.10);
}

TEST_CASE("datagen: matched NextSong events join song files on title artist and duration text") {
    scratch s("matched");
    const auto r = sp::generate(s.dir, small_options());
    const loaded l = load(s.dir);
    std::set<std::string> catalog;
    for (const auto& song : l.songs) {
        catalog.insert(get(song, "title").raw + "\x1f" + get(song, "artist_name").raw + "\x1f" +
                       get(song, "duration").raw);
    }
    std::uint64_t next_song = 0;
    std::uint64_t matched = 0;
    for (const auto& e : l.events) {
        if (get(e, "page").raw != "NextSong") continue;
        ++next_song;
        matched += catalog.count(get(e, "song").raw + "\x1f" + get(e, "artist").raw + "\x1f" + get(e, "length").raw);
    }
    CHECK(next_song == r.next_song_events);
    CHECK(matched == r.matched_events);
    CHECK(static_cast<double>(matched) / static_cast<double>(next_song) == doctest::Approx(0.65).epsilon(0.05));
    const double share = static_cast<double>(next_song) / static_cast<double>(l.events.size());
    CHECK(share > 0.78);
    CHECK(share < 0.90);

    scratch s2("matched_all");
    sp::datagen_options o = small_options();
    o.unmatched_share = 0.0;
    const auto r2 = sp::generate(s2.dir, o);
    CHECK(r2.matched_events == r2.next_song_events);
}

TEST_CASE("datagen: song and user popularity is skewed") {
    scratch s("skew");
    sp::generate(s.dir, small_options());
    const loaded l = load(s.dir);
    std::map<std::string, std::uint64_t> plays;
    std::map<std::string, std::uint64_t> by_user;
    for (const auto& e : l.events) {
        if (get(e, "page").raw != "NextSong") continue;
        ++plays[get(e, "song").raw + "|" + get(e, "artist").raw];
        ++by_user[get(e, "userId").raw];
    }
    auto sorted_counts = [](const std::map<std::string, std::uint64_t>& m) {
        std::vector<std::uint64_t> v;
        for (const auto& kv : m) v.push_back(kv.second);
        std::sort(v.rbegin(), v.rend());
        return v;
    };
    const auto songs = sorted_counts(plays);
    const auto users = sorted_counts(by_user);
    REQUIRE(songs.size() > 100);
    CHECK(songs.front() >= 20 * songs[songs.size() / 2]);
    REQUIRE(users.size() > 5);
    CHECK(users.front() >= 3 * users[users.size() / 2]);
}

TEST_CASE("datagen: itemInSession counts 0 1 2 per session and ts is sorted") {
    scratch s("sessions");
    sp::generate(s.dir, small_options());
    // Within a file ts never decreases; per session, items are consecutive from 0 and ts never decreases.
    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> last;  // session -> (next item, last ts)
    std::map<std::string, std::set<std::string>> session_users;
    object e;
    for (const auto& p : files_under(s.dir / "log_data")) {
        std::uint64_t previous_ts = 0;
        const std::string day = p.filename().string().substr(0, 10);
        for (const auto& line : split_lines(read_all(p))) {
            REQUIRE(parse_flat_object(line, e));
            const std::uint64_t ts = std::stoull(get(e, "ts").raw);
            CHECK(ts >= previous_ts);
            previous_ts = ts;
            // Each event is in the file of its own UTC day (the test's 5 days are all in November 2018).
            const std::uint64_t day_index = (ts / 1000 - 1541030400ULL) / 86400ULL;
            CHECK(day == "2018-11-0" + std::to_string(day_index + 1));
            CHECK(ts % 1000 == 796);
            const std::string& sid = get(e, "sessionId").raw;
            const std::uint64_t item = std::stoull(get(e, "itemInSession").raw);
            auto it = last.find(sid);
            if (it == last.end()) {
                CHECK(item == 0);
                last[sid] = {item + 1, ts};
            } else {
                CHECK(item == it->second.first);
                CHECK(ts >= it->second.second);
                it->second = {item + 1, ts};
            }
            if (!get(e, "userId").raw.empty()) session_users[sid].insert(get(e, "userId").raw);
        }
    }
    CHECK(last.size() > 50);
    for (const auto& kv : session_users) CHECK(kv.second.size() == 1);
}

TEST_CASE("datagen: users switch between free and paid") {
    scratch s("levels");
    sp::datagen_options o = small_options();
    o.log_bytes = 6'000'000;
    sp::generate(s.dir, o);
    const loaded l = load(s.dir);
    std::map<std::string, std::set<std::string>> levels;
    std::size_t upgrades = 0;
    for (const auto& e : l.events) {
        if (!get(e, "userId").raw.empty()) levels[get(e, "userId").raw].insert(get(e, "level").raw);
        if (get(e, "page").raw == "Submit Upgrade") {
            ++upgrades;
            CHECK(get(e, "level").raw == "free");
        }
        if (get(e, "page").raw == "Submit Downgrade") CHECK(get(e, "level").raw == "paid");
    }
    CHECK(upgrades > 0);
    const auto both = std::count_if(levels.begin(), levels.end(), [](const auto& kv) { return kv.second.size() == 2; });
    CHECK(both > 0);
}

TEST_CASE("datagen: the size knob is respected within ten percent") {
    for (const std::uint64_t target : {1'000'000ULL, 8'000'000ULL}) {
        scratch s("size");
        sp::datagen_options o;
        o.seed = 5;
        o.log_bytes = target;
        const auto r = sp::generate(s.dir, o);
        std::uint64_t on_disk = 0;
        for (const auto& p : files_under(s.dir / "log_data")) on_disk += fs::file_size(p);
        CHECK(on_disk == r.log_bytes);
        CHECK(static_cast<double>(on_disk) == doctest::Approx(static_cast<double>(target)).epsilon(0.10));
        CHECK(r.log_files == 30);
    }
}

TEST_CASE("datagen: days roll over months into per-day files") {
    scratch s("days");
    sp::datagen_options o = small_options();
    o.days = 33;
    o.log_bytes = 1'000'000;
    const auto r = sp::generate(s.dir, o);
    CHECK(r.log_files == 33);
    CHECK(fs::exists(s.dir / "log_data" / "2018" / "11" / "2018-11-30-events.json"));
    CHECK(fs::exists(s.dir / "log_data" / "2018" / "12" / "2018-12-01-events.json"));
    CHECK(fs::exists(s.dir / "log_data" / "2018" / "12" / "2018-12-03-events.json"));
    CHECK_FALSE(fs::exists(s.dir / "log_data" / "2018" / "12" / "2018-12-04-events.json"));
}

TEST_CASE("datagen: parse_size and option errors") {
    CHECK(sp::parse_size("10MB") == 10'000'000ULL);
    CHECK(sp::parse_size("1GB") == 1'000'000'000ULL);
    CHECK(sp::parse_size("1.5GB") == 1'500'000'000ULL);
    CHECK(sp::parse_size("512MiB") == 512ULL * 1024 * 1024);
    CHECK(sp::parse_size("123") == 123ULL);
    CHECK(sp::parse_size("10kb") == 10'000ULL);
    CHECK_FALSE(sp::parse_size("").has_value());
    CHECK_FALSE(sp::parse_size("MB").has_value());
    CHECK_FALSE(sp::parse_size("10 parsecs").has_value());
    CHECK(sp::default_songs(10'000'000) == 2000);
    CHECK(sp::default_users(10'000'000) == 100);
    sp::datagen_options o;
    o.days = 0;
    CHECK_THROWS_WITH_AS(sp::generate(fs::temp_directory_path() / "starshift_datagen_never", o),
                         doctest::Contains("[starshift.sparkify.datagen_bad_option]"), starshift::error);
    o.days = 1;
    o.unmatched_share = 1.5;
    CHECK_THROWS_AS(sp::generate(fs::temp_directory_path() / "starshift_datagen_never", o), starshift::error);
}

TEST_CASE("datagen: log_json_path.json equals the real sample's file") {
    const fs::path real = fs::path(STARSHIFT_SHARED_DATA_DIR) / "sparkify" / "log_json_path.json";
    if (!fs::exists(real)) {
        MESSAGE("skipped: real sample not found at " << real.string());
        return;
    }
    CHECK(read_all(real) == sp::log_json_path_content());
}

TEST_CASE("datagen: real sample parses with the same keys the generator writes") {
    const fs::path real = fs::path(STARSHIFT_SHARED_DATA_DIR) / "sparkify";
    if (!fs::exists(real / "log_data")) {
        MESSAGE("skipped: real sample not found at " << real.string());
        return;
    }
    // Guards the test's own expectations: the real files satisfy the same checks as the generated ones.
    object o;
    const std::string day = read_all(real / "log_data" / "2018" / "11" / "2018-11-15-events.json");
    for (const auto& line : split_lines(day)) {
        REQUIRE(parse_flat_object(line, o));
        std::vector<std::string> keys;
        for (const auto& kv : o) keys.push_back(kv.first);
        CHECK(keys == log_keys);
    }
    REQUIRE(parse_flat_object(read_all(real / "song_data" / "A" / "A" / "A" / "TRAAAAV128F421A322.json"), o));
    std::vector<std::string> keys;
    for (const auto& kv : o) keys.push_back(kv.first);
    CHECK(keys == song_keys);
}

TEST_CASE("datagen: output is pinned by a golden hash") {
    // Same options, same bytes on every platform and compiler. If the generator is changed on purpose, update the
    // hash below and bump starshift::sparkify::datagen_version.
    scratch s("golden");
    sp::datagen_options o;
    o.seed = 2018;
    o.log_bytes = 300'000;
    o.days = 3;
    o.songs = 60;
    o.users = 25;
    sp::generate(s.dir, o);
    std::uint64_t h = 0xcbf29ce484222325ULL;
    auto feed = [&h](const std::string& bytes) {
        for (const char c : bytes) {
            h ^= static_cast<unsigned char>(c);
            h *= 0x100000001b3ULL;
        }
    };
    for (const auto& p : files_under(s.dir)) {
        if (p.filename() == sp::datagen_manifest_name) continue;  // the data's bytes; the manifest is checked below
        feed(fs::relative(p, s.dir).generic_string());
        feed(std::string(1, '\0'));
        feed(read_all(p));
    }
    CHECK(h == 5488714308088491490ULL);
    CHECK(std::string(sp::datagen_version) == "0.1.0");
    CHECK(read_all(s.dir / sp::datagen_manifest_name) ==
          "{\n  \"generator\": \"starshift sparkify datagen\",\n  \"datagen_version\": \"0.1.0\",\n  \"seed\": 2018,\n"
          "  \"log_bytes\": 300000,\n  \"days\": 3,\n  \"songs\": 60,\n  \"users\": 25,\n"
          "  \"unmatched_per_million\": 350000,\n  \"unmatched_universe_factor\": 4,\n"
          "  \"files\": [\"log_json_path.json\", \"log_data/\", \"song_data/\"]\n}\n");
}

namespace {

// The id and message of what generate() throws, or "" when it does not.
std::string generate_error(const fs::path& dir, const sp::datagen_options& o,
                           sp::existing_data existing = sp::existing_data::refuse) {
    return starshift::testing::error_message_of<std::runtime_error>([&] { (void)sp::generate(dir, o, existing); });
}

std::size_t count_files(const fs::path& dir) { return files_under(dir).size(); }

}  // namespace

TEST_CASE("datagen: a larger run then a smaller one into the same directory is refused") {
    scratch s("mix");
    sp::datagen_options big = small_options();
    big.songs = 400;
    big.days = 6;
    (void)sp::generate(s.dir, big);
    const std::size_t big_files = count_files(s.dir);
    CHECK(big_files == 400 + 6 + 2);
    const std::string e = generate_error(s.dir, small_options());
    CHECK(e.rfind("[starshift.sparkify.datagen_dir_not_empty] " + s.dir.string(), 0) == 0);
    CHECK(e.find("days 6 (this run: 5)") != std::string::npos);
    CHECK(e.find("songs 400 (this run: 300)") != std::string::npos);
    CHECK(e.find("--force") != std::string::npos);
    CHECK(count_files(s.dir) == big_files);  // refused before writing anything

    // --force: the earlier generation is deleted, the smaller one alone remains, byte for byte a fresh run's.
    const auto r = sp::generate(s.dir, small_options(), sp::existing_data::replace);
    CHECK(r.song_files == 300);
    CHECK(count_files(s.dir / "song_data") == 300);
    CHECK(count_files(s.dir / "log_data") == 5);
    scratch fresh("mix_fresh");
    (void)sp::generate(fresh.dir, small_options());
    const auto a = files_under(s.dir);
    const auto b = files_under(fresh.dir);
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(fs::relative(a[i], s.dir) == fs::relative(b[i], fresh.dir));
        CHECK(read_all(a[i]) == read_all(b[i]));
    }
}

TEST_CASE("datagen: the same generation is rewritten in place and another seed is refused") {
    scratch s("same");
    (void)sp::generate(s.dir, small_options());
    const auto before = files_under(s.dir);
    CHECK(generate_error(s.dir, small_options()).empty());
    CHECK(files_under(s.dir) == before);
    const std::string e = generate_error(s.dir, small_options(8));
    CHECK(e.find("[starshift.sparkify.datagen_dir_not_empty]") == 0);
    CHECK(e.find("seed 7 (this run: 8)") != std::string::npos);
    // A stray song file: same parameters, but more files than the generation writes.
    std::ofstream(s.dir / "song_data" / "A" / "A" / "A" / "TRSTRAY128F0000000.json") << "{}";
    CHECK(generate_error(s.dir, small_options()).find("more files than its generation wrote") != std::string::npos);
    CHECK(generate_error(s.dir, small_options(), sp::existing_data::replace).empty());
    CHECK(!fs::exists(s.dir / "song_data" / "A" / "A" / "A" / "TRSTRAY128F0000000.json"));
}

TEST_CASE("datagen: files a generation does not write are never deleted even with force") {
    scratch s("foreign");
    (void)sp::generate(s.dir, small_options());
    std::ofstream(s.dir / "notes.txt") << "mine";
    std::ofstream(s.dir / "log_data" / "badlog.cfg") << "[S3]";
    for (const auto existing : {sp::existing_data::refuse, sp::existing_data::replace}) {
        const std::string e = generate_error(s.dir, small_options(9), existing);
        CHECK(e.find("[starshift.sparkify.datagen_dir_not_empty]") == 0);
        CHECK(e.find("notes.txt") != std::string::npos);
        CHECK(e.find("log_data/badlog.cfg") != std::string::npos);
    }
    CHECK(read_all(s.dir / "notes.txt") == "mine");
    CHECK(fs::exists(s.dir / sp::datagen_manifest_name));
    CHECK(count_files(s.dir / "song_data") == 300);
}

TEST_CASE("datagen: generated files without a manifest need force and a plain file is refused") {
    scratch s("nomanifest");
    (void)sp::generate(s.dir, small_options());
    fs::remove(s.dir / sp::datagen_manifest_name);  // as an interrupted run or the generator before manifests
    CHECK(generate_error(s.dir, small_options()).find("has no starshift-datagen.json") != std::string::npos);
    CHECK(generate_error(s.dir, small_options(), sp::existing_data::replace).empty());
    CHECK(fs::exists(s.dir / sp::datagen_manifest_name));

    scratch f("plainfile");
    fs::create_directories(f.dir.parent_path());
    std::ofstream(f.dir) << "not a directory";
    CHECK(generate_error(f.dir, small_options(), sp::existing_data::replace).find("is not a directory") !=
          std::string::npos);
    fs::remove(f.dir);
    fs::create_directories(f.dir);  // an empty directory is fine
    CHECK(generate_error(f.dir, small_options()).empty());
}
