// Fuzz target `scheme`: any bytes as a scheme file, parsed and checked; diagnostics rendered;
// when it compiles, its AST and IR dumped and each scheme evaluated (with its explanation, within
// 100 000 steps) for an application with no input set.
#include <cstddef>
#include <cstdint>
#include <string>

#include "ast/dump.hpp"
#include "diag/render.hpp"
#include "driver/compile.hpp"
#include "fixed_scheme.hpp"
#include "interp/interp.hpp"
#include "ir/dump.hpp"
#include "report/results.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bareme;
  driver::Options options;
  options.library_paths = fuzz::library_paths();
  auto c = driver::compile_text("fuzz.bareme", std::string(reinterpret_cast<const char*>(data), size), options);
  (void)diag::render_text(c->sink.diagnostics(), c->sources, {false});
  if (!c->ok()) return 0;
  for (const auto& file : c->files) (void)ast::dump(file, c->sources);
  const ir::Program& program = *c->program;
  (void)ir::dump(program);
  const auto app = interp::empty_application(program);
  for (ir::Index s = 0; s < program.schemes.size(); ++s) {
    // A step budget well under the CLI's keeps each input within the 1 s per input of
    // scripts/fuzz: a scheme may legitimately take millions of steps (2^16 distinct calls in
    // tests/semantics/jit_refuses_exponential.bareme); BudgetExceeded is then the path fuzzed.
    const auto result = interp::evaluate(program, s, app, {.trace = true, .max_steps = 100'000});
    (void)report::result_json(result, c->sources);
    (void)report::explain_text(result, c->sources);
  }
  return 0;
}
