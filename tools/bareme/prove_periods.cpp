// The periods of the dated parameters a property reads, for `bareme prove --all-periods`.
#include "prove_periods.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "ir/walk.hpp"

namespace bareme::tools {
namespace {

// Every parameter an expression reads, following what it names into their definitions.
struct Reads {
  const ir::Program& p;
  std::set<ir::Index> params, rules, functions, tables, combines, schemes, levels, inputs;

  void scheme(ir::Index s) {
    if (!schemes.insert(s).second) return;
    for (const auto& c : p.schemes[s].conditions) expr(*c.test);
    if (p.schemes[s].amount) expr(*p.schemes[s].amount);
  }
  void level(ir::Index l) {
    if (!levels.insert(l).second) return;
    for (const auto& m : p.levels[l].members)
      m.kind == ir::LevelMember::Kind::Scheme ? scheme(m.index) : level(m.index);
  }
  void expr(const ir::Expr& e) {
    if (const auto* in = std::get_if<ir::InputRef>(&e.node)) {
      const auto& input = p.inputs[in->input];
      if (input.default_value && inputs.insert(in->input).second) expr(*input.default_value);
    } else if (const auto* pr = std::get_if<ir::ParamRef>(&e.node)) {
      if (params.insert(pr->param).second)
        for (const auto& period : p.params[pr->param].periods) expr(*period.value);
    } else if (const auto* r = std::get_if<ir::RuleRef>(&e.node)) {
      if (rules.insert(r->rule).second) expr(*p.rules[r->rule].value);
    } else if (const auto* s = std::get_if<ir::SchemeRef>(&e.node)) {
      scheme(s->scheme);
    } else if (const auto* l = std::get_if<ir::LevelRef>(&e.node)) {
      level(l->level);
    } else if (const auto* a = std::get_if<ir::AidRef>(&e.node)) {
      if (!combines.insert(a->combine).second) return;
      for (const auto& aid : p.combines[a->combine].aids) expr(*aid.amount);
      for (const auto& cap : p.combines[a->combine].caps) {
        if (cap.limit) expr(*cap.limit);
        if (cap.when) expr(*cap.when);
      }
    } else if (const auto* f = std::get_if<ir::FunctionCall>(&e.node)) {
      if (functions.insert(f->function).second) expr(*p.functions[f->function].body);
    } else if (const auto* t = std::get_if<ir::TableCall>(&e.node)) {
      if (tables.insert(t->table).second) {
        for (const auto& row : p.tables[t->table].rows) {
          for (const auto& cell : row.cells) {
            if (cell.lower) expr(*cell.lower->value);
            if (cell.upper) expr(*cell.upper->value);
            for (const auto& v : cell.values) expr(*v);
          }
          if (row.output) expr(*row.output);
        }
      }
    }
    ir::for_each_child(e, [&](const ir::Expr& child) { expr(child); });
  }
};

bool dated(const ir::Param& param) {
  return std::any_of(param.periods.begin(), param.periods.end(),
                     [](const ir::Period& x) { return x.from || x.until; });
}

bool in_force(const ir::Param& param, runtime::Days day) {
  return std::any_of(param.periods.begin(), param.periods.end(), [day](const ir::Period& x) {
    return (!x.from || *x.from <= day) && (!x.until || day <= *x.until);
  });
}

}  // namespace

namespace {
const runtime::Days kFirstDay = *runtime::days_from_civil({1, 1, 1});
const runtime::Days kLastDay = *runtime::days_from_civil({9999, 12, 31});
}  // namespace

std::vector<ProvePeriod> prove_periods(const ir::Program& program,
                                       std::span<const ir::Expr* const> exprs) {
  Reads reads{program, {}, {}, {}, {}, {}, {}, {}, {}};
  for (const ir::Expr* e : exprs) reads.expr(*e);
  std::vector<const ir::Param*> params;
  std::set<runtime::Days> starts;  // where some value changes
  for (const ir::Index i : reads.params) {
    const auto& param = program.params[i];
    if (!dated(param)) continue;
    params.push_back(&param);
    for (const auto& x : param.periods) {
      // A stretch starts where a value changes, within the calendar (years 1 to 9999).
      if (x.from && *x.from > kFirstDay) starts.insert(*x.from);
      if (x.until && *x.until < kLastDay) starts.insert(*x.until + 1);
    }
  }
  std::vector<ProvePeriod> out;
  if (starts.empty()) return out;
  std::vector<std::string> names;
  for (const auto* param : params) names.push_back(param->name);
  std::vector<runtime::Days> days(starts.begin(), starts.end());
  auto add = [&](runtime::Days as_of, std::string label) {
    ProvePeriod period{as_of, std::move(label), names, {}};
    for (const auto* param : params)
      if (!in_force(*param, as_of)) period.no_value.push_back(param->name);
    out.push_back(std::move(period));
  };
  if (days.front() > kFirstDay)
    add(days.front() - 1, "until " + runtime::format_date(days.front() - 1));
  for (size_t k = 0; k < days.size(); ++k) {
    add(days[k], k + 1 < days.size() ? fmt::format("from {} to {}", runtime::format_date(days[k]),
                                                   runtime::format_date(days[k + 1] - 1))
                                     : "from " + runtime::format_date(days[k]));
  }
  return out;
}

}  // namespace bareme::tools
