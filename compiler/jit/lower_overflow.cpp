// Checked 64-bit arithmetic in LLVM IR: the result wrapped, and an overflow flag computed with
// plain integer operations rather than the *.with.overflow intrinsics, which the loop vectoriser
// cannot widen.
#include <limits>

#include "jit/lowering.hpp"
#include "runtime/errors.hpp"

namespace bareme::jit {

using runtime::ErrorCode;

std::pair<llvm::Value*, llvm::Value*> Lowerer::with_overflow(llvm::Intrinsic::ID op, llvm::Value* a,
                                                             llvm::Value* c) {
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  auto negative = [&](llvm::Value* x) { return b_.CreateICmpSLT(x, llvm::ConstantInt::get(x->getType(), 0)); };
  if (op == llvm::Intrinsic::sadd_with_overflow) {
    // Overflow: both operands have the sign the sum lacks.
    llvm::Value* r = b_.CreateAdd(a, c);
    return {r, negative(b_.CreateAnd(b_.CreateXor(a, r), b_.CreateXor(c, r)))};
  }
  if (op == llvm::Intrinsic::ssub_with_overflow) {
    // Overflow: the operands' signs differ and the difference lacks the minuend's.
    llvm::Value* r = b_.CreateSub(a, c);
    return {r, negative(b_.CreateAnd(b_.CreateXor(a, c), b_.CreateXor(a, r)))};
  }
  if (llvm::isa<llvm::ConstantInt>(a) && !llvm::isa<llvm::ConstantInt>(c)) std::swap(a, c);
  if (auto* k = llvm::dyn_cast<llvm::ConstantInt>(c);
      k && op == llvm::Intrinsic::smul_with_overflow) {
    // a × K fits exactly when a lies in [lo, hi]: one unsigned comparison of a − lo.
    const int64_t K = k->getSExtValue();
    llvm::Value* r = b_.CreateMul(a, c);
    if (K == 0 || K == 1) return {r, b_.getInt1(false)};
    if (K == -1) return {r, b_.CreateICmpEQ(a, i64(kMin))};
    const int64_t lo = K > 0 ? kMin / K : kMax / K, hi = K > 0 ? kMax / K : kMin / K;
    const auto span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
    return {r, b_.CreateICmpUGT(b_.CreateSub(a, i64(lo)), b_.getInt64(span))};
  }
  llvm::Value* pair = b_.CreateBinaryIntrinsic(op, a, c);
  return {b_.CreateExtractValue(pair, 0), b_.CreateExtractValue(pair, 1)};
}

Val Lowerer::checked(llvm::Intrinsic::ID op, llvm::Value* a, llvm::Value* c, llvm::Value* err_in) {
  const auto [result, overflow] = with_overflow(op, a, c);
  return Val{result, nullptr,
             first(err_in, b_.CreateSelect(overflow, i8(ErrorCode::Overflow), no_error())), 0};
}

}  // namespace bareme::jit
