// Decision tables by hit policy, functions inlined, list comprehensions, other schemes' results.
#include <fmt/format.h>

#include "prove/encoder.hpp"

namespace bareme::prove {
namespace {

// Evaluates `exprs` in order: their values, and in `seq` whether they all ended normally.
template <typename List, typename Enc>
std::vector<Sym> in_order(Enc& enc, const List& exprs, Sym& seq) {
  std::vector<Sym> out;
  for (const auto& x : exprs) {
    Sym v = enc.expr(*x);
    Encoder::after(v, seq);
    seq.ok = v.ok;
    seq.na = v.na;
    v.ok = enc.ctx.bool_val(true);
    v.na = enc.ctx.bool_val(false);
    out.push_back(v);
  }
  return out;
}

}  // namespace

Sym Encoder::table(const ir::Expr& e, const ir::TableCall& call) {
  const auto& t = program.tables[call.table];
  Sym seq(ctx);
  auto args = in_order(*this, call.args, seq);
  auto saved = std::move(locals_);
  locals_ = args;
  // A cell's bounds are read as the rows are tried: they must not fail (constants, parameters).
  auto cell_value = [&](const ir::Expr& x) {
    Sym v = expr(x);
    if (!(v.ok.simplify().is_true()))
      unsupported("a table cell whose value may fail to evaluate", x.span);
    return v;
  };
  std::vector<z3::expr> hits;
  for (const auto& row : t.rows) {
    z3::expr match = ctx.bool_val(true);
    for (size_t c = 0; c < row.cells.size(); ++c) {
      const auto& cell = row.cells[c];
      const Sym& arg = args[c];
      const ir::Type ct = t.params[c].type;
      if (cell.kind == ir::TableCell::Kind::Range) {
        if (cell.lower) {
          const Sym b = cell_value(*cell.lower->value);
          const int d = order_digits(ct, arg, b);
          match = match && (cell.lower->inclusive ? at(arg, d) >= at(b, d) : at(arg, d) > at(b, d));
        }
        if (cell.upper) {
          const Sym b = cell_value(*cell.upper->value);
          const int d = order_digits(ct, arg, b);
          match = match && (cell.upper->inclusive ? at(arg, d) <= at(b, d) : at(arg, d) < at(b, d));
        }
      } else if (cell.kind == ir::TableCell::Kind::OneOf) {
        z3::expr_vector any(ctx);
        for (const auto& v : cell.values) any.push_back(equal(ct, arg, cell_value(*v)));
        match = match && z3::mk_or(any);
      }
    }
    hits.push_back(match.simplify());
  }
  std::vector<Sym> outputs;
  for (const auto& row : t.rows) outputs.push_back(expr(*row.output));
  locals_ = std::move(saved);
  const bool collect = t.hit == ir::HitPolicy::CollectSum || t.hit == ir::HitPolicy::CollectMin ||
                       t.hit == ir::HitPolicy::CollectMax;
  // Flat disjunctions: a chain of binary `or`s over a table of many rows is flattened by the
  // solver in quadratic time.
  z3::expr_vector hit_any(ctx);
  for (const auto& h : hits) hit_any.push_back(h);
  const z3::expr any = z3::mk_or(hit_any);
  Sym result(ctx);
  if (!collect) {
    // The first row that matches; a unique table fails when two do.
    result = outputs.back();
    for (size_t r = t.rows.size() - 1; r-- > 0;)
      result = ite(hits[r], outputs[r], result, e.type, e.wide);
    result.ok = result.ok && any;
    result.na = result.na && any;
    if (t.hit == ir::HitPolicy::Unique && t.rows.size() > 1) {
      z3::expr_vector hs(ctx);
      for (const auto& h : hits) hs.push_back(h);
      result.ok = result.ok && z3::atmost(hs, 1);
      result.na = result.na && z3::atmost(hs, 1);
    }
  } else {
    const int d = e.wide ? runtime::kWideDigits : places(e.type);
    z3::expr acc = ctx.int_val(0), ok = ctx.bool_val(true), na = ctx.bool_val(false),
             seen = ctx.bool_val(false);
    for (size_t r = 0; r < t.rows.size(); ++r) {
      const Sym& o = outputs[r];
      na = na || (ok && hits[r] && o.na);
      ok = ok && (!hits[r] || o.ok);
      const z3::expr v = at(o, d);
      if (t.hit == ir::HitPolicy::CollectSum) {
        acc = z3::ite(hits[r], acc + v, acc);
        ok = ok && (!hits[r] || (d == runtime::kWideDigits ? in_range128(acc) : in_range64(acc)));
      } else {
        const z3::expr better = t.hit == ir::HitPolicy::CollectMin ? v < acc : v > acc;
        acc = z3::ite(hits[r] && (!seen || better), v, acc);
      }
      seen = seen || hits[r];
    }
    result = num(acc, d);
    result.ok = t.hit == ir::HitPolicy::CollectSum ? ok : ok && any;
    result.na = na;
  }
  after(result, seq);
  return result;
}

Sym Encoder::function(const ir::Expr& e, const ir::FunctionCall& call) {
  const auto& f = program.functions[call.function];
  Sym seq(ctx);
  auto args = in_order(*this, call.args, seq);
  if (depth_ > 400)
    unsupported(fmt::format("function `{}` calls itself too deeply to inline", f.name), e.span);
  auto saved = std::move(locals_);
  locals_ = args;
  Sym v = expr(*f.body);
  locals_ = std::move(saved);
  after(v, seq);
  return v;
}

Sym Encoder::comprehension(const ir::Expr& e, const ir::Comprehension& c) {
  const Sym list = expr(*c.list);
  if (locals_.size() <= c.slot) locals_.resize(c.slot + 1, Sym(ctx));
  const int d = e.wide ? runtime::kWideDigits : places(e.type);
  z3::expr ok = ctx.bool_val(true), na = ctx.bool_val(false), reached = ctx.bool_val(true);
  z3::expr count = ctx.int_val(0), acc = ctx.int_val(0), seen = ctx.bool_val(false);
  Sym kept = list;
  kept.present.clear();
  for (size_t k = 0; k < list.items.size(); ++k) {
    locals_[c.slot] = list.items[k];
    const z3::expr here = reached && list.present[k];
    z3::expr in = ctx.bool_val(true);
    if (c.where) {
      const Sym w = expr(*c.where);
      na = na || (ok && here && w.na);
      ok = ok && (!here || w.ok);
      in = w.v;
    }
    const z3::expr taken = here && in;
    kept.present.push_back(list.present[k] && in);
    count = count + z3::ite(taken, ctx.int_val(1), ctx.int_val(0));
    if (!c.projection) continue;
    const Sym p = expr(*c.projection);
    na = na || (ok && taken && p.na);
    ok = ok && (!taken || p.ok);
    switch (c.op) {
      case ir::ListOp::All:
        reached = reached && !(taken && !p.v);
        break;
      case ir::ListOp::Any:
        reached = reached && !(taken && p.v);
        break;
      case ir::ListOp::Sum:
        acc = z3::ite(taken, acc + at(p, d), acc);
        ok = ok && (!taken || (d == runtime::kWideDigits ? in_range128(acc) : in_range64(acc)));
        break;
      default: {
        const z3::expr v = at(p, d);
        const z3::expr better = c.op == ir::ListOp::Min ? v < acc : v > acc;
        acc = z3::ite(taken && (!seen || better), v, acc);
        break;
      }
    }
    seen = seen || taken;
  }
  Sym out(ctx);
  switch (c.op) {
    case ir::ListOp::Count:
      out = num(count, 0);
      break;
    case ir::ListOp::Filter:
      out = kept;
      break;
    case ir::ListOp::All:
      out = boolean(reached);
      break;
    case ir::ListOp::Any:
      out = boolean(!reached);
      break;
    case ir::ListOp::Sum:
      out = num(acc, d);
      break;
    case ir::ListOp::Min:
    case ir::ListOp::Max:
      out = num(acc, d);
      ok = ok && seen;
      break;
  }
  out.ok = ok;
  out.na = na;
  after(out, list);
  return out;
}

Sym Encoder::scheme_ref(const ir::Expr& e, const ir::SchemeRef& ref) {
  if (auto it = schemes_.find(ref.scheme); it == schemes_.end()) {
    const auto& s = program.schemes[ref.scheme];
    // Every condition is evaluated; one `not applicable` refuses, another error ends the scheme.
    z3::expr ok = ctx.bool_val(true), eligible = ctx.bool_val(true);
    for (const auto& cond : s.conditions) {
      const Sym c = expr(*cond.test);
      ok = ok && (c.ok || c.na);
      eligible = eligible && c.ok && c.v;
    }
    Sym amount = num(ctx.int_val(0), 2);
    if (s.amount) {
      const Sym a = expr(*s.amount);
      const z3::expr paid = a.digits == 2 ? a.v : div_round(a.v, pow10(a.digits - 2), s.rounding);
      ok = ok && (!eligible || a.ok || a.na) && (!eligible || !a.ok || in_range64(paid));
      eligible = eligible && a.ok;
      amount = num(z3::ite(eligible, paid, ctx.int_val(0)), 2);
    }
    Sym el = boolean(eligible);
    el.ok = ok;
    amount.ok = ok;
    schemes_.emplace(ref.scheme, std::make_pair(el, amount));
  }
  const auto& [el, amount] = schemes_.at(ref.scheme);
  (void)e;
  return ref.what == ir::SchemeRef::What::Amount ? amount : el;
}

}  // namespace bareme::prove
