// `bareme simulate FILE --count N`: a hypothetical population scored by the JIT, with a reform
// (`--set param=value`) evaluated beside the baseline on the same applications; with --all,
// through every aid and level of a catalogue.
#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "inputs/application.hpp"
#include "loading.hpp"
#include "report_file.hpp"
#include "scoring/population.hpp"
#include "scoring/simulate.hpp"

namespace bareme::tools {
namespace {

struct SimulateOptions {
  std::string file, scheme, write, population, reform_file;
  size_t count = 1'000'000;
  uint64_t seed = 1;
  unsigned threads = 0;
  bool all = false;
  std::vector<std::string> reforms, library_paths;
  std::string summary_path, report_path;
};

// The command as the report's header shows it.
std::string command_line(const SimulateOptions& o) {
  std::string out = fmt::format("bareme simulate {}{} --count {} --seed {}", o.file,
                                o.all ? " --all" : "", o.count, o.seed);
  if (!o.scheme.empty()) out += " --scheme " + o.scheme;
  if (!o.reform_file.empty()) out += " --reform " + o.reform_file;
  for (const auto& r : o.reforms) out += " --set " + r;
  if (!o.population.empty()) out += " --population " + o.population;
  return out;
}

int run(const SimulateOptions& o) {
  ReportFile report;  // removed on every early return, renamed into place at the end
  if (o.all && !o.scheme.empty()) {
    std::cerr << "bareme simulate: --all simulates every aid and --scheme picks one: give one or "
                 "the other\n";
    return 2;
  }
  if (o.all && !o.reform_file.empty()) {
    std::cerr << "bareme simulate: --reform compares one scheme with another: it does not go "
                 "with --all\n";
    return 2;
  }
  std::ofstream written;
  scoring::SimulateOptions options;
  if (!o.report_path.empty()) {
    if (auto why = report.open(o.report_path,
                               {o.file, o.reform_file, o.population, o.write, o.summary_path})) {
      std::cerr << "bareme simulate: --report: " << *why << '\n';
      return 2;
    }
    options.report = &report.stream();
    options.report_command = command_line(o);
  }
  std::unique_ptr<driver::Compilation> project;
  ir::Index scheme = 0;
  if (o.all) {
    project = load_project(o.file, o.library_paths, "simulate");
    if (!project) return 2;
    if (project->program->schemes.empty()) {
      std::cerr << fmt::format(
          "bareme simulate: --all: `{}` declares and imports no scheme: it has no aid to "
          "simulate\n",
          o.file);
      return 2;
    }
  } else {
    auto loaded = load_scheme(o.file, o.library_paths, "simulate", o.scheme);
    if (!loaded) return 2;
    project = std::move(loaded->compilation);
    scheme = loaded->scheme;
  }
  const auto& program = *project->program;
  std::optional<LoadedScheme> reform;
  if (!o.reform_file.empty()) {
    reform = load_scheme(o.reform_file, o.library_paths, "simulate", o.scheme);
    if (!reform) return 2;
  }
  // The reform's parameters: those of the reform file when there is one, else the baseline's.
  const auto& reformed = reform ? *reform->compilation->program : program;
  std::vector<std::optional<runtime::Value>> overrides(reformed.params.size());
  for (const auto& assignment : o.reforms) {
    const auto eq = assignment.find('=');
    const std::string name = assignment.substr(0, eq);
    size_t p = 0;
    while (p < reformed.params.size() && reformed.params[p].name != name) ++p;
    if (eq == std::string::npos || p == reformed.params.size()) {
      std::cerr << fmt::format(
          "bareme simulate: --set takes param=value for a parameter of the {}, not `{}`\n",
          o.all ? "project" : "scheme", assignment);
      return 2;
    }
    std::vector<inputs::InputError> errors;
    overrides[p] =
        inputs::read_value(reformed, reformed.params[p].type,
                           inputs::json_from_argument(assignment.substr(eq + 1)), name, errors);
    if (!errors.empty()) {
      std::cerr << fmt::format("bareme simulate: --set {}: {}\n", name, errors.front().message);
      return 2;
    }
  }
  std::optional<scoring::Population> population;
  if (!o.population.empty()) {
    std::string error;
    auto text = read_text(o.population, 16u << 20, error);
    if (!text) {
      std::cerr << fmt::format("bareme simulate: {}\n", error);
      return 2;
    }
    auto read = scoring::read_population(program, *text);
    if (auto* why = std::get_if<std::string>(&read)) {
      std::cerr << fmt::format("bareme simulate: {}: {}\n", o.population, *why);
      return 2;
    }
    population = std::get<scoring::Population>(std::move(read));
  }
  options.count = o.count;
  options.seed = o.seed;
  options.threads = o.threads;
  options.reform = std::move(overrides);
  options.summary_path = o.summary_path;
  options.warnings = &std::cerr;
  options.sources = &project->sources;
  if (reform) {
    options.reform_program = &*reform->compilation->program;
    options.reform_scheme = reform->scheme;
    options.reform_sources = &reform->compilation->sources;
  }
  if (population) options.population = &*population;
  options.write_jsonl =
      o.write.size() >= 6 && o.write.compare(o.write.size() - 6, 6, ".jsonl") == 0;
  if (!o.write.empty()) {
    written.open(o.write, std::ios::binary);
    if (!written) {
      std::cerr << fmt::format("bareme simulate: cannot write `{}`\n", o.write);
      return 2;
    }
    options.write = &written;
  }
  if (auto why = o.all ? scoring::simulate_all(program, options, std::cout)
                       : scoring::simulate(program, scheme, options, std::cout)) {
    std::cerr << fmt::format("bareme simulate: {}: {}\n", o.file, *why);
    return 2;
  }
  if (options.report && !report.commit()) {
    std::cerr << fmt::format("bareme simulate: --report: cannot write `{}`\n", o.report_path);
    return 2;
  }
  return 0;
}

}  // namespace

std::function<int()> add_simulate_command(CLI::App& app) {
  auto o = std::make_shared<SimulateOptions>();
  auto* cmd = app.add_subcommand("simulate",
                                 "Score a hypothetical population with the JIT; compare a reform.");
  cmd->add_option("file", o->file, "The scheme file, or a project's root file")->required();
  cmd->add_option("--scheme", o->scheme,
                  "The scheme to simulate, by name (default: the file's own)");
  cmd->add_flag("--all", o->all,
                "Simulate every aid and level of the project: per level, per aid, the total");
  cmd->add_option("-n,--count", o->count, "How many applications (default 1 000 000)")
      ->check(CLI::Range(size_t{1}, size_t{1'000'000'000}));
  cmd->add_option("--seed", o->seed, "The random seed (the same seed gives the same population)");
  cmd->add_option("-s,--set", o->reforms,
                  "A reform: param=value (repeatable), evaluated beside the baseline");
  cmd->add_option(
      "--reform", o->reform_file,
      "A reform as another scheme file, scored beside the baseline (inputs matched by name)");
  cmd->add_option("--population", o->population,
                  "A JSON file of distributions for some inputs (see docs/scoring.md)");
  cmd->add_option(
      "--write", o->write,
      "Also write the generated applications to this file (.csv, or .jsonl for JSON Lines)");
  cmd->add_option("--threads", o->threads, "Threads (default: every core)");
  cmd->add_option("--summary", o->summary_path,
                  "Also write the baseline summary as JSON to this file");
  cmd->add_option("--report", o->report_path,
                  "Also write an HTML report (charts, offline, one file) to this file");
  cmd->add_option("-L,--lib", o->library_paths, "A folder searched for imports (repeatable)");
  cmd->footer(
      "Each input takes the constants the scheme compares it with (and their neighbours) or values "
      "of its type,\n"
      "so that every threshold and table bound is exercised.");
  return [o] { return run(*o); };
}

}  // namespace bareme::tools
