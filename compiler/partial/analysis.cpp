// Three-valued conditions and the missing inputs an expression may read, for partial evaluation.
#include "partial/analysis.hpp"

#include "ir/walk.hpp"

namespace bareme::partial {

using K = Tri::Kind;

Analysis::Analysis(const ir::Program& p, ir::Index scheme, const interp::Application& app,
                   const interp::Options& options)
    : p_(p), scheme_(scheme), app_(app), options_(options) {
  if (app.as_of) return;
  // As the interpreter dates an evaluation: the scheme's `as of` input, else the first scheme's.
  std::optional<ir::Index> date = p.schemes[scheme].as_of_input;
  for (size_t s = 0; !date && s < p.schemes.size(); ++s) date = p.schemes[s].as_of_input;
  if (!date || (*date < app.inputs.size() && app.inputs[*date])) return;
  const auto& d = p.inputs[*date].default_value;
  if (!d || !std::holds_alternative<ir::Literal>(d->node)) date_input_ = date;
}

void Analysis::translate(std::optional<interp::RuntimeError>& error) const {
  if (error && error->code == runtime::ErrorCode::NoEvaluationDate && date_input_) {
    error->code = runtime::ErrorCode::MissingInput;
    error->missing_input = date_input_;
    error->param.reset();  // the error is now about the input
  }
}

interp::ExpressionResult Analysis::eval(const ir::Expr& e) const {
  auto r = interp::evaluate_expression(p_, e, scheme_, app_, options_);
  translate(r.error);
  return r;
}

Tri Analysis::tri(const ir::Expr& e) {
  if (auto it = tri_memo_.find(&e); it != tri_memo_.end()) return it->second;
  Tri out;
  auto r = eval(e);
  if (r.value) {
    out.kind = r.value->scalar != 0 ? K::True : K::False;
  } else if (r.error->code != runtime::ErrorCode::MissingInput) {
    out = Tri{K::Error, r.error};
  } else if (const auto* l = std::get_if<ir::Logic>(&e.node)) {
    // Left to right as the interpreter goes: a failing left side fails the whole.
    const K decisive = l->is_and ? K::False : K::True;
    const Tri a = tri(*l->lhs);
    if (a.kind == K::Error || a.kind == decisive) {
      out = a;  // the left side decided through missing inputs (Kleene) or fails
    } else if (a.kind != K::Unknown) {
      out = tri(*l->rhs);  // the left side does not decide: the right one says
    } else if (tri(*l->rhs).kind == decisive) {
      out.kind = decisive;
    }
  } else if (const auto* u = std::get_if<ir::Unary>(&e.node); u && u->op == ir::UnaryOp::Not) {
    out = tri(*u->operand);
    if (out.kind == K::True)
      out.kind = K::False;
    else if (out.kind == K::False)
      out.kind = K::True;
  } else if (const auto* r = std::get_if<ir::RuleRef>(&e.node)) {
    out = tri(*p_.rules[r->rule].value);
  } else if (const auto* i = std::get_if<ir::If>(&e.node)) {
    const Tri c = tri(*i->condition);
    if (c.kind == K::True)
      out = tri(*i->then_value);
    else if (c.kind == K::False)
      out = tri(*i->else_value);
    else if (c.kind == K::Error)
      out = c;
    else if (const Tri t = tri(*i->then_value), f = tri(*i->else_value);
             t.kind == f.kind && t.kind != K::Error)
      out.kind = t.kind;
  }
  tri_memo_[&e] = out;
  return out;
}

std::set<ir::Index> Analysis::inputs_of(const ir::Expr& e) {
  std::set<ir::Index> out;
  Seen seen;
  collect(e, out, seen, true);
  return out;
}

void Analysis::branch(const ir::Expr& node, const ir::Expr& test, bool closed) {
  if (branches_.count(&node)) return;
  std::set<ir::Index> ins;
  Seen seen;
  collect(test, ins, seen, closed);
  branches_[&node] = std::move(ins);
}

void Analysis::collect_scheme(ir::Index s, std::set<ir::Index>& out, Seen& seen) {
  if (!seen.schemes.insert(s).second) return;
  for (const auto& c : p_.schemes[s].conditions) collect(*c.test, out, seen, true);
  if (p_.schemes[s].amount) collect(*p_.schemes[s].amount, out, seen, true);
}

void Analysis::collect_level(ir::Index l, std::set<ir::Index>& out, Seen& seen) {
  if (!seen.levels.insert(l).second) return;
  for (const auto& m : p_.levels[l].members) {
    if (m.kind == ir::LevelMember::Kind::Scheme)
      collect_scheme(m.index, out, seen);
    else
      collect_level(m.index, out, seen);
  }
}

void Analysis::collect(const ir::Expr& e, std::set<ir::Index>& out, Seen& seen, bool closed) {
  if (const auto* in = std::get_if<ir::InputRef>(&e.node)) {
    const auto& input = p_.inputs[in->input];
    if (in->input < app_.inputs.size() && app_.inputs[in->input]) return;
    if (!input.default_value)
      out.insert(in->input);
    else if (input.computed_default && seen.defaults.insert(in->input).second)
      collect(*input.default_value, out, seen, true);
    return;
  }
  if (const auto* r = std::get_if<ir::RuleRef>(&e.node)) {
    if (seen.rules.insert(r->rule).second) collect(*p_.rules[r->rule].value, out, seen, true);
    return;
  }
  if (const auto* pr = std::get_if<ir::ParamRef>(&e.node)) {
    if (seen.params.insert(pr->param).second)
      for (const auto& period : p_.params[pr->param].periods)
        collect(*period.value, out, seen, true);
    return;
  }
  if (const auto* s = std::get_if<ir::SchemeRef>(&e.node))
    return collect_scheme(s->scheme, out, seen);
  if (const auto* l = std::get_if<ir::LevelRef>(&e.node)) return collect_level(l->level, out, seen);
  if (const auto* a = std::get_if<ir::AidRef>(&e.node)) {
    if (!seen.combines.insert(a->combine).second) return;
    const auto& c = p_.combines[a->combine];
    for (const auto& aid : c.aids) collect(*aid.amount, out, seen, true);
    for (const auto& cap : c.caps) {
      if (cap.limit) collect(*cap.limit, out, seen, true);
      if (cap.when) collect(*cap.when, out, seen, true);
    }
    return;
  }
  if (const auto* f = std::get_if<ir::FunctionCall>(&e.node)) {
    for (const auto& x : f->args) collect(*x, out, seen, closed);
    if (seen.functions.insert(f->function).second)
      collect(*p_.functions[f->function].body, out, seen, false);
    return;
  }
  if (const auto* t = std::get_if<ir::TableCall>(&e.node)) {
    for (const auto& x : t->args) collect(*x, out, seen, closed);
    if (!seen.tables.insert(t->table).second) return;
    for (const auto& row : p_.tables[t->table].rows) {
      for (const auto& cell : row.cells) {
        if (cell.lower) collect(*cell.lower->value, out, seen, false);
        if (cell.upper) collect(*cell.upper->value, out, seen, false);
        for (const auto& v : cell.values) collect(*v, out, seen, false);
      }
      if (row.output) collect(*row.output, out, seen, false);
    }
    return;
  }
  // A test already known is followed the way it goes; an unknown one is a branch to decide.
  if (const auto* i = std::get_if<ir::If>(&e.node)) {
    const K c = closed ? tri(*i->condition).kind : K::Unknown;
    if (c == K::True || c == K::False) {
      collect(*i->condition, out, seen, closed);
      return collect(c == K::True ? *i->then_value : *i->else_value, out, seen, closed);
    }
    branch(e, *i->condition, closed);
  }
  if (const auto* m = std::get_if<ir::Match>(&e.node)) {
    std::optional<runtime::Value> v;
    if (closed) v = eval(*m->scrutinee).value;
    if (v) {
      for (const auto& arm : m->arms)
        if (std::find(arm.cases.begin(), arm.cases.end(), static_cast<ir::Index>(v->scalar)) !=
            arm.cases.end())
          return collect(*arm.value, out, seen, closed);
    }
    branch(e, *m->scrutinee, closed);
  }
  if (const auto* l = std::get_if<ir::Logic>(&e.node); l && closed) {
    const K decisive = l->is_and ? K::False : K::True;
    if (tri(*l->lhs).kind == decisive) return collect(*l->lhs, out, seen, closed);
  }
  const bool inner = closed && !std::holds_alternative<ir::Comprehension>(e.node);
  if (const auto* c = std::get_if<ir::Comprehension>(&e.node)) {
    collect(*c->list, out, seen, closed);
    if (c->where) collect(*c->where, out, seen, false);
    if (c->projection) collect(*c->projection, out, seen, false);
    return;
  }
  ir::for_each_child(e, [&](const ir::Expr& child) { collect(child, out, seen, inner); });
}

}  // namespace bareme::partial
