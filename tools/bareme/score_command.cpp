// `bareme score FILE --input apps.csv|apps.jsonl|-`: every application of a stream, scored by
// one scheme, or with --all by every scheme and level of a catalogue.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <optional>

#include "commands.hpp"
#include "diag/suggest.hpp"
#include "loading.hpp"
#include "scoring/score.hpp"

namespace bareme::tools {
namespace {

struct ScoreCommand {
  std::string file, engine = "jit", as_of, scheme;
  bool quiet = false, all = false;
  std::optional<std::string> outputs;  // --outputs a,b | none
  std::vector<std::string> library_paths;
  scoring::ScoreOptions options;
};

// Options that contradict each other, said before any work; nothing when they fit.
std::optional<std::string> conflict(const ScoreCommand& o) {
  if (o.all && !o.scheme.empty())
    return "--all scores every aid and --scheme picks one: give one or the other";
  if (o.all && !o.options.combine.empty())
    return "--combine reports one scheme's combine: it does not go with --all";
  if (o.options.columns && !o.all)
    return "--columns adds a column group per aid: it goes with --all";
  if (o.outputs && o.all)
    return "--outputs picks one scheme's declared outputs: it does not go with --all";
  return std::nullopt;
}

int run(ScoreCommand& o) {
  if (auto why = conflict(o)) {
    std::cerr << "bareme score: " << *why << '\n';
    return 2;
  }
  std::unique_ptr<driver::Compilation> project;
  std::optional<LoadedScheme> loaded;
  if (o.all) {
    project = load_project(o.file, o.library_paths, "score");
    if (!project) return 2;
    if (project->program->schemes.empty()) {
      std::cerr << fmt::format(
          "bareme score: --all: `{}` declares and imports no scheme: it has no aid to score\n",
          o.file);
      return 2;
    }
  } else {
    loaded = load_scheme(o.file, o.library_paths, "score", o.scheme);
    if (!loaded) return 2;
    project = std::move(loaded->compilation);
  }
  if (o.outputs) {
    std::vector<std::string> names;
    if (*o.outputs != "none") {
      size_t start = 0;
      while (start <= o.outputs->size()) {
        const size_t comma = std::min(o.outputs->find(',', start), o.outputs->size());
        names.push_back(o.outputs->substr(start, comma - start));
        start = comma + 1;
      }
    }
    o.options.outputs = std::move(names);
  }
  o.options.use_jit = o.engine == "jit";
  o.options.progress = !o.quiet && isatty(STDERR_FILENO);
  if (!o.as_of.empty()) {
    o.options.as_of = runtime::parse_date(o.as_of);
    if (!o.options.as_of) {
      std::cerr << fmt::format("bareme score: --as-of \"{}\" is not a date: write YYYY-MM-DD\n",
                               o.as_of);
      return 2;
    }
  }
  o.options.sources = &project->sources;
  if (o.all) return scoring::score_all(*project->program, o.options);
  return scoring::score(*project->program, loaded->scheme, o.options);
}

}  // namespace

std::function<int()> add_score_command(CLI::App& app) {
  auto o = std::make_shared<ScoreCommand>();
  auto* cmd = app.add_subcommand(
      "score", "Score a stream of applications (CSV or JSON Lines); print a summary.");
  cmd->add_option("file", o->file, "The scheme file")->required();
  cmd->add_option("-i,--input", o->options.input, "apps.csv, apps.jsonl, or - for standard input")
      ->required();
  cmd->add_option("--input-format", o->options.input_format,
                  "csv or jsonl (default: from the extension; csv for -)")
      ->check(CLI::IsMember({"csv", "jsonl"}));
  cmd->add_option("-o,--output", o->options.output,
                  "Write one row per input row to this file (.csv or .jsonl), - for stdout");
  cmd->add_option("--output-format", o->options.output_format,
                  "csv or jsonl (default: from the extension)")
      ->check(CLI::IsMember({"csv", "jsonl"}));
  cmd->add_option("--scheme", o->scheme, "The scheme to score, by name (default: the file's own)");
  cmd->add_flag("--all", o->all,
                "Score every aid and level of the project: each level's amount, the total, the "
                "applicable aids (docs/scoring.md)");
  cmd->add_flag("--columns", o->options.columns,
                "With --all: a column group per aid (eligible, amount, refusal)");
  cmd->add_option("--outputs", o->outputs,
                  "The declared outputs written as columns, comma-separated, or none (default: every one)");
  cmd->add_option("--combine", o->options.combine,
                  "Report only this combine's aids (default: every combine of the file)");
  cmd->add_flag("--strict", o->options.strict,
                "A CSV column or JSON member naming no input is an error (default: ignored, with "
                "one warning)");
  cmd->add_option("--engine", o->engine, "jit (default) or interp")
      ->check(CLI::IsMember({"jit", "interp"}));
  cmd->add_option("--threads", o->options.threads, "Threads for evaluation (default: every core)");
  cmd->add_option("--max-errors", o->options.max_errors,
                  "Stop after this many bad rows (default: never)");
  cmd->add_option("--as-of", o->as_of, "Evaluate every application as of this date (YYYY-MM-DD)");
  cmd->add_option("--summary", o->options.summary_path,
                  "Also write the summary as JSON to this file");
  cmd->add_flag("-q,--quiet", o->quiet, "No progress line (it shows only on a terminal anyway)");
  cmd->add_option("-L,--lib", o->library_paths, "A folder searched for imports (repeatable)");
  cmd->footer(
      "CSV follows RFC 4180 (quoted fields, embedded commas, quotes and line breaks, CRLF, a UTF-8 "
      "BOM); its header\n"
      "names inputs; an empty cell leaves an input unset; a list input is a JSON array in its "
      "cell. A column or member\n"
      "naming no input is ignored after one warning (--strict: an error). Every bad row gets an "
      "error row and is\n"
      "counted. Exit status: 0 done, 1 stopped by --max-errors, 2 unusable input.");
  return [o] { return run(*o); };
}

}  // namespace bareme::tools
