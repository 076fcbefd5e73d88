// The JIT's machine code is freed when nothing holds it: a reform swept over many parameter
// values keeps a bounded number of compilations, and a compilation still held keeps working.
#include <gtest/gtest.h>

#include <variant>

#include "compile_helpers.hpp"
#include "engine/batch.hpp"
#include "jit/jit.hpp"

namespace bareme::testing {
namespace {

jit::CompileOptions with_k(const ir::Program& program, int64_t k) {
  jit::CompileOptions options;
  options.opt_level = 0;
  options.param_overrides.resize(program.params.size());
  options.param_overrides[0] = runtime::Value::of(k);
  return options;
}

// The amount the compiled scheme gives for a = 10 (the scheme pays (a + k) €).
int64_t amount_for_ten(const ir::Program& program, const jit::CompiledScheme& compiled) {
  engine::Batch batch(program);
  batch.push_scalar(0, 10);
  batch.end_row();
  const auto rows =
      engine::run_compiled(compiled.function, engine::output_shape(program, 0), batch, 1);
  EXPECT_EQ(rows.front().error, 0);
  return rows.front().amount;
}

TEST(JitCodeLifetime, ASweptReformKeepsABoundedNumberOfCompilations) {
  auto c = compile_snippet("param k : Int = 1\ninput a : Int\namount = (a + k) * 1 €\n", false);
  ASSERT_TRUE(c->ok());
  const ir::Program& program = *c->program;
  ASSERT_EQ(program.params.size(), 1u);
  auto held = jit::compile(program, 0, with_k(program, 1000));
  ASSERT_EQ(held.index(), 0u);
  const auto& kept = std::get<0>(held);
  const size_t before = jit::live_code_libraries();
  for (int64_t k = 0; k < 3 * static_cast<int64_t>(jit::kCachedUnused); ++k) {
    auto compiled = jit::compile(program, 0, with_k(program, k));
    ASSERT_EQ(compiled.index(), 0u);
    EXPECT_EQ(amount_for_ten(program, *std::get<0>(compiled)), (10 + k) * 100);  // cents
    // Each one is released here: at most kCachedUnused of them stay, held by the cache alone.
    EXPECT_LE(jit::live_code_libraries(), before + jit::kCachedUnused + 1) << "k = " << k;
  }
  // The one held all along was neither freed nor dropped from the cache.
  EXPECT_EQ(amount_for_ten(program, *kept), 1010 * 100);
  auto again = jit::compile(program, 0, with_k(program, 1000));
  ASSERT_EQ(again.index(), 0u);
  EXPECT_EQ(std::get<0>(again), kept);
}

}  // namespace
}  // namespace bareme::testing
