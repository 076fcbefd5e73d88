// The dispatch over IR nodes: references, logic, branches, comparisons, conversions, literals.
#include "prove/encoder.hpp"

namespace bareme::prove {
namespace {

bool is_bool(ir::Type t) {
  return t.is(ir::TypeKind::Bool);
}

}  // namespace

Sym Encoder::node(const ir::Expr& e) {
  if (++depth_ > 2000) unsupported("definitions nested too deeply to encode", e.span);
  struct Leave {
    int& d;
    ~Leave() { --d; }
  } leave{depth_};
  return std::visit(
      [&](const auto& n) -> Sym {
        using N = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<N, ir::Literal>) {
          if (e.type.is(ir::TypeKind::Text)) {
            Sym s(ctx);
            s.kind = Sym::Kind::Text;
            s.v = text_val(n.text);
            return s;
          }
          if (e.type.is(ir::TypeKind::Duration)) {
            Sym s(ctx);
            s.kind = Sym::Kind::Duration;
            s.v = ctx.int_val(n.duration.months);
            s.days = ctx.int_val(n.duration.days);
            return s;
          }
          if (is_bool(e.type)) return boolean(ctx.bool_val(n.value != 0));
          return num(ctx.int_val(n.value), places(e.type));
        } else if constexpr (std::is_same_v<N, ir::InputRef>) {
          return input(n.input, e.span);
        } else if constexpr (std::is_same_v<N, ir::ParamRef>) {
          return param(n.param, e.span);
        } else if constexpr (std::is_same_v<N, ir::RuleRef>) {
          return rule(n.rule);
        } else if constexpr (std::is_same_v<N, ir::LocalRef>) {
          if (n.slot >= locals_.size()) unsupported("a local variable out of scope", e.span);
          return locals_[n.slot];
        } else if constexpr (std::is_same_v<N, ir::SchemeRef>) {
          return scheme_ref(e, n);
        } else if constexpr (std::is_same_v<N, ir::AidRef>) {
          const Aids& aids = combine(n.combine);
          Sym s =
              num(n.when == ir::AidRef::When::After ? aids.after[n.aid] : aids.before[n.aid], 2);
          s.ok = aids.ok;
          return s;
        } else if constexpr (std::is_same_v<N, ir::LevelRef>) {
          const auto& l = level(n.level);
          return n.what == ir::LevelRef::What::Amount ? l.second : l.first;
        } else if constexpr (std::is_same_v<N, ir::FieldRef>) {
          const Sym r = expr(*n.record);
          Sym f = r.items.at(n.field);
          f.ok = r.ok;
          f.na = r.na;
          return f;
        } else if constexpr (std::is_same_v<N, ir::Unary>) {
          Sym v = expr(*n.operand);
          if (n.op == ir::UnaryOp::Not) {
            v.v = !v.v;
            return v;
          }
          if (v.kind == Sym::Kind::Duration) {
            v.v = -v.v;
            v.days = -v.days;
            v.ok = v.ok && in_range64(v.v) && in_range64(v.days);
            return v;
          }
          v.v = -v.v;
          v.ok = v.ok && (v.digits == runtime::kWideDigits ? in_range128(v.v) : in_range64(v.v));
          return v;
        } else if constexpr (std::is_same_v<N, ir::Arith>) {
          return arith(e, n);
        } else if constexpr (std::is_same_v<N, ir::Compare>) {
          const Sym a = expr(*n.lhs);
          Sym b = expr(*n.rhs);
          after(b, a);
          z3::expr r = ctx.bool_val(false);
          if (n.op == ir::CompareOp::Eq || n.op == ir::CompareOp::Ne) {
            r = equal(n.lhs->type, a, b);
            if (n.op == ir::CompareOp::Ne) r = !r;
          } else {
            if (a.kind != Sym::Kind::Num)
              unsupported("ordering values that are not numbers or dates", e.span);
            const int d = order_digits(n.lhs->type, a, b);
            const z3::expr x = at(a, d), y = at(b, d);
            switch (n.op) {
              case ir::CompareOp::Lt:
                r = x < y;
                break;
              case ir::CompareOp::Le:
                r = x <= y;
                break;
              case ir::CompareOp::Gt:
                r = x > y;
                break;
              default:
                r = x >= y;
                break;
            }
          }
          Sym s = boolean(r);
          s.ok = b.ok;
          s.na = b.na;
          return s;
        } else if constexpr (std::is_same_v<N, ir::Logic>) {
          // Short-circuit: the right side is read only when the left does not decide.
          const Sym a = expr(*n.lhs);
          const Sym b = expr(*n.rhs);
          const z3::expr decided = n.is_and ? !a.v : a.v;
          Sym s = boolean(z3::ite(decided, a.v, b.v));
          s.ok = a.ok && (decided || b.ok);
          s.na = a.na || (a.ok && !decided && b.na);
          return s;
        } else if constexpr (std::is_same_v<N, ir::InSet>) {
          const Sym v = expr(*n.value);
          z3::expr found = ctx.bool_val(false), ok = v.ok, na = v.na;
          for (const auto& element : n.elements) {
            const Sym x = expr(*element);
            // An element is read only while none before it matched.
            na = na || (ok && !found && x.na);
            ok = ok && (found || x.ok);
            found = found || equal(n.value->type, v, x);
          }
          Sym s = boolean(n.negated ? !found : found);
          s.ok = ok;
          s.na = na;
          return s;
        } else if constexpr (std::is_same_v<N, ir::If>) {
          const Sym c = expr(*n.condition);
          Sym s = ite(c.v, expr(*n.then_value), expr(*n.else_value), e.type, e.wide);
          after(s, c);
          return s;
        } else if constexpr (std::is_same_v<N, ir::Match>) {
          const Sym c = expr(*n.scrutinee);
          Sym s = expr(*n.arms.back().value);
          for (size_t k = n.arms.size() - 1; k-- > 0;) {
            z3::expr hit = ctx.bool_val(false);
            for (ir::Index cs : n.arms[k].cases)
              hit = hit || c.v == ctx.int_val(static_cast<int64_t>(cs));
            s = ite(hit, expr(*n.arms[k].value), s, e.type, e.wide);
          }
          after(s, c);
          return s;
        } else if constexpr (std::is_same_v<N, ir::Convert>) {
          Sym v = expr(*n.operand);
          if (n.op == ir::ConvertOp::RateToDecimal || v.digits == runtime::kWideDigits) return v;
          v.v = v.v * ctx.int_val(runtime::kDecimalScale);
          v.digits = places(e.type);
          v.ok = v.ok && in_range64(v.v);
          return v;
        } else if constexpr (std::is_same_v<N, ir::Builtin>) {
          return builtin(e, n);
        } else if constexpr (std::is_same_v<N, ir::TableCall>) {
          return table(e, n);
        } else if constexpr (std::is_same_v<N, ir::FunctionCall>) {
          return function(e, n);
        } else if constexpr (std::is_same_v<N, ir::Comprehension>) {
          return comprehension(e, n);
        } else if constexpr (std::is_same_v<N, ir::Cap>) {
          const Sym v = expr(*n.value);
          Sym l = expr(*n.limit);
          after(l, v);
          const int d = order_digits(e.type, l, v);
          Sym s = ite(at(l, d) < at(v, d), l, v, e.type, e.wide);
          s.ok = l.ok;
          s.na = l.na;
          return s;
        } else if constexpr (std::is_same_v<N, ir::ListLiteral>) {
          Sym s(ctx);
          s.kind = Sym::Kind::List;
          for (const auto& item : n.items) {
            Sym x = expr(*item);
            after(x, s);
            s.ok = x.ok;
            s.na = x.na;
            x.ok = ctx.bool_val(true);
            x.na = ctx.bool_val(false);
            s.items.push_back(x);
            s.present.push_back(ctx.bool_val(true));
          }
          return s;
        } else if constexpr (std::is_same_v<N, ir::NotApplicable>) {
          Sym s =
              is_bool(e.type) ? boolean(ctx.bool_val(false)) : num(ctx.int_val(0), places(e.type));
          if (e.type.is(ir::TypeKind::Text) || e.type.is(ir::TypeKind::Duration) ||
              e.type.is(ir::TypeKind::Record) || e.type.is(ir::TypeKind::List))
            unsupported("`not applicable` of a text, duration, record or list", e.span);
          s.ok = ctx.bool_val(false);
          s.na = ctx.bool_val(true);
          return s;
        } else {
          static_assert(std::is_same_v<N, ir::RecordLiteral>);
          Sym s(ctx);
          s.kind = Sym::Kind::Record;
          s.items.assign(n.fields.size(), Sym(ctx));
          for (ir::Index f : n.written) {
            Sym x = expr(*n.fields[f]);
            after(x, s);
            s.ok = x.ok;
            s.na = x.na;
            x.ok = ctx.bool_val(true);
            x.na = ctx.bool_val(false);
            s.items[f] = x;
          }
          return s;
        }
      },
      e.node);
}

}  // namespace bareme::prove
