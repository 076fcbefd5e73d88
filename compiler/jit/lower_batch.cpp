// The batch function: the row loop over a scheme (with its file's combines and levels) or a
// level alone, the evaluation date, definitions in dependency order, and each row's stores.
#include "jit/lowering.hpp"
#include "runtime/batch.hpp"

namespace bareme::jit {

std::optional<Lowerer::Unsupported> Lowerer::lower_batch_function(Node target, const std::string& name) {
  // A level's function evaluates the level alone (score over a catalogue): no combine, no
  // failed condition, and the evaluation date of a module's tests (the first scheme's `as of`).
  const bool is_level = target.kind == NodeKind::Level;
  const ir::Index scheme_index = target.index;
  auto* ptr = b_.getPtrTy();
  auto* fty = llvm::FunctionType::get(b_.getVoidTy(), {ptr, ptr, b_.getInt64Ty(), b_.getInt64Ty()}, false);
  fn_ = llvm::Function::Create(fty, llvm::Function::ExternalLinkage, name, mod_);
  fn_->addParamAttr(0, llvm::Attribute::NoAlias);
  fn_->addParamAttr(1, llvm::Attribute::NoAlias);
  llvm::Value* in = fn_->getArg(0);
  llvm::Value* out = fn_->getArg(1);
  auto* entry = llvm::BasicBlock::Create(ctx_, "entry", fn_);
  auto* header = llvm::BasicBlock::Create(ctx_, "row", fn_);
  auto* body = llvm::BasicBlock::Create(ctx_, "body", fn_);
  auto* exit = llvm::BasicBlock::Create(ctx_, "exit", fn_);
  b_.SetInsertPoint(entry);
  // Column pointers are read once, before the loop.
  llvm::Value* columns = load_ptr(in, 0);
  llvm::Value* override_date = b_.CreateLoad(b_.getInt64Ty(), b_.CreateConstGEP1_64(b_.getInt64Ty(), in, 1));
  llvm::Value* has_override = b_.CreateICmpNE(b_.CreateLoad(b_.getInt64Ty(), b_.CreateConstGEP1_64(b_.getInt64Ty(), in, 2)), i64(0));
  columns_.assign(p_.inputs.size(), std::nullopt);
  columns_base_ = columns;
  entry_ = entry;
  llvm::Value* out_eligible = load_ptr(out, 0);
  llvm::Value* out_amount = load_ptr(out, 1);
  llvm::Value* out_failed = load_ptr(out, 2);
  llvm::Value* out_error = load_ptr(out, 3);
  llvm::Value* out_detail = load_ptr(out, 8);  // optional
  llvm::Value* has_detail = b_.CreateIsNotNull(out_detail);
  std::vector<ir::Index> root_combines, root_levels;
  const ir::Index module = is_level ? 0 : p_.schemes[scheme_index].module;
  for (ir::Index c = 0; c < p_.combines.size() && !is_level; ++c) {
    if (p_.combines[c].module == module) root_combines.push_back(c);
  }
  // The levels of the scheme's file are evaluated after it, as in the interpreter: only their
  // errors reach the row.
  for (ir::Index l = 0; l < p_.levels.size() && !is_level; ++l) {
    if (p_.levels[l].module == module) root_levels.push_back(l);
  }
  std::vector<llvm::Value*> before_arrays, after_arrays;
  if (!root_combines.empty()) {
    llvm::Value* befores = load_ptr(out, 4);
    llvm::Value* afters = load_ptr(out, 5);
    int64_t k = 0;
    for (ir::Index c : root_combines) {
      for (size_t a = 0; a < p_.combines[c].aids.size(); ++a, ++k) {
        before_arrays.push_back(load_ptr(befores, k));
        after_arrays.push_back(load_ptr(afters, k));
      }
    }
  }
  // The scheme's declared outputs: two words and an error code per row each.
  const std::vector<ir::Output>* outputs = is_level ? nullptr : &p_.schemes[scheme_index].outputs;
  std::vector<llvm::Value*> output_words, output_errors;
  if (outputs && !outputs->empty()) {
    llvm::Value* words = load_ptr(out, 6);
    llvm::Value* errors = load_ptr(out, 7);
    for (size_t k = 0; k < outputs->size(); ++k) {
      output_words.push_back(load_ptr(words, static_cast<int64_t>(k)));
      output_errors.push_back(load_ptr(errors, static_cast<int64_t>(k)));
    }
  }
  auto* row = enter_row_loop(entry, header, body, exit);
  std::vector<Node> nodes, seen;
  order(target, nodes, seen);
  if (outputs) {
    for (const auto& o : *outputs) {
      std::vector<Node> read;
      walked_.clear();
      dependencies(*o.value, read);
      for (const Node& n : read) order(n, nodes, seen);
    }
  }
  for (ir::Index c : root_combines) order({NodeKind::Combine, c}, nodes, seen);
  for (ir::Index l : root_levels) order({NodeKind::Level, l}, nodes, seen);
  // The evaluation date: the override, else the first scheme's `as of` input that is given,
  // or its default when that is a date literal.
  llvm::Value* known = has_override;
  llvm::Value* date = override_date;
  // As in the interpreter: the scheme's own `as of`, or else the first scheme's that has one.
  std::vector<const ir::Scheme*> dated;
  if (!is_level && p_.schemes[scheme_index].as_of_input) {
    dated.push_back(&p_.schemes[scheme_index]);
  } else {
    for (const auto& sc : p_.schemes) dated.push_back(&sc);
  }
  for (const ir::Scheme* scp : dated) {
    const auto& sc = *scp;
    if (!sc.as_of_input) continue;
    llvm::Value* given = present(*sc.as_of_input);
    llvm::Value* at = b_.CreateSelect(given, row_, i64(0));
    llvm::Value* value = b_.CreateLoad(b_.getInt64Ty(), b_.CreateGEP(b_.getInt64Ty(), column(*sc.as_of_input).values, at));
    // A default dates the evaluation when it is a date literal, as in the interpreter.
    const auto& d = p_.inputs[*sc.as_of_input].default_value;
    if (d && std::holds_alternative<ir::Literal>(d->node)) {
      value = b_.CreateSelect(given, value, i64(std::get<ir::Literal>(d->node).value));
      given = b_.getInt1(true);
    }
    date = b_.CreateSelect(b_.CreateAnd(b_.CreateNot(known), given), value, date);
    known = b_.CreateOr(known, given);
  }
  as_of_ = date;
  has_as_of_ = known;
  for (const Node& n : nodes) compute(n);
  const SchemeVals s = is_level ? SchemeVals{levels_[target.index]->eligible, levels_[target.index]->amount,
                                             {i64(0)}, levels_[target.index]->err}
                                : *schemes_[scheme_index];
  llvm::Value* err = s.err;
  for (ir::Index c : root_combines) err = first(err, combines_[c]->err);
  for (ir::Index l : root_levels) err = first(err, levels_[l]->err);
  auto at = [&](llvm::Type* t, llvm::Value* base) { return b_.CreateGEP(t, base, row_); };
  b_.CreateStore(b_.CreateZExt(s.eligible, b_.getInt8Ty()), at(b_.getInt8Ty(), out_eligible));
  b_.CreateStore(s.amount, at(b_.getInt64Ty(), out_amount));
  if (s.failed.size() == 1) {
    b_.CreateStore(s.failed[0], at(b_.getInt64Ty(), out_failed));
  } else {  // row r's words start at r * W
    llvm::Value* first_word = b_.CreateMul(row_, i64(static_cast<int64_t>(s.failed.size())));
    for (size_t w = 0; w < s.failed.size(); ++w) {
      llvm::Value* word = b_.CreateAdd(first_word, i64(static_cast<int64_t>(w)));
      b_.CreateStore(s.failed[w], b_.CreateGEP(b_.getInt64Ty(), out_failed, word));
    }
  }
  b_.CreateStore(public_error(err), at(b_.getInt8Ty(), out_error));
  if (params_named_) {  // the parameter an error is about, when the caller asks and there can be one
    auto* detail = llvm::BasicBlock::Create(ctx_, "detail", fn_);
    auto* after = llvm::BasicBlock::Create(ctx_, "detail.done", fn_);
    b_.CreateCondBr(has_detail, detail, after);
    b_.SetInsertPoint(detail);
    b_.CreateStore(error_detail(err), at(b_.getInt64Ty(), out_detail));
    b_.CreateBr(after);
    b_.SetInsertPoint(after);
  }
  size_t k = 0;
  for (ir::Index c : root_combines) {
    for (size_t a = 0; a < p_.combines[c].aids.size(); ++a, ++k) {
      b_.CreateStore(combines_[c]->before[a], at(b_.getInt64Ty(), before_arrays[k]));
      b_.CreateStore(combines_[c]->after[a], at(b_.getInt64Ty(), after_arrays[k]));
    }
  }
  for (size_t k = 0; k < output_words.size(); ++k) store_output((*outputs)[k], output_words[k], output_errors[k]);
  row->addIncoming(b_.CreateAdd(row, i64(1)), b_.GetInsertBlock());
  b_.CreateBr(header);
  b_.SetInsertPoint(exit);
  b_.CreateRetVoid();
  std::vector<OutputArray> arrays{{out_eligible, "eligible"}, {out_amount, "amount"},
                                  {out_failed, "failed"}, {out_error, "error"},
                                  {out_detail, "error_detail"}};
  for (size_t a = 0; a < before_arrays.size(); ++a) {
    arrays.push_back({before_arrays[a], "before." + std::to_string(a)});
    arrays.push_back({after_arrays[a], "after." + std::to_string(a)});
  }
  for (size_t k = 0; k < output_words.size(); ++k) {
    arrays.push_back({output_words[k], "output." + std::to_string(k)});
    arrays.push_back({output_errors[k], "output_error." + std::to_string(k)});
  }
  mark_disjoint_columns(*fn_, arrays);
  return unsupported_;
}

void Lowerer::store_output(const ir::Output& o, llvm::Value* words, llvm::Value* errors) {
  const Val v = expr(*o.value);
  llvm::Value* ok = b_.CreateICmpEQ(v.err, no_error());
  llvm::Value *first_word = nullptr, *second_word = i64(0);
  switch (o.layout()) {
    case runtime::OutputLayout::Wide:
      first_word = b_.CreateTrunc(v.v, b_.getInt64Ty());
      second_word = b_.CreateTrunc(b_.CreateLShr(v.v, 64), b_.getInt64Ty());
      break;
    case runtime::OutputLayout::Duration:
      first_word = v.v;
      second_word = v.days;
      break;
    case runtime::OutputLayout::Scalar:
      first_word = v.v->getType()->isIntegerTy(1) ? b_.CreateZExt(v.v, b_.getInt64Ty()) : v.v;
      break;
  }
  // An output that could not be computed holds zeros, as in the interpreter's rows.
  llvm::Value* at = b_.CreateMul(row_, i64(2));
  b_.CreateStore(b_.CreateSelect(ok, first_word, i64(0)), b_.CreateGEP(b_.getInt64Ty(), words, at));
  b_.CreateStore(b_.CreateSelect(ok, second_word, i64(0)),
                 b_.CreateGEP(b_.getInt64Ty(), words, b_.CreateAdd(at, i64(1))));
  b_.CreateStore(public_error(v.err), b_.CreateGEP(b_.getInt8Ty(), errors, row_));
}

llvm::PHINode* Lowerer::enter_row_loop(llvm::BasicBlock* entry, llvm::BasicBlock* header,
                                       llvm::BasicBlock* body, llvm::BasicBlock* exit) {
  b_.CreateBr(header);

  b_.SetInsertPoint(header);
  auto* row = b_.CreatePHI(b_.getInt64Ty(), 2, "r");
  row->addIncoming(fn_->getArg(2), entry);
  b_.CreateCondBr(b_.CreateICmpSLT(row, fn_->getArg(3)), body, exit);

  b_.SetInsertPoint(body);
  row_ = row;
  inputs_.assign(p_.inputs.size(), std::nullopt);
  params_.assign(p_.params.size(), std::nullopt);
  rules_.assign(p_.rules.size(), std::nullopt);
  schemes_.assign(p_.schemes.size(), std::nullopt);
  combines_.assign(p_.combines.size(), std::nullopt);
  levels_.assign(p_.levels.size(), std::nullopt);
  return row;
}

}  // namespace bareme::jit
