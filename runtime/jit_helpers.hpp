// The runtime functions that JIT-compiled code calls for what is not inlined; each is the very
// function the interpreter uses, so that both back ends agree bit for bit.
#pragma once

#include <cstdint>

extern "C" {
// Each is pure (no memory read or written), so that compiled code may hoist and merge calls:
// the result is in the low 64 bits, the runtime::ErrorCode in the high 64 bits.
__int128 bareme_rt_mul_scaled(int64_t a, int64_t b, int64_t divisor, int64_t mode);
__int128 bareme_rt_div_scaled(int64_t a, int64_t multiplier, int64_t b, int64_t mode);
__int128 bareme_rt_round_to_step(int64_t x, int64_t step, int64_t mode);
__int128 bareme_rt_add_duration(int64_t date, int64_t months, int64_t days);
int64_t bareme_rt_months_between(int64_t from, int64_t to);
int64_t bareme_rt_civil_part(int64_t date, int64_t part);  // part 0: year, 1: month, 2: day
// 1 when the interned text `id` is in the set `set` (runtime::text_set), 0 otherwise. Reads only
// the set, which never changes once registered.
int64_t bareme_rt_text_known(int64_t set, int64_t id);

// Exact intermediates (runtime/wide.hpp): each returns the runtime::ErrorCode and writes only
// its result to `out`. Operands are given with their number of decimal places.
uint8_t bareme_rt_wide_mul(__int128 a, int64_t a_digits, __int128 b, int64_t b_digits, __int128* out);
uint8_t bareme_rt_wide_div(__int128 a, int64_t a_digits, __int128 b, int64_t b_digits, __int128* out);
uint8_t bareme_rt_wide_narrow(__int128 a, int64_t digits, int64_t mode, int64_t* out);
uint8_t bareme_rt_wide_round_to_step(__int128 a, __int128 step, int64_t mode, __int128* out);

// Rows [begin, end) of a scheme's outputs as refused by its first condition (compile_all's
// guards write only the rows that differ): not eligible, 0, no error, failed words with the
// first condition's bit alone (`words` per row).
void bareme_rt_refuse_rows(uint8_t* eligible, int64_t* amount, uint64_t* failed, uint8_t* error,
                           int64_t words, int64_t begin, int64_t end);
}
