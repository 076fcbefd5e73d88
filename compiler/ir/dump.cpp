// IR program dump: declarations in a fixed order, each with its type, citation and body.
#include "ir/dump.hpp"

#include <fmt/format.h>

namespace bareme::ir {
namespace {

std::string cite(const std::string& c) { return c.empty() ? "" : fmt::format(" § \"{}\"", c); }
std::string date_or_dash(const std::optional<runtime::Days>& d) { return d ? runtime::format_date(*d) : "-"; }

}  // namespace

std::string dump(const Program& p) {
  std::string out;
  auto e = [&](const ExprPtr& x) { return x ? dump_expr(p, *x) : std::string("<none>"); };
  for (const auto& m : p.modules) {
    out += fmt::format("module {} {} \"{}\"\n", m.is_scheme ? "scheme" : "library", m.name, m.path);
  }
  for (const auto& u : p.units) out += fmt::format("unit {}\n", u.name);
  for (const auto& en : p.enums) {
    std::string cases;
    for (const auto& c : en.cases) {
      cases += (cases.empty() ? "" : ", ") + c.name;
      if (c.open) cases += " = any";
      if (!c.code.empty()) cases += fmt::format(" = \"{}\"", c.code);
    }
    out += fmt::format("enum {} {{ {} }}\n", en.name, cases);
  }
  for (const auto& r : p.records) {
    std::string fields;
    for (const auto& f : r.fields) fields += (fields.empty() ? "" : ", ") + f.name + ": " + type_name(p, f.type);
    out += fmt::format("record {} {{ {} }}\n", r.name, fields);
  }
  for (const auto& i : p.inputs) {
    auto bound = [&](const char* words, const std::optional<int64_t>& b) {
      return b ? fmt::format(" {} {}", words, format_literal(p, i.type, Literal{*b, {}, {}})) : std::string();
    };
    out += fmt::format("input {} : {}{}{}{}{}{}\n", i.name, type_name(p, i.type),
                       i.default_value ? " = " + e(i.default_value) : "",
                       i.definition ? " unless given" + cite(i.citation) : "", bound("at least", i.at_least),
                       bound("at most", i.at_most),
                       i.values ? fmt::format(" one of \"{}\" ({} values, hash {:016x})", i.values_file,
                                              i.values->size(), i.values_hash)
                                : "");
  }
  for (const auto& prm : p.params) {
    out += fmt::format("param {} : {}\n", prm.name, type_name(p, prm.type));
    for (const auto& per : prm.periods) {
      const std::string when = !per.from && !per.until ? "always"
                               : fmt::format("from {} until {}", date_or_dash(per.from), date_or_dash(per.until));
      out += fmt::format("  {} = {}{}\n", when, e(per.value), cite(per.citation));
    }
  }
  for (const auto& f : p.functions) {
    std::string params;
    for (size_t i = 0; i < f.params.size(); ++i) {
      params += fmt::format("{}{}: {} @{}", i ? ", " : "", f.params[i].name, type_name(p, f.params[i].type), i);
    }
    out += fmt::format("function {}({}) : {}{}\n  = {}\n", f.name, params, type_name(p, f.result),
                       cite(f.citation), e(f.body));
  }
  for (const auto& t : p.tables) {
    static constexpr const char* kHit[] = {"unique", "first", "collect sum", "collect min", "collect max"};
    std::string params;
    for (const auto& f : t.params) params += (params.empty() ? "" : ", ") + f.name + ": " + type_name(p, f.type);
    out += fmt::format("table {}({}) -> {} {}{}{}\n", t.name, params, type_name(p, t.result),
                       kHit[static_cast<int>(t.hit)], t.proven_complete ? " proven" : "", cite(t.citation));
    for (const auto& row : t.rows) {
      std::string cells;
      for (const auto& c : row.cells) {
        std::string text;
        switch (c.kind) {
          case TableCell::Kind::Any: text = "any"; break;
          case TableCell::Kind::Range:
            text = fmt::format("{}{}, {}{}", c.lower && c.lower->inclusive ? "[" : "(",
                               c.lower ? e(c.lower->value) : "-inf", c.upper ? e(c.upper->value) : "+inf",
                               c.upper && c.upper->inclusive ? "]" : ")");
            break;
          case TableCell::Kind::OneOf:
            for (const auto& v : c.values) text += (text.empty() ? "" : " ") + e(v);
            text = "{" + text + "}";
            break;
        }
        cells += " | " + text;
      }
      out += fmt::format(" {} | -> {}\n", cells, e(row.output));
    }
  }
  for (Index r : p.rule_order) {
    const auto& rule = p.rules[r];
    out += fmt::format("rule {} : {}{}\n  = {}\n", rule.name, type_name(p, rule.type), cite(rule.citation), e(rule.value));
  }
  for (const auto& s : p.schemes) {
    out += fmt::format("scheme {} \"{}\"\n", s.name, s.title);
    if (!s.source_document.empty()) out += fmt::format("  source \"{}\"\n", s.source_document);
    if (!s.authority.empty()) out += fmt::format("  authority \"{}\"\n", s.authority);
    if (s.rounding != RoundMode::HalfAway) {
      static constexpr const char* kModes[] = {"half_away", "half_even", "up", "down"};
      out += fmt::format("  rounding {}\n", kModes[static_cast<int>(s.rounding)]);
    }
    if (s.valid_from || s.valid_until) {
      out += fmt::format("  valid from {} until {}\n", date_or_dash(s.valid_from), date_or_dash(s.valid_until));
    }
    if (s.as_of_input) out += fmt::format("  as of {}\n", p.inputs[*s.as_of_input].name);
    for (size_t i = 0; i < s.conditions.size(); ++i) {
      const auto& c = s.conditions[i];
      out += fmt::format("  condition {} \"{}\"{}{}\n    = {}\n", i, c.name, cite(c.citation),
                         c.message.empty() ? "" : fmt::format(" else \"{}\"", c.message), e(c.test));
    }
    out += fmt::format("  amount{}\n    = {}\n", cite(s.amount_citation), e(s.amount));
    for (const auto& o : s.outputs) out += fmt::format("  output {} = {}\n", o.name, e(o.value));
  }
  for (const auto& c : p.combines) {
    out += fmt::format("combine {} \"{}\"{}\n", c.name, c.title, cite(c.citation));
    for (const auto& a : c.aids) out += fmt::format("  aid {}{} = {}\n", a.name, cite(a.citation), e(a.amount));
    for (const auto& cap : c.caps) {
      std::string targets, absorbers;
      for (auto t : cap.targets) targets += (targets.empty() ? "" : " + ") + c.aids[t].name;
      for (auto a : cap.absorbers) absorbers += (absorbers.empty() ? "" : ", ") + c.aids[a].name;
      out += fmt::format("  cap {} at {} absorbed by [{}]{}{}\n", targets.empty() ? "total" : targets,
                         e(cap.limit), absorbers, cap.when ? " when " + e(cap.when) : "", cite(cap.citation));
    }
  }
  for (const auto& l : p.levels) {
    static constexpr const char* kPolicies[] = {"first", "sum", "best"};
    out += fmt::format("level {} \"{}\" {}{}\n", l.name, l.title, kPolicies[static_cast<int>(l.policy)], cite(l.citation));
    for (const auto& m : l.members) {
      const bool scheme = m.kind == LevelMember::Kind::Scheme;
      out += fmt::format("  member {} {}{}\n", scheme ? "scheme" : "level",
                         scheme ? p.schemes[m.index].name : p.levels[m.index].name,
                         m.priority ? fmt::format(" priority {}", *m.priority) : "");
    }
  }
  for (const auto& a : p.assumptions) out += fmt::format("assume \"{}\"{}\n", a.text, cite(a.citation));
  for (const auto& pr : p.properties) {
    out += fmt::format("property {}{} \"{}\"{}\n", pr.name, pr.scheme ? " of " + p.schemes[*pr.scheme].name : "",
                       pr.sentence, cite(pr.citation));
    for (const auto& g : pr.preconditions) out += fmt::format("  given {}\n", e(g));
    out += fmt::format("  holds {}\n", e(pr.test));
  }
  for (const auto& t : p.tests) {
    out += fmt::format("test \"{}\"{}\n", t.name, t.scheme ? " of " + p.schemes[*t.scheme].name : "");
    for (const auto& g : t.given) out += fmt::format("  given {} = {}\n", p.inputs[g.input].name, e(g.value));
    if (t.as_of) out += fmt::format("  as of {}\n", e(t.as_of));
    for (const auto& x : t.expects) out += fmt::format("  expect {}\n", e(x));
  }
  return out;
}

}  // namespace bareme::ir
