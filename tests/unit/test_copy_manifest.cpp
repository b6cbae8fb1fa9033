// COPY … MANIFEST through the copy engine on local files: listed entries load, a missing optional entry is skipped
// with a warning, a missing mandatory entry or an empty resolution fails the COPY.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "starshift/copy/copy_encoder.hpp"
#include "starshift/io/object_store.hpp"
#include "starshift/model/table.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace starshift;

namespace {

struct manifest_dir {
    starshift::testing::temp_dir dir{"starshift_manifest_test"};
    fs::path root = dir.path();
    manifest_dir() {
        std::ofstream(root / "a.json") << "{\"id\": 1}\n{\"id\": 2}";
        std::ofstream(root / "b.json") << "{\"id\": 3}";
        std::ofstream(root / "c.json") << "{\"id\": 4}";  // not in the manifest: never read
    }
    std::string write_manifest(const std::string& entries) const {
        const fs::path p = root / "load.manifest";
        std::ofstream(p) << "{\"entries\": [" << entries << "]}";
        return p.string();
    }
    std::string entry(const std::string& name, bool mandatory) const {
        return "{\"url\": \"" + (root / name).string() + "\", \"mandatory\": " + (mandatory ? "true" : "false") + "}";
    }
};

table ids() { return table_builder("ids").column(col("id", integer())).build(); }

copy_spec manifest_spec(const std::string& manifest) {
    copy_spec s;
    s.table = "ids";
    s.source.uri = manifest;
    s.source.manifest = true;
    return s;
}

copy::copy_options text_wire() {
    copy::copy_options o;
    o.wire = copy::wire_format::text;  // the rows are compared as COPY text
    return o;
}

std::string run_copy(copy::copy_encoder& enc) {
    std::string out;
    enc.run([&](std::string& chunk) {
        out += chunk;
        chunk.clear();
    });
    return out;
}

}  // namespace

TEST_CASE("copy manifest: only the listed files load and a missing optional entry is a warning") {
    manifest_dir d;
    const auto m = d.write_manifest(d.entry("a.json", true) + "," + d.entry("missing.json", false) + "," +
                                    d.entry("b.json", false));
    copy::copy_encoder enc(manifest_spec(m), ids(), text_wire());
    CHECK(run_copy(enc) == "1\n2\n3\n");
    CHECK(enc.stats().files == 2);
    bool warned = false;
    for (const auto& w : enc.warnings()) warned = warned || w.find("missing.json") != std::string::npos;
    CHECK(warned);
}

TEST_CASE("copy manifest: a missing mandatory entry fails the COPY naming it") {
    manifest_dir d;
    const auto m = d.write_manifest(d.entry("a.json", false) + "," + d.entry("gone.json", true));
    copy::copy_encoder enc(manifest_spec(m), ids(), text_wire());
    try {
        (void)run_copy(enc);
        FAIL("expected an error");
    } catch (const io::io_error& e) {
        CHECK(e.id() == "starshift.io.manifest_missing_file");
        CHECK(std::string(e.what()).find("gone.json") != std::string::npos);
    }
}

TEST_CASE("copy manifest: no existing file at all fails the COPY") {
    manifest_dir d;
    const auto m = d.write_manifest(d.entry("nothing.json", false));
    copy::copy_encoder enc(manifest_spec(m), ids(), text_wire());
    CHECK_THROWS(run_copy(enc));
}
