// Events in a catalogue's one function: a guarded scheme's outputs written only where it is not
// refused by its first condition, and `first` levels found from the members that apply.
//
// In most rows most aids of a catalogue fail their first condition (the applicant lives
// elsewhere). Written as straight-line code, each aid's four stores and its place in a level's
// chain of selects ran in every row, and that tail was half the row's time. Here a call fills
// the outputs of the whole slice as refused, and a row writes an aid's outputs and its level's
// slots only on the path where something happens.
#include "jit/lowering.hpp"
#include "runtime/batch.hpp"

namespace bareme::jit {

bool Lowerer::store_in_paths(ir::Index s, SchemeArrays arrays) {
  if (!guards_ || !guardable(p_.schemes[s])) return false;
  path_arrays_.resize(p_.schemes.size());
  path_arrays_[s] = arrays;
  const auto words =
      static_cast<int64_t>(runtime::failed_words(p_.schemes[s].conditions.size() + 1));
  llvm::IRBuilder<> at(entry_->getTerminator());
  auto* ptr = at.getPtrTy();
  auto* i64t = at.getInt64Ty();
  auto fill = mod_.getOrInsertFunction(
      "bareme_rt_refuse_rows",
      llvm::FunctionType::get(at.getVoidTy(), {ptr, ptr, ptr, ptr, i64t, i64t, i64t}, false));
  at.CreateCall(fill, {arrays.eligible, arrays.amount, arrays.failed, arrays.error, i64(words),
                       fn_->getArg(2), fn_->getArg(3)});
  return true;
}

void Lowerer::store_outputs(ir::Index s, const SchemeVals& v) {
  if (s >= path_arrays_.size() || !path_arrays_[s]) return;
  const SchemeArrays& a = *path_arrays_[s];
  auto at = [&](llvm::Type* t, llvm::Value* base) { return b_.CreateGEP(t, base, row_); };
  b_.CreateStore(b_.CreateZExt(v.eligible, b_.getInt8Ty()), at(b_.getInt8Ty(), a.eligible));
  b_.CreateStore(v.amount, at(b_.getInt64Ty(), a.amount));
  llvm::Value* first_word = b_.CreateMul(row_, i64(static_cast<int64_t>(v.failed.size())));
  for (size_t w = 0; w < v.failed.size(); ++w) {
    llvm::Value* word = b_.CreateAdd(first_word, i64(static_cast<int64_t>(w)));
    b_.CreateStore(v.failed[w], b_.CreateGEP(b_.getInt64Ty(), a.failed, word));
  }
  b_.CreateStore(public_error(v.err), at(b_.getInt8Ty(), a.error));
}

void Lowerer::plan_level_events() {
  level_slots_.assign(p_.levels.size(), std::nullopt);
  memberships_.assign(p_.schemes.size(), {});
  llvm::IRBuilder<> at(entry_->getTerminator());
  for (ir::Index l = 0; l < p_.levels.size(); ++l) {
    const auto& level = p_.levels[l];
    if (level.policy != ir::LevelPolicy::First) continue;
    const bool schemes_only = std::all_of(
        level.members.begin(), level.members.end(),
        [](const ir::LevelMember& m) { return m.kind == ir::LevelMember::Kind::Scheme; });
    if (!schemes_only || level.members.empty()) continue;
    LevelSlots slots{at.CreateAlloca(at.getInt64Ty()), at.CreateAlloca(at.getInt64Ty()),
                     at.CreateAlloca(at.getInt64Ty()), at.CreateAlloca(at.getInt8Ty()),
                     static_cast<int64_t>(level.members.size())};
    level_slots_[l] = slots;
    for (size_t k = 0; k < level.members.size(); ++k)
      memberships_[level.members[k].index].emplace_back(l, static_cast<int64_t>(k));
  }
}

void Lowerer::start_level_events() {
  // Volatile: kept in memory, where the optimiser would otherwise carry each slot as a value
  // through every scheme of the row.
  for (const auto& slots : level_slots_) {
    if (!slots) continue;
    b_.CreateStore(i64(slots->members), slots->won, /*isVolatile=*/true);
    b_.CreateStore(i64(0), slots->amount, true);
    b_.CreateStore(i64(slots->members), slots->erred, true);
    b_.CreateStore(no_error(), slots->error, true);
  }
}

void Lowerer::scheme_events(ir::Index s, llvm::Value* eligible, llvm::Value* amount,
                            llvm::Value* err) {
  if (s >= memberships_.size() || memberships_[s].empty()) return;
  llvm::Value* erring = b_.CreateICmpNE(err, no_error());
  llvm::Value* happens = b_.CreateOr(eligible, erring);
  if (auto* c = llvm::dyn_cast<llvm::ConstantInt>(happens); c && c->isZero()) return;
  auto* record = llvm::BasicBlock::Create(ctx_, "level.event", fn_);
  auto* after = llvm::BasicBlock::Create(ctx_, "level.event.done", fn_);
  b_.CreateCondBr(happens, record, after);
  b_.SetInsertPoint(record);
  for (const auto& [l, place] : memberships_[s]) {
    const LevelSlots& slots = *level_slots_[l];
    llvm::Value* won = b_.CreateLoad(b_.getInt64Ty(), slots.won, true);
    llvm::Value* wins = b_.CreateAnd(eligible, b_.CreateICmpSLT(i64(place), won));
    llvm::Value* old_amount = b_.CreateLoad(b_.getInt64Ty(), slots.amount, true);
    b_.CreateStore(b_.CreateSelect(wins, i64(place), won), slots.won, true);
    b_.CreateStore(b_.CreateSelect(wins, amount, old_amount), slots.amount, true);
    llvm::Value* erred = b_.CreateLoad(b_.getInt64Ty(), slots.erred, true);
    llvm::Value* first_error = b_.CreateAnd(erring, b_.CreateICmpSLT(i64(place), erred));
    llvm::Value* old_error = b_.CreateLoad(b_.getInt8Ty(), slots.error, true);
    b_.CreateStore(b_.CreateSelect(first_error, i64(place), erred), slots.erred, true);
    b_.CreateStore(b_.CreateSelect(first_error, err, old_error), slots.error, true);
  }
  b_.CreateBr(after);
  b_.SetInsertPoint(after);
}

bool Lowerer::level_from_events(ir::Index l) {
  if (l >= level_slots_.size() || !level_slots_[l]) return false;
  // As `level`: the first member that applies wins; an error counts when its member comes
  // before the winner or is the winner (the members after it are not evaluated).
  const LevelSlots& slots = *level_slots_[l];
  llvm::Value* won = b_.CreateLoad(b_.getInt64Ty(), slots.won, true);
  llvm::Value* amount = b_.CreateLoad(b_.getInt64Ty(), slots.amount, true);
  llvm::Value* erred = b_.CreateLoad(b_.getInt64Ty(), slots.erred, true);
  llvm::Value* error = b_.CreateLoad(b_.getInt8Ty(), slots.error, true);
  llvm::Value* found = b_.CreateICmpSLT(won, i64(slots.members));
  levels_[l] = LevelVals{found, b_.CreateSelect(found, amount, i64(0)),
                         b_.CreateSelect(b_.CreateICmpSLE(erred, won), error, no_error())};
  return true;
}

}  // namespace bareme::jit
