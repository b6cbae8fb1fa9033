#include "starshift/sparkify/synthetic_data.hpp"

#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "starshift/common/calendar.hpp"
#include "starshift/common/random.hpp"

namespace starshift::sparkify {
namespace {

using tune::column_data;
using tune::table_data;

column_data make_column(const char* name, sql_type type, std::size_t reserve) {
    column_data c;
    c.name = name;
    c.type = std::move(type);
    c.hashes.reserve(reserve);
    c.sort_values.reserve(reserve);
    c.nulls.reserve(reserve);
    return c;
}

std::string song_id_text(std::uint32_t k) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "SO%016X", k * 2654435761U);
    return buf;
}

std::string artist_id_text(std::uint32_t k) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "AR%016X", k * 40503U + 17U);
    return buf;
}

// 2018-11-01 00:00:00 plus `seconds`, as PostgreSQL prints a timestamp.
std::string timestamp_text(std::uint64_t seconds) {
    constexpr std::int64_t start = days_from_civil(2018, 11, 1);
    const civil_date d = civil_from_days(start + static_cast<std::int64_t>(seconds / 86400U));
    const auto rest = static_cast<unsigned>(seconds % 86400U);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d %02u:%02u:%02u", static_cast<long long>(d.year), d.month, d.day,
                  rest / 3600U, rest / 60U % 60U, rest % 60U);
    return buf;
}

}  // namespace

tune::warehouse_data synthetic_tune_data(const synthetic_options& o) {
    seeded_random r{o.seed};
    const zipf_distribution users(o.users), songs(o.songs);
    const auto n = static_cast<std::size_t>(o.songplays);
    std::vector<std::string> song_ids(o.songs), artist_ids(o.artists);
    std::vector<std::uint32_t> song_artist(o.songs);
    for (std::uint32_t k = 0; k < o.songs; ++k) {
        song_ids[k] = song_id_text(k);
        song_artist[k] = static_cast<std::uint32_t>(r.next() % std::max<std::uint32_t>(1, o.artists));
    }
    for (std::uint32_t k = 0; k < o.artists; ++k) artist_ids[k] = artist_id_text(k);

    table_data sp;
    sp.name = "songplays";
    sp.rows = o.songplays;
    sp.row_bytes = 180;
    auto start_time = make_column("start_time", timestamp(), n);
    auto user_id = make_column("user_id", integer(), n);
    auto level = make_column("level", varchar(16), n);
    auto song_id = make_column("song_id", varchar(32), n);
    auto artist_id = make_column("artist_id", varchar(32), n);
    auto location = make_column("location", varchar(512), n);
    table_data tm;
    tm.name = "time";
    tm.rows = o.songplays;
    tm.row_bytes = 45;
    auto tm_start = make_column("start_time", timestamp(), n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::string ts = timestamp_text(static_cast<std::uint64_t>(i) * o.seconds_apart);
        start_time.append(std::string_view(ts));
        tm_start.append(std::string_view(ts));
        const std::uint32_t u = users.sample(r) + 1;
        const std::string ut = std::to_string(u);
        user_id.append(std::string_view(ut));
        level.append(std::string_view(u % 4 == 0 ? "paid" : "free"));
        const std::uint32_t s = songs.sample(r);
        song_id.append(std::string_view(song_ids[s]));
        artist_id.append(std::string_view(artist_ids[song_artist[s]]));
        const std::string loc = "City " + std::to_string(u % std::max<std::uint32_t>(1, o.locations));
        location.append(std::string_view(loc));
    }
    sp.columns = {std::move(start_time), std::move(user_id), std::move(level), std::move(song_id),
                  std::move(artist_id), std::move(location)};
    tm.columns.push_back(std::move(tm_start));

    table_data us;
    us.name = "users";
    us.rows = o.users;
    us.row_bytes = 40;
    auto us_id = make_column("user_id", integer(), o.users);
    for (std::uint32_t u = 1; u <= o.users; ++u) us_id.append(std::string_view(std::to_string(u)));
    us.columns.push_back(std::move(us_id));

    table_data so;
    so.name = "songs";
    so.rows = o.songs;
    so.row_bytes = 90;
    auto so_id = make_column("song_id", varchar(32), o.songs);
    auto so_artist = make_column("artist_id", varchar(32), o.songs);
    for (std::uint32_t k = 0; k < o.songs; ++k) {
        so_id.append(std::string_view(song_ids[k]));
        so_artist.append(std::string_view(artist_ids[song_artist[k]]));
    }
    so.columns = {std::move(so_id), std::move(so_artist)};

    table_data ar;
    ar.name = "artists";
    ar.rows = o.artists;
    ar.row_bytes = 95;
    auto ar_id = make_column("artist_id", varchar(32), o.artists);
    for (std::uint32_t k = 0; k < o.artists; ++k) ar_id.append(std::string_view(artist_ids[k]));
    ar.columns.push_back(std::move(ar_id));

    tune::warehouse_data out;
    out.tables = {std::move(sp), std::move(us), std::move(so), std::move(ar), std::move(tm)};
    return out;
}

}  // namespace starshift::sparkify
