// Flexitanie (the brief's excerpt) and the H2 size grid, by hand.
#include "handwritten.hpp"

namespace bareme::bench {
namespace {

const int64_t* column(const ir::Program& p, const runtime::BatchInput& in, const std::string& name) {
  for (size_t i = 0; i < p.inputs.size(); ++i) {
    if (p.inputs[i].name == name) return in.columns[i].values;
  }
  return nullptr;
}

void flexitanie(const ir::Program& p, const runtime::BatchInput& in, engine::Outputs& out, int64_t rows) {
  const int64_t* beneficiary = column(p, in, "beneficiary");
  const int64_t* region = column(p, in, "site_region");
  const int64_t* v2g = column(p, in, "v2g_stations");
  const int64_t* v1g = column(p, in, "v1g_stations");
  const int64_t* filed = column(p, in, "filed_on");
  const int64_t* start = column(p, in, "works_start");
  for (int64_t r = 0; r < rows; ++r) {
    const bool c0 = region[r] == 0;                         // occitanie
    const bool c1 = beneficiary[r] != 5 && beneficiary[r] != 6;  // not individual, joint ownership
    const bool c2 = filed[r] < start[r];
    int64_t stations = 0, a = 0, b = 0, amount = 0;
    bool overflow = __builtin_add_overflow(v2g[r], v1g[r], &stations);
    const bool c3 = stations > 0;
    const bool eligible = c0 & c1 & c2 & c3;
    bool amount_overflow = __builtin_mul_overflow(int64_t{300000}, v2g[r], &a);
    amount_overflow |= __builtin_mul_overflow(int64_t{150000}, v1g[r], &b);
    amount_overflow |= __builtin_add_overflow(a, b, &amount);
    overflow |= eligible & amount_overflow;
    out.eligible[r] = eligible;
    out.amount[r] = eligible ? amount : 0;
    out.failed[r] = (c0 ? 0 : 1) | (c1 ? 0 : 2) | (c2 ? 0 : 4) | (c3 ? 0 : 8);
    out.error[r] = overflow ? 1 : 0;
  }
}

void h2_size(const ir::Program& p, const runtime::BatchInput& in, engine::Outputs& out, int64_t rows) {
  const int64_t* headcount = column(p, in, "headcount");
  const int64_t* turnover = column(p, in, "turnover");
  const int64_t* cost = column(p, in, "eligible_cost");
  constexpr int64_t k10M = 1'000'000'000, k50M = 5'000'000'000;
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t h = headcount[r], t = turnover[r];
    const int64_t size = h > 250 || t > k50M ? 2 : (h < 50 && t <= k10M ? 0 : 1);
    const int64_t rate = size == 0 ? 600000 : size == 1 ? 500000 : 400000;
    const bool eligible = cost[r] > 0;
    // cost × rate, rounded half away from zero to the cent, in 64 bits unless the product
    // overflows (then in 128).
    int64_t n = 0, q = 0;
    if (!__builtin_mul_overflow(cost[r], rate, &n)) [[likely]] {
      const int64_t rem = n % 1000000;
      q = n / 1000000 + (rem >= 500000) - (rem <= -500000);
    } else {
      const __int128 wide = static_cast<__int128>(cost[r]) * rate;
      const __int128 rem = wide % 1000000;
      q = static_cast<int64_t>(wide / 1000000 + (rem >= 500000) - (rem <= -500000));
    }
    out.eligible[r] = eligible;
    out.amount[r] = eligible ? q : 0;
    out.failed[r] = eligible ? 0 : 1;
    out.error[r] = 0;
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
