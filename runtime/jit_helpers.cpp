// Runtime helpers for JIT-compiled code, forwarding to the interpreter's own arithmetic.
#include "runtime/jit_helpers.hpp"

#include "runtime/arith.hpp"

using namespace bareme::runtime;

extern "C" {

uint8_t bareme_rt_mul_scaled(int64_t a, int64_t b, int64_t divisor, uint8_t mode, int64_t* out) {
  return static_cast<uint8_t>(mul_scaled(a, b, divisor, static_cast<RoundMode>(mode), *out));
}

uint8_t bareme_rt_div_scaled(int64_t a, int64_t multiplier, int64_t b, uint8_t mode, int64_t* out) {
  return static_cast<uint8_t>(div_scaled(a, multiplier, b, static_cast<RoundMode>(mode), *out));
}

uint8_t bareme_rt_round_to_step(int64_t x, int64_t step, uint8_t mode, int64_t* out) {
  return static_cast<uint8_t>(round_to_step(x, step, static_cast<RoundMode>(mode), *out));
}

uint8_t bareme_rt_add_duration(int64_t date, int64_t months, int64_t days, int64_t* out) {
  return static_cast<uint8_t>(add_duration(date, Duration{months, days}, *out));
}

int64_t bareme_rt_months_between(int64_t from, int64_t to) { return months_between(from, to); }

int64_t bareme_rt_civil_part(int64_t date, int64_t part) {
  const YearMonthDay c = civil_from_days(date);
  return part == 0 ? c.year : part == 1 ? c.month : c.day;
}

}
