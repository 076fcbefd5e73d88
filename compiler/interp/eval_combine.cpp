// Cumulation: each aid of a combine before and after its caps, applied in declaration order.
#include <fmt/format.h>

#include <algorithm>

#include "interp/evaluator.hpp"

namespace bareme::interp {

const CombineResult& Evaluator::combine(ir::Index i) {
  if (combines_[i]) return *combines_[i];
  const auto& c = program_.combines[i];
  CombineResult out;
  out.name = c.name;
  const std::string saved_rule = current_rule_, saved_citation = current_citation_;
  auto saved_locals = std::move(locals_);
  locals_.clear();
  for (const auto& aid : c.aids) {
    current_rule_ = c.name + "." + aid.name;
    current_citation_ = aid.citation;
    std::optional<size_t> node;
    if (tracing_) node = open_node(TraceNode::Kind::Aid, current_rule_, aid.citation, aid.span);
    // An aid that is not applicable grants nothing: it counts 0 €.
    int64_t amount = 0;
    Value exact;
    const runtime::RoundMode mode = c.rounding;
    if (auto na = not_applicable_in([&] {
          exact = eval(*aid.amount);
          amount = at_rest(aid.amount->type, exact, aid.span, mode, "paying this aid");
        })) {
      amount = 0;
      if (node) close_node(*node, kNotApplicable, na->message);
    } else if (node) {
      const std::string note = paid_note(aid.amount->type, exact, mode);
      close_node(*node, runtime::format_money(amount), note.empty() ? "before the caps" : note + ", before the caps");
    }
    out.aids.push_back(AidResult{aid.name, amount, amount});
  }
  for (const auto& rule : c.caps) {
    current_rule_ = c.name + " cap";
    current_citation_ = rule.citation;
    CapResult cap;
    cap.citation = rule.citation;
    std::optional<size_t> node;
    if (tracing_) node = open_node(TraceNode::Kind::CombineCap, c.name + " cap", rule.citation, rule.span);
    // A cap whose condition or limit is not applicable does not apply.
    cap.applied = true;
    std::optional<RuntimeError> na;
    if (rule.when) na = not_applicable_in([&] { cap.applied = eval(*rule.when).scalar != 0; });
    if (!cap.applied || na) {
      cap.applied = false;
      covered(&rule, false);
      if (node) {
        close_node(*node, "not applied",
                   na ? "its condition is not applicable: " + na->message : "its condition does not hold");
      }
      out.caps.push_back(std::move(cap));
      continue;
    }
    std::vector<ir::Index> targets = rule.targets;
    if (targets.empty()) {
      for (ir::Index a = 0; a < out.aids.size(); ++a) targets.push_back(a);
    }
    for (ir::Index a : targets) check(runtime::add(cap.total, out.aids[a].after, cap.total), rule.span, "adding the aids");
    // A limit is rounded down to the cent: the aids never exceed it.
    if ((na = not_applicable_in([&] {
           cap.limit = at_rest(rule.limit->type, eval(*rule.limit), rule.span, runtime::RoundMode::Down, "rounding this limit");
         }))) {
      cap.applied = false;
      cap.total = 0;
      cap.limit = 0;
      covered(&rule, false);
      if (node) close_node(*node, "not applied", "its limit is not applicable: " + na->message);
      out.caps.push_back(std::move(cap));
      continue;
    }
    int64_t excess = 0;
    check(runtime::sub(cap.total, cap.limit, excess), rule.span, "comparing the aids with their cap");
    cap.excess = std::max<int64_t>(0, excess);
    covered(&rule, cap.excess > 0);
    // Without `absorbed by`, the targets absorb from the last declared to the first.
    std::vector<ir::Index> absorbers = rule.absorbers;
    if (absorbers.empty()) {
      absorbers = targets;
      std::sort(absorbers.rbegin(), absorbers.rend());
    }
    int64_t remaining = cap.excess;
    for (ir::Index a : absorbers) {
      if (remaining == 0) break;
      const int64_t take = std::min(remaining, std::max<int64_t>(0, out.aids[a].after));
      if (take == 0) continue;
      out.aids[a].after -= take;
      remaining -= take;
      cap.absorbed.emplace_back(out.aids[a].name, take);
    }
    cap.unabsorbed = remaining;
    if (node) {
      std::string detail = fmt::format("total {} against a cap of {}", runtime::format_money(cap.total),
                                       runtime::format_money(cap.limit));
      for (const auto& [name, cents] : cap.absorbed) detail += fmt::format("; {} absorbs {}", name, runtime::format_money(cents));
      if (cap.unabsorbed > 0) detail += fmt::format("; {} could not be absorbed", runtime::format_money(cap.unabsorbed));
      close_node(*node, cap.excess > 0 ? fmt::format("removes {}", runtime::format_money(cap.excess)) : "within the cap", detail);
    }
    out.caps.push_back(std::move(cap));
  }
  if (tracing_) {
    // Each aid node also says what remains after the caps.
    for (size_t a = 0; a < out.aids.size(); ++a) {
      for (auto& node : trace_.nodes) {
        if (node.kind == TraceNode::Kind::Aid && node.name == c.name + "." + out.aids[a].name) {
          node.detail = fmt::format("after the caps: {}", runtime::format_money(out.aids[a].after));
        }
      }
    }
  }
  current_rule_ = saved_rule;
  current_citation_ = saved_citation;
  locals_ = std::move(saved_locals);
  combines_[i] = std::move(out);
  return *combines_[i];
}

}  // namespace bareme::interp
