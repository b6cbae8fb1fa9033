// S3 REST XML responses (ListObjectsV2 pages and error documents), parsed with pugixml.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "starshift/io/object_store.hpp"

namespace starshift::io {

// One ListObjectsV2 page. Keys are the raw S3 keys (no bucket, no scheme).
struct s3_list_page {
    std::vector<object_info> objects;
    bool is_truncated = false;
    std::string next_continuation_token;  // empty when not truncated
};

// Parses a ListBucketResult. Malformed XML or another root element throws io_error [starshift.io.s3_bad_response]
// naming `what`. A truncated page without NextContinuationToken also throws (pagination could not continue).
[[nodiscard]] s3_list_page parse_list_objects_v2(std::string_view xml, std::string_view what);

// <Error><Code>…</Code><Message>…</Message></Error>; fields are empty when the body is not such a document.
struct s3_error_document {
    std::string code;
    std::string message;
    std::string region;  // <Region> of a PermanentRedirect / AuthorizationHeaderMalformed, when present
};
[[nodiscard]] s3_error_document parse_s3_error(std::string_view xml);

// The UploadId of an InitiateMultipartUploadResult; io_error [starshift.io.s3_bad_response] naming `what` when the
// document is not one or has no UploadId.
[[nodiscard]] std::string parse_initiate_multipart_upload(std::string_view xml, std::string_view what);

// The body of CompleteMultipartUpload for parts 1..n with these ETags (as the server returned them, quotes kept).
[[nodiscard]] std::string complete_multipart_upload_xml(const std::vector<std::string>& etags);

}  // namespace starshift::io
