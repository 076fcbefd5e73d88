// The JIT's inline calendar arithmetic (jit/lower_calendar.cpp) against the interpreter's
// runtime functions: month-end clamping, leap years, the edges of years 1 and 9999, the bounds
// on months and days, and dates far outside the calendar, every date with every shift.
#include <gtest/gtest.h>

#include <limits>

#include "compile_helpers.hpp"
#include "engine/fuzz.hpp"
#include "jit/jit.hpp"
#include "runtime/values.hpp"

namespace bareme {
namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

int64_t date(int64_t y, int m, int d) {
  return *runtime::days_from_civil({y, m, d});
}

std::vector<int64_t> dates() {
  std::vector<int64_t> out{kMin, kMin + 1,          kMin / 2, -1'000'000'000'000, -1,  0,
                           1,    1'000'000'000'000, kMax / 2, kMax - 1,           kMax};
  const int64_t edges[][3] = {{1, 1, 1},     {1, 12, 31},   {1600, 2, 29}, {1900, 2, 28},
                              {2000, 2, 29}, {2023, 1, 31}, {2024, 1, 31}, {2024, 2, 29},
                              {2024, 3, 31}, {2024, 5, 31}, {2024, 8, 31}, {2024, 12, 31},
                              {2100, 2, 28}, {9999, 1, 31}, {9999, 12, 31}};
  for (const auto& e : edges) {
    for (int64_t d : {-1, 0, 1})
      out.push_back(date(e[0], static_cast<int>(e[1]), static_cast<int>(e[2])) + d);
  }
  return out;
}

std::vector<int64_t> shifts() {
  std::vector<int64_t> out{kMin, kMax, -1'000'000, 1'000'000};
  for (int64_t edge : {0, 1, 11, 12, 13, 24, 1200, 119'988, 120'000, 3'700'000}) {
    for (int64_t d : {-1, 0, 1}) {
      out.push_back(edge + d);
      out.push_back(-edge - d);
    }
  }
  return out;
}

// Every date d and e = each other date, with n months and k days = each shift.
std::vector<interp::Application> applications(const ir::Program& program) {
  std::vector<interp::Application> apps;
  const auto ds = dates();
  const auto ns = shifts();
  for (size_t a = 0; a < ds.size(); ++a) {
    for (size_t s = 0; s < ns.size(); ++s) {
      interp::Application app;
      app.inputs.resize(program.inputs.size());
      for (size_t i = 0; i < program.inputs.size(); ++i) {
        const std::string& name = program.inputs[i].name;
        const int64_t v = name == "d" ? ds[a] : name == "e" ? ds[(a + s) % ds.size()] : ns[s];
        app.inputs[i] = runtime::Value::of(v);
      }
      apps.push_back(std::move(app));
    }
  }
  return apps;
}

class JitCalendar : public ::testing::TestWithParam<const char*> {};

TEST_P(JitCalendar, AgreesWithTheInterpreter) {
  const std::string body =
      std::string("input d : Date\ninput e : Date\ninput n : Int\ninput k : Int\n") +
      "amount = 1 € * (" + GetParam() + ")\n";
  auto c = testing::compile_snippet(body, false);
  ASSERT_TRUE(c->ok()) << body;
  const auto& program = *c->program;
  const auto apps = applications(program);
  for (const int level : {0, 2}) {
    auto compiled = jit::compile(program, 0, {.opt_level = level, .all_inputs_present = true});
    ASSERT_EQ(compiled.index(), 0u) << std::get<1>(compiled).message;
    const auto report = engine::differential(program, 0, std::get<0>(compiled)->function, apps);
    EXPECT_EQ(report.mismatch_count, 0u)
        << GetParam() << " at O" << level << ": "
        << (report.mismatches.empty() ? "" : engine::describe(program, report.mismatches[0].jit));
    const std::string expr = GetParam();
    if (expr.find("1 ") != std::string::npos || expr.find("10000") != std::string::npos)
      EXPECT_GT(report.errors, 0u) << GetParam() << ": no application is out of range";
    EXPECT_LT(report.errors, apps.size()) << GetParam() << ": every application is out of range";
  }
}

// Each result is a number of days or a date's parts, so a result off by a day fails.
INSTANTIATE_TEST_SUITE_P(
    Dates, JitCalendar,
    ::testing::Values(
        "days_between(2000-01-01, d + 1 month * n)",
        "days_between(2000-01-01, d + 1 month * n + 1 day * k)",
        "days_between(2000-01-01, d - 1 month * n)",
        "days_between(2000-01-01, d + 1 year * n - 1 day * k)",
        "year(d + 1 month * n) * 10000 + month(d + 1 month * n) * 100 + day(d + 1 month * n)",
        "year(d) * 10000 + month(d) * 100 + day(d)", "months_between(d, e)", "years_between(d, e)",
        "months_between(d, d + 1 month * n) - n", "months_between(d + 1 day * k, e)"));

}  // namespace
}  // namespace bareme
