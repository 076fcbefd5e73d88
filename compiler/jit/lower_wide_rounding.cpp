// Wide values rounded inline: narrowing to a value at rest and `round` to a constant step, each
// a division by a constant done as one 128 × 128-bit multiply-high, rounded as runtime::finish.
#include <llvm/IR/MDBuilder.h>

#include <limits>
#include <tuple>

#include "jit/lowering.hpp"
#include "runtime/wide.hpp"

namespace bareme::jit {
namespace {

using U128 = unsigned __int128;

constexpr U128 kWideMax = static_cast<U128>(std::numeric_limits<__int128>::max());

llvm::APInt apint(unsigned bits, U128 v) {
  const uint64_t words[2] = {static_cast<uint64_t>(v), static_cast<uint64_t>(v >> 64)};
  return llvm::APInt(128, words).zext(bits);
}

// Granlund and Montgomery: with l = ⌈log2 d⌉ and m = ⌈2^(127+l) ÷ d⌉, m·d − 2^(127+l) < d ≤ 2^l,
// so ⌊x·m ÷ 2^(127+l)⌋ = ⌊x ÷ d⌋ for every x < 2^127. m < 2^(127+l) ÷ 2^(l−1) + 1, so m ≤ 2^128,
// and m = 2^128 would need d = 2^(l−1), a power of two, for which m is 2^127: m always fits 128
// bits for 2 ≤ d < 2^128 (checked all the same). Nothing for d < 2.
std::optional<DivisionMagic> division_magic(U128 d) {
  if (d < 2) return std::nullopt;
  const llvm::APInt divisor = apint(256, d);
  const unsigned shift = 127 + divisor.ceilLogBase2();
  const llvm::APInt power = llvm::APInt::getOneBitSet(256, shift);
  llvm::APInt magic = power.udiv(divisor);
  if (!power.urem(divisor).isZero()) ++magic;
  if (magic.getActiveBits() > 128) return std::nullopt;
  return DivisionMagic{magic, shift};
}

}  // namespace

std::pair<llvm::Value*, llvm::Value*> Lowerer::divided_by_constant(llvm::Value* x, U128 d,
                                                                   const DivisionMagic& m) {
  llvm::Type* i256 = b_.getIntNTy(256);
  llvm::Value* product = b_.CreateMul(b_.CreateZExt(x, i256), b_.getInt(m.magic), "", true, true);
  llvm::Value* q = b_.CreateTrunc(b_.CreateLShr(product, m.shift), b_.getInt128Ty());
  llvm::Value* r = b_.CreateSub(x, b_.CreateMul(q, b_.getInt(apint(128, d)), "", true, true));
  return {q, r};
}

// |v| ÷ d rounded by `mode`, the sign put back; `overflow` when the rounded quotient's magnitude
// exceeds `positive_limit` (v ≥ 0) or `negative_limit` (v < 0). For v > −2^127 only.
std::optional<Lowerer::RoundedQuotient> Lowerer::rounded_quotient(llvm::Value* v, U128 d,
                                                                  runtime::RoundMode mode,
                                                                  U128 positive_limit,
                                                                  U128 negative_limit) {
  llvm::Value* negative = b_.CreateICmpSLT(v, b_.getIntN(128, 0));
  llvm::Value* magnitude = b_.CreateSelect(negative, b_.CreateNeg(v), v);
  llvm::Value* q = magnitude;
  if (d > 1) {
    const auto magic = division_magic(d);
    if (!magic) return std::nullopt;
    llvm::Value* r = nullptr;
    std::tie(q, r) = divided_by_constant(magnitude, d, *magic);
    q = rounded_away(q, r, b_.getInt(apint(128, d)), negative, mode);
  }
  llvm::Value* limit = b_.CreateSelect(negative, b_.getInt(apint(128, negative_limit)),
                                       b_.getInt(apint(128, positive_limit)));
  return RoundedQuotient{b_.CreateSelect(negative, b_.CreateNeg(q), q), b_.CreateICmpUGT(q, limit)};
}

// Inline unless v is −2^127 (whose magnitude the multiply-high does not take): that one value
// goes to `slow`, the runtime's function.
Val Lowerer::inline_unless_wide_min(const Val& v, const std::function<Val()>& fast,
                                    const std::function<Val()>& slow) {
  llvm::Value* ordinary = b_.CreateICmpNE(v.v, b_.getInt(llvm::APInt::getSignedMinValue(128)));
  auto* fast_block = llvm::BasicBlock::Create(ctx_, "wide.inline", fn_);
  auto* slow_block = llvm::BasicBlock::Create(ctx_, "wide.call", fn_);
  auto* join = llvm::BasicBlock::Create(ctx_, "wide.done", fn_);
  b_.CreateCondBr(ordinary, fast_block, slow_block,
                  llvm::MDBuilder(ctx_).createBranchWeights(1000, 1));
  b_.SetInsertPoint(fast_block);
  const Val a = fast();
  llvm::BasicBlock* fast_end = b_.GetInsertBlock();
  b_.CreateBr(join);
  b_.SetInsertPoint(slow_block);
  const Val b = slow();
  llvm::BasicBlock* slow_end = b_.GetInsertBlock();
  b_.CreateBr(join);
  b_.SetInsertPoint(join);
  return joined(a, fast_end, b, slow_end);
}

Val Lowerer::narrowed(const Val& v, ir::Type type, runtime::RoundMode mode) {
  auto call = [&] {
    return call_writing("bareme_rt_wide_narrow",
                        {v.v, i64(type.digits()), i64(static_cast<int64_t>(mode))}, b_.getInt64Ty(),
                        v.err);
  };
  const int places = runtime::kWideDigits - type.digits();
  if (places < 0 || places > 38) return call();
  const U128 d = runtime::power_of_ten(places);
  // A value at rest is an int64: |q| ≤ 2^63 − 1, or 2^63 below zero.
  const U128 positive_limit = static_cast<U128>(std::numeric_limits<int64_t>::max());
  if (d > 1 && !division_magic(d)) return call();
  return inline_unless_wide_min(
      v,
      [&] {
        const auto q = rounded_quotient(v.v, d, mode, positive_limit, positive_limit + 1);
        return Val{b_.CreateTrunc(q->value, b_.getInt64Ty()), nullptr,
                   first(v.err, b_.CreateSelect(q->overflow, i8(runtime::ErrorCode::Overflow),
                                                no_error()))};
      },
      call);
}

std::optional<Val> Lowerer::rounded_to_constant_step(const Val& v, llvm::Value* step,
                                                     runtime::RoundMode mode, llvm::Value* err) {
  auto* constant = llvm::dyn_cast<llvm::ConstantInt>(step);
  if (!constant || !constant->getValue().isStrictlyPositive()) return std::nullopt;
  const llvm::APInt& s = constant->getValue();
  const U128 d =
      (static_cast<U128>(s.extractBitsAsZExtValue(64, 64)) << 64) | s.extractBitsAsZExtValue(64, 0);
  if (d > 1 && !division_magic(d)) return std::nullopt;
  // units × step within the wide range: units ≤ ⌊(2^127 − 1) ÷ d⌋, or ⌊2^127 ÷ d⌋ below zero.
  const U128 positive_limit = kWideMax / d, negative_limit = (kWideMax + 1) / d;
  Val out = inline_unless_wide_min(
      v,
      [&] {
        const auto q = rounded_quotient(v.v, d, mode, positive_limit, negative_limit);
        return Val{
            b_.CreateMul(q->value, step), nullptr,
            first(err, b_.CreateSelect(q->overflow, i8(runtime::ErrorCode::Overflow), no_error()))};
      },
      [&] {
        return call_writing("bareme_rt_wide_round_to_step",
                            {v.v, step, i64(static_cast<int64_t>(mode))}, b_.getInt128Ty(), err);
      });
  out.wide = true;
  return out;
}

}  // namespace bareme::jit
