// Two versions of a scheme compared by the solver: who becomes eligible, who loses eligibility,
// whose amount rises or falls; a witness situation, or a proof that none exists.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "interp/interp.hpp"
#include "prove/prove.hpp"

namespace bareme::prove {

enum class Question : uint8_t { BecomesEligible, LosesEligibility, AmountRises, AmountFalls };
inline constexpr Question kQuestions[] = {Question::BecomesEligible, Question::LosesEligibility,
                                          Question::AmountRises, Question::AmountFalls};
const char* question_name(Question q);  // "becomes eligible", "loses eligibility", …

// One version: a program, the scheme whose inputs and date it reads, and what is compared (the
// eligibility and amount of a scheme or a level of it, each a Bool and a Money expression).
struct DiffSide {
  const ir::Program* program = nullptr;
  ir::Index scheme = 0;
  const ir::Expr* eligible = nullptr;
  const ir::Expr* amount = nullptr;
  std::optional<runtime::Days> as_of;  // absent: the scheme's `as of` input
};

// An application tried first: another target's witness for the same question, as each version
// reads it. Its inputs are fixed, the others left to the solver; only a witness is kept from it.
struct DiffHint {
  interp::Application old_app, new_app;
};

struct DiffOptions {
  unsigned timeout_ms = 10000;  // the solver's budget for one question (maximise: per step)
  size_t list_bound = 4;
  bool maximise = false;  // look for the largest change, not any
  // Witnesses found for the question on other targets (an aid's, for the levels holding it).
  std::vector<DiffHint> hints;
};

struct DiffVerdict {
  Kind kind = Kind::Unknown;  // Proved: no application answers the question; Counterexample: one
  Reason reason = Reason::None;
  std::string detail;
  source::Span span;
  bool new_side = false;  // Unknown/Construct: the construct is in the new version
  std::optional<size_t> list_bound;
  // The witness: every input of both versions (situation), and each version's own inputs as
  // its `bareme eval --input` reads them; the values the solver expects.
  std::string situation, old_situation, new_situation;
  // An input of one name but different types in the two versions took a different value in
  // each: `situation` cannot hold both, each version's own is shown.
  bool situations_differ = false;
  std::vector<Shown> values;
  bool old_eligible = false, new_eligible = false;
  int64_t old_amount = 0, new_amount = 0;  // cents
  bool largest = false;                    // maximise: no larger change exists (proved)
  double seconds = 0;
};

// The question for the two versions, their inputs matched by name and type. Never throws.
DiffVerdict diff(const DiffSide& old_side, const DiffSide& new_side, Question q,
                 const DiffOptions& options);

// The inputs declared by one version only (by name), and those whose type differs.
struct InputMatch {
  std::vector<std::string> common, old_only, new_only, different_type;
};
InputMatch match_inputs(const ir::Program& old_program, const ir::Program& new_program);

}  // namespace bareme::prove
