// How an application names an enum case: by case name, by code or by label, one hash lookup.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace bareme::ir {

struct EnumDecl;

// Hashes std::string and std::string_view alike, so that a cell is looked up without a copy.
struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
// Each spelling of a case: its index, or kAmbiguousLabel for a label that two cases share.
using EnumSpellings = std::unordered_map<std::string, int64_t, TextHash, std::equal_to<>>;
inline constexpr int64_t kAmbiguousLabel = -1;

// Fills `en.spellings` and `en.open_case` from its cases. Precedence: a case name, then a code,
// then a label; a label shared by two cases names neither (unless it is a name or a code).
void index_spellings(EnumDecl& en);

struct CaseLookup {
  enum class Kind : uint8_t { Found, Ambiguous, Unknown } kind;
  int64_t index = 0;  // Found: the case (the open `= any` case for a value naming no case)
};
// The case an application's text names; Unknown only when the enum has no open case.
CaseLookup find_case(const EnumDecl& en, std::string_view text);

// True when some case carries a code.
bool has_codes(const EnumDecl& en);

}  // namespace bareme::ir
