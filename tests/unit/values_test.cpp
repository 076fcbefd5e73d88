// Calendar, exact decimal parsing and formatting of runtime values.
#include <gtest/gtest.h>

#include "runtime/values.hpp"

namespace bareme::runtime {
namespace {

TEST(Dates, RoundTripThroughDaysSinceEpoch) {
  EXPECT_EQ(parse_date("1970-01-01"), 0);
  EXPECT_EQ(parse_date("1970-01-02"), 1);
  EXPECT_EQ(parse_date("1969-12-31"), -1);
  for (const char* d : {"2000-02-29", "2024-12-31", "0001-01-01", "9999-12-31", "1900-03-01"}) {
    auto days = parse_date(d);
    ASSERT_TRUE(days.has_value()) << d;
    EXPECT_EQ(format_date(*days), d);
  }
}

TEST(Dates, RejectDaysThatDoNotExist) {
  EXPECT_FALSE(parse_date("2021-02-29").has_value());
  EXPECT_FALSE(parse_date("1900-02-29").has_value());  // 1900 is not a leap year
  EXPECT_TRUE(parse_date("2000-02-29").has_value());   // 2000 is
  EXPECT_FALSE(parse_date("2021-13-01").has_value());
  EXPECT_FALSE(parse_date("0000-01-01").has_value());
  EXPECT_FALSE(parse_date("2021-1-01").has_value());
}

TEST(Scaled, ParsesExactlyOrNotAtAll) {
  EXPECT_EQ(parse_scaled("1500.50", 2), 150050);
  EXPECT_EQ(parse_scaled("3", 8), 300000000);     // 3 M€ in cents
  EXPECT_EQ(parse_scaled("60", 4), 600000);       // 60 % in millionths
  EXPECT_EQ(parse_scaled("0.10", 1), 1);          // trailing zeros are not precision
  EXPECT_FALSE(parse_scaled("1.005", 2).has_value());
  EXPECT_FALSE(parse_scaled("92233720368547758.08", 2).has_value());
  EXPECT_EQ(parse_scaled("92233720368547758.07", 2), INT64_MAX);
  EXPECT_FALSE(parse_scaled("1.", 2).has_value());
  EXPECT_FALSE(parse_scaled("", 2).has_value());
}

TEST(Formatting, WritesValuesAsTheLanguageDoes) {
  EXPECT_EQ(format_money(270000), "2 700.00 €");
  EXPECT_EQ(format_money(-5), "-0.05 €");
  EXPECT_EQ(format_money(100000000), "1 000 000.00 €");
  EXPECT_EQ(format_money(INT64_MIN), "-92 233 720 368 547 758.08 €");
  EXPECT_EQ(format_rate(600000), "60 %");
  EXPECT_EQ(format_rate(333333), "33.3333 %");
  EXPECT_EQ(format_decimal(1500000), "1.5");
  EXPECT_EQ(format_duration(Duration{14, 3}), "1 year 2 months 3 days");
}

// Scaled integers: trailing zeros dropped down to the minimum, signs and extremes kept.
TEST(Formatting, ScaledIntegersKeepTheirMinimumOfDecimals) {
  EXPECT_EQ(format_scaled(0, 6, 0), "0");
  EXPECT_EQ(format_scaled(0, 2, 2), "0.00");
  EXPECT_EQ(format_scaled(-5, 2, 2), "-0.05");
  EXPECT_EQ(format_scaled(700000, 6, 0), "0.7");
  EXPECT_EQ(format_scaled(531283655000, 6, 0), "531283.655");
  EXPECT_EQ(format_scaled(-1000000, 6, 0), "-1");
  EXPECT_EQ(format_scaled(1200, 6, 2), "0.0012");
  EXPECT_EQ(format_scaled(120000, 6, 2), "0.12");
  EXPECT_EQ(format_scaled(42, 0, 0), "42");
  EXPECT_EQ(format_scaled(INT64_MIN, 6, 0), "-9223372036854.775808");
  EXPECT_EQ(format_scaled(INT64_MAX, 18, 0), "9.223372036854775807");
  std::string out = "x=";
  append_scaled(out, 2500, 2, 2);
  EXPECT_EQ(out, "x=25.00");
}

}  // namespace
}  // namespace bareme::runtime
