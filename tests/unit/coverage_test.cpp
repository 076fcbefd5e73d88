// Test coverage: the IR's items and the ways the interpreter records for them.
#include <gtest/gtest.h>

#include "compile_helpers.hpp"
#include "interp/interp.hpp"
#include "ir/coverage_items.hpp"

namespace bareme {
namespace {

const char* const kBody = R"(
input s : Size
input p : Int
table rate(p: Int) -> Int first
  | p    | r |
  | < 10 | 1 |
  | < 20 | 2 |
  | any  | 3 |
let arm : Int = match s { small => 1, medium | large => 2 }
let unread : Int = if p > 5 then 1 else 2
eligible when
  positive: p >= 0 else "no"
amount = (rate(p) * 1 € + arm * 1 €) capped at 3 €
)";

// The snippet compiled, and the ways recorded by the evaluations made so far.
struct Recorded {
  std::unique_ptr<driver::Compilation> c = testing::compile_snippet(kBody, false);
  interp::CoverageHits hits;
  void evaluate(int64_t size, int64_t p) {
    auto app = interp::empty_application(*c->program);
    for (size_t i = 0; i < c->program->inputs.size(); ++i) {
      app.inputs[i] = runtime::Value::of(c->program->inputs[i].name == "s" ? size : p);
    }
    interp::Options options;
    const auto plain = interp::evaluate(*c->program, 0, app);
    options.coverage = &hits;
    const auto recorded = interp::evaluate(*c->program, 0, app, options);
    // Recording changes nothing in the result.
    EXPECT_EQ(plain.eligible, recorded.eligible);
    EXPECT_EQ(plain.amount, recorded.amount);
  }
  uint8_t ways(ir::CoverageKind kind, size_t nth = 0) const {
    for (const auto& item : ir::coverage_items(*c->program)) {
      if (item.kind == kind && nth-- == 0) return hits.of(item.node);
    }
    ADD_FAILURE() << "no such item";
    return 0;
  }
};

TEST(Coverage, ItemsAreListedEvenWhenNeverEvaluated) {
  Recorded run;
  ASSERT_TRUE(run.c->ok());
  const auto items = ir::coverage_items(*run.c->program);
  size_t counts[6] = {};
  for (const auto& item : items) ++counts[static_cast<size_t>(item.kind)];
  EXPECT_EQ(counts[static_cast<size_t>(ir::CoverageKind::Condition)], 1u);
  EXPECT_EQ(counts[static_cast<size_t>(ir::CoverageKind::If)], 1u);
  EXPECT_EQ(counts[static_cast<size_t>(ir::CoverageKind::MatchArm)], 2u);
  EXPECT_EQ(counts[static_cast<size_t>(ir::CoverageKind::TableRow)], 3u);
  EXPECT_EQ(counts[static_cast<size_t>(ir::CoverageKind::Cap)], 1u);
  std::vector<std::string> described;
  for (const auto& item : items) described.push_back(ir::describe(item));
  EXPECT_EQ(described, (std::vector<std::string>{"match arm `small`", "match arm `medium | large`", "if",
                                                 "table row 1 of `rate`", "table row 2 of `rate`",
                                                 "table row 3 of `rate`", "condition `positive`", "capped at"}));
}

TEST(Coverage, RecordsEachWay) {
  Recorded run;
  ASSERT_TRUE(run.c->ok());
  run.evaluate(0, 3);  // row 1 hit (2 and 3 not: a first table stops), small, 1 + 1 € within the cap
  EXPECT_EQ(run.ways(ir::CoverageKind::TableRow, 0), 1);
  EXPECT_EQ(run.ways(ir::CoverageKind::TableRow, 1), 2);
  EXPECT_EQ(run.ways(ir::CoverageKind::TableRow, 2), 2);
  EXPECT_EQ(run.ways(ir::CoverageKind::MatchArm, 0), 1);
  EXPECT_EQ(run.ways(ir::CoverageKind::MatchArm, 1), 2);
  EXPECT_EQ(run.ways(ir::CoverageKind::Condition), 1);
  EXPECT_EQ(run.ways(ir::CoverageKind::Cap), 2);
  EXPECT_EQ(run.ways(ir::CoverageKind::If), 0);  // `unread` is read by nothing
  run.evaluate(2, 25);  // row 3 hit, large, 3 + 2 € capped at 3 €
  EXPECT_EQ(run.ways(ir::CoverageKind::TableRow, 2), 3);
  EXPECT_EQ(run.ways(ir::CoverageKind::MatchArm, 0), 3);
  EXPECT_EQ(run.ways(ir::CoverageKind::MatchArm, 1), 3);
  EXPECT_EQ(run.ways(ir::CoverageKind::Cap), 3);
  EXPECT_EQ(run.ways(ir::CoverageKind::TableRow, 1), 2);  // never hit
  run.evaluate(0, -1);  // the condition false
  EXPECT_EQ(run.ways(ir::CoverageKind::Condition), 3);
}

}  // namespace
}  // namespace bareme
