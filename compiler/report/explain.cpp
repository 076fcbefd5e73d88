// Explanations: the trace of an evaluation as a tree for people, or as JSON nodes for tools.
#include <fmt/format.h>

#include <set>

#include "report/json_writer.hpp"
#include "report/result_fields.hpp"
#include "report/results.hpp"

namespace bareme::report {
namespace {

using interp::TraceNode;

std::string annotation(const TraceNode& n) {
  std::string out;
  switch (n.kind) {
    case TraceNode::Kind::Input: out = fmt::format("  ({})", n.detail); break;
    case TraceNode::Kind::Rule: out = n.detail.empty() ? "" : fmt::format("  ({})", n.detail); break;
    case TraceNode::Kind::Param: out = n.detail.empty() ? "  (parameter)" : fmt::format("  (parameter, {})", n.detail); break;
    case TraceNode::Kind::Table: out = fmt::format("  (table: {})", n.detail); break;
    case TraceNode::Kind::Function: out = n.detail.empty() ? "" : fmt::format("  ({})", n.detail); break;
    case TraceNode::Kind::Amount:  // the exact value, when paying it rounded it
    case TraceNode::Kind::Cap:
    case TraceNode::Kind::Aid:
    case TraceNode::Kind::CombineCap:
    case TraceNode::Kind::Level:
    case TraceNode::Kind::LevelMember: out = n.detail.empty() ? "" : fmt::format("  ({})", n.detail); break;
    default: break;
  }
  // What reached `not applicable` says which definition had no branch.
  if (n.value == interp::kNotApplicable && !n.detail.empty() && out.empty()) out = fmt::format("  ({})", n.detail);
  if (!n.citation.empty()) out += "  § " + n.citation;
  return out;
}

// Levels of the tree indented as such; deeper levels (a long chain of definitions) keep the
// indentation of the last one and show their depth, so that the text grows linearly.
constexpr size_t kMaxIndentedLevels = 48;

class TreePrinter {
 public:
  explicit TreePrinter(const interp::Trace& t) : t_(t) {}

  // Prints node `id` and, the first time, what it used; iterative, for chains of any depth.
  void node(std::string& out, size_t id, const std::string& indent, const std::string& branch, const std::string& rest) {
    struct Level {
      size_t id, next_child, prefix_size;
    };
    std::vector<Level> levels;
    std::string prefix = indent;
    auto print = [&](size_t node_id, const std::string& node_branch, const std::string& node_rest) {
      const TraceNode& n = t_.nodes[node_id];
      const bool again = !seen_.insert(node_id).second;
      // A node without a value was being computed when the runtime error happened.
      const std::string value = n.value.empty() ? "(stopped by the error)" : n.value;
      const std::string depth = levels.size() > kMaxIndentedLevels ? fmt::format("[{}] ", levels.size()) : "";
      out += fmt::format("{}{}{}{} = {}{}\n", prefix, depth, node_branch, n.name, value,
                         again && !n.children.empty() ? "  (see above)" : annotation(n));
      if (again) return;
      if (n.kind == TraceNode::Kind::Condition && n.value == "false" && !n.detail.empty()) {
        out += fmt::format("{}{}  \"{}\"\n", prefix, node_rest, n.detail);
      }
      if (n.children.empty()) return;
      levels.push_back(Level{node_id, 0, prefix.size()});
      if (levels.size() <= kMaxIndentedLevels) prefix += node_rest;
    };
    print(id, branch, rest);
    while (!levels.empty()) {
      Level& level = levels.back();
      const auto& children = t_.nodes[level.id].children;
      if (level.next_child == children.size()) {
        prefix.resize(level.prefix_size);
        levels.pop_back();
        continue;
      }
      const bool last = ++level.next_child == children.size();
      print(children[level.next_child - 1], last ? "└ " : "├ ", last ? "  " : "│ ");
    }
  }

 private:
  const interp::Trace& t_;
  std::set<size_t> seen_;
};

}  // namespace

std::string trace_text(const interp::Trace& trace, size_t root, const std::string& indent) {
  std::string out;
  TreePrinter(trace).node(out, root, indent, "", "");
  return out;
}

std::string explain_text(const interp::Result& r, const source::SourceManager& sources) {
  std::string out;
  const std::string date = r.as_of ? fmt::format(" (evaluated as of {})", runtime::format_date(*r.as_of)) : "";
  if (r.error) {
    out += fmt::format("{}: no result{}\n  error: {}\n", r.scheme, date, describe_error(*r.error, sources));
  } else {
    out += fmt::format("{}: {}, amount {}{}\n", r.scheme, r.eligible ? "eligible" : "not eligible",
                       runtime::format_money(r.amount), date);
  }
  TreePrinter printer(r.trace);
  std::vector<size_t> refused, met, stopped, rest;
  for (size_t root : r.trace.roots) {
    const auto& n = r.trace.nodes[root];
    if (n.kind == TraceNode::Kind::Condition && n.value.empty()) {
      stopped.push_back(root);
    } else if (n.kind == TraceNode::Kind::Condition) {
      (n.value == "false" || n.value == interp::kNotApplicable ? refused : met).push_back(root);
    } else {
      rest.push_back(root);
    }
  }
  auto section = [&](const char* title, const std::vector<size_t>& ids, const char* mark) {
    if (ids.empty()) return;
    out += fmt::format("\n{}\n", title);
    for (size_t id : ids) printer.node(out, id, "  ", mark, "  ");
  };
  section("Stopped by the error:", stopped, "! ");
  section("Refused by:", refused, "✗ ");
  section("Conditions met:", met, "✓ ");
  section("Amount and cumulation:", rest, "");
  return out;
}

std::string explain_json(const interp::Result& r, const source::SourceManager& sources) {
  static constexpr const char* kKinds[] = {"condition", "amount", "rule",       "param", "input",       "table",
                                           "function",  "cap",    "aid", "combine_cap", "level", "level_member"};
  JsonWriter w;
  w.begin_object();
  w.key("result").begin_object();
  write_result_fields(w, r, sources);
  w.end_object();
  w.key("roots").begin_array();
  for (size_t root : r.trace.roots) w.number(std::to_string(root));
  w.end_array().key("nodes").begin_array();
  for (size_t i = 0; i < r.trace.nodes.size(); ++i) {
    const auto& n = r.trace.nodes[i];
    w.begin_object().field_number("id", std::to_string(i)).field("kind", kKinds[static_cast<int>(n.kind)]);
    w.field("name", n.name).field("value", n.value).field("citation", n.citation).field("detail", n.detail);
    w.field("location", location(sources, n.span)).key("uses").begin_array();
    for (size_t c : n.children) w.number(std::to_string(c));
    w.end_array().end_object();
  }
  w.end_array().end_object();
  return w.str();
}

}  // namespace bareme::report
