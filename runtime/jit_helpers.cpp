// Runtime helpers for JIT-compiled code, forwarding to the interpreter's own arithmetic.
#include "runtime/jit_helpers.hpp"

#include <cstring>

#include "runtime/arith.hpp"
#include "runtime/text_intern.hpp"
#include "runtime/wide.hpp"

using namespace bareme::runtime;

namespace {

__int128 pack(ErrorCode code, int64_t value) {
  return static_cast<__int128>(static_cast<unsigned __int128>(static_cast<uint64_t>(code)) << 64 |
                               static_cast<uint64_t>(value));
}

}  // namespace

extern "C" {

__int128 bareme_rt_mul_scaled(int64_t a, int64_t b, int64_t divisor, int64_t mode) {
  int64_t out = 0;
  const ErrorCode code = mul_scaled(a, b, divisor, static_cast<RoundMode>(mode), out);
  return pack(code, out);
}

__int128 bareme_rt_div_scaled(int64_t a, int64_t multiplier, int64_t b, int64_t mode) {
  int64_t out = 0;
  const ErrorCode code = div_scaled(a, multiplier, b, static_cast<RoundMode>(mode), out);
  return pack(code, out);
}

__int128 bareme_rt_round_to_step(int64_t x, int64_t step, int64_t mode) {
  int64_t out = 0;
  const ErrorCode code = round_to_step(x, step, static_cast<RoundMode>(mode), out);
  return pack(code, out);
}

__int128 bareme_rt_add_duration(int64_t date, int64_t months, int64_t days) {
  int64_t out = 0;
  const ErrorCode code = add_duration(date, Duration{months, days}, out);
  return pack(code, out);
}

int64_t bareme_rt_months_between(int64_t from, int64_t to) { return months_between(from, to); }

int64_t bareme_rt_civil_part(int64_t date, int64_t part) {
  const YearMonthDay c = civil_from_days(date);
  return part == 0 ? c.year : part == 1 ? c.month : c.day;
}

uint8_t bareme_rt_wide_mul(__int128 a, int64_t a_digits, __int128 b, int64_t b_digits, __int128* out) {
  return static_cast<uint8_t>(wide_mul(a, static_cast<int>(a_digits), b, static_cast<int>(b_digits), *out));
}

uint8_t bareme_rt_wide_div(__int128 a, int64_t a_digits, __int128 b, int64_t b_digits, __int128* out) {
  return static_cast<uint8_t>(wide_div(a, static_cast<int>(a_digits), b, static_cast<int>(b_digits), *out));
}

int64_t bareme_rt_text_known(int64_t set, int64_t id) {
  return bareme::runtime::text_set_has(set, id) ? 1 : 0;
}

uint8_t bareme_rt_wide_narrow(__int128 a, int64_t digits, int64_t mode, int64_t* out) {
  return static_cast<uint8_t>(narrow(a, static_cast<int>(digits), static_cast<RoundMode>(mode), *out));
}

uint8_t bareme_rt_wide_round_to_step(__int128 a, __int128 step, int64_t mode, __int128* out) {
  return static_cast<uint8_t>(wide_round_to_step(a, step, static_cast<RoundMode>(mode), *out));
}

void bareme_rt_refuse_rows(uint8_t* eligible, int64_t* amount, uint64_t* failed, uint8_t* error,
                           int64_t words, int64_t begin, int64_t end) {
  if (end <= begin) return;
  const auto b = static_cast<size_t>(begin), n = static_cast<size_t>(end - begin), w = static_cast<size_t>(words);
  std::memset(eligible + b, 0, n);
  std::memset(amount + b, 0, n * sizeof(int64_t));
  std::memset(error + b, 0, n);
  std::memset(failed + b * w, 0, n * w * sizeof(uint64_t));
  for (size_t r = 0; r < n; ++r) failed[(b + r) * w] = 1;
}
}
