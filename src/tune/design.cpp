// A table's physical design as the tuning lab varies it: label, equality, read from and applied to a model table.
#include "starshift/tune/design.hpp"

namespace starshift::tune {

std::string table_design::label() const {
    std::string s;
    switch (diststyle) {
        case dist_style::automatic: s = "AUTO"; break;
        case dist_style::even: s = "EVEN"; break;
        case dist_style::all: s = "ALL"; break;
        case dist_style::key: s = "KEY(" + distkey.value_or("?") + ")"; break;
    }
    if (sortkey.style != sort_style::automatic && !sortkey.columns.empty()) {
        s += sortkey.style == sort_style::interleaved ? " INTERLEAVED SORTKEY(" : " SORTKEY(";
        for (std::size_t i = 0; i < sortkey.columns.size(); ++i) {
            if (i > 0) s += ", ";
            s += sortkey.columns[i];
        }
        s += ")";
    }
    return s;
}

bool operator==(const table_design& a, const table_design& b) {
    return a.diststyle == b.diststyle && a.distkey == b.distkey && a.sortkey == b.sortkey;
}

table_design design_of(const table& t) { return table_design{t.diststyle, t.distkey, t.sortkey}; }

table with_design(const table& t, const table_design& d) {
    table out = t;
    out.diststyle = d.diststyle;
    out.distkey = d.distkey;
    out.sortkey = d.sortkey;
    (void)validate(out);  // the table_builder's rules; warnings (e.g. an encoded sort-key column) are not errors here
    return out;
}

}  // namespace starshift::tune
