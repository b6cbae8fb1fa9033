#include "starshift/model/statement.hpp"

namespace starshift {

bool operator==(const insert_select& a, const insert_select& b) {
    return a.table == b.table && a.columns == b.columns && a.query == b.query;
}

bool operator==(const delete_statement& a, const delete_statement& b) {
    return a.table == b.table && a.using_item == b.using_item && a.where_clause == b.where_clause &&
           a.more_using == b.more_using;
}

bool operator==(const insert_values& a, const insert_values& b) {
    return a.table == b.table && a.columns == b.columns && a.rows == b.rows;
}

bool operator==(const update_statement& a, const update_statement& b) {
    return a.table == b.table && a.alias == b.alias && a.assignments == b.assignments &&
           a.from_items == b.from_items && a.where_clause == b.where_clause;
}

bool operator==(const merge_statement& a, const merge_statement& b) {
    return a.table == b.table && a.source == b.source && a.on == b.on && a.when_matched == b.when_matched &&
           a.matched_delete == b.matched_delete && a.matched_set == b.matched_set &&
           a.when_not_matched == b.when_not_matched && a.insert_columns == b.insert_columns &&
           a.insert_values == b.insert_values;
}

}  // namespace starshift
