// Exact, checked arithmetic on the integer representations of values, with explicit rounding.
// Every function returns ErrorCode::None or the error, and writes its result to `out`.
#pragma once

#include <cstdint>

#include "runtime/errors.hpp"
#include "runtime/values.hpp"

namespace bareme::runtime {

// Rounding modes: HalfAway (the default: halves away from zero), HalfEven (halves to even),
// Up (towards +∞), Down (towards −∞).
enum class RoundMode : uint8_t { HalfAway, HalfEven, Up, Down };
// "half away from zero", "half to even", "up", "down".
const char* round_mode_name(RoundMode mode);

inline ErrorCode add(int64_t a, int64_t b, int64_t& out) {
  return __builtin_add_overflow(a, b, &out) ? ErrorCode::Overflow : ErrorCode::None;
}
inline ErrorCode sub(int64_t a, int64_t b, int64_t& out) {
  return __builtin_sub_overflow(a, b, &out) ? ErrorCode::Overflow : ErrorCode::None;
}
inline ErrorCode mul(int64_t a, int64_t b, int64_t& out) {
  return __builtin_mul_overflow(a, b, &out) ? ErrorCode::Overflow : ErrorCode::None;
}
inline ErrorCode negate(int64_t a, int64_t& out) { return sub(0, a, out); }

// n / d rounded by `mode`, for a 128-bit numerator.
ErrorCode divide_rounded(__int128 n, __int128 d, RoundMode mode, int64_t& out);
// a × b / divisor, rounded: products of scaled values (Money × Rate, Decimal × Decimal).
inline ErrorCode mul_scaled(int64_t a, int64_t b, int64_t divisor, RoundMode mode, int64_t& out) {
  return divide_rounded(static_cast<__int128>(a) * b, divisor, mode, out);
}
// a × multiplier / b, rounded: quotients of scaled values (Money / Money → Rate).
inline ErrorCode div_scaled(int64_t a, int64_t multiplier, int64_t b, RoundMode mode, int64_t& out) {
  return divide_rounded(static_cast<__int128>(a) * multiplier, b, mode, out);
}
// x rounded to a multiple of step (> 0): round(1234.56 €, to: 1 €, down) is 1234 €.
ErrorCode round_to_step(int64_t x, int64_t step, RoundMode mode, int64_t& out);

// Date + duration: months first, landing on the month's last day when the day does not exist
// in the target month (art. 641 CPC), then days.
ErrorCode add_duration(Days date, Duration d, Days& out);
ErrorCode add_months(Days date, int64_t months, Days& out);
ErrorCode add_durations(Duration a, Duration b, Duration& out);
ErrorCode sub_durations(Duration a, Duration b, Duration& out);
ErrorCode scale_duration(Duration a, int64_t n, Duration& out);
// Whole months m such that from + m months ≤ to (negative when to < from).
int64_t months_between(Days from, Days to);
inline int64_t years_between(Days from, Days to) { return months_between(from, to) / 12; }

}  // namespace bareme::runtime
