// A diff's witness evaluated by both engines in each version, and the conditions and rules
// whose values differ between the versions on it.
#pragma once

#include <string>
#include <vector>

#include "diff_versions.hpp"
#include "jit/jit.hpp"

namespace bareme::tools {

// A version's JIT, compiled once with every output of the diff.
struct DiffEngine {
  std::shared_ptr<const jit::CompiledScheme> compiled;
  std::string refusal;
};
DiffEngine compile_version(const DiffVersion& v);

// What one engine computes for a target on the witness: "eligible, 120.00 €", or the error.
struct SideCheck {
  std::string interp, jit;
  bool agree = false;  // both engines (the JIT when it runs) compute what the solver said
  interp::Application app;
};
SideCheck check_side(const DiffVersion& v, const DiffEngine& engine, size_t output,
                     const std::string& situation, bool eligible, int64_t amount);

// `scheme.condition: true → false`, `rule: 1 200.00 € → 900.00 €`: at most `limit` lines.
std::vector<std::string> differing_values(const DiffVersion& o, const interp::Application& old_app,
                                          const DiffVersion& n, const interp::Application& new_app,
                                          size_t limit);

}  // namespace bareme::tools
