// Candidate names for "did you mean" suggestions in the checker's diagnostics.
#include <fmt/format.h>

#include "diag/suggest.hpp"
#include "sema/checker.hpp"

namespace bareme::sema {

std::vector<std::string> Checker::value_names() const {
  std::vector<std::string> names;
  auto is_value = [](const Symbol& s) {
    return s.kind == SymbolKind::Input || s.kind == SymbolKind::Param || s.kind == SymbolKind::Rule;
  };
  const Scope& scope = scopes_[module_];
  for (const auto* table : {&scope.declared, &scope.imported}) {
    for (const auto& [name, sym] : *table) {
      if (is_value(sym)) names.push_back(name);
    }
  }
  // Qualified names of the other namespaces this file reaches: `ns.name`.
  for (const auto& [ns, m] : scope.namespaces) {
    if (m == module_) continue;
    for (const auto& [name, sym] : scopes_[m].declared) {
      if (is_value(sym)) names.push_back(fmt::format("{}.{}", ns, name));
    }
  }
  for (const auto& [name, cases] : enum_cases_) names.push_back(name);
  return names;
}

bool Checker::suggest(diag::Diagnostic& d, const std::string& wrong, const std::vector<std::string>& candidates) {
  const auto best = diag::closest(wrong, candidates);
  if (!best) return false;
  d.hint(fmt::format("did you mean `{}`?", *best));
  return true;
}

}  // namespace bareme::sema
