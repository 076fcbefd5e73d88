// `bareme fuzz-diff --expressions N`: generated schemes, checked, then run by both back ends.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace bareme::tools {

struct ExpressionRun {
  size_t expressions = 0;  // how many schemes to generate
  uint64_t seed = 1;       // scheme i comes from seed + i, and so do its applications
  int depth = 4;
  size_t count = 1000;  // hostile applications per scheme, and as many plausible ones
  std::string keep;     // a folder for the sources that fail ("": print them)
  bool print = false;   // print every generated source before comparing
};

// Exit 0 when every generated scheme compiles and both back ends agree on every row; 1 on a
// mismatch, a scheme the checker rejects or the JIT refuses (each a bug to report); 2 when
// `keep` cannot be written.
int run_expressions(const ExpressionRun& run);

}  // namespace bareme::tools
