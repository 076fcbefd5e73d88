// The JIT's checked arithmetic against the interpreter at the edges of 64 bits: each operation's
// overflow test, and the rounding of Money × Rate and Money / Rate, on every pair of boundary
// operands.
#include <gtest/gtest.h>

#include <limits>

#include "compile_helpers.hpp"
#include "engine/fuzz.hpp"
#include "jit/jit.hpp"

namespace bareme {
namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

// Operands at and next to every edge where some operation below starts to overflow.
std::vector<int64_t> edges() {
  std::vector<int64_t> out{kMin, kMin + 1, kMin / 2, kMin / 2 - 1, -500001,      -500000,  -1,  0,
                           1,    499999,   500000,   kMax / 2,     kMax / 2 + 1, kMax - 1, kMax};
  for (int64_t k : {7, -3, 600000, -600000, 1600000, -1600000, 750000}) {
    for (int64_t edge : {kMin / k, kMax / k, (kMax - 500000) / k, (kMin + 500000) / k}) {
      for (int64_t d : {-1, 0, 1}) out.push_back(edge + d);
    }
  }
  return out;
}

// Every pair of edges as the inputs m and n (r, a Rate, and i, an Int, take n too).
class JitArithmetic : public ::testing::TestWithParam<const char*> {};

TEST_P(JitArithmetic, AgreesWithTheInterpreterAtTheEdges) {
  const std::string body =
      std::string("input m : Money\ninput n : Money\ninput r : Rate\ninput i : Int\n") +
      "amount = " + GetParam() + "\n";
  auto c = testing::compile_snippet(body, false);
  ASSERT_TRUE(c->ok()) << body;
  const auto& program = *c->program;
  const auto apps = testing::value_pairs(program, edges(), "m");
  for (const int level : {0, 2}) {
    for (const bool dense : {false, true}) {
      auto compiled = jit::compile(program, 0, {.opt_level = level, .all_inputs_present = dense});
      ASSERT_EQ(compiled.index(), 0u) << std::get<1>(compiled).message;
      const auto& fn = *std::get<0>(compiled);
      const auto report = engine::differential(program, 0, fn.function, apps);
      EXPECT_EQ(report.mismatch_count, 0u)
          << GetParam() << " at O" << level << (dense ? " dense" : "") << ": "
          << (report.mismatches.empty() ? "" : engine::describe(program, report.mismatches[0].jit));
      EXPECT_GT(report.errors, 0u) << GetParam() << ": no pair of edges overflows";
      EXPECT_LT(report.errors, apps.size()) << GetParam() << ": every pair of edges overflows";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Operations, JitArithmetic,
                         ::testing::Values("m + n", "m - n", "m * 7", "7 * m", "m * -3", "m * -1",
                                           "0 € - m", "m * 160 %", "m * -160 %", "m * r", "m * i",
                                           "m * 75 % + n * 75 %", "m * 1 + n", "m * 0 - n",
                                           // Money / Rate (0 % divides by zero), decimal(Money).
                                           "m / r", "m / 50 %", "m / -62.5 %", "m / 30 % + n",
                                           "1 € * decimal(m)", "m * decimal(n)"));

}  // namespace
}  // namespace bareme
