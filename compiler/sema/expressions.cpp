// Expression checking: dispatch by construct, names, field access and type coercion.
#include <fmt/format.h>

#include <algorithm>

#include "sema/checker.hpp"

namespace bareme::sema {

std::optional<Index> Checker::scheme_in_scope() const {
  if (module_scheme_[module_]) return module_scheme_[module_];
  // The REPL's module reads the results of its current scheme, by default the last one.
  if (program_.modules[module_].name != kReplModule || program_.schemes.empty()) return std::nullopt;
  for (Index s = 0; s < program_.schemes.size(); ++s) {
    if (program_.schemes[s].name == repl_scheme_) return s;
  }
  return static_cast<Index>(program_.schemes.size() - 1);
}

ir::ExprPtr Checker::error_expr(source::Span span) { return make_expr(Type{}, span, ir::Literal{}); }

ir::ExprPtr Checker::expr(const ast::Expr& e, const Type* expected) {
  if (out_of_stack(nullptr, e.span)) return error_expr(e.span);
  using K = ast::ExprKind;
  switch (e.kind) {
    case K::Number:
    case K::Date:
    case K::String:
    case K::Bool: return literal(e);
    case K::Name: return name(e, expected);
    case K::Field: return field(e);
    case K::Call: return call(e);
    case K::Comprehension: return comprehension(e);
    case K::Unary: return unary(e, expected);
    case K::Binary: return binary(e, expected);
    case K::In: return membership(e);
    case K::Set:
      sink_.report(diag::Id::TypeMismatch, e.span, "a set `{a, b}` can only follow `in` or stand in a table cell");
      return error_expr(e.span);
    case K::List: return list_literal(e, expected);
    case K::Record: return record_literal(e, expected);
    case K::Match: return match(e, expected);
    case K::If: return if_then_else(e, expected);
    case K::Cap: return cap(e, expected);
    case K::NotApplicable: return not_applicable(e, expected);
  }
  return error_expr(e.span);
}

std::optional<ir::ExprPtr> Checker::enum_case(const std::string& text, source::Span span, const Type* expected) {
  if (expected != nullptr && expected->is(TypeKind::Enum)) {
    const auto& en = program_.enums[expected->ref];
    for (Index c = 0; c < en.cases.size(); ++c) {
      if (en.cases[c].name == text) return make_expr(*expected, span, ir::Literal{c, {}, {}});
    }
    if (lookup(text) == nullptr) {
      auto& d = sink_.report(diag::Id::UnknownEnumCase, span,
                             fmt::format("`{}` is not a case of `{}`", text, en.name));
      if (may_suggest()) {
        std::vector<std::string> cases;
        for (const auto& c : en.cases) cases.push_back(c.name);
        suggest(d, text, cases);
      }
      return error_expr(span);
    }
    return std::nullopt;
  }
  auto it = enum_cases_.find(text);
  if (it == enum_cases_.end() || lookup(text) != nullptr) return std::nullopt;
  // Only the enums this file sees (declared here or imported by name) lend their cases.
  std::vector<std::pair<Index, Index>> visible;
  for (auto [en, c] : it->second) {
    const Symbol* s = lookup(enum_local_names_[en]);
    if (s != nullptr && s->kind == SymbolKind::Enum && s->index == en) visible.emplace_back(en, c);
  }
  if (visible.empty()) return std::nullopt;
  if (visible.size() > 1) {
    auto& d = sink_.report(diag::Id::TypeMismatch, span,
                           fmt::format("`{}` is a case of several enums; say which", text));
    for (auto [en, c] : visible) d.hint(fmt::format("write `{}.{}`", enum_local_names_[en], text));
    return error_expr(span);
  }
  const auto [en, c] = visible.front();
  return make_expr(Type::of(TypeKind::Enum, en), span, ir::Literal{c, {}, {}});
}

ir::ExprPtr Checker::name(const ast::Expr& e, const Type* expected) {
  for (auto it = locals_.rbegin(); it != locals_.rend(); ++it) {
    if (it->name != e.text) continue;
    if (it->param != nullptr) warn_if_shadowing(*it);
    return make_expr(it->type, e.span, ir::LocalRef{it->slot});
  }
  if (auto c = enum_case(e.text, e.span, expected)) return std::move(*c);
  if (const Symbol* s = lookup(e.text)) return value_of(*s, e.text, e.span);
  if ((e.text == "amount" || e.text == "eligible") && scheme_in_scope()) {
    return scheme_result(*scheme_in_scope(), e.text, e.span);
  }
  if (ambiguous_[module_].count(e.text)) {
    auto& d = sink_.report(diag::Id::UnknownName, e.span,
                           fmt::format("several loaded files declare `{}`; say which", e.text));
    hint_elsewhere(d, e.text);
    return error_expr(e.span);
  }
  if (namespace_named(e.text)) {
    sink_.report(diag::Id::TypeMismatch, e.span, fmt::format("`{}` is a namespace, not a value", e.text))
        .hint(fmt::format("name something it declares: `{}.NAME`", e.text));
    return error_expr(e.span);
  }
  auto& d = sink_.report(diag::Id::UnknownName, e.span, fmt::format("nothing is named `{}`", e.text));
  if (!hint_elsewhere(d, e.text) && may_suggest()) {
    std::vector<std::string> candidates = value_names();
    for (const auto& l : locals_) candidates.push_back(l.name);
    suggest(d, e.text, candidates);
  }
  return error_expr(e.span);
}

ir::ExprPtr Checker::aid(const ast::Expr& e, Index combine, ir::AidRef::When when) {
  ensure(DefNode{DefKind::Combine, combine});
  const auto& c = program_.combines[combine];
  for (Index a = 0; a < c.aids.size(); ++a) {
    if (c.aids[a].name == e.text) return make_expr(Type::of(TypeKind::Money), e.span, ir::AidRef{combine, a, when});
  }
  auto& d = sink_.report(diag::Id::UnknownField, e.labels[0].span,
                         fmt::format("combine `{}` has no aid named `{}`", c.name, e.text));
  if (may_suggest()) {
    std::vector<std::string> aids;
    for (const auto& x : c.aids) aids.push_back(x.name);
    suggest(d, e.text, aids);
  }
  return error_expr(e.span);
}

ir::ExprPtr Checker::field(const ast::Expr& e) {
  const ast::Expr& base = *e.operands[0];
  const std::string& member = e.text;
  if (const Symbol* s = declared_symbol(base)) {
    if (s->kind == SymbolKind::Enum) {
      const Type t = Type::of(TypeKind::Enum, s->index);
      if (auto c = enum_case(member, e.labels[0].span, &t)) return std::move(*c);
      return error_expr(e.span);
    }
    if (s->kind == SymbolKind::Scheme) {
      // `scheme.amount`, `scheme.eligible`, or any other name of the scheme's namespace.
      if (member == "amount" || member == "eligible") return scheme_result(s->index, member, e.span);
      return qualified_value(e, program_.schemes[s->index].module);
    }
    if (s->kind == SymbolKind::Combine) return aid(e, s->index, ir::AidRef::When::After);
    if (s->kind == SymbolKind::Level) return level_value(e, s->index);
  }
  // `ns.name`: what another namespace (or this file's own) declares.
  if (base.kind == ast::ExprKind::Name && !is_local(base.text) && lookup(base.text) == nullptr) {
    if (auto ns = namespace_named(base.text)) return qualified_value(e, *ns);
  }
  // `combine.before.aid`: an aid before the caps.
  if (base.kind == ast::ExprKind::Field && base.text == "before") {
    const Symbol* s = declared_symbol(*base.operands[0]);
    if (s != nullptr && s->kind == SymbolKind::Combine) return aid(e, s->index, ir::AidRef::When::Before);
  }
  auto record = expr(base);
  if (record->type.is_error()) return error_expr(e.span);
  if (!record->type.is(TypeKind::Record)) {
    const auto& file = sources_.file(base.span.file);
    sink_.report(diag::Id::UnknownField, e.labels[0].span,
                 fmt::format("`{}` is {}, which has no field `{}`", file.slice(base.span.begin, base.span.end),
                             type_name(program_, record->type), member));
    return error_expr(e.span);
  }
  const auto& rec = program_.records[record->type.ref];
  for (Index f = 0; f < rec.fields.size(); ++f) {
    if (rec.fields[f].name == member) {
      return make_expr(rec.fields[f].type, e.span, ir::FieldRef{std::move(record), f});
    }
  }
  auto& d = sink_.report(diag::Id::UnknownField, e.labels[0].span,
                         fmt::format("record `{}` has no field `{}`", rec.name, member));
  if (may_suggest()) {
    std::vector<std::string> fields;
    for (const auto& f : rec.fields) fields.push_back(f.name);
    suggest(d, member, fields);
  }
  return error_expr(e.span);
}

ir::ExprPtr Checker::coerce(ir::ExprPtr e, Type expected, const std::string& what) {
  if (e->type.is_error() || expected.is_error() || e->type == expected) return e;
  if (e->type.is(TypeKind::Int) && expected.is(TypeKind::Decimal)) {
    const auto span = e->span;
    return make_expr(expected, span, ir::Convert{ir::ConvertOp::IntToDecimal, std::move(e)});
  }
  const std::string found = type_name(program_, e->type);
  const std::string wanted = type_name(program_, expected);
  const auto* literal = std::get_if<ir::Literal>(&e->node);
  if (expected.is(TypeKind::Money) && literal != nullptr &&
      (e->type.is(TypeKind::Int) || e->type.is(TypeKind::Decimal))) {
    const auto& file = sources_.file(e->span.file);
    sink_.report(diag::Id::MissingEuro, e->span,
                 fmt::format("{} is Money, but `{}` is a plain number", what, file.slice(e->span.begin, e->span.end)))
        .hint(fmt::format("write `{} €{}`", file.slice(e->span.begin, e->span.end), ir::money_suffix(program_, expected)));
  } else if (expected.is(TypeKind::Money) && e->type.is(TypeKind::Money)) {
    const auto& file = sources_.file(e->span.file);
    auto& d = sink_.report(diag::Id::PeriodMismatch, e->span,
                           fmt::format("{} is {}, but this is {}: no conversion is made silently", what, wanted, found));
    const std::string text(file.slice(e->span.begin, e->span.end));
    const std::string per = ir::money_suffix(program_, expected);
    if (literal != nullptr && !e->type.is_money_per() && text.find("€") != std::string::npos) {
      d.hint(fmt::format("write `{}€{}` if the amount is given per that", text.substr(0, text.find("€")), per));
    } else if (literal != nullptr) {
      d.hint(fmt::format("give the amount as {} counts it, written `€{}`", wanted, per));
    } else if (expected.period == ir::MoneyPeriod::None && e->type.period != ir::MoneyPeriod::None &&
               expected.ref == e->type.ref) {
      d.hint(fmt::format("an amount per {0} times a duration is an amount: `{1} * 1 {0}`",
                         e->type.period == ir::MoneyPeriod::Month ? "month" : "year",
                         file.slice(e->span.begin, e->span.end)));
    }
  } else if (expected.is(TypeKind::Quantity) && e->type.is(TypeKind::Quantity)) {
    sink_.report(diag::Id::UnitMismatch, e->span, fmt::format("{} is in {}, but this is in {}", what, wanted, found));
  } else {
    sink_.report(diag::Id::TypeMismatch, e->span, fmt::format("{} must be {}, but this is {}", what, wanted, found));
  }
  return error_expr(e->span);
}

}  // namespace bareme::sema
