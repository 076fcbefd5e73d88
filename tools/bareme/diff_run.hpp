// The comparison of two loaded versions, shared by `bareme diff` and the REPL's `:diff`.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "diff_versions.hpp"
#include "prove/diff.hpp"

namespace bareme::tools {

struct DiffRun {
  prove::DiffOptions solver;
  bool json = false;
  bool time = false;  // each question's seconds, and the run's (comparing, solving, compiling)
  std::string old_label, new_label;          // how the versions are named in the report
  std::vector<std::string> only;             // the aids and levels compared (`--only`); empty: all
  std::string saved_prefix = "bareme-diff";  // where an unconfirmed witness is saved
};

// Matches the inputs, asks each question of each target, confirms each witness with both
// engines and prints the report on `out` (errors on `err`). Returns the exit status: 0 when no
// application changes, 1 when one does or a question is unknown (or an internal error), 2 on bad
// input (no input in common).
int run_diff(DiffVersion& old_version, DiffVersion& new_version, const DiffRun& run,
             std::ostream& out, std::ostream& err);

}  // namespace bareme::tools
