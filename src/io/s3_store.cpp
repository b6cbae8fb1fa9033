#include "starshift/io/s3_store.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <set>
#include <thread>

#include "starshift/io/detail/s3_xml.hpp"

namespace starshift::io {

namespace {

constexpr const char* empty_payload_sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// AWS SigV4 URI encoding: unreserved characters stay, everything else is %XX (uppercase); '/' optionally kept.
std::string aws_uri_encode(std::string_view s, bool keep_slash) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size() * 3);
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~' || (keep_slash && c == '/')) {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4U];
            out += hex[c & 15U];
        }
    }
    return out;
}

std::string full_uri(std::string_view bucket, std::string_view key) {
    std::string u = "s3://";
    u.append(bucket);
    u += '/';
    u.append(key);
    return u;
}

bool dns_compatible(std::string_view bucket) {
    if (bucket.size() < 3 || bucket.size() > 63) {
        return false;
    }
    for (const char c : bucket) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
            return false;  // dots break TLS wildcard certificates: path-style then
        }
    }
    return true;
}

struct curl_easy_deleter {
    void operator()(CURL* c) const noexcept { curl_easy_cleanup(c); }
};
struct curl_slist_deleter {
    void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};
using easy_ptr = std::unique_ptr<CURL, curl_easy_deleter>;
using slist_ptr = std::unique_ptr<curl_slist, curl_slist_deleter>;

bool retryable_curl(CURLcode c) {
    switch (c) {
        case CURLE_COULDNT_CONNECT:
        case CURLE_OPERATION_TIMEDOUT:
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
        case CURLE_PARTIAL_FILE:
        case CURLE_GOT_NOTHING:
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
            return true;
        default:
            return false;
    }
}

bool retryable_status(long status) { return status == 429 || status >= 500; }

// One HTTP exchange's outcome.
struct exchange {
    CURLcode code = CURLE_OK;
    long status = 0;
    std::string curl_error;
    std::string error_body;  // body of a non-2xx response (capped)
};

// What went wrong, for a retry warning: "HTTP 503" or curl's text ("Failure when receiving data from the peer").
std::string failure_cause(const exchange& x) {
    return x.code != CURLE_OK ? std::string(curl_easy_strerror(x.code)) : "HTTP " + std::to_string(x.status);
}

// A GET is retried after a dropped connection or a timeout (the status line was fine or never came), or a 5xx or
// 429 (SlowDown) status.
bool get_retryable(const exchange& x) {
    const bool ok_status = x.status == 200 || x.status == 206 || x.status == 0;
    return x.code != CURLE_OK && ok_status ? retryable_curl(x.code) : retryable_status(x.status);
}

// A GET's body is complete: 200 or 206, or 416 for a resume that asked for the bytes after the last one.
bool get_complete(const exchange& x, std::uint64_t delivered) {
    return x.code == CURLE_OK && (x.status == 200 || x.status == 206 || (x.status == 416 && delivered > 0));
}

}  // namespace

std::optional<s3_uri> parse_s3_uri(std::string_view uri) {
    if (uri.substr(0, 5) != "s3://") {
        return std::nullopt;
    }
    uri.remove_prefix(5);
    const auto slash = uri.find('/');
    s3_uri u;
    u.bucket = std::string(uri.substr(0, slash));
    if (slash != std::string_view::npos) {
        u.key = std::string(uri.substr(slash + 1));
    }
    if (u.bucket.empty()) {
        return std::nullopt;
    }
    return u;
}

std::string prefix_spans_folders_warning(std::string_view prefix, const std::vector<object_info>& objects) {
    // Folders as prefix_folder() defines them; a key without one is a file directly matched by the prefix
    // (log_data.json next to log_data/).
    std::set<std::string_view> folders;
    std::set<std::string_view> files;
    for (const auto& o : objects) {
        const std::string_view k = o.key;
        if (k.size() < prefix.size()) {
            continue;
        }
        const std::string_view folder = prefix_folder(prefix, k);
        if (folder.empty()) {
            files.insert(k);
        } else {
            folders.insert(folder);
        }
    }
    if (folders.size() + (folders.empty() ? 0 : files.size()) <= 1) {
        return {};
    }
    std::string names;
    std::size_t shown = 0;
    for (const auto& f : folders) {
        if (shown++ == 3) {
            names += ", …";
            break;
        }
        names += (names.empty() ? "" : ", ") + std::string(f);
    }
    for (const auto& f : files) {
        if (shown++ >= 3) {
            names += ", …";
            break;
        }
        names += (names.empty() ? "" : ", ") + std::string(f);
    }
    return "[starshift.io.s3_prefix_spans_folders] " + std::string(prefix) + ": the prefix matches keys in " +
           std::to_string(folders.size() + files.size()) + " folders/files (" + names +
           "); like Redshift, all of them are loaded — end the prefix with '/' to load one folder";
}

struct s3_store::impl {
    s3_options opt;
    std::string endpoint;  // scheme://host[:port][/base], no trailing slash
    std::string scheme;
    std::string host;      // host[:port]
    std::string base_path;  // "" or "/base"
    std::string region;
    std::optional<aws_credentials> creds;

    [[nodiscard]] bool virtual_hosted(const std::string& bucket) const {
        switch (opt.addressing) {
            case s3_addressing::path:
                return false;
            case s3_addressing::virtual_hosted:
                return true;
            case s3_addressing::automatic:
                break;
        }
        return opt.endpoint.empty() && endpoint_is_default && dns_compatible(bucket);
    }
    bool endpoint_is_default = false;

    // URL of bucket/key; `query` is already canonical (sorted, encoded).
    [[nodiscard]] std::string url(const std::string& bucket, std::string_view key, const std::string& query) const {
        std::string u;
        if (virtual_hosted(bucket)) {
            u = scheme + "://" + bucket + "." + host + base_path + "/" + aws_uri_encode(key, true);
        } else {
            u = endpoint + "/" + aws_uri_encode(bucket, false);
            if (!key.empty()) {
                u += "/" + aws_uri_encode(key, true);
            }
        }
        if (!query.empty()) {
            u += "?" + query;
        }
        return u;
    }

    void warn(const std::string& w) const {
        if (opt.on_warning) {
            opt.on_warning(w);
        }
    }

    // A configured easy handle for `url` with signing and the mandatory x-amz-* headers.
    [[nodiscard]] easy_ptr make_handle(const std::string& u, slist_ptr& headers, const std::vector<std::string>& extra,
                                       const char* payload_hash = empty_payload_sha256) const {
        easy_ptr h(curl_easy_init());
        if (!h) {
            throw io_error("starshift.io.s3_request_failed", u, "curl_easy_init failed");
        }
        CURL* c = h.get();
        curl_easy_setopt(c, CURLOPT_URL, u.c_str());
        // An S3 key is a name, not a path: "a/./b" and "a/../b" are keys of their own, so curl must not remove dot
        // segments (RFC 3986) from the request, nor from the canonical URI it signs.
        curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, opt.connect_timeout_ms);
        curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, opt.low_speed_seconds);
        curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
        curl_slist* l = nullptr;
        for (const auto& e : extra) {
            l = curl_slist_append(l, e.c_str());
        }
        l = curl_slist_append(l, (std::string("x-amz-content-sha256: ") + payload_hash).c_str());
        if (!opt.fixed_amz_date.empty()) {
            l = curl_slist_append(l, ("X-Amz-Date: " + opt.fixed_amz_date).c_str());
        }
        if (creds && !creds->session_token.empty()) {
            l = curl_slist_append(l, ("x-amz-security-token: " + creds->session_token).c_str());
        }
        headers.reset(l);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, l);
        if (creds) {
            const std::string sigv4 = "aws:amz:" + region + ":s3";
            curl_easy_setopt(c, CURLOPT_AWS_SIGV4, sigv4.c_str());  // copied by curl
            curl_easy_setopt(c, CURLOPT_USERNAME, creds->access_key_id.c_str());
            curl_easy_setopt(c, CURLOPT_PASSWORD, creds->secret_access_key.c_str());
        }
        if (!opt.connect_to.empty()) {
            curl_slist* ct = curl_slist_append(nullptr, opt.connect_to.c_str());
            const std::lock_guard<std::mutex> lock(connect_to_mutex);
            connect_to_lists.emplace_back(ct);
            curl_easy_setopt(c, CURLOPT_CONNECT_TO, ct);
        }
        return h;
    }
    mutable std::mutex connect_to_mutex;
    mutable std::vector<slist_ptr> connect_to_lists;  // kept alive for the handles (testing aid only)

    [[nodiscard]] std::chrono::milliseconds backoff(int attempt) const {
        auto d = opt.initial_backoff;
        for (int i = 1; i < attempt && d < opt.max_backoff; ++i) {
            d *= 2;
        }
        return std::min(d, opt.max_backoff);
    }

    // Counts one retry (s3_store::retries) and warns "[starshift.io.s3_retry] <object>: <what>; attempt N of M in
    // W ms"; returns the wait (backoff) before that attempt.
    std::chrono::milliseconds retry_after(int attempt, std::string_view object, const std::string& what) const {
        retry_count.fetch_add(1, std::memory_order_relaxed);
        const auto wait = backoff(attempt);
        warn("[starshift.io.s3_retry] " + std::string(object) + ": " + what + "; attempt " +
             std::to_string(attempt + 1) + " of " + std::to_string(opt.max_attempts) + " in " +
             std::to_string(wait.count()) + " ms");
        return wait;
    }
    mutable std::atomic<std::uint64_t> retry_count{0};

    // A GET of bucket/key from byte `from` on (a Range request when resuming), its body through `on_data(user)`.
    [[nodiscard]] easy_ptr make_get(const std::string& bucket, const std::string& key, std::uint64_t from,
                                    slist_ptr& headers, char* errbuf, curl_write_callback on_data, void* user) const {
        std::vector<std::string> extra;
        if (from > 0) {
            extra.push_back("Range: bytes=" + std::to_string(from) + "-");
        }
        easy_ptr h = make_handle(url(bucket, key, ""), headers, extra);
        curl_easy_setopt(h.get(), CURLOPT_ERRORBUFFER, errbuf);
        curl_easy_setopt(h.get(), CURLOPT_WRITEFUNCTION, on_data);
        curl_easy_setopt(h.get(), CURLOPT_WRITEDATA, user);
        return h;
    }

    [[noreturn]] void fail(const exchange& x, const std::string& bucket, std::string_view key,
                           const std::string& what) const {
        const std::string object = full_uri(bucket, key);
        if (x.code != CURLE_OK) {
            throw io_error("starshift.io.s3_request_failed", object,
                           what + " failed: " + (x.curl_error.empty() ? curl_easy_strerror(x.code) : x.curl_error) +
                               " (endpoint " + endpoint + ")");
        }
        const s3_error_document e = parse_s3_error(x.error_body);
        std::string detail = what + ": HTTP " + std::to_string(x.status);
        if (!e.code.empty()) {
            detail += " " + e.code;
        }
        if (!e.message.empty()) {
            detail += ": " + e.message;
        }
        detail += " (bucket " + bucket + ", key " + std::string(key) + ")";
        if (x.status == 403) {
            throw io_error("starshift.io.s3_access_denied", object,
                           detail + "; credentials: " + (creds ? creds->describe() : std::string("anonymous")));
        }
        if (x.status == 404) {
            throw io_error("starshift.io.s3_not_found", object, detail);
        }
        if (x.status == 301 || (x.status == 400 && !e.region.empty())) {
            detail += "; the bucket may live in another region (configured: " + region + ")";
        }
        throw io_error("starshift.io.s3_request_failed", object, detail);
    }

    // Runs a small request (list page, HEAD, small GET) with retries; returns the 2xx body.
    [[nodiscard]] std::string small_request(const std::string& bucket, std::string_view key, const std::string& query,
                                            bool head, const std::vector<std::string>& extra, const std::string& what,
                                            long* status_out, std::uint64_t* length_out) const {
        const std::string u = url(bucket, key, query);
        for (int attempt = 1;; ++attempt) {
            slist_ptr headers;
            easy_ptr h = make_handle(u, headers, extra);
            std::string body;
            char errbuf[CURL_ERROR_SIZE] = {0};
            curl_easy_setopt(h.get(), CURLOPT_ERRORBUFFER, errbuf);
            if (head) {
                curl_easy_setopt(h.get(), CURLOPT_NOBODY, 1L);
            }
            curl_easy_setopt(h.get(), CURLOPT_WRITEFUNCTION, +[](char* p, size_t, size_t n, void* ud) -> size_t {
                auto* b = static_cast<std::string*>(ud);
                if (b->size() + n > (256U << 20U)) {
                    return 0;
                }
                b->append(p, n);
                return n;
            });
            curl_easy_setopt(h.get(), CURLOPT_WRITEDATA, &body);
            exchange x;
            x.code = curl_easy_perform(h.get());
            x.curl_error = errbuf;
            curl_easy_getinfo(h.get(), CURLINFO_RESPONSE_CODE, &x.status);
            if (x.code == CURLE_OK && x.status >= 200 && x.status < 300) {
                if (length_out != nullptr) {
                    curl_off_t len = -1;
                    curl_easy_getinfo(h.get(), CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &len);
                    *length_out = len < 0 ? 0 : static_cast<std::uint64_t>(len);
                }
                if (status_out != nullptr) {
                    *status_out = x.status;
                }
                return body;
            }
            x.error_body = std::move(body);
            if (x.code == CURLE_OK && status_out != nullptr && x.status == 404 && head) {
                *status_out = 404;
                return {};
            }
            const bool retry = x.code != CURLE_OK ? retryable_curl(x.code) : retryable_status(x.status);
            if (!retry || attempt >= opt.max_attempts) {
                if (retry) {
                    exchange y = x;
                    fail(y, bucket, key, what + " (after " + std::to_string(attempt) + " attempts)");
                }
                fail(x, bucket, key, what);
            }
            std::this_thread::sleep_for(retry_after(attempt, full_uri(bucket, key), what + " " + failure_cause(x)));
        }
    }

    // A request that writes (PUT, POST, DELETE) with an in-memory body, retried like small_request. The payload is
    // sent as UNSIGNED-PAYLOAD (S3 accepts it over TLS; curl signs that header's value). Returns the 2xx body and
    // the ETag response header.
    struct write_response {
        std::string body;
        std::string etag;
    };
    [[nodiscard]] write_response send(const char* method, const std::string& bucket, std::string_view key,
                                      const std::string& query, std::string_view payload,
                                      const std::string& what) const {
        const std::string u = url(bucket, key, query);
        for (int attempt = 1;; ++attempt) {
            slist_ptr headers;
            easy_ptr h = make_handle(u, headers, {"Content-Type: application/octet-stream"},
                                     "UNSIGNED-PAYLOAD");
            CURL* c = h.get();
            char errbuf[CURL_ERROR_SIZE] = {0};
            curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
            curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
            if (std::string_view(method) != "DELETE") {
                curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload.data());
                curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(payload.size()));
            }
            write_response out;
            curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, +[](char* p, size_t, size_t n, void* ud) -> size_t {
                auto* b = static_cast<std::string*>(ud);
                if (b->size() + n > (1U << 20U)) return 0;
                b->append(p, n);
                return n;
            });
            curl_easy_setopt(c, CURLOPT_WRITEDATA, &out.body);
            curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, +[](char* p, size_t, size_t n, void* ud) -> size_t {
                const std::string_view line(p, n);
                if (line.size() > 5 && (line.substr(0, 5) == "ETag:" || line.substr(0, 5) == "etag:")) {
                    std::string_view v = line.substr(5);
                    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
                    while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) v.remove_suffix(1);
                    *static_cast<std::string*>(ud) = std::string(v);
                }
                return n;
            });
            curl_easy_setopt(c, CURLOPT_HEADERDATA, &out.etag);
            exchange x;
            x.code = curl_easy_perform(c);
            x.curl_error = errbuf;
            curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &x.status);
            if (x.code == CURLE_OK && x.status >= 200 && x.status < 300) return out;
            x.error_body = std::move(out.body);
            const bool retry = x.code != CURLE_OK ? retryable_curl(x.code) : retryable_status(x.status);
            if (!retry || attempt >= opt.max_attempts)
                fail(x, bucket, key, retry ? what + " (after " + std::to_string(attempt) + " attempts)" : what);
            std::this_thread::sleep_for(retry_after(attempt, full_uri(bucket, key), what + " " + failure_cause(x)));
        }
    }
};

namespace {

// Writes one object: one PUT when it fits in a part, else a multipart upload of part_bytes parts (one part in
// memory at a time). Destroyed unfinished, it aborts the multipart upload.
class s3_writer final : public byte_writer {
public:
    s3_writer(const s3_store::impl& store, std::string bucket, std::string key)
        : store_(store), bucket_(std::move(bucket)), key_(std::move(key)), name_(full_uri(bucket_, key_)) {}
    ~s3_writer() override {
        if (!upload_id_.empty() && !finished_) {
            try {
                (void)store_.send("DELETE", bucket_, key_, "uploadId=" + aws_uri_encode(upload_id_, false), {},
                                  "AbortMultipartUpload");
            } catch (const std::exception&) {  // best effort: the upload was failing anyway
            }
        }
    }
    s3_writer(const s3_writer&) = delete;
    s3_writer& operator=(const s3_writer&) = delete;

    void write(const char* data, std::size_t n) override {
        const std::size_t part = store_.opt.multipart_part_bytes;
        while (n > 0) {
            const std::size_t take = std::min(n, part - buffer_.size());
            buffer_.append(data, take);
            data += take;
            n -= take;
            if (buffer_.size() == part) upload_part();
        }
    }
    std::uint64_t finish() override {
        if (upload_id_.empty()) {
            (void)store_.send("PUT", bucket_, key_, "", buffer_, "PUT");
        } else {
            if (!buffer_.empty()) upload_part();
            (void)store_.send("POST", bucket_, key_, "uploadId=" + aws_uri_encode(upload_id_, false),
                              complete_multipart_upload_xml(etags_), "CompleteMultipartUpload");
        }
        finished_ = true;
        size_ += buffer_.size();
        buffer_.clear();
        return size_;
    }
    const std::string& name() const noexcept override { return name_; }

private:
    void upload_part() {
        if (upload_id_.empty()) {
            const auto r = store_.send("POST", bucket_, key_, "uploads=", {}, "CreateMultipartUpload");
            upload_id_ = parse_initiate_multipart_upload(r.body, name_);
        }
        const std::string q = "partNumber=" + std::to_string(etags_.size() + 1) +
                              "&uploadId=" + aws_uri_encode(upload_id_, false);
        auto r = store_.send("PUT", bucket_, key_, q, buffer_, "UploadPart " + std::to_string(etags_.size() + 1));
        if (r.etag.empty()) throw io_error("starshift.io.s3_bad_response", name_, "UploadPart returned no ETag");
        etags_.push_back(std::move(r.etag));
        size_ += buffer_.size();
        buffer_.clear();
    }

    const s3_store::impl& store_;
    std::string bucket_;
    std::string key_;
    std::string name_;
    std::string buffer_;
    std::string upload_id_;
    std::vector<std::string> etags_;
    std::uint64_t size_ = 0;
    bool finished_ = false;
};

// Streams one object: a download thread fills a bounded queue; read() drains it.
class s3_reader final : public byte_reader {
public:
    s3_reader(const s3_store::impl& store, std::string bucket, std::string key)
        : store_(store), bucket_(std::move(bucket)), key_(std::move(key)), name_(full_uri(bucket_, key_)) {
        worker_ = std::thread([this] { run(); });
    }
    ~s3_reader() override {
        {
            const std::lock_guard<std::mutex> lock(mu_);
            cancel_ = true;
        }
        cv_.notify_all();
        worker_.join();
    }
    s3_reader(const s3_reader&) = delete;
    s3_reader& operator=(const s3_reader&) = delete;

    [[nodiscard]] std::size_t read(char* buffer, std::size_t n) override {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return !chunks_.empty() || done_; });
        if (chunks_.empty()) {
            if (error_) {
                std::rethrow_exception(error_);
            }
            return 0;
        }
        std::size_t out = 0;
        while (out < n && !chunks_.empty()) {
            std::string& front = chunks_.front();
            const std::size_t take = std::min(n - out, front.size() - front_pos_);
            std::copy_n(front.data() + front_pos_, take, buffer + out);
            out += take;
            front_pos_ += take;
            if (front_pos_ == front.size()) {
                buffered_ -= front.size();
                chunks_.pop_front();
                front_pos_ = 0;
            }
        }
        lock.unlock();
        cv_.notify_all();
        return out;
    }
    [[nodiscard]] const std::string& name() const noexcept override { return name_; }

private:
    struct attempt_state {
        s3_reader* self = nullptr;
        CURL* handle = nullptr;
        long status = 0;
        std::uint64_t skip = 0;  // bytes to drop (a server that ignored Range)
        std::string error_body;
        bool checked = false;
    };

    static size_t on_data(char* p, size_t, size_t n, void* ud) {
        auto* st = static_cast<attempt_state*>(ud);
        if (!st->checked) {
            curl_easy_getinfo(st->handle, CURLINFO_RESPONSE_CODE, &st->status);
            st->checked = true;
            if (st->status == 200 && st->self->delivered_ > 0) {
                st->skip = st->self->delivered_;
            }
        }
        if (st->status != 200 && st->status != 206) {
            if (st->error_body.size() < 65536) {
                st->error_body.append(p, std::min<std::size_t>(n, 65536));
            }
            return n;
        }
        std::string_view data(p, n);
        if (st->skip > 0) {
            const auto drop = static_cast<std::size_t>(std::min<std::uint64_t>(st->skip, data.size()));
            data.remove_prefix(drop);
            st->skip -= drop;
        }
        if (data.empty()) {
            return n;
        }
        s3_reader& r = *st->self;
        std::unique_lock<std::mutex> lock(r.mu_);
        r.cv_.wait(lock, [&r] { return r.cancel_ || r.buffered_ < r.store_.opt.read_ahead_bytes; });
        if (r.cancel_) {
            return 0;  // aborts the transfer
        }
        r.chunks_.emplace_back(data);
        r.buffered_ += data.size();
        r.delivered_ += data.size();
        lock.unlock();
        r.cv_.notify_all();
        return n;
    }

    void run() {
        try {
            download();
        } catch (...) {
            const std::lock_guard<std::mutex> lock(mu_);
            error_ = std::current_exception();
        }
        {
            const std::lock_guard<std::mutex> lock(mu_);
            done_ = true;
        }
        cv_.notify_all();
    }

    bool cancelled() {
        const std::lock_guard<std::mutex> lock(mu_);
        return cancel_;
    }

    void download() {
        for (int attempt = 1;; ++attempt) {
            slist_ptr headers;
            attempt_state st;
            st.self = this;
            char errbuf[CURL_ERROR_SIZE] = {0};
            easy_ptr h = store_.make_get(bucket_, key_, delivered_, headers, errbuf, &s3_reader::on_data, &st);
            st.handle = h.get();
            curl_easy_setopt(h.get(), CURLOPT_BUFFERSIZE, 256L * 1024L);
            exchange x;
            x.code = curl_easy_perform(h.get());
            if (cancelled()) {
                return;
            }
            x.curl_error = errbuf;
            curl_easy_getinfo(h.get(), CURLINFO_RESPONSE_CODE, &x.status);
            x.error_body = std::move(st.error_body);
            if (get_complete(x, delivered_)) {
                return;
            }
            const bool retry = get_retryable(x);
            if (!retry || attempt >= store_.opt.max_attempts) {
                store_.fail(x, bucket_, key_, retry ? "GET (after " + std::to_string(attempt) + " attempts)" : "GET");
            }
            const auto wait = store_.retry_after(
                attempt, name_, "GET " + failure_cause(x) + " after " + std::to_string(delivered_) + " bytes");
            std::unique_lock<std::mutex> lock(mu_);
            if (cv_.wait_for(lock, wait, [this] { return cancel_; })) {
                return;
            }
        }
    }

    const s3_store::impl& store_;
    std::string bucket_;
    std::string key_;
    std::string name_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::string> chunks_;
    std::size_t front_pos_ = 0;
    std::size_t buffered_ = 0;
    std::uint64_t delivered_ = 0;  // written by the worker only
    bool cancel_ = false;
    bool done_ = false;
    std::exception_ptr error_;
    std::thread worker_;
};

// Many objects read in order: one thread runs a libcurl multi event loop with up to s3_options::concurrency GETs
// in flight (connections reused through the multi handle's cache) and buffers their bodies; next() hands them out
// in the order given, whatever order they finish in. The bytes buffered ahead of the reader are capped: a
// transfer that would pass s3_options::in_flight_bytes pauses (CURL_WRITEFUNC_PAUSE) and no new one starts, except
// for the object being read, which always proceeds up to read_ahead_bytes of its own (a large object streams).
// Failed GETs are retried from where they stopped (Range) after a backoff, without holding up the others.
class s3_sequence final : public object_sequence {
public:
    // `complete`: the objects are all there; else append() adds more until close().
    s3_sequence(const s3_store::impl& store, const std::vector<object_info>& objects, bool complete)
        : store_(store), closed_(complete) {
        append_slots(objects);
        multi_ = curl_multi_init();
        if (multi_ == nullptr) {
            throw io_error("starshift.io.s3_request_failed", store.endpoint, "curl_multi_init failed");
        }
        curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, static_cast<long>(store.opt.concurrency));
        loop_ = std::thread([this] { run(); });
    }
    ~s3_sequence() override {
        {
            const std::lock_guard<std::mutex> lock(mu_);
            stop_ = true;
        }
        curl_multi_wakeup(multi_);
        loop_.join();
        curl_multi_cleanup(multi_);
    }
    s3_sequence(const s3_sequence&) = delete;
    s3_sequence& operator=(const s3_sequence&) = delete;

    std::unique_ptr<byte_reader> next() override;

    // More objects (a listing page): their GETs start at once. Then close() when the listing is complete.
    void append(const std::vector<object_info>& objects) {
        {
            const std::lock_guard<std::mutex> lock(mu_);
            append_slots(objects);
        }
        curl_multi_wakeup(multi_);
    }
    void close() {
        {
            const std::lock_guard<std::mutex> lock(mu_);
            closed_ = true;
        }
        cv_.notify_all();
        curl_multi_wakeup(multi_);
    }

    // The reader side (sequence_reader).
    std::size_t read(std::size_t index, char* buffer, std::size_t n) {
        std::unique_lock<std::mutex> lock(mu_);
        slot& s = slots_[index];
        cv_.wait(lock, [this, &s] { return s.buffered > 0 || s.done || loop_error_; });
        if (s.buffered == 0) {
            if (s.error || !s.done) {
                std::rethrow_exception(s.error ? s.error : loop_error_);
            }
            return 0;
        }
        std::size_t out = 0;
        while (out < n && !s.chunks.empty()) {
            std::string& front = s.chunks.front();
            const std::size_t take = std::min(n - out, front.size() - s.front_pos);
            std::copy_n(front.data() + s.front_pos, take, buffer + out);
            out += take;
            s.front_pos += take;
            if (s.front_pos == front.size()) {
                s.chunks.pop_front();
                s.front_pos = 0;
            }
        }
        s.buffered -= out;
        buffered_ -= out;
        lock.unlock();
        curl_multi_wakeup(multi_);  // room in the budget: paused transfers may resume, new ones start
        return out;
    }
    void release(std::size_t index) {
        {
            const std::lock_guard<std::mutex> lock(mu_);
            slot& s = slots_[index];
            s.released = true;
            buffered_ -= s.buffered;
            s.buffered = 0;
            s.chunks.clear();
        }
        curl_multi_wakeup(multi_);
    }
    [[nodiscard]] const std::string& name(std::size_t index) {
        const std::lock_guard<std::mutex> lock(mu_);
        return slots_[index].name;  // a deque's elements stay where they are as it grows
    }

private:
    struct slot {
        std::string bucket, key, name;  // immutable
        std::deque<std::string> chunks;  // received, not yet read
        std::size_t front_pos = 0;
        std::size_t buffered = 0;
        std::uint64_t delivered = 0;  // body bytes received over all attempts (loop thread)
        bool done = false;            // complete, or failed for good (error)
        bool paused = false;          // its transfer returned CURL_WRITEFUNC_PAUSE
        bool released = false;        // its reader is gone
        std::exception_ptr error;
    };
    // One GET attempt (loop thread only; its slot's fields under mu_).
    struct transfer {
        s3_sequence* self = nullptr;
        std::size_t index = 0;
        int attempt = 1;
        slist_ptr headers;  // outlives the handle
        easy_ptr handle;
        std::uint64_t from = 0;  // first byte asked for (a Range when resuming)
        char errbuf[CURL_ERROR_SIZE] = {0};
        long status = 0;
        bool checked = false;
        std::uint64_t skip = 0;  // bytes to drop (a server that ignored Range)
        std::string error_body;
    };
    struct retry {
        std::size_t index;
        int attempt;
        std::chrono::steady_clock::time_point due;
    };

    void append_slots(const std::vector<object_info>& objects) {  // (mu_ held, or before the loop starts)
        for (const auto& o : objects) {
            auto u = parse_s3_uri(o.key);
            if (!u) {
                throw io_error("starshift.io.s3_bad_uri", o.key, "not an s3://bucket/key URI");
            }
            slots_.emplace_back();
            slots_.back().bucket = std::move(u->bucket);
            slots_.back().key = std::move(u->key);
            slots_.back().name = o.key;
        }
    }

    // May slot `i` take more bytes now? (mu_ held)
    [[nodiscard]] bool may_receive(std::size_t i) const {
        if (i == head_) {
            return slots_[i].buffered < store_.opt.read_ahead_bytes;
        }
        return buffered_ < store_.opt.in_flight_bytes;
    }

    static size_t on_data(char* p, size_t, size_t n, void* ud) {
        auto* t = static_cast<transfer*>(ud);
        s3_sequence& q = *t->self;
        if (!t->checked) {
            curl_easy_getinfo(t->handle.get(), CURLINFO_RESPONSE_CODE, &t->status);
            t->checked = true;
            if (t->status == 200) {
                t->skip = t->from;  // a resumed GET answered with the whole object
            }
        }
        if (t->status != 200 && t->status != 206) {
            if (t->error_body.size() < 65536) {
                t->error_body.append(p, std::min<std::size_t>(n, 65536));
            }
            return n;
        }
        const std::lock_guard<std::mutex> lock(q.mu_);
        slot& s = q.slots_[t->index];
        if (s.released) {
            return n;  // nobody reads it any more; the loop removes the transfer
        }
        if (!q.may_receive(t->index)) {
            s.paused = true;
            return CURL_WRITEFUNC_PAUSE;  // curl keeps these bytes and hands them over again once unpaused
        }
        std::string_view data(p, n);
        if (t->skip > 0) {
            const auto drop = static_cast<std::size_t>(std::min<std::uint64_t>(t->skip, data.size()));
            data.remove_prefix(drop);
            t->skip -= drop;
        }
        if (!data.empty()) {
            s.chunks.emplace_back(data);
            s.buffered += data.size();
            q.buffered_ += data.size();
            s.delivered += data.size();
            q.cv_.notify_all();
            if (q.store_.opt.observe_buffered_bytes) {
                q.store_.opt.observe_buffered_bytes(q.buffered_);
            }
        }
        return n;
    }

    void start(std::size_t index, int attempt) {
        auto t = std::make_unique<transfer>();
        t->self = this;
        t->index = index;
        t->attempt = attempt;
        const slot* s = nullptr;
        {
            const std::lock_guard<std::mutex> lock(mu_);
            s = &slots_[index];
            t->from = s->delivered;
        }
        t->handle = store_.make_get(s->bucket, s->key, t->from, t->headers, t->errbuf, &s3_sequence::on_data, t.get());
        curl_easy_setopt(t->handle.get(), CURLOPT_PRIVATE, t.get());
        curl_multi_add_handle(multi_, t->handle.get());
        active_.push_back(std::move(t));
    }

    void fail_slot(std::size_t index, std::exception_ptr e) {
        const std::lock_guard<std::mutex> lock(mu_);
        slots_[index].error = std::move(e);
        slots_[index].done = true;
        cv_.notify_all();
    }

    // A finished attempt: complete, retried later, or the object's error.
    void finish(CURL* h, CURLcode code) {
        const auto it =
            std::find_if(active_.begin(), active_.end(), [h](const auto& t) { return t->handle.get() == h; });
        std::unique_ptr<transfer> t = std::move(*it);
        active_.erase(it);
        curl_multi_remove_handle(multi_, h);
        std::unique_lock<std::mutex> slot_lock(mu_);
        slot& s = slots_[t->index];
        slot_lock.unlock();
        exchange x;
        x.code = code;
        x.curl_error = t->errbuf;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &x.status);
        x.error_body = std::move(t->error_body);
        std::uint64_t delivered = 0;
        {
            const std::lock_guard<std::mutex> lock(mu_);
            if (s.released) {
                return;
            }
            delivered = s.delivered;
            if (get_complete(x, delivered)) {
                s.done = true;
                cv_.notify_all();
                return;
            }
        }
        const bool again = get_retryable(x);
        if (!again || t->attempt >= store_.opt.max_attempts) {
            try {
                store_.fail(x, s.bucket, s.key,
                            again ? "GET (after " + std::to_string(t->attempt) + " attempts)" : "GET");
            } catch (...) {
                fail_slot(t->index, std::current_exception());
            }
            return;
        }
        const auto wait = store_.retry_after(t->attempt, s.name,
                                             "GET " + failure_cause(x) + " after " + std::to_string(delivered) +
                                                 " bytes");
        retries_.push_back({t->index, t->attempt + 1, std::chrono::steady_clock::now() + wait});
    }

    void run() {
        try {
            loop();
        } catch (...) {  // an unexpected failure of the loop itself: every unfinished object reports it
            const std::lock_guard<std::mutex> lock(mu_);
            loop_error_ = std::current_exception();
            cv_.notify_all();
        }
        for (auto& t : active_) {
            curl_multi_remove_handle(multi_, t->handle.get());
        }
        active_.clear();
    }

    void loop() {
        const auto concurrency = static_cast<std::size_t>(store_.opt.concurrency);
        std::size_t next_start = 0;
        for (;;) {
            bool listed_all = false;
            std::size_t listed = 0;
            std::vector<CURL*> resume, drop;
            std::vector<retry> due;
            std::vector<std::size_t> starts;
            const auto now = std::chrono::steady_clock::now();
            {
                const std::lock_guard<std::mutex> lock(mu_);
                if (stop_) {
                    return;
                }
                listed_all = closed_;
                listed = slots_.size();
                for (const auto& t : active_) {
                    slot& s = slots_[t->index];
                    if (s.released) {
                        drop.push_back(t->handle.get());
                    } else if (s.paused && may_receive(t->index)) {
                        s.paused = false;
                        resume.push_back(t->handle.get());
                    }
                }
                for (auto r = retries_.begin(); r != retries_.end();) {
                    if (slots_[r->index].released) {
                        r = retries_.erase(r);
                    } else if (r->due <= now) {
                        due.push_back(*r);
                        r = retries_.erase(r);
                    } else {
                        ++r;
                    }
                }
                while (next_start < listed &&
                       active_.size() - drop.size() + retries_.size() + due.size() + starts.size() < concurrency &&
                       (next_start <= head_ || buffered_ < store_.opt.in_flight_bytes)) {
                    if (!slots_[next_start].released) {
                        starts.push_back(next_start);
                    }
                    ++next_start;
                }
            }
            for (CURL* h : drop) {
                curl_multi_remove_handle(multi_, h);
                active_.erase(std::find_if(active_.begin(), active_.end(),
                                           [h](const auto& t) { return t->handle.get() == h; }));
            }
            for (const auto& r : due) {
                start(r.index, r.attempt);
            }
            for (const std::size_t i : starts) {
                start(i, 1);
            }
            for (CURL* h : resume) {
                curl_easy_pause(h, CURLPAUSE_CONT);
            }
            int running = 0;
            curl_multi_perform(multi_, &running);
            int left = 0;
            while (CURLMsg* m = curl_multi_info_read(multi_, &left)) {
                if (m->msg == CURLMSG_DONE) {
                    finish(m->easy_handle, m->data.result);
                }
            }
            if (listed_all && next_start == listed && active_.empty() && retries_.empty()) {
                return;
            }
            int timeout_ms = 1000;
            for (const auto& r : retries_) {
                const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(r.due - now).count();
                timeout_ms = std::max(0, std::min(timeout_ms, static_cast<int>(ms)));
            }
            curl_multi_poll(multi_, nullptr, 0, timeout_ms, nullptr);
        }
    }

    const s3_store::impl& store_;
    CURLM* multi_ = nullptr;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<slot> slots_;  // grows while a listing is fed in (append)
    bool closed_ = true;      // no more objects will be appended
    std::size_t head_ = 0;      // the object being read (handed out by next())
    std::size_t buffered_ = 0;  // bytes received and not yet read, over every slot
    bool stop_ = false;
    std::exception_ptr loop_error_;  // the event loop itself failed
    std::size_t next_ = 0;      // next() hands out this object next (reader's thread)
    std::vector<std::unique_ptr<transfer>> active_;  // loop thread
    std::vector<retry> retries_;                     // loop thread
    std::thread loop_;
};

class sequence_reader final : public byte_reader {
public:
    sequence_reader(s3_sequence& sequence, std::size_t index) : sequence_(sequence), index_(index) {}
    ~sequence_reader() override { sequence_.release(index_); }
    sequence_reader(const sequence_reader&) = delete;
    sequence_reader& operator=(const sequence_reader&) = delete;
    [[nodiscard]] std::size_t read(char* buffer, std::size_t n) override { return sequence_.read(index_, buffer, n); }
    [[nodiscard]] const std::string& name() const noexcept override { return sequence_.name(index_); }

private:
    s3_sequence& sequence_;
    std::size_t index_;
};

std::unique_ptr<byte_reader> s3_sequence::next() {
    {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return next_ < slots_.size() || closed_; });
        if (next_ == slots_.size()) {
            return nullptr;
        }
        head_ = next_;
    }
    curl_multi_wakeup(multi_);
    return std::make_unique<sequence_reader>(*this, next_++);
}

}  // namespace

s3_store::s3_store(s3_options options) : impl_(std::make_unique<impl>()) {
    impl& m = *impl_;
    m.opt = std::move(options);
    const env_lookup env = m.opt.env ? m.opt.env : process_environment();
    auto from_env = [&env](const char* name) {
        auto v = env(name);
        return v ? *v : std::string();
    };
    m.region = m.opt.region;
    if (m.region.empty()) {
        m.region = from_env("AWS_REGION");
    }
    if (m.region.empty()) {
        m.region = from_env("AWS_DEFAULT_REGION");
    }
    if (m.region.empty()) {
        m.region = "us-east-1";
    }
    std::string ep = m.opt.endpoint;
    if (ep.empty()) {
        ep = from_env("AWS_ENDPOINT_URL_S3");
    }
    if (ep.empty()) {
        ep = from_env("AWS_ENDPOINT_URL");
    }
    if (ep.empty()) {
        ep = "https://s3." + m.region + ".amazonaws.com";
        m.endpoint_is_default = true;
    } else {
        m.opt.endpoint = ep;
    }
    while (!ep.empty() && ep.back() == '/') {
        ep.pop_back();
    }
    if (ep.find("://") == std::string::npos) {
        ep = "https://" + ep;
    }
    m.endpoint = ep;
    const auto colon = ep.find("://");
    m.scheme = ep.substr(0, colon);
    const std::string rest = ep.substr(colon + 3);
    const auto slash = rest.find('/');
    m.host = rest.substr(0, slash);
    m.base_path = slash == std::string::npos ? "" : rest.substr(slash);
    if (m.opt.max_attempts < 1) {
        m.opt.max_attempts = 1;
    }
    if (m.opt.list_page_size < 1 || m.opt.list_page_size > 1000) {
        m.opt.list_page_size = 1000;
    }
    if (m.opt.multipart_part_bytes < 1) {
        m.opt.multipart_part_bytes = 1;
    }
    if (m.opt.read_ahead_bytes < 64 * 1024) {
        m.opt.read_ahead_bytes = 64 * 1024;
    }
    m.opt.concurrency = std::max(1, m.opt.concurrency);
    m.creds = resolve_aws_credentials(m.opt.credentials, env);
}

s3_store::~s3_store() = default;

const std::string& s3_store::endpoint() const noexcept { return impl_->endpoint; }
const std::string& s3_store::region() const noexcept { return impl_->region; }
std::string s3_store::credentials_description() const {
    return impl_->creds ? impl_->creds->describe() : std::string("anonymous");
}

namespace {
s3_uri require_uri(std::string_view uri) {
    auto u = parse_s3_uri(uri);
    if (!u) {
        throw io_error("starshift.io.s3_bad_uri", uri, "not an s3://bucket/key URI");
    }
    return *u;
}
}  // namespace

namespace {

// ListObjectsV2 of `prefix`, page by page: on_page(objects, keys relative to the bucket) in the server's order.
void list_pages(const s3_store::impl& store, const s3_uri& u,
                const std::function<void(std::vector<object_info>&&)>& on_page) {
    std::string token;
    for (;;) {
        // Parameters in canonical (sorted) order: curl 7.88 signs the query string as given.
        std::string q;
        if (!token.empty()) {
            q += "continuation-token=" + aws_uri_encode(token, false) + "&";
        }
        q += "list-type=2&max-keys=" + std::to_string(store.opt.list_page_size);
        if (!u.key.empty()) {
            q += "&prefix=" + aws_uri_encode(u.key, false);
        }
        const std::string body = store.small_request(u.bucket, "", q, false, {}, "ListObjectsV2 prefix " + u.key,
                                                     nullptr, nullptr);
        s3_list_page page = parse_list_objects_v2(body, full_uri(u.bucket, u.key));
        on_page(std::move(page.objects));
        if (!page.is_truncated) {
            break;
        }
        token = page.next_continuation_token;
    }
}

bool key_less(const object_info& a, const object_info& b) { return a.key < b.key; }

// The whole listing sorted bytewise (S3 lists in that order already; some S3-protocol servers do not), the warning
// of a prefix that spans folders, then the keys made full s3:// URIs.
void finish_listing(const s3_store::impl& store, const s3_uri& u, std::vector<object_info>& out) {
    std::sort(out.begin(), out.end(), key_less);
    const std::string w = prefix_spans_folders_warning(u.key, out);
    if (!w.empty()) {
        store.warn(w);
    }
    for (auto& o : out) {
        o.key = full_uri(u.bucket, o.key);
    }
}

}  // namespace

std::vector<object_info> s3_store::list(std::string_view prefix) const {
    const s3_uri u = require_uri(prefix);
    std::vector<object_info> out;
    list_pages(*impl_, u, [&out](std::vector<object_info>&& page) {
        out.insert(out.end(), std::make_move_iterator(page.begin()), std::make_move_iterator(page.end()));
    });
    finish_listing(*impl_, u, out);
    return out;
}

listed_objects s3_store::list_and_open(std::string_view prefix, std::size_t /*ahead*/) const {
    const s3_uri u = require_uri(prefix);
    listed_objects out;
    auto sequence = std::make_unique<s3_sequence>(*impl_, std::vector<object_info>{}, false);
    bool in_order = true;  // S3 lists in key order; a server that does not gets a sequence of the sorted listing
    list_pages(*impl_, u, [&](std::vector<object_info>&& page) {
        const std::size_t first = out.objects.size();
        out.objects.insert(out.objects.end(), std::make_move_iterator(page.begin()),
                           std::make_move_iterator(page.end()));
        const auto from = out.objects.begin() + static_cast<std::ptrdiff_t>(first > 0 ? first - 1 : 0);
        in_order = in_order && std::is_sorted(from, out.objects.end(), key_less);
        if (in_order) {
            std::vector<object_info> full(out.objects.begin() + static_cast<std::ptrdiff_t>(first), out.objects.end());
            for (auto& o : full) {
                o.key = full_uri(u.bucket, o.key);
            }
            sequence->append(full);
        }
    });
    finish_listing(*impl_, u, out.objects);
    if (in_order) {
        sequence->close();
        out.sequence = std::move(sequence);
    } else {
        sequence.reset();
        out.sequence = open_sequence(out.objects, 0);
    }
    return out;
}

std::unique_ptr<byte_reader> s3_store::open(std::string_view key) const {
    s3_uri u = require_uri(key);
    return std::make_unique<s3_reader>(*impl_, std::move(u.bucket), std::move(u.key));
}

std::unique_ptr<object_sequence> s3_store::open_sequence(std::vector<object_info> objects,
                                                         std::size_t /*ahead*/) const {
    return std::make_unique<s3_sequence>(*impl_, objects, true);
}

std::uint64_t s3_store::retries() const noexcept { return impl_->retry_count.load(std::memory_order_relaxed); }

std::optional<std::uint64_t> s3_store::size(std::string_view key) const {
    const s3_uri u = require_uri(key);
    long status = 0;
    std::uint64_t len = 0;
    (void)impl_->small_request(u.bucket, u.key, "", true, {}, "HEAD", &status, &len);
    if (status == 404) {
        return std::nullopt;
    }
    return len;
}

std::string s3_store::get_range(std::string_view key, std::uint64_t first, std::uint64_t last) const {
    const s3_uri u = require_uri(key);
    return impl_->small_request(u.bucket, u.key, "", false,
                                {"Range: bytes=" + std::to_string(first) + "-" + std::to_string(last)}, "GET range",
                                nullptr, nullptr);
}

std::unique_ptr<byte_writer> s3_store::create(std::string_view key) const {
    s3_uri u = require_uri(key);
    if (u.key.empty()) throw io_error("starshift.io.s3_bad_uri", key, "an object needs a key after the bucket");
    return std::make_unique<s3_writer>(*impl_, std::move(u.bucket), std::move(u.key));
}

void s3_store::remove(std::string_view key) const {
    const s3_uri u = require_uri(key);
    (void)impl_->send("DELETE", u.bucket, u.key, "", {}, "DeleteObject");
}

}  // namespace starshift::io
