// Exact intermediates: 128-bit integers counting 10⁻¹⁸ of a value's unit (semantics.md §1).
// A product or quotient of Money, Rates, Decimals and quantities is held this way until a
// rounding point (a paid amount, `round`, a cap limit) turns it back into cents or millionths.
#pragma once

#include <cstdint>
#include <string>

#include "runtime/arith.hpp"
#include "runtime/errors.hpp"

namespace bareme::runtime {

using Wide = __int128;
// Decimal places of a wide value, in the unit of its type (€ for Money, 1 for a Rate).
inline constexpr int kWideDigits = 18;
// Decimal places of a value at rest: Int 0, Money 2 (cents), Decimal, Rate, quantity 6.
inline constexpr int kMoneyDigits = 2, kMillionthDigits = 6;

// 10^k for 0 ≤ k ≤ 38.
unsigned __int128 power_of_ten(int k);

// A value of `digits` decimal places as a wide value: exact, never out of range.
inline Wide widen(int64_t v, int digits) { return static_cast<Wide>(v) * static_cast<Wide>(power_of_ten(kWideDigits - digits)); }

inline ErrorCode wide_add(Wide a, Wide b, Wide& out) {
  return __builtin_add_overflow(a, b, &out) ? ErrorCode::Overflow : ErrorCode::None;
}
inline ErrorCode wide_sub(Wide a, Wide b, Wide& out) {
  return __builtin_sub_overflow(a, b, &out) ? ErrorCode::Overflow : ErrorCode::None;
}
inline ErrorCode wide_negate(Wide a, Wide& out) { return wide_sub(0, a, out); }

// a (of `a_digits` places) × b (of `b_digits` places), as a wide value; exact unless the
// product has more than 18 decimal places, which are then rounded half away from zero.
ErrorCode wide_mul(Wide a, int a_digits, Wide b, int b_digits, Wide& out);
// a ÷ b, each of its own number of places, as a wide value rounded half away from zero at the
// 18th decimal place.
ErrorCode wide_div(Wide a, int a_digits, Wide b, int b_digits, Wide& out);
// A wide value with `digits` places, rounded by `mode`: the value at rest (cents, millionths).
ErrorCode narrow(Wide a, int digits, RoundMode mode, int64_t& out);
// a rounded to a multiple of `step` (> 0), both wide.
ErrorCode wide_round_to_step(Wide a, Wide step, RoundMode mode, Wide& out);

// The decimal text of a wide value in its unit, without trailing zeros beyond `min_places`:
// 416.666666666666666667, 12.5.
std::string wide_text(Wide a, int min_places);
// wide_text appended to `out`, without a string of its own.
void append_wide_text(std::string& out, Wide a, int min_places);

}  // namespace bareme::runtime
