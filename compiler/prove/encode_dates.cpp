// The calendar for the solver: a date's year, month and day, whole months added and counted.
#include <fmt/format.h>

#include "prove/encoder.hpp"

namespace bareme::prove {
namespace {

z3::expr days_in_month(z3::context& c, const z3::expr& y, const z3::expr& m) {
  const z3::expr leap = z3::mod(y, 4) == 0 && (z3::mod(y, 100) != 0 || z3::mod(y, 400) == 0);
  return z3::ite(m == 2, z3::ite(leap, c.int_val(29), c.int_val(28)),
                 z3::ite(m == 4 || m == 6 || m == 9 || m == 11, c.int_val(30), c.int_val(31)));
}

}  // namespace

// H. Hinnant's days_from_civil, as runtime/values.cpp computes it; Z3's div by a positive
// constant is floor division, so it holds for every year.
z3::expr Encoder::days_from_civil(const z3::expr& y, const z3::expr& m, const z3::expr& d) {
  const z3::expr yy = y - z3::ite(m <= 2, ctx.int_val(1), ctx.int_val(0));
  const z3::expr era = yy / 400;
  const z3::expr yoe = yy - era * 400;
  const z3::expr mp = z3::ite(m > 2, m - 3, m + 9);
  const z3::expr doy = (153 * mp + 2) / 5 + d - 1;
  const z3::expr doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Encoder::Civil Encoder::civil(const z3::expr& days_in) {
  const z3::expr days = days_in.simplify();
  if (auto it = civil_.find(days.id()); it != civil_.end()) return it->second;
  const std::string id = fmt::format("civil#{}", fresh_++);
  const z3::expr y = ctx.int_const((id + ".y").c_str()), m = ctx.int_const((id + ".m").c_str()),
                 d = ctx.int_const((id + ".d").c_str());
  // Exactly one (y, m, d) names each day: a definition, true of every application.
  background.push_back(m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(ctx, y, m) &&
                       days_from_civil(y, m, d) == days);
  civil_.emplace(days.id(), Civil{y, m, d});
  return Civil{y, m, d};
}

// runtime::add_months: the same day `months` later, at most the month's last day.
z3::expr Encoder::add_months(const z3::expr& days, const z3::expr& months, z3::expr& ok) {
  const Civil c = civil(days);
  const z3::expr index = c.year * 12 + (c.month - 1) + months;
  const z3::expr year = index / 12;  // floor
  const z3::expr month = index - year * 12 + 1;
  const z3::expr last = days_in_month(ctx, year, month);
  const z3::expr day = z3::ite(c.day < last, c.day, last);
  ok = ok && months >= -120000 && months <= 120000 && year >= 1 && year <= 9999;
  return days_from_civil(year, month, day);
}

// runtime::months_between: whole months m with from + m months ≤ to, negative when to < from.
z3::expr Encoder::months_between(const z3::expr& from, const z3::expr& to) {
  const z3::expr lo = z3::ite(to < from, to, from), hi = z3::ite(to < from, from, to);
  const Civil a = civil(lo), b = civil(hi);
  const z3::expr m = (b.year - a.year) * 12 + (b.month - a.month);
  z3::expr ok = ctx.bool_val(true);
  const z3::expr landed = add_months(lo, m, ok);
  const z3::expr whole = z3::ite(m > 0 && (!ok || landed > hi), m - 1, m);
  return z3::ite(to < from, -whole, whole);
}

}  // namespace bareme::prove
