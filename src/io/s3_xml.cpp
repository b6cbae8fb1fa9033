#include "starshift/io/detail/s3_xml.hpp"

#include <pugixml.hpp>

#include <cerrno>
#include <cstdlib>
#include <sstream>

namespace starshift::io {

s3_list_page parse_list_objects_v2(std::string_view xml, std::string_view what) {
    pugi::xml_document doc;
    const pugi::xml_parse_result ok = doc.load_buffer(xml.data(), xml.size());
    if (!ok) {
        throw io_error("starshift.io.s3_bad_response", what, std::string("unparsable ListObjectsV2 XML: ") + ok.description());
    }
    const pugi::xml_node root = doc.child("ListBucketResult");
    if (!root) {
        throw io_error("starshift.io.s3_bad_response", what, "response is not a ListBucketResult");
    }
    s3_list_page page;
    for (const pugi::xml_node c : root.children("Contents")) {
        object_info o;
        o.key = c.child_value("Key");
        const char* size = c.child_value("Size");
        errno = 0;
        char* end = nullptr;
        const unsigned long long v = std::strtoull(size, &end, 10);
        if (o.key.empty() || end == size || errno != 0) {
            throw io_error("starshift.io.s3_bad_response", what, "a Contents entry lacks Key or Size");
        }
        o.size = static_cast<std::uint64_t>(v);
        page.objects.push_back(std::move(o));
    }
    page.is_truncated = std::string_view(root.child_value("IsTruncated")) == "true";
    if (page.is_truncated) {
        page.next_continuation_token = root.child_value("NextContinuationToken");
        if (page.next_continuation_token.empty()) {
            throw io_error("starshift.io.s3_bad_response", what, "truncated listing without NextContinuationToken");
        }
    }
    return page;
}

s3_error_document parse_s3_error(std::string_view xml) {
    s3_error_document e;
    pugi::xml_document doc;
    if (!doc.load_buffer(xml.data(), xml.size())) {
        return e;
    }
    const pugi::xml_node root = doc.child("Error");
    e.code = root.child_value("Code");
    e.message = root.child_value("Message");
    e.region = root.child_value("Region");
    return e;
}

std::string parse_initiate_multipart_upload(std::string_view xml, std::string_view what) {
    pugi::xml_document doc;
    if (!doc.load_buffer(xml.data(), xml.size()))
        throw io_error("starshift.io.s3_bad_response", what, "unparsable InitiateMultipartUploadResult XML");
    std::string id = doc.child("InitiateMultipartUploadResult").child_value("UploadId");
    if (id.empty())
        throw io_error("starshift.io.s3_bad_response", what, "no UploadId in the multipart upload response");
    return id;
}

std::string complete_multipart_upload_xml(const std::vector<std::string>& etags) {
    pugi::xml_document doc;
    pugi::xml_node root = doc.append_child("CompleteMultipartUpload");
    for (std::size_t i = 0; i < etags.size(); ++i) {
        pugi::xml_node part = root.append_child("Part");
        part.append_child("PartNumber").text().set(static_cast<unsigned long long>(i + 1));
        part.append_child("ETag").text().set(etags[i].c_str());
    }
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
    return out.str();
}

}  // namespace starshift::io
