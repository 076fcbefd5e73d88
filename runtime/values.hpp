// The representation of language values, shared by the compiler, the interpreter and JIT code.
// No binary floating point: every number is an exact 64-bit integer in a fixed unit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bareme::runtime {

// Decimal, Rate and quantities are counts of millionths: 60 % is 600 000, 22.1 kW is 22 100 000.
inline constexpr int64_t kDecimalScale = 1'000'000;
inline constexpr int kDecimalDigits = 6;
// Money is a count of euro cents.
inline constexpr int64_t kCentsPerEuro = 100;

// Days since 1970-01-01 in the proleptic Gregorian calendar.
using Days = int64_t;

struct YearMonthDay {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

// A calendar duration: months (years are 12 months) and days, applied months first.
struct Duration {
  int64_t months = 0;
  int64_t days = 0;
  friend bool operator==(const Duration&, const Duration&) = default;
};

// Supported dates: years 1 to 9999.
std::optional<Days> days_from_civil(YearMonthDay ymd);
YearMonthDay civil_from_days(Days days);
bool is_leap_year(int64_t year);
int days_in_month(int64_t year, int month);
// Parses `YYYY-MM-DD`; nothing when malformed or not a real date.
std::optional<Days> parse_date(std::string_view text);
std::string format_date(Days days);

// Parses a plain decimal number (`1500.50`) into an integer of `10^scale_digits` units;
// nothing when it overflows or has more fractional digits than the scale.
std::optional<int64_t> parse_scaled(std::string_view digits, int scale_digits);
// Like parse_scaled, for the negated number: reaches the most negative 64-bit value.
std::optional<int64_t> parse_scaled_negative(std::string_view digits, int scale_digits);
// Formats an integer of `10^scale_digits` units with at least `min_fraction` decimals.
std::string format_scaled(int64_t value, int scale_digits, int min_fraction);
// format_scaled's text appended to `out` (scale_digits at most 18).
void append_scaled(std::string& out, int64_t value, int scale_digits, int min_fraction);

std::string format_money(int64_t cents);      // "3 000.00 €"
std::string format_decimal(int64_t micros);   // "0.5"
std::string format_rate(int64_t micros);      // "60 %"
std::string format_duration(Duration d);      // "1 year 2 months 3 days"

}  // namespace bareme::runtime
