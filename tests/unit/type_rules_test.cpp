// The type and unit rules of the checker, seen through the types it gives to definitions.
#include <gtest/gtest.h>

#include "compile_helpers.hpp"

namespace bareme::testing {
namespace {

struct Rule {
  const char* expression;
  const char* type;  // the type of `let x = expression`, or a diagnostic id
};

class TypeRules : public ::testing::TestWithParam<Rule> {};

TEST_P(TypeRules, GiveTheDocumentedTypeOrDiagnostic) {
  const Rule& r = GetParam();
  auto c = compile_snippet(std::string("input n : Int\ninput d : Date\nlet x = ") + r.expression);
  const auto ids = diagnostic_ids(*c);
  if (ids.empty()) {
    EXPECT_EQ(rule_type(*c, "x"), r.type) << r.expression;
  } else {
    ASSERT_EQ(ids.size(), 1u) << r.expression;
    EXPECT_EQ(ids[0], r.type) << r.expression;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Arithmetic, TypeRules,
    ::testing::Values(
        Rule{"1 + 2", "Int"}, Rule{"n * 2", "Int"}, Rule{"7 / 2", "Decimal"}, Rule{"1.5 + n", "Decimal"},
        Rule{"2 700 € + 3 M€", "Money"}, Rule{"3000 € * n", "Money"}, Rule{"n * 3000 €", "Money"},
        Rule{"60 % * 2100 €", "Money"}, Rule{"2100 € * 60 %", "Money"}, Rule{"1500 € * 0.5", "Money"},
        Rule{"3000 € / 4", "Money"}, Rule{"3000 € / 4000 €", "Rate"}, Rule{"60 % + 5 %", "Rate"},
        Rule{"60 % * 50 %", "Rate"}, Rule{"60 % * n", "Rate"}, Rule{"60 % * 1.5", "Decimal"},
        Rule{"22 kW + 3 kW", "kW"}, Rule{"22 kW * 2", "kW"}, Rule{"22 kW * 50 %", "kW"},
        Rule{"22 kW / 11 kW", "Decimal"}, Rule{"d + 3 months", "Date"}, Rule{"2 years + d", "Date"},
        Rule{"d - 30 days", "Date"}, Rule{"d - 2021-01-01", "Int"}, Rule{"3 months * 2", "Duration"},
        Rule{"-(3000 €)", "Money"}, Rule{"3000 € / 60 %", "Money"}, Rule{"decimal(3000.50 €)", "Decimal"},
        Rule{"3000 € / 1 €", "Rate"}));

INSTANTIATE_TEST_SUITE_P(
    Errors, TypeRules,
    ::testing::Values(
        Rule{"3000 € + 2", "MissingEuro"}, Rule{"2 + 3000 €", "MissingEuro"}, Rule{"22 kW + 3 kVA", "UnitMismatch"},
        Rule{"3000 € * 2000 €", "InvalidOperands"}, Rule{"22 kW > 2000 €", "InvalidOperands"},
        Rule{"d + d", "InvalidOperands"}, Rule{"3 months < 90 days", "InvalidOperands"},
        Rule{"true + 1", "InvalidOperands"}, Rule{"\"a\" * 2", "InvalidOperands"},
        Rule{"not 3", "TypeMismatch"}, Rule{"1 and true", "TypeMismatch"},
        Rule{"if n > 1 then 3000 € else 2", "TypeMismatch"}, Rule{"2021-02-30", "InvalidLiteral"},
        Rule{"1500.505 €", "InvalidLiteral"}, Rule{"99999999999999999999", "InvalidLiteral"},
        Rule{"22 kWh", "UnknownUnit"}, Rule{"1 + 60 %", "InvalidOperands"}, Rule{"60 % - 0.5", "InvalidOperands"},
        Rule{"60 % / 2", "InvalidOperands"}, Rule{"60 % / 50 %", "InvalidOperands"},
        Rule{"decimal(d)", "InvalidCall"}));

// Money per a period or a unit (kW stands for any unit): kept by numbers and rates, turned into
// an amount by a written duration, mixed with another period or unit never.
INSTANTIATE_TEST_SUITE_P(
    MoneyPerPeriod, TypeRules,
    ::testing::Values(
        Rule{"350 €/month", "Money/month"}, Rule{"350 €/mois", "Money/month"}, Rule{"4 k€/an", "Money/year"},
        Rule{"5 €/month/kW", "Money/month/kW"}, Rule{"5 €/kW", "Money/kW"},
        Rule{"350 €/month + 10 €/month", "Money/month"}, Rule{"350 €/month * n", "Money/month"},
        Rule{"2 * 350 €/month", "Money/month"}, Rule{"350 €/month * 1.5", "Money/month"},
        Rule{"60 % * 350 €/year", "Money/year"}, Rule{"350 €/month / 2", "Money/month"},
        Rule{"350 €/month / 700 €/month", "Rate"}, Rule{"350 €/month * 12 months", "Money"},
        Rule{"1 year * 350 €/month", "Money"}, Rule{"350 €/year * 6 months", "Money"},
        Rule{"5 €/month/kW * 3 kW", "Money/month"}, Rule{"3 kW * 5 €/kW", "Money"},
        Rule{"300 €/year / 3 kW", "Money/year/kW"}, Rule{"350 €/month <= 4 200 €/month", "Bool"},
        Rule{"350 €/month <= 4 200 €/year", "PeriodMismatch"}, Rule{"350 €/month + 4 200 €", "PeriodMismatch"},
        Rule{"350 € - 4 200 €/year", "PeriodMismatch"}, Rule{"5 €/month/kW + 5 €/month", "PeriodMismatch"},
        Rule{"350 €/month / 4 200 €/year", "PeriodMismatch"}, Rule{"350 €/month capped at 4 k€/year", "PeriodMismatch"},
        Rule{"350 €/month * 30 days", "InvalidOperands"}, Rule{"350 € * 12 months", "InvalidOperands"},
        Rule{"350 €/month * 350 €/month", "InvalidOperands"}, Rule{"5 €/month/kW * 3 kVA", "InvalidOperands"},
        Rule{"5 €/month/kW / 3 kW", "InvalidOperands"}, Rule{"350 €/month < 3", "MissingEuro"},
        Rule{"350 €/week", "UnknownUnit"}, Rule{"350 €/month/year", "UnknownUnit"}));

// `not applicable` takes the type of the other branch, on either side; alone it has none.
INSTANTIATE_TEST_SUITE_P(
    NotApplicable, TypeRules,
    ::testing::Values(Rule{"if n > 1 then 3000 € else not applicable", "Money"},
                      Rule{"if n > 1 then not applicable else 2.5", "Decimal"},
                      Rule{"(if n > 1 then n else not applicable) * 2", "Int"},
                      Rule{"not applicable", "UntypedNotApplicable"},
                      Rule{"if n > 1 then not applicable else not applicable", "UntypedNotApplicable"}));

INSTANTIATE_TEST_SUITE_P(
    Comparisons, TypeRules,
    ::testing::Values(Rule{"n < 2", "Bool"}, Rule{"n < 2.5", "Bool"}, Rule{"2 700 € >= 2 100 €", "Bool"},
                      Rule{"d < 2024-12-31", "Bool"}, Rule{"22 kW <= 22.1 kW", "Bool"},
                      Rule{"\"a\" == \"b\"", "Bool"}, Rule{"3 months == 1 year", "Bool"},
                      Rule{"n in {1, 2, 3}", "Bool"}, Rule{"n not in {1}", "Bool"},
                      Rule{"2100 € capped at 1500 €", "Money"}, Rule{"n capped at 2.5", "Decimal"},
                      Rule{"min(1, 2.5)", "Decimal"}, Rule{"round(1234.56 €, to: 1 €, down)", "Money"},
                      Rule{"years_between(d, 2030-01-01)", "Int"}));

TEST(TypeRules, EnumCasesResolveAgainstTheOtherSide) {
  auto c = compile_snippet("input r : Region\nlet x = r == occitanie\nlet y = r in {bretagne}\nlet z = Size.small");
  EXPECT_TRUE(diagnostic_ids(*c).empty());
  EXPECT_EQ(rule_type(*c, "z"), "Size");
}

TEST(TypeRules, MisspelledCaseSuggestsTheNearestOne) {
  auto c = compile_snippet("input r : Region\nlet x = r == ocitanie");
  ASSERT_EQ(diagnostic_ids(*c), std::vector<std::string>{"UnknownEnumCase"});
  const auto& notes = c->sink.diagnostics()[0].notes;
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].message, "did you mean `occitanie`?");
}

TEST(TypeRules, MatchMustCoverEveryCase) {
  auto ok = compile_snippet("input s : Size\nlet r = match s { small => 60 %, medium | large => 40 % }");
  EXPECT_TRUE(diagnostic_ids(*ok).empty());
  EXPECT_EQ(rule_type(*ok, "r"), "Rate");
  auto missing = compile_snippet("input s : Size\nlet r = match s { small => 60 %, medium => 50 % }");
  EXPECT_EQ(diagnostic_ids(*missing), std::vector<std::string>{"NonExhaustiveMatch"});
}

TEST(TypeRules, CyclesAreReportedOnceWithEveryName) {
  auto c = compile_snippet("let a = b + 1\nlet b = c\nlet c = a");
  ASSERT_EQ(diagnostic_ids(*c), std::vector<std::string>{"DefinitionCycle"});
  EXPECT_EQ(c->sink.diagnostics()[0].message, "these definitions depend on each other: a → b → c → a");
}

TEST(TypeRules, ComprehensionsBindEachRecord) {
  auto c = compile_snippet(
      "record Aid { amount: Money, granted_on: Date }\ninput aids : List<Aid>\ninput d : Date\n"
      "let used = sum(a.amount for a in aids where a.granted_on > d - 3 years)\n"
      "let n = count(a in aids where a.amount > 0 €)\nlet big = any(a.amount > 200 000 € for a in aids)");
  EXPECT_TRUE(diagnostic_ids(*c).empty());
  EXPECT_EQ(rule_type(*c, "used"), "Money");
  EXPECT_EQ(rule_type(*c, "n"), "Int");
  EXPECT_EQ(rule_type(*c, "big"), "Bool");
}

}  // namespace
}  // namespace bareme::testing
