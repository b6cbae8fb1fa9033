// EXPLAIN (FORMAT JSON) → explain_plan with simdjson's DOM: the fields of each node that describe what it reads
// and how it joins; everything else (costs, row estimates, sort keys) is left out.
#include "starshift/parse/explain.hpp"

#include <simdjson.h>

#include <string>
#include <utility>
#include <vector>

#include "starshift/model/error.hpp"
#include "starshift/parse/expression.hpp"

namespace starshift::parse {
namespace {

[[noreturn]] void bad_explain(const std::string& message) {
    throw model_error("starshift.tune.bad_explain", "", "", message);
}

std::string text_of(simdjson::dom::element e) {
    std::string_view v;
    if (e.get_string().get(v) == simdjson::SUCCESS) return std::string(v);
    return {};
}

std::optional<expr> condition(std::string_view text) {
    std::vector<expr> parts = parse_pg_conjuncts(text);
    if (parts.empty()) return std::nullopt;
    return and_(std::move(parts));
}

void add_node(simdjson::dom::element obj, std::optional<std::size_t> parent, int depth, explain_plan& plan) {
    if (depth > 200) bad_explain("the plan nests deeper than 200 nodes");
    explain_node n;
    n.parent = parent;
    simdjson::dom::object o;
    if (obj.get_object().get(o) != simdjson::SUCCESS) bad_explain("a plan node is not a JSON object");
    simdjson::dom::array children;
    bool has_children = false;
    for (auto field : o) {
        const std::string_view key = field.key;
        if (key == "Node Type") n.type = text_of(field.value);
        else if (key == "Relation Name") n.relation = text_of(field.value);
        else if (key == "Schema") n.schema = text_of(field.value);
        else if (key == "Alias") n.alias = text_of(field.value);
        else if (key == "Join Type") n.join_type = text_of(field.value);
        else if (key == "Hash Cond" || key == "Merge Cond" || key == "Join Filter")
            n.join_conditions.push_back(condition(text_of(field.value)));
        else if (key == "Filter" || key == "Index Cond" || key == "Recheck Cond" || key == "TID Cond")
            n.scan_conditions.push_back(condition(text_of(field.value)));
        else if (key == "Group Key" || key == "Output") {
            simdjson::dom::array a;
            if (field.value.get_array().get(a) == simdjson::SUCCESS)
                for (simdjson::dom::element x : a)
                    (key == "Output" ? n.output : n.group_keys).push_back(parse_pg_expression(text_of(x)));
        } else if (key == "Plans") {
            has_children = field.value.get_array().get(children) == simdjson::SUCCESS;
        }
    }
    const std::size_t self = plan.nodes.size();
    plan.nodes.push_back(std::move(n));
    if (parent) plan.nodes[*parent].children.push_back(self);
    if (has_children)
        for (simdjson::dom::element c : children) add_node(c, self, depth + 1, plan);
}

}  // namespace

explain_plan read_explain(std::string_view json) {
    simdjson::dom::parser parser;
    const simdjson::padded_string padded(json);
    simdjson::dom::element root;
    if (parser.parse(padded).get(root) != simdjson::SUCCESS) bad_explain("the EXPLAIN output is not valid JSON");
    std::vector<simdjson::dom::element> statements;
    simdjson::dom::array array;
    if (root.get_array().get(array) != simdjson::SUCCESS) {
        statements.push_back(root);  // a single {"Plan": …} object
    } else {
        for (simdjson::dom::element e : array) statements.push_back(e);
    }
    if (statements.empty()) bad_explain("the EXPLAIN output holds no plan");
    explain_plan plan;
    for (const auto& st : statements) {
        simdjson::dom::element node;
        if (st["Plan"].get(node) != simdjson::SUCCESS || !node.is_object())
            bad_explain("expected EXPLAIN (FORMAT JSON) output: [{\"Plan\": {…}}]");
        add_node(node, std::nullopt, 0, plan);
    }
    return plan;
}

}  // namespace starshift::parse
