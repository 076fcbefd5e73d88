// Explanations: the trace of an evaluation as a tree for people, or as JSON nodes for tools.
#include <fmt/format.h>

#include <set>

#include "report/collapse.hpp"
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
// The values a member's first refusal read, named on the member's line; past them, "…".
constexpr size_t kNamedReads = 3;

class TreePrinter {
 public:
  TreePrinter(const interp::Trace& t, bool full) : t_(t), collapse_(t, full) {}

  // Prints node `id` and, the first time, what it used; iterative, for chains of any depth.
  void node(std::string& out, size_t id, const std::string& indent, const std::string& branch, const std::string& rest) {
    struct Level {
      size_t id;
      std::vector<size_t> uses;
      size_t next_use, prefix_size;
    };
    std::vector<Level> levels;
    std::string prefix = indent;
    auto print = [&](size_t node_id, const std::string& node_branch, const std::string& node_rest) {
      const std::string depth = levels.size() > kMaxIndentedLevels ? fmt::format("[{}] ", levels.size()) : "";
      if (node_id == kReplacedMembers || node_id == kElsewhereMembers) {
        const size_t level = levels.back().id;
        out += fmt::format("{}{}{}{}\n", prefix, depth, node_branch,
                           node_id == kReplacedMembers ? collapse_.replaced_line(level) : collapse_.elsewhere_line(level));
        return;
      }
      const TraceNode& n = t_.nodes[node_id];
      if (collapse_.one_line(node_id)) {
        out += fmt::format("{}{}{}{} = {}{}{}\n", prefix, depth, node_branch, n.name, n.value, annotation(n), refusal(node_id));
        return;
      }
      if (collapse_.hidden(node_id)) {
        out += fmt::format("{}{}{}{} = {}{}\n", prefix, depth, node_branch, n.name, n.value, note(node_id));
        return;
      }
      const bool again = !seen_.insert(node_id).second;
      // A node without a value was being computed when the runtime error happened.
      const std::string value = n.value.empty() ? "(stopped by the error)" : n.value;
      const std::string annotated = again && !n.children.empty() ? "  (see above)" : note(node_id);
      out += fmt::format("{}{}{}{} = {}{}\n", prefix, depth, node_branch, n.name, value, annotated);
      if (again) return;
      if (n.kind == TraceNode::Kind::Condition && n.value == "false" && !n.detail.empty()) {
        out += fmt::format("{}{}  \"{}\"\n", prefix, node_rest, n.detail);
      }
      auto uses = collapse_.shown_uses(node_id, true);
      if (uses.empty()) return;
      levels.push_back(Level{node_id, std::move(uses), 0, prefix.size()});
      if (levels.size() <= kMaxIndentedLevels) prefix += node_rest;
    };
    print(id, branch, rest);
    while (!levels.empty()) {
      Level& level = levels.back();
      if (level.next_use == level.uses.size()) {
        prefix.resize(level.prefix_size);
        levels.pop_back();
        continue;
      }
      const bool last = ++level.next_use == level.uses.size();
      print(level.uses[level.next_use - 1], last ? "└ " : "├ ", last ? "  " : "│ ");
    }
  }

 private:
  // The annotation of node `id`; a level whose replaced members have their own line does not name them.
  std::string note(size_t id) const {
    if (t_.nodes[id].kind != TraceNode::Kind::Level) return annotation(t_.nodes[id]);
    TraceNode level = t_.nodes[id];
    level.detail = collapse_.level_detail(id);
    return annotation(level);
  }

  // After a scheme member that does not apply, its first refusal: "  ✗ income < 20 000 € = false".
  std::string refusal(size_t member) const {
    const auto first = t_.nodes[member].part == TraceNode::Part::DoesNotApply ? collapse_.first_refusal(member) : std::nullopt;
    if (!first) return "";
    const TraceNode& c = t_.nodes[*first];
    std::string out = fmt::format("  ✗ {} = {}{}", c.name, c.value, annotation(c));
    if (c.kind == TraceNode::Kind::Condition && c.value == "false" && !c.detail.empty()) out += fmt::format("  \"{}\"", c.detail);
    // The values it read directly, so that the line says what to change.
    for (size_t k = 0; k < c.children.size() && k <= kNamedReads; ++k) {
      const TraceNode& read = t_.nodes[c.children[k]];
      out += k == kNamedReads ? ", …" : fmt::format("{}{} = {}", k ? ", " : "  with ", read.name, read.value);
    }
    const size_t more = collapse_.refusals(member) - 1;
    if (more > 0) out += fmt::format("  ({} more condition{} refused)", more, more == 1 ? "" : "s");
    return out;
  }

  const interp::Trace& t_;
  Collapse collapse_;
  std::set<size_t> seen_;
};

}  // namespace

std::string trace_text(const interp::Trace& trace, size_t root, const std::string& indent) {
  std::string out;
  TreePrinter(trace, true).node(out, root, indent, "", "");
  return out;
}

namespace {

// Outputs and shown values as lines `name = value`, or `name: cannot be computed (error)`.
void output_lines(std::string& out, const char* title, const std::vector<interp::OutputResult>& values,
                  const source::SourceManager& sources) {
  if (values.empty()) return;
  out += fmt::format("\n{}\n", title);
  for (const auto& v : values) {
    if (v.value) {
      out += fmt::format("  {} = {}\n", v.name, v.text);
    } else if (v.error) {
      out += fmt::format("  {}: cannot be computed: {}\n", v.name, describe_error(*v.error, sources));
    }
  }
}

}  // namespace

std::string explain_text(const interp::Result& r, const source::SourceManager& sources, ExplainOptions options,
                         const std::vector<interp::OutputResult>& shown) {
  std::string out;
  const std::string date = r.as_of ? fmt::format(" (evaluated as of {})", runtime::format_date(*r.as_of)) : "";
  if (r.error) {
    out += fmt::format("{}: no result{}\n  error: {}\n", r.scheme, date, describe_error(*r.error, sources));
  } else {
    out += fmt::format("{}: {}, amount {}{}\n", r.scheme, r.eligible ? "eligible" : "not eligible",
                       runtime::format_money(r.amount), date);
  }
  TreePrinter printer(r.trace, options.full);
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
  output_lines(out, "Outputs:", r.outputs, sources);
  output_lines(out, "Shown:", shown, sources);
  return out;
}

std::string explain_json(const interp::Result& r, const source::SourceManager& sources, ExplainOptions options,
                         const std::vector<interp::OutputResult>& shown_values) {
  static constexpr const char* kKinds[] = {"condition", "amount", "rule",       "param", "input",       "table",
                                           "function",  "cap",    "aid", "combine_cap", "level", "level_member"};
  const Collapse collapse(r.trace, options.full);
  // The nodes shown: those reached from the roots through the uses shown, in the trace's order.
  std::vector<bool> shown(r.trace.nodes.size(), false);
  std::vector<size_t> pending(r.trace.roots.rbegin(), r.trace.roots.rend());
  while (!pending.empty()) {
    const size_t id = pending.back();
    pending.pop_back();
    if (shown[id]) continue;
    shown[id] = true;
    for (size_t c : collapse.shown_uses(id, false)) pending.push_back(c);
  }
  JsonWriter w;
  w.begin_object();
  w.key("result").begin_object();
  write_result_fields(w, r, sources);
  if (!shown_values.empty()) write_outputs(w, "shown", shown_values, sources);
  w.end_object();
  w.key("roots").begin_array();
  for (size_t root : r.trace.roots) w.number(std::to_string(root));
  w.end_array().key("nodes").begin_array();
  for (size_t i = 0; i < r.trace.nodes.size(); ++i) {
    if (!shown[i]) continue;
    const auto& n = r.trace.nodes[i];
    const auto uses = collapse.shown_uses(i, false);
    const std::string detail = n.kind == TraceNode::Kind::Level ? collapse.level_detail(i) : n.detail;
    w.begin_object().field_number("id", std::to_string(i)).field("kind", kKinds[static_cast<int>(n.kind)]);
    w.field("name", n.name).field("value", n.value).field("citation", n.citation).field("detail", detail);
    w.field("location", location(sources, n.span)).key("uses").begin_array();
    for (size_t c : uses) w.number(std::to_string(c));
    w.end_array();
    if (uses.size() < n.children.size()) {
      w.field_bool("collapsed", true).field_number("hidden_uses", std::to_string(n.children.size() - uses.size()));
    }
    w.end_object();
  }
  w.end_array().end_object();
  return w.str();
}

}  // namespace bareme::report
