// Tables over one enum with literal cells and outputs, which the JIT reads from constant arrays:
// each hit policy against the interpreter on every case, errors included.
#include <gtest/gtest.h>

#include "compile_helpers.hpp"
#include "engine/fuzz.hpp"
#include "jit/jit.hpp"

namespace bareme {
namespace {

struct TableCase {
  const char* name;
  const char* table;  // a table `t(s: Size)` of Rate (or Duration when `amount` says so)
  const char* amount = "m * t(s)";
};

void PrintTo(const TableCase& c, std::ostream* os) {
  *os << c.name;
}

class JitEnumTables : public ::testing::TestWithParam<TableCase> {};

TEST_P(JitEnumTables, ReadAsArraysAndAgreeWithTheInterpreter) {
  const auto& param = GetParam();
  const std::string body = std::string("input s : Size\ninput m : Money\ninput d : Date\n") +
                           param.table + "\namount = " + param.amount + "\n";
  auto c = testing::compile_snippet(body, false);
  ASSERT_TRUE(c->ok()) << body;
  const auto& program = *c->program;
  std::vector<interp::Application> apps;
  for (int64_t size = 0; size < 3; ++size) {
    const int64_t amounts[] = {0, 1, 250, 100000, -99999};
    for (int64_t k = 0; k < 5; ++k) {
      // d runs over 2022-02-17..21: 10 days later straddles 2022-03-01, one month later not.
      interp::Application app;
      for (const auto& input : program.inputs) {
        app.inputs.push_back(runtime::Value::of(input.name == "s"   ? size
                                                : input.name == "m" ? amounts[k]
                                                                    : 19040 + k));
      }
      apps.push_back(std::move(app));
    }
  }
  auto ir = jit::llvm_ir(program, 0, {.opt_level = 0});
  ASSERT_EQ(ir.index(), 0u) << std::get<1>(ir);
  EXPECT_NE(std::get<0>(ir).find("@table.t = private"), std::string::npos) << std::get<0>(ir);
  size_t errors = 0;
  for (const int level : {0, 2}) {
    auto compiled = jit::compile(program, 0, {.opt_level = level});
    ASSERT_EQ(compiled.index(), 0u) << std::get<1>(compiled).message;
    const auto& fn = *std::get<0>(compiled);
    const auto report = engine::differential(program, 0, fn.function, apps);
    EXPECT_EQ(report.mismatch_count, 0u)
        << param.name << " at O" << level << ": "
        << (report.mismatches.empty() ? "" : engine::describe(program, report.mismatches[0].jit));
    errors = report.errors;
  }
  const bool raises = std::string(param.name).find("error") != std::string::npos;
  EXPECT_EQ(errors > 0, raises) << param.name;
}

INSTANTIATE_TEST_SUITE_P(
    HitPolicies, JitEnumTables,
    ::testing::Values(TableCase{"unique_proven",
                                "table t(s: Size) -> Rate unique\n  | s | r |\n"
                                "  | small | 60 % |\n  | medium | 50 % |\n  | large | 40 % |"},
                      TableCase{"first_with_sets",
                                "table t(s: Size) -> Rate first\n  | s | r |\n"
                                "  | {small, large} | 10 % |\n  | any | 20 % |\n"
                                "  | small | 30 % |"},
                      TableCase{"first_gap_error",
                                "table t(s: Size) -> Rate first\n  | s | r |\n"
                                "  | medium | 10 % |\n  | small | 20 % |"},
                      TableCase{"collect_max",
                                "table t(s: Size) -> Rate collect max\n  | s | r |\n"
                                "  | any | 10 % |\n  | {medium, large} | 30 % |\n"
                                "  | large | 20 % |"},
                      TableCase{"collect_min_gap_error",
                                "table t(s: Size) -> Rate collect min\n  | s | r |\n"
                                "  | {small, large} | 30 % |\n  | small | 20 % |"},
                      TableCase{
                          "first_duration",
                          "table t(s: Size) -> Duration first\n  | s | wait |\n"
                          "  | small | 1 month |\n  | medium | 10 days |\n  | any | 2 months |",
                          "if d + t(s) > 2022-03-01 then m else 0 €"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace bareme
