// The interpreter's state for one application; private to interp/.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "interp/interp.hpp"

namespace bareme::interp {

using runtime::ErrorCode;
using runtime::Value;

// Thrown inside the interpreter to abandon an evaluation; caught before it leaves interp/.
// Its dynamic type says which handlers take it, so that an error passes the frames that only
// take others without being caught and thrown again at each one (a rethrow unwinds again: an
// error under many definitions cost a rethrow per definition). Thrown by throw_failure only.
struct Failure {
  RuntimeError error;
};
// An error of the row (not the interpreter's own limits: BudgetExceeded, TooDeep).
struct RowFailure : Failure {};
struct NotApplicableFailure : RowFailure {};
struct MissingInputFailure : RowFailure {};
// Throws `error` as the Failure type of its code.
[[noreturn]] void throw_failure(RuntimeError error);

struct SchemeOutcome {
  bool eligible = false;
  int64_t amount = 0;  // granted cents
  std::vector<FailedCondition> failed;
};

class Evaluator {
 public:
  Evaluator(const ir::Program& program, const Application& app, const Options& options);

  // Counts one step of the evaluation; past the budget of steps or time, BudgetExceeded.
  void step(source::Span at) {
    if (++steps_ > max_steps_ || ((steps_ & 0xFFF) == 0 && deadline_ && std::chrono::steady_clock::now() > *deadline_)) {
      over_budget(at);
    }
  }
  [[noreturn]] void over_budget(source::Span at);

  // ---- evaluator.cpp: definitions, memoised, with their trace nodes
  Value input(ir::Index i, source::Span at);
  Value param(ir::Index i, source::Span at);
  Value rule(ir::Index i);
  const SchemeOutcome& scheme(ir::Index i);
  const CombineResult& combine(ir::Index i);
  // ---- eval_level.cpp
  const LevelResult& level(ir::Index i);
  // Evaluates member `m`: whether it applies, and its amount (cents) when it does.
  std::pair<bool, int64_t> applies(const ir::LevelMember& m);
  std::optional<runtime::Days> as_of();
  [[noreturn]] void fail(ErrorCode code, source::Span at, std::string message);
  // Runs `f`; when an error of type `Caught` ends it, returns that error instead of throwing it,
  // with the state it interrupted restored and its open trace nodes closed as `shown`.
  template <typename Caught, typename F>
  std::optional<RuntimeError> outcome_in(F&& f, const char* shown) {
    const size_t depth = open_.size();
    auto saved_locals = locals_;
    const std::string saved_rule = current_rule_, saved_citation = current_citation_;
    const auto saved_function = current_function_;
    try {
      f();
      return std::nullopt;
    } catch (Caught& failure) {
      close_open(depth, shown, failure.error.message);
      locals_ = std::move(saved_locals);
      current_rule_ = saved_rule;
      current_citation_ = saved_citation;
      current_function_ = saved_function;
      return std::move(failure.error);
    }
  }
  // When `not applicable` ends `f`: that outcome.
  template <typename F>
  std::optional<RuntimeError> not_applicable_in(F&& f) {
    return outcome_in<NotApplicableFailure>(f, kNotApplicable);
  }
  // When a missing input ends `f`: that error (three-valued logic, docs/semantics.md §3.12).
  template <typename F>
  std::optional<RuntimeError> missing_input_in(F&& f) {
    return outcome_in<MissingInputFailure>(f, kMissing);
  }
  // When a runtime error of the row ends `f` (not the interpreter's own limits): that error.
  template <typename F>
  std::optional<RuntimeError> row_error_in(F&& f) {
    return outcome_in<RowFailure>(f, "error");
  }
  // Closes the open trace nodes above `depth` that have no value as `shown`, with `reason`.
  void close_open(size_t depth, const char* shown, const std::string& reason);
  void check(ErrorCode code, source::Span at, const char* what);

  // ---- eval_expr.cpp
  // The value of `e`, wide when `e.wide` (a narrow value read where a wide one is expected is
  // widened, exactly).
  Value eval(const ir::Expr& e);
  Value eval_node(const ir::Expr& e);
  Value arith(const ir::Expr& e, const ir::Arith& a);
  Value wide_arith(const ir::Expr& e, const ir::Arith& a, const Value& l, const Value& r);
  // -1, 0 or 1: a against b, two values of `type`, either of them wide.
  static int order(ir::Type type, const Value& a, const Value& b);
  // a + b, two values of `type`, either of them wide.
  // For an explanation: the exact value of a paid amount, when rounding changed it.
  std::string paid_note(ir::Type type, const Value& exact, runtime::RoundMode mode) const;
  Value add(ir::Type type, const Value& a, const Value& b, source::Span at, const char* what);
  // A value at rest (cents, millionths): a wide value rounded by `mode`, a narrow one as it is.
  int64_t at_rest(ir::Type type, const Value& v, source::Span at, runtime::RoundMode mode, const char* what);
  bool compare(const ir::Compare& c);
  bool equal(ir::Type type, const Value& a, const Value& b) const;

  // ---- eval_calls.cpp
  Value table(const ir::Expr& e, const ir::TableCall& call);
  Value function(const ir::Expr& e, const ir::FunctionCall& call);
  Value builtin(const ir::Expr& e, const ir::Builtin& b);
  Value comprehension(const ir::Expr& e, const ir::Comprehension& c);
  Value cap(const ir::Expr& e, const ir::Cap& c);

  // ---- tracing
  size_t open_node(TraceNode::Kind kind, std::string name, std::string citation, source::Span span);
  void close_node(size_t node, std::string value, std::string detail = {});
  void link(size_t node);
  std::string show(ir::Type type, const Value& v) const { return format_value(program_, type, v); }

  const ir::Program& program_;
  const Application& app_;
  bool tracing_;
  CoverageHits* coverage_;  // null unless coverage is recorded
  void covered(const void* node, bool way) {
    if (coverage_) coverage_->record(node, way);
  }
  Trace trace_;
  std::vector<size_t> open_;  // nodes being evaluated; the innermost receives children

  std::vector<std::optional<Value>> rules_, params_;
  std::vector<std::optional<RuntimeError>> rules_not_applicable_;  // rules that ended `not applicable`
  std::vector<std::optional<size_t>> rule_nodes_, param_nodes_, input_nodes_;
  std::vector<std::optional<Value>> inputs_;  // each input read, given or from its default
  std::vector<std::optional<SchemeOutcome>> schemes_;
  std::vector<std::optional<CombineResult>> combines_;
  std::vector<std::optional<LevelResult>> levels_;
  std::vector<std::optional<size_t>> level_nodes_;
  std::vector<Value> locals_;
  std::optional<ir::Index> root_scheme_;  // the scheme being evaluated, if any
  // The definition being evaluated, named in runtime errors.
  std::string current_rule_, current_citation_;
  // The function being called, if any, also named when the budget runs out.
  std::optional<ir::Index> current_function_;

  // Function calls are pure within one evaluation: each (function, arguments) is computed once.
  struct Call {
    Value value;
    std::optional<size_t> node;  // its trace node
  };
  std::unordered_map<std::string, Call> calls_;

  uint64_t steps_ = 0, max_steps_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
};

}  // namespace bareme::interp
