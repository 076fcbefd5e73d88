// Arithmetic by typed operation, exact intermediates and their rounding, and the built-in
// functions.
#include "prove/encoder.hpp"

namespace bareme::prove {
namespace {

using ir::ArithOp;
using runtime::kWideDigits;

// A number, or an if-then-else (a `match`, a dated parameter) whose every branch is one.
bool constant_leaves(const z3::expr& e) {
  if (e.is_numeral()) return true;
  return e.is_app() && e.decl().decl_kind() == Z3_OP_ITE && constant_leaves(e.arg(1)) &&
         constant_leaves(e.arg(2));
}

bool is_product_of_unknowns(const z3::expr& a, const z3::expr& b) {
  return !constant_leaves(a) && !constant_leaves(b);
}

// a × b, distributed over the if-then-else of constants on either side (ite(c, 70 %, 50 %) ×
// price → ite(c, 70 % × price, 50 % × price)): the same value, in terms Z3 sees as linear.
z3::expr times(const z3::expr& a, const z3::expr& b) {
  if (!a.is_numeral() && constant_leaves(a))
    return z3::ite(a.arg(0), times(a.arg(1), b), times(a.arg(2), b));
  if (!b.is_numeral() && constant_leaves(b))
    return z3::ite(b.arg(0), times(a, b.arg(1)), times(a, b.arg(2)));
  return a * b;
}

}  // namespace

Sym Encoder::arith(const ir::Expr& e, const ir::Arith& a) {
  // Operands in source order (semantics.md §3.9), which is not the IR's when sema swapped them.
  const Sym first = expr(a.rhs_first ? *a.rhs : *a.lhs);
  Sym second = expr(a.rhs_first ? *a.lhs : *a.rhs);
  after(second, first);
  const Sym& l = a.rhs_first ? second : first;
  const Sym& r = a.rhs_first ? first : second;
  const z3::expr ok = second.ok, na = second.na;
  auto done = [&](Sym s) {
    s.ok = ok && s.ok;
    s.na = na;
    return s;
  };
  if (e.wide) return done(wide_arith(e, a, l, r));
  const int d = places(e.type);
  auto checked = [&](const z3::expr& v) {
    Sym s = num(v.simplify(), d);
    s.ok = in_range64(v);
    return s;
  };
  switch (a.op) {
    case ArithOp::IntAdd:
    case ArithOp::DecAdd:
    case ArithOp::MoneyAdd:
    case ArithOp::RateAdd:
    case ArithOp::QtyAdd:
      return done(checked(l.v + r.v));
    case ArithOp::IntSub:
    case ArithOp::DecSub:
    case ArithOp::MoneySub:
    case ArithOp::RateSub:
    case ArithOp::QtySub:
    case ArithOp::DateSubDate:
      return done(checked(l.v - r.v));
    case ArithOp::IntMul:
    case ArithOp::MoneyMulInt:
    case ArithOp::RateMulInt:
      if (is_product_of_unknowns(l.v, r.v)) nonlinear = true;
      return done(checked(times(l.v, r.v)));
    case ArithOp::IntDiv:
    case ArithOp::DecDiv:
    case ArithOp::MoneyDivDec:
    case ArithOp::MoneyDivRate:
    case ArithOp::MoneyDivMoney:
    case ArithOp::QtyDivDec:
    case ArithOp::QtyDivQty: {
      Sym s = checked(
          div_round(l.v * ctx.int_val(runtime::kDecimalScale), r.v, runtime::RoundMode::HalfAway));
      s.ok = s.ok && r.v != 0;
      return done(s);
    }
    case ArithOp::MoneyDivInt: {
      Sym s = checked(div_round(l.v, r.v, runtime::RoundMode::HalfAway));
      s.ok = s.ok && r.v != 0;
      return done(s);
    }
    case ArithOp::DecMul:
    case ArithOp::MoneyMulDec:
    case ArithOp::MoneyMulRate:
    case ArithOp::RateMulRate:
    case ArithOp::RateMulDec:
    case ArithOp::QtyMulDec:
    case ArithOp::QtyMulRate:
      if (is_product_of_unknowns(l.v, r.v)) nonlinear = true;
      return done(checked(div_round(times(l.v, r.v), ctx.int_val(runtime::kDecimalScale),
                                    runtime::RoundMode::HalfAway)));
    case ArithOp::DateAddDuration:
    case ArithOp::DateSubDuration: {
      // runtime::add_duration: whole months first (to the month's last day at most), then days.
      const bool add = a.op == ArithOp::DateAddDuration;
      const z3::expr months = (add ? r.v : -r.v).simplify(),
                     days = (add ? r.days : -r.days).simplify();
      z3::expr dok = ctx.bool_val(true);
      const bool no_months = months.is_numeral() && months.get_numeral_int64() == 0;
      const z3::expr shifted = no_months ? l.v : add_months(l.v, months, dok);
      const z3::expr out = shifted + days;
      Sym s = num(out, 0);
      const int64_t first = *runtime::days_from_civil({1, 1, 1}),
                    last = *runtime::days_from_civil({9999, 12, 31});
      s.ok = dok && days >= -3700000 && days <= 3700000 && out >= ctx.int_val(first) &&
             out <= ctx.int_val(last);
      return done(s);
    }
    case ArithOp::DurationAdd:
    case ArithOp::DurationSub:
    case ArithOp::DurationMulInt: {
      Sym s(ctx);
      s.kind = Sym::Kind::Duration;
      if (a.op == ArithOp::DurationMulInt) {
        if (is_product_of_unknowns(l.v, r.v) || is_product_of_unknowns(l.days, r.v))
          nonlinear = true;
        s.v = (l.v * r.v).simplify();
        s.days = (l.days * r.v).simplify();
      } else {
        const bool add = a.op == ArithOp::DurationAdd;
        s.v = (add ? l.v + r.v : l.v - r.v).simplify();
        s.days = (add ? l.days + r.days : l.days - r.days).simplify();
      }
      s.ok = in_range64(s.v) && in_range64(s.days);
      return done(s);
    }
  }
  unsupported("this arithmetic operation", e.span);
}

Sym Encoder::wide_arith(const ir::Expr&, const ir::Arith& a, const Sym& l, const Sym& r) {
  const int ld = l.digits, rd = r.digits;
  z3::expr out = ctx.int_val(0);
  z3::expr ok = ctx.bool_val(true);
  switch (a.op) {
    case ArithOp::DecAdd:
    case ArithOp::MoneyAdd:
    case ArithOp::RateAdd:
    case ArithOp::QtyAdd:
      out = at(l, kWideDigits) + at(r, kWideDigits);
      break;
    case ArithOp::DecSub:
    case ArithOp::MoneySub:
    case ArithOp::RateSub:
    case ArithOp::QtySub:
      out = at(l, kWideDigits) - at(r, kWideDigits);
      break;
    case ArithOp::IntDiv:
    case ArithOp::DecDiv:
    case ArithOp::MoneyDivInt:
    case ArithOp::MoneyDivDec:
    case ArithOp::MoneyDivRate:
    case ArithOp::MoneyDivMoney:
    case ArithOp::QtyDivDec:
    case ArithOp::QtyDivQty:
      // a·10^-ad ÷ b·10^-bd = (a × 10^(18 + bd − ad) ÷ b) · 10^-18, half away from zero.
      out = div_round(l.v * pow10(kWideDigits + rd - ld), r.v, runtime::RoundMode::HalfAway);
      ok = r.v != 0;
      break;
    default: {  // every product
      if (is_product_of_unknowns(l.v, r.v)) nonlinear = true;
      const int places = ld + rd;
      out = places <= kWideDigits ? times(l.v, r.v) * pow10(kWideDigits - places)
                                  : div_round(times(l.v, r.v), pow10(places - kWideDigits),
                                              runtime::RoundMode::HalfAway);
      break;
    }
  }
  out = out.simplify();
  Sym s = num(out, kWideDigits);
  s.ok = ok && in_range128(out);
  return s;
}

Sym Encoder::builtin(const ir::Expr& e, const ir::Builtin& b) {
  using F = ir::BuiltinFn;
  std::vector<Sym> args;
  Sym seq(ctx);
  for (const auto& x : b.args) {
    Sym v = expr(*x);
    after(v, seq);
    seq.ok = v.ok;
    seq.na = v.na;
    args.push_back(v);
  }
  auto done = [&](Sym s) {
    s.ok = seq.ok && s.ok;
    s.na = seq.na;
    return s;
  };
  switch (b.fn) {
    case F::Min:
    case F::Max: {
      // The first of the smallest (largest) operands.
      Sym pick = args[0];
      for (size_t i = 1; i < args.size(); ++i) {
        const int d = order_digits(e.type, args[i], pick);
        const z3::expr better =
            b.fn == F::Min ? at(args[i], d) < at(pick, d) : at(args[i], d) > at(pick, d);
        pick = ite(better, args[i], pick, e.type, e.wide);
      }
      pick.ok = ctx.bool_val(true);
      pick.na = ctx.bool_val(false);
      return done(pick);
    }
    case F::Abs: {
      Sym s = num(z3::ite(args[0].v < 0, -args[0].v, args[0].v), args[0].digits);
      s.ok = args[0].digits == kWideDigits ? in_range128(s.v) : in_range64(s.v);
      return done(s);
    }
    case F::Round: {
      const bool wide = args[0].digits == kWideDigits || args[1].digits == kWideDigits;
      const int d = wide ? kWideDigits : places(e.type);
      const z3::expr x = at(args[0], d), step = at(args[1], d);
      const z3::expr rounded = div_round(x, step, b.mode) * step;
      Sym s = num(rounded, d);
      s.ok = step > 0 && (wide ? in_range128(rounded) : in_range64(rounded));
      if (wide && !e.wide) {
        // Back at rest: a multiple of a step at rest, so exact.
        s.v = div_round(rounded, pow10(kWideDigits - places(e.type)), b.mode);
        s.digits = places(e.type);
        s.ok = s.ok && in_range64(s.v);
      }
      return done(s);
    }
    case F::DaysBetween:
      return done(num(args[1].v - args[0].v, 0));
    case F::Year:
      return done(num(civil(args[0].v).year, 0));
    case F::Month:
      return done(num(civil(args[0].v).month, 0));
    case F::Day:
      return done(num(civil(args[0].v).day, 0));
    case F::MonthsBetween:
      return done(num(months_between(args[0].v, args[1].v), 0));
    case F::YearsBetween: {
      const z3::expr m = months_between(args[0].v, args[1].v);
      // Truncated toward zero, as C++ divides.
      return done(num(z3::ite(m >= 0, m / 12, -((-m) / 12)), 0));
    }
    case F::ToDecimal: {
      const auto t = b.args[0]->type;
      const int64_t scale = t.is(ir::TypeKind::Int) ? runtime::kDecimalScale
                            : t.is(ir::TypeKind::Money)
                                ? runtime::kDecimalScale / runtime::kCentsPerEuro
                                : 1;
      if (scale == 1 || args[0].digits == kWideDigits) return done(args[0]);
      Sym s = num(args[0].v * ctx.int_val(scale), runtime::kMillionthDigits);
      s.ok = in_range64(s.v);
      return done(s);
    }
  }
  unsupported("this built-in function", e.span);
}

}  // namespace bareme::prove
