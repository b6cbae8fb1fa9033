// The Sparkify star schema (songplays facts; users, songs, artists, time dimensions) as a warehouse value:
// staging tables, COPY specs, transforms, data-quality checks and analytics queries.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "starshift/model/copy_spec.hpp"
#include "starshift/model/warehouse.hpp"

namespace starshift::sparkify {

// Where the raw data lives and how to authorize reading it. The defaults are Udacity's public bucket; the
// PostgreSQL loader passes local paths instead (nothing here assumes s3://).
struct options {
    std::string log_data = "s3://udacity-dend/log_data";
    std::string log_jsonpath = "s3://udacity-dend/log_json_path.json";
    std::string song_data = "s3://udacity-dend/song_data";
    std::string region = "us-west-2";
    // MAXERROR of both staging COPYs (0: the first bad record fails the COPY).
    std::int64_t maxerror = 0;
    // An example IAM role (AWS's documentation account 123456789012) so that the golden SQL under sql/ is
    // complete. Programs build their options with sparkify::make_options (config.hpp), which never uses it.
    starshift::credentials credentials = default_credentials();

    [[nodiscard]] static starshift::credentials default_credentials() {
        starshift::credentials c;
        c.iam_role = "arn:aws:iam::123456789012:role/dwhRole";
        return c;
    }
};

// Table names, as used in the model (unqualified).
inline constexpr const char* staging_events_table = "staging_events";
inline constexpr const char* staging_songs_table = "staging_songs";
inline constexpr const char* songplays_table = "songplays";
inline constexpr const char* users_table = "users";
inline constexpr const char* songs_table = "songs";
inline constexpr const char* artists_table = "artists";
inline constexpr const char* time_table = "time";

// The log record's JSON keys in jsonpaths order, each with the staging_events column it fills.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> event_fields();

// The whole Sparkify warehouse, validated with starshift::validate(warehouse) before it is returned
// (throws model_error if the options make it invalid, e.g. an s3:// source without credentials).
[[nodiscard]] starshift::warehouse make_warehouse(const options& opts = {});

}  // namespace starshift::sparkify
