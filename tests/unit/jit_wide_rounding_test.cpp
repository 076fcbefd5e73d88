// The JIT's inline rounding of exact intermediates (jit/lower_wide_rounding.cpp) against the
// interpreter: a wide value narrowed to a value at rest and `round` to a constant step, in every
// rounding mode, on ties of both signs, values next to them and the edges of the wide range.
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "compile_helpers.hpp"
#include "driver/compile.hpp"
#include "engine/fuzz.hpp"
#include "jit/jit.hpp"

namespace bareme {
namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

// Cents and millionths that make ties (0.50 € × 25 % = 0.125 €), their neighbours, and the
// operands whose products or sums leave 64 bits, or the wide range, or come back into it.
std::vector<int64_t> operands() {
  std::vector<int64_t> out{kMin, kMin + 1, kMax - 1, kMax, kMin / 2, kMax / 2, 0};
  for (int64_t v : std::initializer_list<int64_t>{1, 2, 3, 25, 50, 125, 150, 250'000, 500'000,
                                                  750'000, 1'000'000, 1'500'000, 92'233'720'368'547,
                                                  92'233'720'368'548, 170'141'183'460'469,
                                                  // m × x rounded to 0.50 € at ±2^127: the step's
                                                  // own Overflow edge, with a result kept wide.
                                                  8'954'799'021'098'181'941, 1'900'000'023}) {
    for (int64_t d : {-1, 0, 1}) {
      out.push_back(v + d);
      out.push_back(-v - d);
    }
  }
  return out;
}

// (mode, amount): `MODE` in the amount stands for the scheme's rounding mode. The input m takes
// each operand, and n, r and x together each other operand (value_pairs).
class JitWideRounding : public ::testing::TestWithParam<std::tuple<const char*, const char*>> {};

TEST_P(JitWideRounding, AgreesWithTheInterpreter) {
  const auto [mode, amount_template] = GetParam();
  std::string amount = amount_template;
  for (size_t at; (at = amount.find("MODE")) != std::string::npos;) amount.replace(at, 4, mode);
  const std::string text = std::string("scheme demo \"Demo\"\n  rounding ") + mode +
                           "\ninput m : Money\ninput n : Money\ninput r : Rate\n"
                           "input x : Decimal\namount = " +
                           amount + "\n";
  auto c = driver::compile_text("snippet.bareme", text);
  ASSERT_TRUE(c->ok()) << text;
  const auto& program = *c->program;
  const auto apps = testing::value_pairs(program, operands(), "m");
  for (const int level : {0, 2}) {
    auto compiled = jit::compile(program, 0, {.opt_level = level, .all_inputs_present = true});
    ASSERT_EQ(compiled.index(), 0u) << std::get<1>(compiled).message;
    const auto report = engine::differential(program, 0, std::get<0>(compiled)->function, apps);
    EXPECT_EQ(report.mismatch_count, 0u)
        << amount << " (" << mode << ") at O" << level << ": "
        << (report.mismatches.empty() ? "" : engine::describe(program, report.mismatches[0].jit));
    EXPECT_GT(report.errors, 0u) << amount << ": nothing overflows";
    EXPECT_LT(report.errors, apps.size()) << amount << ": everything overflows";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Modes, JitWideRounding,
    ::testing::Combine(::testing::Values("half_away", "half_even", "up", "down"),
                       ::testing::Values(
                           // Narrowed at rest: a sum of products, a quotient, a product of three.
                           "m * r + n * r", "m / r", "m * r * x", "m * x + n",
                           // round to a constant step, then at rest.
                           "round(m * r, to: 0.01 €, MODE)", "round(m * r + n, to: 1 €, MODE)",
                           "round(m * x, to: 3 €, MODE)", "round(m / r, to: 100 €, MODE)",
                           "round(m * r, to: 0.03 €, MODE) + round(n * x, to: 1000000 €, MODE)",
                           "1 € * round(decimal(m) * x, to: 0.000001, MODE)",
                           "1 € * round(decimal(m) * r, to: 7, MODE)",
            // A wide result: the step's limit itself decides Overflow, not the narrowing.
            "round(m * x, to: 1 € * 0.5, MODE) / 1000000000000")));

}  // namespace
}  // namespace bareme
