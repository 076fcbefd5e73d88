// `bareme simulate FILE --count N`: a hypothetical population scored by the JIT, with a reform
// (`--set param=value`) evaluated beside the baseline on the same applications.
#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "inputs/application.hpp"
#include "loading.hpp"
#include "scoring/simulate.hpp"

namespace bareme::tools {
namespace {

struct SimulateOptions {
  std::string file, write;
  size_t count = 1'000'000;
  uint64_t seed = 1;
  unsigned threads = 0;
  std::vector<std::string> reforms, library_paths;
  std::string summary_path;
};

int run(const SimulateOptions& o) {
  auto loaded = load_scheme(o.file, o.library_paths, "simulate");
  if (!loaded) return 2;
  const auto& program = *loaded->compilation->program;
  const ir::Index scheme = loaded->scheme;
  // The reform: parameters overridden with values typed like the parameters.
  std::vector<std::optional<runtime::Value>> overrides(program.params.size());
  for (const auto& assignment : o.reforms) {
    const auto eq = assignment.find('=');
    const std::string name = assignment.substr(0, eq);
    size_t p = 0;
    while (p < program.params.size() && program.params[p].name != name) ++p;
    if (eq == std::string::npos || p == program.params.size()) {
      std::cerr << fmt::format("bareme simulate: --set takes param=value for a parameter of the scheme, not `{}`\n", assignment);
      return 2;
    }
    std::vector<inputs::InputError> errors;
    overrides[p] = inputs::read_value(program, program.params[p].type, inputs::json_from_argument(assignment.substr(eq + 1)),
                                      name, errors);
    if (!errors.empty()) {
      std::cerr << fmt::format("bareme simulate: --set {}: {}\n", name, errors.front().message);
      return 2;
    }
  }
  std::ofstream written;
  scoring::SimulateOptions options;
  options.count = o.count;
  options.seed = o.seed;
  options.threads = o.threads;
  options.reform = std::move(overrides);
  options.summary_path = o.summary_path;
  if (!o.write.empty()) {
    written.open(o.write, std::ios::binary);
    if (!written) {
      std::cerr << fmt::format("bareme simulate: cannot write `{}`\n", o.write);
      return 2;
    }
    options.write = &written;
  }
  if (auto why = scoring::simulate(program, scheme, options, std::cout)) {
    std::cerr << fmt::format("bareme simulate: {}: {}\n", o.file, *why);
    return 2;
  }
  return 0;
}

}  // namespace

std::function<int()> add_simulate_command(CLI::App& app) {
  auto o = std::make_shared<SimulateOptions>();
  auto* cmd = app.add_subcommand("simulate", "Score a hypothetical population with the JIT; compare a reform.");
  cmd->add_option("file", o->file, "The scheme file")->required();
  cmd->add_option("-n,--count", o->count, "How many applications (default 1 000 000)")->check(CLI::Range(size_t{1}, size_t{1'000'000'000}));
  cmd->add_option("--seed", o->seed, "The random seed (the same seed gives the same population)");
  cmd->add_option("-s,--set", o->reforms, "A reform: param=value (repeatable), evaluated beside the baseline");
  cmd->add_option("--write", o->write, "Also write the generated applications to this CSV file");
  cmd->add_option("--threads", o->threads, "Threads (default: every core)");
  cmd->add_option("--summary", o->summary_path, "Also write the baseline summary as JSON to this file");
  cmd->add_option("-L,--lib", o->library_paths, "A folder searched for imports (repeatable)");
  cmd->footer("Each input takes the constants the scheme compares it with (and their neighbours) or values of its type,\n"
              "so that every threshold and table bound is exercised.");
  return [o] { return run(*o); };
}

}  // namespace bareme::tools
