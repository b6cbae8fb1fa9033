// COPY authorization forms are alternatives: IAM_ROLE with keys or a token, or a token without keys, is an error
// (fuzz_parse found that such a COPY parsed and lost the token in the Redshift rendering).
#include <doctest/doctest.h>

#include <string>

#include "starshift/parse/parser.hpp"

namespace sp = starshift::parse;

TEST_CASE("parse auth mix: IAM_ROLE with a session token or keys is bad_credentials") {
    for (const char* auth : {"IAM_ROLE 'arn:aws:iam::1:role/R' SESSION_TOKEN 'tok'",
                             "IAM_ROLE 'arn:aws:iam::1:role/R' ACCESS_KEY_ID 'AKIA' SECRET_ACCESS_KEY 'x'",
                             "CREDENTIALS 'aws_iam_role=arn:aws:iam::1:role/R;token=tok'",
                             "SESSION_TOKEN 'tok'"}) {
        const std::string sql = std::string("COPY t FROM 's3://b/k' ") + auth + " CSV;";
        CHECK_THROWS_WITH_AS((void)sp::parse_copy(sql), doctest::Contains("[starshift.parse.bad_credentials]"),
                             sp::parse_error);
    }
    const auto ok = sp::parse_copy(
        "COPY t FROM 's3://b/k' ACCESS_KEY_ID 'AKIA' SECRET_ACCESS_KEY 'x' SESSION_TOKEN 'tok' CSV;");
    CHECK(ok.credentials.session_token == "tok");
}
