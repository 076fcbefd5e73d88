// Definitions checked on first use in dependency order; a definition met again while it is
// being checked closes a cycle, reported once with every name in it.
#include <fmt/format.h>

#include <algorithm>

#include "runtime/stack_guard.hpp"
#include "sema/checker.hpp"

namespace bareme::sema {

std::string Checker::def_name(DefNode n) const {
  switch (n.kind) {
    case DefKind::Rule: return program_.rules[n.index].name;
    case DefKind::Function: return program_.functions[n.index].name;
    case DefKind::Table: return program_.tables[n.index].name;
    case DefKind::Param: return program_.params[n.index].name;
    case DefKind::Scheme: return fmt::format("the result of `{}`", program_.schemes[n.index].name);
    case DefKind::Combine: return program_.combines[n.index].name;
    case DefKind::Input: return program_.inputs[n.index].name;
    case DefKind::Level: return program_.levels[n.index].name;
  }
  return "?";
}

Index Checker::def_module(DefNode n) const {
  switch (n.kind) {
    case DefKind::Rule: return program_.rules[n.index].module;
    case DefKind::Function: return program_.functions[n.index].module;
    case DefKind::Table: return program_.tables[n.index].module;
    case DefKind::Param: return program_.params[n.index].module;
    case DefKind::Scheme: return program_.schemes[n.index].module;
    case DefKind::Combine: return program_.combines[n.index].module;
    case DefKind::Input: return program_.inputs[n.index].module;
    case DefKind::Level: return program_.levels[n.index].module;
  }
  return 0;
}

source::Span Checker::def_span(DefNode n) const {
  switch (n.kind) {
    case DefKind::Rule: return rule_ast_[n.index]->name.span;
    case DefKind::Function: return function_ast_[n.index]->name.span;
    case DefKind::Table: return table_ast_[n.index]->name.span;
    case DefKind::Param: return param_ast_[n.index]->name.span;
    case DefKind::Scheme:
      return scheme_amount_ast_[n.index] ? scheme_amount_ast_[n.index]->span : program_.schemes[n.index].span;
    case DefKind::Combine: return combine_ast_[n.index]->name.span;
    case DefKind::Input:
      return input_ast_[n.index] ? input_ast_[n.index]->name.span : input_let_ast_[n.index]->name.span;
    case DefKind::Level: return level_ast_[n.index]->name.span;
  }
  return {};
}

void Checker::ensure(DefNode node) {
  auto& states = states_[node.kind];
  const size_t count = node.kind == DefKind::Rule       ? program_.rules.size()
                       : node.kind == DefKind::Function ? program_.functions.size()
                       : node.kind == DefKind::Table    ? program_.tables.size()
                       : node.kind == DefKind::Param    ? program_.params.size()
                       : node.kind == DefKind::Scheme   ? program_.schemes.size()
                       : node.kind == DefKind::Input    ? program_.inputs.size()
                       : node.kind == DefKind::Level    ? program_.levels.size()
                                                        : program_.combines.size();
  if (states.size() < count) states.resize(count, DefState::Pending);
  if (states[node.index] == DefState::Done) return;
  if (states[node.index] == DefState::Checking) {
    auto start = std::find(def_stack_.begin(), def_stack_.end(), node);
    std::vector<std::string> names;
    // A cycle through several files names each definition with its namespace.
    const bool across = std::any_of(start, def_stack_.end(), [&](const DefNode& n) { return def_module(n) != def_module(*start); });
    for (auto it = start; it != def_stack_.end(); ++it) {
      const std::string name = def_name(*it);
      const std::string& ns = program_.modules[def_module(*it)].name;
      const bool qualified = name.rfind(ns + ".", 0) == 0 || it->kind == DefKind::Scheme;
      names.push_back(across && !qualified ? fmt::format("{}.{}", ns, name) : name);
    }
    std::vector<std::string> key = names;
    std::sort(key.begin(), key.end());
    if (std::find(reported_cycles_.begin(), reported_cycles_.end(), key) != reported_cycles_.end()) return;
    reported_cycles_.push_back(key);
    std::string path;
    for (const auto& n : names) path += n + " → ";
    path += names.front();
    auto& d = sink_.report(diag::Id::DefinitionCycle, def_span(node),
                           names.size() == 1
                               ? fmt::format("`{}` is defined in terms of itself", names.front())
                               : fmt::format("these definitions depend on each other: {}", path));
    for (auto it = start + 1; it != def_stack_.end(); ++it) {
      d.note(it->kind == DefKind::Scheme ? fmt::format("{} comes from its conditions and amount, here", def_name(*it))
                                         : fmt::format("`{}` is defined here", def_name(*it)),
             def_span(*it));
    }
    d.hint("rules are equations: each must be computable from inputs and parameters without itself");
    return;
  }
  if (out_of_stack(&node, def_span(node))) return;
  states[node.index] = DefState::Checking;
  def_stack_.push_back(node);
  // A body is checked in its own context, whatever was being checked when it was first used.
  const Index saved_module = module_;
  auto saved_locals = std::move(locals_);
  const Index saved_slot = next_slot_;
  const bool saved_test = in_test_;
  std::string saved_definition = std::move(definition_);
  locals_.clear();
  next_slot_ = 0;
  in_test_ = false;
  switch (node.kind) {
    case DefKind::Rule: check_rule(node.index); break;
    case DefKind::Function: check_function(node.index); break;
    case DefKind::Table: check_table(node.index); break;
    case DefKind::Param: check_param(node.index); break;
    case DefKind::Scheme: check_scheme(node.index); break;
    case DefKind::Combine: check_combine(node.index); break;
    case DefKind::Input: check_input(node.index); break;
    case DefKind::Level: check_level(node.index); break;
  }
  module_ = saved_module;
  locals_ = std::move(saved_locals);
  next_slot_ = saved_slot;
  in_test_ = saved_test;
  definition_ = std::move(saved_definition);
  def_stack_.pop_back();
  states_[node.kind][node.index] = DefState::Done;
}

bool Checker::out_of_stack(const DefNode* entering, source::Span at) {
  if (!runtime::stack_exhausted()) return false;
  if (!reported_too_deep_) {
    reported_too_deep_ = true;
    // Named by where the chain starts, which does not depend on how much stack each level took.
    std::optional<DefNode> start;
    if (!def_stack_.empty()) {
      start = def_stack_.front();
    } else if (entering != nullptr) {
      start = *entering;
    }
    const std::string name = !start                          ? std::string("this expression")
                             : start->kind == DefKind::Scheme ? def_name(*start)
                                                              : fmt::format("`{}`", def_name(*start));
    sink_.report(diag::Id::TooDeepDefinitions, start ? def_span(*start) : at,
                 fmt::format("{} starts a chain of definitions, each using the next, too deep for the compiler's stack",
                             name))
        .hint("shorten the chain, or give bareme a larger stack with `bareme --stack-size MiB`");
  }
  return true;
}

void Checker::check_rule(Index i) {
  const auto* decl = rule_ast_[i];
  module_ = program_.rules[i].module;
  const Type declared = program_.rules[i].type;
  const bool annotated = decl->type.has_value();
  definition_ = program_.rules[i].name;
  auto value = expr(*decl->value, annotated ? &declared : nullptr);
  if (annotated) {
    value = coerce(std::move(value), declared, fmt::format("`{}`", decl->name.text));
  } else {
    program_.rules[i].type = value->type;
  }
  program_.rules[i].value = std::move(value);
  program_.rule_order.push_back(i);
}

void Checker::check_function(Index i) {
  auto& f = program_.functions[i];
  const auto* decl = function_ast_[i];
  module_ = f.module;
  for (size_t k = 0; k < f.params.size(); ++k) {
    locals_.push_back(Local{f.params[k].name, next_slot_++, f.params[k].type, &decl->params[k].name, "function", &f.name});
  }
  const bool annotated = decl->type.has_value();
  const Type declared = f.result;
  definition_ = f.name;
  auto body = expr(*decl->value, annotated ? &declared : nullptr);
  if (annotated) {
    body = coerce(std::move(body), declared, fmt::format("the result of `{}`", f.name));
  } else {
    f.result = body->type;
  }
  program_.functions[i].body = std::move(body);
}

void Checker::check_param(Index i) {
  const auto* decl = param_ast_[i];
  module_ = program_.params[i].module;
  const Type type = program_.params[i].type;
  definition_ = program_.params[i].name;
  std::vector<ir::Period> periods;
  bool bad_dates = false;
  for (const auto& v : decl->values) {
    ir::Period p;
    p.value = coerce(expr(*v.value, &type), type, fmt::format("parameter `{}`", decl->name.text));
    if (!p.value->type.is_error() && !is_constant(*p.value)) {
      sink_.report(diag::Id::NotConstant, p.value->span,
                   fmt::format("parameter `{}` must be a constant; it cannot read inputs or rules", decl->name.text))
          .hint("use `let` for a value computed from the application");
    }
    if (v.from) p.from = date(*v.from, v.period_span);
    if (v.until) p.until = date(*v.until, v.period_span);
    if ((v.from && !p.from) || (v.until && !p.until)) bad_dates = true;
    p.citation = v.citation ? v.citation->text : "";
    p.span = v.period_span.valid() ? v.period_span : v.value->span;
    if (p.from && p.until && *p.from > *p.until) {
      sink_.report(diag::Id::ParamPeriodOrder, p.span,
                   fmt::format("this period of `{}` ends before it starts", decl->name.text));
    }
    periods.push_back(std::move(p));
  }
  for (size_t k = 1; !bad_dates && k < periods.size(); ++k) {
    const auto& prev = periods[k - 1];
    const auto& cur = periods[k];
    const runtime::Days prev_start = prev.from.value_or(INT64_MIN);
    const runtime::Days cur_start = cur.from.value_or(INT64_MIN);
    if (cur_start < prev_start) {
      sink_.report(diag::Id::ParamPeriodOrder, cur.span,
                   fmt::format("the periods of `{}` must be listed in date order; this one starts before the one above",
                               decl->name.text))
          .note("the previous period", prev.span);
    } else if (!prev.until || *prev.until >= cur_start) {
      const std::string when = cur.from ? runtime::format_date(*cur.from) : "every date";
      sink_.report(diag::Id::ParamPeriodOverlap, cur.span,
                   fmt::format("two values of `{}` apply on {}", decl->name.text, when))
          .note("the previous period", prev.span)
          .hint(prev.until ? "end the previous period before this one starts"
                           : "give the previous value an `until` date");
    }
  }
  program_.params[i].periods = std::move(periods);
}

void Checker::check_scheme(Index i) {
  auto& s = program_.schemes[i];
  module_ = s.module;
  std::map<std::string, source::Span> labels;
  for (const auto* block : scheme_eligible_ast_[i]) {
    for (const auto& c : block->conditions) {
      ir::Condition out;
      const auto& file = sources_.file(c.test->span.file);
      definition_ = c.label ? c.label->text : std::string(file.slice(c.test->span.begin, c.test->span.end));
      const Type boolean = Type::of(TypeKind::Bool);
      out.test = coerce(expr(*c.test, &boolean), boolean, "a condition");
      out.labelled = c.label.has_value();
      if (c.label) {
        out.name = c.label->text;
        auto [it, fresh] = labels.emplace(out.name, c.label->span);
        if (!fresh) {
          sink_.report(diag::Id::DuplicateName, c.label->span,
                       fmt::format("two conditions are named `{}`", out.name))
              .note("first named here", it->second);
        }
      } else {
        out.name = std::string(file.slice(c.test->span.begin, c.test->span.end));
      }
      out.citation = c.citation ? c.citation->text : "";
      out.message = c.message.value_or("");
      out.span = c.span;
      program_.schemes[i].conditions.push_back(std::move(out));
    }
  }
  if (const auto* amount = scheme_amount_ast_[i]) {
    const Type money = Type::of(TypeKind::Money);
    definition_ = "amount";
    auto value = coerce(expr(*amount->value, &money), money, "the amount");
    program_.schemes[i].amount = std::move(value);
    program_.schemes[i].amount_citation = amount->citation ? amount->citation->text : "";
    program_.schemes[i].amount_span = amount->span;
  }
}

}  // namespace bareme::sema
