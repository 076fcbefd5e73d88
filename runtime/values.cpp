// Calendar arithmetic, exact decimal parsing and formatting of language values.
#include "runtime/values.hpp"

#include <limits>

namespace bareme::runtime {

bool is_leap_year(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

// Howard Hinnant's days_from_civil / civil_from_days.
std::optional<Days> days_from_civil(YearMonthDay ymd) {
  if (ymd.year < 1 || ymd.year > 9999 || ymd.month < 1 || ymd.month > 12 || ymd.day < 1 ||
      ymd.day > days_in_month(ymd.year, ymd.month)) {
    return std::nullopt;
  }
  const int64_t y = ymd.year - (ymd.month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = (ymd.month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + ymd.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

YearMonthDay civil_from_days(Days z) {
  z = static_cast<Days>(static_cast<uint64_t>(z) + 719468);  // wrapping, as the JIT computes it
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return YearMonthDay{yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

std::optional<Days> parse_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  auto digits = [&](size_t from, size_t count) -> std::optional<int> {
    int v = 0;
    for (size_t i = from; i < from + count; ++i) {
      if (t[i] < '0' || t[i] > '9') return std::nullopt;
      v = v * 10 + (t[i] - '0');
    }
    return v;
  };
  auto y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (!y || !m || !d) return std::nullopt;
  return days_from_civil(YearMonthDay{*y, *m, *d});
}

std::string format_date(Days days) {
  const auto c = civil_from_days(days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(c.year), c.month, c.day);
  return buf;
}

std::optional<int64_t> parse_scaled(std::string_view text, int scale_digits) {
  if (text.empty()) return std::nullopt;
  const size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || (dot != std::string_view::npos && fraction.empty())) return std::nullopt;
  size_t significant = fraction.size();
  while (significant > 0 && fraction[significant - 1] == '0') --significant;
  if (significant > static_cast<size_t>(scale_digits)) return std::nullopt;
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  int64_t value = 0;
  auto push = [&](char c) {
    if (c < '0' || c > '9') return false;
    if (value > (kMax - (c - '0')) / 10) return false;
    value = value * 10 + (c - '0');
    return true;
  };
  for (char c : whole) {
    if (!push(c)) return std::nullopt;
  }
  for (int i = 0; i < scale_digits; ++i) {
    if (!push(static_cast<size_t>(i) < fraction.size() ? fraction[static_cast<size_t>(i)] : '0')) {
      return std::nullopt;
    }
  }
  return value;
}

std::optional<int64_t> parse_scaled_negative(std::string_view text, int scale_digits) {
  if (auto v = parse_scaled(text, scale_digits)) return -*v;
  // Only −2^63 is out of reach of the positive parse: read all but the last unit.
  std::string digits;
  for (char c : text) {
    if (c != '.') digits += c;
  }
  const size_t dot = text.find('.');
  const size_t fraction = dot == std::string_view::npos ? 0 : text.size() - dot - 1;
  if (fraction > static_cast<size_t>(scale_digits)) return std::nullopt;
  digits += std::string(static_cast<size_t>(scale_digits) - fraction, '0');
  while (digits.size() > 1 && digits[0] == '0') digits.erase(0, 1);
  if (digits == "9223372036854775808") return std::numeric_limits<int64_t>::min();
  return std::nullopt;
}

void append_scaled(std::string& out, int64_t value, int scale_digits, int min_fraction) {
  // Written backwards into a buffer, then appended at once (no allocation of its own).
  char buffer[48];
  char* const end = buffer + sizeof buffer;
  char* p = end;
  const bool negative = value < 0;
  // Work in unsigned so that INT64_MIN formats correctly.
  uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  int fraction = scale_digits;
  // Trailing zeros of the fraction are dropped down to `min_fraction` digits.
  while (fraction > min_fraction && magnitude % 10 == 0) {
    magnitude /= 10;
    --fraction;
  }
  for (int i = 0; i < fraction; ++i) {
    *--p = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  }
  if (fraction > 0) *--p = '.';
  do {
    *--p = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude);
  if (negative) *--p = '-';
  out.append(p, static_cast<size_t>(end - p));
}

std::string format_scaled(int64_t value, int scale_digits, int min_fraction) {
  std::string out;
  append_scaled(out, value, scale_digits, min_fraction);
  return out;
}

std::string format_money(int64_t cents) {
  // Thousands are grouped by a space, as the language writes them: `2 700.00 €`.
  const std::string plain = format_scaled(cents, 2, 2);
  const size_t digits_start = plain[0] == '-' ? 1 : 0;
  const size_t point = plain.find('.');
  std::string out = plain.substr(0, digits_start);
  for (size_t i = digits_start; i < point; ++i) {
    if (i > digits_start && (point - i) % 3 == 0) out += ' ';
    out += plain[i];
  }
  return out + plain.substr(point) + " €";
}

std::string format_decimal(int64_t micros) { return format_scaled(micros, kDecimalDigits, 0); }
std::string format_rate(int64_t micros) {
  // A rate of 0.6 reads 60 %; the percentage keeps up to four decimals.
  return format_scaled(micros, kDecimalDigits - 2, 0) + " %";
}

std::string format_duration(Duration d) {
  std::string out;
  auto part = [&](int64_t n, const char* one, const char* many) {
    if (n == 0) return;
    if (!out.empty()) out += ' ';
    out += std::to_string(n) + ' ' + (n == 1 || n == -1 ? one : many);
  };
  part(d.months / 12, "year", "years");
  part(d.months % 12, "month", "months");
  part(d.days, "day", "days");
  return out.empty() ? "0 days" : out;
}

}  // namespace bareme::runtime
