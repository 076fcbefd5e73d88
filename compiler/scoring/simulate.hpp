// Simulation: a hypothetical population scored by the JIT (or the interpreter when the JIT
// refuses the scheme), with a reform beside the baseline.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "interp/interp.hpp"
#include "ir/ir.hpp"
#include "runtime/value.hpp"
#include "source/source_file.hpp"

namespace bareme::scoring {

struct Population;

struct SimulateOptions {
  size_t count = 1'000'000;
  uint64_t seed = 1;
  unsigned threads = 0;
  std::vector<std::optional<runtime::Value>> reform;  // parameter overrides; none: no reform
  // A reform written as another scheme file, scored beside the baseline on the same
  // applications, its inputs matched by name (--reform other.bareme).
  const ir::Program* reform_program = nullptr;
  ir::Index reform_scheme = 0;
  const Population* population = nullptr;  // distributions replacing the generated inputs
  std::ostream* write = nullptr;           // the generated applications
  bool write_jsonl = false;                // as JSON Lines rather than CSV
  std::string summary_path;                // the baseline summary as JSON
  // The HTML report (--report): written there when set, with this command line in its header;
  // the reform file's sources explain its side of the rows that changed most.
  std::ostream* report = nullptr;
  std::string report_command;
  const source::SourceManager* reform_sources = nullptr;
  // Where to say that the JIT refused a scheme (the interpreter then evaluates it), and the
  // sources that locate the construct it lacks; null: no warning, no location.
  std::ostream* warnings = nullptr;
  const source::SourceManager* sources = nullptr;
};

// Prints the baseline summary (and the reform's, with the difference) to `out`; returns an
// explanation when the reform's inputs cannot be matched with the baseline's. A scheme the JIT
// refuses is evaluated by the interpreter, with a warning.
std::optional<std::string> simulate(const ir::Program& program, ir::Index scheme,
                                    const SimulateOptions& options, std::ostream& out);

// Simulates every scheme and level of the program at once (`simulate --all`): the generated
// applications scored through each, and the catalogue's summary on `out` (per level, per aid,
// the total). `options.reform` (parameters) is evaluated beside the baseline, with the
// difference of the totals; `reform_program` must be null. Returns why the run is refused.
std::optional<std::string> simulate_all(const ir::Program& program, const SimulateOptions& options,
                                        std::ostream& out);

// Writes generated applications as CSV rows (no header) or JSON lines, as `--write` does.
void write_applications(const ir::Program& program, const std::vector<interp::Application>& apps,
                        bool jsonl, std::ostream& out);

// A value as a JSON value that `bareme score` (JSON Lines), `bareme eval --input` and the REPL's
// `:load` read back.
std::string json_value(const ir::Program& program, ir::Type type, const runtime::Value& value);

// A value as a CSV cell that `bareme score` reads back.
std::string csv_cell(const ir::Program& program, ir::Type type, const runtime::Value& value);

}  // namespace bareme::scoring
