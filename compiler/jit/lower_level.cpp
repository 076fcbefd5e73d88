// Levels as selects: members in the level's order, each one's error kept only when the
// interpreter evaluates it (in a first level, not after the winner).
#include "jit/lowering.hpp"

namespace bareme::jit {

LevelVals Lowerer::member(const ir::LevelMember& m) {
  // As `Evaluator::applies`: a member applies when it is eligible.
  if (m.kind == ir::LevelMember::Kind::Scheme) {
    if (!schemes_[m.index]) scheme(m.index);
    const SchemeVals& s = *schemes_[m.index];
    return LevelVals{s.eligible, s.amount, s.err};
  }
  if (!levels_[m.index]) level(m.index);
  return *levels_[m.index];
}

void Lowerer::level(ir::Index i) {
  if (level_from_events(i)) return;
  const auto& l = p_.levels[i];
  llvm::Value* err = no_error();
  llvm::Value* found = b_.getInt1(false);  // some member evaluated so far applies
  llvm::Value* amount = i64(0);
  for (const auto& m : l.members) {
    const LevelVals v = member(m);
    llvm::Value* live = l.policy == ir::LevelPolicy::First ? b_.CreateNot(found) : b_.getInt1(true);
    err = first(err, only_if(live, v.err));
    llvm::Value* applies = b_.CreateAnd(live, v.eligible);
    llvm::Value* amount_if = b_.CreateSelect(v.eligible, v.amount, i64(0));
    switch (l.policy) {
      case ir::LevelPolicy::First: amount = b_.CreateSelect(applies, amount_if, amount); break;
      case ir::LevelPolicy::Sum: {
        const Val sum = checked(llvm::Intrinsic::sadd_with_overflow, amount, amount_if, no_error());
        err = first(err, only_if(applies, sum.err));
        amount = b_.CreateSelect(applies, sum.v, amount);
        break;
      }
      case ir::LevelPolicy::Best: {
        // The earliest member keeps a tie.
        llvm::Value* better = b_.CreateOr(b_.CreateNot(found), b_.CreateICmpSGT(amount_if, amount));
        amount = b_.CreateSelect(b_.CreateAnd(applies, better), amount_if, amount);
        break;
      }
    }
    found = b_.CreateOr(found, applies);
  }
  levels_[i] = LevelVals{found, amount, err};
}

}  // namespace bareme::jit
