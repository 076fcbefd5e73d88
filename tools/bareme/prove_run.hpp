// Proving the properties of a compiled scheme and printing the verdicts, for `bareme prove` and
// the REPL's `:prove` (docs/proofs.md).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "driver/compile.hpp"
#include "ir/ir.hpp"

namespace bareme::tools {

struct ProveOptions {
  std::string file, scheme, as_of;
  std::vector<std::string> rules, properties, library_paths;
  double timeout = 10;
  size_t list_bound = 4;
  bool json = false;
  bool errors = false;       // also look for applications on which each rule fails to evaluate
  bool write_test = false;   // append each confirmed counterexample as a `test` block
  bool all_periods = false;  // prove at each period of the dated parameters each target reads
  size_t sample = 0;         // `--sample N`: also evaluate each property on N generated rows
  uint64_t seed = 1;
  bool time = false;  // `--time`: each verdict's time
};

// Proves the properties (or rules) `o` names of `scheme`, whose tests it moves into outputs of the
// scheme; prints the verdicts to `out` (the file's name first when `folder_file` is given, and
// nothing when the scheme has no property) and bad input to `err`. Returns 0 when every one is
// proved, 1 when not, 2 on bad input.
int prove_loaded(const ProveOptions& o, driver::Compilation& compilation, ir::Index scheme,
                 const std::string& folder_file, std::ostream& out, std::ostream& err);

}  // namespace bareme::tools
