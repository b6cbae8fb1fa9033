// tests/data/redshift/sparkify.sql, the Sparkify schema hand-written as plain Redshift SQL, parses into exactly the
// tables and COPY specs of sparkify::make_warehouse().
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "starshift/parse/parser.hpp"
#include "starshift/sparkify/warehouse.hpp"

namespace sp = starshift::parse;
using namespace starshift;

TEST_CASE("parse sparkify: the hand-written Redshift SQL equals the library's Sparkify model") {
    const std::string path = std::string(STARSHIFT_SOURCE_DIR) + "/tests/data/redshift/sparkify.sql";
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    std::ostringstream text;
    text << in.rdbuf();
    const auto statements = sp::parse_script(text.str(), {"sparkify.sql", true, {}});

    const warehouse w = sparkify::make_warehouse();
    std::vector<table> tables;
    std::vector<copy_spec> copies;
    std::size_t drops = 0;
    for (const auto& s : statements) {
        if (const table* t = s.as_table()) tables.push_back(*t);
        if (const copy_spec* c = s.as_copy()) copies.push_back(*c);
        if (const auto* u = s.as_unsupported()) drops += u->keyword == "DROP" ? 1 : 0;
    }
    CHECK(drops == 7);
    REQUIRE(tables.size() == w.staging.size() + w.star.size());
    for (const table* expected_ptr : w.all_tables()) {
        const table& expected = *expected_ptr;
        const table* got = nullptr;
        for (const auto& t : tables)
            if (t.name == expected.name) got = &t;
        REQUIRE_MESSAGE(got, "sparkify.sql has no table " << expected.name);
        CHECK_MESSAGE(*got == expected, "table " << expected.name << " differs from the model");
        CHECK(got->columns == expected.columns);
        CHECK(got->constraints == expected.constraints);
        CHECK(got->sortkey == expected.sortkey);
        CHECK(got->distkey == expected.distkey);
    }
    REQUIRE(copies.size() == w.copies.size());
    for (std::size_t i = 0; i < copies.size(); ++i) CHECK_MESSAGE(copies[i] == w.copies[i], "COPY " << w.copies[i].table);
}
