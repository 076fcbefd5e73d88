// Calendar arithmetic as straight-line integer code: runtime/values.cpp and runtime/arith.cpp, step
// by step.
#include "jit/lowering.hpp"
#include "runtime/values.hpp"

namespace bareme::jit {

// runtime::civil_from_days (Howard Hinnant's algorithm), in wrapping 64-bit arithmetic as the
// runtime computes it. Every division after the era's is of a non-negative value, so unsigned.
Lowerer::Civil Lowerer::civil(llvm::Value* days) {
  if (auto it = civil_of_.find(days);
      it != civil_of_.end() && it->second.block == b_.GetInsertBlock())
    return it->second.parts;
  llvm::Value* z = b_.CreateAdd(days, i64(719468));
  llvm::Value* shifted =
      b_.CreateSelect(b_.CreateICmpSGE(z, i64(0)), z, b_.CreateSub(z, i64(146096)));
  llvm::Value* era = b_.CreateSDiv(shifted, i64(146097));
  llvm::Value* doe = b_.CreateSub(z, b_.CreateMul(era, i64(146097)));
  auto udiv = [&](llvm::Value* a, int64_t k) { return b_.CreateUDiv(a, i64(k)); };
  llvm::Value* yoe =
      udiv(b_.CreateSub(b_.CreateAdd(b_.CreateSub(doe, udiv(doe, 1460)), udiv(doe, 36524)),
                        udiv(doe, 146096)),
           365);
  llvm::Value* doy = b_.CreateSub(
      doe, b_.CreateSub(b_.CreateAdd(b_.CreateMul(yoe, i64(365)), udiv(yoe, 4)), udiv(yoe, 100)));
  llvm::Value* mp = udiv(b_.CreateAdd(b_.CreateMul(doy, i64(5)), i64(2)), 153);
  llvm::Value* day = b_.CreateAdd(
      b_.CreateSub(doy, udiv(b_.CreateAdd(b_.CreateMul(mp, i64(153)), i64(2)), 5)), i64(1));
  llvm::Value* month = b_.CreateSelect(b_.CreateICmpULT(mp, i64(10)), b_.CreateAdd(mp, i64(3)),
                                       b_.CreateSub(mp, i64(9)));
  llvm::Value* year = b_.CreateAdd(b_.CreateAdd(yoe, b_.CreateMul(era, i64(400))),
                                   b_.CreateZExt(b_.CreateICmpSLE(month, i64(2)), b_.getInt64Ty()));
  return Civil{year, month, day};
}

// runtime::days_in_month for a month in 1..12 of a year in 1..9999 (its value for any other year
// is never used): 30 or 31 by the month's parity (flipped from August), 28 or 29 in February. A
// year divisible by 4 is divisible by 100 when also by 25, and then by 400 when also by 16.
llvm::Value* Lowerer::days_in_month(llvm::Value* year, llvm::Value* month) {
  auto zero = [&](llvm::Value* v) { return b_.CreateICmpEQ(v, i64(0)); };
  llvm::Value* century_rule = b_.CreateOr(b_.CreateNot(zero(b_.CreateURem(year, i64(25)))),
                                          zero(b_.CreateAnd(year, i64(15))));
  llvm::Value* leap = b_.CreateAnd(zero(b_.CreateAnd(year, i64(3))), century_rule);
  llvm::Value* feb = b_.CreateAdd(i64(28), b_.CreateZExt(leap, b_.getInt64Ty()));
  llvm::Value* parity = b_.CreateAnd(b_.CreateXor(month, b_.CreateLShr(month, i64(3))), i64(1));
  llvm::Value* other = b_.CreateAdd(i64(30), parity);
  return b_.CreateSelect(b_.CreateICmpEQ(month, i64(2)), feb, other);
}

// runtime::days_from_civil for a valid date of years 1..9999 (so the year before March is not
// negative); its value for anything else is never used.
llvm::Value* Lowerer::days_from_civil(llvm::Value* year, llvm::Value* month, llvm::Value* day) {
  llvm::Value* early = b_.CreateICmpSLE(month, i64(2));
  llvm::Value* y = b_.CreateSub(year, b_.CreateZExt(early, b_.getInt64Ty()));
  llvm::Value* era = b_.CreateUDiv(y, i64(400));
  llvm::Value* yoe = b_.CreateSub(y, b_.CreateMul(era, i64(400)));
  llvm::Value* mp =
      b_.CreateSelect(early, b_.CreateAdd(month, i64(9)), b_.CreateSub(month, i64(3)));
  llvm::Value* doy = b_.CreateSub(
      b_.CreateAdd(b_.CreateUDiv(b_.CreateAdd(b_.CreateMul(mp, i64(153)), i64(2)), i64(5)), day),
      i64(1));
  llvm::Value* doe = b_.CreateAdd(
      b_.CreateSub(b_.CreateAdd(b_.CreateMul(yoe, i64(365)), b_.CreateUDiv(yoe, i64(4))),
                   b_.CreateUDiv(yoe, i64(100))),
      doy);
  return b_.CreateSub(b_.CreateAdd(b_.CreateMul(era, i64(146097)), doe), i64(719468));
}

// runtime::add_months: the date and whether it fell out of range (months beyond ±120 000, a
// year outside 1..9999). The day is clamped to the last of the month it lands in.
std::pair<llvm::Value*, llvm::Value*> Lowerer::add_months(llvm::Value* date, llvm::Value* months) {
  const Civil c = civil(date);
  llvm::Value* too_many = b_.CreateICmpUGT(b_.CreateAdd(months, i64(120000)), i64(240000));
  llvm::Value* index = b_.CreateAdd(
      b_.CreateAdd(b_.CreateMul(c.year, i64(12)), b_.CreateSub(c.month, i64(1))), months);
  llvm::Value* floored =
      b_.CreateSelect(b_.CreateICmpSGE(index, i64(0)), index, b_.CreateSub(index, i64(11)));
  llvm::Value* year = b_.CreateSDiv(floored, i64(12));
  llvm::Value* month = b_.CreateAdd(b_.CreateSub(index, b_.CreateMul(year, i64(12))), i64(1));
  llvm::Value* bad_year = b_.CreateICmpUGT(b_.CreateSub(year, i64(1)), i64(9998));
  llvm::Value* last = days_in_month(year, month);
  llvm::Value* day = b_.CreateSelect(b_.CreateICmpSLT(c.day, last), c.day, last);
  llvm::Value* out = days_from_civil(year, month, day);
  // Its parts are known: a chain of shifts (first day of the year, then of the fiscal year, …)
  // decomposes each date once. When out of range the date is unused (its error is set).
  civil_of_[out] = KnownCivil{Civil{year, month, day}, b_.GetInsertBlock()};
  return {out, b_.CreateOr(too_many, bad_year)};
}

// runtime::add_duration: months first, then days (each bounded), the result within 0001-01-01
// .. 9999-12-31; every failure is DateOutOfRange.
Val Lowerer::add_duration(llvm::Value* date, llvm::Value* months, llvm::Value* days,
                          llvm::Value* err_in) {
  static const int64_t first_day = *runtime::days_from_civil({1, 1, 1});
  static const int64_t last_day = *runtime::days_from_civil({9999, 12, 31});
  auto [shifted, bad] = add_months(date, months);
  llvm::Value* too_many_days = b_.CreateICmpUGT(b_.CreateAdd(days, i64(3'700'000)), i64(7'400'000));
  llvm::Value* out = b_.CreateAdd(shifted, days);
  if (auto* k = llvm::dyn_cast<llvm::ConstantInt>(days); k && k->isZero()) {
    if (auto it = civil_of_.find(shifted); it != civil_of_.end()) civil_of_[out] = it->second;
  }
  llvm::Value* outside =
      b_.CreateICmpUGT(b_.CreateSub(out, i64(first_day)), i64(last_day - first_day));
  llvm::Value* failed = b_.CreateOr(bad, b_.CreateOr(too_many_days, outside));
  llvm::Value* err = b_.CreateSelect(failed, i8(runtime::ErrorCode::DateOutOfRange), no_error());
  return Val{out, nullptr, first(err_in, err), 0};
}

// runtime::months_between: whole months from `from` to `to`, negative when `to` is earlier.
llvm::Value* Lowerer::months_between(llvm::Value* from, llvm::Value* to) {
  llvm::Value* reversed = b_.CreateICmpSLT(to, from);
  llvm::Value* lo = b_.CreateSelect(reversed, to, from);
  llvm::Value* hi = b_.CreateSelect(reversed, from, to);
  const Civil a = civil(lo), c = civil(hi);
  llvm::Value* m = b_.CreateAdd(b_.CreateMul(b_.CreateSub(c.year, a.year), i64(12)),
                                b_.CreateSub(c.month, a.month));
  auto [landed, bad] = add_months(lo, m);
  llvm::Value* back =
      b_.CreateAnd(b_.CreateICmpSGT(m, i64(0)), b_.CreateOr(bad, b_.CreateICmpSGT(landed, hi)));
  m = b_.CreateSub(m, b_.CreateZExt(back, b_.getInt64Ty()));
  return b_.CreateSelect(reversed, b_.CreateSub(i64(0), m), m);
}

}  // namespace bareme::jit
