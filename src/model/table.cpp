#include "starshift/model/table.hpp"

#include <algorithm>
#include <set>

#include "starshift/common/text.hpp"
#include "starshift/model/identifier.hpp"

namespace starshift {
namespace {

constexpr std::size_t max_columns = 1600;

[[noreturn]] void fail(const table& t, const std::string& id, std::string column, std::string_view detail) {
    throw model_error(id, t.qualified_name(), std::move(column), detail);
}

void validate_type(const table& t, const column& c) {
    const sql_type& ty = c.type;
    switch (ty.kind) {
        case type_kind::decimal:
            if (ty.precision < 1 || ty.precision > decimal_max_precision)
                fail(t, "starshift.model.decimal_precision_invalid", c.name,
                     "DECIMAL precision " + std::to_string(ty.precision) + " is outside 1..38");
            if (ty.scale < 0 || ty.scale > ty.precision)
                fail(t, "starshift.model.decimal_scale_invalid", c.name,
                     "DECIMAL scale " + std::to_string(ty.scale) + " is outside 0.." + std::to_string(ty.precision));
            break;
        case type_kind::varchar:
            if (ty.length < 1 || ty.length > varchar_max_length)
                fail(t, "starshift.model.varchar_length_invalid", c.name,
                     "VARCHAR length " + std::to_string(ty.length) + " is outside 1..65535 bytes");
            break;
        case type_kind::char_:
            if (ty.length < 1 || ty.length > char_max_length)
                fail(t, "starshift.model.char_length_invalid", c.name,
                     "CHAR length " + std::to_string(ty.length) + " is outside 1..4096 bytes");
            break;
        case type_kind::varbyte:
            if (ty.length < 1 || ty.length > varbyte_max_length)
                fail(t, "starshift.model.varbyte_length_invalid", c.name,
                     "VARBYTE length " + std::to_string(ty.length) + " is outside 1..1024000 bytes");
            break;
        default: break;
    }
}

// r_CREATE_TABLE_NEW lists the sort-key types; limitations-super and spatial-limitations exclude SUPER, GEOMETRY and
// GEOGRAPHY from sort and distribution keys. VARBYTE and HLLSKETCH are outside the sort-key list too.
bool sortable(type_kind k) noexcept {
    return k != type_kind::varbyte && k != type_kind::super && k != type_kind::geometry &&
           k != type_kind::geography && k != type_kind::hllsketch;
}
bool distributable(type_kind k) noexcept {
    return k != type_kind::super && k != type_kind::geometry && k != type_kind::geography;
}

void validate_column(const table& t, const column& c) {
    check_identifier(c.name, t.qualified_name(), c.name);
    validate_type(t, c);
    if (c.encode && !is_valid_for(*c.encode, c.type))
        fail(t, "starshift.model.encoding_invalid_for_type", c.name,
             "ENCODE " + to_sql(*c.encode) + " is not valid for " + to_sql(c.type));
    if (c.collate && !is_character(c.type.kind))
        fail(t, "starshift.model.collate_type_invalid", c.name,
             "COLLATE " + to_sql(*c.collate) + " applies to CHAR and VARCHAR columns, not " + to_sql(c.type));
    if (c.identity_spec) {
        if (c.type.kind != type_kind::integer && c.type.kind != type_kind::bigint)
            fail(t, "starshift.model.identity_type_invalid", c.name,
                 "IDENTITY requires INTEGER or BIGINT, not " + to_sql(c.type));
        if (c.identity_spec->step == 0) fail(t, "starshift.model.identity_step_zero",
                                             c.name, "IDENTITY step must not be 0");
        if (c.default_expr) fail(t, "starshift.model.identity_with_default",
                                 c.name, "an IDENTITY column cannot have a DEFAULT");
    }
    if (c.default_expr) {
        if (c.default_expr->empty()) fail(t, "starshift.model.default_empty", c.name, "DEFAULT expression is empty");
        if (c.default_expr->find('\0') != std::string::npos)
            fail(t, "starshift.model.default_invalid", c.name, "DEFAULT expression contains a NUL byte");
    }
}

void require_columns(const table& t, const std::vector<std::string>& cols, std::string_view what) {
    std::set<std::string> seen;
    for (const auto& name : cols) {
        if (!t.find(name))
            fail(t, "starshift.model.column_missing", name,
                 std::string(what) + " names column " + name + ", which the table does not have");
        if (!seen.insert(ascii_lower(name)).second)
            fail(t, "starshift.model.column_repeated", name, std::string(what) + " names column " + name + " twice");
    }
}

}  // namespace

const column* table::find(std::string_view column_name) const noexcept {
    for (const auto& c : columns)
        if (c.name == column_name) return &c;
    const std::string f = ascii_lower(column_name);
    for (const auto& c : columns)
        if (ascii_lower(c.name) == f) return &c;
    return nullptr;
}

const column& table::at(std::string_view column_name) const {
    if (const column* c = find(column_name)) return *c;
    throw model_error("starshift.model.column_missing", qualified_name(), std::string(column_name),
                      "no such column");
}

std::vector<std::string> table::column_names() const {
    std::vector<std::string> out;
    out.reserve(columns.size());
    for (const auto& c : columns) out.push_back(c.name);
    return out;
}

std::vector<std::string> table::primary_key() const {
    for (const auto& k : constraints)
        if (k.kind == constraint_kind::primary_key) return k.columns;
    return {};
}

std::string table::qualified_name() const { return schema.empty() ? name : schema + "." + name; }

bool operator==(const table& a, const table& b) {
    return a.database == b.database && a.schema == b.schema && a.name == b.name && a.columns == b.columns &&
           a.constraints == b.constraints &&
           a.diststyle == b.diststyle && a.distkey == b.distkey && a.sortkey == b.sortkey && a.backup == b.backup &&
           a.temporary == b.temporary && a.collate == b.collate && a.as_query == b.as_query &&
           a.external == b.external && a.materialized == b.materialized;
}

std::optional<collation> effective_collation(const table& t, const column& c) {
    if (c.collate) return c.collate;
    return is_character(c.type.kind) ? t.collate : std::nullopt;
}

std::vector<model_warning> validate(const table& t, const validation_options& options) {
    std::vector<model_warning> warnings;
    check_identifier(t.name, t.name, "");
    if (!t.schema.empty()) check_identifier(t.schema, t.qualified_name(), "");
    if (!t.database.empty()) check_identifier(t.database, t.qualified_name(), "");
    if (t.as_query) {
        if (t.as_query->text.empty()) fail(t, "starshift.model.query_empty", "", "CREATE TABLE … AS needs a query");
        for (const auto& n : t.as_query->column_names) check_identifier(n, t.qualified_name(), n);
    }
    if (t.columns.empty() && !t.as_query)
        fail(t, "starshift.model.no_columns", "", "a table needs at least one column");
    if (t.columns.size() > max_columns)
        fail(t, "starshift.model.too_many_columns",
             "", std::to_string(t.columns.size()) + " columns, over Redshift's 1600");

    std::set<std::string> names;
    for (const auto& c : t.columns) {
        validate_column(t, c);
        if (!names.insert(ascii_lower(c.name)).second)
            fail(t, "starshift.model.duplicate_column", c.name, "column " + c.name + " is declared twice");
    }

    // Distribution.
    // CREATE TABLE … AS whose columns could not be learned: the keys name columns of the query (checked by Redshift).
    const bool columns_unknown = t.as_query && t.columns.empty();
    if (t.distkey) {
        if (!t.find(*t.distkey) && !columns_unknown)
            fail(t, "starshift.model.distkey_column_missing",
                 *t.distkey, "DISTKEY names a column the table does not have");
        if (t.find(*t.distkey) && !distributable(t.at(*t.distkey).type.kind))
            fail(t, "starshift.model.distkey_type_invalid", *t.distkey,
                 to_sql(t.at(*t.distkey).type) + " cannot be a distribution key");
        if (t.diststyle != dist_style::key)
            fail(t, "starshift.model.distkey_without_key_style", *t.distkey,
                 "DISTKEY requires DISTSTYLE KEY, but the table has DISTSTYLE " + to_sql(t.diststyle));
    } else if (t.diststyle == dist_style::key) {
        fail(t, "starshift.model.distkey_missing", "", "DISTSTYLE KEY requires a DISTKEY column");
    }

    // Sort key.
    const auto& sk = t.sortkey;
    if (sk.style == sort_style::automatic && !sk.columns.empty())
        fail(t, "starshift.model.sortkey_auto_with_columns", sk.columns.front(), "SORTKEY AUTO takes no columns");
    if (sk.style != sort_style::automatic && columns_unknown) {
        if (sk.columns.empty()) fail(t, "starshift.model.sortkey_empty",
                                     "", to_sql(sk.style) + " SORTKEY needs at least one column");
    } else if (sk.style != sort_style::automatic) {
        if (sk.columns.empty()) fail(t, "starshift.model.sortkey_empty",
                                     "", to_sql(sk.style) + " SORTKEY needs at least one column");
        for (const auto& name : sk.columns) {
            if (!t.find(name))
                fail(t, "starshift.model.sortkey_column_missing",
                     name, "SORTKEY names a column the table does not have");
            if (!sortable(t.at(name).type.kind))
                fail(t, "starshift.model.sortkey_type_invalid", name,
                     to_sql(t.at(name).type) + " cannot be a sort key");
        }
        require_columns(t, sk.columns, "SORTKEY");
        if (sk.style == sort_style::interleaved && sk.columns.size() > max_interleaved_sort_columns)
            fail(t, "starshift.model.interleaved_sortkey_too_wide", sk.columns[max_interleaved_sort_columns],
                 "an INTERLEAVED SORTKEY may have at most 8 columns, this one has " +
                     std::to_string(sk.columns.size()));
        if (sk.style == sort_style::compound && sk.columns.size() > max_compound_sort_columns)
            fail(t, "starshift.model.compound_sortkey_too_wide", "",
                 "a COMPOUND SORTKEY may have at most 400 columns, this one has " + std::to_string(sk.columns.size()));
        for (const auto& name : sk.columns) {
            const column& c = t.at(name);
            if (c.encode && *c.encode != encoding::raw) {
                const std::string msg = "sort-key column is encoded " + to_sql(*c.encode) +
                                        "; Redshift advises RAW so zone maps stay effective";
                if (options.sort_key_encoding == sort_key_encoding_policy::reject)
                    fail(t, "starshift.model.sortkey_encoded", name, msg);
                warnings.push_back({"starshift.model.sortkey_encoded", t.qualified_name(), name, msg});
            }
            if (sk.style == sort_style::interleaved &&
                (c.identity_spec || c.type.kind == type_kind::date || c.type.kind == type_kind::timestamp ||
                 c.type.kind == type_kind::timestamptz))
                warnings.push_back({"starshift.model.interleaved_monotonic", t.qualified_name(), name,
                                    "AWS advises against INTERLEAVED sort keys on monotonically increasing "
                                    "columns (identity, dates, timestamps)"});
        }
    }

    // Constraints.
    int primary_keys = 0;
    for (const auto& k : t.constraints) {
        const char* what = k.kind == constraint_kind::primary_key ? "PRIMARY KEY"
                           : k.kind == constraint_kind::unique    ? "UNIQUE"
                                                                  : "FOREIGN KEY";
        if (k.columns.empty()) fail(t, "starshift.model.constraint_empty", "", std::string(what) + " names no columns");
        for (const auto& name : k.columns)
            if (!t.find(name))
                fail(t, k.kind == constraint_kind::foreign_key ? "starshift.model.fk_column_missing"
                        : k.kind == constraint_kind::primary_key ? "starshift.model.pk_column_missing"
                                                                 : "starshift.model.unique_column_missing",
                     name, std::string(what) + " names a column the table does not have");
        require_columns(t, k.columns, what);
        if (k.kind == constraint_kind::primary_key && ++primary_keys > 1)
            fail(t, "starshift.model.multiple_primary_keys",
                 k.columns.front(), "a table may have only one PRIMARY KEY");
        if (k.kind == constraint_kind::foreign_key) {
            check_identifier(k.ref_table, t.qualified_name(), k.columns.front());
            if (!k.ref_columns.empty() && k.ref_columns.size() != k.columns.size())
                fail(t, "starshift.model.fk_arity", k.columns.front(),
                     "FOREIGN KEY has " + std::to_string(k.columns.size()) + " columns but REFERENCES " +
                         k.ref_table + " names " + std::to_string(k.ref_columns.size()));
            for (const auto& rc : k.ref_columns) check_identifier(rc, t.qualified_name(), k.columns.front());
        }
    }
    return warnings;
}

table_builder::table_builder(std::string name) { t_.name = std::move(name); }

table_builder& table_builder::schema(std::string schema_name) {
    t_.schema = std::move(schema_name);
    return *this;
}

table_builder& table_builder::column(starshift::column c) {
    t_.columns.push_back(std::move(c));
    return *this;
}

table_builder& table_builder::primary_key(std::vector<std::string> columns) {
    t_.constraints.push_back({constraint_kind::primary_key, std::move(columns), {}, {}, {}, {}, {}});
    return *this;
}

table_builder& table_builder::unique(std::vector<std::string> columns) {
    t_.constraints.push_back({constraint_kind::unique, std::move(columns), {}, {}, {}, {}, {}});
    return *this;
}

table_builder& table_builder::foreign_key(std::vector<std::string> columns, std::string ref_table,
                                          std::vector<std::string> ref_columns) {
    t_.constraints.push_back(
        {constraint_kind::foreign_key, std::move(columns), std::move(ref_table), std::move(ref_columns), {}, {}, {}});
    return *this;
}

table_builder& table_builder::diststyle(dist_style s) {
    t_.diststyle = s;
    return *this;
}

table_builder& table_builder::distkey(std::string column_name) {
    if (t_.distkey && ascii_lower(*t_.distkey) != ascii_lower(column_name))
        throw model_error("starshift.model.multiple_distkeys", t_.qualified_name(), column_name,
                          "a table may have only one DISTKEY, and " + *t_.distkey + " is already one");
    t_.distkey = std::move(column_name);
    t_.diststyle = dist_style::key;
    return *this;
}

table_builder& table_builder::sortkey(std::vector<std::string> columns, sort_style style) {
    t_.sortkey = sort_key{style, std::move(columns)};
    return *this;
}

table_builder& table_builder::sortkey_auto() {
    t_.sortkey = sort_key{sort_style::automatic, {}};
    return *this;
}

table_builder& table_builder::backup(bool on) {
    t_.backup = on;
    return *this;
}

table_builder& table_builder::temporary(bool on) {
    t_.temporary = on;
    return *this;
}

table_builder& table_builder::collate(collation c) {
    t_.collate = c;
    return *this;
}

starshift::table table_builder::build(const validation_options& options) const {
    (void)validate(t_, options);
    return t_;
}

}  // namespace starshift
