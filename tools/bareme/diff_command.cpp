// `bareme diff OLD NEW` (or one file with --set / --reform / two dates): who becomes eligible,
// who loses eligibility, whose amount rises or falls, by Z3 (compiler/prove/diff.hpp).
#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "diff_run.hpp"

namespace bareme::tools {
namespace {

struct DiffCli {
  std::vector<std::string> files, sets, only, library_paths;
  std::string reform, scheme, as_of, old_as_of, new_as_of;
  double timeout = 10;
  size_t list_bound = 4;
  bool maximise = false, json = false, time = false;
};

// `--as-of`, overridden on one side by `--old-as-of` / `--new-as-of`; false on a bad date.
bool read_date(const std::string& both, const std::string& side, const char* option,
               std::optional<runtime::Days>& out) {
  const std::string& text = side.empty() ? both : side;
  if (text.empty()) return true;
  out = runtime::parse_date(text);
  if (!out)
    std::cerr << fmt::format("bareme diff: {} `{}` is not a date YYYY-MM-DD\n",
                             side.empty() ? "--as-of" : option, text);
  return out.has_value();
}

int run(const DiffCli& c) {
  if (c.files.size() == 2 && !c.reform.empty()) {
    std::cerr << "bareme diff: give NEW or --reform FILE, not both\n";
    return 2;
  }
  const bool dated = !c.old_as_of.empty() || !c.new_as_of.empty();
  if (c.files.size() == 1 && c.reform.empty() && c.sets.empty() && !dated) {
    std::cerr << "bareme diff: nothing to compare: give NEW, --reform FILE, --set NAME=VALUE or "
                 "--old-as-of/--new-as-of\n";
    return 2;
  }
  const std::string& old_file = c.files[0];
  const std::string& new_file = c.files.size() == 2 ? c.files[1]
                                : c.reform.empty()  ? c.files[0]
                                                    : c.reform;
  auto o = load_version(old_file, c.library_paths, c.scheme);
  if (!o) return 2;
  auto n = load_version(new_file, c.library_paths, c.scheme);
  if (!n) return 2;
  if (!apply_sets(*n->program, c.sets)) return 2;
  if (!read_date(c.as_of, c.old_as_of, "--old-as-of", o->as_of) ||
      !read_date(c.as_of, c.new_as_of, "--new-as-of", n->as_of))
    return 2;
  DiffRun r;
  r.solver.timeout_ms = static_cast<unsigned>(c.timeout * 1000);
  r.solver.list_bound = c.list_bound;
  r.solver.maximise = c.maximise;
  r.json = c.json;
  r.time = c.time;
  r.only = c.only;
  auto label = [](const std::string& file, const std::string& date) {
    return fmt::format("`{}`{}", file, date.empty() ? "" : " as of " + date);
  };
  r.old_label = label(old_file, c.old_as_of.empty() ? c.as_of : c.old_as_of);
  r.new_label = label(new_file, c.new_as_of.empty() ? c.as_of : c.new_as_of);
  for (const auto& s : c.sets) r.new_label += " --set " + s;
  return run_diff(*o, *n, r, std::cout, std::cerr);
}

}  // namespace

std::function<int()> add_diff_command(CLI::App& app) {
  auto c = std::make_shared<DiffCli>();
  auto* cmd = app.add_subcommand(
      "diff",
      "Compare two versions of a scheme with Z3: who becomes eligible, loses eligibility, gains "
      "or loses, each with a witness both engines confirm, or a proof that nobody does");
  cmd->add_option("files", c->files,
                  "OLD [NEW]: two scheme files (or catalogues); one file with --set, --reform "
                  "or --old-as-of/--new-as-of")
      ->required()
      ->expected(1, 2);
  cmd->add_option("-s,--set", c->sets,
                  "A reform: NAME=VALUE sets a parameter of the new version at every date "
                  "(repeatable)");
  cmd->add_option("--reform", c->reform, "The new version as another scheme file");
  cmd->add_option("--scheme", c->scheme, "The scheme compared, among those the files declare");
  cmd->add_option("--only", c->only,
                  "Compare only this scheme, aid or level of a catalogue (repeatable)");
  cmd->add_option("--as-of", c->as_of,
                  "Evaluation date YYYY-MM-DD of both versions (default: the `as of` input)");
  cmd->add_option("--old-as-of", c->old_as_of, "Evaluation date of the old version");
  cmd->add_option("--new-as-of", c->new_as_of, "Evaluation date of the new version");
  cmd->add_flag("--maximise,--maximize", c->maximise,
                "Look for the largest change of each question, not any");
  cmd->add_option("--timeout", c->timeout, "Seconds the solver may spend on each question")
      ->capture_default_str()
      ->check(CLI::Range(0.001, 86400.0));  // Z3 reads 0 ms as no limit
  cmd->add_option("--list-bound", c->list_bound, "Most elements of each list input")
      ->capture_default_str()
      ->check(CLI::Range(0, 64));
  cmd->add_flag("--json", c->json, "Print the report as JSON");
  cmd->add_flag("--time", c->time,
                "Show the time each question took and where the whole run spent its time");
  cmd->add_option("-L,--lib", c->library_paths, "A folder searched for imports (repeatable)");
  return [c] { return run(*c); };
}

}  // namespace bareme::tools
