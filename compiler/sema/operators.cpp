// Operators: the dimension rules of arithmetic, comparisons, logic, membership, caps and branches.
#include <fmt/format.h>

#include <algorithm>

#include "sema/checker.hpp"

namespace bareme::sema {
namespace {

using K = TypeKind;
using ir::ArithOp;

// The form an arithmetic operator takes on two operand types, operands in IR order.
struct ArithForm {
  ArithOp op;
  Type result;
  bool swap = false;          // the IR takes the operands the other way round
  bool widen_lhs = false;     // Int → Decimal on the (IR) left operand
  bool widen_rhs = false;     // Int → Decimal on the (IR) right operand
};

std::optional<ArithForm> arith_form(const std::string& op, Type l, Type r) {
  const Type dec = Type::of(K::Decimal);
  auto is = [](Type t, K k) { return t.kind == k; };
  auto num = [&](Type t) { return is(t, K::Int) || is(t, K::Decimal); };
  const bool same_qty = is(l, K::Quantity) && is(r, K::Quantity) && l.ref == r.ref;
  if (op == "+" || op == "-") {
    const bool add = op == "+";
    if (is(l, K::Int) && is(r, K::Int)) return ArithForm{add ? ArithOp::IntAdd : ArithOp::IntSub, l};
    if (num(l) && num(r)) return ArithForm{add ? ArithOp::DecAdd : ArithOp::DecSub, dec, false, is(l, K::Int), is(r, K::Int)};
    // Money per a period or a unit adds only to money per the same ones.
    if (is(l, K::Money) && l == r) return ArithForm{add ? ArithOp::MoneyAdd : ArithOp::MoneySub, l};
    if (is(l, K::Rate) && is(r, K::Rate)) return ArithForm{add ? ArithOp::RateAdd : ArithOp::RateSub, l};
    if (same_qty) return ArithForm{add ? ArithOp::QtyAdd : ArithOp::QtySub, l};
    if (is(l, K::Date) && is(r, K::Duration)) return ArithForm{add ? ArithOp::DateAddDuration : ArithOp::DateSubDuration, l};
    if (add && is(l, K::Duration) && is(r, K::Date)) return ArithForm{ArithOp::DateAddDuration, r, true};
    if (!add && is(l, K::Date) && is(r, K::Date)) return ArithForm{ArithOp::DateSubDate, Type::of(K::Int)};
    if (is(l, K::Duration) && is(r, K::Duration)) return ArithForm{add ? ArithOp::DurationAdd : ArithOp::DurationSub, l};
    return std::nullopt;
  }
  if (op == "*") {
    auto pair = [&](K a, K b) { return (is(l, a) && is(r, b)) || (is(l, b) && is(r, a)); };
    const bool swapped = [&] {
      // Put money, then quantities, then durations, then rates on the left.
      static constexpr K kOrder[] = {K::Money, K::Quantity, K::Duration, K::Rate};
      for (K k : kOrder) {
        if (is(l, k)) return false;
        if (is(r, k)) return true;
      }
      return false;
    }();
    const Type a = swapped ? r : l;
    const Type b = swapped ? l : r;
    if (is(l, K::Int) && is(r, K::Int)) return ArithForm{ArithOp::IntMul, l};
    if (num(l) && num(r)) return ArithForm{ArithOp::DecMul, dec, false, is(l, K::Int), is(r, K::Int)};
    if (pair(K::Money, K::Int)) return ArithForm{ArithOp::MoneyMulInt, a, swapped};
    if (pair(K::Money, K::Decimal)) return ArithForm{ArithOp::MoneyMulDec, a, swapped};
    if (pair(K::Money, K::Rate)) return ArithForm{ArithOp::MoneyMulRate, a, swapped};
    // `€/month/person` times `person`: `€/month` (a quantity is in millionths, as a Decimal is).
    if (is(a, K::Money) && is(b, K::Quantity) && a.per_unit() == b.ref)
      return ArithForm{ArithOp::MoneyMulDec, Type::money(a.period), swapped};
    if (is(a, K::Quantity) && num(b)) return ArithForm{ArithOp::QtyMulDec, a, swapped, false, is(b, K::Int)};
    if (is(a, K::Quantity) && is(b, K::Rate)) return ArithForm{ArithOp::QtyMulRate, a, swapped};
    if (pair(K::Duration, K::Int)) return ArithForm{ArithOp::DurationMulInt, a, swapped};
    if (is(l, K::Rate) && is(r, K::Rate)) return ArithForm{ArithOp::RateMulRate, l};
    if (pair(K::Rate, K::Int)) return ArithForm{ArithOp::RateMulInt, a, swapped};
    if (pair(K::Rate, K::Decimal)) return ArithForm{ArithOp::RateMulDec, dec, swapped};
    return std::nullopt;
  }
  if (op == "/") {
    if (is(l, K::Int) && is(r, K::Int)) return ArithForm{ArithOp::IntDiv, dec};
    if (num(l) && num(r)) return ArithForm{ArithOp::DecDiv, dec, false, is(l, K::Int), is(r, K::Int)};
    if (is(l, K::Money) && is(r, K::Int)) return ArithForm{ArithOp::MoneyDivInt, l};
    if (is(l, K::Money) && is(r, K::Decimal)) return ArithForm{ArithOp::MoneyDivDec, l};
    if (is(l, K::Money) && is(r, K::Rate)) return ArithForm{ArithOp::MoneyDivRate, l};
    if (is(l, K::Money) && l == r) return ArithForm{ArithOp::MoneyDivMoney, Type::of(K::Rate)};
    // `€/year` divided by `person`: `€/year/person`.
    if (is(l, K::Money) && !l.per_unit() && is(r, K::Quantity))
      return ArithForm{ArithOp::MoneyDivDec, Type::money(l.period, r.ref)};
    if (is(l, K::Quantity) && num(r)) return ArithForm{ArithOp::QtyDivDec, l, false, false, is(r, K::Int)};
    if (same_qty) return ArithForm{ArithOp::QtyDivQty, dec};
    return std::nullopt;
  }
  return std::nullopt;
}

ir::ExprPtr widen(ir::ExprPtr e) {
  const auto span = e->span;
  return make_expr(Type::of(K::Decimal), span, ir::Convert{ir::ConvertOp::IntToDecimal, std::move(e)});
}

}  // namespace

bool Checker::unify(ir::ExprPtr& a, ir::ExprPtr& b) {
  if (a->type == b->type) return true;
  if (a->type.is(K::Int) && b->type.is(K::Decimal)) {
    a = widen(std::move(a));
    return true;
  }
  if (a->type.is(K::Decimal) && b->type.is(K::Int)) {
    b = widen(std::move(b));
    return true;
  }
  return false;
}

ir::ExprPtr Checker::unary(const ast::Expr& e, const Type* expected) {
  if (e.op == "not") {
    auto operand = coerce(expr(*e.operands[0]), Type::of(K::Bool), "the operand of `not`");
    return make_expr(Type::of(K::Bool), e.span, ir::Unary{ir::UnaryOp::Not, std::move(operand)});
  }
  auto operand = expr(*e.operands[0], expected);
  if (operand->type.is_error()) return error_expr(e.span);
  if (!operand->type.is_numeric() && !operand->type.is(K::Duration)) {
    sink_.report(diag::Id::InvalidOperands, e.span,
                 fmt::format("cannot negate {}", type_name(program_, operand->type)));
    return error_expr(e.span);
  }
  const Type t = operand->type;
  return make_expr(t, e.span, ir::Unary{ir::UnaryOp::Negate, std::move(operand)});
}

ir::ExprPtr Checker::binary(const ast::Expr& e, const Type* expected) {
  if (e.op == "and" || e.op == "or") {
    const Type boolean = Type::of(K::Bool);
    auto lhs = coerce(expr(*e.operands[0]), boolean, fmt::format("the left side of `{}`", e.op));
    auto rhs = coerce(expr(*e.operands[1]), boolean, fmt::format("the right side of `{}`", e.op));
    return make_expr(boolean, e.span, ir::Logic{e.op == "and", std::move(lhs), std::move(rhs)});
  }
  const bool compare = e.op != "+" && e.op != "-" && e.op != "*" && e.op != "/";
  (void)expected;
  const ast::Expr& left = *e.operands[0];
  // `occitanie == site_region`: a bare enum case on the left takes the right side's type.
  const bool case_on_left = compare && left.kind == ast::ExprKind::Name && enum_cases_.count(left.text) &&
                            lookup(left.text) == nullptr &&
                            std::none_of(locals_.begin(), locals_.end(), [&](const Local& l) { return l.name == left.text; });
  ir::ExprPtr lhs, rhs;
  if (case_on_left) {
    rhs = expr(*e.operands[1]);
    lhs = expr(left, &rhs->type);
  } else {
    lhs = expr(left);
    rhs = expr(*e.operands[1], compare ? &lhs->type : nullptr);
  }
  if (lhs->type.is_error() || rhs->type.is_error()) return error_expr(e.span);
  return compare ? comparison(e, std::move(lhs), std::move(rhs)) : arithmetic(e, std::move(lhs), std::move(rhs));
}

ir::ExprPtr Checker::arithmetic(const ast::Expr& e, ir::ExprPtr lhs, ir::ExprPtr rhs) {
  if (auto converted = money_times_duration(e, lhs, rhs)) return std::move(*converted);
  const auto form = arith_form(e.op, lhs->type, rhs->type);
  if (!form) {
    static const std::map<std::string, std::string> verbs = {{"+", "add"}, {"-", "subtract"}, {"*", "multiply"}, {"/", "divide"}};
    report_operands(e, *lhs, *rhs, verbs.at(e.op));
    return error_expr(e.span);
  }
  if (form->swap) std::swap(lhs, rhs);
  if (form->widen_lhs) lhs = widen(std::move(lhs));
  if (form->widen_rhs) rhs = widen(std::move(rhs));
  return make_expr(form->result, e.span, ir::Arith{form->op, std::move(lhs), std::move(rhs), form->swap});
}

ir::ExprPtr Checker::comparison(const ast::Expr& e, ir::ExprPtr lhs, ir::ExprPtr rhs) {
  static const std::map<std::string, ir::CompareOp> ops = {
      {"<", ir::CompareOp::Lt}, {"<=", ir::CompareOp::Le}, {">", ir::CompareOp::Gt},
      {">=", ir::CompareOp::Ge}, {"==", ir::CompareOp::Eq}, {"!=", ir::CompareOp::Ne}};
  const ir::CompareOp op = ops.at(e.op);
  if (!unify(lhs, rhs)) {
    report_operands(e, *lhs, *rhs, "compare");
    return error_expr(e.span);
  }
  const Type t = lhs->type;
  const bool ordered = t.is_numeric() || t.is(K::Date);
  const bool equality = op == ir::CompareOp::Eq || op == ir::CompareOp::Ne;
  if ((!ordered && !equality) || t.is(K::List) || t.is(K::Record)) {
    sink_.report(diag::Id::InvalidOperands, e.span,
                 fmt::format("{} values cannot be compared with `{}`", type_name(program_, t), e.op))
        .hint(t.is(K::Duration)                      ? "a month has no fixed number of days; compare dates instead"
              : t.is(K::Record) || t.is(K::List) ? "compare their fields"
                                                 : "these values only compare with `==` or `!=`");
    return error_expr(e.span);
  }
  if (equality) {
    warn_unlisted(*lhs, *rhs);
    warn_unlisted(*rhs, *lhs);
  }
  return make_expr(Type::of(K::Bool), e.span, ir::Compare{op, std::move(lhs), std::move(rhs)});
}

// `input == "text"` where the input is declared `one of` a list that does not hold the text:
// the input never has that value (it would be InputOutOfRange first), most likely a typo.
void Checker::warn_unlisted(const ir::Expr& input, const ir::Expr& text) {
  const auto* ref = std::get_if<ir::InputRef>(&input.node);
  const auto* literal = std::get_if<ir::Literal>(&text.node);
  if (ref == nullptr || literal == nullptr || !text.type.is(K::Text)) return;
  const ast::InputDecl* decl = ref->input < input_ast_.size() ? input_ast_[ref->input] : nullptr;
  if (decl == nullptr || decl->values.empty()) return;
  auto [it, fresh] = listed_.try_emplace(ref->input);
  if (fresh) {
    it->second.insert(decl->values.begin(), decl->values.end());
    if (decl->default_value && decl->default_value->kind == ast::ExprKind::String)
      it->second.insert(decl->default_value->text);
  }
  if (it->second.count(literal->text)) return;
  sink_.report(diag::Id::ValueNotListed, text.span,
               fmt::format("`{}` is compared with \"{}\", which `{}` does not list: the input never "
                           "has this value", decl->name.text, literal->text, decl->values_path))
      .note("the input is declared here", decl->values_span)
      .hint("correct the text, or add it to the list");
}

ir::ExprPtr Checker::membership(const ast::Expr& e) {
  auto value = expr(*e.operands[0]);
  const ast::Expr& set = *e.operands[1];
  if (set.kind != ast::ExprKind::Set) {
    sink_.report(diag::Id::TypeMismatch, set.span, "`in` takes a set of values written `{a, b}`");
    return error_expr(e.span);
  }
  std::vector<ir::ExprPtr> elements;
  const Type t = value->type;
  for (const auto& item : set.operands) {
    auto element = expr(*item, t.is_error() ? nullptr : &t);
    if (!t.is_error()) element = coerce(std::move(element), t, "each value of the set");
    elements.push_back(std::move(element));
  }
  if (t.is_error()) return error_expr(e.span);
  if (t.is(K::Record) || t.is(K::List)) {
    sink_.report(diag::Id::InvalidOperands, e.span,
                 fmt::format("{} values cannot be looked up in a set; compare their fields", type_name(program_, t)));
    return error_expr(e.span);
  }
  warn_duplicate_elements(elements);
  for (const auto& element : elements) warn_unlisted(*value, *element);
  return make_expr(Type::of(K::Bool), e.span, ir::InSet{e.negated, std::move(value), std::move(elements)});
}

ir::ExprPtr Checker::cap(const ast::Expr& e, const Type* expected) {
  auto value = expr(*e.operands[0], expected);
  auto limit = expr(*e.operands[1], value->type.is_error() ? expected : &value->type);
  if (value->type.is_error() || limit->type.is_error()) return error_expr(e.span);
  if (!unify(value, limit)) {
    report_operands(e, *value, *limit, "cap");
    return error_expr(e.span);
  }
  if (!value->type.is_numeric() && !value->type.is(K::Date)) {
    sink_.report(diag::Id::InvalidOperands, e.span,
                 fmt::format("`capped at` needs numbers, money or dates, not {}", type_name(program_, value->type)));
    return error_expr(e.span);
  }
  const Type t = value->type;
  return make_expr(t, e.span, ir::Cap{std::move(value), std::move(limit)});
}

ir::ExprPtr Checker::if_then_else(const ast::Expr& e, const Type* expected) {
  auto condition = coerce(expr(*e.operands[0]), Type::of(K::Bool), "the condition of `if`");
  ir::ExprPtr then_value, else_value;
  if (e.operands[1]->kind == ast::ExprKind::NotApplicable) {
    // `if c then not applicable else v`: the branch takes the type of the other one.
    else_value = expr(*e.operands[2], expected);
    // An else branch in error says nothing more; the check of its own already reported.
    then_value = expr(*e.operands[1], else_value->type.is_error() && expected ? expected : &else_value->type);
  } else {
    then_value = expr(*e.operands[1], expected);
    const bool quiet = then_value->type.is_error() && e.operands[2]->kind == ast::ExprKind::NotApplicable;
    else_value = expr(*e.operands[2], then_value->type.is_error() && !quiet ? expected : &then_value->type);
  }
  if (then_value->type.is_error() || else_value->type.is_error()) return error_expr(e.span);
  if (!unify(then_value, else_value)) {
    sink_.report(diag::Id::TypeMismatch, e.operands[2]->span,
                 fmt::format("both branches of `if` must have one type: `then` gives {}, `else` gives {}",
                             type_name(program_, then_value->type), type_name(program_, else_value->type)));
    return error_expr(e.span);
  }
  const Type t = then_value->type;
  return make_expr(t, e.span, ir::If{std::move(condition), std::move(then_value), std::move(else_value)});
}

ir::ExprPtr Checker::match(const ast::Expr& e, const Type* expected) {
  auto scrutinee = expr(*e.operands[0]);
  if (scrutinee->type.is_error()) return error_expr(e.span);
  if (!scrutinee->type.is(K::Enum)) {
    sink_.report(diag::Id::TypeMismatch, scrutinee->span,
                 fmt::format("`match` works on enums, not on {}", type_name(program_, scrutinee->type)))
        .hint("use `if ... then ... else` or a table");
    return error_expr(e.span);
  }
  const auto& en = program_.enums[scrutinee->type.ref];
  std::vector<bool> covered(en.cases.size(), false);
  std::vector<ir::MatchArm> arms;
  // Arms that are `not applicable` are typed last, like the other arms.
  std::vector<std::pair<size_t, const ast::Expr*>> deferred;
  bool failed = false;
  for (const auto& arm : e.arms) {
    ir::MatchArm out;
    for (const auto& p : arm.patterns) {
      if (p.text == "_") {
        for (Index c = 0; c < covered.size(); ++c) {
          if (!covered[c]) out.cases.push_back(c);
        }
        if (out.cases.empty()) {
          sink_.report(diag::Id::UnreachableArm, p.span, "every case is already handled; `_` is never chosen");
        }
        continue;
      }
      Index c = 0;
      while (c < en.cases.size() && en.cases[c].name != p.text) ++c;
      if (c == en.cases.size()) {
        auto& d = sink_.report(diag::Id::UnknownEnumCase, p.span, fmt::format("`{}` is not a case of `{}`", p.text, en.name));
        if (may_suggest()) {
          std::vector<std::string> names;
          for (const auto& x : en.cases) names.push_back(x.name);
          suggest(d, p.text, names);
        }
        failed = true;
        continue;
      }
      if (covered[c] || std::find(out.cases.begin(), out.cases.end(), c) != out.cases.end()) {
        sink_.report(diag::Id::UnreachableArm, p.span, fmt::format("case `{}` is already handled above", p.text));
        continue;
      }
      out.cases.push_back(c);
    }
    for (Index c : out.cases) covered[c] = true;
    if (arm.value->kind == ast::ExprKind::NotApplicable) {
      if (!out.cases.empty()) deferred.emplace_back(arms.size(), arm.value.get());
    } else {
      out.value = expr(*arm.value, expected);
      failed = failed || out.value->type.is_error();
    }
    if (!out.cases.empty()) arms.push_back(std::move(out));
  }
  std::optional<Type> arm_type;
  if (expected != nullptr) arm_type = *expected;
  for (const auto& a : arms) {
    if (a.value && !a.value->type.is_error()) {
      arm_type = a.value->type;
      break;
    }
  }
  // Reported once: after an arm in error, or a first untyped `not applicable`, the others are quiet.
  if (!arm_type && failed) arm_type = Type{};
  for (const auto& [k, value] : deferred) {
    arms[k].value = not_applicable(*value, arm_type ? &*arm_type : nullptr);
    failed = failed || arms[k].value->type.is_error();
    if (!arm_type) arm_type = Type{};
  }
  // The arms share one type; Int arms widen to Decimal beside Decimal ones.
  Type result;
  if (!failed && !arms.empty()) {
    const bool any_decimal = std::any_of(arms.begin(), arms.end(), [](const auto& a) { return a.value->type.is(K::Decimal); });
    for (auto& a : arms) {
      if (any_decimal && a.value->type.is(K::Int)) a.value = widen(std::move(a.value));
    }
    result = arms.front().value->type;
    for (auto& a : arms) {
      if (!(a.value->type == result)) {
        sink_.report(diag::Id::TypeMismatch, a.value->span,
                     fmt::format("every arm of a `match` must have one type: the first gives {}, this one {}",
                                 type_name(program_, result), type_name(program_, a.value->type)));
        failed = true;
        break;
      }
    }
  }
  std::vector<std::string> missing;
  for (Index c = 0; c < covered.size(); ++c) {
    if (!covered[c]) missing.push_back(en.cases[c].name);
  }
  if (!missing.empty() && !failed) {
    std::string list;
    for (size_t i = 0; i < missing.size(); ++i) list += (i ? ", " : "") + fmt::format("`{}`", missing[i]);
    sink_.report(diag::Id::NonExhaustiveMatch, e.span,
                 fmt::format("this `match` on `{}` does not handle {}", en.name, list))
        .hint("add an arm for each missing case, or `_ => ...` for all the others");
    return error_expr(e.span);
  }
  if (failed || result.is_error()) return error_expr(e.span);
  return make_expr(result, e.span, ir::Match{std::move(scrutinee), std::move(arms)});
}

}  // namespace bareme::sema
