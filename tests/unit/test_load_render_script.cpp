// What `starshift render` prints: every statement read, IF NOT EXISTS kept, and for PostgreSQL a comment naming what
// the dialect cannot express (Redshift-only attributes; a COPY, with the `starshift run` line that performs it).
#include <doctest/doctest.h>

#include <string>

#include "starshift/load/render_script.hpp"
#include "starshift/parse/parser.hpp"

using namespace starshift;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::string render(const std::string& sql, sql::dialect d) {
    return load::render_statements(parse::parse_script(sql, {"s.sql", true, {}}), d, sql::secrets::mask);
}

const std::string script =
    "CREATE TABLE IF NOT EXISTS dev.public.t (a INT ENCODE AZ64 DISTKEY, b VARCHAR(3) REFERENCES u (id)) "
    "BACKUP NO SORTKEY (a);\n"
    "COPY public.t FROM 's3://b/p/t.csv' IAM_ROLE 'arn:aws:iam::1:role/R' CSV;\n"
    "VACUUM t;\n";

}  // namespace

TEST_CASE("render statements: redshift keeps everything it read") {
    const std::string out = render(script, sql::dialect::redshift);
    CHECK(contains(out, "CREATE TABLE IF NOT EXISTS dev.public.t ("));
    CHECK(contains(out, "a INTEGER ENCODE AZ64"));
    CHECK(contains(out, "BACKUP NO"));
    CHECK(contains(out, "COPY public.t\nFROM 's3://b/p/t.csv'"));
    CHECK(contains(out, "VACUUM t;\n"));
}

TEST_CASE("render statements: postgres says what it cannot render") {
    const std::string out = render(script, sql::dialect::postgres);
    CHECK(contains(out, "CREATE TABLE IF NOT EXISTS public.t ("));
    CHECK(contains(out, "CREATE INDEX IF NOT EXISTS t_sortkey ON public.t (a);"));
    CHECK(contains(out, "-- s.sql:1: Redshift only, not rendered: database dev of the three-part name; a ENCODE AZ64; "
                        "DISTSTYLE KEY; DISTKEY (a);\n--   BACKUP NO\n"));
    // Redshift does not enforce the foreign key: named in the DDL, not enforced (t_Defining_constraints).
    CHECK(contains(out, "\n    -- informational (not enforced, as on Redshift): FOREIGN KEY (b) REFERENCES u (id)\n);"));
    for (std::size_t at = 0, end = 0; at < out.size(); at = end + 1) {
        end = out.find('\n', at);
        if (end == std::string::npos) end = out.size();
        CHECK_MESSAGE(end - at <= 120, out.substr(at, end - at));
    }
    CHECK(contains(out, "-- s.sql:2: COPY public.t FROM s3://b/p/t.csv has no PostgreSQL form; the copy engine "
                        "performs it:\n--   starshift run s.sql --db URL --s3-map"));
    CHECK(!contains(out, "\nCOPY "));
    CHECK(contains(out, "VACUUM t;\n"));
}

TEST_CASE("render statements: UNLOAD for Redshift and as a comment for postgres") {
    const std::string unload =
        "UNLOAD ('select * from t') TO 's3://b/out/t_' IAM_ROLE 'arn:aws:iam::1:role/R' CSV GZIP MANIFEST;\n";
    CHECK(contains(render(unload, sql::dialect::redshift),
                   "UNLOAD ('select * from t')\nTO 's3://b/out/t_'\nIAM_ROLE 'arn:aws:iam::1:role/R'\nFORMAT AS CSV\n"
                   "GZIP\nMANIFEST;\n"));
    const std::string pg = render(unload, sql::dialect::postgres);
    CHECK(contains(pg, "-- s.sql:1: UNLOAD TO s3://b/out/t_ has no PostgreSQL form; starshift run performs it"));
    CHECK(!contains(pg, "\nUNLOAD "));
}
