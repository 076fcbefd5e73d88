// The expression generator of `fuzz-diff --expressions`: deterministic, accepted by the checker,
// and reaching every arithmetic form of Int, Decimal, Money, Rate and quantities.
#include "engine/expression_gen.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "driver/compile.hpp"
#include "ir/walk.hpp"

namespace bareme::testing {
namespace {

void collect_ops(const ir::Expr& e, std::set<ir::ArithOp>& ops) {
  if (const auto* a = std::get_if<ir::Arith>(&e.node)) ops.insert(a->op);
  ir::for_each_child(e, [&](const ir::Expr& child) { collect_ops(child, ops); });
}

TEST(ExpressionGen, SameSeedSameTextOtherSeedOtherText) {
  EXPECT_EQ(engine::generate_scheme(42), engine::generate_scheme(42));
  EXPECT_NE(engine::generate_scheme(42), engine::generate_scheme(43));
  EXPECT_NE(engine::generate_scheme(42, {.depth = 2}), engine::generate_scheme(42, {.depth = 6}));
}

TEST(ExpressionGen, EveryTextTypeChecksAndTheyCoverTheArithmetic) {
  std::set<ir::ArithOp> ops;
  std::string all;
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    const std::string text =
        engine::generate_scheme(seed, {.depth = 1 + static_cast<int>(seed % 6)});
    const auto c = driver::compile_text("generated.bareme", text);
    ASSERT_TRUE(c->ok()) << "seed " << seed << ":\n" << text;
    for (const auto& r : c->program->rules) {
      if (r.value) collect_ops(*r.value, ops);
    }
    for (const auto& s : c->program->schemes) {
      collect_ops(*s.amount, ops);
      for (const auto& cond : s.conditions) collect_ops(*cond.test, ops);
    }
    all += text;
  }
  // Every form of `arith_form` but those of dates and durations.
  for (int op = static_cast<int>(ir::ArithOp::IntAdd);
       op <= static_cast<int>(ir::ArithOp::QtyDivQty); ++op) {
    EXPECT_TRUE(ops.count(static_cast<ir::ArithOp>(op))) << "no ArithOp number " << op;
  }
  static constexpr const char* kConstructs[] = {"round(",
                                                ", to: ",
                                                "half_away",
                                                "half_even",
                                                " up)",
                                                " down)",
                                                "min(",
                                                "max(",
                                                "abs(",
                                                "decimal(",
                                                "capped at",
                                                "if (",
                                                " in {",
                                                "not (",
                                                " and ",
                                                " or ",
                                                "-(",
                                                "k€",
                                                "M€",
                                                " kW",
                                                "0.01 €",
                                                "0.0001 %",
                                                "9223372036854775807",
                                                "92233720368547758.07 €",
                                                "eligible when",
                                                "let v",
                                                " : Money = "};
  for (const char* construct : kConstructs) {
    EXPECT_NE(all.find(construct), std::string::npos) << "never generated: " << construct;
  }
}

}  // namespace
}  // namespace bareme::testing
