#include "starshift/model/column.hpp"

namespace starshift {

bool operator==(const identity& a, const identity& b) noexcept {
    return a.seed == b.seed && a.step == b.step && a.generated_by_default == b.generated_by_default &&
           a.bare == b.bare;
}

bool operator==(const column& a, const column& b) {
    return a.name == b.name && a.type == b.type && a.encode == b.encode && a.not_null == b.not_null &&
           a.default_expr == b.default_expr && a.identity_spec == b.identity_spec && a.collate == b.collate;
}

column_builder::column_builder(std::string name, sql_type type) {
    c_.name = std::move(name);
    c_.type = type;
}

column_builder& column_builder::not_null() {
    c_.not_null = true;
    return *this;
}

column_builder& column_builder::encode(encoding e) {
    c_.encode = e;
    return *this;
}

column_builder& column_builder::default_value(std::string expr) {
    c_.default_expr = std::move(expr);
    return *this;
}

column_builder& column_builder::identity(std::int64_t seed, std::int64_t step) {
    starshift::identity id;
    id.seed = seed;
    id.step = step;
    c_.identity_spec = id;
    c_.not_null = true;  // Redshift: identity columns are NOT NULL by default
    return *this;
}

column_builder& column_builder::generated_by_default_identity(std::int64_t seed, std::int64_t step) {
    identity(seed, step);
    c_.identity_spec->generated_by_default = true;
    return *this;
}

column_builder& column_builder::collate(collation c) {
    c_.collate = c;
    return *this;
}

column_builder col(std::string name, sql_type type) { return column_builder(std::move(name), type); }

}  // namespace starshift
