// The scoring phase: a stream of applications (CSV or JSON Lines) through one engine, in
// chunks, with a result or an error row for every input row, in input order, and a summary.
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "ir/ir.hpp"
#include "jit/jit.hpp"
#include "runtime/value.hpp"
#include "runtime/values.hpp"
#include "scoring/shards.hpp"
#include "source/source_file.hpp"

namespace bareme::scoring {

struct ScoreOptions {
  std::string input = "-";    // a path, or "-" for standard input
  std::string input_format;   // csv or jsonl; empty: from the file's extension (csv for stdin)
  std::string output;         // empty: no rows written; "-": standard output
  std::string output_format;  // csv or jsonl; empty: from the output's extension (csv for stdout)
  bool use_jit = true;
  unsigned threads = 0;  // 0: every core
  size_t block_bytes = 0;  // the input cut in blocks of about this many bytes; 0: 1 MiB
  size_t max_errors = std::numeric_limits<size_t>::max();
  std::optional<runtime::Days> as_of;
  std::string summary_path;        // also write the summary as JSON there
  std::ostream* report = nullptr;  // also write the HTML report there (--report)
  std::string report_command;      // the command line shown in the report's header
  std::string combine;             // report only this combine's aids (empty: every one)
  // The declared outputs written as columns, by name; unset: every one; empty: none.
  std::optional<std::vector<std::string>> outputs;
  // score_all: a column group per aid (eligible, amount, refusal); score: the failed
  // conditions as a bitmask, its legend on stderr once.
  bool columns = false;
  bool progress = false;       // rows and rows/s on stderr while scoring
  std::optional<Shard> shard;  // score only this contiguous part of the file's rows
  // A CSV column or JSON member naming no input: an error (the header stops the run; each such
  // JSON line is an error row) instead of ignored after one warning.
  bool strict = false;
  // Parameter values that replace the files' (a reform tried in the REPL).
  std::vector<std::optional<runtime::Value>> param_overrides;
  // Locates the construct in the warning printed when the JIT refuses the scheme (null: no
  // location); the interpreter then scores every row.
  const source::SourceManager* sources = nullptr;
  // Embedding (the C ABI's bareme_score_text): read this open descriptor instead of `input`
  // (closed when done), write rows to `output_stream` instead of `output`, and say problems,
  // warnings and the summary on `messages` instead of standard error.
  int input_fd = -1;
  std::ostream* output_stream = nullptr;
  std::ostream* messages = nullptr;
  std::ostream& errors() const;
};

// Scores the input; returns the exit status (0 done, 1 stopped at --max-errors, 2 unusable
// input such as a header that does not match the scheme) and prints the summary on stderr.
// A scheme the JIT refuses is scored by the interpreter, after one warning line on stderr.
int score(const ir::Program& program, ir::Index scheme, const ScoreOptions& options);

// Scores every scheme and level of the program at once (`score --all`, docs/scoring.md "A whole
// catalogue"): per row each level's amount, the total of the top levels, the aids that apply
// and those that cannot decide; with `options.columns`, each aid's eligibility, amount and
// refusal. The same exit statuses as score(); the summary gives each level and each aid.
int score_all(const ir::Program& program, const ScoreOptions& options);

// The warning printed when the JIT refuses a scheme and `doing` ("scoring") goes on with the
// interpreter: one line, with the construct's location when `sources` is given.
std::string fallback_warning(const jit::Refusal& refusal, const source::SourceManager* sources,
                             std::string_view doing);

}  // namespace bareme::scoring
