#include "starshift/model/constraint.hpp"

namespace starshift {

bool operator==(const constraint& a, const constraint& b) {
    return a.kind == b.kind && a.columns == b.columns && a.ref_table == b.ref_table &&
           a.ref_columns == b.ref_columns && a.match == b.match && a.on_delete == b.on_delete &&
           a.on_update == b.on_update;
}

}  // namespace starshift
