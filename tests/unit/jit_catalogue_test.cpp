// jit::compile_catalogue: every scheme and level of a project in one module, each function
// against the interpreter, a refused aid isolated from the others, and the cache it shares.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "driver/compile.hpp"
#include "engine/batch.hpp"
#include "engine/fuzz.hpp"
#include "jit/jit.hpp"

namespace bareme {
namespace {

namespace fs = std::filesystem;

// A project of four aids over three levels; `big` inlines 2^16 copies of a function, which the
// JIT refuses.
fs::path write_project() {
  const fs::path dir = fs::temp_directory_path() / ("bareme-jit-catalogue-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto write = [&](const char* name, const std::string& text) { std::ofstream(dir / name) << text; };
  write("q.bareme", "module q \"Questions\"\ninput income : Money\ninput price : Money\ninput x : Int = 1\n");
  write("lv.bareme",
        "module lv \"Levels\"\nlevel commune \"Communes\" first in all priority 1\n"
        "level region \"Regions\" best in all priority 2\nlevel all \"All\" sum\n");
  const std::string head = "import income, price from \"q.bareme\"\nimport \"lv.bareme\"\n";
  write("a.bareme", "scheme a \"A\" in lv.commune priority 1\n" + head +
                        "eligible when\n  modest: income <= 20 000 €\namount = 10 % * price capped at 300 €\n");
  write("b.bareme", "scheme b \"B\" in lv.commune priority 2\n" + head +
                        "eligible when\n  modest: income <= 30 000 €\n"
                        "amount = 100 € * (10 000 € / income) capped at 500 €\n");
  write("c.bareme", "scheme c \"C\" in lv.region\n" + head +
                        "amount = if price >= 500 € then 200 € else not applicable\n");
  std::string big = "scheme big \"Too large once inlined\" in lv.region\nimport x from \"q.bareme\"\n"
                    "import \"lv.bareme\"\nlet f0(y: Int) : Int = y\n";
  for (int i = 1; i <= 16; ++i)
    big += "let f" + std::to_string(i) + "(y: Int) : Int = f" + std::to_string(i - 1) + "(2 * y) - f" +
           std::to_string(i - 1) + "(2 * y + 1)\n";
  write("big.bareme", big + "amount = 1 € * f16(x)\n");
  write("root.bareme",
        "module root \"Root\"\nimport \"a.bareme\"\nimport \"b.bareme\"\nimport \"c.bareme\"\n"
        "import \"big.bareme\"\nimport \"lv.bareme\"\n");
  write("small.bareme",
        "module small \"Without big\"\nimport \"a.bareme\"\nimport \"b.bareme\"\nimport \"c.bareme\"\n"
        "import \"lv.bareme\"\n");
  return dir;
}

ir::Index scheme_named(const ir::Program& p, const std::string& name) {
  for (ir::Index s = 0; s < p.schemes.size(); ++s)
    if (p.schemes[s].name == name) return s;
  ADD_FAILURE() << "no scheme " << name;
  return 0;
}

ir::Index level_named(const ir::Program& p, const std::string& name) {
  for (ir::Index l = 0; l < p.levels.size(); ++l)
    if (p.levels[l].name == name) return l;
  ADD_FAILURE() << "no level " << name;
  return 0;
}

using Entry = jit::CompiledCatalogue::Entry;
runtime::BatchFunction function_of(const Entry& e) {
  const auto* compiled = std::get_if<std::shared_ptr<const jit::CompiledScheme>>(&e);
  return compiled ? (*compiled)->function : nullptr;
}

class JitCatalogue : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = write_project();
    compilation_ = driver::compile_file((dir_ / "root.bareme").string());
    ASSERT_TRUE(compilation_->ok());
  }
  void TearDown() override { fs::remove_all(dir_); }
  const ir::Program& program() const { return *compilation_->program; }
  fs::path dir_;
  std::unique_ptr<driver::Compilation> compilation_;
};

TEST_F(JitCatalogue, RefusesOnlyTheAidItCannotCompileAndTheLevelsThatReadIt) {
  const auto catalogue = jit::compile_catalogue(program(), {.use_cache = false});
  ASSERT_EQ(catalogue->schemes.size(), program().schemes.size());
  ASSERT_EQ(catalogue->levels.size(), program().levels.size());
  for (const char* name : {"a", "b", "c"})
    EXPECT_NE(function_of(catalogue->schemes[scheme_named(program(), name)]), nullptr) << name;
  const auto* refusal = std::get_if<jit::Refusal>(&catalogue->schemes[scheme_named(program(), "big")]);
  ASSERT_NE(refusal, nullptr);
  EXPECT_NE(refusal->message.find("50 000 expressions"), std::string::npos) << refusal->message;
  EXPECT_NE(function_of(catalogue->levels[level_named(program(), "commune")]), nullptr);
  EXPECT_EQ(function_of(catalogue->levels[level_named(program(), "region")]), nullptr);
  EXPECT_EQ(function_of(catalogue->levels[level_named(program(), "all")]), nullptr);
}

TEST_F(JitCatalogue, EachFunctionAgreesWithTheInterpreter) {
  const auto catalogue = jit::compile_catalogue(program(), {.use_cache = false});
  const auto apps = engine::random_applications(program(), 2'000, 7);
  engine::Batch batch(program());
  for (const auto& app : apps) batch.append(app);
  size_t compared = 0, errors = 0, eligible = 0;
  auto check = [&](runtime::BatchFunction fn, engine::OutputShape shape, auto interpret, const std::string& name) {
    ASSERT_NE(fn, nullptr) << name;
    const auto rows = engine::run_compiled(fn, shape, batch, 1);
    for (size_t r = 0; r < apps.size(); ++r) {
      const auto expected = interpret(apps[r]);
      ASSERT_EQ(rows[r], expected) << name << ", row " << r;
      errors += expected.error != 0;
      eligible += expected.eligible;
      ++compared;
    }
  };
  for (const char* name : {"a", "b", "c"}) {
    const ir::Index s = scheme_named(program(), name);
    check(function_of(catalogue->schemes[s]), engine::output_shape(program(), s),
          [&](const interp::Application& app) { return engine::interpreter_row(program(), s, app); }, name);
  }
  const ir::Index commune = level_named(program(), "commune");
  check(function_of(catalogue->levels[commune]), engine::kLevelShape,
        [&](const interp::Application& app) { return engine::interpreter_level_row(program(), commune, app); },
        "commune");
  EXPECT_EQ(compared, 4 * apps.size());
  EXPECT_GT(errors, 0u);    // b divides by a zero income on some rows
  EXPECT_GT(eligible, 0u);  // and the aids apply on others
}

TEST_F(JitCatalogue, SharesItsFunctionsWithCompile) {
  const auto catalogue = jit::compile_catalogue(program());
  EXPECT_EQ(jit::compile_catalogue(program()), catalogue);
  const ir::Index a = scheme_named(program(), "a");
  const auto single = jit::compile(program(), a);
  ASSERT_EQ(single.index(), 0u);
  EXPECT_EQ(std::get<0>(single)->function, function_of(catalogue->schemes[a]));
  const auto* refused = std::get_if<jit::Refusal>(&catalogue->schemes[scheme_named(program(), "big")]);
  ASSERT_NE(refused, nullptr);
  EXPECT_TRUE(std::holds_alternative<jit::Refusal>(jit::compile(program(), scheme_named(program(), "big"))));
}

TEST_F(JitCatalogue, CompileAllRefusesAsAWholeWhatItCannotCompile) {
  const auto all = jit::compile_all(program(), {.use_cache = false});
  const auto* refusal = std::get_if<jit::Refusal>(&all);
  ASSERT_NE(refusal, nullptr);
  EXPECT_NE(refusal->message.find("50 000 expressions"), std::string::npos) << refusal->message;
}

// compile_all's one function, every scheme and level at once, over rows split in two ranges
// (engine::differential_all), against the interpreter.
TEST_F(JitCatalogue, CompileAllAgreesWithTheInterpreterOnEveryTarget) {
  const auto small = driver::compile_file((dir_ / "small.bareme").string());
  ASSERT_TRUE(small->ok());
  const ir::Program& p = *small->program;
  const auto all = jit::compile_all(p, {.use_cache = false});
  ASSERT_EQ(all.index(), 0u) << std::get<jit::Refusal>(all).message;
  const auto apps = engine::random_applications(p, 2'000, 11);
  const auto reports = engine::differential_all(p, std::get<0>(all)->function, apps);
  const size_t targets = p.schemes.size() + p.levels.size();
  ASSERT_EQ(reports.size(), targets);
  EXPECT_EQ(targets, 3u + 3u);
  size_t errors = 0, eligible = 0;
  for (size_t t = 0; t < targets; ++t) {
    EXPECT_EQ(reports[t].mismatch_count, 0u) << "target " << t << ": "
        << (reports[t].mismatches.empty() ? "" : engine::describe(p, reports[t].mismatches[0].interpreter) + " against " +
                                                     engine::describe(p, reports[t].mismatches[0].jit));
    EXPECT_EQ(reports[t].rows, apps.size());
    errors += reports[t].errors;
  }
  for (ir::Index s = 0; s < p.schemes.size(); ++s)
    for (const auto& app : apps) eligible += engine::interpreter_row(p, s, app).eligible;
  EXPECT_GT(errors, 0u);
  EXPECT_GT(eligible, 0u);
}

}  // namespace
}  // namespace bareme
