// `bareme prove --sample N`: each property evaluated by the interpreter and the JIT on N
// generated applications (as `fuzz-diff` makes them), to cross-check the prover's verdicts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ir/ir.hpp"
#include "prove_targets.hpp"
#include "runtime/values.hpp"

namespace bareme::tools {

// What the sampled rows say of one property.
struct SampleResult {
  size_t rows = 0;
  // Rows (within the list bound) on which both engines evaluate every precondition to true and
  // the test without error.
  size_t evaluated = 0;
  // Rows on which an engine evaluates the preconditions to true and the test to false.
  size_t violations = 0;
  // Rows on which the engines differ (anything of the row: the test, a precondition, the result).
  size_t disagreements = 0;
  bool jit = false;       // false when the JIT refused the scheme: the interpreter alone ran
  std::string violation;  // the first violating row, as a situation JSON (one line)
};

// Samples `rows` applications (half hostile, half plausible, from `seed`) and evaluates each
// target with both engines; a row with a list input longer than `list_bound` does not count
// (the prover did not consider it). Moves the targets' preconditions into outputs of the scheme
// (the targets' pointers stay valid); one result per target, in order.
std::vector<SampleResult> sample_targets(ir::Program& program, ir::Index scheme,
                                         const std::vector<ProveTarget>& targets, size_t rows,
                                         uint64_t seed, std::optional<runtime::Days> as_of,
                                         size_t list_bound);

// The result as `prove` prints it under the verdict (a line, and the first violation), and as
// the value of its JSON `sample` member.
std::string sample_text(const SampleResult& r, uint64_t seed);
std::string sample_json(const SampleResult& r, uint64_t seed);

}  // namespace bareme::tools
