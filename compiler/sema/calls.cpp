// Calls of tables, functions and built-ins; list comprehensions; list and record literals.
#include <fmt/format.h>

#include <algorithm>

#include "sema/checker.hpp"

namespace bareme::sema {
namespace {

const std::map<std::string, ir::BuiltinFn>& builtins() {
  static const std::map<std::string, ir::BuiltinFn> fns = {
      {"min", ir::BuiltinFn::Min},
      {"max", ir::BuiltinFn::Max},
      {"abs", ir::BuiltinFn::Abs},
      {"round", ir::BuiltinFn::Round},
      {"years_between", ir::BuiltinFn::YearsBetween},
      {"months_between", ir::BuiltinFn::MonthsBetween},
      {"days_between", ir::BuiltinFn::DaysBetween},
      {"year", ir::BuiltinFn::Year},
      {"month", ir::BuiltinFn::Month},
      {"day", ir::BuiltinFn::Day},
      {"decimal", ir::BuiltinFn::ToDecimal},
  };
  return fns;
}

}  // namespace

ir::ExprPtr Checker::call(const ast::Expr& e) {
  const Symbol* s = nullptr;
  if (e.qualifier) {
    const auto ns = namespace_named(e.qualifier->text);
    if (!ns) {
      auto& d = sink_.report(diag::Id::UnknownName, e.qualifier->span,
                             fmt::format("no namespace named `{}` here: this file imports no file of that name",
                                         e.qualifier->text));
      hint_elsewhere(d, e.text);
      return error_expr(e.span);
    }
    s = lookup_in(*ns, e.text);
    if (s == nullptr) {
      auto& d = sink_.report(diag::Id::UnknownName, e.var.span,
                             fmt::format("`{}` ({}) declares no function or table named `{}`", e.qualifier->text,
                                         program_.modules[*ns].path, e.text));
      if (may_suggest()) {
        std::vector<std::string> names;
        for (const auto& [name, sym] : scopes_[*ns].declared) {
          if (sym.kind == SymbolKind::Table || sym.kind == SymbolKind::Function) names.push_back(name);
        }
        suggest(d, e.text, names);
      }
      return error_expr(e.span);
    }
  } else {
    s = lookup(e.text);
  }
  if (s != nullptr && (s->kind == SymbolKind::Table || s->kind == SymbolKind::Function)) {
    const bool table = s->kind == SymbolKind::Table;
    ensure(DefNode{table ? DefKind::Table : DefKind::Function, s->index});
    const auto& params = table ? program_.tables[s->index].params : program_.functions[s->index].params;
    const Type result = table ? program_.tables[s->index].result : program_.functions[s->index].result;
    if (e.operands.size() != params.size()) {
      sink_.report(diag::Id::InvalidCall, e.span,
                   fmt::format("`{}` takes {} argument{}, but {} {} given", e.text, params.size(),
                               params.size() == 1 ? "" : "s", e.operands.size(), e.operands.size() == 1 ? "is" : "are"));
      return error_expr(e.span);
    }
    std::vector<ir::ExprPtr> args;
    for (size_t i = 0; i < params.size(); ++i) {
      if (!e.labels[i].text.empty() && e.labels[i].text != params[i].name) {
        sink_.report(diag::Id::InvalidCall, e.labels[i].span,
                     fmt::format("argument {} of `{}` is `{}`, not `{}`", i + 1, e.text, params[i].name, e.labels[i].text));
        args.push_back(error_expr(e.operands[i]->span));
        continue;
      }
      args.push_back(coerce(expr(*e.operands[i], &params[i].type), params[i].type,
                            fmt::format("argument `{}` of `{}`", params[i].name, e.text)));
    }
    if (result.is_error()) return error_expr(e.span);
    if (table) return make_expr(result, e.span, ir::TableCall{s->index, std::move(args)});
    return make_expr(result, e.span, ir::FunctionCall{s->index, std::move(args)});
  }
  if (builtins().count(e.text)) return builtin(e);
  if (s != nullptr) {
    sink_.report(diag::Id::InvalidCall, e.span, fmt::format("`{}` is {} and cannot be called", e.text, describe(s->kind)));
    return error_expr(e.span);
  }
  auto& d = sink_.report(diag::Id::UnknownName, e.var.span,
                         fmt::format("there is no function, table or built-in named `{}`", e.text));
  if (!hint_elsewhere(d, e.text) && may_suggest()) {
    std::vector<std::string> candidates;
    for (const auto& [n, fn] : builtins()) candidates.push_back(n);
    for (const auto* names : {&scopes_[module_].declared, &scopes_[module_].imported}) {
      for (const auto& [n, sym] : *names) {
        if (sym.kind == SymbolKind::Table || sym.kind == SymbolKind::Function) candidates.push_back(n);
      }
    }
    suggest(d, e.text, candidates);
  }
  return error_expr(e.span);
}

ir::ExprPtr Checker::builtin(const ast::Expr& e) {
  const ir::BuiltinFn fn = builtins().at(e.text);
  using F = ir::BuiltinFn;
  ir::Builtin out{fn, {}, ir::RoundMode::HalfAway};
  auto wrong = [&](const std::string& what) {
    sink_.report(diag::Id::InvalidCall, e.span, fmt::format("`{}` {}", e.text, what));
    return error_expr(e.span);
  };
  std::vector<ir::ExprPtr> args;
  std::optional<ir::RoundMode> mode;
  for (size_t i = 0; i < e.operands.size(); ++i) {
    const ast::Expr& a = *e.operands[i];
    static const std::map<std::string, ir::RoundMode> modes = {
        {"half_away", ir::RoundMode::HalfAway}, {"half_even", ir::RoundMode::HalfEven},
        {"up", ir::RoundMode::Up}, {"down", ir::RoundMode::Down}};
    const bool local = std::any_of(locals_.begin(), locals_.end(), [&](const Local& l) { return l.name == a.text; });
    if (e.labels[i].text.empty() && i > 0 && a.kind == ast::ExprKind::Name && modes.count(a.text) &&
        lookup(a.text) == nullptr && !local) {
      mode = modes.at(a.text);
      continue;
    }
    if (!e.labels[i].text.empty() && !(fn == F::Round && e.labels[i].text == "to")) {
      return wrong(fmt::format("has no argument named `{}`", e.labels[i].text));
    }
    args.push_back(expr(a));
    if (args.back()->type.is_error()) return error_expr(e.span);
  }
  auto need = [&](size_t n) { return args.size() == n; };
  auto all_dates = [&] {
    return std::all_of(args.begin(), args.end(), [](const auto& x) { return x->type.is(TypeKind::Date); });
  };
  Type result;
  switch (fn) {
    case F::Min:
    case F::Max: {
      if (args.size() < 2) return wrong("takes two values or more, or a list: `min(x.field for x in list)`");
      const bool any_decimal = std::any_of(args.begin(), args.end(), [](const auto& x) { return x->type.is(TypeKind::Decimal); });
      for (auto& a : args) {
        if (any_decimal && a->type.is(TypeKind::Int)) a = coerce(std::move(a), Type::of(TypeKind::Decimal), "");
      }
      result = args[0]->type;
      for (auto& a : args) {
        if (!(a->type == result)) return wrong("takes values of one type");
      }
      if (!result.is_numeric() && !result.is(TypeKind::Date)) return wrong("takes numbers, money or dates");
      break;
    }
    case F::Abs:
      if (!need(1) || !args[0]->type.is_numeric()) return wrong("takes one number");
      result = args[0]->type;
      break;
    case F::Round: {
      if (args.empty() || args.size() > 2) return wrong("takes a value, then optionally `to: step` and a mode");
      result = args[0]->type;
      if (!result.is_numeric()) return wrong("rounds numbers and money");
      if (args.size() == 1) {
        // Without a step: to the cent for money, to a whole percent for rates, to a whole unit otherwise.
        const int64_t step = result.is(TypeKind::Money) || result.is(TypeKind::Int) ? 1
                             : result.is(TypeKind::Rate)                           ? runtime::kDecimalScale / 100
                                                                                   : runtime::kDecimalScale;
        args.push_back(make_expr(result, e.span, ir::Literal{step, {}, {}}));
      } else {
        args[1] = coerce(std::move(args[1]), result, "the rounding step");
      }
      // Without a mode: the rounding mode of the file's scheme (half away from zero by default).
      out.mode = mode.value_or(module_scheme_[module_] ? program_.schemes[*module_scheme_[module_]].rounding
                                                       : ir::RoundMode::HalfAway);
      break;
    }
    case F::YearsBetween:
    case F::MonthsBetween:
    case F::DaysBetween:
      if (!need(2) || !all_dates()) return wrong("takes two dates");
      result = Type::of(TypeKind::Int);
      break;
    case F::Year:
    case F::Month:
    case F::Day:
      if (!need(1) || !all_dates()) return wrong("takes one date");
      result = Type::of(TypeKind::Int);
      break;
    case F::ToDecimal:
      if (!need(1) || !(args[0]->type.is(TypeKind::Int) || args[0]->type.is(TypeKind::Rate) ||
                        args[0]->type.is(TypeKind::Quantity) || args[0]->type.is(TypeKind::Decimal) ||
                        args[0]->type.is(TypeKind::Money))) {
        return wrong("takes one Int, Rate, quantity or Money");
      }
      result = Type::of(TypeKind::Decimal);
      break;
  }
  if (mode && fn != F::Round) return wrong("takes no rounding mode");
  out.args = std::move(args);
  return make_expr(result, e.span, std::move(out));
}

ir::ExprPtr Checker::comprehension(const ast::Expr& e) {
  static const std::map<std::string, ir::ListOp> ops = {
      {"sum", ir::ListOp::Sum}, {"min", ir::ListOp::Min}, {"max", ir::ListOp::Max}, {"all", ir::ListOp::All},
      {"any", ir::ListOp::Any}, {"count", ir::ListOp::Count}, {"filter", ir::ListOp::Filter}};
  auto it = ops.find(e.text);
  if (it == ops.end()) {
    sink_.report(diag::Id::InvalidCall, e.span,
                 fmt::format("`{}` cannot go over a list; use sum, min, max, all or any", e.text));
    return error_expr(e.span);
  }
  const ir::ListOp op = it->second;
  auto list = expr(*e.operands[0]);
  if (list->type.is_error()) return error_expr(e.span);
  if (!list->type.is(TypeKind::List)) {
    sink_.report(diag::Id::TypeMismatch, list->span,
                 fmt::format("`{}` goes over a list, but this is {}", e.text, type_name(program_, list->type)));
    return error_expr(e.span);
  }
  const Type element = Type::of(TypeKind::Record, list->type.ref);
  const Index slot = next_slot_++;
  locals_.push_back(Local{e.var.text, slot, element});
  ir::ExprPtr projection, where;
  if (e.projection) projection = expr(*e.projection);
  if (e.where) where = coerce(expr(*e.where), Type::of(TypeKind::Bool), "the `where` filter");
  locals_.pop_back();
  Type result;
  switch (op) {
    case ir::ListOp::Count: result = Type::of(TypeKind::Int); break;
    case ir::ListOp::Filter: result = list->type; break;
    case ir::ListOp::All:
    case ir::ListOp::Any:
      projection = coerce(std::move(projection), Type::of(TypeKind::Bool), fmt::format("the test of `{}`", e.text));
      result = Type::of(TypeKind::Bool);
      break;
    case ir::ListOp::Sum:
    case ir::ListOp::Min:
    case ir::ListOp::Max:
      result = projection->type;
      if (!result.is_error() && !result.is_numeric() && !(op != ir::ListOp::Sum && result.is(TypeKind::Date))) {
        sink_.report(diag::Id::TypeMismatch, projection->span,
                     fmt::format("`{}` needs numbers or money, not {}", e.text, type_name(program_, result)));
        return error_expr(e.span);
      }
      break;
  }
  if (result.is_error() || (projection && projection->type.is_error()) || (where && where->type.is_error())) {
    return error_expr(e.span);
  }
  return make_expr(result, e.span, ir::Comprehension{op, std::move(list), slot, std::move(projection), std::move(where)});
}

ir::ExprPtr Checker::list_literal(const ast::Expr& e, const Type* expected) {
  if (expected == nullptr || !expected->is(TypeKind::List)) {
    sink_.report(diag::Id::TypeMismatch, e.span,
                 expected && !expected->is_error()
                     ? fmt::format("a list is written where {} is expected", type_name(program_, *expected))
                     : "the type of this list cannot be known here; lists are given to inputs of a List type");
    return error_expr(e.span);
  }
  const Type element = Type::of(TypeKind::Record, expected->ref);
  std::vector<ir::ExprPtr> items;
  for (const auto& item : e.operands) items.push_back(coerce(expr(*item, &element), element, "each element"));
  return make_expr(*expected, e.span, ir::ListLiteral{std::move(items)});
}

ir::ExprPtr Checker::record_literal(const ast::Expr& e, const Type* expected) {
  if (expected == nullptr || !expected->is(TypeKind::Record)) {
    sink_.report(diag::Id::TypeMismatch, e.span, "a record `{field: value}` can only stand where a record is expected");
    return error_expr(e.span);
  }
  const auto& rec = program_.records[expected->ref];
  std::vector<ir::ExprPtr> fields(rec.fields.size());
  std::vector<Index> written;
  bool failed = false;
  for (size_t i = 0; i < e.operands.size(); ++i) {
    const auto& label = e.labels[i];
    Index f = 0;
    while (f < rec.fields.size() && rec.fields[f].name != label.text) ++f;
    if (f == rec.fields.size()) {
      auto& d = sink_.report(diag::Id::UnknownField, label.span, fmt::format("record `{}` has no field `{}`", rec.name, label.text));
      if (may_suggest()) {
        std::vector<std::string> names;
        for (const auto& x : rec.fields) names.push_back(x.name);
        suggest(d, label.text, names);
      }
      failed = true;
      continue;
    }
    if (fields[f]) {
      sink_.report(diag::Id::DuplicateName, label.span, fmt::format("the field `{}` is given twice", label.text))
          .note("first given here", fields[f]->span);
      failed = true;
      continue;
    }
    fields[f] = coerce(expr(*e.operands[i], &rec.fields[f].type), rec.fields[f].type, fmt::format("field `{}`", label.text));
    written.push_back(f);
  }
  std::string missing;
  for (size_t f = 0; f < fields.size(); ++f) {
    if (!fields[f]) missing += (missing.empty() ? "" : ", ") + fmt::format("`{}`", rec.fields[f].name);
  }
  if (!missing.empty() && !failed) {
    sink_.report(diag::Id::TypeMismatch, e.span, fmt::format("this `{}` lacks {}", rec.name, missing));
    failed = true;
  }
  if (failed) return error_expr(e.span);
  return make_expr(*expected, e.span, ir::RecordLiteral{expected->ref, std::move(fields), std::move(written)});
}

}  // namespace bareme::sema
