// Reading applications from JSON: exact numbers, texts for money and rates, precise errors.
#include <gtest/gtest.h>

#include "compile_helpers.hpp"
#include "inputs/application.hpp"

namespace bareme::testing {
namespace {

class InputsTest : public ::testing::Test {
 protected:
  std::unique_ptr<driver::Compilation> c = compile_snippet(
      "record Aid { amount: Money, granted_on: Date }\n"
      "input cost : Money\ninput rate : Rate\ninput region : Region\ninput on : Date\n"
      "input power : kW\ninput aids : List<Aid>\ninput count : Int = 1\n");

  inputs::ReadApplication read(const std::string& json) {
    EXPECT_TRUE(c->ok());
    auto parsed = inputs::parse_json(json);
    EXPECT_TRUE(std::holds_alternative<inputs::Json>(parsed));
    return inputs::read_application(*c->program, std::get<inputs::Json>(parsed), true);
  }
};

TEST_F(InputsTest, ReadsEveryTypeExactly) {
  auto r = read(R"({"cost": "2 700.50 €", "rate": "60 %", "region": "occitanie", "on": "2024-02-29",
                    "power": "22.1 kW", "aids": [{"amount": 1500.25, "granted_on": "2023-01-01"}]})");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].message;
  EXPECT_EQ(r.app.inputs[0]->scalar, 270050);
  EXPECT_EQ(r.app.inputs[1]->scalar, 600000);
  EXPECT_EQ(r.app.inputs[2]->scalar, 0);
  EXPECT_EQ(r.app.inputs[4]->scalar, 22100000);
  EXPECT_EQ(r.app.inputs[5]->elements()[0].elements()[0].scalar, 150025);
  EXPECT_FALSE(r.app.inputs[6].has_value());  // `count` keeps its default
}

TEST_F(InputsTest, NumbersNeverPassThroughFloatingPoint) {
  // 0.1 + 0.2 style values and 17 significant digits stay exact.
  auto r = read(R"({"cost": 90071992547409.93, "rate": 0.1, "region": "bretagne", "on": "2024-01-01",
                    "power": 0.000001, "aids": []})");
  ASSERT_TRUE(r.errors.empty());
  EXPECT_EQ(r.app.inputs[0]->scalar, 9007199254740993);
  EXPECT_EQ(r.app.inputs[1]->scalar, 100000);
  EXPECT_EQ(r.app.inputs[4]->scalar, 1);
}

TEST_F(InputsTest, ReportsEveryErrorWithItsPath) {
  auto r = read(R"({"cost": "12,5 €", "rate": 2, "regoin": "x", "on": "2021-02-29",
                    "power": "22 kVA", "aids": [{"amount": 1, "granted": "2023-01-01"}]})");
  std::vector<std::string> paths;
  for (const auto& e : r.errors) paths.push_back(e.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"$.cost", "$.regoin", "$.on", "$.power", "$.aids[0].granted",
                                              "$.aids[0]", "$.region"}));
  EXPECT_EQ(r.errors[1].message, "the scheme has no input \"regoin\"; did you mean \"region\"?");
  EXPECT_EQ(r.errors[6].message, "the input \"region\" (Region) is missing");
}

// A member given twice is an error, for an input as for a record's field: the reader never
// picks one of the two values.
TEST_F(InputsTest, RefusesAMemberGivenTwice) {
  auto r = read(R"({"cost": 1, "rate": 0.5, "region": "bretagne", "on": "2024-01-01", "power": 1,
                    "aids": [{"amount": 1, "granted_on": "2023-01-01", "amount": 2}], "cost": 3})");
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].path, "$.aids[0].amount");
  EXPECT_EQ(r.errors[0].message, "the field \"amount\" of Aid is given twice");
  EXPECT_FALSE(r.app.inputs[5].has_value());
  EXPECT_EQ(r.errors[1].path, "$.cost");
  EXPECT_EQ(r.errors[1].message, "the input \"cost\" is given twice");
}

TEST_F(InputsTest, IgnoresMembersNamingNoInputWhenAsked) {
  auto parsed = inputs::parse_json(R"({"cost": 1, "rate": 0.5, "region": "bretagne", "on": "2024-01-01",
                                       "power": 1, "aids": [], "regoin": "x", "note": null})");
  ASSERT_TRUE(std::holds_alternative<inputs::Json>(parsed));
  const auto& document = std::get<inputs::Json>(parsed);
  auto r = inputs::read_application(*c->program, document, true, inputs::UnknownMembers::Ignore);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.ignored, (std::vector<std::string>{"regoin", "note"}));
  EXPECT_EQ(inputs::unknown_name(*c->program, r.ignored[0]), "\"regoin\" (did you mean \"region\"?)");
  EXPECT_EQ(inputs::unknown_name(*c->program, r.ignored[1]), "\"note\"");
  auto strict = inputs::read_application(*c->program, document, true);  // UnknownMembers::Error
  EXPECT_TRUE(strict.ignored.empty());
  ASSERT_EQ(strict.errors.size(), 2u);
  EXPECT_EQ(strict.errors[0].path, "$.regoin");
}

TEST(Json, RefusesDeepNestingAndSaysWhereItBroke) {
  const auto deep = inputs::parse_json(std::string(100, '[') + std::string(100, ']'));
  ASSERT_TRUE(std::holds_alternative<inputs::JsonError>(deep));
  EXPECT_EQ(std::get<inputs::JsonError>(deep).message, "the JSON is nested more than 64 levels deep");
  const auto broken = inputs::parse_json("{\n  \"a\": [1,\n  2,");
  ASSERT_TRUE(std::holds_alternative<inputs::JsonError>(broken));
  EXPECT_EQ(std::get<inputs::JsonError>(broken).line, 3u);
}

}  // namespace
}  // namespace bareme::testing
