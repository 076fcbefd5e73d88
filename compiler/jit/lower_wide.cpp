// Exact intermediates in LLVM IR: i128 values, products and quotients computed by the
// runtime's own functions (runtime/wide.hpp); a product narrowed at once is divided inline on
// 64 bits when it fits them, other narrowings and constant steps in lower_wide_rounding.cpp.
#include <llvm/IR/MDBuilder.h>

#include <limits>

#include "jit/lowering.hpp"
#include "runtime/wide.hpp"

namespace bareme::jit {

using runtime::ErrorCode;

Val Lowerer::widened(const Val& v, ir::Type type) {
  if (v.wide) return v;
  // |i64| × 10^18 < 2^127: exact, never out of range.
  const auto scale =
      static_cast<uint64_t>(runtime::power_of_ten(runtime::kWideDigits - type.digits()));
  llvm::Value* w =
      b_.CreateMul(b_.CreateSExt(v.v, b_.getInt128Ty()), b_.getIntN(128, scale), "", false, true);
  return Val{w, nullptr, v.err, 0, {}, true};
}

Val Lowerer::call_writing(const char* name, std::vector<llvm::Value*> args, llvm::Type* out_type,
                          llvm::Value* err_in) {
  std::vector<llvm::Type*> types;
  for (auto* a : args) types.push_back(a->getType());
  types.push_back(b_.getPtrTy());
  auto callee =
      mod_.getOrInsertFunction(name, llvm::FunctionType::get(b_.getInt8Ty(), types, false));
  if (auto* f = llvm::dyn_cast<llvm::Function>(callee.getCallee())) {
    f->setMemoryEffects(llvm::MemoryEffects::argMemOnly(llvm::ModRefInfo::Mod));
    f->setDoesNotThrow();
    f->setWillReturn();
  }
  llvm::IRBuilder<> at_entry(entry_, entry_->getFirstInsertionPt());
  llvm::Value* out = at_entry.CreateAlloca(out_type);
  args.push_back(out);
  llvm::Value* err = b_.CreateCall(callee, args);
  return Val{b_.CreateLoad(out_type, out), nullptr, first(err_in, err), 0};
}

Val Lowerer::wide_arith(const ir::Arith& a, const Val& l, const Val& r, llvm::Value* err) {
  using ir::ArithOp;
  switch (a.op) {
    case ArithOp::DecAdd:
    case ArithOp::MoneyAdd:
    case ArithOp::RateAdd:
    case ArithOp::QtyAdd: {
      Val sum = checked(llvm::Intrinsic::sadd_with_overflow, widened(l, a.lhs->type).v,
                        widened(r, a.rhs->type).v, err);
      sum.wide = true;
      return sum;
    }
    case ArithOp::DecSub:
    case ArithOp::MoneySub:
    case ArithOp::RateSub:
    case ArithOp::QtySub: {
      Val difference = checked(llvm::Intrinsic::ssub_with_overflow, widened(l, a.lhs->type).v,
                               widened(r, a.rhs->type).v, err);
      difference.wide = true;
      return difference;
    }
    default:
      break;
  }
  // A narrow operand is passed as it is, with its places, as the interpreter does.
  auto operand = [&](const Val& v, ir::Type type) -> std::pair<llvm::Value*, llvm::Value*> {
    if (v.wide) return {v.v, i64(runtime::kWideDigits)};
    return {b_.CreateSExt(v.v, b_.getInt128Ty()), i64(type.digits())};
  };
  const auto [x, xd] = operand(l, a.lhs->type);
  const auto [y, yd] = operand(r, a.rhs->type);
  const bool division = a.op == ArithOp::IntDiv || a.op == ArithOp::DecDiv ||
                        a.op == ArithOp::MoneyDivInt || a.op == ArithOp::MoneyDivDec ||
                        a.op == ArithOp::MoneyDivRate || a.op == ArithOp::MoneyDivMoney ||
                        a.op == ArithOp::QtyDivDec || a.op == ArithOp::QtyDivQty;
  if (!division && !l.wide && !r.wide) return narrow_product(l, a.lhs->type, r, a.rhs->type, err);
  Val out = call_writing(division ? "bareme_rt_wide_div" : "bareme_rt_wide_mul", {x, xd, y, yd},
                         b_.getInt128Ty(), err);
  out.wide = true;
  return out;
}

// A product of two values at rest, inline: exact on 128 bits (|i64 × i64| < 2¹²⁶), then scaled
// to 18 places, which overflows exactly when runtime::wide_mul says it does: |p| > ⌊2¹²⁷ / 10^k⌋.
Val Lowerer::narrow_product(const Val& l, ir::Type lt, const Val& r, ir::Type rt,
                            llvm::Value* err) {
  const int k = runtime::kWideDigits - lt.digits() - rt.digits();
  llvm::Value* p = b_.CreateMul(b_.CreateSExt(l.v, b_.getInt128Ty()),
                                b_.CreateSExt(r.v, b_.getInt128Ty()), "", false, true);
  if (k == 0) return Val{p, nullptr, err, 0, {}, true};
  const unsigned __int128 bound =
      (static_cast<unsigned __int128>(1) << 127) / runtime::power_of_ten(k);
  const uint64_t words[2] = {static_cast<uint64_t>(bound), static_cast<uint64_t>(bound >> 64)};
  llvm::Value* limit = b_.getInt(llvm::APInt(128, words));
  llvm::Value* overflow =
      b_.CreateOr(b_.CreateICmpSGT(p, limit), b_.CreateICmpSLT(p, b_.CreateNeg(limit)));
  const auto scale = static_cast<uint64_t>(runtime::power_of_ten(k));
  llvm::Value* scaled = b_.CreateMul(p, b_.getIntN(128, scale));
  scaled_products_[scaled] = ScaledProduct{p, lt.digits() + rt.digits()};
  return Val{
      scaled, nullptr, first(err, b_.CreateSelect(overflow, i8(ErrorCode::Overflow), no_error())),
      0,      {},      true};
}

Val Lowerer::wide_negate(const Val& v) {
  Val out = checked(llvm::Intrinsic::ssub_with_overflow, b_.getIntN(128, 0), v.v, v.err);
  out.wide = true;
  return out;
}

Val Lowerer::at_rest(const Val& v, ir::Type type, runtime::RoundMode mode) {
  if (!v.wide) return v;
  // A product narrowed at once: the scaling up to 18 places and back down cancel out.
  if (auto it = scaled_products_.find(v.v);
      it != scaled_products_.end() && it->second.digits >= type.digits())
    return narrow_scaled_product(v, it->second.product, it->second.digits - type.digits(), type,
                                 mode);
  return narrowed(v, type, mode);
}

Val Lowerer::wide_round(const Val& v, const Val& step, ir::Type type, bool wide_result,
                        runtime::RoundMode mode, llvm::Value* err) {
  const Val wide_v = widened(v, type), wide_step = widened(step, type);
  Val rounded;
  if (auto inline_rounded = rounded_to_constant_step(wide_v, wide_step.v, mode, err)) {
    rounded = *inline_rounded;
  } else {
    rounded = call_writing("bareme_rt_wide_round_to_step",
                           {wide_v.v, wide_step.v, i64(static_cast<int64_t>(mode))},
                           b_.getInt128Ty(), err);
    rounded.wide = true;
  }
  // A multiple of a step at rest is itself at rest: narrowing it is exact.
  return wide_result ? rounded : at_rest(rounded, type, mode);
}

// The quotient and remainder of |p| by 10^places on 64 bits, then runtime::finish's rounding:
// half away (remainder ≥ half), half even, up (towards +∞), down (towards −∞).
Val Lowerer::narrow_scaled_product(const Val& wide, llvm::Value* p, int places, ir::Type type,
                                   runtime::RoundMode mode) {
  const auto limit = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  llvm::Value* fits =
      b_.CreateICmpULE(b_.CreateAdd(p, b_.getIntN(128, limit)), b_.getIntN(128, 2 * limit));
  auto* fast = llvm::BasicBlock::Create(ctx_, "narrow.fast", fn_);
  auto* slow = llvm::BasicBlock::Create(ctx_, "narrow.wide", fn_);
  auto* join = llvm::BasicBlock::Create(ctx_, "narrow.done", fn_);
  b_.CreateCondBr(fits, fast, slow, llvm::MDBuilder(ctx_).createBranchWeights(1000, 1));
  b_.SetInsertPoint(fast);
  llvm::Value* x = b_.CreateTrunc(p, b_.getInt64Ty());
  llvm::Value* negative = b_.CreateICmpSLT(x, i64(0));
  llvm::Value* m = b_.CreateSelect(negative, b_.CreateNeg(x), x);  // |x| < 2^63
  llvm::Value* d = i64(static_cast<int64_t>(runtime::power_of_ten(places)));
  llvm::Value* q = b_.CreateUDiv(m, d);
  llvm::Value* r = b_.CreateURem(m, d);
  q = rounded_away(q, r, d, negative, mode);
  llvm::Value* value = b_.CreateSelect(negative, b_.CreateNeg(q), q);
  llvm::BasicBlock* fast_end = b_.GetInsertBlock();
  b_.CreateBr(join);
  b_.SetInsertPoint(slow);
  const Val called = call_writing("bareme_rt_wide_narrow",
                                  {wide.v, i64(type.digits()), i64(static_cast<int64_t>(mode))},
                                  b_.getInt64Ty(), wide.err);
  llvm::BasicBlock* slow_end = b_.GetInsertBlock();
  b_.CreateBr(join);
  b_.SetInsertPoint(join);
  return joined(Val{value, nullptr, wide.err, 0}, fast_end, called, slow_end);
}

// runtime::finish's rounding of a quotient q, remainder r of a division by d, on any width:
// half away (r ≥ d − r), half even, up (towards +∞), down (towards −∞); none when r = 0.
llvm::Value* Lowerer::rounded_away(llvm::Value* q, llvm::Value* r, llvm::Value* d,
                                   llvm::Value* negative, runtime::RoundMode mode) {
  llvm::Value* rest = b_.CreateSub(d, r);
  llvm::Value* away = nullptr;
  switch (mode) {
    case runtime::RoundMode::HalfAway:
      away = b_.CreateICmpUGE(r, rest);
      break;
    case runtime::RoundMode::HalfEven:
      away = b_.CreateOr(b_.CreateICmpUGT(r, rest),
                         b_.CreateAnd(b_.CreateICmpEQ(r, rest), b_.CreateTrunc(q, b_.getInt1Ty())));
      break;
    case runtime::RoundMode::Up:
      away = b_.CreateNot(negative);
      break;
    case runtime::RoundMode::Down:
      away = negative;
      break;
  }
  away = b_.CreateAnd(away, b_.CreateICmpNE(r, llvm::ConstantInt::get(r->getType(), 0)));
  return b_.CreateAdd(q, b_.CreateZExt(away, q->getType()));
}

Val Lowerer::joined(const Val& a, llvm::BasicBlock* a_end, const Val& b, llvm::BasicBlock* b_end) {
  auto* value = b_.CreatePHI(a.v->getType(), 2);
  value->addIncoming(a.v, a_end);
  value->addIncoming(b.v, b_end);
  auto* err = b_.CreatePHI(b_.getInt8Ty(), 2);
  err->addIncoming(a.err, a_end);
  err->addIncoming(b.err, b_end);
  return Val{value, nullptr, err, 0};
}

}  // namespace bareme::jit
