// Rounded division, rounding to a step, and calendar arithmetic.
#include "runtime/arith.hpp"

#include <limits>

namespace bareme::runtime {

ErrorCode divide_rounded(__int128 n, __int128 d, RoundMode mode, int64_t& out) {
  if (d == 0) return ErrorCode::DivisionByZero;
  __int128 q = n / d;
  const __int128 r = n % d;
  if (r != 0) {
    const bool negative = (n < 0) != (d < 0);
    const __int128 twice = 2 * (r < 0 ? -r : r);
    const __int128 divisor = d < 0 ? -d : d;
    switch (mode) {
      case RoundMode::HalfAway:
        if (twice >= divisor) q += negative ? -1 : 1;
        break;
      case RoundMode::HalfEven:
        if (twice > divisor || (twice == divisor && q % 2 != 0)) q += negative ? -1 : 1;
        break;
      case RoundMode::Up:
        if (!negative) q += 1;
        break;
      case RoundMode::Down:
        if (negative) q -= 1;
        break;
    }
  }
  if (q > std::numeric_limits<int64_t>::max() || q < std::numeric_limits<int64_t>::min()) return ErrorCode::Overflow;
  out = static_cast<int64_t>(q);
  return ErrorCode::None;
}

const char* round_mode_name(RoundMode mode) {
  switch (mode) {
    case RoundMode::HalfAway: return "half away from zero";
    case RoundMode::HalfEven: return "half to even";
    case RoundMode::Up: return "up";
    case RoundMode::Down: return "down";
  }
  return "?";
}

ErrorCode round_to_step(int64_t x, int64_t step, RoundMode mode, int64_t& out) {
  if (step <= 0) return ErrorCode::InvalidRoundingStep;
  int64_t units = 0;
  if (auto e = divide_rounded(x, step, mode, units); e != ErrorCode::None) return e;
  return mul(units, step, out);
}

ErrorCode add_months(Days date, int64_t months, Days& out) {
  const YearMonthDay c = civil_from_days(date);
  if (months > 120000 || months < -120000) return ErrorCode::DateOutOfRange;
  const int64_t index = c.year * 12 + (c.month - 1) + months;
  const int64_t year = index >= 0 ? index / 12 : (index - 11) / 12;
  const int month = static_cast<int>(index - year * 12) + 1;
  if (year < 1 || year > 9999) return ErrorCode::DateOutOfRange;
  const int day = std::min(c.day, days_in_month(year, month));
  out = *days_from_civil(YearMonthDay{year, month, day});
  return ErrorCode::None;
}

ErrorCode add_duration(Days date, Duration d, Days& out) {
  Days shifted = 0;
  if (auto e = add_months(date, d.months, shifted); e != ErrorCode::None) return e;
  if (d.days > 3'700'000 || d.days < -3'700'000) return ErrorCode::DateOutOfRange;
  out = shifted + d.days;
  static const Days kFirst = *days_from_civil({1, 1, 1});
  static const Days kLast = *days_from_civil({9999, 12, 31});
  return out < kFirst || out > kLast ? ErrorCode::DateOutOfRange : ErrorCode::None;
}

ErrorCode add_durations(Duration a, Duration b, Duration& out) {
  if (add(a.months, b.months, out.months) != ErrorCode::None) return ErrorCode::Overflow;
  return add(a.days, b.days, out.days);
}

ErrorCode sub_durations(Duration a, Duration b, Duration& out) {
  if (sub(a.months, b.months, out.months) != ErrorCode::None) return ErrorCode::Overflow;
  return sub(a.days, b.days, out.days);
}

ErrorCode scale_duration(Duration a, int64_t n, Duration& out) {
  if (mul(a.months, n, out.months) != ErrorCode::None) return ErrorCode::Overflow;
  return mul(a.days, n, out.days);
}

int64_t months_between(Days from, Days to) {
  if (to < from) return -months_between(to, from);
  const YearMonthDay a = civil_from_days(from), b = civil_from_days(to);
  int64_t m = (b.year - a.year) * 12 + (b.month - a.month);
  Days landed = 0;
  if (m > 0 && (add_months(from, m, landed) != ErrorCode::None || landed > to)) --m;
  return m;
}

std::string_view error_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::None: return "None";
    case ErrorCode::Overflow: return "Overflow";
    case ErrorCode::DivisionByZero: return "DivisionByZero";
    case ErrorCode::MissingInput: return "MissingInput";
    case ErrorCode::DateOutOfRange: return "DateOutOfRange";
    case ErrorCode::EmptyList: return "EmptyList";
    case ErrorCode::NoTableMatch: return "NoTableMatch";
    case ErrorCode::AmbiguousTableMatch: return "AmbiguousTableMatch";
    case ErrorCode::NoParamValue: return "NoParamValue";
    case ErrorCode::NoEvaluationDate: return "NoEvaluationDate";
    case ErrorCode::InvalidRoundingStep: return "InvalidRoundingStep";
    case ErrorCode::TooDeep: return "TooDeep";
    case ErrorCode::BudgetExceeded: return "BudgetExceeded";
    case ErrorCode::InputOutOfRange: return "InputOutOfRange";
    case ErrorCode::NotApplicable: return "NotApplicable";
  }
  return "Unknown";
}

std::string_view error_description(ErrorCode code) {
  switch (code) {
    case ErrorCode::None: return "no error";
    case ErrorCode::Overflow: return "a result is too large for its type";
    case ErrorCode::DivisionByZero: return "division by zero";
    case ErrorCode::MissingInput: return "an input needed for the result was not given";
    case ErrorCode::DateOutOfRange: return "a date falls outside the years 1 to 9999";
    case ErrorCode::EmptyList: return "the minimum or maximum of an empty list";
    case ErrorCode::NoTableMatch: return "no row of the table matches";
    case ErrorCode::AmbiguousTableMatch: return "several rows of a unique table match";
    case ErrorCode::NoParamValue: return "the parameter has no value at the evaluation date";
    case ErrorCode::NoEvaluationDate: return "a dated parameter was read without an evaluation date";
    case ErrorCode::InvalidRoundingStep: return "a rounding step must be above zero";
    case ErrorCode::TooDeep: return "definitions chained too deeply for the stack of the evaluating thread";
    case ErrorCode::BudgetExceeded: return "the evaluation took too many steps or too long";
    case ErrorCode::InputOutOfRange: return "an input is outside the bounds of its sensible values";
    case ErrorCode::NotApplicable: return "no branch applies: not applicable";
  }
  return "unknown error";
}

}  // namespace bareme::runtime
