// `bareme eval` and `bareme explain`: one application through the interpreter.
#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "diag/suggest.hpp"
#include "loading.hpp"
#include "partial/partial.hpp"
#include "report/results.hpp"

namespace bareme::tools {
namespace {

struct EvalOptions {
  std::string file, scheme;
  ApplicationSource source;
  std::vector<std::string> library_paths;
  std::string format = "text";
  bool strict = false;
  bool missing = false;  // --missing: partial evaluation (eval only)
  std::vector<std::string> show;  // --show NAME: definitions printed beside the result
  report::ExplainOptions explain;
  interp::Options limits{.trace = false, .max_steps = interp::kDefaultMaxSteps, .time_limit_seconds = 60};
};

int run(const EvalOptions& o, bool explain) {
  const char* command = explain ? "explain" : "eval";
  auto loaded = load_scheme(o.file, o.library_paths, command, o.scheme);
  if (!loaded) return 2;
  const auto& c = *loaded->compilation;
  auto app = read_application(*c.program, o.source, !o.missing, command, o.strict);
  if (!app) return 2;
  // Each --show name is resolved before anything is evaluated: a wrong name is bad input.
  std::vector<std::pair<std::string, ir::ExprPtr>> shown_exprs;
  for (const auto& name : o.show) {
    auto found = ir::value_named(*c.program, c.program->schemes[loaded->scheme].module, name);
    if (auto* why = std::get_if<std::string>(&found)) {
      std::vector<std::string> names;
      for (const auto& in : c.program->inputs) names.push_back(in.name);
      for (const auto& p : c.program->params) names.push_back(p.name);
      for (const auto& r : c.program->rules) names.push_back(r.name);
      const auto best = diag::closest(name, names);
      std::cerr << fmt::format("bareme {}: --show {}: {}{}\n", command, name, *why,
                               best ? fmt::format("; did you mean `{}`?", *best) : "");
      return 2;
    }
    shown_exprs.emplace_back(name, std::move(std::get<ir::ExprPtr>(found)));
  }
  if (o.missing) {
    // Partial evaluation: decided, or the inputs still needed, ranked.
    const auto outcome = partial::evaluate(*c.program, loaded->scheme, *app, o.limits);
    std::cout << partial::render_json(outcome, *c.program, loaded->scheme, c.sources);
    return outcome.status == partial::Status::Undetermined ? 3 : 0;
  }
  interp::Options options = o.limits;
  options.trace = explain;
  const auto result = interp::evaluate(*c.program, loaded->scheme, *app, options);
  std::vector<interp::OutputResult> shown;
  for (const auto& [name, expr] : shown_exprs) {
    shown.push_back(interp::evaluate_output(*c.program, name, *expr, loaded->scheme, *app, o.limits));
  }
  if (explain) {
    std::cout << (o.format == "json" ? report::explain_json(result, c.sources, o.explain, shown)
                                     : report::explain_text(result, c.sources, o.explain, shown));
  } else {
    std::cout << report::result_json(result, c.sources, shown);
  }
  if (result.error) {
    std::cerr << fmt::format("bareme {}: runtime error: {}\n", command, report::describe_error(*result.error, c.sources));
    return 3;
  }
  return 0;
}

void add_application_options(CLI::App* cmd, EvalOptions& o) {
  cmd->add_option("file", o.file, "The scheme file, or a project's root file")->required();
  cmd->add_option("--scheme", o.scheme, "The scheme to evaluate, by name (default: the file's own)");
  cmd->add_option("-i,--input", o.source.input_path, "The application as a JSON object keyed by input name (- for stdin)");
  cmd->add_option("-s,--set", o.source.assignments,
                  "Set one input: name=value, value as JSON or plain text (repeatable; overrides --input)");
  cmd->add_option("--as-of", o.source.as_of, "Evaluate as of this date (YYYY-MM-DD) instead of the scheme's date input");
  cmd->add_flag("--strict", o.strict,
                "A member or --set naming no input is bad input (default: ignored, with a warning)");
  cmd->add_option("-L,--lib", o.library_paths, "A folder searched for imports (repeatable)");
  cmd->add_option("--show", o.show,
                  "Also print this input, parameter or `let` value (repeatable; `file.name` in a project)");
  add_budget_options(cmd, o.limits);
}

}  // namespace

std::function<int()> add_eval_command(CLI::App& app) {
  auto o = std::make_shared<EvalOptions>();
  auto* cmd = app.add_subcommand("eval", "Evaluate one application; print the result as JSON.");
  add_application_options(cmd, *o);
  cmd->add_flag("--missing", o->missing,
                "Partial evaluation: eligible, not eligible (the condition that already fails) or undetermined,\n"
                "with the inputs still needed, the first to ask first");
  cmd->footer(
      "Money in the result is a number of euros with two decimals; the scheme's declared outputs and each\n"
      "--show follow under \"outputs\" and \"shown\" (docs/scoring.md). Exit status: 0 when the result is\n"
      "decided (eligible or not), 3 when it cannot be decided (a runtime error: \"eligible\": null), 2 for a\n"
      "scheme that does not compile or bad input.\n"
      "With --missing, an absent input is a question, not an error: {\"status\": \"eligible\" | \"not_eligible\" |\n"
      "\"undetermined\", \"eligible\", \"amount\", \"failed_condition\", \"error\", \"missing\": [{\"input\", \"type\",\n"
      "\"doc\", \"decides\"}...], \"undecided\", \"asked\", \"answered\"}; \"missing\" is ranked, ask the first one first\n"
      "(docs/compiler/partial.md). Exit status: 0 decided, 3 undetermined, 2 bad input.");
  return [o] { return run(*o, false); };
}

std::function<int()> add_explain_command(CLI::App& app) {
  auto o = std::make_shared<EvalOptions>();
  auto* cmd = app.add_subcommand("explain", "Evaluate one application and show how the result was reached.");
  add_application_options(cmd, *o);
  cmd->add_option("--format", o->format, "A readable tree (text) or nodes for tools (json)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("--full", o->explain.full,
                "Show every node; by default a level shows the members that count in full and one line for the others");
  cmd->footer(
      "Refused conditions come first, each with its citation and the values it read. In a level, a member\n"
      "that applies without counting or does not apply (with its first refused condition) takes one line,\n"
      "the members a `first` level replaced one line together; in JSON such nodes say \"collapsed\": true.\n"
      "The scheme's outputs and each --show follow the tree. Exit status as for `eval`: 0 decided, 3\n"
      "undetermined, 2 a scheme that does not compile or bad input.");
  return [o] { return run(*o, true); };
}

}  // namespace bareme::tools
