// Sparkify warehouses the load tests share.
#pragma once

#include "starshift/model/warehouse.hpp"
#include "starshift/sparkify/warehouse.hpp"

namespace starshift::testing {

// The Sparkify warehouse with session credentials (example values, never real): for checks that secrets are masked.
inline warehouse keyed_sparkify_warehouse() {
    sparkify::options o;
    o.credentials = {};
    o.credentials.access_key_id = "AKIAEXAMPLEKEYID";
    o.credentials.secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";
    o.credentials.session_token = "FwoGZXIvYXdzEXAMPLETOKEN";
    return sparkify::make_warehouse(o);
}

}  // namespace starshift::testing
