// Generated schemes through the checker, then the interpreter and the JIT on random
// applications; the failing sources are kept (or printed) with the seed that replays them.
#include "fuzz_expressions.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "diag/render.hpp"
#include "driver/compile.hpp"
#include "engine/expression_gen.hpp"
#include "engine/fuzz.hpp"
#include "jit/jit.hpp"

namespace bareme::tools {
namespace {

struct Totals {
  size_t rows = 0, errors = 0, mismatches = 0, failing = 0, rejected = 0, refused = 0;
};

// Writes the source of scheme `seed` into `folder`, or prints it; says how to replay it.
bool keep_source(const ExpressionRun& o, uint64_t seed, const std::string& text) {
  const std::string name = fmt::format("expression_{}.bareme", seed);
  if (o.keep.empty()) {
    std::cout << fmt::format("--- {} ---\n{}---\n", name, text);
    std::cout << fmt::format(
        "  replay: bareme fuzz-diff --expressions 1 --seed {} --depth {} --count {}\n", seed,
        o.depth, o.count);
    return true;
  }
  const std::filesystem::path path = std::filesystem::path(o.keep) / name;
  std::ofstream out(path);
  out << text;
  if (!out.flush()) {
    std::cerr << fmt::format("bareme fuzz-diff: cannot write `{}`\n", path.string());
    return false;
  }
  std::cout << fmt::format("  kept {}; replay: bareme fuzz-diff {} --seed {} --count {}\n",
                           path.string(), path.string(), seed, o.count);
  return true;
}

// One generated scheme: false when it failed (rejected, refused or a mismatch).
bool run_one(const ExpressionRun& o, uint64_t seed, Totals& t) {
  const std::string text = engine::generate_scheme(seed, {.depth = o.depth});
  if (o.print) std::cout << fmt::format("--- expression_{}.bareme ---\n{}---\n", seed, text);
  const auto c = driver::compile_text(fmt::format("expression_{}.bareme", seed), text);
  if (!c->ok()) {
    ++t.rejected;
    std::cout << fmt::format(
        "seed {}: the checker rejects the generated scheme (a bug of the generator):\n{}", seed,
        diag::render_text(c->sink.diagnostics(), c->sources));
    return false;
  }
  const auto& program = *c->program;
  // Out of the JIT's cache: no scheme comes twice, and the cache would keep every one.
  jit::CompileOptions options, dense_options;
  options.use_cache = dense_options.use_cache = false;
  dense_options.all_inputs_present = true;
  const auto general = jit::compile(program, 0, options);
  const auto dense = jit::compile(program, 0, dense_options);
  for (const auto* compiled : {&general, &dense}) {
    if (const auto* refusal = std::get_if<jit::Refusal>(compiled)) {
      ++t.refused;
      std::cout << fmt::format("seed {}: the JIT refuses the generated scheme: {}\n", seed,
                               refusal->message);
      return false;
    }
  }
  size_t mismatches = 0;
  for (const bool plausible : {false, true}) {
    const auto& fn = std::get<0>(plausible ? dense : general);
    const auto apps = engine::random_applications(program, o.count, seed, plausible);
    const auto report = engine::differential(program, 0, fn->function, apps);
    for (const auto& m : report.mismatches) {
      std::cout << fmt::format("seed {}, {} row {}:\n  interpreter: {}\n  jit:         {}\n", seed,
                               plausible ? "plausible" : "hostile", m.row,
                               engine::describe(program, m.interpreter),
                               engine::describe(program, m.jit));
    }
    t.rows += report.rows;
    t.errors += report.errors;
    mismatches += report.mismatch_count;
  }
  t.mismatches += mismatches;
  return mismatches == 0;
}

}  // namespace

int run_expressions(const ExpressionRun& o) {
  if (!o.keep.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(o.keep, ec);
    if (ec) {
      std::cerr << fmt::format("bareme fuzz-diff: cannot create `{}`: {}\n", o.keep, ec.message());
      return 2;
    }
  }
  Totals t;
  for (size_t i = 0; i < o.expressions; ++i) {
    const uint64_t seed = o.seed + i;
    if (run_one(o, seed, t)) continue;
    ++t.failing;
    if (!keep_source(o, seed, engine::generate_scheme(seed, {.depth = o.depth}))) return 2;
  }
  std::cout << fmt::format(
      "{} generated schemes (seeds {} to {}, depth {}): {} rows, {} ending in a runtime error, {} "
      "mismatches; "
      "{} rejected by the checker, {} refused by the JIT\n",
      o.expressions, o.seed, o.seed + o.expressions - 1, o.depth, t.rows, t.errors, t.mismatches,
      t.rejected, t.refused);
  return t.failing == 0 ? 0 : 1;
}

}  // namespace bareme::tools
