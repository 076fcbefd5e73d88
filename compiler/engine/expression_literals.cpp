// Literals for the expression generator: from one unit of a type to its 64-bit limit.
#include "engine/expression_literals.hpp"

#include <fmt/format.h>

#include <limits>

namespace bareme::engine::gen {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

// Digits of `whole`, grouped by threes with a space one time in four.
std::string whole_digits(uint64_t whole, Rng& rng) {
  std::string digits = fmt::format("{}", whole);
  if (digits.size() <= 3 || !rng.chance(4)) return digits;
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
    out += digits[i];
  }
  return out;
}

// `value` / 10^decimals written out, trailing zeros of the fraction dropped; `keep_point`
// writes `.0` for a whole value (a Decimal needs its point).
std::string scaled(uint64_t value, int decimals, bool keep_point, Rng& rng) {
  uint64_t unit = 1;
  for (int i = 0; i < decimals; ++i) unit *= 10;
  std::string out = whole_digits(value / unit, rng);
  std::string fraction = decimals == 0 ? "" : fmt::format("{:0{}}", value % unit, decimals);
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (fraction.empty() && keep_point) fraction = "0";
  return fraction.empty() ? out : out + "." + fraction;
}

// A value in the type's own unit (1, a millionth, a cent): the spread the task asks for.
int64_t magnitude(Kind k, Rng& rng) {
  static constexpr int64_t kIntTies[] = {2, 3, 4, 7, 10, 100};
  static constexpr int64_t kDecimalTies[] = {500'000, 1'500'000, 2'500'000, 250'000, 125'000,
                                             333'333, 3'000'000, 50'000,    5'000};
  static constexpr int64_t kMoneyTies[] = {1, 3, 5, 15, 25, 50, 99, 101, 250, 12'345};
  static constexpr int64_t kRateTies[] = {500'000, 250'000, 125'000,   5'000,  1'500'000,
                                          50,      333'333, 1'000'000, 10'000, 2'000'000};
  static constexpr int64_t kHuge[] = {
      kMax, kMax - 1, kMax / 2 + 1, kMax / 100, kMax / 1'000'000, 3'037'000'499, 3'037'000'500};
  const int roll = static_cast<int>(rng.pick(20));
  if (roll < 3) return roll;  // 0, then one unit of the type and two: 0.01 €, 0.0001 %
  if (roll < 7) {
    switch (k) {
      case Kind::Int:
        return rng.one_of(kIntTies);
      case Kind::Money:
        return rng.one_of(kMoneyTies);
      case Kind::Rate:
        return rng.one_of(kRateTies);
      default:
        return rng.one_of(kDecimalTies);
    }
  }
  if (roll < 15) {
    // Ordinary: a few hundred of the type's everyday unit, with or without a fraction.
    const int64_t everyday = k == Kind::Int     ? 1
                             : k == Kind::Money ? 100
                             : k == Kind::Rate  ? 10'000
                                                : 1'000'000;
    const int64_t whole = rng.pick(1000) * everyday;
    return rng.chance(2) ? whole : whole + rng.pick(everyday);
  }
  if (roll < 18) {
    int64_t power = 1;
    for (int64_t i = 9 + rng.pick(7); i > 0; --i) power *= 10;
    return power + rng.pick(power);
  }
  const int64_t huge = rng.one_of(kHuge);
  return huge - rng.pick(2);
}

}  // namespace

const char* type_name(Kind k) {
  switch (k) {
    case Kind::Int:
      return "Int";
    case Kind::Decimal:
      return "Decimal";
    case Kind::Money:
      return "Money";
    case Kind::Rate:
      return "Rate";
    case Kind::Qty:
      return "kW";
    case Kind::Bool:
      return "Bool";
  }
  return "?";
}

std::string literal(Kind k, Rng& rng) {
  const auto v = static_cast<uint64_t>(magnitude(k, rng));
  switch (k) {
    case Kind::Int:
      return whole_digits(v, rng);
    case Kind::Decimal:
      return scaled(v, 6, true, rng);
    case Kind::Qty:
      return scaled(v, 6, false, rng) + " kW";
    case Kind::Rate:
      return scaled(v, 4, false, rng) + " %";
    case Kind::Money: {
      const int roll = static_cast<int>(rng.pick(10));
      if (roll == 0) return scaled(v, 5, false, rng) + " k€";
      if (roll == 1) return scaled(v, 8, false, rng) + " M€";
      return scaled(v, 2, false, rng) + " €";
    }
    case Kind::Bool:
      return rng.chance(2) ? "true" : "false";
  }
  return "0";
}

std::string step_literal(Kind k, Rng& rng) {
  static constexpr const char* kInt[] = {"1", "2", "5", "10", "100", "1000"};
  static constexpr const char* kDecimal[] = {"0.000001", "0.01", "0.5", "1.0", "2.5", "1000.0"};
  static constexpr const char* kMoney[] = {"0.01 €", "0.05 €", "0.1 €", "1 €",
                                           "10 €",   "100 €",  "1 k€"};
  static constexpr const char* kRate[] = {"0.0001 %", "0.01 %", "0.5 %", "1 %", "5 %", "100 %"};
  static constexpr const char* kQty[] = {"0.000001 kW", "0.1 kW", "1 kW", "2.5 kW", "100 kW"};
  switch (k) {
    case Kind::Int:
      return rng.one_of(kInt);
    case Kind::Decimal:
      return rng.one_of(kDecimal);
    case Kind::Money:
      return rng.one_of(kMoney);
    case Kind::Rate:
      return rng.one_of(kRate);
    default:
      return rng.one_of(kQty);
  }
}

}  // namespace bareme::engine::gen
