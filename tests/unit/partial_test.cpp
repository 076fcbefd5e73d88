// Partial evaluation: the three outcomes, and the ranking of the inputs still needed.
#include "partial/partial.hpp"

#include <gtest/gtest.h>

#include "compile_helpers.hpp"

namespace bareme {
namespace {

// `kind` decides a branch of the amount and two conditions; `a` one condition and the amount;
// `b` and `c` one branch each; `d` only the amount's else branch is read when kind is 1.
const char* const kBody = R"(
input kind : Int
input a : Int
input b : Int
input c : Int
input flag : Bool = true
eligible when
  kind known: kind >= 0 else "no kind"
  a positive: a > 0 and kind < 10 else "a"
  flagged: flag else "flag"
amount = if kind == 1 then (a + b) * 1 € else (a + c) * 1 €
)";

struct Snippet {
  std::unique_ptr<driver::Compilation> c = testing::compile_snippet(kBody, false);
  interp::Application app = interp::empty_application(*c->program);
  void set(const std::string& name, int64_t v) {
    for (size_t i = 0; i < c->program->inputs.size(); ++i)
      if (c->program->inputs[i].name == name) app.inputs[i] = runtime::Value::of(v);
  }
  partial::Outcome run() { return partial::evaluate(*c->program, 0, app); }
  std::vector<std::pair<std::string, int>> ranked(const partial::Outcome& o) {
    std::vector<std::pair<std::string, int>> out;
    for (const auto& m : o.missing) out.emplace_back(c->program->inputs[m.input].name, m.decides);
    return out;
  }
};

TEST(Partial, RanksByWhatEachInputDecidesThenDeclarationOrder) {
  Snippet s;
  ASSERT_TRUE(s.c->program);
  const auto o = s.run();
  EXPECT_EQ(o.status, partial::Status::Undetermined);
  // kind: two conditions, the amount, the amount's `if`; a: one condition, the amount; b and c:
  // the amount (its branch undecided), tied, in declaration order.
  const std::vector<std::pair<std::string, int>> want{{"kind", 4}, {"a", 2}, {"b", 1}, {"c", 1}};
  EXPECT_EQ(s.ranked(o), want);
  EXPECT_EQ(o.answered, 0u);
}

TEST(Partial, AKnownBranchDropsTheInputsOfTheOther) {
  Snippet s;
  s.set("kind", 1);
  const auto o = s.run();
  EXPECT_EQ(o.status, partial::Status::Undetermined);
  const std::vector<std::pair<std::string, int>> want{{"a", 2}, {"b", 1}};
  EXPECT_EQ(s.ranked(o), want);
}

TEST(Partial, AConditionKnownToFailDecidesAlthoughAnotherLacksAnInput) {
  Snippet s;
  s.set("kind", 20);  // `a > 0 and kind < 10` is false whatever a is
  const auto o = s.run();
  EXPECT_EQ(o.status, partial::Status::NotEligible);
  ASSERT_TRUE(o.failed);
  EXPECT_EQ(o.failed->name, "a positive");
  EXPECT_TRUE(o.missing.empty());
}

TEST(Partial, AskingInOrderConvergesToTheFullEvaluation) {
  Snippet s;
  const std::map<std::string, int64_t> answers{{"kind", 2}, {"a", 3}, {"b", 100}, {"c", 4}};
  int asked = 0;
  partial::Outcome o = s.run();
  while (o.status == partial::Status::Undetermined && asked < 10) {
    ASSERT_FALSE(o.missing.empty());
    s.set(s.c->program->inputs[o.missing.front().input].name,
          answers.at(s.c->program->inputs[o.missing.front().input].name));
    ++asked;
    o = s.run();
  }
  EXPECT_EQ(asked, 3);  // b is never asked: kind = 2 takes the else branch
  EXPECT_EQ(o.status, partial::Status::Eligible);
  const auto full = interp::evaluate(*s.c->program, 0, s.app);
  EXPECT_EQ(o.amount, full.amount);
  EXPECT_EQ(o.amount, 700);
}

TEST(Partial, JsonSaysUndeterminedWithTheRankedInputs) {
  Snippet s;
  const std::string json = partial::missing_json(*s.c->program, 0, s.app, {}, s.c->sources);
  EXPECT_NE(json.find("\"status\": \"undetermined\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"eligible\": null"), std::string::npos) << json;
  EXPECT_LT(json.find("\"input\": \"kind\""), json.find("\"input\": \"a\"")) << json;
  EXPECT_NE(json.find("\"asked\": 4"), std::string::npos) << json;
}

}  // namespace
}  // namespace bareme
