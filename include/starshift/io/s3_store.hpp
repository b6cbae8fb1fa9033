// Amazon S3 (and S3-protocol servers) as an object store, on libcurl with its built-in SigV4 signing: listing,
// streaming GETs, and (for UNLOAD) PUT, multipart upload and DELETE.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "starshift/io/aws_credentials.hpp"
#include "starshift/io/object_store.hpp"

namespace starshift::io {

// "s3://bucket/key" split into its parts; std::nullopt when `uri` is not an s3:// URI with a bucket.
struct s3_uri {
    std::string bucket;
    std::string key;  // may be empty (the whole bucket)
};
[[nodiscard]] std::optional<s3_uri> parse_s3_uri(std::string_view uri);

enum class s3_addressing {
    automatic,       // path-style with an endpoint override, virtual-hosted on AWS for DNS-compatible bucket names
    path,            // http://endpoint/bucket/key
    virtual_hosted,  // http://bucket.endpoint/key
};

struct s3_options {
    // "" → AWS_ENDPOINT_URL_S3, then AWS_ENDPOINT_URL, else https://s3.<region>.amazonaws.com.
    std::string endpoint;
    // "" → AWS_REGION, then AWS_DEFAULT_REGION, else us-east-1.
    std::string region;
    s3_addressing addressing = s3_addressing::automatic;
    // Empty → resolve_aws_credentials (environment, then ~/.aws/credentials). With none at all, requests are
    // sent unsigned (public buckets).
    aws_credentials credentials;
    // Retries of 5xx, 429/SlowDown, timeouts and dropped connections (a GET resumes with a Range request).
    int max_attempts = 5;
    std::chrono::milliseconds initial_backoff{200};
    std::chrono::milliseconds max_backoff{5000};
    long connect_timeout_ms = 10000;
    long low_speed_seconds = 30;  // a transfer slower than 1 byte/s for this long is a timeout
    // Bytes a GET may buffer ahead of the reader (downloads run on a thread, overlapping parsing).
    std::size_t read_ahead_bytes = 4U << 20U;
    // open_sequence (a COPY's files): GETs in flight at once on one event loop (libcurl multi), and the bytes
    // received but not yet read that they may hold in total. A transfer that would go past in_flight_bytes pauses
    // and no new one starts until the reader catches up; the object being read always proceeds, up to
    // read_ahead_bytes of its own. Memory: in_flight_bytes + read_ahead_bytes + one libcurl buffer (16 KiB) per
    // transfer.
    int concurrency = 64;
    std::size_t in_flight_bytes = 64U << 20U;
    // Writes: an object up to this size is one PUT, a larger one a multipart upload of parts this size (S3's
    // minimum part is 5 MiB except the last; only tests use less). One part is held in memory per writer.
    std::size_t multipart_part_bytes = 8U << 20U;
    // Keys per ListObjectsV2 page (S3's maximum is 1,000).
    int list_page_size = 1000;
    // Warnings (a prefix spanning several folders, retries). Secrets never appear in them.
    std::function<void(const std::string&)> on_warning;
    // Environment used for the defaults above; empty → the process environment.
    env_lookup env;
    // Testing aids: a fixed X-Amz-Date ("20130524T000000Z"); a CURLOPT_CONNECT_TO entry ("host:port:addr:port").
    std::string fixed_amz_date;
    std::string connect_to;
    // Testing aid: called by open_sequence's event loop with the bytes it holds (received, not yet read) after
    // each addition.
    std::function<void(std::size_t)> observe_buffered_bytes;
};

// Keys are full URIs: list("s3://bucket/prefix") returns "s3://bucket/key" entries that open() accepts, so one
// store serves every bucket. Listing sends no delimiter: every key that starts with the prefix is returned
// (Redshift's prefix semantics), paginated through continuation tokens, sorted bytewise.
// Errors: [starshift.io.s3_access_denied] (403), [starshift.io.s3_not_found] (404: NoSuchKey/NoSuchBucket),
// [starshift.io.s3_request_failed] (other statuses, or retries exhausted), each naming bucket and key.
class s3_store final : public object_store {
public:
    explicit s3_store(s3_options options = {});
    ~s3_store() override;
    s3_store(const s3_store&) = delete;
    s3_store& operator=(const s3_store&) = delete;

    [[nodiscard]] std::vector<object_info> list(std::string_view prefix) const override;
    // Streams the object through a bounded buffer filled by a download thread (never the whole object).
    [[nodiscard]] std::unique_ptr<byte_reader> open(std::string_view key) const override;
    // PUT (or a multipart upload, see s3_options::multipart_part_bytes), signed with SigV4 by libcurl as reads are.
    [[nodiscard]] std::unique_ptr<byte_writer> create(std::string_view key) const override;
    // DeleteObject.
    void remove(std::string_view key) const override;
    // Many GETs in flight on one event loop, handed out in the given order (s3_options::concurrency,
    // in_flight_bytes); `ahead` is ignored. Readers must not outlive the sequence.
    [[nodiscard]] std::unique_ptr<object_sequence> open_sequence(std::vector<object_info> objects,
                                                                 std::size_t ahead) const override;
    // The listing, with the GETs of each page started while the next page is listed (open_sequence's event loop).
    [[nodiscard]] listed_objects list_and_open(std::string_view prefix, std::size_t ahead) const override;
    // Requests retried since the store was made (every operation), as the warnings [starshift.io.s3_retry] said.
    [[nodiscard]] std::uint64_t retries() const noexcept override;
    // HEAD: the object's size in bytes; std::nullopt when it does not exist (404).
    [[nodiscard]] std::optional<std::uint64_t> size(std::string_view key) const;
    // GET with "Range: bytes=first-last" (inclusive), returned whole: for small reads only.
    [[nodiscard]] std::string get_range(std::string_view key, std::uint64_t first, std::uint64_t last) const;

    [[nodiscard]] const std::string& endpoint() const noexcept;
    [[nodiscard]] const std::string& region() const noexcept;
    // Where the credentials came from (never the secret), or "anonymous".
    [[nodiscard]] std::string credentials_description() const;

    struct impl;

private:
    std::unique_ptr<impl> impl_;
};

// The warning (empty when none) for a listing whose keys under `prefix` fall in more than one "folder"
// (s3://b/log_data matching log_data/… and log_data_old/…), as Redshift loads all of them.
[[nodiscard]] std::string prefix_spans_folders_warning(std::string_view prefix, const std::vector<object_info>& objects);

}  // namespace starshift::io
