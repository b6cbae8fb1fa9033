// Sparkify sample-data generator: writes song_data, log_data and log_json_path.json in exactly the format of
// Udacity's public sample (s3://udacity-dend), at any scale, deterministically from a seed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace starshift::sparkify {

// Version of the generator's output; it changes whenever the same options would give different bytes.
inline constexpr const char* datagen_version = "0.1.0";

inline constexpr std::uint64_t datagen_default_log_bytes = 10ULL * 1000ULL * 1000ULL;

// The knobs. Zero for songs or users means "derive from log_bytes" (see default_songs / default_users).
struct datagen_options {
    std::uint64_t seed = 42;
    // Target total size of the log files (the scale knob): a few MB to tens of GB. Reached within a few percent.
    std::uint64_t log_bytes = datagen_default_log_bytes;
    // One log file per day, starting 2018-11-01 (UTC); months and years roll over.
    std::uint32_t days = 30;
    // Songs written to song_data (one file each). 0: default_songs(log_bytes).
    std::uint32_t songs = 0;
    // Distinct users. 0: default_users(log_bytes).
    std::uint32_t users = 0;
    // Share of NextSong events whose song is not in song_data (they do not join to the songs table).
    double unmatched_share = 0.35;
    // Songs played in the logs that are not in song_data, as a multiple of songs.
    std::uint32_t unmatched_universe_factor = 4;
};

// What was written.
struct datagen_result {
    std::uint64_t song_files = 0;
    std::uint64_t log_files = 0;
    std::uint64_t events = 0;
    std::uint64_t next_song_events = 0;
    std::uint64_t matched_events = 0;  // NextSong events whose (song, artist, length) is a song file's
    std::uint64_t bytes = 0;           // song files, log files, log_json_path.json (not the manifest)
    std::uint64_t log_bytes = 0;       // log files only
    std::uint64_t song_bytes = 0;      // song files only
};

// 2,000 songs for 10 MB of logs, growing with the square root of the size (63,000 for 10 GB).
[[nodiscard]] std::uint32_t default_songs(std::uint64_t log_bytes);
// 100 users for 10 MB of logs, growing linearly (at least 20).
[[nodiscard]] std::uint32_t default_users(std::uint64_t log_bytes);

// Parses sizes like "10MB", "1GB", "500kB", "1.5GB", "123" (bytes). Decimal units (kB = 1000), KiB/MiB/GiB binary.
[[nodiscard]] std::optional<std::uint64_t> parse_size(std::string_view text);

// The content of log_json_path.json, byte for byte as in the public sample (pretty-printed, 18 keys).
[[nodiscard]] std::string log_json_path_content();

// The manifest a generation leaves in its directory, so that a later run knows what the directory holds.
inline constexpr const char* datagen_manifest_name = "starshift-datagen.json";

// The manifest's text for `options`: datagen_version and every parameter that decides the bytes (seed, log_bytes,
// days, songs and users after their defaults, the unmatched share per million, the universe factor), and the
// paths a generation owns. Deterministic: same options, same text.
[[nodiscard]] std::string datagen_manifest(const datagen_options& options);

// What generate() does with a directory that already holds files.
enum class existing_data {
    refuse,   // write only into a missing or empty directory, or over the same generation (same manifest)
    replace,  // --force: first delete what an earlier generation wrote (generated paths only), then write
};

// Readies out_dir for a generation with `options` (generate() calls it first):
// - missing or empty: nothing to do;
// - anything a generation does not write (another file or folder beside or inside song_data/ and log_data/, a
//   symbolic link): starshift::error [starshift.sparkify.datagen_dir_not_empty] naming them, whatever
//   `existing` says — nothing of a user's is ever deleted;
// - the same generation (its manifest equals datagen_manifest(options), no extra files): nothing to do, the run
//   rewrites the same bytes;
// - another generation, or generated files without a manifest (an interrupted run, an older generator):
//   [starshift.sparkify.datagen_dir_not_empty] naming what differs; with existing_data::replace the manifest,
//   the generated files and then their emptied folders are deleted.
void prepare_data_dir(const std::filesystem::path& out_dir, const datagen_options& options, existing_data existing);

// Writes out_dir/song_data/A/X/Y/TR….json, out_dir/log_data/YYYY/MM/YYYY-MM-DD-events.json,
// out_dir/log_json_path.json and, last, out_dir/starshift-datagen.json (datagen_manifest()). Streams with bounded
// memory; same options, same bytes on every platform. Throws starshift::error
// ([starshift.sparkify.datagen_bad_option], [starshift.sparkify.datagen_io],
// [starshift.sparkify.datagen_dir_not_empty] from prepare_data_dir()).
datagen_result generate(const std::filesystem::path& out_dir, const datagen_options& options,
                        existing_data existing = existing_data::refuse);

}  // namespace starshift::sparkify
