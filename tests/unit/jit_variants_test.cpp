// scoring::JitVariants: the dense function only for blocks whose rows give every input, the
// general one for any other block, each compiled once whichever comes first.
#include "scoring/jit_variants.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <variant>

#include "compile_helpers.hpp"
#include "engine/batch.hpp"
#include "readers/rows.hpp"
#include "scoring/workers.hpp"

namespace bareme::testing {
namespace {

// The JIT caches per options, so this is the function JitVariants compiled or will compile, as
// long as something holds it: each compilation is kept for the whole test binary.
runtime::BatchFunction compiled(const ir::Program& program, bool dense) {
  static std::vector<std::shared_ptr<const jit::CompiledScheme>> held;
  auto c = jit::compile(program, 0, {.all_inputs_present = dense});
  EXPECT_EQ(c.index(), 0u);
  if (c.index() != 0) return nullptr;
  held.push_back(std::get<0>(c));
  return held.back()->function;
}

// Rows of inputs `a` and `b`; `b` left out of the rows listed in `without_b`.
engine::Batch batch_of(const ir::Program& program, size_t rows, std::vector<size_t> without_b) {
  engine::Batch batch(program);
  for (size_t r = 0; r < rows; ++r) {
    batch.push_scalar(0, static_cast<int64_t>(r));
    if (std::find(without_b.begin(), without_b.end(), r) != without_b.end())
      batch.push_absent(1);
    else
      batch.push_scalar(1, 2);
    batch.end_row();
  }
  return batch;
}

TEST(JitVariantsTest, DenseOnlyForBlocksThatGiveEveryInput) {
  auto c = compile_snippet("input a : Int\ninput b : Int\namount = (a + b) * 1 €\n", false);
  ASSERT_TRUE(c->ok());
  const ir::Program& program = *c->program;
  const auto general = compiled(program, false), dense = compiled(program, true);
  ASSERT_NE(general, dense);
  const auto full = batch_of(program, 3, {}), gap = batch_of(program, 3, {1}),
             empty = batch_of(program, 0, {});
  ASSERT_TRUE(full.all_present());
  ASSERT_FALSE(gap.all_present());
  {  // A long input: the dense variant wherever every input is given.
    scoring::JitVariants v(program, 0, {}, std::get<0>(jit::compile(program, 0, {})), true);
    EXPECT_EQ(v.for_block(full), dense);
    EXPECT_EQ(v.for_block(gap), general);
    EXPECT_EQ(v.for_block(empty), general);  // no row: nothing to compile the dense one for
  }
  {  // A short input: the general one, never the dense one.
    scoring::JitVariants v(program, 0, {}, std::get<0>(jit::compile(program, 0, {})), false);
    EXPECT_EQ(v.for_block(full), general);
    EXPECT_EQ(v.for_block(gap), general);
  }
  {  // The dense variant first (a CSV header naming every input): the general one on demand.
    jit::CompileOptions o;
    o.all_inputs_present = true;
    scoring::JitVariants v(program, 0, o, std::get<0>(jit::compile(program, 0, o)), true);
    EXPECT_EQ(v.for_block(gap), general);
    EXPECT_EQ(v.for_block(full), dense);
  }
}

TEST(JitVariantsTest, HeaderGivesEveryInputUnlessOneIsMissing) {
  auto c = compile_snippet(
      "input a : Int\ninput b : Int\nlet c : Int = a unless given\namount = (a + b + c) * 1 €\n",
      false);
  ASSERT_TRUE(c->ok());
  EXPECT_TRUE(scoring::header_gives_every_input(*c->program, {"b", "a"}));  // c may be left out
  EXPECT_TRUE(scoring::header_gives_every_input(*c->program, {"a", "b", "c", "other"}));
  EXPECT_FALSE(scoring::header_gives_every_input(*c->program, {"a", "c"}));
}

// A compiler that fails for the variant `failing` (as LLVM might) and compiles the other.
scoring::JitVariants::Compiler failing_for(bool failing_dense) {
  return [failing_dense](const ir::Program& p, ir::Index s, const jit::CompileOptions& o)
             -> std::variant<std::shared_ptr<const jit::CompiledScheme>, jit::Refusal> {
    if (o.all_inputs_present == failing_dense) return jit::Refusal{"LLVM failed (test)", {}};
    return jit::compile(p, s, o);
  };
}

// One block of CSV rows scored by `score`'s worker with `variants`; the outputs of its rows.
engine::Outputs score_block(const ir::Program& program, scoring::JitVariants* variants,
                            const std::string& rows) {
  const scoring::ScoreOptions options;
  const readers::RowReader reader(program, false, {"a", "b"}, variants != nullptr);
  const scoring::Work work{
      program, 0, options, reader, nullptr, variants, engine::output_shape(program, 0)};
  scoring::Job job;
  job.chunk.bytes = rows;
  work.run(job);
  EXPECT_EQ(job.chunk.rows.size(), 4u);
  EXPECT_TRUE(job.chunk.errors.empty());
  EXPECT_EQ(job.outputs.error.size(), 4u);
  return std::move(job.outputs);
}

TEST(JitVariantsTest, AVariantThatFailsToCompileLeavesItsBlocksToTheInterpreter) {
  auto c = compile_snippet("input a : Int\ninput b : Int\namount = (a + b) * 1 €\n", false);
  ASSERT_TRUE(c->ok());
  const ir::Program& program = *c->program;
  const std::string gap = "1,2\n3,\n-5,6\n7,8\n", full = "1,2\n3,4\n-5,6\n7,8\n";
  const engine::Outputs interpreted_gap = score_block(program, nullptr, gap),
                        interpreted_full = score_block(program, nullptr, full);
  ASSERT_NE(interpreted_gap.error[1], 0);  // b missing: cannot decide
  jit::CompileOptions dense;
  dense.all_inputs_present = true;
  {  // The dense variant compiled first, the general one fails: a block with a gap is
     // interpreted row by row, with the interpreter's results; full blocks still run the JIT.
    scoring::JitVariants v(program, 0, dense, std::get<0>(jit::compile(program, 0, dense)), true,
                           failing_for(false));
    const auto gap_rows = batch_of(program, 2, {1}), full_rows = batch_of(program, 2, {});
    EXPECT_EQ(v.for_block(gap_rows), nullptr);
    EXPECT_EQ(v.for_block(full_rows), compiled(program, true));
    for (const auto& [rows, expected] :
         {std::pair{gap, &interpreted_gap}, {full, &interpreted_full}}) {
      const engine::Outputs out = score_block(program, &v, rows);
      EXPECT_EQ(out.error, expected->error) << rows;
      EXPECT_EQ(out.eligible, expected->eligible) << rows;
      EXPECT_EQ(out.amount, expected->amount) << rows;
    }
  }
  {  // The dense variant fails: full blocks run the general one.
    scoring::JitVariants v(program, 0, {}, std::get<0>(jit::compile(program, 0, {})), true,
                           failing_for(true));
    EXPECT_EQ(v.for_block(batch_of(program, 2, {})), compiled(program, false));
    const engine::Outputs out = score_block(program, &v, full);
    EXPECT_EQ(out.amount, interpreted_full.amount);
  }
}

}  // namespace
}  // namespace bareme::testing
