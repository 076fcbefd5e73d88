// The decision-table checker: overlaps and gaps of unique tables, unreachable rows of first tables.
#include <gtest/gtest.h>

#include "compile_helpers.hpp"

namespace bareme::testing {
namespace {

const char* kSizeTable =
    "table size(headcount: Int, turnover: Money) -> Size unique\n"
    "  | headcount | turnover       | size   |\n"
    "  | < 50      | <= 10 M€       | small  |\n"
    "  | < 50      | (10 M€, 50 M€] | medium |\n"
    "  | [50, 250] | <= 50 M€       | medium |\n"
    "  | > 250     | any            | large  |\n";

TEST(TableCheck, ProvesTheCorrectedSizeGridComplete) {
  auto c = compile_snippet(std::string(kSizeTable) + "  | <= 250 | > 50 M€ | large |\n");
  EXPECT_TRUE(diagnostic_ids(*c).empty());
  ASSERT_TRUE(c->program.has_value());
  EXPECT_TRUE(c->program->tables[0].proven_complete);
}

TEST(TableCheck, ReportsAnOverlapWithAWitness) {
  auto c = compile_snippet(std::string(kSizeTable) + "  | any | > 50 M€ | large |\n");
  ASSERT_EQ(diagnostic_ids(*c), std::vector<std::string>{"TableOverlap"});
  EXPECT_EQ(c->sink.diagnostics()[0].message,
            "rows 4 and 5 of unique table `size` both match headcount = 251, turnover = 50 000 000.01 €");
}

TEST(TableCheck, ReportsAGapWithAWitness) {
  auto c = compile_snippet(kSizeTable);
  ASSERT_EQ(diagnostic_ids(*c), std::vector<std::string>{"TableGap"});
  EXPECT_EQ(c->sink.diagnostics()[0].message,
            "no row of unique table `size` matches headcount = 49, turnover = 50 000 000.01 €");
}

TEST(TableCheck, ExclusiveAndInclusiveBoundsMeetExactly) {
  auto c = compile_snippet(
      "table t(p: kW) -> Money unique\n | p | cap |\n | <= 22 kW | 2 100 € |\n | > 22 kW | 2 700 € |\n");
  EXPECT_TRUE(diagnostic_ids(*c).empty());
  auto gap = compile_snippet(
      "table t(p: kW) -> Money unique\n | p | cap |\n | < 22 kW | 2 100 € |\n | > 22 kW | 2 700 € |\n");
  ASSERT_EQ(diagnostic_ids(*gap), std::vector<std::string>{"TableGap"});
  EXPECT_EQ(gap->sink.diagnostics()[0].message, "no row of unique table `t` matches p = 22 kW");
}

TEST(TableCheck, EnumColumnsMustListEveryCase) {
  auto c = compile_snippet(
      "table rate(s: Size, r: Region) -> Rate unique\n | s | r | rate |\n"
      " | small | any | 60 % |\n | {medium, large} | occitanie | 50 % |\n");
  ASSERT_EQ(diagnostic_ids(*c), std::vector<std::string>{"TableGap"});
  EXPECT_EQ(c->sink.diagnostics()[0].message, "no row of unique table `rate` matches s = medium, r = bretagne");
}

TEST(TableCheck, FirstTablesWarnAboutHiddenRows) {
  auto c = compile_snippet(
      "table t(n: Int) -> Int first\n | n | v |\n | < 10 | 1 |\n | any | 2 |\n | [3, 5] | 3 |\n");
  ASSERT_EQ(diagnostic_ids(*c), std::vector<std::string>{"TableUnreachableRow"});
  EXPECT_FALSE(c->sink.has_errors());
}

TEST(TableCheck, NonConstantBoundsAreNotProven) {
  auto c = compile_snippet(
      "input limit : Int\ntable t(n: Int) -> Int unique\n | n | v |\n | < limit | 1 |\n | >= limit | 2 |\n");
  EXPECT_EQ(diagnostic_ids(*c), std::vector<std::string>{"TableUnchecked"});
  EXPECT_FALSE(c->program->tables[0].proven_complete);
}

TEST(TableCheck, SingleValuedParamsCountAsConstants) {
  auto c = compile_snippet(
      "param limit : Int = 50\ntable t(n: Int) -> Int unique\n | n | v |\n | < limit | 1 |\n | >= limit | 2 |\n");
  EXPECT_TRUE(diagnostic_ids(*c).empty());
}

}  // namespace
}  // namespace bareme::testing
