// Comparing the cones of two versions' targets: expressions node by node, definitions once each.
#include "prove/same_cone.hpp"

#include "prove/encoder.hpp"

namespace bareme::prove {
namespace {

template <typename T, typename Same>
bool all_same(const std::vector<T>& a, const std::vector<T>& b, Same&& same) {
  if (a.size() != b.size()) return false;
  for (size_t k = 0; k < a.size(); ++k) {
    if (!same(a[k], b[k])) return false;
  }
  return true;
}

bool dated(const ir::Param& p) {
  return p.periods.size() != 1 || p.periods[0].from || p.periods[0].until;
}

// The period in force on `date`, as the interpreter chooses it (the last that covers it).
const ir::Period* in_force(const ir::Param& p, runtime::Days date) {
  const ir::Period* chosen = nullptr;
  for (const auto& period : p.periods) {
    if ((!period.from || *period.from <= date) && (!period.until || date <= *period.until))
      chosen = &period;
  }
  return chosen;
}

}  // namespace

SameCone::DateSource SameCone::date_source(const DiffSide& side) {
  DateSource d;
  if (side.as_of) {
    d.fixed = side.as_of;
    return d;
  }
  // As the interpreter and the encoder find it (Encoder::as_of_date): the scheme's `as of`
  // input, else each scheme's in order, the first given (or with a date literal as default).
  const ir::Program& p = *side.program;
  if (const auto own = p.schemes[side.scheme].as_of_input) {
    d.inputs.push_back(*own);
    return d;
  }
  for (const auto& s : p.schemes) {
    if (s.as_of_input) d.inputs.push_back(*s.as_of_input);
  }
  return d;
}

SameCone::SameCone(const DiffSide& o, const DiffSide& n)
    : a_(*o.program), b_(*n.program), date_a_(date_source(o)), date_b_(date_source(n)) {}

bool SameCone::same(const ir::Expr& a, const ir::Expr& b) {
  return expr(&a, &b);
}

bool SameCone::same_date() {
  if (!same_date_) {
    const auto &x = date_a_, &y = date_b_;
    same_date_ = x.fixed || y.fixed ? x.fixed == y.fixed
                                    : all_same(x.inputs, y.inputs, [&](ir::Index a, ir::Index b) {
                                        return remembered(What::Input, a, b, &SameCone::input);
                                      });
  }
  return *same_date_;
}

bool SameCone::remembered(What what, ir::Index a, ir::Index b,
                          bool (SameCone::*compare)(ir::Index, ir::Index)) {
  const auto key = std::make_tuple(what, a, b);
  if (const auto it = memo_.find(key); it != memo_.end()) return it->second;
  // Definitions do not read themselves (the checker refuses cycles); were one to, assuming it the
  // same while comparing it is what makes two equal cycles the same.
  memo_[key] = true;
  const bool same = (this->*compare)(a, b);
  memo_[key] = same;
  return same;
}

bool SameCone::type(ir::Type a, ir::Type b) {
  if (a.kind != b.kind || a.period != b.period) return false;
  switch (a.kind) {
    case ir::TypeKind::Enum:
      return remembered(What::Enum, a.ref, b.ref, &SameCone::enum_decl);
    case ir::TypeKind::Record:
    case ir::TypeKind::List:
      return remembered(What::Record, a.ref, b.ref, &SameCone::record);
    case ir::TypeKind::Quantity:
      return remembered(What::Unit, a.ref, b.ref, &SameCone::unit);
    case ir::TypeKind::Money:
      if ((a.ref == 0) != (b.ref == 0)) return false;
      return a.ref == 0 || remembered(What::Unit, a.ref - 1, b.ref - 1, &SameCone::unit);
    default:
      return true;
  }
}

bool SameCone::enum_decl(ir::Index a, ir::Index b) {
  return all_same(a_.enums[a].cases, b_.enums[b].cases, [](const auto& x, const auto& y) {
    return x.name == y.name && x.label == y.label && x.code == y.code && x.open == y.open;
  });
}

bool SameCone::record(ir::Index a, ir::Index b) {
  return a_.records[a].name == b_.records[b].name &&
         all_same(a_.records[a].fields, b_.records[b].fields, [&](const auto& x, const auto& y) {
           return x.name == y.name && type(x.type, y.type);
         });
}

bool SameCone::unit(ir::Index a, ir::Index b) {
  return a_.units[a].name == b_.units[b].name;
}

bool SameCone::input(ir::Index a, ir::Index b) {
  const ir::Input &x = a_.inputs[a], &y = b_.inputs[b];
  // One variable of the diff (input_key), read within the same bounds, with the same default.
  if (input_key(a_, a) != input_key(b_, b) || !type(x.type, y.type)) return false;
  if (x.at_least != y.at_least || x.at_most != y.at_most) return false;
  if (!x.values != !y.values || (x.values && *x.values != *y.values)) return false;
  return expr(x.default_value.get(), y.default_value.get());
}

bool SameCone::param(ir::Index a, ir::Index b) {
  const ir::Param &x = a_.params[a], &y = b_.params[b];
  if (!type(x.type, y.type)) return false;
  const auto period = [&](const ir::Period& p, const ir::Period& q) {
    return p.from == q.from && p.until == q.until && expr(p.value.get(), q.value.get());
  };
  if (!dated(x) && !dated(y)) return expr(x.periods[0].value.get(), y.periods[0].value.get());
  if (same_date()) return all_same(x.periods, y.periods, period);
  // Two dates: the values in force on each (none on both is the same error).
  if (!date_a_.fixed || !date_b_.fixed) return false;
  const ir::Period *p = in_force(x, *date_a_.fixed), *q = in_force(y, *date_b_.fixed);
  if (!p || !q) return !p && !q;
  return expr(p->value.get(), q->value.get());
}

bool SameCone::rule(ir::Index a, ir::Index b) {
  const ir::Rule &x = a_.rules[a], &y = b_.rules[b];
  return type(x.type, y.type) && expr(x.value.get(), y.value.get());
}

bool SameCone::function(ir::Index a, ir::Index b) {
  const ir::Function &x = a_.functions[a], &y = b_.functions[b];
  const auto field = [&](const ir::Field& f, const ir::Field& g) { return type(f.type, g.type); };
  return all_same(x.params, y.params, field) && type(x.result, y.result) &&
         expr(x.body.get(), y.body.get());
}

bool SameCone::table(ir::Index a, ir::Index b) {
  const ir::Table &x = a_.tables[a], &y = b_.tables[b];
  const auto field = [&](const ir::Field& f, const ir::Field& g) { return type(f.type, g.type); };
  const auto bound = [&](const std::optional<ir::Bound>& p, const std::optional<ir::Bound>& q) {
    if (!p || !q) return !p && !q;
    return p->inclusive == q->inclusive && expr(p->value.get(), q->value.get());
  };
  const auto values = [&](const ir::ExprPtr& p, const ir::ExprPtr& q) {
    return expr(p.get(), q.get());
  };
  const auto cell = [&](const ir::TableCell& p, const ir::TableCell& q) {
    return p.kind == q.kind && bound(p.lower, q.lower) && bound(p.upper, q.upper) &&
           all_same(p.values, q.values, values);
  };
  const auto row = [&](const ir::TableRow& p, const ir::TableRow& q) {
    return all_same(p.cells, q.cells, cell) && expr(p.output.get(), q.output.get());
  };
  return x.hit == y.hit && all_same(x.params, y.params, field) && type(x.result, y.result) &&
         all_same(x.rows, y.rows, row);
}

bool SameCone::scheme(ir::Index a, ir::Index b) {
  const ir::Scheme &x = a_.schemes[a], &y = b_.schemes[b];
  const auto condition = [&](const ir::Condition& p, const ir::Condition& q) {
    return expr(p.test.get(), q.test.get());
  };
  return x.rounding == y.rounding && all_same(x.conditions, y.conditions, condition) &&
         expr(x.amount.get(), y.amount.get());
}

bool SameCone::combine(ir::Index a, ir::Index b) {
  const ir::Combine &x = a_.combines[a], &y = b_.combines[b];
  const auto aid = [&](const ir::Aid& p, const ir::Aid& q) {
    return expr(p.amount.get(), q.amount.get());
  };
  const auto cap = [&](const ir::CapRule& p, const ir::CapRule& q) {
    return p.targets == q.targets && p.absorbers == q.absorbers &&
           expr(p.limit.get(), q.limit.get()) && expr(p.when.get(), q.when.get());
  };
  return x.rounding == y.rounding && all_same(x.aids, y.aids, aid) && all_same(x.caps, y.caps, cap);
}

bool SameCone::level(ir::Index a, ir::Index b) {
  const ir::Level &x = a_.levels[a], &y = b_.levels[b];
  const auto member = [&](const ir::LevelMember& p, const ir::LevelMember& q) {
    if (p.kind != q.kind || p.priority != q.priority) return false;
    return p.kind == ir::LevelMember::Kind::Level
               ? remembered(What::Level, p.index, q.index, &SameCone::level)
               : remembered(What::Scheme, p.index, q.index, &SameCone::scheme);
  };
  return x.policy == y.policy && all_same(x.members, y.members, member);
}

bool SameCone::expr(const ir::Expr* a, const ir::Expr* b) {
  if (!a || !b) return !a && !b;
  return a->wide == b->wide && a->node.index() == b->node.index() && type(a->type, b->type) &&
         node(*a, *b);
}

}  // namespace bareme::prove
