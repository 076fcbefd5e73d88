// The spellings of enum cases that applications may use, built once per enum by sema.
#include "ir/enum_spellings.hpp"

#include "ir/ir.hpp"

namespace bareme::ir {

void index_spellings(EnumDecl& en) {
  en.spellings.clear();
  en.open_case.reset();
  en.coded = false;
  for (size_t c = 0; c < en.cases.size(); ++c) {
    const auto& ec = en.cases[c];
    if (ec.open && !en.open_case) en.open_case = static_cast<Index>(c);
    if (ec.label.empty()) continue;
    auto [it, fresh] = en.spellings.emplace(ec.label, static_cast<int64_t>(c));
    if (!fresh && it->second != static_cast<int64_t>(c)) it->second = kAmbiguousLabel;
  }
  // Codes override labels, names override both.
  for (size_t c = 0; c < en.cases.size(); ++c) {
    if (en.cases[c].code.empty()) continue;
    en.spellings[en.cases[c].code] = static_cast<int64_t>(c);
    en.coded = true;
  }
  for (size_t c = 0; c < en.cases.size(); ++c) en.spellings[en.cases[c].name] = static_cast<int64_t>(c);
}

CaseLookup find_case(const EnumDecl& en, std::string_view text) {
  const auto it = en.spellings.find(text);
  if (it != en.spellings.end()) {
    if (it->second == kAmbiguousLabel) return {CaseLookup::Kind::Ambiguous, 0};
    return {CaseLookup::Kind::Found, it->second};
  }
  if (en.open_case) return {CaseLookup::Kind::Found, static_cast<int64_t>(*en.open_case)};
  return {CaseLookup::Kind::Unknown, 0};
}

bool has_codes(const EnumDecl& en) { return en.coded; }

}  // namespace bareme::ir
