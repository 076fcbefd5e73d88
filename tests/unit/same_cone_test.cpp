// prove::SameCone: two versions' scheme found the same only when every definition it reads is.
#include "prove/same_cone.hpp"

#include <gtest/gtest.h>

#include "driver/compile.hpp"

namespace bareme {
namespace {

// A scheme reading an input with a default and bounds, a dated parameter, a rule, a function,
// a table and an enum; `edit` replaces one piece of text to make the other version.
const char* kScheme = R"(scheme s "S"
  as of date
enum Zone { north, south }
input zone : Zone
input date : Date
input price : Money = 100 € "Price" at least 0 € at most 10 000 €
input size : Int
param rate : Rate = 40 % from 2024-01-01 until 2024-12-31, 50 % from 2025-01-01
param cap : Money = 1 000 €
let base : Money = rate * price
let bonus(n: Int) : Money = if n > 2 then 100 € else 0 €
table extra(z: Zone) -> Money unique
  | z     | result |
  | north | 10 €   |
  | south | 20 €   |
eligible when
  priced: price > 0 €
  sized: size >= 1
amount = round(base + bonus(size) + extra(zone), to: 1 €, half_away) capped at cap
)";

struct Version {
  std::unique_ptr<driver::Compilation> c;
  ir::Expr eligible, amount;
  prove::DiffSide side() const {
    return prove::DiffSide{&*c->program, 0, &eligible, &amount, as_of};
  }
  std::optional<runtime::Days> as_of;
};

std::unique_ptr<Version> version(const std::string& text, std::optional<runtime::Days> as_of = {}) {
  auto v = std::make_unique<Version>();
  v->c = driver::compile_text("s.bareme", text);
  EXPECT_TRUE(v->c->program) << text;
  v->eligible.type = ir::Type::of(ir::TypeKind::Bool);
  v->eligible.node = ir::SchemeRef{0, ir::SchemeRef::What::Eligible};
  v->amount.type = ir::Type::of(ir::TypeKind::Money);
  v->amount.node = ir::SchemeRef{0, ir::SchemeRef::What::Amount};
  v->as_of = as_of;
  return v;
}

std::string edited(const std::string& from, const std::string& to) {
  std::string text = kScheme;
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

bool same(const Version& a, const Version& b) {
  prove::SameCone cone(a.side(), b.side());
  return cone.same(a.eligible, b.eligible) && cone.same(a.amount, b.amount);
}

TEST(SameCone, ACopyIsTheSame) {
  const auto a = version(kScheme), b = version(kScheme);
  EXPECT_TRUE(same(*a, *b));
}

TEST(SameCone, CommentsAndLabelsOfConditionsDoNotCount) {
  const auto a = version(kScheme),
             b = version(edited("  sized: size >= 1", "  big_enough: size >= 1  # a note"));
  EXPECT_TRUE(same(*a, *b));
}

// Each edit changes what some application gets: the versions are never the same.
TEST(SameCone, EveryChangedDefinitionIsSeen) {
  const std::vector<std::pair<std::string, std::string>> edits = {
      {"= 100 € \"Price\"", "= 200 € \"Price\""},  // an input's default
      {"at most 10 000 €", "at most 9 000 €"},     // an input's bound
      {"50 % from", "55 % from"},                  // a parameter's later period
      {"from 2025-01-01", "from 2025-02-01"},      // where a period starts
      {"param cap : Money = 1 000 €", "param cap : Money = 900 €"},
      {"let base : Money = rate * price", "let base : Money = rate * price + 1 €"},
      {"then 100 €", "then 110 €"},                              // a function's body
      {"n > 2", "n >= 2"},                                       // a comparison
      {"| south | 20 €   |", "| south | 25 €   |"},              // a table's row
      {"half_away", "half_even"},                                // a rounding mode
      {"round(base + bonus(size)", "round(bonus(size) + base"},  // evaluation order
      {"enum Zone { north, south }", "enum Zone { north, south, east }"},
      {"  priced: price > 0 €\n  sized: size >= 1", "  sized: size >= 1\n  priced: price > 0 €"},
  };
  const auto a = version(kScheme);
  for (const auto& [from, to] : edits) {
    const auto b = version(edited(from, to));
    ASSERT_TRUE(b->c->program) << from << " -> " << to;
    EXPECT_FALSE(same(*a, *b)) << from << " -> " << to;
  }
}

// Dates: both versions at the same date read the same periods; at two dates, the values in force.
TEST(SameCone, ParametersAtEachSidesDate) {
  const auto d = [](int y, int m, int day) { return *runtime::days_from_civil({y, m, day}); };
  const auto a = version(kScheme, d(2024, 3, 1)), same_period = version(kScheme, d(2024, 9, 1));
  EXPECT_TRUE(same(*a, *same_period));
  const auto other_period = version(kScheme, d(2025, 3, 1));
  EXPECT_FALSE(same(*a, *other_period));
  // The later period rewritten to the earlier value: the same values at both dates.
  const auto flat = version(edited("50 % from", "40 % from"), d(2025, 3, 1));
  EXPECT_TRUE(same(*a, *flat));
  // The `as of` input against a fixed date: the date may differ, nothing dated is the same.
  const auto dated_by_input = version(kScheme);
  EXPECT_FALSE(same(*a, *dated_by_input));
  EXPECT_TRUE(same(*dated_by_input, *version(kScheme)));
}

}  // namespace
}  // namespace bareme
