// `bareme score FILE --input apps.csv|apps.jsonl|-`: every application of a stream, scored by
// one scheme, or with --all by every scheme and level of a catalogue.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>

#include "commands.hpp"
#include "diag/suggest.hpp"
#include "loading.hpp"
#include "report_file.hpp"
#include "score_inputs.hpp"
#include "scoring/pipeline.hpp"
#include "scoring/score.hpp"

namespace bareme::tools {
namespace {

struct ScoreCommand {
  std::string file, engine = "jit", as_of, scheme, shard, block_size;
  std::vector<std::string> inputs;
  bool quiet = false, all = false;
  std::optional<std::string> outputs;  // --outputs a,b | none
  std::vector<std::string> library_paths;
  std::string report_path;
  scoring::ScoreOptions options;
};

// `--block-size`: bytes, or a number of KiB, MiB or GiB (`256K`, `4M`), between 4 KiB and 1 GiB.
std::optional<size_t> block_bytes(const std::string& text) {
  size_t end = 0;
  while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
  if (end == 0 || end > 10) return std::nullopt;
  const std::string unit = text.substr(end);
  const uint64_t scale = unit.empty() ? 1
                         : unit == "K" || unit == "k" ? uint64_t{1} << 10
                         : unit == "M" || unit == "m" ? uint64_t{1} << 20
                         : unit == "G" || unit == "g" ? uint64_t{1} << 30
                                                      : 0;
  const uint64_t bytes = std::stoull(text.substr(0, end)) * scale;
  if (scale == 0 || bytes < (uint64_t{4} << 10) || bytes > (uint64_t{1} << 30)) return std::nullopt;
  return static_cast<size_t>(bytes);
}

// Options that contradict each other, said before any work; nothing when they fit.
std::optional<std::string> conflict(const ScoreCommand& o) {
  if (o.all && !o.scheme.empty())
    return "--all scores every aid and --scheme picks one: give one or the other";
  if (o.all && !o.options.combine.empty())
    return "--combine reports one scheme's combine: it does not go with --all";
  if (o.outputs && o.all)
    return "--outputs picks one scheme's declared outputs: it does not go with --all";
  return std::nullopt;
}

// Several inputs: each file of the shard scored to its own output in the --output folder.
int score_many(const std::vector<std::string>& files, const ScoreCommand& o,
               const std::function<int(const scoring::ScoreOptions&)>& score_one) {
  const auto& out = o.options.output;
  if (std::find(files.begin(), files.end(), "-") != files.end() || out == "-") {
    std::cerr << "bareme score: several inputs are scored one file each: standard input cannot be "
                 "one of them, and --output names a folder, not -\n";
    return 2;
  }
  for (const auto* folder : {&out, &o.options.summary_path}) {
    std::error_code ec;
    if (!folder->empty() && !std::filesystem::create_directories(*folder, ec) &&
        !std::filesystem::is_directory(*folder, ec)) {
      std::cerr << fmt::format(
          "bareme score: with several inputs, `{}` must be a folder (one file "
          "per input): it cannot be made one\n",
          *folder);
      return 2;
    }
  }
  std::vector<std::string> picked;
  const scoring::Shard shard = o.options.shard.value_or(scoring::Shard{});
  for (size_t i = 0; i < files.size(); ++i)
    if (i % shard.count == shard.index) picked.push_back(files[i]);
  // Over every file, not only the shard's: another shard writes to the same folder.
  std::set<std::string> stems;
  for (const auto& file : files)
    if (!stems.insert(std::filesystem::path(file).stem()).second) {
      std::cerr << fmt::format(
          "bareme score: two inputs are named `{}`: their outputs would "
          "have the same name; give inputs with different names\n",
          std::filesystem::path(file).stem().string());
      return 2;
    }
  if (picked.empty())
    std::cerr << fmt::format("bareme score: shard {}/{} of {} files takes none of them\n",
                             shard.index, shard.count, files.size());
  int status = 0;
  for (const auto& file : picked) {
    scoring::ScoreOptions options = o.options;
    options.input = file;
    options.shard.reset();
    const std::string format = scoring::format_of(o.options.output_format, file);
    if (!out.empty()) options.output = shard_output(out, file, format);
    options.output_format = format;
    if (!o.options.summary_path.empty())
      options.summary_path = shard_output(o.options.summary_path, file, "summary.json");
    std::cerr << fmt::format("bareme score: `{}`{}\n", file,
                             out.empty() ? "" : fmt::format(" -> `{}`", options.output));
    status = std::max(status, score_one(options));
  }
  return status;
}

int run(ScoreCommand& o) {
  if (auto why = conflict(o)) {
    std::cerr << "bareme score: " << *why << '\n';
    return 2;
  }
  bool many = false;
  std::string error;
  const auto files = expand_inputs(o.inputs, many, error);
  if (!files) {
    std::cerr << "bareme score: --input: " << error << '\n';
    return 2;
  }
  if (!o.shard.empty()) {
    o.options.shard = scoring::parse_shard(o.shard, error);
    if (!o.options.shard) {
      std::cerr << "bareme score: " << error << '\n';
      return 2;
    }
  }
  if (many && !o.report_path.empty()) {
    std::cerr << "bareme score: --report writes one report: give one input file, not several\n";
    return 2;
  }
  o.options.input = files->front();
  ReportFile report;
  if (!o.report_path.empty()) {
    std::vector<std::string> others = *files;
    others.insert(others.end(), {o.file, o.options.summary_path, o.options.output});
    if (auto why = report.open(o.report_path, others)) {
      std::cerr << "bareme score: --report: " << *why << '\n';
      return 2;
    }
    o.options.report = &report.stream();
    o.options.report_command =
        fmt::format("bareme score {}{} --input {}", o.file, o.all ? " --all" : "", files->front());
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
  if (!o.block_size.empty()) {
    const auto bytes = block_bytes(o.block_size);
    if (!bytes) {
      std::cerr << fmt::format(
          "bareme score: --block-size \"{}\" is not a size from 4K to 1G (bytes, or a number "
          "followed by K, M or G)\n",
          o.block_size);
      return 2;
    }
    o.options.block_bytes = *bytes;
  }
  if (!o.as_of.empty()) {
    o.options.as_of = runtime::parse_date(o.as_of);
    if (!o.options.as_of) {
      std::cerr << fmt::format("bareme score: --as-of \"{}\" is not a date: write YYYY-MM-DD\n",
                               o.as_of);
      return 2;
    }
  }
  o.options.sources = &project->sources;
  const auto score_one = [&](const scoring::ScoreOptions& options) {
    if (o.all) return scoring::score_all(*project->program, options);
    return scoring::score(*project->program, loaded->scheme, options);
  };
  if (many) return score_many(*files, o, score_one);
  const int status = score_one(o.options);
  // Exit 2 wrote no usable report: the temporary file goes, an earlier report stays.
  if (status != 2 && o.options.report && !report.commit()) {
    std::cerr << fmt::format("bareme score: --report: cannot write `{}`\n", o.report_path);
    return 2;
  }
  return status;
}

}  // namespace

std::function<int()> add_score_command(CLI::App& app) {
  auto o = std::make_shared<ScoreCommand>();
  auto* cmd = app.add_subcommand(
      "score", "Score a stream of applications (CSV or JSON Lines); print a summary.");
  cmd->add_option("file", o->file, "The scheme file")->required();
  cmd->add_option("-i,--input", o->inputs,
                  "apps.csv, apps.jsonl, or - for standard input; a folder or a quoted glob of "
                  "shards (several files: --output names a folder)")
      ->required();
  cmd->add_option("--shard", o->shard,
                  "K/N: score only part K (from 0) of N: a contiguous part of one file's rows, "
                  "numbered as in the whole file; of several files, every N-th from the K-th");
  cmd->add_option("--input-format", o->options.input_format,
                  "csv or jsonl (default: from the extension; csv for -)")
      ->check(CLI::IsMember({"csv", "jsonl"}));
  cmd->add_option("-o,--output", o->options.output,
                  "Write one row per input row to this file (.csv or .jsonl), - for stdout; with "
                  "several inputs, a folder that gets one file per input");
  cmd->add_option("--output-format", o->options.output_format,
                  "csv or jsonl (default: from the extension)")
      ->check(CLI::IsMember({"csv", "jsonl"}));
  cmd->add_option("--scheme", o->scheme, "The scheme to score, by name (default: the file's own)");
  cmd->add_flag("--all", o->all,
                "Score every aid and level of the project: each level's amount, the total, the "
                "applicable aids (docs/scoring.md)");
  cmd->add_flag("--columns", o->options.columns,
                "Compact rows: the failed conditions as a hexadecimal bitmask, its legend on stderr once "
                "(with --all: a column group per aid: eligible, amount, refusal)");
  cmd->add_option(
      "--outputs", o->outputs,
      "The declared outputs written as columns, comma-separated, or none (default: every one)");
  cmd->add_option("--combine", o->options.combine,
                  "Report only this combine's aids (default: every combine of the file)");
  cmd->add_flag("--strict", o->options.strict,
                "A CSV column or JSON member naming no input is an error (default: ignored, with "
                "one warning)");
  cmd->add_option("--engine", o->engine, "jit (default) or interp")
      ->check(CLI::IsMember({"jit", "interp"}));
  cmd->add_option("--threads", o->options.threads, "Threads for evaluation (default: every core)");
  cmd->add_option("--block-size", o->block_size,
                  "Cut the input in blocks of about this size, each read, evaluated and written "
                  "by one thread: bytes, or K, M, G (default: 1M; 4K to 1G)");
  cmd->add_option("--max-errors", o->options.max_errors,
                  "Stop after this many bad rows (default: never)");
  cmd->add_option("--as-of", o->as_of, "Evaluate every application as of this date (YYYY-MM-DD)");
  cmd->add_option("--summary", o->options.summary_path,
                  "Also write the summary as JSON to this file (several inputs: to this folder, "
                  "NAME.summary.json each)");
  cmd->add_option("--report", o->report_path,
                  "Also write an HTML report (charts, offline, one file) to this file");
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
