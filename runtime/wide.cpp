// Exact intermediates: products and quotients on 128 bits, with a 256-bit slow path.
#include "runtime/wide.hpp"

#include <limits>

namespace bareme::runtime {
namespace {

using U128 = unsigned __int128;

constexpr U128 kU64Max = std::numeric_limits<uint64_t>::max();
constexpr U128 kWideMax = static_cast<U128>(std::numeric_limits<Wide>::max());

U128 magnitude(Wide v) {
  return v < 0 ? U128(0) - static_cast<U128>(v) : static_cast<U128>(v);
}

// An unsigned 256-bit number as two halves.
struct U256 {
  U128 high = 0, low = 0;
};

U256 multiply(U128 a, U128 b) {
  const U128 a0 = a & kU64Max, a1 = a >> 64, b0 = b & kU64Max, b1 = b >> 64;
  const U128 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const U128 middle = (p00 >> 64) + (p01 & kU64Max) + (p10 & kU64Max);
  U256 r;
  r.low = (middle << 64) | (p00 & kU64Max);
  r.high = p11 + (p01 >> 64) + (p10 >> 64) + (middle >> 64);
  return r;
}

// m ÷ d for a divisor of 64 bits: one or two hardware divisions, where the generic 128-bit
// division of libgcc (__udivmodti4) costs a call and a loop (it was the first runtime item of
// the aides-vélo catalogue's profile: every amount is narrowed).
void divide_by_u64(U128 m, uint64_t d, U128& quotient, U128& remainder) {
#if defined(__x86_64__)
  const auto high = static_cast<uint64_t>(m >> 64), low = static_cast<uint64_t>(m);
  uint64_t q_high = 0, r_high = high;
  if (high >= d) {
    q_high = high / d;
    r_high = high % d;
  }
  // r_high < d: the quotient of (r_high · 2⁶⁴ + low) ÷ d fits in 64 bits.
  uint64_t q_low = 0, r = 0;
  __asm__("divq %4" : "=a"(q_low), "=d"(r) : "a"(low), "d"(r_high), "rm"(d));
  quotient = (static_cast<U128>(q_high) << 64) | q_low;
  remainder = r;
#else
  quotient = m / d;
  remainder = m % d;
#endif
}

// n ÷ d (d > 0): false when the quotient does not fit in 128 bits.
bool divide(U256 n, U128 d, U128& quotient, U128& remainder) {
  if (n.high == 0 && d <= kU64Max) {
    divide_by_u64(n.low, static_cast<uint64_t>(d), quotient, remainder);
    return true;
  }
  if (n.high == 0) {
    quotient = n.low / d;
    remainder = n.low % d;
    return true;
  }
  if (n.high >= d) return false;
  if (d <= kU64Max) {
    // Two steps of 64 bits; each partial dividend is below d × 2⁶⁴.
    const U128 upper = (n.high << 64) | (n.low >> 64);
    const U128 q1 = upper / d, r1 = upper % d;
    const U128 lower = (r1 << 64) | (n.low & kU64Max);
    quotient = (q1 << 64) | (lower / d);
    remainder = lower % d;
    return true;
  }
  // Bit by bit: the remainder stays below d, and d < 2¹²⁸.
  U128 r = n.high, q = 0;
  for (int bit = 127; bit >= 0; --bit) {
    const bool carry = (r >> 127) != 0;
    r = (r << 1) | ((n.low >> bit) & 1);
    q <<= 1;
    if (carry || r >= d) {
      r -= d;
      q |= 1;
    }
  }
  quotient = q;
  remainder = r;
  return true;
}

// q, moved by the remainder r of a division by d as `mode` says, with the sign applied.
ErrorCode finish(U128 q, U128 r, U128 d, bool negative, RoundMode mode, Wide& out) {
  if (r != 0) {
    const bool above_half = r > d - r, half = r == d - r;
    bool away = false;
    switch (mode) {
      case RoundMode::HalfAway:
        away = above_half || half;
        break;
      case RoundMode::HalfEven:
        away = above_half || (half && (q & 1) != 0);
        break;
      case RoundMode::Up:
        away = !negative;
        break;
      case RoundMode::Down:
        away = negative;
        break;
    }
    if (away) ++q;
  }
  if (q > kWideMax + (negative ? 1 : 0)) return ErrorCode::Overflow;
  out = negative ? static_cast<Wide>(U128(0) - q) : static_cast<Wide>(q);
  return ErrorCode::None;
}

// a × m ÷ d with the sign `negative`, rounded by `mode`.
ErrorCode multiply_divide(U128 a, U128 m, U128 d, bool negative, RoundMode mode, Wide& out) {
  U128 q = 0, r = 0;
  if (!divide(multiply(a, m), d, q, r)) return ErrorCode::Overflow;
  return finish(q, r, d, negative, mode, out);
}

}  // namespace

unsigned __int128 power_of_ten(int k) {
  static const auto table = [] {
    struct Powers {
      U128 p[39];
    } t{};
    t.p[0] = 1;
    for (int i = 1; i < 39; ++i) t.p[i] = t.p[i - 1] * 10;
    return t;
  }();
  return table.p[k];
}

ErrorCode wide_mul(Wide a, int a_digits, Wide b, int b_digits, Wide& out) {
  const int places = a_digits + b_digits;
  const bool negative = (a < 0) != (b < 0);
  if (places <= kWideDigits) {
    Wide product = 0;
    if (__builtin_mul_overflow(a, b, &product)) return ErrorCode::Overflow;
    return __builtin_mul_overflow(product, static_cast<Wide>(power_of_ten(kWideDigits - places)),
                                  &out)
               ? ErrorCode::Overflow
               : ErrorCode::None;
  }
  return multiply_divide(magnitude(a), magnitude(b), power_of_ten(places - kWideDigits), negative,
                         RoundMode::HalfAway, out);
}

ErrorCode wide_div(Wide a, int a_digits, Wide b, int b_digits, Wide& out) {
  if (b == 0) return ErrorCode::DivisionByZero;
  const bool negative = (a < 0) != (b < 0);
  // a·10^-ad ÷ b·10^-bd = (a × 10^(18 + bd − ad) ÷ b) · 10^-18.
  return multiply_divide(magnitude(a), power_of_ten(kWideDigits + b_digits - a_digits),
                         magnitude(b), negative, RoundMode::HalfAway, out);
}

ErrorCode narrow(Wide a, int digits, RoundMode mode, int64_t& out) {
  const U128 d = power_of_ten(kWideDigits - digits);  // at most 10¹⁸: 64 bits
  const U128 m = magnitude(a);
  U128 quotient = 0, remainder = 0;
  if (d <= kU64Max)
    divide_by_u64(m, static_cast<uint64_t>(d), quotient, remainder);
  else
    quotient = m / d, remainder = m % d;
  Wide q = 0;
  if (auto e = finish(quotient, remainder, d, a < 0, mode, q); e != ErrorCode::None) return e;
  if (q > std::numeric_limits<int64_t>::max() || q < std::numeric_limits<int64_t>::min())
    return ErrorCode::Overflow;
  out = static_cast<int64_t>(q);
  return ErrorCode::None;
}

ErrorCode wide_round_to_step(Wide a, Wide step, RoundMode mode, Wide& out) {
  if (step <= 0) return ErrorCode::InvalidRoundingStep;
  const U128 d = magnitude(step), m = magnitude(a);
  U128 quotient = 0, remainder = 0;
  if (d <= kU64Max)
    divide_by_u64(m, static_cast<uint64_t>(d), quotient, remainder);
  else
    quotient = m / d, remainder = m % d;
  Wide units = 0;
  if (auto e = finish(quotient, remainder, d, a < 0, mode, units); e != ErrorCode::None) return e;
  return __builtin_mul_overflow(units, step, &out) ? ErrorCode::Overflow : ErrorCode::None;
}

// Whole part and 18 places split by one division (divide_by_u64: 10^18 fits 64 bits); the
// digits then come from 64-bit words, except for a whole part of 2^64 or more.
void append_wide_text(std::string& out, Wide a, int min_places) {
  U128 whole = 0, fraction = 0;
  divide_by_u64(magnitude(a), static_cast<uint64_t>(power_of_ten(kWideDigits)), whole, fraction);
  char buffer[64];
  char* end = buffer + sizeof buffer;
  char* p = end;
  auto frac = static_cast<uint64_t>(fraction);
  int keep = kWideDigits;
  while (keep - 4 >= min_places && keep >= 4 && frac % 10000 == 0) {  // most values end in zeros
    frac /= 10000;
    keep -= 4;
  }
  while (keep > min_places && keep > 0 && frac % 10 == 0) {
    frac /= 10;
    --keep;
  }
  for (int i = 0; i < keep; ++i, frac /= 10) *--p = static_cast<char>('0' + frac % 10);
  if (keep > 0) *--p = '.';
  while (whole > kU64Max) {
    *--p = static_cast<char>('0' + static_cast<int>(whole % 10));
    whole /= 10;
  }
  auto low = static_cast<uint64_t>(whole);
  do {
    *--p = static_cast<char>('0' + low % 10);
    low /= 10;
  } while (low != 0);
  if (a < 0) *--p = '-';
  out.append(p, end);
}

std::string wide_text(Wide a, int min_places) {
  std::string out;
  append_wide_text(out, a, min_places);
  return out;
}

}  // namespace bareme::runtime
