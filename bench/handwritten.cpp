// Flexitanie (the brief's excerpt) and the H2 size grid, by hand.
#include "handwritten.hpp"

#include <cstdint>

namespace bareme::bench {
namespace {

const int64_t* column(const ir::Program& p, const runtime::BatchInput& in, const std::string& name) {
  for (size_t i = 0; i < p.inputs.size(); ++i) {
    if (p.inputs[i].name == name) return in.columns[i].values;
  }
  return nullptr;
}

// Overflow tests written as comparisons, not __builtin_*_overflow, so that the compiler can
// vectorise the loop as the JIT does.
inline int64_t wrapping_add(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}
inline bool add_overflows(int64_t a, int64_t b, int64_t sum) { return ((a ^ sum) & (b ^ sum)) < 0; }
template <int64_t K>
inline bool mul_overflows(int64_t a) {  // K > 0
  constexpr int64_t lo = INT64_MIN / K, hi = INT64_MAX / K;
  return static_cast<uint64_t>(a) - static_cast<uint64_t>(lo) > static_cast<uint64_t>(hi - lo);
}

// The loop over plain restrict pointers, as a C++ programmer tuning for speed would write it.
void flexitanie_rows(const int64_t* __restrict beneficiary, const int64_t* __restrict region,
                     const int64_t* __restrict v2g, const int64_t* __restrict v1g,
                     const int64_t* __restrict filed, const int64_t* __restrict start,
                     uint8_t* __restrict eligible_out, int64_t* __restrict amount_out,
                     uint64_t* __restrict failed_out, uint8_t* __restrict error_out, int64_t rows) {
  for (int64_t r = 0; r < rows; ++r) {
    // Conditions as 0/1 integers of the columns' width, which GCC vectorises.
    const int64_t c0 = region[r] == 0;                                  // occitanie
    const int64_t c1 = (beneficiary[r] != 5) & (beneficiary[r] != 6);  // not individual, joint ownership
    const int64_t c2 = filed[r] < start[r];
    const int64_t v2 = v2g[r], v1 = v1g[r];
    const int64_t stations = wrapping_add(v2, v1);
    const int64_t c3 = stations > 0;
    const int64_t eligible = c0 & c1 & c2 & c3;
    const int64_t a = static_cast<int64_t>(static_cast<uint64_t>(v2) * 300000);
    const int64_t b = static_cast<int64_t>(static_cast<uint64_t>(v1) * 150000);
    const int64_t amount = wrapping_add(a, b);
    const int64_t amount_overflow =
        mul_overflows<300000>(v2) | mul_overflows<150000>(v1) | add_overflows(a, b, amount);
    eligible_out[r] = static_cast<uint8_t>(eligible);
    amount_out[r] = amount & -eligible;
    failed_out[r] = static_cast<uint64_t>((c0 ^ 1) | (c1 ^ 1) << 1 | (c2 ^ 1) << 2 | (c3 ^ 1) << 3);
    error_out[r] = static_cast<uint8_t>(add_overflows(v2, v1, stations) | (eligible & amount_overflow));
  }
}

void flexitanie(const ir::Program& p, const runtime::BatchInput& in, engine::Outputs& out, int64_t rows) {
  flexitanie_rows(column(p, in, "beneficiary"), column(p, in, "site_region"),
                  column(p, in, "v2g_stations"), column(p, in, "v1g_stations"),
                  column(p, in, "filed_on"), column(p, in, "works_start"), out.eligible.data(),
                  out.amount.data(), out.failed.data(), out.error.data(), rows);
}

void h2_size(const ir::Program& p, const runtime::BatchInput& in, engine::Outputs& out, int64_t rows) {
  const int64_t* __restrict headcount = column(p, in, "headcount");
  const int64_t* __restrict turnover = column(p, in, "turnover");
  const int64_t* __restrict cost = column(p, in, "eligible_cost");
  uint8_t* __restrict eligible_out = out.eligible.data();
  int64_t* __restrict amount_out = out.amount.data();
  uint64_t* __restrict failed_out = out.failed.data();
  uint8_t* __restrict error_out = out.error.data();
  constexpr int64_t k10M = 1'000'000'000, k50M = 5'000'000'000;
  static constexpr int64_t kRate[3] = {600000, 500000, 400000};  // small, medium, large
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t h = headcount[r], t = turnover[r];
    const int64_t size = h > 250 || t > k50M ? 2 : (h < 50 && t <= k10M ? 0 : 1);
    const int64_t rate = kRate[size];
    const bool eligible = cost[r] > 0;
    // cost × rate ÷ 10⁶, rounded half away from zero to the cent: the product moved half a
    // unit away from zero, then truncated; in 128 bits when that overflows 64.
    int64_t n = 0, moved = 0, q = 0;
    if (!__builtin_mul_overflow(cost[r], rate, &n) &&
        !__builtin_add_overflow(n, n < 0 ? -500000 : 500000, &moved)) [[likely]] {
      q = moved / 1000000;
    } else {
      const __int128 wide = static_cast<__int128>(cost[r]) * rate;
      const __int128 rem = wide % 1000000;
      q = static_cast<int64_t>(wide / 1000000 + (rem >= 500000) - (rem <= -500000));
    }
    eligible_out[r] = eligible;
    amount_out[r] = eligible ? q : 0;
    failed_out[r] = eligible ? 0 : 1;
    error_out[r] = 0;
  }
}

}  // namespace

bool run_handwritten(const std::string& scheme, const ir::Program& program, const runtime::BatchInput& in,
                     engine::Outputs& out, int64_t rows) {
  if (scheme == "flexitanie" && column(program, in, "site_region") && program.inputs.size() == 6) {
    flexitanie(program, in, out, rows);
    return true;
  }
  if (scheme == "h2_size") {
    h2_size(program, in, out, rows);
    return true;
  }
  return false;
}

}  // namespace bareme::bench
