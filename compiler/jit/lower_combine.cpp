// A combine: its aids' amounts before and after the caps, in order, and the first error.
#include "jit/lowering.hpp"

namespace bareme::jit {

void Lowerer::combine(ir::Index i) {
  const auto& c = p_.combines[i];
  CombineVals out;
  llvm::Value* err = no_error();
  for (const auto& aid : c.aids) {
    const Val a = at_rest(expr(*aid.amount), aid.amount->type, c.rounding);
    llvm::Value* v = a.v;
    if (partial()) {
      // An aid that is not applicable counts 0 €.
      llvm::Value* na = not_applicable(a.err);
      err = first(err, b_.CreateSelect(na, no_error(), a.err));
      v = b_.CreateSelect(na, i64(0), a.v);
    } else {
      err = first(err, a.err);
    }
    out.before.push_back(v);
    out.after.push_back(v);
  }
  for (const auto& cap : c.caps) {
    llvm::Value* applied = b_.getInt1(true);
    if (cap.when) {
      // A cap whose condition or limit is not applicable does not apply.
      const Val w = expr(*cap.when);
      applied = w.v;
      if (partial()) {
        llvm::Value* na = not_applicable(w.err);
        err = first(err, b_.CreateSelect(na, no_error(), w.err));
        applied = b_.CreateAnd(w.v, b_.CreateNot(na));
      } else {
        err = first(err, w.err);
      }
    }
    std::vector<ir::Index> targets = cap.targets;
    if (targets.empty()) {
      for (ir::Index a = 0; a < c.aids.size(); ++a) targets.push_back(a);
    }
    Val total{i64(0), nullptr, no_error(), 0};
    for (ir::Index a : targets) total = checked(llvm::Intrinsic::sadd_with_overflow, total.v, out.after[a], total.err);
    // A limit is rounded down to the cent: the aids never exceed it.
    const Val limit = at_rest(expr(*cap.limit), cap.limit->type, runtime::RoundMode::Down);
    llvm::Value* limit_na = partial() ? not_applicable(limit.err) : nullptr;
    total.err = first(total.err, limit_na ? b_.CreateSelect(limit_na, no_error(), limit.err) : limit.err);
    Val excess = checked(llvm::Intrinsic::ssub_with_overflow, total.v, limit.v, total.err);
    // No limit, no subtraction (and no overflow of one): only the total's own error.
    if (limit_na) excess.err = b_.CreateSelect(limit_na, total.err, excess.err);
    err = first(err, only_if(applied, excess.err));
    if (limit_na) applied = b_.CreateAnd(applied, b_.CreateNot(limit_na));
    llvm::Value* remaining = b_.CreateSelect(applied, b_.CreateSelect(b_.CreateICmpSGT(excess.v, i64(0)), excess.v, i64(0)), i64(0));
    std::vector<ir::Index> absorbers = cap.absorbers;
    if (absorbers.empty()) {
      absorbers = targets;
      std::sort(absorbers.rbegin(), absorbers.rend());
    }
    for (ir::Index a : absorbers) {
      llvm::Value* available = b_.CreateSelect(b_.CreateICmpSGT(out.after[a], i64(0)), out.after[a], i64(0));
      llvm::Value* take = b_.CreateSelect(b_.CreateICmpSLT(remaining, available), remaining, available);
      out.after[a] = b_.CreateSub(out.after[a], take);
      remaining = b_.CreateSub(remaining, take);
    }
  }
  out.err = err;
  combines_[i] = std::move(out);
}

}  // namespace bareme::jit
