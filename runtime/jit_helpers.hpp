// The runtime functions that JIT-compiled code calls for what is not inlined; each is the very
// function the interpreter uses, so that both back ends agree bit for bit.
#pragma once

#include <cstdint>

extern "C" {
// Each returns a runtime::ErrorCode and writes its result to *out.
uint8_t bareme_rt_mul_scaled(int64_t a, int64_t b, int64_t divisor, uint8_t mode, int64_t* out);
uint8_t bareme_rt_div_scaled(int64_t a, int64_t multiplier, int64_t b, uint8_t mode, int64_t* out);
uint8_t bareme_rt_round_to_step(int64_t x, int64_t step, uint8_t mode, int64_t* out);
uint8_t bareme_rt_add_duration(int64_t date, int64_t months, int64_t days, int64_t* out);
int64_t bareme_rt_months_between(int64_t from, int64_t to);
int64_t bareme_rt_civil_part(int64_t date, int64_t part);  // part 0: year, 1: month, 2: day
}
