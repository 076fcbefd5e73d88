// `bareme prove FILE|DIR`: each declared property (or Bool rule) proved for every application, or a
// counterexample both engines confirm, or unknown with its reason (compiler/prove, docs/proofs.md).
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "loading.hpp"
#include "prove_run.hpp"

namespace bareme::tools {
namespace {

int run_file(const ProveOptions& o, const std::string& file, bool from_folder,
             std::ostream& out = std::cout) {
  auto loaded = load_scheme(file, o.library_paths, "prove", o.scheme);
  if (!loaded) return 2;
  return prove_loaded(o, *loaded->compilation, loaded->scheme, from_folder ? file : "", out,
                      std::cerr);
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
  if (!o.json) {
    for (const auto& f : files) status = std::max(status, run_file(o, f, true));
    return status;
  }
  // One JSON array for the folder: each file's verdicts (each names its file) joined.
  std::string items;
  for (const auto& f : files) {
    std::ostringstream one;
    status = std::max(status, run_file(o, f, true, one));
    std::string text = one.str();
    const auto open = text.find('['), close = text.rfind(']');
    if (open == std::string::npos || close == std::string::npos || close <= open + 1) continue;
    text = text.substr(open + 1, close - open - 1);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    if (text.find('{') == std::string::npos) continue;
    items += (items.empty() ? "" : ",") + text;
  }
  std::cout << "[" << items << "\n]\n";
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
  auto* as_of_option =
      cmd->add_option("--as-of", o->as_of,
                      "Evaluation date YYYY-MM-DD (default: the scheme's `as of` input, any date)");
  cmd->add_option("--timeout", o->timeout, "Seconds the solver may spend on each rule")
      ->capture_default_str()
      ->check(CLI::Range(0.001, 86400.0));  // Z3 reads 0 ms as no limit
  cmd->add_option("--list-bound", o->list_bound, "Most elements of each list input")
      ->capture_default_str()
      ->check(CLI::Range(0, 64));
  auto* sample_option =
      cmd->add_option(
             "--sample", o->sample,
             "Also evaluate each property with both engines on N generated applications (half "
             "hostile, half plausible, as fuzz-diff makes them): a proved property no row may "
             "violate")
          ->check(CLI::Range(size_t{1}, size_t{1'000'000}));  // held in memory at once
  cmd->add_option("--seed", o->seed, "With --sample: the random seed")->capture_default_str();
  cmd->add_flag("--time", o->time,
                "Show the time each verdict took (encoding and solving, seconds)");
  cmd->add_flag("--json", o->json, "Print the verdicts as JSON");
  cmd->add_flag(
      "--errors", o->errors,
      "Also look for applications on which each rule ends in a runtime error or `not applicable`");
  cmd->add_flag("--all-periods", o->all_periods,
                "Prove at each period of the dated parameters each property reads (its first day "
                "as the evaluation date)")
      ->excludes(as_of_option)
      ->excludes(sample_option);  // rows are drawn at one date, not per period
  cmd->add_flag("--write-test", o->write_test,
                "Append each confirmed counterexample to the scheme's file as a `test` block");
  cmd->add_option("-L,--lib", o->library_paths, "A folder searched for imports (repeatable)");
  return [o] { return run(*o); };
}

}  // namespace bareme::tools
