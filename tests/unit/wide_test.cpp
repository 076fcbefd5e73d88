// Exact intermediates (runtime/wide.hpp): products, quotients, rounding at rest, text, limits.
#include "runtime/wide.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <string>

namespace bareme::runtime {
namespace {

constexpr Wide kUnit = static_cast<Wide>(1'000'000'000'000'000'000);  // 1 in 18 places

Wide product(Wide a, int ad, Wide b, int bd) {
  Wide out = 0;
  EXPECT_EQ(wide_mul(a, ad, b, bd, out), ErrorCode::None);
  return out;
}

Wide quotient(Wide a, int ad, Wide b, int bd) {
  Wide out = 0;
  EXPECT_EQ(wide_div(a, ad, b, bd, out), ErrorCode::None);
  return out;
}

TEST(Wide, WidenIsExact) {
  EXPECT_EQ(widen(1234, kMoneyDigits), 1234 * kUnit / 100);
  EXPECT_EQ(widen(-600'000, kMillionthDigits), -6 * kUnit / 10);
  EXPECT_EQ(widen(std::numeric_limits<int64_t>::min(), 0),
            static_cast<Wide>(std::numeric_limits<int64_t>::min()) * kUnit);
}

TEST(Wide, ProductsOfValuesAtRestAreExact) {
  // 0.25 € × 50 % is 0.125 €, not 0.13 €.
  EXPECT_EQ(wide_text(product(25, 2, 500'000, 6), 2), "0.125");
  EXPECT_EQ(wide_text(product(-25, 2, 500'000, 6), 2), "-0.125");
}

TEST(Wide, ProductsBeyondEighteenPlacesRoundHalfAway) {
  // (1/3) × (1/3) at 18 places: 0.111111111111111111 (the 19th digit, 0.8…, would round up).
  const Wide third = quotient(1, 0, 3, 0);
  EXPECT_EQ(wide_text(third, 0), "0.333333333333333333");
  EXPECT_EQ(wide_text(product(third, kWideDigits, third, kWideDigits), 0), "0.111111111111111111");
  // 2/3 ends in …67: half away from zero on the 18th place.
  EXPECT_EQ(wide_text(quotient(2, 0, 3, 0), 0), "0.666666666666666667");
  EXPECT_EQ(wide_text(quotient(-2, 0, 3, 0), 0), "-0.666666666666666667");
}

TEST(Wide, TheSlowPathAgreesWithTheFastOne) {
  // 10¹⁰ € × 10¹⁰ (a 256-bit product before scaling) equals 10²⁰ € less a unit away.
  const Wide big = widen(1'000'000'000'000, kMoneyDigits);  // 10¹⁰ €
  Wide out = 0;
  EXPECT_EQ(wide_mul(big, kWideDigits, widen(10'000'000'000, 0), kWideDigits, out),
            ErrorCode::None);
  EXPECT_EQ(wide_text(out, 0), "100000000000000000000");
  // Beyond ±1.7 × 10²⁰ units: Overflow, never a wrap.
  EXPECT_EQ(wide_mul(big, kWideDigits, widen(100'000'000'000, 0), kWideDigits, out),
            ErrorCode::Overflow);
  // A divisor above 2⁶⁴ (5 × 10⁷ € in 18 places) takes the bit-by-bit division.
  const Wide planned = widen(5'000'000'000, kMoneyDigits);
  EXPECT_EQ(
      wide_text(quotient(widen(1'666'666'666, kMoneyDigits), kWideDigits, planned, kWideDigits), 0),
      "0.3333333332");
}

TEST(Wide, DivisionByZero) {
  Wide out = 0;
  EXPECT_EQ(wide_div(1, 0, 0, 0, out), ErrorCode::DivisionByZero);
}

TEST(Wide, NarrowRoundsByMode) {
  const Wide tie = product(25, 2, 500'000, 6);  // 0.125 €
  int64_t cents = 0;
  EXPECT_EQ(narrow(tie, kMoneyDigits, RoundMode::HalfAway, cents), ErrorCode::None);
  EXPECT_EQ(cents, 13);
  EXPECT_EQ(narrow(tie, kMoneyDigits, RoundMode::HalfEven, cents), ErrorCode::None);
  EXPECT_EQ(cents, 12);
  EXPECT_EQ(narrow(-tie, kMoneyDigits, RoundMode::Up, cents), ErrorCode::None);
  EXPECT_EQ(cents, -12);
  EXPECT_EQ(narrow(-tie, kMoneyDigits, RoundMode::Down, cents), ErrorCode::None);
  EXPECT_EQ(cents, -13);
  // A value beyond 64 bits at rest cannot be paid.
  EXPECT_EQ(narrow(widen(std::numeric_limits<int64_t>::max(), 0), kMoneyDigits, RoundMode::HalfAway,
                   cents),
            ErrorCode::Overflow);
}

// Narrowing divides by 10^(18 - digits) in one or two hardware steps: values whose high 64 bits
// are below the divisor (one step) and above it (two), against the exact quotient and remainder.
TEST(Wide, NarrowAgreesWithTheExactQuotient) {
  using U128 = unsigned __int128;
  const U128 values[] = {0,
                         1,
                         999'999'999'999'999'999ULL,
                         U128(1) << 64,
                         (U128(1) << 64) + 12345,
                         (U128(123'456'789) << 64) | 987'654'321ULL,
                         U128(9'223'372'036'854'775'807LL) * 1'000'000'000'000'000'000ULL / 100,
                         (U128(1) << 126) - 1};
  for (const int digits : {0, 2, 6, 18}) {
    const U128 d = power_of_ten(kWideDigits - digits);
    for (const U128 m : values) {
      for (const bool negative : {false, true}) {
        const Wide a = negative ? -static_cast<Wide>(m) : static_cast<Wide>(m);
        int64_t out = 0;
        const ErrorCode e = narrow(a, digits, RoundMode::Down, out);
        const U128 q = m / d + (negative && m % d != 0 ? 1 : 0);  // Down: toward minus infinity
        if (q > static_cast<U128>(std::numeric_limits<int64_t>::max()) + (negative ? 1 : 0)) {
          EXPECT_EQ(e, ErrorCode::Overflow);
          continue;
        }
        ASSERT_EQ(e, ErrorCode::None);
        EXPECT_EQ(out, negative ? -static_cast<Wide>(q) : static_cast<Wide>(q));
      }
    }
  }
}

TEST(Wide, RoundToStep) {
  Wide out = 0;
  EXPECT_EQ(wide_round_to_step(widen(3333, 2), widen(5, 2), RoundMode::Down, out), ErrorCode::None);
  EXPECT_EQ(wide_text(out, 2), "33.30");
  EXPECT_EQ(wide_round_to_step(widen(3333, 2), 0, RoundMode::Down, out),
            ErrorCode::InvalidRoundingStep);
}

using U128 = unsigned __int128;

// Steps of 64 bits and beyond, values of every size and both signs, each mode: against the
// quotient and remainder of plain 128-bit division.
TEST(Wide, RoundToStepMatchesPlainDivision) {
  std::mt19937_64 rng(11);
  const U128 steps[] = {1, 3, 10, kUnit / 100, kUnit, 3 * kUnit, U128(UINT64_MAX),
                        U128(UINT64_MAX) + 1, U128(1) << 100};
  for (int round = 0; round < 20000; ++round) {
    const U128 d = steps[rng() % std::size(steps)];
    const U128 m = ((U128(rng()) << 64) | rng()) >> (1 + rng() % 127);
    const bool negative = rng() % 2;
    const auto mode = static_cast<RoundMode>(rng() % 4);
    const Wide a = negative ? -static_cast<Wide>(m) : static_cast<Wide>(m);
    U128 q = m / d;
    const U128 r = m % d;
    const bool away = mode == RoundMode::HalfAway   ? r >= d - r
                      : mode == RoundMode::HalfEven ? r > d - r || (r == d - r && q % 2 == 1)
                      : mode == RoundMode::Up       ? !negative
                                                    : negative;
    if (r != 0 && away) ++q;
    Wide out = 0;
    const ErrorCode e = wide_round_to_step(a, static_cast<Wide>(d), mode, out);
    // q × d within the wide range, which is one more below zero.
    const U128 limit = static_cast<U128>(std::numeric_limits<Wide>::max()) + (negative ? 1 : 0);
    if (q > limit / d) {
      EXPECT_EQ(e, ErrorCode::Overflow);
      continue;
    }
    ASSERT_EQ(e, ErrorCode::None);
    const U128 product = q * d;
    EXPECT_TRUE(out == (negative ? static_cast<Wide>(U128(0) - product) : static_cast<Wide>(product)))
        << static_cast<int64_t>(a) << " to " << static_cast<uint64_t>(d);
  }
}

TEST(Wide, TextKeepsTheLeastPlacesAsked) {
  EXPECT_EQ(wide_text(widen(1200, 2), 2), "12.00");
  EXPECT_EQ(wide_text(widen(1200, 2), 0), "12");
  EXPECT_EQ(wide_text(std::numeric_limits<Wide>::min(), 0),
            "-170141183460469231731.687303715884105728");
}

// The text of a wide value digit by digit on 128 bits, as wide_text was first written.
std::string text_by_digits(Wide a, int min_places) {
  using U = unsigned __int128;
  const U m = a < 0 ? U(0) - static_cast<U>(a) : static_cast<U>(a);
  U whole = m / static_cast<U>(kUnit), fraction = m % static_cast<U>(kUnit);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(whole % 10)));
    whole /= 10;
  } while (whole != 0);
  std::string places(kWideDigits, '0');
  for (int i = kWideDigits - 1; i >= 0; --i, fraction /= 10)
    places[i] = static_cast<char>('0' + static_cast<int>(fraction % 10));
  size_t keep =
      places.find_last_not_of('0') == std::string::npos ? 0 : places.find_last_not_of('0') + 1;
  keep = std::max(keep, static_cast<size_t>(min_places));
  return (a < 0 ? "-" : "") + digits + (keep > 0 ? "." + places.substr(0, keep) : "");
}

TEST(Wide, TextMatchesDigitByDigit) {
  std::mt19937_64 rng(5);
  const Wide edges[] = {0,
                        1,
                        -1,
                        kUnit,
                        -kUnit,
                        kUnit / 100,
                        std::numeric_limits<Wide>::max(),
                        std::numeric_limits<Wide>::min(),
                        static_cast<Wide>(UINT64_MAX) * kUnit,
                        (static_cast<Wide>(UINT64_MAX) + 1) * kUnit - 1};
  for (const Wide w : edges)
    for (int places : {0, 2, 18}) ASSERT_EQ(wide_text(w, places), text_by_digits(w, places));
  for (int round = 0; round < 20000; ++round) {
    const int bits = static_cast<int>(rng() % 127);
    Wide w =
        static_cast<Wide>((static_cast<unsigned __int128>(rng()) << 64 | rng()) >> (127 - bits));
    if (rng() % 2) w = -w;
    if (rng() % 3 == 0) w -= w % (kUnit / 100);  // cents: trailing zeros in the places
    if (rng() % 3 == 0) {  // 0 to 18 trailing zeros (stripped four, then one at a time)
      Wide step = 1;
      for (int k = static_cast<int>(rng() % 19); k > 0; --k) step *= 10;
      w -= w % step;
    }
    const int places = static_cast<int>(rng() % 2 ? rng() % 4 : rng() % 19);
    ASSERT_EQ(wide_text(w, places), text_by_digits(w, places)) << static_cast<int64_t>(w);
  }
}

}  // namespace
}  // namespace bareme::runtime
