// Expression evaluation: literals, references, arithmetic by typed operation, logic, branches.
#include <fmt/format.h>

#include "interp/evaluator.hpp"
#include "runtime/stack_guard.hpp"

namespace bareme::interp {
namespace {

using ir::ArithOp;
using runtime::kDecimalScale;
using runtime::RoundMode;

constexpr RoundMode kHalfAway = RoundMode::HalfAway;

}  // namespace

int Evaluator::order(ir::Type type, const Value& a, const Value& b) {
  if (a.wide || b.wide) {
    const runtime::Wide x = a.as_wide(type.digits()), y = b.as_wide(type.digits());
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a.scalar < b.scalar ? -1 : a.scalar > b.scalar ? 1 : 0;
}

bool Evaluator::equal(ir::Type type, const Value& a, const Value& b) const {
  switch (type.kind) {
    case ir::TypeKind::Text: return *a.text == *b.text;
    case ir::TypeKind::Duration: return a.duration == b.duration;
    default: return order(type, a, b) == 0;
  }
}

std::string Evaluator::paid_note(ir::Type type, const Value& exact, RoundMode mode) const {
  int64_t paid = 0;
  if (!exact.wide || runtime::narrow(exact.exact, type.digits(), mode, paid) != ErrorCode::None ||
      runtime::widen(paid, type.digits()) == exact.exact) {
    return {};
  }
  return fmt::format("exactly {}, rounded to the cent {}", show(type, exact), runtime::round_mode_name(mode));
}

int64_t Evaluator::at_rest(ir::Type type, const Value& v, source::Span at, RoundMode mode, const char* what) {
  if (!v.wide) return v.scalar;
  int64_t out = 0;
  check(runtime::narrow(v.exact, type.digits(), mode, out), at, what);
  return out;
}

bool Evaluator::compare(const ir::Compare& c) {
  const Value a = eval(*c.lhs), b = eval(*c.rhs);
  if (c.op == ir::CompareOp::Eq) return equal(c.lhs->type, a, b);
  if (c.op == ir::CompareOp::Ne) return !equal(c.lhs->type, a, b);
  const int o = order(c.lhs->type, a, b);
  switch (c.op) {
    case ir::CompareOp::Lt: return o < 0;
    case ir::CompareOp::Le: return o <= 0;
    case ir::CompareOp::Gt: return o > 0;
    default: return o >= 0;
  }
}

Value Evaluator::arith(const ir::Expr& e, const ir::Arith& a) {
  // Operands are evaluated in source order (semantics.md §3.9), which is not the IR's when
  // sema swapped them into the operation's order.
  Value l, r;
  if (a.rhs_first) {
    r = eval(*a.rhs);
    l = eval(*a.lhs);
  } else {
    l = eval(*a.lhs);
    r = eval(*a.rhs);
  }
  if (e.wide) return wide_arith(e, a, l, r);
  const int64_t x = l.scalar, y = r.scalar;
  int64_t out = 0;
  ErrorCode code = ErrorCode::None;
  switch (a.op) {
    case ArithOp::IntAdd: case ArithOp::DecAdd: case ArithOp::MoneyAdd: case ArithOp::RateAdd: case ArithOp::QtyAdd:
      code = runtime::add(x, y, out);
      break;
    case ArithOp::IntSub: case ArithOp::DecSub: case ArithOp::MoneySub: case ArithOp::RateSub: case ArithOp::QtySub:
      code = runtime::sub(x, y, out);
      break;
    case ArithOp::IntMul: case ArithOp::MoneyMulInt: case ArithOp::RateMulInt:
      code = runtime::mul(x, y, out);
      break;
    case ArithOp::IntDiv: code = runtime::div_scaled(x, kDecimalScale, y, kHalfAway, out); break;
    case ArithOp::DecMul: case ArithOp::MoneyMulDec: case ArithOp::MoneyMulRate: case ArithOp::RateMulRate:
    case ArithOp::RateMulDec: case ArithOp::QtyMulDec: case ArithOp::QtyMulRate:
      code = runtime::mul_scaled(x, y, kDecimalScale, kHalfAway, out);
      break;
    case ArithOp::DecDiv: case ArithOp::MoneyDivDec: case ArithOp::MoneyDivRate: case ArithOp::MoneyDivMoney:
    case ArithOp::QtyDivDec: case ArithOp::QtyDivQty:
      code = runtime::div_scaled(x, kDecimalScale, y, kHalfAway, out);
      break;
    case ArithOp::MoneyDivInt: code = runtime::divide_rounded(x, y, kHalfAway, out); break;
    case ArithOp::DateAddDuration: code = runtime::add_duration(x, r.duration, out); break;
    case ArithOp::DateSubDuration: {
      runtime::Duration negated;
      code = runtime::scale_duration(r.duration, -1, negated);
      if (code == ErrorCode::None) code = runtime::add_duration(x, negated, out);
      break;
    }
    case ArithOp::DateSubDate: code = runtime::sub(x, y, out); break;
    case ArithOp::DurationAdd: case ArithOp::DurationSub: case ArithOp::DurationMulInt: {
      runtime::Duration d;
      code = a.op == ArithOp::DurationAdd   ? runtime::add_durations(l.duration, r.duration, d)
             : a.op == ArithOp::DurationSub ? runtime::sub_durations(l.duration, r.duration, d)
                                            : runtime::scale_duration(l.duration, y, d);
      check(code, e.span, "this duration");
      return Value::of(d);
    }
  }
  if (code != ErrorCode::None) {
    fail(code, e.span, fmt::format("{} with {} and {}: {}", code == ErrorCode::DivisionByZero ? "dividing" : "computing",
                                   show(a.lhs->type, l), show(a.rhs->type, r), runtime::error_description(code)));
  }
  return Value::of(out);
}

Value Evaluator::wide_arith(const ir::Expr& e, const ir::Arith& a, const Value& l, const Value& r) {
  // Each operand with its places: a narrow one as it is, so that products of values at rest
  // are computed on their integers.
  const int ld = l.wide ? runtime::kWideDigits : a.lhs->type.digits();
  const int rd = r.wide ? runtime::kWideDigits : a.rhs->type.digits();
  const runtime::Wide x = l.wide ? l.exact : l.scalar, y = r.wide ? r.exact : r.scalar;
  runtime::Wide out = 0;
  ErrorCode code = ErrorCode::None;
  switch (a.op) {
    case ArithOp::DecAdd: case ArithOp::MoneyAdd: case ArithOp::RateAdd: case ArithOp::QtyAdd:
      code = runtime::wide_add(l.as_wide(a.lhs->type.digits()), r.as_wide(a.rhs->type.digits()), out);
      break;
    case ArithOp::DecSub: case ArithOp::MoneySub: case ArithOp::RateSub: case ArithOp::QtySub:
      code = runtime::wide_sub(l.as_wide(a.lhs->type.digits()), r.as_wide(a.rhs->type.digits()), out);
      break;
    case ArithOp::IntDiv: case ArithOp::DecDiv: case ArithOp::MoneyDivInt: case ArithOp::MoneyDivDec:
    case ArithOp::MoneyDivRate: case ArithOp::MoneyDivMoney: case ArithOp::QtyDivDec: case ArithOp::QtyDivQty:
      code = runtime::wide_div(x, ld, y, rd, out);
      break;
    default:  // every product
      code = runtime::wide_mul(x, ld, y, rd, out);
      break;
  }
  if (code != ErrorCode::None) {
    fail(code, e.span, fmt::format("{} with {} and {}: {}", code == ErrorCode::DivisionByZero ? "dividing" : "computing",
                                   show(a.lhs->type, l), show(a.rhs->type, r), runtime::error_description(code)));
  }
  return Value::of_wide(out);
}

Value Evaluator::eval(const ir::Expr& e) {
  Value v = eval_node(e);
  if (e.wide && !v.wide) return Value::of_wide(runtime::widen(v.scalar, e.type.digits()));
  return v;
}

Value Evaluator::eval_node(const ir::Expr& e) {
  if (runtime::stack_exhausted()) fail(ErrorCode::TooDeep, e.span, "the definitions used here chain too deeply to evaluate");
  step(e.span);
  return std::visit(
      [&](const auto& n) -> Value {
        using N = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<N, ir::Literal>) {
          if (e.type.is(ir::TypeKind::Text)) return Value::of_text(n.text);
          if (e.type.is(ir::TypeKind::Duration)) return Value::of(n.duration);
          return Value::of(n.value);
        } else if constexpr (std::is_same_v<N, ir::InputRef>) {
          return input(n.input, e.span);
        } else if constexpr (std::is_same_v<N, ir::ParamRef>) {
          return param(n.param, e.span);
        } else if constexpr (std::is_same_v<N, ir::RuleRef>) {
          return rule(n.rule);
        } else if constexpr (std::is_same_v<N, ir::LocalRef>) {
          return locals_[n.slot];
        } else if constexpr (std::is_same_v<N, ir::SchemeRef>) {
          const auto& s = scheme(n.scheme);
          return Value::of(n.what == ir::SchemeRef::What::Amount ? s.amount : (s.eligible ? 1 : 0));
        } else if constexpr (std::is_same_v<N, ir::AidRef>) {
          const auto& c = combine(n.combine);
          return Value::of(n.when == ir::AidRef::When::After ? c.aids[n.aid].after : c.aids[n.aid].before);
        } else if constexpr (std::is_same_v<N, ir::LevelRef>) {
          const auto& l = level(n.level);
          return Value::of(n.what == ir::LevelRef::What::Amount ? l.amount : (l.eligible ? 1 : 0));
        } else if constexpr (std::is_same_v<N, ir::FieldRef>) {
          return eval(*n.record).elements()[n.field];
        } else if constexpr (std::is_same_v<N, ir::Unary>) {
          const Value v = eval(*n.operand);
          if (n.op == ir::UnaryOp::Not) return Value::of(v.scalar ? 0 : 1);
          if (e.type.is(ir::TypeKind::Duration)) {
            runtime::Duration d;
            check(runtime::scale_duration(v.duration, -1, d), e.span, "negating this duration");
            return Value::of(d);
          }
          if (v.wide) {
            runtime::Wide w = 0;
            check(runtime::wide_negate(v.exact, w), e.span, "negating this value");
            return Value::of_wide(w);
          }
          int64_t out = 0;
          check(runtime::negate(v.scalar, out), e.span, "negating this value");
          return Value::of(out);
        } else if constexpr (std::is_same_v<N, ir::Arith>) {
          return arith(e, n);
        } else if constexpr (std::is_same_v<N, ir::Compare>) {
          return Value::of(compare(n) ? 1 : 0);
        } else if constexpr (std::is_same_v<N, ir::Logic>) {
          // The right side is read only when the left does not decide. A left side that lacks an
          // input is decided by a right side that does (three-valued: docs/semantics.md §3.12).
          const bool decisive = !n.is_and;
          bool left = false, right = false;
          const auto missing = missing_input_in([&] { left = eval(*n.lhs).scalar != 0; });
          if (!missing) {
            if (left == decisive) return Value::of(left ? 1 : 0);
            return Value::of(eval(*n.rhs).scalar != 0 ? 1 : 0);
          }
          if (!row_error_in([&] { right = eval(*n.rhs).scalar != 0; }) && right == decisive)
            return Value::of(decisive ? 1 : 0);
          throw_failure(*missing);
        } else if constexpr (std::is_same_v<N, ir::InSet>) {
          const Value v = eval(*n.value);
          bool found = false;
          for (const auto& element : n.elements) {
            if (equal(n.value->type, v, eval(*element))) {
              found = true;
              break;
            }
          }
          return Value::of(found != n.negated ? 1 : 0);
        } else if constexpr (std::is_same_v<N, ir::If>) {
          bool holds = false;
          if (e.type.is(ir::TypeKind::Bool)) {
            // A test that lacks an input does not matter when both branches agree (§3.12).
            if (const auto missing = missing_input_in([&] { holds = eval(*n.condition).scalar != 0; })) {
              bool then_holds = false, else_holds = false;
              if (!row_error_in([&] { then_holds = eval(*n.then_value).scalar != 0; }) &&
                  !row_error_in([&] { else_holds = eval(*n.else_value).scalar != 0; }) &&
                  then_holds == else_holds)
                return Value::of(then_holds ? 1 : 0);
              throw_failure(*missing);
            }
          } else {
            holds = eval(*n.condition).scalar != 0;
          }
          covered(&n, holds);
          return holds ? eval(*n.then_value) : eval(*n.else_value);
        } else if constexpr (std::is_same_v<N, ir::Match>) {
          const int64_t c = eval(*n.scrutinee).scalar;
          const ir::MatchArm* taken = nullptr;
          for (const auto& arm : n.arms) {
            for (ir::Index k : arm.cases) {
              if (static_cast<int64_t>(k) == c) taken = &arm;
            }
            if (taken) break;
          }
          if (coverage_) {
            for (const auto& arm : n.arms) covered(&arm, &arm == taken);
          }
          if (taken) return eval(*taken->value);
          fail(ErrorCode::NoTableMatch, e.span, "no arm of this match handles the value");
        } else if constexpr (std::is_same_v<N, ir::Convert>) {
          const Value v = eval(*n.operand);
          if (n.op == ir::ConvertOp::RateToDecimal || v.wide) return v;  // one unit: 1
          int64_t out = 0;
          check(runtime::mul(v.scalar, kDecimalScale, out), e.span, "converting this number");
          return Value::of(out);
        } else if constexpr (std::is_same_v<N, ir::Builtin>) {
          return builtin(e, n);
        } else if constexpr (std::is_same_v<N, ir::TableCall>) {
          return table(e, n);
        } else if constexpr (std::is_same_v<N, ir::FunctionCall>) {
          return function(e, n);
        } else if constexpr (std::is_same_v<N, ir::Comprehension>) {
          return comprehension(e, n);
        } else if constexpr (std::is_same_v<N, ir::Cap>) {
          return cap(e, n);
        } else if constexpr (std::is_same_v<N, ir::ListLiteral>) {
          std::vector<Value> items;
          for (const auto& item : n.items) items.push_back(eval(*item));
          return Value::of_items(std::move(items));
        } else if constexpr (std::is_same_v<N, ir::NotApplicable>) {
          // Not an error, but it ends what reads it the same way, up to a scheme (evaluator.cpp).
          fail(ErrorCode::NotApplicable, e.span, fmt::format("no branch of `{}` applies", n.definition));
        } else {
          static_assert(std::is_same_v<N, ir::RecordLiteral>);
          // Fields are evaluated in source order and kept in declaration order.
          std::vector<Value> fields(n.fields.size());
          for (ir::Index f : n.written) fields[f] = eval(*n.fields[f]);
          return Value::of_items(std::move(fields));
        }
      },
      e.node);
}

}  // namespace bareme::interp
