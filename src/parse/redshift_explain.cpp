#include "starshift/parse/redshift_explain.hpp"

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "starshift/common/text.hpp"
#include "starshift/parse/parse_error.hpp"

namespace starshift::parse {
namespace {

constexpr const char* bad_id = "starshift.parse.bad_redshift_explain";

struct text_line {
    std::string_view text;
    int number = 0;
};

std::vector<text_line> split_lines(std::string_view text) {
    std::vector<text_line> out;
    int number = 0;
    while (!text.empty()) {
        const auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        out.push_back({line, ++number});
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return out;
}

// The display column of the first character that is not blank (a tab advances to the next multiple of 8).
std::size_t indentation(std::string_view line) {
    std::size_t column = 0;
    for (const char c : line) {
        if (c == ' ') {
            ++column;
        } else if (c == '\t') {
            column = (column / 8 + 1) * 8;
        } else {
            break;
        }
    }
    return column;
}

bool all_of_char(std::string_view s, char c) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [c](char x) { return x == c; });
}

// "(4 rows)", "(1 row)"
bool is_row_count(std::string_view s) {
    if (s.size() < 3 || s.front() != '(' || s.back() != ')') return false;
    const auto inner = s.substr(1, s.size() - 2);
    const auto space = inner.find(' ');
    if (space == std::string_view::npos || space == 0) return false;
    const auto word = inner.substr(space + 1);
    return std::all_of(inner.begin(), inner.begin() + static_cast<std::ptrdiff_t>(space),
                       [](char c) { return c >= '0' && c <= '9'; }) &&
           (word == "rows" || word == "row");
}

// "----- Tables missing statistics: users -----": a note of the plan.
std::optional<std::string> note_of(std::string_view s) {
    if (s.size() < 10 || s.substr(0, 5) != "-----" || s.substr(s.size() - 5) != "-----") return std::nullopt;
    auto inner = s.substr(5, s.size() - 10);
    while (!inner.empty() && inner.front() == '-') inner.remove_prefix(1);
    while (!inner.empty() && inner.back() == '-') inner.remove_suffix(1);
    inner = trim_space(inner);
    if (inner.empty()) return std::nullopt;
    return std::string(inner);
}

[[noreturn]] void fail(const std::string& file, int line, std::size_t column, std::string_view message) {
    throw parse_error(file, static_cast<std::size_t>(line), column + 1, bad_id, message);
}

// "cost=0.00..87.98 rows=8798 width=21" (possibly cut short in STL_EXPLAIN: then what is there).
void read_estimates(std::string_view inside, plan_step& step, bool may_be_cut, const std::string& file, int line,
                    std::size_t column) {
    std::size_t pos = 0;
    while (pos < inside.size()) {
        while (pos < inside.size() && inside[pos] == ' ') ++pos;
        const auto end = std::min(inside.find(' ', pos), inside.size());
        const auto word = inside.substr(pos, end - pos);
        pos = end;
        if (word.empty()) continue;
        const auto eq = word.find('=');
        const bool last = end == inside.size();
        const auto bad = [&] {
            if (may_be_cut && last) return;  // a value cut short by substring()
            fail(file, line, column,
                 "the estimates \"(" + std::string(inside) + ")\" do not read as cost=A..B rows=N width=W");
        };
        if (eq == std::string_view::npos) {
            bad();
            continue;
        }
        const auto key = word.substr(0, eq);
        const auto value = word.substr(eq + 1);
        if (key == "cost") {
            const auto dots = value.find("..");
            const auto low = dots == std::string_view::npos ? std::nullopt : as_number(value.substr(0, dots));
            const auto high = dots == std::string_view::npos ? std::nullopt : as_number(value.substr(dots + 2));
            if (!low || !high) {
                bad();
                continue;
            }
            step.cost_low = low;
            step.cost_high = high;
        } else if (key == "rows" || key == "width") {
            const auto n = as_number(value);
            if (!n) {
                bad();
                continue;
            }
            (key == "rows" ? step.rows : step.width) = n;
        } else {
            bad();
        }
    }
    if (!may_be_cut && (!step.cost_low || !step.rows || !step.width)) {
        fail(file, line, column, "the estimates \"(" + std::string(inside) + ")\" lack cost=, rows= or width=");
    }
}

// The words of a step's head: "Hash Join DS_BCAST_INNER", "Seq Scan on sales s", "S3 Query Scan sales",
// "S3 Seq Scan spectrum.sales location:\"s3://…\" format:TEXT", "Subquery Scan volt_dt_0".
void read_head(std::string_view head, plan_step& step) {
    std::vector<std::string_view> words;
    std::size_t pos = 0;
    while (pos < head.size()) {
        while (pos < head.size() && head[pos] == ' ') ++pos;
        auto end = pos;
        bool quoted = false;
        while (end < head.size() && (quoted || head[end] != ' ')) {
            if (head[end] == '"') quoted = !quoted;
            ++end;
        }
        if (end > pos) words.push_back(head.substr(pos, end - pos));
        pos = end;
    }
    std::string op;
    std::size_t i = 0;
    for (; i < words.size(); ++i) {
        const auto w = words[i];
        if (istarts_with(w, "DS_")) {
            step.label = std::string(w);
            ++i;
            break;
        }
        if (w == "on" || (!op.empty() && (op.size() >= 4 && op.compare(op.size() - 4, 4, "Scan") == 0))) break;
        if (!op.empty()) op += ' ';
        op += w;
    }
    step.op = op;
    if (i < words.size() && words[i] == "on") ++i;
    const bool scan = op.size() >= 4 && op.compare(op.size() - 4, 4, "Scan") == 0;
    for (; i < words.size(); ++i) {
        const auto w = words[i];
        if (scan && step.relation.empty() && op != "Subquery Scan" && w.find(':') == std::string_view::npos) {
            step.relation = std::string(w);
        } else if (scan && step.alias.empty() && w.find(':') == std::string_view::npos &&
                   (op == "Subquery Scan" || !step.relation.empty())) {
            step.alias = std::string(w);
        } else {
            step.conditions.emplace_back(w);  // location:"s3://…", format:TEXT, …
        }
    }
}

// One step's text without its "->" and indentation: "XN Hash Join DS_DIST_NONE  (cost=… rows=… width=…)". Closed
// estimates must read whole; estimates missing or not closed (a line cut short, as STL_EXPLAIN's substring() and
// some published plans print them) read as far as they go and set `cut`.
std::optional<plan_step> read_step(std::string_view text, bool& cut, const std::string& file, int line,
                                   std::size_t column) {
    text = trim_space(text);
    cut = false;
    auto paren = text.find("(cost=");
    if (paren == std::string_view::npos) {
        // "XN Seq Scan on sales(cos": the estimates cut inside "(cost="
        const auto open = text.rfind('(');
        if (open != std::string_view::npos &&
            std::string_view("(cost=").substr(0, text.size() - open) == text.substr(open)) {
            text = trim_space(text.substr(0, open));
        }
    }
    const bool prefixed = text.substr(0, 3) == "XN " || text.substr(0, 3) == "LD " || text.substr(0, 3) == "S3 ";
    if (paren == std::string_view::npos && !prefixed) return std::nullopt;
    plan_step step;
    step.line = line;
    auto head = paren == std::string_view::npos ? text : text.substr(0, paren);
    if (head.substr(0, 3) == "XN " || head.substr(0, 3) == "LD ") head.remove_prefix(3);
    read_head(trim_space(head), step);
    if (step.op.empty()) fail(file, line, column, "the step \"" + std::string(text) + "\" names no operator");
    if (paren == std::string_view::npos) {
        cut = true;
        return step;
    }
    auto inside = text.substr(paren + 1);
    cut = inside.empty() || inside.back() != ')';
    if (!cut) inside.remove_suffix(1);
    read_estimates(inside, step, cut, file, line, column + paren);
    return step;
}

// Turns (step, parent index) pairs in pre-order into the plan's links.
void link(distributed_plan& plan, std::size_t index, std::optional<std::size_t> parent) {
    plan.steps[index].parent = parent;
    if (parent) plan.steps[*parent].children.push_back(index);
}

// How many inputs a step has, by its operator: joins two, scans none, the others one; nullopt when unknown.
std::optional<std::size_t> arity(const plan_step& s) {
    const auto ends_with = [&](std::string_view tail) {
        return s.op.size() >= tail.size() && s.op.compare(s.op.size() - tail.size(), tail.size(), tail) == 0;
    };
    if (ends_with("Join") || s.op == "Nested Loop") return 2;
    if (s.op == "Subquery Scan" || s.op == "S3 Query Scan") return 1;
    if (ends_with("Scan")) return 0;
    if (s.op == "Append" || s.op == "Result" || s.op == "Subplan") return std::nullopt;
    return 1;
}

// Steps printed without indentation (every "->" at one column, as some pages print plans): the tree the operators'
// inputs describe, read in pre-order; false when the steps do not fill it exactly.
bool link_by_arity(distributed_plan& plan) {
    std::vector<std::pair<std::size_t, std::size_t>> open;  // (step, inputs still missing)
    for (std::size_t i = 0; i < plan.steps.size(); ++i) {
        const auto n = arity(plan.steps[i]);
        if (!n) return false;
        if (i > 0) {
            if (open.empty()) return false;
            link(plan, i, open.back().first);
            if (--open.back().second == 0) open.pop_back();
        } else {
            link(plan, i, std::nullopt);
        }
        if (*n > 0) open.emplace_back(i, *n);
    }
    return open.empty();
}

distributed_plan read_text(const std::vector<text_line>& lines, const std::string& file) {
    distributed_plan plan;
    std::vector<long> arrows;  // per step: the column of its "->", -1 for the root
    std::size_t cut = 0;       // steps whose estimates are missing or cut short
    for (const auto& [raw, number] : lines) {
        const auto text = trim_space(raw);
        const auto column = indentation(raw);
        if (text.empty() || is_row_count(text) || all_of_char(text, '-')) continue;
        if (auto note = note_of(text)) {
            plan.notes.push_back(std::move(*note));
            continue;
        }
        if (plan.steps.empty() && iequals(text, "QUERY PLAN")) continue;
        const bool arrow = text.substr(0, 2) == "->";
        if (arrow || plan.steps.empty()) {
            bool step_cut = false;
            auto step = read_step(arrow ? text.substr(2) : text, step_cut, file, number, column + (arrow ? 2 : 0));
            if (!step) {
                fail(file, number, column,
                     (arrow ? "a \"->\" line that is no plan step: " : "text before the plan's first step: ") +
                         std::string(text));
            }
            if (arrow && plan.steps.empty()) {  // an excerpt of a plan, as the developer guide prints some
                plan.notes.emplace_back("the text starts with a \"->\" step: an excerpt of a plan");
            }
            cut += step_cut ? 1 : 0;
            plan.steps.push_back(std::move(*step));
            arrows.push_back(arrows.empty() ? -1 : static_cast<long>(column));
            continue;
        }
        bool ignored = false;
        if (text.find("(cost=") != std::string_view::npos && read_step(text, ignored, file, number, column)) {
            fail(file, number, column, "a second plan root (a step without \"->\"): " + std::string(text));
        }
        plan.steps.back().conditions.emplace_back(text);
    }
    if (plan.steps.empty()) fail(file, lines.empty() ? 1 : lines.back().number, 0, "no plan step in the text");
    if (cut > 0) {
        plan.notes.push_back(std::to_string(cut) + " step(s) printed with their estimates missing or cut short");
    }
    // Flat: every "->" at one column although one of them has inputs of its own.
    const bool flat = plan.steps.size() > 2 &&
                      std::all_of(arrows.begin() + 1, arrows.end(), [&](long a) { return a == arrows[1]; }) &&
                      std::any_of(plan.steps.begin() + 1, plan.steps.end(), [](const plan_step& s) {
                          const auto n = arity(s);
                          return !n || *n > 0;
                      });
    if (flat && link_by_arity(plan)) {
        plan.notes.emplace_back("printed without indentation: the steps linked by their operators' inputs");
        return plan;
    }
    for (auto& s : plan.steps) {
        s.children.clear();
        s.parent.reset();
    }
    // By indentation: a step's parent is the nearest step above it whose "->" is further left.
    std::vector<std::size_t> open{0};
    link(plan, 0, std::nullopt);
    for (std::size_t i = 1; i < plan.steps.size(); ++i) {
        while (open.size() > 1 && arrows[open.back()] >= arrows[i]) open.pop_back();
        link(plan, i, open.back());
        open.push_back(i);
    }
    return plan;
}

// The cells of a psql row "a | b |c" (not trimmed).
std::vector<std::string_view> cells(std::string_view line) {
    std::vector<std::string_view> out;
    while (true) {
        const auto bar = line.find('|');
        out.push_back(line.substr(0, bar));
        if (bar == std::string_view::npos) break;
        line.remove_prefix(bar + 1);
    }
    return out;
}

distributed_plan read_stl_rows(const std::vector<text_line>& lines, std::size_t header, const std::string& file) {
    const auto names = cells(lines[header].text);
    std::optional<std::size_t> query_col;
    std::optional<std::size_t> node_col;
    std::optional<std::size_t> parent_col;
    std::optional<std::size_t> plannode_col;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const auto name = ascii_lower(trim_space(names[i]));
        if (name == "query") query_col = i;
        if (name == "nodeid") node_col = i;
        if (name == "parentid") parent_col = i;
        if (name == "plannode") plannode_col = i;
    }
    const int header_line = lines[header].number;
    if (!node_col || !parent_col) fail(file, header_line, 0, "STL_EXPLAIN rows need the nodeid and parentid columns");
    if (!plannode_col) plannode_col = std::max(*node_col, *parent_col) + 1;  // substring(plannode …)
    if (*plannode_col >= names.size()) fail(file, header_line, 0, "STL_EXPLAIN rows without a plannode column");
    const std::size_t info_col = *plannode_col + 1;

    struct row {
        long node = 0;
        long parent = 0;
        plan_step step;
    };
    std::vector<row> rows;
    std::optional<std::string> query;
    bool cut = false;
    for (std::size_t k = header + 1; k < lines.size(); ++k) {
        const auto [raw, number] = lines[k];
        const auto text = trim_space(raw);
        if (text.empty() || is_row_count(text)) continue;
        if (text.find_first_not_of("-+") == std::string_view::npos) continue;
        const auto c = cells(raw);
        if (c.size() <= *plannode_col) fail(file, number, 0, "an STL_EXPLAIN row with fewer columns than its header");
        const auto node = as_number(trim_space(c[*node_col]));
        const auto parent = as_number(trim_space(c[*parent_col]));
        if (!node || !parent || *node < 1 || *parent < 0) {
            fail(file, number, 0, "an STL_EXPLAIN row whose nodeid or parentid is not a number");
        }
        if (query_col && *query_col < c.size()) {
            const std::string q(trim_space(c[*query_col]));
            if (query && *query != q) {
                fail(file, number, 0, "STL_EXPLAIN rows of two queries (" + *query + ", " + q + ")");
            }
            query = q;
        }
        auto node_text = trim_space(c[*plannode_col]);
        if (node_text.substr(0, 2) == "->") node_text.remove_prefix(2);
        bool step_cut = false;
        auto step = read_step(node_text, step_cut, file, number, 0);
        if (!step) fail(file, number, 0, "a plannode that is no plan step: " + std::string(node_text));
        if (info_col < c.size()) {
            const auto info = trim_space(c[info_col]);
            if (!info.empty()) step->conditions.emplace_back(info);
        }
        cut = cut || step_cut;
        rows.push_back({static_cast<long>(*node), static_cast<long>(*parent), std::move(*step)});
    }
    if (rows.empty()) fail(file, header_line, 0, "no STL_EXPLAIN row under the header");
    std::sort(rows.begin(), rows.end(), [](const row& a, const row& b) { return a.node < b.node; });
    std::map<long, std::vector<std::size_t>> children;  // parent node → row indexes, by nodeid
    std::map<long, std::size_t> by_node;
    std::optional<std::size_t> root;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!by_node.emplace(rows[i].node, i).second) {
            fail(file, rows[i].step.line, 0, "nodeid " + std::to_string(rows[i].node) + " appears twice");
        }
        if (rows[i].parent == 0) {
            if (root) fail(file, rows[i].step.line, 0, "a second root (parentid 0)");
            root = i;
        } else {
            children[rows[i].parent].push_back(i);
        }
    }
    if (!root) fail(file, header_line, 0, "no STL_EXPLAIN row is the root (parentid 0)");
    distributed_plan plan;
    // Pre-order walk from the root; rows never reached have a missing parent or form a cycle.
    std::vector<std::pair<std::size_t, std::optional<std::size_t>>> todo{{*root, std::nullopt}};
    while (!todo.empty()) {
        const auto [i, parent] = todo.back();
        todo.pop_back();
        plan.steps.push_back(rows[i].step);
        const auto index = plan.steps.size() - 1;
        link(plan, index, parent);
        const auto it = children.find(rows[i].node);
        if (it == children.end()) continue;
        for (auto c = it->second.rbegin(); c != it->second.rend(); ++c) todo.emplace_back(*c, index);
    }
    if (plan.steps.size() != rows.size()) {
        for (const auto& r : rows) {
            if (r.parent != 0 && by_node.count(r.parent) == 0) {
                fail(file, r.step.line, 0, "parentid " + std::to_string(r.parent) + " is no row's nodeid");
            }
        }
        fail(file, header_line, 0, "the STL_EXPLAIN rows' parents do not form one tree");
    }
    if (cut) plan.notes.emplace_back("plannode was cut short (substring): labels and relations are as printed");
    return plan;
}

}  // namespace

distributed_plan read_redshift_explain(std::string_view text, const std::string& file) {
    const auto lines = split_lines(text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto t = trim_space(lines[i].text);
        if (t.empty()) continue;
        if (t.find('|') != std::string_view::npos) {
            const auto names = cells(t);
            const bool stl = std::any_of(names.begin(), names.end(), [](std::string_view n) {
                return iequals(trim_space(n), "nodeid");
            });
            if (stl) return read_stl_rows(lines, i, file);
        }
        break;
    }
    return read_text(lines, file);
}

}  // namespace starshift::parse
