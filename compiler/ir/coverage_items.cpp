// Enumerates the coverage items of a program by walking every declaration's expressions.
#include "ir/coverage_items.hpp"

#include <fmt/format.h>

#include "ir/walk.hpp"

namespace bareme::ir {

CoverageGroup group_of(CoverageKind kind) {
  switch (kind) {
    case CoverageKind::Condition: return CoverageGroup::Conditions;
    case CoverageKind::If:
    case CoverageKind::MatchArm: return CoverageGroup::Branches;
    case CoverageKind::TableRow: return CoverageGroup::TableRows;
    case CoverageKind::Cap:
    case CoverageKind::CombineCap: break;
  }
  return CoverageGroup::Caps;
}

const char* group_name(CoverageGroup group) {
  static const char* const names[] = {"conditions", "branches", "table rows", "caps"};
  return names[static_cast<size_t>(group)];
}

const char* kind_name(CoverageKind kind) {
  static const char* const names[] = {"condition", "if", "match arm", "table row", "capped at", "combine cap"};
  return names[static_cast<size_t>(kind)];
}

const char* way_name(CoverageKind kind, bool way) {
  switch (kind) {
    case CoverageKind::Condition: return way ? "true" : "false";
    case CoverageKind::If: return way ? "then" : "else";
    case CoverageKind::MatchArm: return way ? "taken" : "not taken";
    case CoverageKind::TableRow: return way ? "hit" : "not hit";
    case CoverageKind::Cap:
    case CoverageKind::CombineCap: break;
  }
  return way ? "applied" : "not applied";
}

std::string describe(const CoverageItem& item) {
  switch (item.kind) {
    case CoverageKind::If:
    case CoverageKind::Cap: return kind_name(item.kind);
    case CoverageKind::TableRow:
    case CoverageKind::CombineCap: return fmt::format("{} {} of `{}`", kind_name(item.kind), item.number, item.name);
    case CoverageKind::Condition:
    case CoverageKind::MatchArm: break;
  }
  return fmt::format("{} `{}`", kind_name(item.kind), item.name);
}

namespace {

// `text` on one line: each run of white space becomes one space.
std::string one_line(const std::string& text) {
  std::string out;
  for (char ch : text) {
    const bool space = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
    if (!space) {
      out += ch;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

class Collector {
 public:
  Collector(const Program& program, std::vector<CoverageItem>& out) : program_(program), out_(out) {}

  void expr(const ExprPtr& e, Index module) {
    if (e) expr(*e, module);
  }
  void expr(const Expr& e, Index module) {
    if (const auto* n = std::get_if<If>(&e.node)) {
      add(CoverageKind::If, n, "", module, e.span);
    } else if (const auto* m = std::get_if<Match>(&e.node)) {
      for (const auto& arm : m->arms) {
        add(CoverageKind::MatchArm, &arm, arm_name(*m, arm), module, arm.value ? arm.value->span : e.span);
      }
    } else if (const auto* c = std::get_if<Cap>(&e.node)) {
      add(CoverageKind::Cap, c, "", module, e.span);
    }
    for_each_child(e, [&](const Expr& child) { expr(child, module); });
  }
  void add(CoverageKind kind, const void* node, std::string name, Index module, Span span, size_t number = 0) {
    out_.push_back(CoverageItem{kind, node, std::move(name), number, module, span});
  }

 private:
  std::string arm_name(const Match& m, const MatchArm& arm) const {
    std::string cases;
    const Type t = m.scrutinee ? m.scrutinee->type : Type{};
    for (Index k : arm.cases) {
      if (!cases.empty()) cases += " | ";
      if (t.kind == TypeKind::Enum && t.ref < program_.enums.size() && k < program_.enums[t.ref].cases.size()) {
        cases += program_.enums[t.ref].cases[k].name;
      } else {
        cases += std::to_string(k);
      }
    }
    return cases;
  }

  const Program& program_;
  std::vector<CoverageItem>& out_;
};

}  // namespace

std::vector<CoverageItem> coverage_items(const Program& program) {
  std::vector<CoverageItem> out;
  Collector c(program, out);
  for (const auto& in : program.inputs) c.expr(in.default_value, in.module);
  for (const auto& p : program.params) {
    for (const auto& period : p.periods) c.expr(period.value, p.module);
  }
  for (const auto& r : program.rules) c.expr(r.value, r.module);
  for (const auto& f : program.functions) c.expr(f.body, f.module);
  for (const auto& t : program.tables) {
    for (size_t r = 0; r < t.rows.size(); ++r) {
      const auto& row = t.rows[r];
      c.add(CoverageKind::TableRow, &row, t.name, t.module, row.span, r + 1);
      for (const auto& cell : row.cells) {
        if (cell.lower) c.expr(cell.lower->value, t.module);
        if (cell.upper) c.expr(cell.upper->value, t.module);
        for (const auto& v : cell.values) c.expr(v, t.module);
      }
      c.expr(row.output, t.module);
    }
  }
  for (const auto& s : program.schemes) {
    for (const auto& cond : s.conditions) {
      c.add(CoverageKind::Condition, &cond, one_line(cond.name), s.module, cond.span);
      c.expr(cond.test, s.module);
    }
    c.expr(s.amount, s.module);
  }
  for (const auto& comb : program.combines) {
    for (const auto& aid : comb.aids) c.expr(aid.amount, comb.module);
    for (size_t k = 0; k < comb.caps.size(); ++k) {
      const auto& rule = comb.caps[k];
      c.add(CoverageKind::CombineCap, &rule, comb.name, comb.module, rule.span, k + 1);
      c.expr(rule.when, comb.module);
      c.expr(rule.limit, comb.module);
    }
  }
  return out;
}

}  // namespace bareme::ir
