// Candidate names for "did you mean" suggestions in the checker's diagnostics.
#include <fmt/format.h>

#include "diag/suggest.hpp"
#include "sema/checker.hpp"

namespace bareme::sema {

std::vector<std::string> Checker::value_names() const {
  std::vector<std::string> names;
  for (const auto& [name, sym] : symbols_) {
    if (sym.kind == SymbolKind::Input || sym.kind == SymbolKind::Param || sym.kind == SymbolKind::Rule) names.push_back(name);
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
