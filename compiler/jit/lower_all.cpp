// The catalogue's one function for `score --all`: every scheme and every level of a program
// evaluated once per row (each definition, aid and level computed once and read by everything
// that reads it), each target's outputs stored in its own BatchOutput.
#include "jit/lowering.hpp"
#include "runtime/batch.hpp"

namespace bareme::jit {

std::optional<Lowerer::Unsupported> Lowerer::lower_all_function(const std::string& name) {
  auto* ptr = b_.getPtrTy();
  auto* fty = llvm::FunctionType::get(b_.getVoidTy(), {ptr, ptr, b_.getInt64Ty(), b_.getInt64Ty()}, false);
  fn_ = llvm::Function::Create(fty, llvm::Function::ExternalLinkage, name, mod_);
  fn_->addParamAttr(0, llvm::Attribute::NoAlias);
  llvm::Value* in = fn_->getArg(0);
  llvm::Value* outs = fn_->getArg(1);
  auto* entry = llvm::BasicBlock::Create(ctx_, "entry", fn_);
  auto* header = llvm::BasicBlock::Create(ctx_, "row", fn_);
  auto* body = llvm::BasicBlock::Create(ctx_, "body", fn_);
  auto* exit = llvm::BasicBlock::Create(ctx_, "exit", fn_);
  b_.SetInsertPoint(entry);
  columns_base_ = load_ptr(in, 0);
  llvm::Value* override_date = b_.CreateLoad(b_.getInt64Ty(), b_.CreateConstGEP1_64(b_.getInt64Ty(), in, 1));
  llvm::Value* has_override = b_.CreateICmpNE(b_.CreateLoad(b_.getInt64Ty(), b_.CreateConstGEP1_64(b_.getInt64Ty(), in, 2)), i64(0));
  columns_.assign(p_.inputs.size(), std::nullopt);
  entry_ = entry;
  branch_amounts_ = true;

  // Target t: scheme t, then level t - schemes; the arrays of its BatchOutput.
  struct Out {
    Node target;
    llvm::Value *eligible = nullptr, *amount = nullptr, *failed = nullptr, *error = nullptr;
    std::vector<ir::Index> combines{}, levels{};  // of the scheme's file
    std::vector<llvm::Value*> before{}, after{};
    bool in_paths = false;  // written by its scheme's guard, not after the row
  };
  std::vector<Out> targets;
  for (ir::Index s = 0; s < p_.schemes.size(); ++s) targets.push_back(Out{{NodeKind::Scheme, s}});
  for (ir::Index l = 0; l < p_.levels.size(); ++l) targets.push_back(Out{{NodeKind::Level, l}});
  std::vector<llvm::Value*> bases;
  for (size_t t = 0; t < targets.size(); ++t) {
    Out& o = targets[t];
    llvm::Value* out = load_ptr(outs, static_cast<int64_t>(t));
    o.eligible = load_ptr(out, 0);
    o.amount = load_ptr(out, 1);
    o.failed = load_ptr(out, 2);
    o.error = load_ptr(out, 3);
    bases.insert(bases.end(), {o.eligible, o.amount, o.failed, o.error});
    if (o.target.kind != NodeKind::Scheme) continue;
    const ir::Index module = p_.schemes[o.target.index].module;
    for (ir::Index c = 0; c < p_.combines.size(); ++c)
      if (p_.combines[c].module == module) o.combines.push_back(c);
    for (ir::Index l = 0; l < p_.levels.size(); ++l)
      if (p_.levels[l].module == module) o.levels.push_back(l);
    if (o.combines.empty()) continue;
    llvm::Value* befores = load_ptr(out, 4);
    llvm::Value* afters = load_ptr(out, 5);
    int64_t k = 0;
    for (ir::Index c : o.combines) {
      for (size_t a = 0; a < p_.combines[c].aids.size(); ++a, ++k) {
        o.before.push_back(load_ptr(befores, k));
        o.after.push_back(load_ptr(afters, k));
      }
    }
    bases.insert(bases.end(), o.before.begin(), o.before.end());
    bases.insert(bases.end(), o.after.begin(), o.after.end());
  }
  auto* row = enter_row_loop(entry, header, body, exit);
  std::vector<Node> nodes, seen;
  for (const Out& o : targets) {
    order(o.target, nodes, seen);
    for (ir::Index c : o.combines) order({NodeKind::Combine, c}, nodes, seen);
    for (ir::Index l : o.levels) order({NodeKind::Level, l}, nodes, seen);
  }
  // Guards and events (lower_guard.cpp, lower_events.cpp): a scheme alone in its file writes its
  // outputs in its guard's paths.
  plan_guards(nodes);
  plan_level_events();
  for (Out& o : targets) {
    if (o.target.kind == NodeKind::Scheme && o.combines.empty() && o.levels.empty())
      o.in_paths = store_in_paths(o.target.index, {o.eligible, o.amount, o.failed, o.error});
  }
  start_level_events();
  // The evaluation date: the batch's. compile_all refuses a program where a scheme has an
  // `as of` input, where each target would have a date of its own.
  as_of_ = override_date;
  has_as_of_ = has_override;
  // A rule only one aid reads is computed behind that aid's first condition.
  for (const Node& n : nodes) {
    if (n.kind != NodeKind::Rule || !guarded_rule(n.index)) compute(n);
  }
  auto at = [&](llvm::Type* t, llvm::Value* base) { return b_.CreateGEP(t, base, row_); };
  for (const Out& o : targets) {
    if (o.in_paths) continue;
    const bool is_level = o.target.kind == NodeKind::Level;
    const SchemeVals s = is_level ? SchemeVals{levels_[o.target.index]->eligible, levels_[o.target.index]->amount,
                                               {i64(0)}, levels_[o.target.index]->err}
                                  : *schemes_[o.target.index];
    llvm::Value* err = s.err;
    for (ir::Index c : o.combines) err = first(err, combines_[c]->err);
    for (ir::Index l : o.levels) err = first(err, levels_[l]->err);
    b_.CreateStore(b_.CreateZExt(s.eligible, b_.getInt8Ty()), at(b_.getInt8Ty(), o.eligible));
    b_.CreateStore(s.amount, at(b_.getInt64Ty(), o.amount));
    if (s.failed.size() == 1) {
      b_.CreateStore(s.failed[0], at(b_.getInt64Ty(), o.failed));
    } else {
      llvm::Value* first_word = b_.CreateMul(row_, i64(static_cast<int64_t>(s.failed.size())));
      for (size_t w = 0; w < s.failed.size(); ++w) {
        llvm::Value* word = b_.CreateAdd(first_word, i64(static_cast<int64_t>(w)));
        b_.CreateStore(s.failed[w], b_.CreateGEP(b_.getInt64Ty(), o.failed, word));
      }
    }
    b_.CreateStore(public_error(err), at(b_.getInt8Ty(), o.error));
    size_t k = 0;
    for (ir::Index c : o.combines) {
      for (size_t a = 0; a < p_.combines[c].aids.size(); ++a, ++k) {
        b_.CreateStore(combines_[c]->before[a], at(b_.getInt64Ty(), o.before[k]));
        b_.CreateStore(combines_[c]->after[a], at(b_.getInt64Ty(), o.after[k]));
      }
    }
  }
  row->addIncoming(b_.CreateAdd(row, i64(1)), b_.GetInsertBlock());
  b_.CreateBr(header);
  b_.SetInsertPoint(exit);
  b_.CreateRetVoid();
  mark_inputs_apart(*fn_, bases);
  return unsupported_;
}

}  // namespace bareme::jit
