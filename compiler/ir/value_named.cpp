// Finding an input, parameter or `let` value by name after checking (`eval --show`).
#include <fmt/format.h>

#include "ir/ir.hpp"

namespace bareme::ir {

std::variant<ExprPtr, std::string> value_named(const Program& p, Index from, std::string_view name) {
  std::string_view module_name, local = name;
  if (const size_t dot = name.rfind('.'); dot != std::string_view::npos) {
    module_name = name.substr(0, dot);
    local = name.substr(dot + 1);
  }
  enum class Kind { Input, Param, Rule };
  struct Found {
    Index module;
    Type type;
    Kind kind;
    Index index;
    Span span;
  };
  std::vector<Found> found;
  auto consider = [&](const auto& definitions, Kind kind) {
    for (Index i = 0; i < definitions.size(); ++i) {
      const auto& d = definitions[i];
      // A name several files declare is stored qualified (`paris.per`, docs/compiler/ir.md).
      const std::string qualified = p.modules[d.module].name + "." + std::string(local);
      if (d.name != local && d.name != qualified) continue;
      if (!module_name.empty() && p.modules[d.module].name != module_name) continue;
      found.push_back(Found{d.module, d.type, kind, i, d.span});
    }
  };
  consider(p.inputs, Kind::Input);
  consider(p.params, Kind::Param);
  consider(p.rules, Kind::Rule);
  const Found* chosen = nullptr;
  for (const auto& f : found) {
    if (f.module == from) chosen = &f;
  }
  if (chosen == nullptr && found.size() == 1) chosen = &found[0];
  if (chosen == nullptr) {
    if (found.empty()) {
      for (const auto& fn : p.functions) {
        if (fn.name == local) return fmt::format("`{}` is a function: give its arguments in a `let`", name);
      }
      return fmt::format("no input, parameter or `let` value is called `{}`", name);
    }
    std::string where;
    for (const auto& f : found) where += (where.empty() ? "" : ", ") + fmt::format("`{}.{}`", p.modules[f.module].name, local);
    return fmt::format("`{}` names several definitions: {}", name, where);
  }
  auto e = std::make_unique<Expr>();
  e->type = chosen->type;
  e->span = chosen->span;  // where a runtime error reading it is located
  switch (chosen->kind) {
    case Kind::Input: e->node = InputRef{chosen->index}; break;
    case Kind::Param: e->node = ParamRef{chosen->index}; break;
    case Kind::Rule: e->node = RuleRef{chosen->index}; break;
  }
  return e;
}

}  // namespace bareme::ir
