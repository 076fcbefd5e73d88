// Cumulation for the solver: each aid of a combine paid to the cent, then the caps in order.
#include <algorithm>

#include "prove/encoder.hpp"

namespace bareme::prove {

// As interp/eval_combine.cpp: an aid that is not applicable counts 0 €; a cap whose condition or
// limit is not applicable does not apply; its limit is rounded down to the cent; the excess is
// removed from the absorbers in order, none below 0 €. Another runtime error ends the combine.
const Encoder::Aids& Encoder::combine(ir::Index i) {
  if (auto it = combines_.find(i); it != combines_.end()) return it->second;
  const auto& c = program.combines[i];
  auto saved = std::move(locals_);
  locals_.clear();
  const z3::expr zero = ctx.int_val(0);
  Aids out{{}, {}, ctx.bool_val(true)};
  z3::expr& ok = out.ok;
  for (const auto& aid : c.aids) {
    const Sym a = expr(*aid.amount);
    const z3::expr paid = a.digits == 2 ? a.v : div_round(a.v, pow10(a.digits - 2), c.rounding);
    ok = ok && (a.ok || a.na) && (!a.ok || in_range64(paid));
    out.before.push_back(z3::ite(a.ok, paid, zero).simplify());
  }
  out.after = out.before;
  for (const auto& rule : c.caps) {
    z3::expr applied = ctx.bool_val(true);
    if (rule.when) {
      const Sym w = expr(*rule.when);
      ok = ok && (w.ok || w.na);
      applied = w.ok && w.v;
    }
    std::vector<ir::Index> targets = rule.targets;
    if (targets.empty()) {
      for (ir::Index a = 0; a < out.after.size(); ++a) targets.push_back(a);
    }
    z3::expr total = zero;
    for (ir::Index a : targets) {
      total = total + out.after[a];
      ok = ok && (!applied || in_range64(total));
    }
    const Sym l = expr(*rule.limit);
    const z3::expr limit =
        l.digits == 2 ? l.v : div_round(l.v, pow10(l.digits - 2), runtime::RoundMode::Down);
    ok = ok && (!applied || l.ok || l.na) && (!applied || !l.ok || in_range64(limit));
    applied = applied && l.ok;
    const z3::expr difference = total - limit;
    ok = ok && (!applied || in_range64(difference));
    z3::expr remaining = z3::ite(applied && difference > 0, difference, zero);
    std::vector<ir::Index> absorbers = rule.absorbers;
    if (absorbers.empty()) {
      absorbers = targets;
      std::sort(absorbers.rbegin(), absorbers.rend());
    }
    for (ir::Index a : absorbers) {
      const z3::expr room = z3::ite(out.after[a] > 0, out.after[a], zero);
      const z3::expr take = z3::ite(remaining < room, remaining, room);
      out.after[a] = (out.after[a] - take).simplify();
      remaining = remaining - take;
    }
  }
  locals_ = std::move(saved);
  return combines_.emplace(i, std::move(out)).first->second;
}

}  // namespace bareme::prove
