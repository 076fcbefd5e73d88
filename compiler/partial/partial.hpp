// Partial evaluation: a scheme on a partial situation is eligible, not eligible, or undetermined
// with the missing inputs ranked by how many undecided conditions and branches each decides.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "interp/interp.hpp"
#include "ir/ir.hpp"
#include "source/source_file.hpp"

namespace bareme::partial {

enum class Status : uint8_t { Eligible, NotEligible, Undetermined };

// An input the situation does not give, has no default, and that an undecided condition or
// branch reads.
struct Missing {
  ir::Index input = 0;
  // How many undecided items read it: conditions, the amount, and the `if` / `match` tests whose
  // way is not known yet. Inputs are ranked by it, larger first, ties in declaration order.
  int decides = 0;
};

struct Outcome {
  Status status = Status::Undetermined;
  int64_t amount = 0;  // cents: the amount granted when Eligible, 0 when NotEligible
  // NotEligible: the first condition, in source order, known to fail whatever the missing inputs.
  std::optional<interp::FailedCondition> failed;
  source::Span failed_span;
  // Undetermined by a runtime error other than a missing input (the evaluation fails).
  std::optional<interp::RuntimeError> error;
  std::vector<Missing> missing;        // ranked: ask the first one first
  std::vector<std::string> undecided;  // the conditions (and `amount`) not decided yet
  size_t answered = 0;                 // inputs the situation gives
};

// Evaluates `scheme` on the partial situation `app` with the interpreter. Once every input of
// `missing` is given, repeatedly, the outcome is that of a full evaluation (`interp::evaluate`).
Outcome evaluate(const ir::Program& program, ir::Index scheme, const interp::Application& app,
                 const interp::Options& options = {});

// The outcome as JSON (docs/compiler/partial.md): status, eligible, amount, failed_condition,
// error, missing (input, type, doc, decides), undecided, asked, answered.
std::string render_json(const Outcome& outcome, const ir::Program& program, ir::Index scheme,
                        const source::SourceManager& sources);
// The outcome as text for the REPL: the status, then the ranked inputs with what each decides.
std::string render_text(const Outcome& outcome, const ir::Program& program,
                        const source::SourceManager& sources);

// evaluate, then render_json.
std::string missing_json(const ir::Program& program, ir::Index scheme,
                         const interp::Application& app, const interp::Options& options,
                         const source::SourceManager& sources);

}  // namespace bareme::partial
