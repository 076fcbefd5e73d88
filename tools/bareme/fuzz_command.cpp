// `bareme fuzz-diff FILE --count N`: the interpreter and the JIT on random applications; with
// `--expressions N`, on generated schemes instead of a file's (fuzz_expressions.cpp).
#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "engine/fuzz.hpp"
#include "fuzz_expressions.hpp"
#include "jit/jit.hpp"
#include "loading.hpp"
#include "report/results.hpp"

namespace bareme::tools {
namespace {

struct FuzzOptions {
  std::string file, scheme;
  bool all = false;  // every scheme and level, as jit::compile_catalogue compiles them
  size_t count = 100000;
  uint64_t seed = 1;
  std::vector<std::string> library_paths;
  ExpressionRun expressions;  // `--expressions N` when expressions.expressions > 0
  bool count_given = false;
};

// `--all`: every scheme and level of the project, each function of the catalogue's module
// against the interpreter, on the same applications.
int run_all(const FuzzOptions& o) {
  const auto c = load_project(o.file, o.library_paths, "fuzz-diff");
  if (!c) return 2;
  const auto& program = *c->program;
  if (program.schemes.empty()) {
    std::cerr << fmt::format("bareme fuzz-diff: `{}` declares and imports no scheme: nothing to compare\n", o.file);
    return 2;
  }
  jit::CompileOptions dense_options;
  dense_options.all_inputs_present = true;
  const auto general = jit::compile_catalogue(program);
  const auto dense = jit::compile_catalogue(program, dense_options);
  // And the one function `score --all` runs (jit::compile_all), every target at once.
  const auto all_general = jit::compile_all(program);
  const auto all_dense = jit::compile_all(program, dense_options);
  size_t mismatches = 0, compared = 0;
  for (const bool plausible : {false, true}) {
    const auto apps = engine::random_applications(program, o.count, o.seed, plausible);
    const auto& catalogue = plausible ? *dense : *general;
    auto each = [&](const std::string& kind, const std::string& name, const jit::CompiledCatalogue::Entry& entry,
                    auto differential) {
      if (const auto* refusal = std::get_if<jit::Refusal>(&entry)) {
        if (plausible) return;  // said once, for the general variant
        const std::string where = report::location(c->sources, refusal->span);
        std::cerr << fmt::format("warning: {} `{}`: {}{}; nothing to compare: only the interpreter runs it\n", kind,
                                 name, refusal->message, where.empty() ? "" : " (" + where + ")");
        return;
      }
      const auto report = differential(std::get<0>(entry)->function, apps);
      for (const auto& m : report.mismatches) {
        std::cout << fmt::format("{} `{}`, row {}:\n  interpreter: {}\n  jit:         {}\n", kind, name, m.row,
                                 engine::describe(program, m.interpreter), engine::describe(program, m.jit));
      }
      std::cout << fmt::format("{}: {} `{}`: {} {} rows, {} ending in a runtime error, {} mismatches (seed {})\n",
                               o.file, kind, name, report.rows, plausible ? "plausible" : "hostile", report.errors,
                               report.mismatch_count, o.seed);
      mismatches += report.mismatch_count;
      ++compared;
    };
    for (ir::Index s = 0; s < program.schemes.size(); ++s) {
      each("scheme", program.schemes[s].name, catalogue.schemes[s], [&](runtime::BatchFunction fn, const auto& a) {
        return engine::differential(program, s, fn, a);
      });
    }
    for (ir::Index l = 0; l < program.levels.size(); ++l) {
      each("level", program.levels[l].name, catalogue.levels[l], [&](runtime::BatchFunction fn, const auto& a) {
        return engine::differential_level(program, l, fn, a);
      });
    }
    const auto& all = plausible ? all_dense : all_general;
    if (const auto* refusal = std::get_if<jit::Refusal>(&all)) {
      if (!plausible) {
        std::cerr << fmt::format("warning: the one function of every target (score --all): {}; nothing to compare\n",
                                 refusal->message);
      }
      continue;
    }
    const auto reports = engine::differential_all(program, std::get<0>(all)->function, apps);
    for (size_t t = 0; t < reports.size(); ++t) {
      const bool level = t >= program.schemes.size();
      const std::string name = level ? program.levels[t - program.schemes.size()].name : program.schemes[t].name;
      const auto& report = reports[t];
      for (const auto& m : report.mismatches) {
        std::cout << fmt::format("one function, {} `{}`, row {}:\n  interpreter: {}\n  jit:         {}\n",
                                 level ? "level" : "scheme", name, m.row, engine::describe(program, m.interpreter),
                                 engine::describe(program, m.jit));
      }
      mismatches += report.mismatch_count;
      if (report.mismatch_count == 0) continue;
      std::cout << fmt::format("{}: one function, {} `{}`: {} mismatches of {} {} rows (seed {})\n", o.file,
                               level ? "level" : "scheme", name, report.mismatch_count, report.rows,
                               plausible ? "plausible" : "hostile", o.seed);
    }
    size_t total = 0;
    for (const auto& r : reports) total += r.mismatch_count;
    std::cout << fmt::format("{}: one function of every target: {} {} rows, {} targets, {} mismatches (seed {})\n",
                             o.file, apps.size(), plausible ? "plausible" : "hostile", reports.size(), total, o.seed);
  }
  if (compared == 0) {
    std::cout << fmt::format("{}: 0 rows compared: the JIT cannot compile any scheme or level\n", o.file);
    return 3;
  }
  return mismatches == 0 ? 0 : 1;
}

int run(const FuzzOptions& o) {
  if (o.expressions.expressions > 0) {
    if (!o.file.empty() || o.all || !o.scheme.empty() || !o.library_paths.empty()) {
      std::cerr << "bareme fuzz-diff: --expressions generates its own schemes; it takes no FILE, --all, --scheme or --lib\n";
      return 2;
    }
    ExpressionRun run = o.expressions;
    run.seed = o.seed;
    if (o.count_given) run.count = o.count;
    return run_expressions(run);
  }
  if (o.file.empty()) {
    std::cerr << "bareme fuzz-diff: give a scheme FILE, or --expressions N to generate schemes\n";
    return 2;
  }
  if (o.all && !o.scheme.empty()) {
    std::cerr << "bareme fuzz-diff: --all compares every scheme and level; it cannot be combined with --scheme\n";
    return 2;
  }
  if (o.all) return run_all(o);
  auto loaded = load_scheme(o.file, o.library_paths, "fuzz-diff", o.scheme);
  if (!loaded) return 2;
  const auto& program = *loaded->compilation->program;
  // Hostile applications (extremes, missing inputs) through the general code, then plausible
  // ones (every input set) through the variant compiled for dense batches.
  auto compiled = jit::compile(program, loaded->scheme);
  jit::CompileOptions dense_options;
  dense_options.all_inputs_present = true;
  auto dense = jit::compile(program, loaded->scheme, dense_options);
  for (const auto* c : {&compiled, &dense}) {
    if (const auto* refusal = std::get_if<jit::Refusal>(c)) {
      // Nothing to compare: say so, with a status of its own (the interpreter alone runs it).
      const std::string where = report::location(loaded->compilation->sources, refusal->span);
      std::cerr << fmt::format("warning: {}{}; nothing to compare: only the interpreter runs this scheme\n",
                               refusal->message, where.empty() ? "" : " (" + where + ")");
      std::cout << fmt::format("{}: 0 rows compared: the JIT cannot compile this scheme\n", o.file);
      return 3;
    }
  }
  const auto& fn = std::get<std::shared_ptr<const jit::CompiledScheme>>(compiled);
  const auto& dense_fn = std::get<std::shared_ptr<const jit::CompiledScheme>>(dense);
  size_t mismatches = 0;
  for (const bool plausible : {false, true}) {
    const auto apps = engine::random_applications(program, o.count, o.seed, plausible);
    const auto& f = plausible ? dense_fn : fn;
    const auto report = engine::differential(program, loaded->scheme, f->function, apps);
    for (const auto& m : report.mismatches) {
      std::cout << fmt::format("row {}:\n  interpreter: {}\n  jit:         {}\n", m.row,
                               engine::describe(program, m.interpreter), engine::describe(program, m.jit));
    }
    std::cout << fmt::format("{}: {} {} rows, {} ending in a runtime error, {} mismatches (seed {})\n", o.file, report.rows,
                             plausible ? "plausible" : "hostile", report.errors, report.mismatch_count, o.seed);
    mismatches += report.mismatch_count;
  }
  return mismatches == 0 ? 0 : 1;
}

}  // namespace

std::function<int()> add_fuzz_command(CLI::App& app) {
  auto o = std::make_shared<FuzzOptions>();
  auto* cmd = app.add_subcommand("fuzz-diff", "Compare the interpreter and the JIT on random applications.");
  cmd->add_option("file", o->file, "The scheme file, or a project's root file (none with --expressions)");
  cmd->add_option("--scheme", o->scheme, "The scheme to compare, by name (default: the file's own)");
  cmd->add_flag("--all", o->all,
                "Every scheme and level of the project, compiled together into one module as `score --all` does");
  auto* count = cmd->add_option("-n,--count", o->count, "How many applications (per generated scheme: 1000 by default)")
                    ->check(CLI::Range(size_t{1}, size_t{100'000'000}));
  cmd->add_option("--seed", o->seed, "The random seed");
  cmd->add_option("-L,--lib", o->library_paths, "A folder searched for imports (repeatable)");
  cmd->add_option("--expressions", o->expressions.expressions,
                  "Generate this many random schemes (Int, Decimal, Money, Rate and kW arithmetic) and compare both "
                  "engines on each; scheme i comes from seed S + i")
      ->check(CLI::Range(size_t{1}, size_t{10'000'000}));
  cmd->add_option("--depth", o->expressions.depth, "With --expressions: the deepest nesting of operators")
      ->check(CLI::Range(1, 8))
      ->capture_default_str();
  cmd->add_option("--keep", o->expressions.keep,
                  "With --expressions: write each failing scheme into this folder (default: print it)");
  cmd->add_flag("--print", o->expressions.print, "With --expressions: print every generated scheme");
  cmd->footer("Applications probe the constants the scheme compares with, their neighbours, extremes and missing inputs.\n"
              "Exit status: 0 when every row agrees, 1 on any mismatch, 2 when the scheme does not compile, 3 when\n"
              "the JIT cannot compile it (a construct it lacks, named on stderr): nothing was compared. With --all,\n"
              "a refused scheme or level is a warning and the others are compared; 3 when none could be.\n"
              "With --expressions, exit 1 also when the checker rejects a generated scheme or the JIT refuses it.");
  return [o, count] {
    o->count_given = count->count() > 0;
    return run(*o);
  };
}

}  // namespace bareme::tools
