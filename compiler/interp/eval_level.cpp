// Levels: members evaluated in the level's order; the first that applies, their sum or the best.
#include <fmt/format.h>

#include "interp/evaluator.hpp"

namespace bareme::interp {

std::pair<bool, int64_t> Evaluator::applies(const ir::LevelMember& m) {
  // The one place that says when a member applies: when it is eligible.
  if (m.kind == ir::LevelMember::Kind::Scheme) {
    const auto& s = scheme(m.index);
    return {s.eligible, s.eligible ? s.amount : 0};
  }
  const auto& l = level(m.index);
  return {l.eligible, l.eligible ? l.amount : 0};
}

const LevelResult& Evaluator::level(ir::Index i) {
  if (levels_[i]) {
    if (tracing_ && level_nodes_[i]) link(*level_nodes_[i]);
    return *levels_[i];
  }
  const auto& l = program_.levels[i];
  const std::string saved_rule = current_rule_, saved_citation = current_citation_;
  auto saved_locals = std::move(locals_);
  locals_.clear();
  LevelResult out;
  out.name = l.name;
  out.policy = l.policy;
  std::optional<size_t> node;
  if (tracing_) node = open_node(TraceNode::Kind::Level, l.name, l.citation, l.span);
  std::vector<std::optional<size_t>> member_nodes;
  for (size_t k = 0; k < l.members.size(); ++k) {
    const auto& m = l.members[k];
    LevelMemberResult r;
    const bool is_level = m.kind == ir::LevelMember::Kind::Level;
    r.name = is_level ? program_.levels[m.index].name : program_.schemes[m.index].name;
    r.is_level = is_level;
    r.priority = m.priority;
    std::optional<size_t> member_node;
    if (tracing_) member_node = open_node(TraceNode::Kind::LevelMember, r.name, "", m.span);
    member_nodes.push_back(member_node);
    // In a first level, the members after the winner are replaced: never evaluated.
    if (l.policy == ir::LevelPolicy::First && out.winner) {
      if (member_node) close_node(*member_node, "replaced");
      out.members.push_back(std::move(r));
      continue;
    }
    const auto [member_applies, amount] = applies(m);
    current_rule_ = l.name;
    current_citation_ = l.citation;
    r.evaluated = true;
    r.applies = member_applies;
    r.amount = amount;
    if (member_node) close_node(*member_node, member_applies ? runtime::format_money(amount) : "does not apply");
    if (member_applies) {
      out.eligible = true;
      switch (l.policy) {
        case ir::LevelPolicy::First:
          out.winner = k;
          out.amount = amount;
          break;
        case ir::LevelPolicy::Sum:
          check(runtime::add(out.amount, amount, out.amount), m.span, "adding the amounts of the level's members");
          break;
        case ir::LevelPolicy::Best:
          if (!out.winner || amount > out.amount) {
            out.winner = k;
            out.amount = amount;
          }
          break;
      }
    }
    out.members.push_back(std::move(r));
  }
  if (node) {
    // Each member says whether it counts, now that the winner is known.
    std::string counted, replaced;
    for (size_t k = 0; k < out.members.size(); ++k) {
      const auto& r = out.members[k];
      std::string detail;
      auto& member = trace_.nodes[*member_nodes[k]];
      const bool counts = r.applies && (l.policy == ir::LevelPolicy::Sum || out.winner == k);
      if (counts) {
        counted += fmt::format("{}`{}`", counted.empty() ? "" : ", ", r.name);
        detail = "counts";
        member.part = TraceNode::Part::Counts;
      } else if (!r.evaluated) {
        replaced += fmt::format("{}`{}`", replaced.empty() ? "" : ", ", r.name);
        detail = fmt::format("replaced by `{}`", out.members[*out.winner].name);
        member.part = TraceNode::Part::Replaced;
      } else if (r.applies) {
        detail = fmt::format("`{}` counts instead", out.members[*out.winner].name);
        member.part = TraceNode::Part::Outranked;
      } else {
        member.part = TraceNode::Part::DoesNotApply;
      }
      std::string text = r.priority ? fmt::format("priority {}", *r.priority) : "";
      if (!detail.empty()) text += (text.empty() ? "" : ", ") + detail;
      member.detail = text;
    }
    static constexpr const char* kPolicies[] = {"first", "sum", "best"};
    std::string detail = fmt::format("{}: ", kPolicies[static_cast<int>(l.policy)]);
    if (!out.eligible) {
      detail += "no member applies";
    } else if (l.policy == ir::LevelPolicy::Sum) {
      detail += "the sum of " + counted;
    } else {
      detail += counted + " counts";
      // report/collapse.cpp cuts the detail at this "; " when it summarises the replaced members.
      if (!replaced.empty()) detail += fmt::format("; {} replaced", replaced);
    }
    close_node(*node, runtime::format_money(out.amount), detail);
    level_nodes_[i] = node;
  }
  current_rule_ = saved_rule;
  current_citation_ = saved_citation;
  locals_ = std::move(saved_locals);
  levels_[i] = std::move(out);
  return *levels_[i];
}

}  // namespace bareme::interp
