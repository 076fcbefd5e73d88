// Guards in a catalogue's one function: an aid whose first condition fails (most aids of a
// catalogue, in most rows: the applicant lives elsewhere) skips its other conditions, its amount
// and the definitions only it reads.
//
// Item 5 of docs/semantics.md evaluates every condition, even after one fails, so a later
// condition's runtime error is still the aid's outcome: the skipping path lowers the later
// conditions a second time for their errors only. Their values are dead there, and the
// optimiser deletes them; what remains is, in most aids, nothing (a comparison cannot fail) or
// a select over errors the row already computed (an input out of its bounds). Its failed words
// hold the first failed condition only, the one `score --all` reports.
#include "jit/lowering.hpp"
#include "runtime/batch.hpp"

namespace bareme::jit {

bool guardable(const ir::Scheme& s) {
  return !s.conditions.empty() && (s.conditions.size() > 1 || s.amount);
}

void Lowerer::plan_guards(const std::vector<Node>& nodes) {
  // Who reads each rule: one scheme (directly or through rules only it reads), or several
  // nodes. `nodes` lists each node after what it reads: backwards, a rule's readers come first.
  constexpr size_t kNobody = SIZE_MAX, kShared = SIZE_MAX - 1;
  std::vector<size_t> owner(p_.rules.size(), kNobody);
  std::vector<Node> deps;
  for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) {
    size_t reader = kShared;
    if (it->kind == NodeKind::Scheme) reader = it->index;
    if (it->kind == NodeKind::Rule)
      reader = owner[it->index] == kNobody ? kShared : owner[it->index];
    deps.clear();
    direct_dependencies(*it, deps);
    for (const Node& d : deps) {
      if (d.kind != NodeKind::Rule) continue;
      size_t& o = owner[d.index];
      o = (o == kNobody || o == reader) ? reader : kShared;
    }
  }
  own_rules_.assign(p_.schemes.size(), {});
  guarded_rules_.assign(p_.rules.size(), false);
  for (const Node& n : nodes) {
    if (n.kind != NodeKind::Rule || owner[n.index] >= p_.schemes.size()) continue;
    if (!guardable(p_.schemes[owner[n.index]])) continue;
    own_rules_[owner[n.index]].push_back(n.index);
    guarded_rules_[n.index] = true;
  }
  guards_ = true;
}

void Lowerer::skipped_with_error(ir::Index i, llvm::Value* err) {
  const bool stored = i < path_arrays_.size() && path_arrays_[i];
  const bool member = i < memberships_.size() && !memberships_[i].empty();
  if (!stored && !member) return;
  if (auto* c = llvm::dyn_cast<llvm::ConstantInt>(err); c && c->isZero()) return;
  // Rare, and usually proved impossible by the optimiser: the outputs were filled as refused
  // without an error.
  auto* erring = llvm::BasicBlock::Create(ctx_, "guard.error", fn_);
  auto* after = llvm::BasicBlock::Create(ctx_, "guard.error.done", fn_);
  b_.CreateCondBr(b_.CreateICmpNE(err, no_error()), erring, after);
  b_.SetInsertPoint(erring);
  if (stored) b_.CreateStore(public_error(err), b_.CreateGEP(b_.getInt8Ty(), path_arrays_[i]->error, row_));
  scheme_events(i, b_.getInt1(false), i64(0), err);
  b_.CreateBr(after);
  b_.SetInsertPoint(after);
}

bool Lowerer::guarded_rule(ir::Index r) const {
  return guards_ && guarded_rules_[r];
}

bool Lowerer::guarded_scheme(ir::Index i) {
  const auto& s = p_.schemes[i];
  if (!guardable(s)) return false;
  const std::vector<ir::Index>& own = own_rules_[i];
  // Which of the scheme's own rules the conditions from `first` on read, directly or not.
  auto read_by = [&](size_t first) {
    std::vector<bool> read(own.size(), false);
    std::vector<Node> deps;
    auto mark = [&](const std::vector<Node>& nodes) {
      for (const Node& d : nodes) {
        if (d.kind != NodeKind::Rule) continue;
        for (size_t k = 0; k < own.size(); ++k) read[k] = read[k] || own[k] == d.index;
      }
    };
    for (size_t c = first; c < (first == 0 ? 1 : s.conditions.size()); ++c) {
      deps.clear();
      walked_.clear();
      dependencies(*s.conditions[c].test, deps);
      mark(deps);
    }
    for (size_t k = own.size(); k-- > 0;) {
      if (!read[k]) continue;
      deps.clear();
      direct_dependencies({NodeKind::Rule, own[k]}, deps);
      mark(deps);
    }
    return read;
  };
  // Those the first condition reads are computed before it; the others are lowered on each
  // path and forgotten after it (neither path dominates what follows the scheme): all of them
  // where the first condition holds, those the later conditions read where it fails.
  const std::vector<bool> early = read_by(0), later = read_by(1);
  for (size_t k = 0; k < own.size(); ++k) {
    if (early[k]) compute({NodeKind::Rule, own[k]});
  }
  auto compute_late = [&](bool all) {
    for (size_t k = 0; k < own.size(); ++k) {
      if (!early[k] && (all || later[k])) compute({NodeKind::Rule, own[k]});
    }
  };
  auto forget_late = [&] {
    for (size_t k = 0; k < own.size(); ++k) {
      if (!early[k]) rules_[own[k]].reset();
    }
  };

  const size_t words = runtime::failed_words(s.conditions.size() + 1);
  const ConditionsVals none = no_conditions();
  ConditionsVals first_acc = none;
  llvm::Value* holds = condition(*s.conditions[0].test, first_acc);
  auto* rest = llvm::BasicBlock::Create(ctx_, "guard.rest", fn_);
  auto* skip = llvm::BasicBlock::Create(ctx_, "guard.skip", fn_);
  auto* done = llvm::BasicBlock::Create(ctx_, "guard.done", fn_);
  b_.CreateCondBr(holds, rest, skip);

  // The first condition holds: the scheme as `scheme` lowers it, from its second condition.
  b_.SetInsertPoint(rest);
  compute_late(/*all=*/true);
  SchemeVals r{b_.getInt1(true), i64(0), std::vector<llvm::Value*>(words, i64(0)), no_error()};
  ConditionsVals rest_acc = first_acc;
  for (size_t k = 1; k < s.conditions.size(); ++k) {
    llvm::Value* h = condition(*s.conditions[k].test, rest_acc);
    r.eligible = b_.CreateAnd(r.eligible, h);
    refuse_unless(r.failed, k, h);
  }
  r.err = conditions_error(rest_acc);
  scheme_amount(s, r);
  store_outputs(i, r);
  scheme_events(i, r.eligible, r.amount, r.err);
  forget_late();
  llvm::BasicBlock* rest_end = b_.GetInsertBlock();
  b_.CreateBr(done);

  // It fails for sure: refused, with the first error of the other conditions unless they only
  // lack inputs (docs/semantics.md §3.12).
  b_.SetInsertPoint(skip);
  compute_late(/*all=*/false);
  ConditionsVals skip_acc = first_acc;
  for (size_t k = 1; k < s.conditions.size(); ++k) condition(*s.conditions[k].test, skip_acc);
  llvm::Value* skip_err = conditions_error(skip_acc);
  skipped_with_error(i, skip_err);
  forget_late();
  llvm::BasicBlock* skip_end = b_.GetInsertBlock();
  b_.CreateBr(done);

  b_.SetInsertPoint(done);
  auto merge = [&](llvm::Value* taken, llvm::Value* skipped) {
    auto* phi = b_.CreatePHI(taken->getType(), 2);
    phi->addIncoming(taken, rest_end);
    phi->addIncoming(skipped, skip_end);
    return phi;
  };
  SchemeVals out{
      merge(r.eligible, b_.getInt1(false)), merge(r.amount, i64(0)), {}, merge(r.err, skip_err)};
  for (size_t w = 0; w < words; ++w) out.failed.push_back(merge(r.failed[w], i64(w == 0 ? 1 : 0)));
  schemes_[i] = std::move(out);
  return true;
}

}  // namespace bareme::jit
