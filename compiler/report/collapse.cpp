// The collapse of `bareme explain`: which uses of a node are shown by default, and the one-line summaries.
#include "report/collapse.hpp"

#include <fmt/format.h>

namespace bareme::report {
namespace {

using interp::TraceNode;
using Part = TraceNode::Part;

// Replaced members named on their summary line; the others are counted.
constexpr size_t kNamedReplaced = 5;
// A level's members refused by their first condition are grouped on one line past this many.
constexpr size_t kGroupedElsewhere = 5;
// Of those, named on the line with their condition; the others are counted.
constexpr size_t kNamedElsewhere = 3;

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
  bool summarised = false, grouped = false;
  const bool group = n.kind == TraceNode::Kind::Level && elsewhere_count(id) > kGroupedElsewhere;
  for (size_t c : n.children) {
    const TraceNode& child = t_.nodes[c];
    if (n.kind == TraceNode::Kind::Level && child.kind == TraceNode::Kind::LevelMember && child.part == Part::Replaced) {
      if (summary && !summarised) out.push_back(kReplacedMembers);
      summarised = true;
      continue;
    }
    if (group && refused_first(c)) {
      if (summary && !grouped) out.push_back(kElsewhereMembers);
      grouped = true;
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

bool Collapse::refused_first(size_t id) const {
  const TraceNode& n = t_.nodes[id];
  if (n.kind != TraceNode::Kind::LevelMember || n.part != Part::DoesNotApply || !scheme_member(n)) return false;
  const auto refusal = first_refusal(id);
  return refusal && !n.children.empty() && *refusal == n.children.front();
}

size_t Collapse::elsewhere_count(size_t level) const {
  size_t count = 0;
  for (size_t c : t_.nodes[level].children) count += refused_first(c) ? 1 : 0;
  return count;
}

std::string Collapse::elsewhere_line(size_t level) const {
  std::string names;
  size_t count = 0;
  for (size_t c : t_.nodes[level].children) {
    if (!refused_first(c)) continue;
    if (count < kNamedElsewhere) {
      const TraceNode& condition = t_.nodes[*first_refusal(c)];
      names += fmt::format("{}`{}` ({})", count ? ", " : "", t_.nodes[c].name, condition.name);
    }
    ++count;
  }
  if (count > kNamedElsewhere) names += fmt::format(" and {} more", count - kNamedElsewhere);
  return fmt::format("… {} do not apply, each refused by its first condition: {} (--full lists them)", count, names);
}

std::string Collapse::level_detail(size_t level) const {
  const std::string& detail = t_.nodes[level].detail;
  if (full_ || replaced_count(level) == 0) return detail;
  // interp/eval_level.cpp writes "first: `a` counts; `b`, `c` replaced".
  return detail.substr(0, detail.find("; "));
}

}  // namespace bareme::report
