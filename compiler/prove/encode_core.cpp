// Encoding helpers and the expressions that need no lookup: literals, logic, branches, comparisons.
#include <fmt/format.h>

#include "prove/encoder.hpp"

namespace bareme::prove {

Encoder::Encoder(z3::context& c, const ir::Program& p, ir::Index scheme, const Options& o)
    : ctx(c), program(p), scheme_(scheme), options_(o) {}

void Encoder::unsupported(const std::string& what, source::Span span) const {
  throw Unsupported{what, span};
}

Sym Encoder::num(z3::expr v, int digits) const {
  Sym s(ctx);
  s.v = v;
  s.digits = digits;
  return s;
}

Sym Encoder::boolean(z3::expr v) const {
  Sym s(ctx);
  s.kind = Sym::Kind::Bool;
  s.v = v;
  return s;
}

void Encoder::after(Sym& s, const Sym& before) {
  s.na = before.na || (before.ok && s.na);
  s.ok = before.ok && s.ok;
}

z3::expr Encoder::pow10(int k) const {
  return ctx.int_val(("1" + std::string(static_cast<size_t>(k), '0')).c_str());
}

z3::expr Encoder::at(const Sym& s, int digits) const {
  if (s.digits == digits) return s.v;
  return s.v * pow10(digits - s.digits);
}

z3::expr Encoder::in_range64(const z3::expr& v) const {
  return v >= ctx.int_val(INT64_MIN) && v <= ctx.int_val(INT64_MAX);
}

z3::expr Encoder::in_range128(const z3::expr& v) const {
  const z3::expr bound = ctx.int_val("170141183460469231731687303715884105727");
  return v >= -bound - 1 && v <= bound;
}

int Encoder::order_digits(ir::Type, const Sym& a, const Sym& b) const {
  return std::max(a.digits, b.digits);
}

z3::expr Encoder::equal(ir::Type t, const Sym& a, const Sym& b) const {
  if (a.kind == Sym::Kind::Duration) return a.v == b.v && a.days == b.days;
  if (a.kind == Sym::Kind::Bool || a.kind == Sym::Kind::Text) return a.v == b.v;
  if (a.kind != Sym::Kind::Num) unsupported("comparing records or lists", {});
  const int d = order_digits(t, a, b);
  return at(a, d) == at(b, d);
}

Sym Encoder::ite(const z3::expr& c, const Sym& a, const Sym& b, ir::Type t, bool wide) {
  Sym s(ctx);
  s.kind = a.kind;
  s.ok = z3::ite(c, a.ok, b.ok);
  s.na = z3::ite(c, a.na, b.na);
  switch (a.kind) {
    case Sym::Kind::Num: {
      s.digits = wide ? 18 : std::max(a.digits, b.digits);
      s.v = z3::ite(c, at(a, s.digits), at(b, s.digits));
      return s;
    }
    case Sym::Kind::Bool:
    case Sym::Kind::Text:
      s.v = z3::ite(c, a.v, b.v);
      return s;
    case Sym::Kind::Duration:
      s.v = z3::ite(c, a.v, b.v);
      s.days = z3::ite(c, a.days, b.days);
      return s;
    case Sym::Kind::Record:
      for (size_t k = 0; k < a.items.size(); ++k) {
        const auto& f = program.records[t.ref].fields[k];
        s.items.push_back(ite(c, a.items[k], b.items[k], f.type, false));
      }
      return s;
    case Sym::Kind::List: {
      const size_t n = std::max(a.items.size(), b.items.size());
      const ir::Type element = ir::Type::of(ir::TypeKind::Record, t.ref);
      for (size_t k = 0; k < n; ++k) {
        if (k >= a.items.size()) {
          s.items.push_back(b.items[k]);
          s.present.push_back(!c && b.present[k]);
        } else if (k >= b.items.size()) {
          s.items.push_back(a.items[k]);
          s.present.push_back(c && a.present[k]);
        } else {
          s.items.push_back(ite(c, a.items[k], b.items[k], element, false));
          s.present.push_back(z3::ite(c, a.present[k], b.present[k]));
        }
      }
      return s;
    }
  }
  return s;
}

// n ÷ d rounded by `mode`, as runtime::divide_rounded computes it (truncation, then the mode).
z3::expr Encoder::div_round(const z3::expr& n, const z3::expr& d, runtime::RoundMode mode) {
  if (!d.is_numeral()) nonlinear = true;
  const z3::expr zero = ctx.int_val(0), one = ctx.int_val(1);
  const z3::expr an = z3::ite(n < 0, -n, n), ad = z3::ite(d < 0, -d, d);
  const z3::expr negative = (n < 0) != (d < 0);
  const z3::expr qa = z3::ite(ad == 0, zero, an / ad);
  const z3::expr ra = an - qa * ad;
  z3::expr up = ctx.bool_val(false);
  switch (mode) {
    case runtime::RoundMode::HalfAway:
      up = ra != 0 && 2 * ra >= ad;
      break;
    case runtime::RoundMode::HalfEven:
      up = ra != 0 && (2 * ra > ad || (2 * ra == ad && z3::mod(qa, 2) == 1));
      break;
    case runtime::RoundMode::Up:
      up = ra != 0 && !negative;
      break;
    case runtime::RoundMode::Down:
      up = ra != 0 && negative;
      break;
  }
  const z3::expr q = qa + z3::ite(up, one, zero);
  return z3::ite(negative, -q, q);
}

Sym Encoder::expr(const ir::Expr& e) {
  Sym s = node(e);
  if (e.wide && s.kind == Sym::Kind::Num && s.digits != runtime::kWideDigits) {
    s.v = at(s, runtime::kWideDigits);
    s.digits = runtime::kWideDigits;
  }
  return s;
}

}  // namespace bareme::prove
