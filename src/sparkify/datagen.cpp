// Sparkify sample-data generator. See docs/datagen.md for what is generated and why.
//
// Determinism: every random choice comes from xoshiro256** seeded through splitmix64, drawn with integer
// arithmetic only (no <random> distributions, no floating-point libm calls); numbers are written from integers
// (durations and coordinates are kept in units of 1e-5), so the same options give the same bytes everywhere.
#include "starshift/sparkify/datagen.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <exception>
#include <map>
#include <optional>
#include <queue>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "starshift/common/calendar.hpp"
#include "starshift/common/error.hpp"
#include "starshift/common/random.hpp"

namespace starshift::sparkify {
namespace {

// ---------------------------------------------------------------------------------------------- randomness

constexpr std::uint64_t hash3(std::uint64_t seed, std::uint64_t tag, std::uint64_t index) {
    std::uint64_t s = seed;
    std::uint64_t a = splitmix64(s);
    s = a ^ (tag * 0xD6E8FEB86659FD93ULL);
    std::uint64_t b = splitmix64(s);
    s = b ^ index;
    return splitmix64(s);
}

// High 64 bits of a 64x64 product, portable (no __int128).
constexpr std::uint64_t mul_high(std::uint64_t a, std::uint64_t b) {
    const std::uint64_t a_lo = a & 0xFFFFFFFFULL;
    const std::uint64_t a_hi = a >> 32U;
    const std::uint64_t b_lo = b & 0xFFFFFFFFULL;
    const std::uint64_t b_hi = b >> 32U;
    const std::uint64_t lo_lo = a_lo * b_lo;
    const std::uint64_t hi_lo = a_hi * b_lo;
    const std::uint64_t lo_hi = a_lo * b_hi;
    const std::uint64_t hi_hi = a_hi * b_hi;
    const std::uint64_t cross = (lo_lo >> 32U) + (hi_lo & 0xFFFFFFFFULL) + lo_hi;
    return hi_hi + (hi_lo >> 32U) + (cross >> 32U);
}

class rng {
public:
    explicit rng(std::uint64_t seed) {
        for (auto& word : s_) word = splitmix64(seed);
    }
    std::uint64_t next() {
        const std::uint64_t result = rotl(s_[1] * 5U, 7) * 9U;
        const std::uint64_t t = s_[1] << 17U;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }
    // Uniform in [0, n) (n > 0); multiply-high mapping, deterministic.
    std::uint64_t below(std::uint64_t n) { return mul_high(next(), n); }
    std::uint32_t below32(std::uint64_t n) { return static_cast<std::uint32_t>(below(n)); }
    // True with probability per_mille / 1000.
    bool chance(std::uint32_t per_mille) { return below(1000) < per_mille; }

private:
    static constexpr std::uint64_t rotl(std::uint64_t x, int k) {
        return (x << static_cast<unsigned>(k)) | (x >> static_cast<unsigned>(64 - k));
    }
    std::array<std::uint64_t, 4> s_{};
};

// Zipf-like sampler: weight of rank k is 2^40 / (k + offset), integer cumulative table.
class zipf_table {
public:
    zipf_table(std::uint64_t n, std::uint64_t offset) {
        cumulative_.reserve(static_cast<std::size_t>(n));
        std::uint64_t total = 0;
        for (std::uint64_t k = 0; k < n; ++k) {
            total += (1ULL << 40U) / (k + offset);
            cumulative_.push_back(total);
        }
    }
    std::uint64_t sample(rng& r) const {
        const std::uint64_t u = r.below(cumulative_.back());
        return static_cast<std::uint64_t>(std::upper_bound(cumulative_.begin(), cumulative_.end(), u) -
                                          cumulative_.begin());
    }

private:
    std::vector<std::uint64_t> cumulative_;
};

// A bijection on [0, 2^bits): odd multiplications and xor-shifts, so generated ids never collide.
constexpr std::uint64_t permute_bits(std::uint64_t x, unsigned bits, std::uint64_t key) {
    const std::uint64_t mask = (1ULL << bits) - 1U;
    x = (x ^ (key & mask)) & mask;
    x = (x * 0x9E3779B1ULL) & mask;
    x ^= x >> (bits / 2U);
    x = (x * 0x85EBCA77ULL) & mask;
    x ^= x >> (bits / 3U);
    x = (x * 0xC2B2AE3DULL) & mask;
    x ^= x >> (bits / 2U);
    return x;
}

// ---------------------------------------------------------------------------------------------- text

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80U) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800U) {
        out.push_back(static_cast<char>(0xC0U | (cp >> 6U)));
        out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
    } else if (cp < 0x10000U) {
        out.push_back(static_cast<char>(0xE0U | (cp >> 12U)));
        out.push_back(static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU)));
        out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
    } else {
        out.push_back(static_cast<char>(0xF0U | (cp >> 18U)));
        out.push_back(static_cast<char>(0x80U | ((cp >> 12U) & 0x3FU)));
        out.push_back(static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU)));
        out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
    }
}

// Decodes (well-formed, internal) UTF-8 into code points.
std::vector<std::uint32_t> decode_utf8(std::string_view s) {
    std::vector<std::uint32_t> cps;
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        std::uint32_t cp = b;
        std::size_t len = 1;
        if (b >= 0xF0U) {
            cp = b & 0x07U;
            len = 4;
        } else if (b >= 0xE0U) {
            cp = b & 0x0FU;
            len = 3;
        } else if (b >= 0xC0U) {
            cp = b & 0x1FU;
            len = 2;
        }
        for (std::size_t j = 1; j < len && i + j < s.size(); ++j) {
            cp = (cp << 6U) | (static_cast<unsigned char>(s[i + j]) & 0x3FU);
        }
        cps.push_back(cp);
        i += len;
    }
    return cps;
}

void append_u_escape(std::string& out, std::uint32_t unit) {
    static constexpr char hex[] = "0123456789abcdef";
    out += "\\u";
    out.push_back(hex[(unit >> 12U) & 0xFU]);
    out.push_back(hex[(unit >> 8U) & 0xFU]);
    out.push_back(hex[(unit >> 4U) & 0xFU]);
    out.push_back(hex[unit & 0xFU]);
}

// JSON string body as the sample writes it: ASCII only, `/` as `\/`, non-ASCII as lower-case `\uXXXX`.
std::string escape_json(std::string_view utf8) {
    std::string out;
    for (const std::uint32_t cp : decode_utf8(utf8)) {
        switch (cp) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '/': out += "\\/"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if (cp < 0x20U || (cp >= 0x7FU && cp < 0x10000U)) {
                    append_u_escape(out, cp);
                } else if (cp >= 0x10000U) {
                    const std::uint32_t v = cp - 0x10000U;
                    append_u_escape(out, 0xD800U + (v >> 10U));
                    append_u_escape(out, 0xDC00U + (v & 0x3FFU));
                } else {
                    out.push_back(static_cast<char>(cp));
                }
        }
    }
    return out;
}

// UTF-8 read as Latin-1 and encoded again, twice: "é" becomes "Ã\u0083Â©", as in the sample's log files.
std::string mojibake(std::string_view utf8) {
    std::string text(utf8);
    for (int round = 0; round < 2; ++round) {
        std::string next;
        for (const char c : text) append_utf8(next, static_cast<unsigned char>(c));
        text = std::move(next);
    }
    return text;
}

void append_uint(std::string& out, std::uint64_t v) {
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr);
}

// A value the sample writes as a bare number when `bare` and otherwise as a JSON string (`text` already escaped).
void append_bare_or_string(std::string& out, const std::string& text, bool bare) {
    if (bare) {
        out += text;
        return;
    }
    out.push_back('"');
    out += text;
    out.push_back('"');
}

// A value in units of 1e-5, written like Python's repr of the float: shortest digits, at least one decimal.
void append_e5(std::string& out, std::int64_t v) {
    if (v < 0) {
        out.push_back('-');
        v = -v;
    }
    const auto u = static_cast<std::uint64_t>(v);
    append_uint(out, u / 100000U);
    out.push_back('.');
    std::uint64_t frac = u % 100000U;
    char digits[5];
    for (int i = 4; i >= 0; --i) {
        digits[i] = static_cast<char>('0' + frac % 10U);
        frac /= 10U;
    }
    int last = 4;
    while (last > 0 && digits[last] == '0') --last;
    out.append(digits, static_cast<std::size_t>(last + 1));
}

// ---------------------------------------------------------------------------------------------- vocabulary

constexpr std::array<const char*, 96> title_words = {
    "Love", "Heart", "Night", "Fire", "Dream", "Rain", "Time", "Road", "Home", "Blue", "Girl", "Baby", "Light",
    "Dance", "Soul", "World", "Summer", "Sweet", "Wild", "Golden", "Broken", "Lonely", "Crazy", "Little", "Red",
    "River", "Sky", "Moon", "Sun", "Star", "Angel", "Devil", "Ghost", "Shadow", "City", "Train", "Money", "Party",
    "Memory", "Paradise", "Thunder", "Silver", "Midnight", "Morning", "Tonight", "Forever", "Never", "Again",
    "Down", "Up", "In", "On", "The", "Of", "My", "Your", "Me", "You", "All", "No", "One", "Way", "Song", "Blues",
    "Groove", "Funk", "Rock", "Roll", "Street", "Kings", "Queen", "Fever", "Machine", "Electric", "Ocean", "Storm",
    "Winter", "Kiss", "Tears", "Smile", "Hollow", "Echo", "Sehr", "Kosmisch", "Amor", "Vida", "Noche",
    "Caf\xc3\xa9", "Coraz\xc3\xb3n", "Ma\xc3\xb1" "ana", "Se\xc3\xb1orita", "\xc3\x9c" "ber", "Fr\xc3\xa4ulein",
    "No\xc3\xabl", "Gar\xc3\xa7on", "Tr\xc3\xa4umerei"};

constexpr std::array<const char*, 40> band_nouns = {
    "Smiths", "Killers", "Kings", "Wolves", "Lions", "Strokes", "Shins", "Drifters", "Ramblers", "Rebels",
    "Saints", "Angels", "Pilots", "Monkeys", "Horses", "Ravens", "Knights", "Pirates", "Brothers", "Sisters",
    "Ghosts", "Machines", "Riders", "Dreamers", "Stones", "Hearts", "Boys", "Girls", "Lovers", "Strangers",
    "Cowboys", "Outlaws", "Robots", "Tigers", "Vampires", "Heroes", "Prophets", "Sailors", "Bandits", "Crows"};

constexpr std::array<const char*, 32> band_adjectives = {
    "Black", "White", "Silver", "Golden", "Electric", "Wild", "Lonely", "Broken", "Crimson", "Velvet",
    "Flaming", "Rolling", "Arctic", "Young", "Dead", "Happy", "Pretty", "Mighty", "Royal", "Holy",
    "Cosmic", "Neon", "Iron", "Stone", "Blue", "Red", "Green", "Big", "Little", "Dirty", "Sonic", "Western"};

constexpr std::array<const char*, 40> artist_first = {
    "John", "Paul", "Mary", "Bob", "Elena", "Jamie", "Jonathan", "Nelson", "Justus", "Dwight", "Huey", "Paris",
    "Ella", "Louis", "Nina", "Miles", "Billie", "Frank", "Aretha", "Marvin", "Joni", "Neil", "Patti", "Tom",
    "Alicia", "Kanye", "Sufjan", "Bj\xc3\xb6rk", "Jos\xc3\xa9", "Ren\xc3\xa9", "Andr\xc3\xa9", "Zo\xc3\xab",
    "Beyonc\xc3\xa9", "S\xc3\xb8ren", "Mich\xc3\xa8le", "Fran\xc3\xa7oise", "Sin\xc3\xa9" "ad", "Ra\xc3\xbal",
    "J\xc3\xbcrgen", "\xc3\x81lvaro"};

constexpr std::array<const char*, 40> artist_last = {
    "Smith", "King", "Cullum", "Ned", "Yoakam", "Lewis", "Hilton", "Fitzgerald", "Armstrong", "Simone", "Davis",
    "Holiday", "Sinatra", "Franklin", "Gaye", "Mitchell", "Young", "Smith", "Waits", "Keys", "West", "Stevens",
    "Jones", "Brown", "Green", "Cash", "Dylan", "Marley", "Cooke", "Redding", "Gonz\xc3\xa1lez", "Garc\xc3\xad" "a",
    "M\xc3\xbcller", "K\xc3\xb6hncke", "Bront\xc3\xab", "Dvo\xc5\x99\xc3\xa1k", "Sch\xc3\xb6nberg", "Jobim",
    "Gilels", "Cluytens"};

constexpr std::array<const char*, 10> title_suffixes = {
    " (Album Version)", " (LP Version)", " (Live)", " (Remix)", " (Radio Edit)", " (Remastered)",
    " (Acoustic)", " (Instrumental)", " (Explicit)", " (Single Version)"};

struct city {
    const char* name;
    std::int32_t lat_e5;
    std::int32_t lon_e5;
};

constexpr std::array<city, 48> cities = {{
    {"London, England", 5150632, -12714},         {"Los Angeles, CA", 3405349, -11824532},
    {"New York, NY", 4071455, -7400712},          {"Chicago, IL", 4188415, -8763241},
    {"Detroit, MI", 4233168, -8304792},           {"NY - New York City", 4071455, -7400712},
    {"California - LA", 3405349, -11824532},      {"Philadelphia, PA", 3995227, -7516237},
    {"California", 3727188, -11927023},           {"Memphis, TN", 3514968, -9004892},
    {"UK", 5431407, -223001},                     {"Berlin, Germany", 5251607, 1337698},
    {"Texas", 3116890, -10007715},                {"Brooklyn, NY", 4065507, -7394888},
    {"California - SF", 3777916, -12242005},      {"Dallas, TX", 3277815, -9679540},
    {"Manchester, England", 5347960, -224881},    {"England", 5288356, -197406},
    {"Florida", 2797580, -8154106},               {"Pennsylvania", 4099471, -7760454},
    {"SWEDEN", 6219845, 1755142},                 {"Georgia", 3267828, -8322295},
    {"San Francisco, CA", 3777916, -12242005},    {"Massachusetts", 4218419, -7171818},
    {"Toronto, Ontario, Canada", 4364856, -7938533}, {"Great Britain / UK", 5431392, -223218},
    {"Birmingham, AL", 3352029, -8681150},        {"New Jersey", 4014323, -7472671},
    {"The Hague, Netherlands", 5208399, 431741},  {"Mexico City, Mexico", 1943190, -9913285},
    {"Boston, MA", 4231256, -7108868},            {"Paris, France", 4885692, 234121},
    {"Cleveland, Ohio", 4150471, -8169074},       {"New Orleans, LA", 2995369, -9007771},
    {"Kingston, Jamaica", 1801571, -7679731},     {"Seattle, WA", 4760356, -12232944},
    {"Portland, OR", 4551179, -12267563},         {"Brighton, England", 5082821, -13449},
    {"Sheffield, Yorkshire, England", 5338311, -146454},
    {"D\xc3\xbcsseldorf", 5122496, 677639},       {"Torell\xc3\xb3 / Barcelona", 4205000, 226500},
    {"S\xc3\xa3o Paulo, Brazil", -2354800, -4663600},
    {"Montr\xc3\xa9" "al, Qu\xc3\xa9" "bec, Canada", 4550884, -7358781},
    {"Reykjav\xc3\xad" "k, Iceland", 6414208, -2192538},
    {"Malm\xc3\xb6, Sweden", 5560587, 1300073},   {"Z\xc3\xbcrich, Switzerland", 4737174, 854226},
    {"Krak\xc3\xb3w, Poland", 5006143, 1993658},  {" Ub\xc3\xa1, Minas Gerais", -2112000, -4293500},
}};

constexpr std::array<const char*, 22> user_agents = {
    "\"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36\"",
    "\"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.78.2 (KHTML, like Gecko) Version/7.0.6 Safari/537.78.2\"",
    "Mozilla/5.0 (Windows NT 5.1; rv:31.0) Gecko/20100101 Firefox/31.0",
    "\"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Ubuntu Chromium/36.0.1985.125 Chrome/36.0.1985.125 Safari/537.36\"",
    "\"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/37.0.2062.94 Safari/537.36\"",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.9; rv:31.0) Gecko/20100101 Firefox/31.0",
    "\"Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.125 Safari/537.36\"",
    "\"Mozilla/5.0 (Windows NT 6.3; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36\"",
    "\"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.77.4 (KHTML, like Gecko) Version/7.0.5 Safari/537.77.4\"",
    "Mozilla/5.0 (Windows NT 6.1; WOW64; rv:31.0) Gecko/20100101 Firefox/31.0",
    "\"Mozilla/5.0 (Windows NT 5.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36\"",
    "\"Mozilla/5.0 (iPhone; CPU iPhone OS 7_1_2 like Mac OS X) AppleWebKit/537.51.2 (KHTML, like Gecko) Version/7.0 Mobile/11D257 Safari/9537.53\"",
    "\"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36\"",
    "\"Mozilla/5.0 (Windows NT 6.3; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.125 Safari/537.36\"",
    "\"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_3) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/37.0.2062.94 Safari/537.36\"",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.9; rv:30.0) Gecko/20100101 Firefox/30.0",
    "Mozilla/5.0 (Windows NT 6.1; WOW64; rv:32.0) Gecko/20100101 Firefox/32.0",
    "Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko",
    "\"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10) AppleWebKit/538.46 (KHTML, like Gecko) Version/8.0 Safari/538.46\"",
    "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.2; WOW64; Trident/6.0)",
    "\"Mozilla/5.0 (iPhone; CPU iPhone OS 7_1_1 like Mac OS X) AppleWebKit/537.51.2 (KHTML, like Gecko) Version/7.0 Mobile/11D201 Safari/9537.53\"",
    "Mozilla/5.0 (X11; Linux x86_64; rv:31.0) Gecko/20100101 Firefox/31.0"};

constexpr std::array<const char*, 40> user_locations = {
    "San Francisco-Oakland-Hayward, CA", "Portland-South Portland, ME", "Lansing-East Lansing, MI",
    "Chicago-Naperville-Elgin, IL-IN-WI", "Atlanta-Sandy Springs-Roswell, GA", "Waterloo-Cedar Falls, IA",
    "Lake Havasu City-Kingman, AZ", "San Jose-Sunnyvale-Santa Clara, CA", "Tampa-St. Petersburg-Clearwater, FL",
    "New York-Newark-Jersey City, NY-NJ-PA", "Sacramento--Roseville--Arden-Arcade, CA", "Janesville-Beloit, WI",
    "Birmingham-Hoover, AL", "Winston-Salem, NC", "Red Bluff, CA", "Marinette, WI-MI",
    "Augusta-Richmond County, GA-SC", "Houston-The Woodlands-Sugar Land, TX", "Detroit-Warren-Dearborn, MI",
    "New Orleans-Metairie, LA", "La Crosse-Onalaska, WI-MN", "New Haven-Milford, CT",
    "San Antonio-New Braunfels, TX", "Harrisburg-Carlisle, PA", "Philadelphia-Camden-Wilmington, PA-NJ-DE-MD",
    "Washington-Arlington-Alexandria, DC-VA-MD-WV", "Salinas, CA", "Phoenix-Mesa-Scottsdale, AZ", "Lubbock, TX",
    "Eugene, OR", "Palestine, TX", "Columbia, SC", "Nashville-Davidson--Murfreesboro--Franklin, TN",
    "Yuba City, CA", "Dallas-Fort Worth-Arlington, TX", "Eureka-Arcata-Fortuna, CA", "Santa Rosa, CA",
    "Minneapolis-St. Paul-Bloomington, MN-WI", "Seattle-Tacoma-Bellevue, WA", "St. Louis, MO-IL"};

constexpr std::array<const char*, 40> first_names_f = {
    "Adelyn", "Aleena", "Alivia", "Amiya", "Anabelle", "Andrea", "Ann", "Ava", "Avery", "Ayla", "Ayleen",
    "Cecilia", "Celeste", "Chloe", "Cienna", "Cierra", "Jacqueline", "Kate", "Lily", "Tegan", "Jayden", "Layla",
    "Mohammad", "Rylan", "Sara", "Sophia", "Stefany", "Theodore", "Una", "Zoe", "Harper", "Emily", "Olivia",
    "Mia", "Isabella", "Madison", "Elena", "Camila", "Naomi", "Ruby"};

constexpr std::array<const char*, 40> first_names_m = {
    "Adler", "Aiden", "Austin", "Braden", "Brantley", "Brayden", "Bronson", "Carlos", "Colm", "Connar", "Ryan",
    "Wyatt", "Samuel", "Jordan", "Kevin", "Liam", "Lucas", "Mason", "Noah", "Oliver", "Elijah", "Ethan", "Jacob",
    "Logan", "Michael", "Matthew", "Henry", "Sebastian", "Jack", "Owen", "Dylan", "Leo", "Isaac", "Caleb",
    "Nathan", "Evan", "Gabriel", "Dominick", "Kaleb", "Rayden"};

constexpr std::array<const char*, 48> last_names = {
    "Jordan", "Barrera", "Hess", "Ramirez", "Kirby", "Terrell", "Davidson", "Simpson", "Butler", "Banks",
    "Rosales", "Robinson", "Martinez", "Watkins", "Johnson", "Wise", "Parker", "West", "Clark", "Harris",
    "Carter", "Owens", "Williams", "Cuevas", "Roth", "Porter", "Freeman", "Finley", "Santana", "Moreno", "Smith",
    "Scott", "Gonzalez", "Koch", "Levine", "Lynch", "Hoffman", "Mccoy", "Perry", "Spencer", "Stewart", "Vega",
    "Cox", "Griffin", "Trujillo", "Anderson", "Bryant", "Lee"};

// ---------------------------------------------------------------------------------------------- sinks

class file_sink {
public:
    file_sink() { buffer_.reserve(capacity + 4096); }
    file_sink(const file_sink&) = delete;
    file_sink& operator=(const file_sink&) = delete;
    ~file_sink() {
        if (file_ != nullptr) std::fclose(file_);
    }

    void open(const std::filesystem::path& path) {
        close();
        file_ = std::fopen(path.string().c_str(), "wb");
        if (file_ == nullptr) {
            throw error("starshift.sparkify.datagen_io", "cannot create " + path.string() + ": " +
                                     std::strerror(errno));
        }
        path_ = path;
    }
    std::string& buffer() { return buffer_; }
    void maybe_flush() {
        if (buffer_.size() >= capacity) flush();
    }
    void flush() {
        if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
            throw error("starshift.sparkify.datagen_io", "cannot write " + path_.string() + ": " +
                                     std::strerror(errno));
        }
        buffer_.clear();
    }
    void close() {
        if (file_ == nullptr) return;
        flush();
        const int rc = std::fclose(file_);
        file_ = nullptr;
        if (rc != 0) {
            throw error("starshift.sparkify.datagen_io", "cannot close " + path_.string() + ": " +
                                     std::strerror(errno));
        }
    }

private:
    static constexpr std::size_t capacity = std::size_t{1} << 20U;
    std::FILE* file_ = nullptr;
    std::filesystem::path path_;
    std::string buffer_;
};

void write_whole_file(const std::filesystem::path& path, std::string_view content) {
    std::FILE* f = std::fopen(path.string().c_str(), "wb");
    if (f == nullptr) {
        throw error("starshift.sparkify.datagen_io", "cannot create " + path.string() + ": " +
                                 std::strerror(errno));
    }
    const bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
    const bool closed = std::fclose(f) == 0;
    if (!ok || !closed) {
        throw error("starshift.sparkify.datagen_io", "cannot write " + path.string());
    }
}

void make_dirs(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        throw error("starshift.sparkify.datagen_io", "cannot create directory " + dir.string() + ": " +
                                 ec.message());
    }
}

void append_2(std::string& out, unsigned v) {
    out.push_back(static_cast<char>('0' + v / 10U));
    out.push_back(static_cast<char>('0' + v % 10U));
}

// ---------------------------------------------------------------------------------------------- the model

constexpr std::uint64_t tag_song = 1;
constexpr std::uint64_t tag_artist = 2;
constexpr std::uint64_t tag_user = 3;
constexpr std::uint64_t tag_session = 4;
constexpr std::uint64_t tag_plan = 5;
constexpr std::uint64_t tag_ids = 6;

constexpr std::int64_t start_epoch_seconds = 1541030400;  // 2018-11-01T00:00:00Z
constexpr std::int64_t seconds_per_day = 86400;
constexpr std::uint64_t ms_suffix = 796;  // every ts and registration in the sample ends in …796 ms

// One word with its JSON-escaped forms (plain, and double-encoded "mojibake" as in the sample's logs).
struct word {
    std::string plain;
    std::string moji;
};

std::vector<word> escape_words(const char* const* first, std::size_t n) {
    std::vector<word> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) out.push_back({escape_json(first[i]), escape_json(mojibake(first[i]))});
    return out;
}

// Text of one song, JSON-escaped and ready to paste between quotes (artist_name may be a bare integer).
struct song_text {
    std::string artist;
    bool artist_is_integer = false;
    std::string title;
    std::int64_t duration_e5 = 0;
    // song-file-only fields
    std::uint64_t artist_index = 0;
    std::string location;
    bool location_is_integer = false;
    bool has_coordinates = false;
    std::int32_t lat_e5 = 0;
    std::int32_t lon_e5 = 0;
    std::uint32_t year = 0;
};

struct user_state {
    std::string id;  // decimal string, as in "userId":"39"
    std::uint16_t first = 0;
    std::uint16_t last = 0;
    std::uint16_t location = 0;
    std::uint16_t agent = 0;
    bool female = false;
    bool paid = false;
    bool active = false;
    std::uint64_t registration_ms = 0;
};

enum class phase : std::uint8_t { logged_out, login, logged_in, done };

enum class page_kind : std::uint8_t {
    next_song, home, login, logout, downgrade, settings, help, about, upgrade, save_settings, error,
    submit_upgrade, submit_downgrade
};

struct page_info {
    const char* name;
    const char* method;
    unsigned status;
};

constexpr std::array<page_info, 13> pages = {{
    {"NextSong", "PUT", 200}, {"Home", "GET", 200}, {"Login", "PUT", 307}, {"Logout", "PUT", 307},
    {"Downgrade", "GET", 200}, {"Settings", "GET", 200}, {"Help", "GET", 200}, {"About", "GET", 200},
    {"Upgrade", "GET", 200}, {"Save Settings", "PUT", 307}, {"Error", "GET", 404},
    {"Submit Upgrade", "PUT", 307}, {"Submit Downgrade", "PUT", 307},
}};

struct session_state {
    std::uint64_t session_id = 0;
    std::uint32_t user = 0;
    std::uint32_t item = 0;
    std::uint32_t remaining = 0;  // logged-in actions left
    std::uint32_t logged_out_seen = 0;
    phase state = phase::logged_in;
    page_kind forced = page_kind::next_song;
    bool has_forced = false;
    std::uint64_t written = 0;  // bytes
    rng r{0};
};

struct heap_entry {
    std::int64_t sec;
    std::uint64_t session_id;
    std::uint32_t slot;
    bool operator>(const heap_entry& o) const {
        return sec != o.sec ? sec > o.sec : session_id > o.session_id;
    }
};

// The share of unmatched NextSong events as the generator draws it (per million; 0 without an unmatched universe).
std::uint64_t unmatched_per_million(const datagen_options& o) {
    if (o.unmatched_universe_factor == 0) return 0;
    const double share = o.unmatched_share < 0.0 ? 0.0 : (o.unmatched_share > 1.0 ? 1.0 : o.unmatched_share);
    return static_cast<std::uint64_t>(share * 1000000.0 + 0.5);
}

class generator {
public:
    generator(const std::filesystem::path& out, const datagen_options& o)
        : out_(out), o_(o), seed_(o.seed),
          titles_(escape_words(title_words.data(), title_words.size())),
          band_nouns_(escape_words(band_nouns.data(), band_nouns.size())),
          band_adjs_(escape_words(band_adjectives.data(), band_adjectives.size())),
          firsts_(escape_words(artist_first.data(), artist_first.size())),
          lasts_(escape_words(artist_last.data(), artist_last.size())),
          songs_(o.songs != 0 ? o.songs : default_songs(o.log_bytes)),
          users_count_(o.users != 0 ? o.users : default_users(o.log_bytes)),
          universe_(static_cast<std::uint64_t>(songs_) * (1U + o.unmatched_universe_factor)),
          catalog_zipf_(songs_, 10),
          unmatched_zipf_(universe_ - songs_ > 0 ? universe_ - songs_ : 1, 10),
          user_zipf_(users_count_, 1) {
        for (const city& c : cities) city_names_.push_back(escape_json(c.name));
        for (const char* a : user_agents) agents_.push_back(escape_json(a));
        for (const char* x : title_suffixes) suffixes_.push_back(escape_json(x));
        unmatched_per_million_ = unmatched_per_million(o);
    }

    datagen_result run() {
        make_dirs(out_);
        const std::string jsonpath = log_json_path_content();
        write_whole_file(out_ / "log_json_path.json", jsonpath);
        result_.bytes += jsonpath.size();
        // Song files (many small files: file-system bound) are written on a second thread while the logs are
        // generated; both outputs are deterministic and independent, and make_song() only reads shared state.
        std::exception_ptr song_error;
        std::uint64_t song_files = 0;
        std::uint64_t song_bytes = 0;
        std::thread songs([&] {
            try {
                write_songs(song_files, song_bytes);
            } catch (...) {
                song_error = std::current_exception();
            }
        });
        std::exception_ptr log_error;
        try {
            write_logs();
        } catch (...) {
            log_error = std::current_exception();
        }
        songs.join();
        if (log_error) std::rethrow_exception(log_error);
        if (song_error) std::rethrow_exception(song_error);
        result_.song_files = song_files;
        result_.song_bytes = song_bytes;
        result_.bytes += result_.song_bytes + result_.log_bytes;
        return result_;
    }

private:
    // ------------------------------------------------------------------------------------------ songs

    // A word; words with non-ASCII letters are drawn rarely (about 3% of draws), as in the sample.
    const std::string& w(const std::vector<word>& words, rng& r, bool moji) const {
        const word* x = &words[static_cast<std::size_t>(r.below(words.size()))];
        for (int retry = 0; retry < 4 && x->plain.find('\\') != std::string::npos && !r.chance(100); ++retry) {
            x = &words[static_cast<std::size_t>(r.below(words.size()))];
        }
        return moji ? x->moji : x->plain;
    }

    // Two words, `first` then `second` (drawn in that order), with a space between.
    void two_words(const std::vector<word>& first, const std::vector<word>& second, rng& r, bool moji,
                   std::string& out) const {
        out += w(first, r, moji);
        out += ' ';
        out += w(second, r, moji);
    }

    void artist_name(std::uint64_t a, rng& r, bool moji, std::string& out) const {
        switch (r.below(16)) {
            case 0: case 1: case 2:
                out += "The ";
                two_words(band_adjs_, band_nouns_, r, moji, out);
                break;
            case 3: case 4: case 5: case 6: case 7:
                two_words(firsts_, lasts_, r, moji, out);
                break;
            case 8: case 9:
                two_words(titles_, band_nouns_, r, moji, out);
                break;
            case 10:
                out += "DJ ";
                out += w(titles_, r, moji);
                break;
            case 11:
                two_words(firsts_, lasts_, r, moji, out);
                out += " & The ";
                out += w(band_nouns_, r, moji);
                break;
            case 12:
                two_words(firsts_, lasts_, r, moji, out);
                out += " \\/ ";
                two_words(firsts_, lasts_, r, moji, out);
                break;
            case 13:
                two_words(band_adjs_, titles_, r, moji, out);
                break;
            default:
                two_words(titles_, lasts_, r, moji, out);
                break;
        }
        // A numeric suffix keeps names of distinct artists mostly distinct at large scale.
        if (a >= 4096 && r.chance(500)) {
            out.push_back(' ');
            append_uint(out, a % 997U);
        }
    }

    // Deterministic function of (seed, index): the same song text every time it is needed.
    void make_song(std::uint64_t index, bool moji_allowed, song_text& s) const {
        rng r(hash3(seed_, tag_song, index));
        s.artist.clear();
        s.title.clear();
        // Artist: mostly its own, sometimes one of the prolific low-index artists.
        std::uint64_t a = index;
        if (r.chance(130)) {
            const std::uint64_t k = std::max<std::uint64_t>(8, universe_ / 40);
            a = r.below(r.below(k) + 1);
        }
        s.artist_index = a;
        const bool moji = moji_allowed && r.chance(500);
        rng ar(hash3(seed_, tag_artist, a));
        const bool variant_prone = ar.chance(60);
        s.artist_is_integer = ar.chance(2);
        const bool location_integer = ar.chance(2);
        if (s.artist_is_integer) {
            append_uint(s.artist, 1 + ar.below(3000));
        } else {
            artist_name(a, ar, moji, s.artist);
        }
        // Location and coordinates of the artist.
        const std::uint32_t loc_roll = ar.below32(1000);
        std::size_t city_index = static_cast<std::size_t>(ar.below(cities.size()));
        s.location.clear();
        s.location_is_integer = false;
        s.has_coordinates = false;
        if (location_integer) {
            s.location_is_integer = true;
            append_uint(s.location, 1 + ar.below(200));
        } else if (loc_roll >= 490) {
            s.location = city_names_[city_index];
            s.has_coordinates = loc_roll >= 650;
            s.lat_e5 = cities[city_index].lat_e5;
            s.lon_e5 = cities[city_index].lon_e5;
        }
        if (variant_prone && !s.artist_is_integer) {
            switch (r.below(3)) {
                case 1:
                    s.artist += " featuring ";
                    two_words(firsts_, lasts_, r, moji, s.artist);
                    city_index = static_cast<std::size_t>(r.below(cities.size()));
                    s.location = city_names_[city_index];
                    s.location_is_integer = false;
                    s.has_coordinates = true;
                    s.lat_e5 = cities[city_index].lat_e5;
                    s.lon_e5 = cities[city_index].lon_e5;
                    break;
                case 2:
                    s.artist += " & ";
                    s.artist += w(firsts_, r, moji);
                    s.location.clear();
                    s.location_is_integer = false;
                    s.has_coordinates = false;
                    break;
                default: break;
            }
        }
        // Title: 1-5 words, sometimes a version suffix, rarely quotes or a trailing space.
        const std::uint64_t n_words = 1 + r.below(3) + r.below(3);
        for (std::uint64_t i = 0; i < n_words; ++i) {
            if (i != 0) s.title.push_back(' ');
            s.title += w(titles_, r, moji);
        }
        const std::uint32_t title_roll = r.below32(1000);
        if (title_roll < 80) {
            s.title += suffixes_[static_cast<std::size_t>(r.below(suffixes_.size()))];
        } else if (title_roll < 85) {
            s.title += " (From \\\"";
            s.title += w(titles_, r, moji);
            s.title += "\\\")";
        } else if (title_roll < 86) {
            s.title.push_back(' ');
        }
        if (index >= 4096 && r.chance(300)) {
            s.title += " Part ";
            append_uint(s.title, index % 89U + 2U);
        }
        // Duration in 1e-5 s: mostly 2-7 minutes, some short, some very long.
        const std::uint32_t d_roll = r.below32(100);
        if (d_roll < 3) {
            s.duration_e5 = static_cast<std::int64_t>(1000000 + r.below(11000000));
        } else if (d_roll < 8) {
            s.duration_e5 = static_cast<std::int64_t>(42000000 + r.below(96000000));
        } else {
            s.duration_e5 = static_cast<std::int64_t>(12000000 + r.below(12000000) + r.below(12000000) +
                                                      r.below(6000000));
        }
        s.year = r.chance(300) ? 0U : static_cast<std::uint32_t>(2010 - std::min(r.below(57), r.below(57)));
    }

    void append_id(std::string& out, const char* prefix, rng& r, const char* middle, std::uint64_t unique,
                   unsigned hex_digits) const {
        static constexpr char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        static constexpr char hex[] = "0123456789ABCDEF";
        out += prefix;
        for (int i = 0; i < 5; ++i) out.push_back(alnum[r.below(36)]);
        out += middle;
        for (unsigned i = hex_digits; i-- > 0;) out.push_back(hex[(unique >> (4U * i)) & 0xFU]);
    }

    void write_songs(std::uint64_t& files, std::uint64_t& bytes) const {
        // Leaf folders A/X/Y, about 20 songs each, like the sample's partial download (A/A/A … A/D/H).
        const std::uint64_t leaves = std::max<std::uint64_t>(1, songs_ / 20);
        const std::uint64_t second_letters = std::min<std::uint64_t>(26, (leaves + 25) / 26);
        const std::filesystem::path root = out_ / "song_data" / "A";
        for (std::uint64_t x = 0; x < second_letters; ++x) {
            for (char y = 'A'; y <= 'Z'; ++y) {
                make_dirs(root / std::string(1, static_cast<char>('A' + x)) / std::string(1, y));
            }
        }
        song_text s;
        std::string json;
        std::string track;
        std::string name;
        const std::uint64_t id_key = hash3(seed_, tag_ids, 0);
        for (std::uint64_t i = 0; i < songs_; ++i) {
            make_song(i, false, s);
            rng r(hash3(seed_, tag_ids, i + 1));
            rng ar(hash3(seed_, tag_ids, 0x8000000000000000ULL + s.artist_index));
            track.clear();
            track += "TRA";
            track.push_back(static_cast<char>('A' + r.below(second_letters)));
            for (int k = 0; k < 3; ++k) track.push_back(static_cast<char>('A' + r.below(26)));
            track += "128";
            track.push_back(r.chance(900) ? 'F' : 'E');
            static constexpr char hex[] = "0123456789ABCDEF";
            const std::uint64_t unique = permute_bits(i, 28, id_key);
            for (unsigned k = 7; k-- > 0;) track.push_back(hex[(unique >> (4U * k)) & 0xFU]);

            json.clear();
            json += "{\"artist_id\":\"";
            append_id(json, "AR", ar, "1187", permute_bits(s.artist_index, 28, id_key >> 7U), 7);
            json += "\",\"artist_latitude\":";
            if (s.has_coordinates) append_e5(json, s.lat_e5); else json += "null";
            json += ",\"artist_location\":";
            append_bare_or_string(json, s.location, s.location_is_integer);
            json += ",\"artist_longitude\":";
            if (s.has_coordinates) append_e5(json, s.lon_e5); else json += "null";
            json += ",\"artist_name\":";
            append_bare_or_string(json, s.artist, s.artist_is_integer);
            json += ",\"duration\":";
            append_e5(json, s.duration_e5);
            json += ",\"num_songs\":1,\"song_id\":\"";
            append_id(json, "SO", r, "12A", permute_bits(i, 32, id_key >> 3U), 8);
            json += "\",\"title\":\"";
            json += s.title;
            json += "\",\"year\":";
            append_uint(json, s.year);
            json.push_back('}');

            name = track;
            name += ".json";
            write_whole_file(root / std::string(1, track[3]) / std::string(1, track[4]) / name, json);
            ++files;
            bytes += json.size();
        }
    }

    // ------------------------------------------------------------------------------------------ logs

    void make_users() {
        users_.resize(users_count_);
        rng r(hash3(seed_, tag_user, 0));
        std::vector<std::uint32_t> ids(users_count_);
        for (std::uint32_t i = 0; i < users_count_; ++i) ids[i] = i + 1;
        for (std::uint32_t i = users_count_; i > 1; --i) std::swap(ids[i - 1], ids[r.below(i)]);
        for (std::uint32_t i = 0; i < users_count_; ++i) {
            user_state& u = users_[i];
            u.id = std::to_string(ids[i]);
            u.female = r.chance(500);
            u.first = static_cast<std::uint16_t>(r.below(first_names_f.size()));
            u.last = static_cast<std::uint16_t>(r.below(last_names.size()));
            u.location = static_cast<std::uint16_t>(r.below(r.below(user_locations.size()) + 1));
            u.agent = static_cast<std::uint16_t>(r.below(r.below(agents_.size()) + 1));
            u.paid = r.chance(i < users_count_ / 5 ? 750 : 400);
            const auto back_seconds = static_cast<std::uint64_t>(r.below(45ULL * 86400ULL));
            u.registration_ms =
                (static_cast<std::uint64_t>(start_epoch_seconds) - back_seconds) * 1000U + ms_suffix;
        }
    }

    // Logged-in page, weighted like the sample (per ~10,000 logged-in events).
    page_kind pick_logged_in_page(session_state& s) {
        const bool paid = users_[s.user].paid;
        struct weighted {
            page_kind kind;
            std::uint32_t weight;
        };
        const std::array<weighted, 8> table = {{
            {page_kind::next_song, 8780}, {page_kind::home, 700}, {page_kind::logout, 116},
            {paid ? page_kind::downgrade : page_kind::upgrade, paid ? 99U : 125U}, {page_kind::settings, 72},
            {page_kind::help, 49}, {page_kind::about, 28}, {page_kind::error, 12},
        }};
        std::uint32_t total = 0;
        for (const auto& t : table) total += t.weight;
        std::uint32_t u = s.r.below32(total);
        for (const auto& t : table) {
            if (u < t.weight) return t.kind;
            u -= t.weight;
        }
        return page_kind::next_song;
    }

    std::uint32_t plan_actions(rng& r) {
        const std::uint32_t b = r.below32(100);
        if (b < 40) return 1 + r.below32(3);
        if (b < 75) return 4 + r.below32(7);
        if (b < 93) return 11 + r.below32(20);
        if (b < 99) return 31 + r.below32(50);
        return 81 + r.below32(70);
    }

    void open_day(std::int64_t day) {
        sink_.close();
        const civil_date date = civil_from_days(start_epoch_seconds / seconds_per_day + day);
        std::string y = std::to_string(date.year);
        std::string m;
        append_2(m, static_cast<unsigned>(date.month));
        std::string file = y + "-" + m + "-";
        append_2(file, static_cast<unsigned>(date.day));
        file += "-events.json";
        const std::filesystem::path dir = out_ / "log_data" / y / m;
        make_dirs(dir);
        sink_.open(dir / file);
        first_in_file_ = true;
        ++result_.log_files;
    }

    // Writes one event of session s at time sec, then decides what the session does next.
    // Returns the time of the session's next event, or -1 when the session ends.
    std::int64_t emit(session_state& s, std::int64_t sec) {
        user_state& u = users_[s.user];
        const bool logged_in = s.state == phase::logged_in;
        const page_kind page = next_page(s);
        std::string& b = sink_.buffer();
        const std::size_t before = b.size();
        if (!first_in_file_) b.push_back('\n');
        first_in_file_ = false;
        const bool matched = page == page_kind::next_song && pick_song(s);
        write_event_start(b, s, u, page, logged_in);
        write_event_end(b, s, u, page, logged_in, sec);
        count_event(s, b.size() - before, page, matched);
        sink_.maybe_flush();
        ++s.item;
        const std::int64_t gap = gap_after(s, u, page);
        return next_event_time(s, logged_in, page, sec, gap);
    }

    page_kind next_page(session_state& s) {
        if (s.state == phase::logged_out) {
            const std::uint32_t roll = s.r.below32(100);
            return roll < 85 ? page_kind::home : (roll < 94 ? page_kind::about : page_kind::help);
        }
        if (s.state == phase::login) return page_kind::login;
        if (s.has_forced) {
            s.has_forced = false;
            return s.forced;
        }
        return pick_logged_in_page(s);
    }

    // The song of a NextSong event into song_; false when it is one of the unmatched songs (not in the catalog).
    bool pick_song(session_state& s) {
        const bool unmatched = s.r.below(1000000) < unmatched_per_million_;
        const std::uint64_t index = unmatched ? songs_ + unmatched_zipf_.sample(s.r) : catalog_zipf_.sample(s.r);
        make_song(index, unmatched, song_);
        return !unmatched;
    }

    // The event's JSON from "artist" to "length".
    void write_event_start(std::string& b, const session_state& s, const user_state& u, page_kind page,
                           bool logged_in) const {
        if (page == page_kind::next_song) {
            b += "{\"artist\":\"";
            b += song_.artist;
            b += "\",\"auth\":\"Logged In\",\"firstName\":\"";
        } else {
            b += "{\"artist\":null,\"auth\":";
            b += logged_in ? "\"Logged In\",\"firstName\":\"" : "\"Logged Out\",\"firstName\":";
        }
        if (logged_in) {
            b += u.female ? first_names_f[u.first] : first_names_m[u.first];
            b += u.female ? "\",\"gender\":\"F\",\"itemInSession\":" : "\",\"gender\":\"M\",\"itemInSession\":";
        } else {
            b += "null,\"gender\":null,\"itemInSession\":";
        }
        append_uint(b, s.item);
        if (logged_in) {
            b += ",\"lastName\":\"";
            b += last_names[u.last];
            b += "\",\"length\":";
        } else {
            b += ",\"lastName\":null,\"length\":";
        }
        if (page == page_kind::next_song) append_e5(b, song_.duration_e5); else b += "null";
    }

    // The event's JSON from "level" to the end.
    void write_event_end(std::string& b, const session_state& s, const user_state& u, page_kind page, bool logged_in,
                         std::int64_t sec) const {
        b += u.paid ? ",\"level\":\"paid\",\"location\":" : ",\"level\":\"free\",\"location\":";
        if (logged_in) {
            b.push_back('"');
            b += user_locations[u.location];
            b.push_back('"');
        } else {
            b += "null";
        }
        const page_info& info = pages[static_cast<std::size_t>(page)];
        b += ",\"method\":\"";
        b += info.method;
        b += "\",\"page\":\"";
        b += info.name;
        b += "\",\"registration\":";
        if (logged_in) {
            append_uint(b, u.registration_ms);
            b += ".0";
        } else {
            b += "null";
        }
        b += ",\"sessionId\":";
        append_uint(b, s.session_id);
        b += ",\"song\":";
        if (page == page_kind::next_song) {
            b.push_back('"');
            b += song_.title;
            b.push_back('"');
        } else {
            b += "null";
        }
        b += ",\"status\":";
        append_uint(b, info.status);
        b += ",\"ts\":";
        append_uint(b, static_cast<std::uint64_t>(sec) * 1000U + ms_suffix);
        if (logged_in) {
            b += ",\"userAgent\":\"";
            b += agents_[u.agent];
            b += "\",\"userId\":\"";
            b += u.id;
            b += "\"}";
        } else {
            b += ",\"userAgent\":null,\"userId\":\"\"}";
        }
    }

    void count_event(session_state& s, std::size_t written, page_kind page, bool matched) {
        s.written += written;
        result_.log_bytes += written;
        ++result_.events;
        if (page == page_kind::next_song) {
            ++result_.next_song_events;
            if (matched) ++result_.matched_events;
        }
    }

    // Seconds until the session's next event after this page; the page may force the next one or change the
    // session's phase or the user's level.
    std::int64_t gap_after(session_state& s, user_state& u, page_kind page) {
        switch (page) {
            case page_kind::next_song: {
                const std::int64_t len = song_.duration_e5 / 100000;
                return s.r.chance(150) ? static_cast<std::int64_t>(s.r.below(static_cast<std::uint64_t>(len) + 1))
                                       : len + static_cast<std::int64_t>(s.r.below(5));
            }
            case page_kind::login:
                s.state = phase::logged_in;
                s.has_forced = true;
                s.forced = page_kind::home;
                return static_cast<std::int64_t>(s.r.below(30));
            case page_kind::logout:
                s.state = phase::logged_out;
                s.logged_out_seen = 0;
                return static_cast<std::int64_t>(s.r.below(300));
            case page_kind::settings: return maybe_force(s, 180, page_kind::save_settings, 60);
            case page_kind::upgrade: return maybe_force(s, 350, page_kind::submit_upgrade, 60);
            case page_kind::downgrade: return maybe_force(s, 80, page_kind::submit_downgrade, 60);
            case page_kind::submit_upgrade:
                u.paid = true;  // the Submit event carries the old level, later events the new one
                return static_cast<std::int64_t>(s.r.below(20));
            case page_kind::submit_downgrade:
                u.paid = false;
                return static_cast<std::int64_t>(s.r.below(20));
            default: return static_cast<std::int64_t>(s.r.below(90));
        }
    }

    // With probability per_mille / 1000 the next page is `forced`; then a gap below max_gap seconds.
    static std::int64_t maybe_force(session_state& s, std::uint32_t per_mille, page_kind forced, std::uint64_t max_gap) {
        if (s.r.chance(per_mille)) {
            s.has_forced = true;
            s.forced = forced;
        }
        return static_cast<std::int64_t>(s.r.below(max_gap));
    }

    // The time of the session's next event, or -1 when it ends (logged out for a while, or out of planned actions).
    std::int64_t next_event_time(session_state& s, bool logged_in, page_kind page, std::int64_t sec,
                                 std::int64_t gap) {
        if (s.state == phase::logged_out) {
            if (!logged_in) {
                ++s.logged_out_seen;
                const std::uint32_t roll = s.r.below32(100);
                if (roll < 60) {
                    s.state = phase::login;
                } else if (roll < 90 || s.logged_out_seen >= 3) {
                    return -1;
                }
                gap = static_cast<std::int64_t>(s.r.below(120));
            }
            return sec + gap;
        }
        if (logged_in && page != page_kind::logout && !s.has_forced) {
            if (s.remaining <= 1) return -1;
            --s.remaining;
        }
        return sec + gap;
    }

    std::uint32_t pick_user(rng& r) {
        std::uint32_t u = 0;
        for (int attempt = 0; attempt < 8; ++attempt) {
            u = static_cast<std::uint32_t>(user_zipf_.sample(r));
            if (!users_[u].active) break;
        }
        return u;
    }

    void write_logs() {
        make_users();
        make_dirs(out_ / "log_data");
        const std::uint64_t days = o_.days;
        const std::uint64_t slots = days * 24U;
        // Slot weights: activity grows through the period (as in the sample), with a daily rhythm and noise.
        rng plan(hash3(seed_, tag_plan, 0));
        static constexpr std::array<std::uint32_t, 24> hourly = {
            40, 30, 25, 20, 20, 25, 35, 50, 65, 75, 80, 85, 90, 90, 90, 95, 100, 100, 100, 95, 90, 80, 65, 50};
        std::vector<std::uint64_t> weights(static_cast<std::size_t>(slots));
        std::uint64_t remaining_weight = 0;
        for (std::uint64_t d = 0; d < days; ++d) {
            const std::uint64_t day_weight = 1000 + (1000 * d) / std::max<std::uint64_t>(1, days - 1) + plan.below(400);
            for (std::uint64_t h = 0; h < 24; ++h) {
                weights[static_cast<std::size_t>(d * 24 + h)] = day_weight * hourly[static_cast<std::size_t>(h)];
                remaining_weight += day_weight * hourly[static_cast<std::size_t>(h)];
            }
        }

        std::vector<session_state> pool;
        std::vector<std::uint32_t> free_slots;
        std::priority_queue<heap_entry, std::vector<heap_entry>, std::greater<>> heap;
        std::uint64_t next_session_id = 1 + plan.below(50);
        std::uint64_t completed_sessions = 0;
        std::uint64_t completed_bytes = 0;
        std::uint64_t active_sessions = 0;
        const std::int64_t end_sec = start_epoch_seconds + static_cast<std::int64_t>(days) * seconds_per_day;
        std::int64_t current_day = -1;

        auto finish_session = [&](std::uint32_t slot) {
            session_state& s = pool[slot];
            users_[s.user].active = false;
            completed_bytes += s.written;
            ++completed_sessions;
            --active_sessions;
            free_slots.push_back(slot);
        };

        auto drain_until = [&](std::int64_t limit) {
            while (!heap.empty() && heap.top().sec < limit) {
                const heap_entry e = heap.top();
                heap.pop();
                const std::int64_t day = (e.sec - start_epoch_seconds) / seconds_per_day;
                while (current_day < day) open_day(++current_day);
                session_state& s = pool[e.slot];
                const std::int64_t next = emit(s, e.sec);
                if (next < 0 || next >= end_sec) {
                    finish_session(e.slot);
                } else {
                    heap.push({next, s.session_id, e.slot});
                }
            }
        };

        for (std::uint64_t slot = 0; slot < slots; ++slot) {
            const std::int64_t slot_start = start_epoch_seconds + static_cast<std::int64_t>(slot) * 3600;
            drain_until(slot_start);
            // Bytes per session: measured once enough sessions completed, else a prior.
            const std::uint64_t per_session =
                completed_sessions >= 30 ? std::max<std::uint64_t>(1, completed_bytes / completed_sessions) : 6000;
            // Sessions still running are assumed half done.
            const std::uint64_t committed = result_.log_bytes + active_sessions * per_session / 2;
            const std::uint64_t remaining_bytes = o_.log_bytes > committed ? o_.log_bytes - committed : 0;
            const std::uint64_t w = weights[static_cast<std::size_t>(slot)];
            // remaining_bytes * w / remaining_weight in integers (no long double: its width differs by platform).
            const std::uint64_t rw = std::max<std::uint64_t>(1, remaining_weight);
            const std::uint64_t slot_target = (remaining_bytes / rw) * w + (remaining_bytes % rw) * w / rw;
            remaining_weight -= w;
            std::uint64_t n = slot_target / per_session;
            if (plan.below(per_session) < slot_target % per_session) ++n;
            for (std::uint64_t k = 0; k < n; ++k) {
                const std::int64_t start =
                    slot_start + static_cast<std::int64_t>((k * 3600 + plan.below(3600)) / n);
                std::uint32_t idx = 0;
                if (!free_slots.empty()) {
                    idx = free_slots.back();
                    free_slots.pop_back();
                } else {
                    idx = static_cast<std::uint32_t>(pool.size());
                    pool.emplace_back();
                }
                session_state& s = pool[idx];
                s = session_state{};
                s.session_id = next_session_id++;
                s.r = rng(hash3(seed_, tag_session, s.session_id));
                s.user = pick_user(s.r);
                users_[s.user].active = true;
                s.remaining = plan_actions(s.r);
                s.state = s.r.chance(110) ? phase::logged_out : phase::logged_in;
                ++active_sessions;
                heap.push({start, s.session_id, idx});
            }
        }
        drain_until(end_sec);
        while (!heap.empty()) {
            finish_session(heap.top().slot);
            heap.pop();
        }
        while (current_day + 1 < static_cast<std::int64_t>(days)) open_day(++current_day);
        sink_.close();
    }

    std::filesystem::path out_;
    datagen_options o_;
    std::uint64_t seed_;
    std::vector<word> titles_;
    std::vector<word> band_nouns_;
    std::vector<word> band_adjs_;
    std::vector<word> firsts_;
    std::vector<word> lasts_;
    std::vector<std::string> city_names_;
    std::vector<std::string> agents_;
    std::vector<std::string> suffixes_;
    std::uint32_t songs_;
    std::uint32_t users_count_;
    std::uint64_t universe_;
    zipf_table catalog_zipf_;
    zipf_table unmatched_zipf_;
    zipf_table user_zipf_;
    std::uint64_t unmatched_per_million_ = 0;
    std::vector<user_state> users_;
    file_sink sink_;
    bool first_in_file_ = true;
    song_text song_;
    datagen_result result_;
};

std::uint64_t isqrt(std::uint64_t v) {
    std::uint64_t lo = 0;
    std::uint64_t hi = std::min<std::uint64_t>(v, 0xFFFFFFFFULL) + 1;
    while (hi - lo > 1) {
        const std::uint64_t mid = lo + (hi - lo) / 2;
        if (mid * mid <= v) lo = mid; else hi = mid;
    }
    return lo;
}

}  // namespace

std::uint32_t default_songs(std::uint64_t log_bytes) {
    // 2000 * sqrt(log_bytes / 10 MB), at least 100.
    const std::uint64_t v = 2000U * isqrt(log_bytes * 100U / datagen_default_log_bytes) / 10U;
    return static_cast<std::uint32_t>(std::clamp<std::uint64_t>(v, 100, 50000000));
}

std::uint32_t default_users(std::uint64_t log_bytes) {
    return static_cast<std::uint32_t>(std::clamp<std::uint64_t>(log_bytes / 100000U, 20, 10000000));
}

std::optional<std::uint64_t> parse_size(std::string_view text) {
    std::size_t i = 0;
    std::uint64_t whole = 0;
    std::uint64_t frac = 0;
    std::uint64_t frac_scale = 1;
    bool digits = false;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        if (whole > 1000000000000000ULL) return std::nullopt;
        whole = whole * 10 + static_cast<std::uint64_t>(text[i] - '0');
        digits = true;
        ++i;
    }
    if (i < text.size() && text[i] == '.') {
        ++i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            if (frac_scale < 1000000000ULL) {
                frac = frac * 10 + static_cast<std::uint64_t>(text[i] - '0');
                frac_scale *= 10;
            }
            digits = true;
            ++i;
        }
    }
    if (!digits) return std::nullopt;
    std::string unit;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ' ') continue;
        unit.push_back(static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
    }
    std::uint64_t mult = 0;
    if (unit.empty() || unit == "B") mult = 1;
    else if (unit == "K" || unit == "KB") mult = 1000ULL;
    else if (unit == "M" || unit == "MB") mult = 1000ULL * 1000ULL;
    else if (unit == "G" || unit == "GB") mult = 1000ULL * 1000ULL * 1000ULL;
    else if (unit == "T" || unit == "TB") mult = 1000ULL * 1000ULL * 1000ULL * 1000ULL;
    else if (unit == "KIB") mult = 1ULL << 10U;
    else if (unit == "MIB") mult = 1ULL << 20U;
    else if (unit == "GIB") mult = 1ULL << 30U;
    else if (unit == "TIB") mult = 1ULL << 40U;
    else return std::nullopt;
    if (whole > (~0ULL) / mult) return std::nullopt;
    return whole * mult + (frac * mult) / frac_scale;
}

std::string log_json_path_content() {
    static constexpr std::array<const char*, 18> keys = {
        "artist", "auth", "firstName", "gender", "itemInSession", "lastName", "length", "level", "location",
        "method", "page", "registration", "sessionId", "song", "status", "ts", "userAgent", "userId"};
    std::string out = "{\n    \"jsonpaths\": [\n";
    for (std::size_t i = 0; i < keys.size(); ++i) {
        out += "        \"$['";
        out += keys[i];
        out += i + 1 < keys.size() ? "']\",\n" : "']\"\n";
    }
    out += "    ]\n}";
    return out;
}

// ------------------------------------------------------------------------------------------ the data directory

namespace {

namespace fs = std::filesystem;

[[noreturn]] void refuse_dir(const fs::path& dir, const std::string& why) {
    throw error("starshift.sparkify.datagen_dir_not_empty", dir.string() + " " + why);
}

bool digits(std::string_view s, std::size_t n) {
    return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
bool letter(std::string_view s) { return s.size() == 1 && s[0] >= 'A' && s[0] <= 'Z'; }
bool ends_with(std::string_view s, std::string_view e) {
    return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
}

// Paths (relative to the data directory, as parts) a generation writes: folders on the way and files.
bool generated_folder(const std::vector<std::string>& p) {
    if (p[0] == "song_data") {
        return p.size() == 1 || (p.size() <= 4 && p[1] == "A" && (p.size() < 3 || letter(p[2])) &&
                                 (p.size() < 4 || letter(p[3])));
    }
    if (p[0] == "log_data") {
        return p.size() == 1 || (p.size() <= 3 && digits(p[1], 4) && (p.size() < 3 || digits(p[2], 2)));
    }
    return false;
}
bool generated_song_file(const std::vector<std::string>& p) {
    return p.size() == 5 && p[0] == "song_data" && p[1] == "A" && letter(p[2]) && letter(p[3]) &&
           p[4].rfind("TR", 0) == 0 && ends_with(p[4], ".json");
}
bool generated_log_file(const std::vector<std::string>& p) {
    // log_data/YYYY/MM/YYYY-MM-DD-events.json
    if (p.size() != 4 || p[0] != "log_data" || !digits(p[1], 4) || !digits(p[2], 2)) return false;
    const std::string& f = p[3];
    return f.size() == 22 && f.compare(0, 4, p[1]) == 0 && f[4] == '-' && f.compare(5, 2, p[2]) == 0 &&
           f[7] == '-' && digits(std::string_view(f).substr(8, 2), 2) && ends_with(f, "-events.json");
}

struct dir_content {
    bool empty = true;
    std::vector<fs::path> files;    // generated files, manifest included
    std::vector<fs::path> folders;  // generated folders, parents before children
    std::vector<std::string> foreign;
    std::uint64_t song_files = 0;
    std::uint64_t log_files = 0;
    bool manifest = false;
};

dir_content scan_dir(const fs::path& dir) {
    dir_content c;
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, ec);
    for (const fs::recursive_directory_iterator end; !ec && it != end; it.increment(ec)) {
        c.empty = false;
        const fs::path rel = it->path().lexically_relative(dir);
        std::vector<std::string> parts;
        for (const auto& part : rel) parts.push_back(part.string());
        std::error_code sec;
        const auto st = it->symlink_status(sec);  // links are never followed, and never generated
        if (fs::is_directory(st)) {
            if (generated_folder(parts)) {
                c.folders.push_back(it->path());
                continue;
            }
            c.foreign.push_back(rel.generic_string() + "/");
            it.disable_recursion_pending();
        } else if (fs::is_regular_file(st) && generated_song_file(parts)) {
            c.files.push_back(it->path());
            ++c.song_files;
        } else if (fs::is_regular_file(st) && generated_log_file(parts)) {
            c.files.push_back(it->path());
            ++c.log_files;
        } else if (fs::is_regular_file(st) && parts.size() == 1 &&
                   (parts[0] == "log_json_path.json" || parts[0] == datagen_manifest_name)) {
            c.files.push_back(it->path());
            c.manifest = c.manifest || parts[0] == datagen_manifest_name;
        } else {
            c.foreign.push_back(rel.generic_string());
        }
    }
    if (ec) {
        throw error("starshift.sparkify.datagen_io", "cannot list " + dir.string() + ": " + ec.message());
    }
    return c;
}

// A manifest's top-level members as compact JSON texts; std::nullopt when it is not one JSON object.
std::optional<std::map<std::string, std::string>> manifest_fields(const std::string& text) {
    simdjson::dom::parser parser;
    simdjson::dom::object object;
    const simdjson::padded_string padded(text);
    if (parser.parse(padded).get(object) != simdjson::SUCCESS) return std::nullopt;
    std::map<std::string, std::string> fields;
    for (const auto field : object) fields[std::string(field.key)] = simdjson::minify(field.value);
    return fields;
}

std::string read_manifest_text(const fs::path& path) {
    std::FILE* f = std::fopen(path.string().c_str(), "rb");
    if (f == nullptr) {
        throw error("starshift.sparkify.datagen_io", "cannot open " + path.string() + ": " +
                                 std::strerror(errno));
    }
    std::string text;
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0 && text.size() < (1U << 16U);) text.append(buf, n);
    std::fclose(f);
    return text;
}

// How the generation in `dir` differs from the one `options` asks for; empty when it is the same.
std::string difference(const fs::path& dir, const dir_content& c, const datagen_options& options) {
    if (!c.manifest) {
        return "has no " + std::string(datagen_manifest_name) + " (an interrupted run or an older generator)";
    }
    const auto have = manifest_fields(read_manifest_text(dir / datagen_manifest_name));
    const auto want = manifest_fields(datagen_manifest(options));
    if (!have) return "has a " + std::string(datagen_manifest_name) + " that is not a JSON object";
    std::string out;
    for (const auto& [key, value] : *want) {
        const auto h = have->find(key);
        const std::string old = h == have->end() ? "(none)" : h->second;
        if (old != value) out += (out.empty() ? "" : ", ") + key + " " + old + " (this run: " + value + ")";
    }
    if (!out.empty()) return "holds another generation: " + out;
    const std::uint64_t songs = options.songs != 0 ? options.songs : default_songs(options.log_bytes);
    if (c.song_files > songs || c.log_files > options.days) {
        return "holds more files than its generation wrote (" + std::to_string(c.song_files) + " song files, " +
               std::to_string(c.log_files) + " log files; the generation writes " + std::to_string(songs) + " and " +
               std::to_string(options.days) + ")";
    }
    return {};
}

}  // namespace

void prepare_data_dir(const fs::path& dir, const datagen_options& options, existing_data existing) {
    std::error_code ec;
    const auto st = fs::status(dir, ec);
    if (!fs::exists(st)) return;
    if (!fs::is_directory(st)) refuse_dir(dir, "exists and is not a directory");
    const dir_content c = scan_dir(dir);
    if (c.empty) return;
    if (!c.foreign.empty()) {
        std::string names;
        for (std::size_t i = 0; i < c.foreign.size() && i < 5; ++i) names += (i == 0 ? "" : ", ") + c.foreign[i];
        if (c.foreign.size() > 5) names += ", and " + std::to_string(c.foreign.size() - 5) + " more";
        refuse_dir(dir, "holds files a generation does not write (" + names +
                            "): generate into an empty or new directory (--force deletes generated files only)");
    }
    const std::string differs = difference(dir, c, options);
    if (differs.empty()) return;  // the same generation: rewritten byte for byte
    if (existing == existing_data::refuse) {
        refuse_dir(dir, differs + ": use --force to replace it (generated files only) or another directory");
    }
    // The manifest first: an interrupted deletion leaves a directory without one, which is never reused silently.
    fs::remove(dir / datagen_manifest_name, ec);
    for (const auto& f : c.files) {
        if (!fs::remove(f, ec) && ec) {
            throw error("starshift.sparkify.datagen_io", "cannot delete " + f.string() + ": " +
                                     ec.message());
        }
    }
    for (auto f = c.folders.rbegin(); f != c.folders.rend(); ++f) {
        fs::remove(*f, ec);  // only empty folders go: anything left in one stays
    }
}

std::string datagen_manifest(const datagen_options& options) {
    const auto number = [](const char* key, std::uint64_t v) {
        return std::string("  \"") + key + "\": " + std::to_string(v) + ",\n";
    };
    std::string out = "{\n  \"generator\": \"starshift sparkify datagen\",\n";
    out += std::string("  \"datagen_version\": \"") + datagen_version + "\",\n";
    out += number("seed", options.seed);
    out += number("log_bytes", options.log_bytes);
    out += number("days", options.days);
    out += number("songs", options.songs != 0 ? options.songs : default_songs(options.log_bytes));
    out += number("users", options.users != 0 ? options.users : default_users(options.log_bytes));
    out += number("unmatched_per_million", unmatched_per_million(options));
    out += number("unmatched_universe_factor", options.unmatched_universe_factor);
    out += "  \"files\": [\"log_json_path.json\", \"log_data/\", \"song_data/\"]\n}\n";
    return out;
}

datagen_result generate(const std::filesystem::path& out_dir, const datagen_options& options,
                        existing_data existing) {
    if (options.days == 0 || options.days > 3660) {
        throw error("starshift.sparkify.datagen_bad_option", "days must be 1..3660");
    }
    if (!(options.unmatched_share >= 0.0 && options.unmatched_share <= 1.0)) {
        throw error("starshift.sparkify.datagen_bad_option", "unmatched_share must be in [0, 1]");
    }
    const std::uint64_t songs = options.songs != 0 ? options.songs : default_songs(options.log_bytes);
    if (songs * (1ULL + options.unmatched_universe_factor) >= (1ULL << 28U)) {
        throw error("starshift.sparkify.datagen_bad_option", "songs * (1 + unmatched_universe_factor) must be below 2^28");
    }
    if (options.users > 0 && options.users > 50000000U) {
        throw error("starshift.sparkify.datagen_bad_option", "users must be at most 50,000,000");
    }
    prepare_data_dir(out_dir, options, existing);
    generator g(out_dir, options);
    datagen_result r = g.run();
    // Written last: a directory without it holds an interrupted (or pre-manifest) generation.
    write_whole_file(out_dir / datagen_manifest_name, datagen_manifest(options));
    return r;
}

}  // namespace starshift::sparkify
