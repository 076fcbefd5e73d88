// Selecting what `bareme prove` proves: the scheme's declared properties, or named Bool rules.
#include "prove_targets.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace bareme::tools {
namespace {

bool select_rules(ir::Program& program, ir::Index scheme, const std::vector<std::string>& rules,
                  std::vector<ProveTarget>& targets, std::ostream& err) {
  auto& s = program.schemes[scheme];
  for (const auto& name : rules) {
    auto found = ir::value_named(program, s.module, name);
    if (const auto* why = std::get_if<std::string>(&found)) {
      err << fmt::format("bareme prove: no rule `{}` in scheme `{}`: {}\n", name, s.name, *why);
      return false;
    }
    auto& e = std::get<ir::ExprPtr>(found);
    if (!std::holds_alternative<ir::RuleRef>(e->node)) {
      err << fmt::format("bareme prove: `{}` is an input or a parameter, not a `let` rule\n", name);
      return false;
    }
    if (!e->type.is(ir::TypeKind::Bool)) {
      err << fmt::format(
          "bareme prove: rule `{}` is a {}, not a Bool: only a Bool rule states a property\n", name,
          ir::type_name(program, e->type));
      return false;
    }
    targets.push_back({"rule", name, "", "", s.outputs.size(), {}});
    s.outputs.push_back(ir::Output{"prove: " + name, std::move(e), {}});
  }
  return true;
}

}  // namespace

bool select_prove_targets(ir::Program& program, ir::Index scheme,
                          const std::vector<std::string>& rules,
                          const std::vector<std::string>& properties,
                          std::vector<ProveTarget>& targets, std::ostream& err) {
  if (!rules.empty()) return select_rules(program, scheme, rules, targets, err);
  auto& s = program.schemes[scheme];
  std::vector<std::string> declared;
  for (const auto& p : program.properties) {
    if (p.scheme == scheme) declared.push_back(p.name);
  }
  for (const auto& name : properties) {
    if (std::find(declared.begin(), declared.end(), name) == declared.end()) {
      std::string known;
      for (const auto& d : declared) known += (known.empty() ? "" : ", ") + ("`" + d + "`");
      err << fmt::format("bareme prove: scheme `{}` declares no property `{}`{}\n", s.name, name,
                         known.empty() ? "" : " (it declares " + known + ")");
      return false;
    }
  }
  for (auto& p : program.properties) {
    if (p.scheme != scheme || !p.test) continue;
    if (!properties.empty() &&
        std::find(properties.begin(), properties.end(), p.name) == properties.end())
      continue;
    ProveTarget t{"property", p.name, p.sentence, p.citation, s.outputs.size(), {}};
    for (const auto& pre : p.preconditions) t.preconditions.push_back(pre.get());
    targets.push_back(std::move(t));
    // The property keeps a stand-in of its type and place: the program stays whole for what
    // reads every property (ir::dump, the JIT's cache key).
    auto stand_in = std::make_unique<ir::Expr>();
    stand_in->type = p.test->type;
    stand_in->span = p.test->span;
    stand_in->node = ir::Literal{1, {}, {}};
    s.outputs.push_back(ir::Output{"prove: " + p.name, std::move(p.test), p.span});
    p.test = std::move(stand_in);
  }
  return true;
}

}  // namespace bareme::tools
