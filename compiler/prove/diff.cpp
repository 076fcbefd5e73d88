// `diff`: both versions encoded in one solver context, their inputs shared by name and type;
// each question is a goal on the two eligibilities or amounts.
#include "prove/diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <set>

#include "prove/diff_search.hpp"
#include "prove/encoder.hpp"
#include "prove/situation.hpp"

namespace bareme::prove {

const char* question_name(Question q) {
  switch (q) {
    case Question::BecomesEligible:
      return "becomes eligible";
    case Question::LosesEligibility:
      return "loses eligibility";
    case Question::AmountRises:
      return "amount rises";
    case Question::AmountFalls:
      return "amount falls";
  }
  return "";
}

InputMatch match_inputs(const ir::Program& a, const ir::Program& b) {
  InputMatch m;
  std::map<std::string, std::string> keys;  // name → key, in `b`
  for (ir::Index i = 0; i < b.inputs.size(); ++i) keys[b.inputs[i].name] = input_key(b, i);
  std::set<std::string> in_a;
  for (ir::Index i = 0; i < a.inputs.size(); ++i) {
    const std::string& name = a.inputs[i].name;
    in_a.insert(name);
    const auto found = keys.find(name);
    if (found == keys.end())
      m.old_only.push_back(name);
    else if (found->second != input_key(a, i))
      m.different_type.push_back(name);
    else
      m.common.push_back(name);
  }
  for (const auto& [name, key] : keys) {
    if (!in_a.count(name)) m.new_only.push_back(name);
  }
  return m;
}

namespace {

DiffVerdict run(const DiffSide& o, const DiffSide& n, Question q, const DiffOptions& options) {
  DiffVerdict verdict;
  z3::context ctx;
  std::map<std::string, Sym> shared;
  Options po;
  po.timeout_ms = options.timeout_ms;
  po.list_bound = options.list_bound;
  po.as_of = o.as_of;
  Encoder old_enc(ctx, *o.program, o.scheme, po);
  po.as_of = n.as_of;
  Encoder new_enc(ctx, *n.program, n.scheme, po);
  old_enc.prefix = "old:";
  new_enc.prefix = "new:";
  old_enc.shared = new_enc.shared = &shared;
  new_enc.texts = old_enc.texts;  // one number per text in both versions
  bool in_new = false;
  try {
    const Sym oe = old_enc.expr(*o.eligible), oa = old_enc.expr(*o.amount);
    in_new = true;
    const Sym ne = new_enc.expr(*n.eligible), na = new_enc.expr(*n.amount);
    // Both versions evaluate the application without error.
    z3::expr goal = oe.ok && oa.ok && ne.ok && na.ok;
    switch (q) {
      case Question::BecomesEligible:
        goal = goal && !oe.v && ne.v;
        break;
      case Question::LosesEligibility:
        goal = goal && oe.v && !ne.v;
        break;
      case Question::AmountRises:
        goal = goal && na.v > oa.v;
        break;
      case Question::AmountFalls:
        goal = goal && na.v < oa.v;
        break;
    }
    const bool falls = q == Question::LosesEligibility || q == Question::AmountFalls;
    Search search{
        ctx, falls ? oa.v - na.v : na.v - oa.v, options.timeout_ms, options.maximise, {}, {}, {},
        goal};
    for (const auto& b : old_enc.background) search.background.push_back(b);
    for (const auto& b : new_enc.background) search.background.push_back(b);
    // An input one version may leave out (a default) and the other needs is given.
    std::map<std::string, std::pair<const InputVar*, const InputVar*>> read;
    for (const auto& [i, var] : old_enc.inputs) read[input_key(*o.program, i)].first = &var;
    for (const auto& [i, var] : new_enc.inputs) read[input_key(*n.program, i)].second = &var;
    for (const auto& [key, vars] : read) {
      const auto [a, b] = vars;
      if (a && b && a->given && !b->given) search.background.push_back(*a->given);
      if (a && b && b->given && !a->given) search.background.push_back(*b->given);
    }
    for (const auto* enc : {&old_enc, &new_enc})
      search.modest.insert(search.modest.end(), enc->modest.begin(), enc->modest.end());
    for (const auto& hint : options.hints)
      search.hints.push_back(pinned(old_enc, hint.old_app) && pinned(new_enc, hint.new_app));
    const Found found = search.run();
    verdict.kind = found.kind;
    verdict.largest = found.largest;
    if (found.kind == Kind::Proved && (old_enc.list_bounded || new_enc.list_bounded))
      verdict.list_bound = options.list_bound;
    if (found.kind == Kind::Unknown) {
      const bool nonlinear = old_enc.nonlinear || new_enc.nonlinear;
      verdict.reason = nonlinear       ? Reason::NonLinear
                       : found.timeout ? Reason::Timeout
                                       : Reason::Solver;
      verdict.detail = unknown_detail(found.detail, options.timeout_ms);
      if (nonlinear) verdict.detail += " (it multiplies or divides unknowns)";
    }
    if (found.kind != Kind::Counterexample) return verdict;
    const z3::model& model = *found.model;
    std::vector<Shown> new_values;
    auto old_members = situation_members(old_enc, model, verdict.values);
    auto new_members = situation_members(new_enc, model, new_values);
    verdict.old_situation = situation_json(old_members);
    verdict.new_situation = situation_json(new_members);
    for (const auto& m : new_members) {
      const auto same = std::find_if(old_members.begin(), old_members.end(),
                                     [&](const auto& x) { return x.first == m.first; });
      if (same == old_members.end())
        old_members.push_back(m);
      else if (same->second != m.second)
        verdict.situations_differ = true;  // one name, two types: two values
    }
    for (const auto& v : new_values) {
      const bool seen = std::any_of(verdict.values.begin(), verdict.values.end(),
                                    [&](const Shown& x) { return x.name == v.name; });
      if (!seen) verdict.values.push_back(v);
    }
    verdict.situation = situation_json(old_members);
    verdict.old_eligible = model.eval(oe.v, true).is_true();
    verdict.new_eligible = model.eval(ne.v, true).is_true();
    int64_t cents = 0;
    if (model.eval(oa.v, true).is_numeral_i64(cents)) verdict.old_amount = cents;
    if (model.eval(na.v, true).is_numeral_i64(cents)) verdict.new_amount = cents;
  } catch (const Unsupported& u) {
    verdict = DiffVerdict{};
    verdict.kind = Kind::Unknown;
    verdict.reason = Reason::Construct;
    verdict.detail = u.what;
    verdict.span = u.span;
    verdict.new_side = in_new;
  }
  return verdict;
}

}  // namespace

DiffVerdict diff(const DiffSide& old_side, const DiffSide& new_side, Question q,
                 const DiffOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  DiffVerdict verdict;
  try {
    verdict = run(old_side, new_side, q, options);
  } catch (const z3::exception& e) {
    verdict = DiffVerdict{};
    verdict.reason = Reason::Solver;
    verdict.detail = e.msg();
  } catch (const std::exception& e) {
    verdict = DiffVerdict{};
    verdict.reason = Reason::Solver;
    verdict.detail = e.what();
  }
  verdict.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return verdict;
}

}  // namespace bareme::prove
