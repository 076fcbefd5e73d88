// The collapse of `bareme explain`: which uses of a node are shown by default, and the one-line summaries.
#include "report/collapse.hpp"

#include <fmt/format.h>

namespace bareme::report {
namespace {

using interp::TraceNode;
using Part = TraceNode::Part;

// Replaced members named on their summary line; the others are counted.
constexpr size_t kNamedReplaced = 5;

bool refused(const TraceNode& n) {
  const bool condition = n.kind == TraceNode::Kind::Condition && (n.value == "false" || n.value == interp::kNotApplicable);
  return condition || (n.kind == TraceNode::Kind::Amount && n.value == interp::kNotApplicable);
}

}  // namespace

Collapse::Collapse(const interp::Trace& trace, bool full) : t_(trace), full_(full) {
  if (full_) return;
  hidden_.assign(t_.nodes.size(), false);
  for (size_t id = 0; id < t_.nodes.size(); ++id) {
    if (!one_line(id)) continue;
    const auto refusal = first_refusal(id);
    for (size_t c : t_.nodes[id].children) hidden_[c] = hidden_[c] || c != refusal;
  }
}

bool Collapse::scheme_member(const TraceNode& n) const {
  for (size_t c : n.children) {
    if (t_.nodes[c].kind == TraceNode::Kind::Level) return false;
  }
  return true;
}

bool Collapse::one_line(size_t id) const {
  if (full_) return false;
  const TraceNode& n = t_.nodes[id];
  if (n.kind != TraceNode::Kind::LevelMember) return false;
  return n.part == Part::Outranked || n.part == Part::Replaced || (n.part == Part::DoesNotApply && scheme_member(n));
}

std::vector<size_t> Collapse::shown_uses(size_t id, bool summary) const {
  const TraceNode& n = t_.nodes[id];
  if (full_) return n.children;
  if (hidden(id)) return {};
  if (one_line(id)) {
    // JSON keeps the refusal a one-line member names (text prints it on the member's line).
    const auto refusal = n.part == Part::DoesNotApply && !summary ? first_refusal(id) : std::nullopt;
    return refusal ? std::vector<size_t>{*refusal} : std::vector<size_t>{};
  }
  std::vector<size_t> out;
  bool summarised = false;
  for (size_t c : n.children) {
    const TraceNode& child = t_.nodes[c];
    if (n.kind == TraceNode::Kind::Level && child.kind == TraceNode::Kind::LevelMember && child.part == Part::Replaced) {
      if (summary && !summarised) out.push_back(kReplacedMembers);
      summarised = true;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::optional<size_t> Collapse::first_refusal(size_t member) const {
  for (size_t c : t_.nodes[member].children) {
    if (refused(t_.nodes[c])) return c;
  }
  return std::nullopt;
}

size_t Collapse::refusals(size_t member) const {
  size_t count = 0;
  for (size_t c : t_.nodes[member].children) count += refused(t_.nodes[c]) ? 1 : 0;
  return count;
}

size_t Collapse::replaced_count(size_t level) const {
  size_t count = 0;
  for (size_t c : t_.nodes[level].children) count += t_.nodes[c].part == Part::Replaced ? 1 : 0;
  return count;
}

std::string Collapse::replaced_line(size_t level) const {
  std::string winner, names;
  size_t count = 0;
  for (size_t c : t_.nodes[level].children) {
    const TraceNode& m = t_.nodes[c];
    if (m.part == Part::Counts) winner = m.name;
    if (m.part != Part::Replaced) continue;
    if (count < kNamedReplaced) names += fmt::format("{}`{}`", count ? ", " : "", m.name);
    ++count;
  }
  if (count > kNamedReplaced) names += fmt::format(" and {} more", count - kNamedReplaced);
  return fmt::format("… {} replaced by `{}`: {}", count, winner, names);
}

std::string Collapse::level_detail(size_t level) const {
  const std::string& detail = t_.nodes[level].detail;
  if (full_ || replaced_count(level) == 0) return detail;
  // interp/eval_level.cpp writes "first: `a` counts; `b`, `c` replaced".
  return detail.substr(0, detail.find("; "));
}

}  // namespace bareme::report
