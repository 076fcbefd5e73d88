// Inputs as solver variables within their domain, parameters at the evaluation date, rules
// memoised.
#include <fmt/format.h>

#include "prove/encoder.hpp"

namespace bareme::prove {
namespace {

int64_t pow10_int(int k) {
  int64_t v = 1;
  while (k-- > 0) v *= 10;
  return v;
}

std::string shape(const ir::Program& p, ir::Type t) {
  std::string out = std::to_string(static_cast<int>(t.kind));
  if (t.is(ir::TypeKind::Enum)) {
    for (const auto& c : p.enums[t.ref].cases) out += "," + c.name;
  } else if (t.is(ir::TypeKind::Record) || t.is(ir::TypeKind::List)) {
    out += "{";
    for (const auto& f : p.records[t.ref].fields) out += f.name + ":" + shape(p, f.type) + ";";
    out += "}";
  }
  return out;
}

}  // namespace

std::string input_key(const ir::Program& p, ir::Index input) {
  return p.inputs[input].name + "|" + shape(p, p.inputs[input].type);
}

Sym Encoder::fresh_value(const std::string& name, ir::Type t, source::Span at, bool top) {
  const std::string id = fmt::format("{}{}#{}", prefix, name, fresh_++);
  Sym s(ctx);
  switch (t.kind) {
    case ir::TypeKind::Bool:
      return boolean(ctx.bool_const(id.c_str()));
    case ir::TypeKind::Text:
      s.kind = Sym::Kind::Text;
      s.v = ctx.int_const(id.c_str());        // any text (TextIds)
      background.push_back(in_range64(s.v));  // so that a witness can name it
      modest.push_back(s.v >= ctx.int_val(-1000) && s.v <= ctx.int_val(1000000));
      return s;
    case ir::TypeKind::Record:
      s.kind = Sym::Kind::Record;
      for (const auto& f : program.records[t.ref].fields)
        s.items.push_back(fresh_value(name + "." + f.name, f.type, at, false));
      return s;
    case ir::TypeKind::List: {
      if (!top) unsupported("a list inside a record", at);
      s.kind = Sym::Kind::List;
      const ir::Type element = ir::Type::of(ir::TypeKind::Record, t.ref);
      const z3::expr length = ctx.int_const((id + ".length").c_str());
      background.push_back(length >= 0 &&
                           length <= ctx.int_val(static_cast<int64_t>(options_.list_bound)));
      for (size_t k = 0; k < options_.list_bound; ++k) {
        s.items.push_back(fresh_value(fmt::format("{}[{}]", name, k), element, at, false));
        s.present.push_back(ctx.int_val(static_cast<int64_t>(k)) < length);
      }
      s.v = length;
      list_bounded = true;
      return s;
    }
    case ir::TypeKind::Duration:
      unsupported("a Duration input", at);
    default:
      break;
  }
  s.v = ctx.int_const(id.c_str());
  s.digits = places(t);
  if (t.is(ir::TypeKind::Enum)) {
    background.push_back(
        s.v >= 0 && s.v < ctx.int_val(static_cast<int64_t>(program.enums[t.ref].cases.size())));
  } else if (t.is(ir::TypeKind::Date)) {
    background.push_back(s.v >= ctx.int_val(*runtime::days_from_civil({1, 1, 1})) &&
                         s.v <= ctx.int_val(*runtime::days_from_civil({9999, 12, 31})));
    modest.push_back(s.v >= ctx.int_val(*runtime::days_from_civil({2000, 1, 1})) &&
                     s.v <= ctx.int_val(*runtime::days_from_civil({2040, 12, 31})));
  } else {
    background.push_back(in_range64(s.v));
    const int64_t most = t.is(ir::TypeKind::Int) ? 10000 : 10 * pow10_int(s.digits + 6);
    modest.push_back(s.v >= ctx.int_val(-most) && s.v <= ctx.int_val(most));
  }
  return s;
}

Sym Encoder::input(ir::Index i, source::Span at) {
  if (auto it = inputs.find(i); it != inputs.end()) return it->second.sym;
  const auto& in = program.inputs[i];
  const std::string key = shared ? input_key(program, i) : "";
  const auto found = shared ? shared->find(key) : std::map<std::string, Sym>::iterator{};
  const bool reused = shared && found != shared->end();
  Sym free = reused ? found->second : fresh_value(in.name, in.type, at, true);
  if (shared && !reused) shared->emplace(key, free);
  if (reused && free.kind == Sym::Kind::List) list_bounded = true;
  std::optional<z3::expr> given, length;
  if (free.kind == Sym::Kind::List) length = free.v;
  // Bounds: a value outside them is InputOutOfRange; an application that gives one ends in that
  // error, so the solver looks only within them (for a computed default: an error when read).
  auto within = [&](const Sym& v) {
    z3::expr w = ctx.bool_val(true);
    if (in.at_least) w = w && v.v >= ctx.int_val(*in.at_least);
    if (in.at_most) w = w && v.v <= ctx.int_val(*in.at_most);
    if (in.values && v.kind == Sym::Kind::Text) w = w && one_of(v.v, *in.values);
    return w;
  };
  Sym s = free;
  // A constant default is one more possible value for one version (`prove`), but two versions
  // (`diff`, `shared`) may default differently: there, any input with a default is given or not.
  if (in.default_value && (in.definition || in.computed_default || shared)) {
    // Given or not: when not, the default is evaluated (and may fail or be out of bounds).
    given = ctx.bool_const(fmt::format("{}#given", shared ? key : prefix + in.name).c_str());
    auto saved = std::move(locals_);
    locals_.clear();
    Sym d = expr(*in.default_value);
    locals_ = std::move(saved);
    const z3::expr dok = d.ok && within(d);
    d.ok = ctx.bool_val(true);
    d.na = ctx.bool_val(false);
    s = ite(*given, free, d, in.type, false);
    s.ok = *given || dok;
    s.na = !*given && !dok && d.na;
  }
  // The value given is within the bounds; left out, it is no value (two versions compared may
  // bound a shared input apart, and leaving it out is then the only application they share).
  background.push_back(given ? z3::implies(*given, within(free)) : within(free));
  inputs.emplace(i, InputVar{i, s, given, length, given ? std::optional<Sym>(free) : std::nullopt});
  return s;
}

std::optional<Encoder::Dated> Encoder::as_of_date(source::Span at) {
  if (options_.as_of) return Dated{ctx.bool_val(true), ctx.int_val(*options_.as_of)};
  // As the interpreter finds it (interp/evaluator.cpp, `as_of`): the scheme's `as of` input, or
  // without one each scheme's in order; an input dates the evaluation when the situation gives
  // it or its default is a date literal (a computed default does not: docs/semantics.md), else
  // the next one does. A required input is given (the encoding's applications give them all).
  std::vector<ir::Index> candidates;
  if (program.schemes[scheme_].as_of_input) {
    candidates.push_back(*program.schemes[scheme_].as_of_input);
  } else {
    for (const auto& s : program.schemes) {
      if (s.as_of_input) candidates.push_back(*s.as_of_input);
    }
  }
  if (candidates.empty()) return std::nullopt;
  std::optional<Dated> chain;
  for (auto k = candidates.size(); k-- > 0;) {
    const ir::Index i = candidates[k];
    const Sym value = input(i, at);
    const InputVar& var = inputs.at(i);
    const auto& d = program.inputs[i].default_value;
    const bool literal = !d || std::holds_alternative<ir::Literal>(d->node);
    const z3::expr dates = literal || !var.given ? ctx.bool_val(true) : *var.given;
    chain = chain ? Dated{dates || chain->known, z3::ite(dates, value.v, chain->day)}
                  : Dated{dates, value.v};
  }
  return chain;
}

Sym Encoder::param(ir::Index i, source::Span at) {
  if (auto it = params_.find(i); it != params_.end()) return it->second;
  const auto& p = program.params[i];
  auto saved = std::move(locals_);
  locals_.clear();
  const bool dated = p.periods.size() != 1 || p.periods[0].from || p.periods[0].until;
  Sym s(ctx);
  if (!dated) {
    s = expr(*p.periods[0].value);
  } else if (const auto when = as_of_date(at); !when) {
    s = expr(*p.periods[0].value);
    s.ok = ctx.bool_val(false);  // NoEvaluationDate
  } else {
    const z3::expr* date = &when->day;
    // The period in force; none is the runtime error NoParamValue.
    std::optional<Sym> chosen;
    z3::expr any = ctx.bool_val(false);
    for (auto k = p.periods.size(); k-- > 0;) {
      const auto& period = p.periods[k];
      z3::expr in = ctx.bool_val(true);
      if (period.from) in = in && *date >= ctx.int_val(*period.from);
      if (period.until) in = in && *date <= ctx.int_val(*period.until);
      in = in.simplify();
      Sym v = expr(*period.value);
      chosen = chosen ? ite(in, v, *chosen, p.type, false) : v;
      any = any || in;
    }
    s = *chosen;
    s.ok = s.ok && any && when->known;  // no date known: NoEvaluationDate
    s.na = s.na && any && when->known;
  }
  locals_ = std::move(saved);
  params_.emplace(i, s);
  return s;
}

Sym Encoder::rule(ir::Index i) {
  if (auto it = rules_.find(i); it != rules_.end()) return it->second;
  auto saved = std::move(locals_);
  locals_.clear();
  Sym s = expr(*program.rules[i].value);
  locals_ = std::move(saved);
  rules_.emplace(i, s);
  return s;
}

}  // namespace bareme::prove
