// Levels (priority groups) for the solver: members in the level's order, then the first that
// applies, their sum or the best, as docs/semantics.md "Levels" says.
#include "prove/encoder.hpp"

namespace bareme::prove {

// Whether a member applies and what it counts for (0 € when it does not apply); `ok`: its
// evaluation ends normally.
std::pair<Sym, Sym> Encoder::member(const ir::LevelMember& m) {
  if (m.kind == ir::LevelMember::Kind::Level) return level(m.index);
  ir::Expr ref;
  ref.type = ir::Type::of(ir::TypeKind::Bool);
  ref.node = ir::SchemeRef{m.index, ir::SchemeRef::What::Eligible};
  Sym eligible = expr(ref);
  ref.type = ir::Type::of(ir::TypeKind::Money);
  ref.node = ir::SchemeRef{m.index, ir::SchemeRef::What::Amount};
  Sym amount = expr(ref);
  return {eligible, amount};
}

const std::pair<Sym, Sym>& Encoder::level(ir::Index i) {
  if (auto it = levels_.find(i); it != levels_.end()) return it->second;
  const auto& l = program.levels[i];
  auto saved = std::move(locals_);
  locals_.clear();
  const z3::expr zero = ctx.int_val(0);
  z3::expr ok = ctx.bool_val(true), applied = ctx.bool_val(false), amount = zero;
  for (const auto& m : l.members) {
    const auto [applies, paid] = member(m);
    // A member's evaluation: an error ends the level, unless a `first` level already has its
    // winner (the member is then replaced, never evaluated).
    const z3::expr evaluated = l.policy == ir::LevelPolicy::First ? !applied : ctx.bool_val(true);
    const z3::expr counts = applies.ok && applies.v;
    ok = ok && (!evaluated || (applies.ok && paid.ok));
    switch (l.policy) {
      case ir::LevelPolicy::First:
        amount = z3::ite(evaluated && counts, paid.v, amount);
        break;
      case ir::LevelPolicy::Sum:
        amount = z3::ite(counts, amount + paid.v, amount);
        ok = ok && in_range64(amount);
        break;
      case ir::LevelPolicy::Best:
        amount = z3::ite(counts && (!applied || paid.v > amount), paid.v, amount);
        break;
    }
    applied = applied || (evaluated && counts);
  }
  locals_ = std::move(saved);
  Sym eligible = boolean(applied);
  eligible.ok = ok;
  Sym total = num(z3::ite(applied, amount, zero), 2);
  total.ok = ok;
  return levels_.emplace(i, std::make_pair(eligible, total)).first->second;
}

}  // namespace bareme::prove
