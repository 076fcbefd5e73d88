// Errors about a parameter (NoParamValue, NoEvaluationDate): the compiled function names the
// parameter the interpreter names, the first read that has no value, in BatchOutput::error_detail.
#include <gtest/gtest.h>

#include <string>

#include "driver/compile.hpp"
#include "engine/fuzz.hpp"
#include "jit/jit.hpp"
#include "runtime/batch.hpp"
#include "runtime/values.hpp"

namespace bareme {
namespace {

// 100 dated parameters: p1 in force in 2021, the others in 2020. `pick` chooses what the amount
// reads: p0 + p1, p1 + p0, p95 (the last one named), p96 (the first one not), p99.
std::string scheme_text() {
  std::string text =
      "scheme demo \"Demo\"\n  as of filed_on\ninput filed_on : Date\ninput pick : Int\n";
  for (int k = 0; k < 100; ++k) {
    const char* period =
        k == 1 ? "from 2021-01-01 until 2021-12-31" : "from 2020-01-01 until 2020-12-31";
    text +=
        "param p" + std::to_string(k) + " : Money = " + std::to_string(k) + " € " + period + "\n";
  }
  return text +
         "amount = if pick == 0 then p0 + p1 else if pick == 1 then p1 + p0\n"
         "  else if pick == 2 then p95 else if pick == 3 then p96 else p99\n";
}

runtime::Days day(int year, int month, int d) {
  return *runtime::days_from_civil({year, month, d});
}

TEST(JitParamErrors, NameTheParameterTheInterpreterNames) {
  auto c = driver::compile_text("snippet.bareme", scheme_text());
  ASSERT_TRUE(c->ok());
  const ir::Program& program = *c->program;
  auto param = [&](const std::string& name) {
    for (ir::Index i = 0; i < program.params.size(); ++i)
      if (program.params[i].name == name) return i;
    ADD_FAILURE() << name;
    return ir::Index{0};
  };
  const std::vector<std::optional<runtime::Days>> dates{day(2020, 6, 1), day(2021, 6, 1),
                                                        day(2019, 6, 1), std::nullopt};
  std::vector<interp::Application> apps;
  for (const auto& date : dates) {
    for (int64_t pick = 0; pick < 5; ++pick) {
      interp::Application app = interp::empty_application(program);
      if (date) app.inputs[0] = runtime::Value::of(*date);
      app.inputs[1] = runtime::Value::of(pick);
      apps.push_back(app);
    }
  }
  // What each row names: (parameter, date), or none (past the 96th, or no error).
  const auto in_2019 = day(2019, 6, 1), in_2020 = day(2020, 6, 1), in_2021 = day(2021, 6, 1);
  auto named = [&](const char* p, runtime::Days d) {
    return runtime::param_error_detail(param(p), d);
  };
  const std::vector<int64_t> expected{named("p1", in_2020),
                                      named("p1", in_2020),
                                      0,
                                      0,
                                      0,  // 2020
                                      named("p0", in_2021),
                                      named("p0", in_2021),
                                      named("p95", in_2021),
                                      0,
                                      0,  // 2021
                                      named("p0", in_2019),
                                      named("p1", in_2019),
                                      named("p95", in_2019),
                                      0,
                                      0,  // 2019
                                      named("p0", 0),
                                      named("p1", 0),
                                      named("p95", 0),
                                      0,
                                      0};  // no date
  for (size_t r = 0; r < apps.size(); ++r)
    EXPECT_EQ(engine::interpreter_row(program, 0, apps[r]).error_detail, expected[r])
        << "row " << r;
  for (const int level : {0, 2}) {
    auto compiled = jit::compile(program, 0, {.opt_level = level});
    ASSERT_EQ(compiled.index(), 0u) << std::get<1>(compiled).message;
    // The differential compares the details too.
    const auto report = engine::differential(program, 0, std::get<0>(compiled)->function, apps);
    EXPECT_EQ(report.mismatch_count, 0u)
        << "O" << level << ": row " << (report.mismatches.empty() ? 0 : report.mismatches[0].row)
        << ", "
        << (report.mismatches.empty() ? "" : engine::describe(program, report.mismatches[0].jit));
    engine::Batch batch(program);
    for (const auto& a : apps) batch.append(a);
    batch.set_as_of(std::nullopt);
    const auto rows = engine::run_compiled(std::get<0>(compiled)->function,
                                           engine::output_shape(program, 0), batch, 1);
    for (size_t r = 0; r < rows.size(); ++r) {
      EXPECT_EQ(rows[r].error_detail, expected[r]) << "row " << r;
      if (expected[r] == 0) continue;
      const auto code =
          dates[r / 5] ? runtime::ErrorCode::NoParamValue : runtime::ErrorCode::NoEvaluationDate;
      EXPECT_EQ(rows[r].error, static_cast<uint8_t>(code)) << "row " << r;
    }
  }
  // A mismatch on the parameter alone is told apart in fuzz-diff's report.
  EXPECT_EQ(engine::describe(program, engine::interpreter_row(program, 0, apps[11])),
            "error NoParamValue (parameter `p1` on 2019-06-01)");
  EXPECT_EQ(engine::describe(program, engine::interpreter_row(program, 0, apps[15])),
            "error NoEvaluationDate (parameter `p0`)");
  EXPECT_EQ(
      interp::param_error_message(program, runtime::ErrorCode::NoParamValue, param("p95"), in_2019),
      "parameter `p95` has no value on 2019-06-01");
  EXPECT_EQ(interp::param_error_message(program, runtime::ErrorCode::NoEvaluationDate, param("p0"),
                                        std::nullopt),
            "parameter `p0` changes over time, but no evaluation date is known");
}

TEST(JitParamErrors, DetailKeepsTheDateOfAnyYear) {
  for (const auto date : {day(1, 1, 1), day(1969, 12, 31), day(2024, 2, 29), day(9999, 12, 31)}) {
    const int64_t detail = runtime::param_error_detail(95, date);
    EXPECT_EQ(runtime::detail_param(detail), 95u);
    EXPECT_EQ(runtime::detail_date(detail), date);
  }
  EXPECT_EQ(runtime::param_error_detail(runtime::kDetailedParams, day(2024, 1, 1)), 0);
  EXPECT_NE(runtime::param_error_detail(0, 0), 0);
}

}  // namespace
}  // namespace bareme
