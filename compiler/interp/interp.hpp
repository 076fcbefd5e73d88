// The reference interpreter: evaluates a checked scheme for one application, exactly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "interp/coverage.hpp"
#include "interp/trace.hpp"
#include "ir/ir.hpp"
#include "runtime/errors.hpp"
#include "runtime/value.hpp"

namespace bareme::interp {

// The inputs of one application, indexed like program.inputs; an unset input takes its default,
// and reading one without a default is the runtime error MissingInput.
struct Application {
  std::vector<std::optional<runtime::Value>> inputs;
  std::optional<runtime::Days> as_of;  // overrides the scheme's `as of` input
  // Parameter values that replace the files' values (a reform tried in the REPL or `--set`).
  std::vector<std::optional<runtime::Value>> param_overrides;
};

struct RuntimeError {
  runtime::ErrorCode code = runtime::ErrorCode::None;
  std::string message;   // what failed, with values
  std::string rule;      // the definition being evaluated
  std::string citation;  // its citation, if any
  source::Span span;     // the expression that failed
  std::optional<ir::Index> missing_input;  // for MissingInput: which input
  std::optional<ir::Index> param;          // for NoParamValue and NoEvaluationDate: which parameter
};

// The message of a NoParamValue (on `date`) or NoEvaluationDate error about parameter `param`:
// "parameter `cap` has no value on 2021-11-01".
std::string param_error_message(const ir::Program& program, runtime::ErrorCode code, ir::Index param,
                                std::optional<runtime::Days> date);

// A refused condition; or, with `not_applicable`, a condition or the amount (index: the number of
// conditions, name `amount`) that reached `not applicable`, the message saying where.
struct FailedCondition {
  ir::Index index;
  std::string name, citation, message;
  bool not_applicable = false;
};

struct AidResult {
  std::string name;
  int64_t before = 0, after = 0;  // cents
};
struct CapResult {
  std::string citation;
  bool applied = false;      // false when its `when` did not hold, or it or the limit was not applicable
  int64_t total = 0, limit = 0, excess = 0, unabsorbed = 0;  // cents
  std::vector<std::pair<std::string, int64_t>> absorbed;      // aid → cents removed
};
struct CombineResult {
  std::string name;
  std::vector<AidResult> aids;
  std::vector<CapResult> caps;
};

// One member of a level, in the level's order.
struct LevelMemberResult {
  std::string name;
  bool is_level = false;               // a level, else a scheme
  std::optional<int64_t> priority;
  bool evaluated = false;              // false after the winner of a first level (replaced)
  bool applies = false;
  int64_t amount = 0;                  // cents; 0 when it does not apply
};
struct LevelResult {
  std::string name;
  ir::LevelPolicy policy = ir::LevelPolicy::First;
  bool eligible = false;               // some member applies
  int64_t amount = 0;                  // cents
  std::optional<size_t> winner;        // first and best: the member whose amount counts
  std::vector<LevelMemberResult> members;
};

// A declared output (`output NAME`): its value, or the runtime error that kept it from being
// computed. Each output is evaluated on its own, after the result: an output that cannot be
// computed leaves the result as it is.
struct OutputResult {
  std::string name;
  ir::Type type;
  std::string type_name;  // as the language writes it: `Money`, `kW`, an enum's name
  std::optional<runtime::Value> value;
  std::optional<RuntimeError> error;
  std::string text, plain;  // with a value: format_value (`2 700.00 €`) and plain_value (`2700.00`)
};

struct Result {
  std::string scheme;
  std::optional<runtime::Days> as_of;
  bool eligible = false;
  int64_t amount = 0;  // cents granted: 0 when not eligible
  std::vector<FailedCondition> failed;
  std::vector<CombineResult> combines;
  std::vector<LevelResult> levels;    // the levels declared in the scheme's file
  std::optional<RuntimeError> error;  // when set, the fields above are not meaningful
  std::vector<OutputResult> outputs;  // the scheme's outputs, in order, whether or not `error` is set
  Trace trace;                        // filled when asked for (outputs are not traced)
};

// A bound on one evaluation, so that none runs for ever: past it, the evaluation ends with the
// runtime error BudgetExceeded. Function calls are memoised, so only schemes whose functions
// call each other with very many distinct arguments come near it.
inline constexpr uint64_t kDefaultMaxSteps = 10'000'000;

struct Options {
  bool trace = false;
  uint64_t max_steps = kDefaultMaxSteps;  // expressions evaluated; 0: no bound
  double time_limit_seconds = 0;          // wall-clock time; 0: no bound
  // When set, each condition, `if`, match arm, table row and cap evaluated records the way it
  // went (`bareme test --coverage`); null, the evaluation pays one test per such item.
  CoverageHits* coverage = nullptr;
  // The scheme's declared outputs: evaluated, and formatted (`OutputResult::text`, `plain`) for
  // a report; a caller that needs only their values (`engine::interpreter_row`) or none skips it.
  bool outputs = true;
  bool format_outputs = true;
};

// Evaluates `scheme` of `program` (and every combine and level of the scheme's file).
Result evaluate(const ir::Program& program, ir::Index scheme, const Application& app, const Options& options = {});

// Evaluates level `level` alone, as `score --all` does for each level: its members in the
// level's order, on the date a module's tests use (the first scheme's `as of`, semantics.md §6).
struct LevelEvaluation {
  LevelResult level;
  std::optional<RuntimeError> error;  // when set, `level` is not meaningful
  std::optional<runtime::Days> as_of;
  Trace trace;
};
LevelEvaluation evaluate_level(const ir::Program& program, ir::Index level, const Application& app,
                               const Options& options = {});

// Evaluates one expression of `program` (a test expectation, a REPL line) for `app`.
struct ExpressionResult {
  std::optional<runtime::Value> value;
  std::optional<RuntimeError> error;
  Trace trace;
};
ExpressionResult evaluate_expression(const ir::Program& program, const ir::Expr& expr,
                                     std::optional<ir::Index> scheme, const Application& app,
                                     const Options& options = {});

// One value (an output, or a definition `eval --show` names) for `app`, evaluated on its own:
// its value formatted, or the runtime error that kept it from being computed.
OutputResult evaluate_output(const ir::Program& program, const std::string& name, const ir::Expr& expr,
                             std::optional<ir::Index> scheme, const Application& app, const Options& options = {});

// An application with no input set, sized for `program`.
Application empty_application(const ir::Program& program);

// A value as the language writes it, for messages, traces and JSON results.
std::string format_value(const ir::Program& program, ir::Type type, const runtime::Value& value);
// A value as a bare cell, the way an application may give it (docs/scoring.md): money in euros
// with two decimals at least (`83.325`), a rate as a fraction (`0.6`), a quantity in its unit,
// a date `YYYY-MM-DD`, an enum its case, a text as it is; every place of an exact intermediate.
std::string plain_value(const ir::Program& program, ir::Type type, const runtime::Value& value);
// True when plain_value writes a number (JSON writes it unquoted).
bool plain_is_number(ir::Type type);
// An exact intermediate of `type`, every decimal place shown: `416.666666666666666667 €`.
std::string format_wide(const ir::Program& program, ir::Type type, runtime::Wide w);

}  // namespace bareme::interp
