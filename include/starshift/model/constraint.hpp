// Table constraints: PRIMARY KEY, UNIQUE and FOREIGN KEY … REFERENCES (informational on Redshift).
#pragma once

#include <string>
#include <vector>

namespace starshift {

enum class constraint_kind {
    primary_key,
    unique,
    foreign_key,
};

struct constraint {
    constraint_kind kind = constraint_kind::primary_key;
    std::vector<std::string> columns;
    std::string ref_table;                 // FOREIGN KEY only
    std::vector<std::string> ref_columns;  // FOREIGN KEY only; empty = the referenced table's primary key
    // FOREIGN KEY only, as written (upper case; empty = not given): MATCH FULL|PARTIAL|SIMPLE, and the referential
    // actions ON DELETE / ON UPDATE (NO ACTION, RESTRICT, CASCADE, SET NULL, SET DEFAULT).
    std::string match;
    std::string on_delete;
    std::string on_update;

    friend bool operator==(const constraint& a, const constraint& b);
    friend bool operator!=(const constraint& a, const constraint& b) { return !(a == b); }
};

}  // namespace starshift
