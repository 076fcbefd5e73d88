// What `bareme prove` proves: declared properties of the scheme, or `let` rules named on the
// command line, each made an output of the scheme so that the JIT computes it too.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "ir/ir.hpp"

namespace bareme::tools {

struct ProveTarget {
  std::string kind;  // "property" or "rule"
  std::string name;
  std::string sentence, citation;  // a property's
  size_t output = 0;               // the output of the scheme that holds the test
  std::vector<const ir::Expr*> preconditions;
};

// The properties of `scheme` (those named in `properties`, or all when it is empty), or the Bool
// `let` rules named in `rules` when some are. Moves each test into a new output of the scheme.
// Prints why to `err` and returns false on a name that is no property or no Bool rule.
bool select_prove_targets(ir::Program& program, ir::Index scheme,
                          const std::vector<std::string>& rules,
                          const std::vector<std::string>& properties,
                          std::vector<ProveTarget>& targets, std::ostream& err);

}  // namespace bareme::tools
