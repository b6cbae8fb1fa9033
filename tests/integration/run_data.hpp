// The `starshift run` test scripts (tests/data/redshift/run/) and the store that maps s3://run-bucket to their data.
#pragma once

#include <string>

#include "starshift/io/mapped_store.hpp"

namespace run_data {

inline const std::string dir = std::string(STARSHIFT_SOURCE_DIR) + "/tests/data/redshift/run/";

inline starshift::io::mapped_store store() {
    return starshift::io::mapped_store({*starshift::io::parse_s3_mapping("s3://run-bucket=" + dir + "data")});
}

}  // namespace run_data
