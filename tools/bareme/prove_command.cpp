// `bareme prove FILE --rule NAME…`: each Bool rule proved for every application, or a
// counterexample both engines confirm, or unknown with its reason (compiler/prove, docs/proofs.md).
#include <fmt/format.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "engine/batch.hpp"
#include "inputs/json.hpp"
#include "jit/jit.hpp"
#include "loading.hpp"
#include "prove/prove.hpp"
#include "prove_confirm.hpp"
#include "prove_sample.hpp"
#include "prove_targets.hpp"
#include "report/results.hpp"

namespace bareme::tools {
namespace {

struct ProveOptions {
  std::string file, scheme, as_of;
  std::vector<std::string> rules, properties, library_paths;
  double timeout = 10;
  size_t list_bound = 4;
  bool json = false;
  bool errors = false;  // also look for applications on which each rule fails to evaluate
  size_t sample = 0;    // `--sample N`: also evaluate each property on N generated rows
  uint64_t seed = 1;
  bool time = false;  // `--time`: each verdict's solver time
};

std::string json_quoted(const std::string& s) {
  std::string out = "\"";
  for (const char c : s)
    out += (c == '"' || c == '\\') ? std::string("\\") + c : c == '\n' ? "\\n" : std::string(1, c);
  return out + "\"";
}

// The CPU time of the process so far: what a proof costs on a machine others share.
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

int run_file(const ProveOptions& o, const std::string& file, bool from_folder) {
  auto loaded = load_scheme(file, o.library_paths, "prove", o.scheme);
  if (!loaded) return 2;
  ir::Program& program = *loaded->compilation->program;
  const ir::Index scheme = loaded->scheme;
  prove::Options options;
  options.timeout_ms = static_cast<unsigned>(o.timeout * 1000);
  options.list_bound = o.list_bound;
  if (!o.as_of.empty()) {
    options.as_of = runtime::parse_date(o.as_of);
    if (!options.as_of) {
      std::cerr << fmt::format("bareme prove: --as-of `{}` is not a date YYYY-MM-DD\n", o.as_of);
      return 2;
    }
  }
  // Each property or rule, checked first, then read by an output of the scheme so that the JIT
  // computes it.
  std::vector<ProveTarget> targets;
  if (!select_prove_targets(program, scheme, o.rules, o.properties, targets)) return 2;
  if (targets.empty()) {
    if (from_folder) return 0;
    std::cerr << fmt::format(
        "bareme prove: scheme `{}` declares no property (`property NAME \"…\": EXPR`); name a "
        "Bool rule with --rule\n",
        program.schemes[scheme].name);
    return 2;
  }
  if (from_folder && !o.json) std::cout << fmt::format("{}:\n", file);
  int status = 0;
  std::vector<SampleResult> samples;
  if (o.sample > 0)
    samples =
        sample_targets(program, scheme, targets, o.sample, o.seed, options.as_of, o.list_bound);
  std::string json = "[";
  std::vector<std::pair<const ProveTarget*, bool>> jobs;
  for (const auto& t : targets) {
    jobs.emplace_back(&t, false);
    if (o.errors) jobs.emplace_back(&t, true);
  }
  for (const auto& [target, errors] : jobs) {
    options.errors = errors;
    const std::string& name = target->name;
    const size_t output = target->output;
    const ir::Expr& test = *program.schemes[scheme].outputs[output].value;
    const double cpu_start = cpu_seconds();
    const prove::Verdict v = prove::check(program, scheme, test, target->preconditions, options);
    const double cpu = cpu_seconds() - cpu_start;
    std::string head = prove::kind_name(v.kind);
    if (v.kind == prove::Kind::Proved && v.list_bound)
      head += fmt::format(" with lists bounded at {}", *v.list_bound);
    std::string detail;
    bool internal = false;
    Confirmation c;
    std::string violating;
    if (v.kind == prove::Kind::Unknown) {
      const std::string where = report::location(loaded->compilation->sources, v.span);
      detail = fmt::format("{}: {}{}", prove::reason_name(v.reason), v.detail,
                           where.empty() ? "" : " (" + where + ")");
    } else if (v.kind == prove::Kind::Counterexample) {
      const auto parsed = inputs::parse_json(v.situation);
      auto read = std::holds_alternative<inputs::Json>(parsed)
                      ? inputs::read_application(program, std::get<inputs::Json>(parsed), false)
                      : inputs::ReadApplication{};
      internal = !std::holds_alternative<inputs::Json>(parsed) || !read.errors.empty();
      if (!internal) {
        read.app.as_of = options.as_of;
        c = confirm(program, scheme, test, target->preconditions, output, read.app, errors);
        internal = !c.agree;
        if (!internal)
          violating = violating_values(*loaded->compilation, program, scheme, test, read.app);
      }
      if (internal) {
        const std::string path = fmt::format("bareme-prove-{}-{}.json", name, getpid());
        std::ofstream(path) << v.situation << "\n";
        std::cerr << fmt::format(
            "bareme prove: internal error: the solver's counterexample for `{}` is not confirmed "
            "(interpreter: {}, "
            "JIT: {}); the situation is saved in {}\n",
            name, c.interp.empty() ? "not run" : c.interp, c.jit.empty() ? "not run" : c.jit, path);
        status = std::max(status, 3);
      }
    }
    if (v.kind != prove::Kind::Proved) status = std::max(status, 1);
    const SampleResult* sample = samples.empty() || errors
                                     ? nullptr
                                     : &samples[static_cast<size_t>(target - targets.data())];
    // A proved property that a row violates, or engines that differ: a bug, never a result.
    const bool inconsistent = sample && v.kind == prove::Kind::Proved && sample->violations > 0;
    if (inconsistent)
      std::cerr << fmt::format(
          "bareme prove: internal error: `{}` is proved but {} of {} sampled rows violate it; "
          "first: {}\n",
          name, sample->violations, sample->rows, sample->violation);
    if (sample && sample->disagreements > 0)
      std::cerr << fmt::format(
          "bareme prove: the interpreter and the JIT differ on {} of {} sampled rows (seed {})\n",
          sample->disagreements, sample->rows, o.seed);
    if (inconsistent || (sample && sample->disagreements > 0)) status = std::max(status, 3);
    internal = internal || inconsistent;
    if (o.json) {
      json += fmt::format("{}\n  {{\"{}\": {}, \"check\": \"{}\", \"verdict\": {}",
                          json.size() > 1 ? "," : "", target->kind, json_quoted(name),
                          errors ? "no error" : "holds",
                          json_quoted(internal ? "internal error" : prove::kind_name(v.kind)));
    }
    if (!o.json) {
      std::cout << fmt::format(
          "{} `{}`{}: {}{}\n", target->kind, name, errors ? " evaluates without error" : "",
          internal ? "internal error" : head, detail.empty() ? "" : ": " + detail);
      if (o.time)
        std::cout << fmt::format("  time: {:.3f} s, {:.3f} s CPU (encoding and solving)\n",
                                 v.seconds, cpu);
      if (!target->sentence.empty())
        std::cout << fmt::format("  \"{}\"{}\n", target->sentence,
                                 target->citation.empty() ? "" : " § \"" + target->citation + "\"");
      if (v.kind == prove::Kind::Counterexample && !internal) {
        std::cout << "  situation (bareme eval --input):\n";
        std::string indented = "  " + v.situation;
        for (size_t k = 0; (k = indented.find('\n', k)) != std::string::npos; k += 3)
          indented.insert(k + 1, "  ");
        std::cout << indented << "\n";
        std::cout << fmt::format("  interpreter: `{}` is {}; JIT: {}\n", name, c.interp, c.jit);
        if (!violating.empty()) std::cout << fmt::format("  where {}\n", violating);
      }
      if (sample) std::cout << sample_text(*sample, o.seed);
    } else {
      if (v.list_bound) json += fmt::format(", \"list_bound\": {}", *v.list_bound);
      if (v.kind == prove::Kind::Unknown)
        json += fmt::format(", \"reason\": {}, \"detail\": {}, \"location\": {}",
                            json_quoted(prove::reason_name(v.reason)), json_quoted(v.detail),
                            json_quoted(report::location(loaded->compilation->sources, v.span)));
      if (v.kind == prove::Kind::Counterexample)
        json += fmt::format(", \"situation\": {}, \"interpreter\": {}, \"jit\": {}, \"where\": {}",
                            v.situation, json_quoted(c.interp), json_quoted(c.jit),
                            json_quoted(violating));
      if (sample) json += ", \"sample\": " + sample_json(*sample, o.seed);
      if (o.time)
        json += fmt::format(", \"seconds\": {:.3f}, \"cpu_seconds\": {:.3f}", v.seconds, cpu);
      json += "}";
    }
  }
  if (o.json) std::cout << json << "\n]\n";
  return status == 3 ? 1 : status;
}

// A file, or each scheme file at the top of a folder (those without a property are skipped).
int run(const ProveOptions& o) {
  std::error_code ec;
  if (!std::filesystem::is_directory(o.file, ec)) return run_file(o, o.file, false);
  if (!o.rules.empty() || !o.properties.empty() || !o.scheme.empty()) {
    std::cerr << "bareme prove: --rule, --property and --scheme name one scheme: give a file, not "
                 "a folder\n";
    return 2;
  }
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(o.file, ec)) {
    if (entry.path().extension() == ".bareme" && entry.is_regular_file())
      files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  int status = 0;
  for (const auto& f : files) status = std::max(status, run_file(o, f, true));
  return status;
}

}  // namespace

std::function<int()> add_prove_command(CLI::App& app) {
  auto o = std::make_shared<ProveOptions>();
  auto* cmd = app.add_subcommand(
      "prove",
      "Prove a scheme's declared properties (or Bool rules) for every application with Z3, or show "
      "a counterexample");
  cmd->add_option("file", o->file,
                  "Scheme file, or a folder: the properties of each scheme file at its top")
      ->required();
  cmd->add_option("--scheme", o->scheme,
                  "The scheme whose names the rules read (default: the file's)");
  cmd->add_option("--property", o->properties,
                  "A declared property to prove (repeatable; default: every one of the scheme)");
  cmd->add_option("--rule", o->rules,
                  "A Bool `let` rule that should hold for every application, instead of the "
                  "declared properties");
  cmd->add_option("--as-of", o->as_of,
                  "Evaluation date YYYY-MM-DD (default: the scheme's `as of` input, any date)");
  cmd->add_option("--timeout", o->timeout, "Seconds the solver may spend on each rule")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--list-bound", o->list_bound, "Most elements of each list input")
      ->capture_default_str()
      ->check(CLI::Range(0, 64));
  cmd->add_option("--sample", o->sample,
                  "Also evaluate each property with both engines on N generated applications (half "
                  "hostile, half plausible, as fuzz-diff makes them): a proved property no row may "
                  "violate")
      ->check(CLI::Range(size_t{1}, size_t{100'000'000}));
  cmd->add_flag("--time", o->time,
                "Show the time each verdict took (encoding and solving, seconds)");
  cmd->add_option("--seed", o->seed, "With --sample: the random seed")->capture_default_str();
  cmd->add_flag("--json", o->json, "Print the verdicts as JSON");
  cmd->add_flag(
      "--errors", o->errors,
      "Also look for applications on which each rule ends in a runtime error or `not applicable`");
  cmd->add_option("-L,--lib", o->library_paths, "A folder searched for imports (repeatable)");
  return [o] { return run(*o); };
}

}  // namespace bareme::tools
