#include "starshift/tune/plan_format.hpp"

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "starshift/common/text.hpp"

namespace starshift::tune {
namespace {

// 172456 → "172456", 87.98 → "87.98"
std::string number(double v) {
    if (std::floor(v) == v && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

std::string head_of(const plan_step& s) {
    std::string out = "XN " + s.op;
    if (!s.label.empty()) out += " " + s.label;
    if (!s.relation.empty()) out += (s.op.size() >= 4 && s.op.compare(0, 2, "S3") == 0 ? " " : " on ") + s.relation;
    if (!s.alias.empty()) out += " " + s.alias;
    std::string est;
    if (s.cost_low && s.cost_high) est += "cost=" + number(*s.cost_low) + ".." + number(*s.cost_high);
    if (s.rows) est += (est.empty() ? "" : " ") + std::string("rows=") + number(*s.rows);
    if (s.width) est += (est.empty() ? "" : " ") + std::string("width=") + number(*s.width);
    if (!est.empty()) out += "  (" + est + ")";
    return out;
}

void print_step(const distributed_plan& p, std::size_t i, std::size_t depth, std::ostringstream& out) {
    const auto& s = p.steps[i];
    const std::size_t indent = depth == 0 ? 0 : 2 + 6 * (depth - 1);
    out << std::string(indent, ' ') << (depth == 0 ? "" : "->  ") << head_of(s) << "\n";
    const std::string below(depth == 0 ? 2 : indent + 6, ' ');
    for (const auto& c : s.conditions) out << below << c << "\n";
    if (!s.rule.empty()) out << below << "Rule: " << s.rule << "\n";
    if (s.bytes_moved > 0) out << below << "Moved: " << s.bytes_moved << " bytes\n";
    for (const auto c : s.children) print_step(p, c, depth + 1, out);
}

std::string quoted(const std::string& s) { return "\"" + json_escape(s) + "\""; }

std::string string_array(const std::vector<std::string>& v) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i == 0 ? "" : ", ") + quoted(v[i]);
    return out + "]";
}

std::string join_json(const plan_join& j) {
    return "{\"outer\": " + string_array(j.outer) + ", \"inner\": " + string_array(j.inner) + "}";
}

std::string op_label(const std::string& op, const std::string& label) {
    return label.empty() ? op : op + " " + label;
}

}  // namespace

std::string format_plan(const distributed_plan& plan) {
    std::ostringstream out;
    if (!plan.steps.empty()) print_step(plan, 0, 0, out);
    for (const auto& n : plan.notes) out << "----- " << n << " -----\n";
    return out.str();
}

std::string format_comparison(const plan_comparison& c) {
    std::ostringstream out;
    out << "line  agree  actual                          predicted                       tables\n";
    for (const auto& j : c.joins) {
        char head[160];
        const auto actual = op_label(j.actual_op, j.actual_label);
        const auto predicted = op_label(j.predicted_op, j.predicted_label);
        std::snprintf(head, sizeof head, "%4d  %-5s  %-30s  %-30s  ", j.actual_line, j.agree ? "yes" : "NO",
                      actual.c_str(), predicted.c_str());
        out << head << describe(j.actual);
        if (j.match == join_match::same_inner) out << " (matched by its inner side)";
        out << "\n";
        if (!j.agree && !j.predicted_rule.empty()) out << "      predicted because: " << j.predicted_rule << "\n";
    }
    for (const auto& j : c.actual_only) out << "      only in the actual plan: " << describe(j) << "\n";
    for (const auto& j : c.predicted_only) out << "      only in the prediction: " << describe(j) << "\n";
    out << "agreement: " << c.agreeing << " of " << c.compared() << " joins\n";
    return out.str();
}

std::string plan_json(const distributed_plan& plan) {
    std::ostringstream out;
    out << "{\"steps\": [";
    for (std::size_t i = 0; i < plan.steps.size(); ++i) {
        const auto& s = plan.steps[i];
        out << (i == 0 ? "" : ", ") << "{\"op\": " << quoted(s.op) << ", \"label\": " << quoted(s.label)
            << ", \"relation\": " << quoted(s.relation) << ", \"alias\": " << quoted(s.alias);
        if (s.rows) out << ", \"rows\": " << number(*s.rows);
        if (s.width) out << ", \"width\": " << number(*s.width);
        out << ", \"conditions\": " << string_array(s.conditions) << ", \"rule\": " << quoted(s.rule)
            << ", \"bytes_moved\": " << s.bytes_moved << ", \"line\": " << s.line << ", \"children\": [";
        for (std::size_t k = 0; k < s.children.size(); ++k) out << (k == 0 ? "" : ", ") << s.children[k];
        out << "]}";
    }
    out << "], \"notes\": " << string_array(plan.notes) << "}";
    return out.str();
}

std::string comparison_json(const plan_comparison& c) {
    std::ostringstream out;
    out << "{\"agreeing\": " << c.agreeing << ", \"compared\": " << c.compared() << ", \"joins\": [";
    for (std::size_t i = 0; i < c.joins.size(); ++i) {
        const auto& j = c.joins[i];
        out << (i == 0 ? "" : ", ") << "{\"line\": " << j.actual_line << ", \"actual\": "
            << quoted(op_label(j.actual_op, j.actual_label))
            << ", \"predicted\": " << quoted(op_label(j.predicted_op, j.predicted_label))
            << ", \"agree\": " << (j.agree ? "true" : "false") << ", \"match\": "
            << quoted(j.match == join_match::same_sides ? "same_sides" : "same_inner")
            << ", \"outer\": " << string_array(j.actual.outer) << ", \"inner\": " << string_array(j.actual.inner)
            << ", \"rule\": " << quoted(j.predicted_rule) << "}";
    }
    out << "], \"actual_only\": [";
    for (std::size_t i = 0; i < c.actual_only.size(); ++i) out << (i == 0 ? "" : ", ") << join_json(c.actual_only[i]);
    out << "], \"predicted_only\": [";
    for (std::size_t i = 0; i < c.predicted_only.size(); ++i) {
        out << (i == 0 ? "" : ", ") << join_json(c.predicted_only[i]);
    }
    out << "]}";
    return out.str();
}

}  // namespace starshift::tune
