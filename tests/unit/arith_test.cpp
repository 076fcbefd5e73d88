// Checked arithmetic, rounding modes and calendar arithmetic of the runtime.
#include <gtest/gtest.h>

#include "runtime/arith.hpp"

namespace bareme::runtime {
namespace {

int64_t rounded(int64_t n, int64_t d, RoundMode m) {
  int64_t out = 0;
  EXPECT_EQ(divide_rounded(n, d, m, out), ErrorCode::None);
  return out;
}

TEST(Rounding, HalvesAwayFromZeroByDefault) {
  EXPECT_EQ(rounded(25, 10, RoundMode::HalfAway), 3);
  EXPECT_EQ(rounded(-25, 10, RoundMode::HalfAway), -3);
  EXPECT_EQ(rounded(24, 10, RoundMode::HalfAway), 2);
  EXPECT_EQ(rounded(25, -10, RoundMode::HalfAway), -3);
}

TEST(Rounding, HalfEvenUpAndDown) {
  EXPECT_EQ(rounded(25, 10, RoundMode::HalfEven), 2);
  EXPECT_EQ(rounded(35, 10, RoundMode::HalfEven), 4);
  EXPECT_EQ(rounded(-25, 10, RoundMode::HalfEven), -2);
  EXPECT_EQ(rounded(21, 10, RoundMode::Up), 3);
  EXPECT_EQ(rounded(-29, 10, RoundMode::Up), -2);
  EXPECT_EQ(rounded(29, 10, RoundMode::Down), 2);
  EXPECT_EQ(rounded(-21, 10, RoundMode::Down), -3);
  EXPECT_EQ(rounded(20, 10, RoundMode::Up), 2);
}

TEST(Rounding, MoneyTimesRateRoundsToTheCent) {
  int64_t out = 0;
  ASSERT_EQ(mul_scaled(25, 500000, kDecimalScale, RoundMode::HalfAway, out), ErrorCode::None);  // 0.25 € × 50 %
  EXPECT_EQ(out, 13);
  ASSERT_EQ(mul_scaled(-25, 500000, kDecimalScale, RoundMode::HalfAway, out), ErrorCode::None);
  EXPECT_EQ(out, -13);
  ASSERT_EQ(mul_scaled(450000, 600000, kDecimalScale, RoundMode::HalfAway, out), ErrorCode::None);  // 4 500 € × 60 %
  EXPECT_EQ(out, 270000);
}

TEST(Rounding, ToAStep) {
  int64_t out = 0;
  ASSERT_EQ(round_to_step(123456, 100, RoundMode::Down, out), ErrorCode::None);  // 1 234.56 € to 1 €
  EXPECT_EQ(out, 123400);
  ASSERT_EQ(round_to_step(125000, 10000, RoundMode::HalfEven, out), ErrorCode::None);  // 1 250 € to 100 €
  EXPECT_EQ(out, 120000);
  EXPECT_EQ(round_to_step(1, 0, RoundMode::HalfAway, out), ErrorCode::InvalidRoundingStep);
}

TEST(Checked, OverflowAndDivisionByZeroAreErrors) {
  int64_t out = 0;
  EXPECT_EQ(add(INT64_MAX, 1, out), ErrorCode::Overflow);
  EXPECT_EQ(sub(INT64_MIN, 1, out), ErrorCode::Overflow);
  EXPECT_EQ(mul(INT64_MAX / 2 + 1, 2, out), ErrorCode::Overflow);
  EXPECT_EQ(negate(INT64_MIN, out), ErrorCode::Overflow);
  EXPECT_EQ(divide_rounded(1, 0, RoundMode::HalfAway, out), ErrorCode::DivisionByZero);
  EXPECT_EQ(mul_scaled(INT64_MAX, INT64_MAX, 1, RoundMode::HalfAway, out), ErrorCode::Overflow);
  EXPECT_EQ(mul_scaled(INT64_MAX, INT64_MAX, INT64_MAX, RoundMode::HalfAway, out), ErrorCode::None);
  EXPECT_EQ(out, INT64_MAX);
}

Days date(const char* text) { return *parse_date(text); }

TEST(Calendar, AddingMonthsClampsToTheMonthsLastDay) {
  Days out = 0;
  ASSERT_EQ(add_months(date("2021-01-31"), 1, out), ErrorCode::None);
  EXPECT_EQ(format_date(out), "2021-02-28");
  ASSERT_EQ(add_months(date("2024-01-31"), 1, out), ErrorCode::None);
  EXPECT_EQ(format_date(out), "2024-02-29");
  ASSERT_EQ(add_duration(date("2024-02-29"), Duration{12, 0}, out), ErrorCode::None);
  EXPECT_EQ(format_date(out), "2025-02-28");
  ASSERT_EQ(add_duration(date("2021-03-31"), Duration{-1, 0}, out), ErrorCode::None);
  EXPECT_EQ(format_date(out), "2021-02-28");
  ASSERT_EQ(add_duration(date("2000-02-28"), Duration{0, 1}, out), ErrorCode::None);
  EXPECT_EQ(format_date(out), "2000-02-29");
  ASSERT_EQ(add_duration(date("2100-02-28"), Duration{0, 1}, out), ErrorCode::None);
  EXPECT_EQ(format_date(out), "2100-03-01");
  EXPECT_EQ(add_duration(date("9999-12-31"), Duration{0, 1}, out), ErrorCode::DateOutOfRange);
  EXPECT_EQ(add_duration(date("0001-01-01"), Duration{-1, 0}, out), ErrorCode::DateOutOfRange);
}

TEST(Calendar, MonthsAndYearsBetweenAreConsistentWithAddition) {
  EXPECT_EQ(months_between(date("2021-01-31"), date("2021-02-28")), 1);
  EXPECT_EQ(months_between(date("2021-01-31"), date("2021-02-27")), 0);
  EXPECT_EQ(months_between(date("2021-02-28"), date("2021-01-31")), -1);
  EXPECT_EQ(years_between(date("2020-02-29"), date("2021-02-28")), 1);
  EXPECT_EQ(years_between(date("2021-03-01"), date("2024-02-29")), 2);
  EXPECT_EQ(years_between(date("2021-03-01"), date("2024-03-01")), 3);
}

}  // namespace
}  // namespace bareme::runtime
