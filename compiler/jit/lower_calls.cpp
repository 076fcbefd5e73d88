// Tables, functions, built-ins and comprehensions in LLVM IR, with the interpreter's order of
// evaluation (and so of errors) kept exactly.
#include <algorithm>

#include "jit/lowering.hpp"
#include "runtime/errors.hpp"

namespace bareme::jit {

using runtime::ErrorCode;

Val Lowerer::table(const ir::TableCall& call) {
  const auto& t = p_.tables[call.table];
  std::vector<Val> args;
  llvm::Value* err = no_error();
  for (const auto& a : call.args) {
    args.push_back(expr(*a));
    err = first(err, args.back().err);
  }
  // A unique table proven to have no gap and no overlap has exactly one matching row: it is
  // read like a first-hit table, with no counting and no error to raise.
  // The proof was made with the files' parameter values: not with a reform's.
  const bool reformed = std::any_of(overrides_.begin(), overrides_.end(),
                                    [](const auto& v) { return v.has_value(); });
  // So was it with arguments at rest: an exact intermediate may fall between two cells.
  const bool exact_argument = std::any_of(args.begin(), args.end(), [](const Val& a) { return a.wide; });
  const bool proven = t.hit == ir::HitPolicy::Unique && t.proven_complete && !reformed && !exact_argument;
  // Some row's output is an exact intermediate: so is the table's result.
  const bool wide = std::any_of(t.rows.begin(), t.rows.end(), [](const ir::TableRow& r) { return r.output->wide; });
  if (args.size() == 1 && !wide) {
    if (auto lookup = enum_lookup(t, args[0], proven)) return *lookup;
  }
  const bool first_hit = t.hit == ir::HitPolicy::First || proven;
  // Cells and outputs read the table's parameters as locals 0..n-1, as the interpreter does.
  auto saved_locals = std::move(locals_);
  locals_ = args;
  const bool collect = t.hit == ir::HitPolicy::CollectSum || t.hit == ir::HitPolicy::CollectMin ||
                       t.hit == ir::HitPolicy::CollectMax;
  llvm::Value* found = b_.getInt1(false);
  llvm::Value* count = i64(0);
  // The output of the first hit, or the running aggregate of a collect table.
  Val result{i64(0), nullptr, no_error(), 0};
  if (wide) result = Val{b_.getIntN(128, 0), nullptr, no_error(), 0, {}, true};
  if (t.result.is(ir::TypeKind::Bool)) result.v = b_.getInt1(false);
  if (t.result.is(ir::TypeKind::Duration)) result.days = i64(0);
  llvm::Value* output_err = no_error();
  for (const auto& row : t.rows) {
    // Rows after the first hit of a `first` table are never read.
    llvm::Value* live = first_hit ? b_.CreateNot(found) : b_.getInt1(true);
    llvm::Value* match = live;
    for (size_t c = 0; c < row.cells.size(); ++c) {
      const auto& cell = row.cells[c];
      const Val& arg = args[c];
      if (cell.kind == ir::TableCell::Kind::Range) {
        if (cell.lower) {
          const Val bound = expr(*cell.lower->value);
          err = first(err, only_if(match, bound.err));
          match = b_.CreateAnd(match, compare(cell.lower->inclusive ? ir::CompareOp::Ge : ir::CompareOp::Gt,
                                              t.params[c].type, arg, bound));
        }
        if (cell.upper) {
          const Val bound = expr(*cell.upper->value);
          err = first(err, only_if(match, bound.err));
          match = b_.CreateAnd(match, compare(cell.upper->inclusive ? ir::CompareOp::Le : ir::CompareOp::Lt,
                                              t.params[c].type, arg, bound));
        }
      } else if (cell.kind == ir::TableCell::Kind::OneOf) {
        llvm::Value* any = b_.getInt1(false);
        for (const auto& value : cell.values) {
          const Val x = expr(*value);
          err = first(err, only_if(b_.CreateAnd(match, b_.CreateNot(any)), x.err));
          any = b_.CreateOr(any, compare(ir::CompareOp::Eq, t.params[c].type, arg, x));
        }
        match = b_.CreateAnd(match, any);
      }
    }
    const Val out = aligned(expr(*row.output), wide, t.result);
    if (collect) {
      // Outputs are read for each hit, in row order, after the scan.
      llvm::Value* better = t.hit == ir::HitPolicy::CollectMin ? b_.CreateICmpSLT(out.v, result.v)
                                                               : b_.CreateICmpSGT(out.v, result.v);
      if (t.hit == ir::HitPolicy::CollectSum) {
        const Val sum = checked(llvm::Intrinsic::sadd_with_overflow, result.v, out.v, no_error());
        output_err = first(output_err, only_if(match, first(out.err, sum.err)));
        result.v = b_.CreateSelect(match, sum.v, result.v);
      } else {
        output_err = first(output_err, only_if(match, out.err));
        result.v = b_.CreateSelect(b_.CreateAnd(match, b_.CreateOr(b_.CreateNot(found), better)),
                                   out.v, result.v);
      }
    } else {
      llvm::Value* take = b_.CreateAnd(match, b_.CreateNot(found));
      result.v = b_.CreateSelect(take, out.v, result.v);
      if (result.days) result.days = b_.CreateSelect(take, out.days, result.days);
      output_err = b_.CreateSelect(take, out.err, output_err);
    }
    found = b_.CreateOr(found, match);
    count = b_.CreateAdd(count, b_.CreateZExt(match, b_.getInt64Ty()));
  }
  locals_ = std::move(saved_locals);
  if (t.hit != ir::HitPolicy::CollectSum && !proven) {
    err = first(err, b_.CreateSelect(found, no_error(), i8(ErrorCode::NoTableMatch)));
  }
  if (t.hit == ir::HitPolicy::Unique && !proven) {
    err = first(err, b_.CreateSelect(b_.CreateICmpSGT(count, i64(1)),
                                     i8(ErrorCode::AmbiguousTableMatch), no_error()));
  }
  result.err = first(err, output_err);
  return result;
}

Val Lowerer::placeholder(ir::Type type) {
  Val v{i64(0), i64(0), no_error(), 0};
  if (type.is(ir::TypeKind::Bool)) v.v = b_.getInt1(false);
  return v;
}

Val Lowerer::function(const ir::FunctionCall& call) {
  std::vector<Val> args;
  for (const auto& a : call.args) args.push_back(expr(*a));
  // The same call in the same block reuses the values lowered for the first: its arguments are
  // the same LLVM values, and so are its result and error.
  std::vector<const void*> key{reinterpret_cast<const void*>(static_cast<uintptr_t>(call.function))};
  for (const Val& a : args) key.insert(key.end(), {a.v, a.days, a.err, reinterpret_cast<const void*>(static_cast<uintptr_t>(a.list))});
  if (const auto it = calls_.find(key); it != calls_.end() && it->second.block == b_.GetInsertBlock()) {
    return it->second.value;
  }
  auto saved = std::move(locals_);
  locals_ = args;
  Val v = expr(*p_.functions[call.function].body);
  locals_ = std::move(saved);
  // Arguments are evaluated before the body: their errors come first.
  llvm::Value* err = no_error();
  for (const auto& a : args) err = first(err, a.err);
  v.err = first(err, v.err);
  calls_[key] = LoweredCall{v, b_.GetInsertBlock()};
  return v;
}

Val Lowerer::builtin(const ir::Builtin& bi) {
  using F = ir::BuiltinFn;
  std::vector<Val> args;
  llvm::Value* err = no_error();
  for (const auto& a : bi.args) {
    args.push_back(expr(*a));
    err = first(err, args.back().err);
  }
  switch (bi.fn) {
    case F::Min:
    case F::Max: {
      bool wide = false;
      for (const Val& a : args) wide = wide || a.wide;
      for (Val& a : args) a = aligned(a, wide, bi.args[0]->type);
      llvm::Value* v = args[0].v;
      for (size_t k = 1; k < args.size(); ++k) {
        llvm::Value* better =
            bi.fn == F::Min ? b_.CreateICmpSLT(args[k].v, v) : b_.CreateICmpSGT(args[k].v, v);
        v = b_.CreateSelect(better, args[k].v, v);
      }
      Val out{v, nullptr, err, 0};
      out.wide = wide;
      return out;
    }
    case F::Abs: {
      if (args[0].wide) {
        const Val neg = wide_negate(Val{args[0].v, nullptr, no_error(), 0});
        llvm::Value* negative = b_.CreateICmpSLT(args[0].v, llvm::ConstantInt::get(args[0].v->getType(), 0));
        Val out{b_.CreateSelect(negative, neg.v, args[0].v), nullptr, first(err, only_if(negative, neg.err)), 0};
        out.wide = true;
        return out;
      }
      llvm::Value* negative = b_.CreateICmpSLT(args[0].v, i64(0));
      const Val neg = checked(llvm::Intrinsic::ssub_with_overflow, i64(0), args[0].v, no_error());
      return Val{b_.CreateSelect(negative, neg.v, args[0].v), nullptr,
                 first(err, only_if(negative, neg.err)), 0};
    }
    case F::Round:
      if (args[0].wide || args[1].wide) return wide_round(args[0], args[1], bi.args[0]->type, bi.args[1]->wide, bi.mode, err);
      return call_helper("bareme_rt_round_to_step",
                         {args[0].v, args[1].v, b_.getInt8(static_cast<uint8_t>(bi.mode))}, err);
    case F::YearsBetween:
      return Val{
          b_.CreateSDiv(months_between(args[0].v, args[1].v), i64(12)),
          nullptr, err, 0};
    case F::MonthsBetween:
      return Val{months_between(args[0].v, args[1].v), nullptr, err, 0};
    case F::DaysBetween:
      return Val{b_.CreateSub(args[1].v, args[0].v), nullptr, err, 0};
    case F::Year:
      return Val{civil(args[0].v).year, nullptr, err, 0};
    case F::Month:
      return Val{civil(args[0].v).month, nullptr, err, 0};
    case F::Day:
      return Val{civil(args[0].v).day, nullptr, err, 0};
    case F::ToDecimal: {
      const int64_t scale = bi.args[0]->type.is(ir::TypeKind::Int)     ? runtime::kDecimalScale
                            : bi.args[0]->type.is(ir::TypeKind::Money) ? runtime::kDecimalScale / runtime::kCentsPerEuro
                                                                       : 1;
      if (scale == 1 || args[0].wide) return Val{args[0].v, nullptr, err, 0, {}, args[0].wide};
      return checked(llvm::Intrinsic::smul_with_overflow, args[0].v, i64(scale), err);
    }
  }
  return Val{i64(0), nullptr, err, 0};
}

llvm::Value* Lowerer::kept_by_filters(const Val& list, llvm::Value* index) {
  llvm::Value* keep = b_.getInt1(true);
  if (!list.filters) return keep;
  const std::vector<Val> saved = locals_;
  for (const ListFilter& f : *list.filters) {
    locals_ = f.locals;
    if (locals_.size() <= f.slot) locals_.resize(f.slot + 1);
    locals_[f.slot] = Val{index, nullptr, no_error(), list.list};
    keep = b_.CreateAnd(keep, expr(*f.where).v);
  }
  locals_ = saved;
  return keep;
}

Val Lowerer::comprehension(const ir::Expr& whole, const ir::Comprehension& c) {
  // Any list: an input's element range, as read, passed to a function, named by a `let` or
  // chosen by `if`, with the filters applied to it (lists written in the scheme are refused).
  const Val list = expr(*c.list);
  if (list.v == nullptr || list.days == nullptr) {
    unsupported("a comprehension over a list that is not an input", whole.span);
    return Val{i64(0), i64(0), no_error(), 0};
  }
  // The locals a filter's condition reads, as they are where the filter is written.
  const std::vector<Val> locals_here = locals_;
  llvm::BasicBlock* pre = b_.GetInsertBlock();
  auto* header = llvm::BasicBlock::Create(ctx_, "each", fn_);
  auto* body = llvm::BasicBlock::Create(ctx_, "element", fn_);
  auto* done = llvm::BasicBlock::Create(ctx_, "each.done", fn_);
  // A list that could not be read is not iterated.
  llvm::Value* start = b_.CreateSelect(b_.CreateICmpNE(list.err, no_error()), list.days, list.v);
  b_.CreateBr(header);

  b_.SetInsertPoint(header);
  auto* index = b_.CreatePHI(b_.getInt64Ty(), 2, "i");
  // A sum, minimum or maximum of exact intermediates is one too.
  llvm::Type* acc_type = whole.wide ? b_.getInt128Ty() : b_.getInt64Ty();
  llvm::Value* zero = llvm::ConstantInt::get(acc_type, 0);
  auto* acc = b_.CreatePHI(acc_type, 2, "acc");
  auto* seen = b_.CreatePHI(b_.getInt64Ty(), 2, "seen");
  auto* err = b_.CreatePHI(b_.getInt8Ty(), 2, "err");
  auto* decided = b_.CreatePHI(b_.getInt1Ty(), 2, "decided");
  index->addIncoming(start, pre);
  acc->addIncoming(zero, pre);
  seen->addIncoming(i64(0), pre);
  err->addIncoming(list.err, pre);
  decided->addIncoming(b_.getInt1(false), pre);
  llvm::Value* more =
      b_.CreateAnd(b_.CreateICmpSLT(index, list.days),
                   b_.CreateAnd(b_.CreateICmpEQ(err, no_error()), b_.CreateNot(decided)));
  b_.CreateCondBr(more, body, done);

  b_.SetInsertPoint(body);
  if (locals_.size() <= c.slot) locals_.resize(c.slot + 1);
  // Elements an earlier filter dropped are not there: neither `where` nor the projection sees them.
  llvm::Value* keep = kept_by_filters(list, index);
  locals_[c.slot] = Val{index, nullptr, no_error(), list.list};
  llvm::Value* e = err;
  if (c.where) {
    const Val w = expr(*c.where);
    // (Unfiltered lists keep the IR they always had.)
    e = first(e, list.filters ? only_if(keep, w.err) : w.err);
    keep = list.filters ? b_.CreateAnd(keep, w.v) : w.v;
  }
  Val projection{i64(0), nullptr, no_error(), 0};
  if (c.projection) {
    projection = aligned(expr(*c.projection), whole.wide, c.projection->type);
    e = first(e, only_if(keep, projection.err));
  }
  llvm::Value* next_acc = acc;
  llvm::Value* next_decided = decided;
  llvm::Value* next_seen = b_.CreateAdd(seen, b_.CreateZExt(keep, b_.getInt64Ty()));
  switch (c.op) {
    case ir::ListOp::Sum: {
      const Val sum = checked(llvm::Intrinsic::sadd_with_overflow, acc, projection.v, no_error());
      e = first(e, only_if(keep, sum.err));
      next_acc = b_.CreateSelect(keep, sum.v, acc);
      break;
    }
    case ir::ListOp::Min:
    case ir::ListOp::Max: {
      llvm::Value* better = c.op == ir::ListOp::Min ? b_.CreateICmpSLT(projection.v, acc)
                                                    : b_.CreateICmpSGT(projection.v, acc);
      next_acc =
          b_.CreateSelect(b_.CreateAnd(keep, b_.CreateOr(b_.CreateICmpEQ(seen, i64(0)), better)),
                          projection.v, acc);
      break;
    }
    case ir::ListOp::All:
      next_decided = b_.CreateAnd(keep, b_.CreateNot(projection.v));
      break;
    case ir::ListOp::Any:
      next_decided = b_.CreateAnd(keep, projection.v);
      break;
    default:
      break;
  }
  llvm::BasicBlock* latch = b_.GetInsertBlock();
  index->addIncoming(b_.CreateAdd(index, i64(1)), latch);
  acc->addIncoming(next_acc, latch);
  seen->addIncoming(next_seen, latch);
  err->addIncoming(e, latch);
  decided->addIncoming(next_decided, latch);
  // Lists are short (a few elements): vectorising or unrolling their walks only costs
  // compilation time and code size.
  llvm::BranchInst* back = b_.CreateBr(header);
  llvm::Metadata* no_vectorize[] = {llvm::MDString::get(ctx_, "llvm.loop.vectorize.enable"),
                                    llvm::ConstantAsMetadata::get(b_.getFalse())};
  llvm::Metadata* no_unroll[] = {llvm::MDString::get(ctx_, "llvm.loop.unroll.disable")};
  llvm::Metadata* parts[] = {nullptr, llvm::MDNode::get(ctx_, no_vectorize),
                             llvm::MDNode::get(ctx_, no_unroll)};
  llvm::MDNode* loop = llvm::MDNode::getDistinct(ctx_, parts);
  loop->replaceOperandWith(0, loop);
  back->setMetadata(llvm::LLVMContext::MD_loop, loop);

  b_.SetInsertPoint(done);
  switch (c.op) {
    case ir::ListOp::Count:
      return Val{seen, nullptr, err, 0};
    case ir::ListOp::Filter: {
      // The same range, walked later through one more filter; the errors of `where` are taken
      // now, as the interpreter meets them when it builds the list.
      Val out{list.v, list.days, err, list.list, nullptr};
      if (!c.where) return Val{list.v, list.days, err, list.list, list.filters};
      auto filters = list.filters ? std::make_shared<std::vector<ListFilter>>(*list.filters)
                                  : std::make_shared<std::vector<ListFilter>>();
      filters->push_back(ListFilter{c.slot, c.where.get(), locals_here});
      out.filters = std::move(filters);
      return out;
    }
    case ir::ListOp::Sum:
      return Val{acc, nullptr, err, 0, {}, whole.wide};
    case ir::ListOp::Min:
    case ir::ListOp::Max:
      return Val{acc, nullptr,
                 first(err, b_.CreateSelect(b_.CreateICmpEQ(seen, i64(0)), i8(ErrorCode::EmptyList),
                                            no_error())),
                 0, {}, whole.wide};
    case ir::ListOp::All:
      return Val{b_.CreateNot(decided), nullptr, err, 0};
    case ir::ListOp::Any:
      return Val{decided, nullptr, err, 0};
    default:
      break;
  }
  return Val{i64(0), nullptr, err, 0};
}

}  // namespace bareme::jit
