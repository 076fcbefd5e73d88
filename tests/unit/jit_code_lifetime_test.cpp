// The JIT's machine code is freed when nothing holds it: a reform swept over many parameter
// values keeps a bounded number of compilations, and a compilation still held keeps working.
#include <gtest/gtest.h>

#include <memory>
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
  // Watched without being held: k = -1 is compiled again (found in the cache) at every step,
  // k = 0 only once.
  std::weak_ptr<const jit::CompiledScheme> recent, old;
  const auto limit = static_cast<int64_t>(jit::kCachedUnusedSchemes);
  for (int64_t k = 0; k < limit + 64; ++k) {
    auto compiled = jit::compile(program, 0, with_k(program, k));
    ASSERT_EQ(compiled.index(), 0u);
    EXPECT_EQ(amount_for_ten(program, *std::get<0>(compiled)), (10 + k) * 100);  // cents
    if (k == 0) old = std::get<0>(compiled);
    auto again = jit::compile(program, 0, with_k(program, -1));
    ASSERT_EQ(again.index(), 0u);
    if (k > 0) EXPECT_EQ(std::get<0>(again), recent.lock()) << "k = " << k;
    recent = std::get<0>(again);
    // Each is released here: at most `limit` of them stay, held by the cache alone.
    EXPECT_LE(jit::live_code_libraries(), before + static_cast<size_t>(limit) + 2) << "k = " << k;
  }
  EXPECT_TRUE(old.expired());      // the least recently used were freed
  EXPECT_FALSE(recent.expired());  // the one in use at every step was not
  // The one held all along was neither freed nor dropped from the cache.
  EXPECT_EQ(amount_for_ten(program, *kept), 1010 * 100);
  auto again = jit::compile(program, 0, with_k(program, 1000));
  ASSERT_EQ(again.index(), 0u);
  EXPECT_EQ(std::get<0>(again), kept);
}

TEST(JitCodeLifetime, AHeldCatalogueFunctionStaysCached) {
  auto c = compile_snippet("param k : Int = 1\ninput a : Int\namount = (a + k) * 1 €\n", false);
  ASSERT_TRUE(c->ok());
  const ir::Program& program = *c->program;
  auto held = jit::compile_all(program, with_k(program, 1000));
  ASSERT_EQ(held.index(), 0u);
  std::weak_ptr<const jit::CompiledAll> released;
  for (int64_t k = 0; k < 3 * static_cast<int64_t>(jit::kCachedUnusedCatalogues); ++k) {
    auto all = jit::compile_all(program, with_k(program, k));
    ASSERT_EQ(all.index(), 0u);
    if (k == 0) released = std::get<0>(all);
  }
  EXPECT_TRUE(released.expired());
  auto again = jit::compile_all(program, with_k(program, 1000));
  ASSERT_EQ(again.index(), 0u);
  EXPECT_EQ(std::get<0>(again), std::get<0>(held));  // found, not compiled again
}

}  // namespace
}  // namespace bareme::testing
