// Definitions evaluated once each (inputs, parameters at the evaluation date, rules, schemes),
// runtime errors, and the trace that explains them.
#include "interp/evaluator.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace bareme::interp {

Evaluator::Evaluator(const ir::Program& program, const Application& app, const Options& options)
    : program_(program),
      app_(app),
      tracing_(options.trace),
      coverage_(options.coverage),
      rules_(program.rules.size()),
      params_(program.params.size()),
      rules_not_applicable_(program.rules.size()),
      rule_nodes_(program.rules.size()),
      param_nodes_(program.params.size()),
      input_nodes_(program.inputs.size()),
      inputs_(program.inputs.size()),
      schemes_(program.schemes.size()),
      combines_(program.combines.size()),
      levels_(program.levels.size()),
      level_nodes_(program.levels.size()),
      max_steps_(options.max_steps ? options.max_steps : UINT64_MAX) {
  if (options.time_limit_seconds > 0) {
    deadline_ = std::chrono::steady_clock::now() +
                std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                    std::chrono::duration<double>(options.time_limit_seconds));
  }
}

namespace {

// 10000000 as "10 000 000".
std::string grouped(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t k = 0; k < digits.size(); ++k) {
    if (k > 0 && (digits.size() - k) % 3 == 0) out += ' ';
    out += digits[k];
  }
  return out;
}

}  // namespace

void Evaluator::over_budget(source::Span at) {
  const std::string where =
      current_function_ ? fmt::format(", in a call of function `{}`", program_.functions[*current_function_].name) : "";
  if (steps_ > max_steps_) {
    fail(ErrorCode::BudgetExceeded, at,
         fmt::format("the evaluation was stopped after {} steps{}", grouped(max_steps_), where));
  }
  fail(ErrorCode::BudgetExceeded, at, fmt::format("the evaluation was stopped after its time limit{}", where));
}

void throw_failure(RuntimeError error) {
  switch (error.code) {
    case ErrorCode::NotApplicable: throw NotApplicableFailure{{std::move(error)}};
    case ErrorCode::MissingInput: throw MissingInputFailure{{std::move(error)}};
    case ErrorCode::BudgetExceeded:
    case ErrorCode::TooDeep: throw Failure{std::move(error)};
    default: throw RowFailure{{std::move(error)}};
  }
}

void Evaluator::fail(ErrorCode code, source::Span at, std::string message) {
  throw_failure(RuntimeError{code, std::move(message), current_rule_, current_citation_, at, std::nullopt, std::nullopt});
}

void Evaluator::check(ErrorCode code, source::Span at, const char* what) {
  if (code != ErrorCode::None) fail(code, at, fmt::format("{}: {}", what, runtime::error_description(code)));
}

void Evaluator::close_open(size_t depth, const char* shown, const std::string& reason) {
  while (open_.size() > depth) {
    auto& n = trace_.nodes[open_.back()];
    if (n.value.empty()) {
      n.value = shown;
      if (n.detail.empty()) n.detail = reason;
    }
    open_.pop_back();
  }
}

size_t Evaluator::open_node(TraceNode::Kind kind, std::string name, std::string citation, source::Span span) {
  const size_t id = trace_.nodes.size();
  trace_.nodes.push_back(TraceNode{kind, std::move(name), "", std::move(citation), "", span, {}, TraceNode::Part::None});
  link(id);
  open_.push_back(id);
  return id;
}

void Evaluator::close_node(size_t node, std::string value, std::string detail) {
  trace_.nodes[node].value = std::move(value);
  trace_.nodes[node].detail = std::move(detail);
  if (!open_.empty() && open_.back() == node) open_.pop_back();
}

void Evaluator::link(size_t node) {
  if (open_.empty()) {
    trace_.roots.push_back(node);
    return;
  }
  auto& children = trace_.nodes[open_.back()].children;
  if (std::find(children.begin(), children.end(), node) == children.end()) children.push_back(node);
}

Value Evaluator::input(ir::Index i, source::Span at) {
  if (inputs_[i]) {
    if (tracing_ && input_nodes_[i]) link(*input_nodes_[i]);
    return *inputs_[i];
  }
  const auto& in = program_.inputs[i];
  const std::optional<Value>* given = i < app_.inputs.size() ? &app_.inputs[i] : nullptr;
  const bool is_given = given && *given;
  // A definition declared `unless given` is shown as a definition; an input as an input.
  const auto kind = in.definition ? TraceNode::Kind::Rule : TraceNode::Kind::Input;
  Value v;
  if (is_given) {
    v = **given;
    if (tracing_) {
      const size_t node = open_node(kind, in.name, in.citation, in.span);
      close_node(node, show(in.type, v),
                 in.definition ? "given by the situation" : in.computed_default ? "given" : "input");
      input_nodes_[i] = node;
    }
  } else if (in.default_value && !in.definition && !in.computed_default) {
    auto saved_locals = std::move(locals_);
    locals_.clear();
    v = eval(*in.default_value);
    locals_ = std::move(saved_locals);
    if (tracing_) {
      const size_t node = open_node(kind, in.name, "", in.span);
      close_node(node, show(in.type, v), "default");
      input_nodes_[i] = node;
    }
  } else if (in.default_value) {
    // Computed for this application, as a rule is: what it reads becomes its explanation.
    std::optional<size_t> node;
    if (tracing_) node = open_node(kind, in.name, in.citation, in.span);
    auto saved_rule = std::move(current_rule_);
    auto saved_citation = std::move(current_citation_);
    auto saved_locals = std::move(locals_);
    locals_.clear();
    current_rule_ = in.name;
    current_citation_ = in.citation;
    v = eval(*in.default_value);
    locals_ = std::move(saved_locals);
    current_rule_ = std::move(saved_rule);
    current_citation_ = std::move(saved_citation);
    if (node) {
      close_node(*node, show(in.type, v), in.definition ? "" : "default: " + in.default_text);
      input_nodes_[i] = node;
    }
  } else {
    throw_failure(RuntimeError{ErrorCode::MissingInput,
                               fmt::format("input `{}` is needed but was not given", in.name),
                               current_rule_, current_citation_, at, i, std::nullopt});
  }
  // A value outside the input's bounds cannot be decided on (its trace node shows the value).
  if (in.at_least && order(in.type, v, Value::of(*in.at_least)) < 0) {
    fail(ErrorCode::InputOutOfRange, at,
         fmt::format("`{}` is {}, below its lower bound {}", in.name, show(in.type, v),
                     show(in.type, Value::of(*in.at_least))));
  }
  if (in.at_most && order(in.type, v, Value::of(*in.at_most)) > 0) {
    fail(ErrorCode::InputOutOfRange, at,
         fmt::format("`{}` is {}, above its upper bound {}", in.name, show(in.type, v),
                     show(in.type, Value::of(*in.at_most))));
  }
  if (in.values && v.text && !in.accepts(*v.text)) {
    fail(ErrorCode::InputOutOfRange, at,
         fmt::format("`{}` is {}, which `{}` does not list", in.name, show(in.type, v),
                     in.values_file));
  }
  inputs_[i] = v;
  return v;
}

std::optional<runtime::Days> Evaluator::as_of() {
  if (app_.as_of) return app_.as_of;
  // The evaluated scheme's `as of` input dates the evaluation; without one (a module's tests),
  // the first scheme that declares one.
  std::vector<const ir::Scheme*> candidates;
  if (root_scheme_ && program_.schemes[*root_scheme_].as_of_input) {
    candidates.push_back(&program_.schemes[*root_scheme_]);
  } else {
    for (const auto& s : program_.schemes) candidates.push_back(&s);
  }
  for (const ir::Scheme* sp : candidates) {
    const auto& s = *sp;
    if (!s.as_of_input) continue;
    const auto& slot = *s.as_of_input < app_.inputs.size() ? app_.inputs[*s.as_of_input] : std::nullopt;
    if (slot) return slot->scalar;
    // A default dates the evaluation when it is a date literal (it cannot read a parameter,
    // whose value would itself depend on the date).
    const auto& d = program_.inputs[*s.as_of_input].default_value;
    if (d && std::holds_alternative<ir::Literal>(d->node)) return std::get<ir::Literal>(d->node).value;
  }
  return std::nullopt;
}

Value Evaluator::param(ir::Index i, source::Span at) {
  if (params_[i]) {
    if (tracing_ && param_nodes_[i]) link(*param_nodes_[i]);
    return *params_[i];
  }
  const auto& p = program_.params[i];
  const bool overridden = i < app_.param_overrides.size() && app_.param_overrides[i].has_value();
  const ir::Period* chosen = nullptr;
  if (!overridden) {
    const bool dated = p.periods.size() != 1 || p.periods[0].from || p.periods[0].until;
    if (!dated) {
      chosen = &p.periods[0];
    } else {
      const auto date = as_of();
      auto fail_param = [&](ErrorCode code) {
        throw_failure(RuntimeError{code, param_error_message(program_, code, i, date), current_rule_,
                                   current_citation_, at, std::nullopt, i});
      };
      if (!date) fail_param(ErrorCode::NoEvaluationDate);
      for (const auto& period : p.periods) {
        if ((!period.from || *period.from <= *date) && (!period.until || *date <= *period.until)) chosen = &period;
      }
      if (chosen == nullptr) fail_param(ErrorCode::NoParamValue);
    }
  }
  std::optional<size_t> node;
  if (tracing_) node = open_node(TraceNode::Kind::Param, p.name, chosen ? chosen->citation : "", p.span);
  auto saved_locals = std::move(locals_);
  locals_.clear();
  const Value v = overridden ? *app_.param_overrides[i] : eval(*chosen->value);
  locals_ = std::move(saved_locals);
  if (node) {
    std::string when = overridden ? "overridden" : "";
    if (chosen && (chosen->from || chosen->until)) {
      when = fmt::format("in force from {} until {}", chosen->from ? runtime::format_date(*chosen->from) : "the start",
                         chosen->until ? runtime::format_date(*chosen->until) : "further notice");
    }
    close_node(*node, show(p.type, v), when);
    param_nodes_[i] = node;
  }
  params_[i] = v;
  return v;
}

Value Evaluator::rule(ir::Index i) {
  if (rules_[i]) {
    if (tracing_ && rule_nodes_[i]) link(*rule_nodes_[i]);
    return *rules_[i];
  }
  if (rules_not_applicable_[i]) {
    if (tracing_ && rule_nodes_[i]) link(*rule_nodes_[i]);
    throw_failure(*rules_not_applicable_[i]);
  }
  const auto& r = program_.rules[i];
  const size_t depth = open_.size();
  std::optional<size_t> node;
  if (tracing_) node = open_node(TraceNode::Kind::Rule, r.name, r.citation, r.span);
  auto saved_rule = std::move(current_rule_);
  auto saved_citation = std::move(current_citation_);
  // A definition first needed inside a comprehension must not overwrite its variables.
  auto saved_locals = std::move(locals_);
  locals_.clear();
  current_rule_ = r.name;
  current_citation_ = r.citation;
  Value v;
  try {
    v = eval(*r.value);
  } catch (NotApplicableFailure& f) {
    // `not applicable` is an outcome of the rule, kept like a value: read again, it ends again.
    close_open(depth, kNotApplicable, f.error.message);
    locals_ = std::move(saved_locals);
    current_rule_ = std::move(saved_rule);
    current_citation_ = std::move(saved_citation);
    rule_nodes_[i] = node;
    rules_not_applicable_[i] = f.error;
    throw;
  }
  locals_ = std::move(saved_locals);
  current_rule_ = std::move(saved_rule);
  current_citation_ = std::move(saved_citation);
  if (node) {
    close_node(*node, show(r.type, v));
    rule_nodes_[i] = node;
  }
  rules_[i] = v;
  return v;
}

const SchemeOutcome& Evaluator::scheme(ir::Index i) {
  if (schemes_[i]) return *schemes_[i];
  const auto& s = program_.schemes[i];
  const std::string saved_rule = current_rule_, saved_citation = current_citation_;
  auto saved_locals = std::move(locals_);
  locals_.clear();
  SchemeOutcome out;
  out.eligible = true;
  // A condition that lacks an input is set aside: one that fails for sure refuses the
  // application all the same (docs/semantics.md §3.12); any other error ends the evaluation.
  std::optional<RuntimeError> missing;
  // Every condition is evaluated, so that the result lists each one that fails.
  for (ir::Index c = 0; c < s.conditions.size(); ++c) {
    const auto& cond = s.conditions[c];
    current_rule_ = cond.name;
    current_citation_ = cond.citation;
    std::optional<size_t> node;
    if (tracing_) node = open_node(TraceNode::Kind::Condition, cond.name, cond.citation, cond.span);
    bool holds = false;
    std::optional<RuntimeError> na, lacking;
    const auto test = [&] {
      lacking = missing_input_in(
          [&] { na = not_applicable_in([&] { holds = eval(*cond.test).scalar != 0; }); });
    };
    if (!missing) {
      test();
    } else {
      // The first error in order, unless the interpreter's own limits (not a RowFailure) stopped it.
      try {
        test();
      } catch (RowFailure&) {
        throw_failure(*missing);
      }
    }
    if (lacking) {
      if (node) close_node(*node, kMissing, lacking->message);
      if (!missing) missing = std::move(lacking);
      continue;
    }
    // A condition that is not applicable refuses the application, saying where.
    if (na) {
      if (node) close_node(*node, kNotApplicable, na->message);
      out.eligible = false;
      out.failed.push_back(FailedCondition{c, cond.name, cond.citation, "not applicable: " + na->message, true});
      continue;
    }
    covered(&cond, holds);
    if (node) close_node(*node, holds ? "true" : "false", holds ? "" : cond.message);
    if (!holds) {
      out.eligible = false;
      out.failed.push_back(FailedCondition{c, cond.name, cond.citation, cond.message});
    }
  }
  if (missing && out.eligible) throw_failure(*missing);
  if (out.eligible && s.amount) {
    current_rule_ = "amount";
    current_citation_ = s.amount_citation;
    std::optional<size_t> node;
    if (tracing_) node = open_node(TraceNode::Kind::Amount, s.name + ".amount", s.amount_citation, s.amount_span);
    // An amount that is not applicable makes the application not eligible: a refusal named
    // `amount`, after the conditions.
    Value exact;
    if (auto na = not_applicable_in([&] {
          exact = eval(*s.amount);
          out.amount = at_rest(s.amount->type, exact, s.amount_span, s.rounding, "paying this amount");
        })) {
      if (node) close_node(*node, kNotApplicable, na->message);
      out.eligible = false;
      out.amount = 0;
      out.failed.push_back(FailedCondition{static_cast<ir::Index>(s.conditions.size()), "amount", s.amount_citation,
                                           "not applicable: " + na->message, true});
    } else if (node) {
      close_node(*node, runtime::format_money(out.amount), paid_note(s.amount->type, exact, s.rounding));
    }
  }
  current_rule_ = saved_rule;
  current_citation_ = saved_citation;
  locals_ = std::move(saved_locals);
  schemes_[i] = std::move(out);
  return *schemes_[i];
}

}  // namespace bareme::interp
