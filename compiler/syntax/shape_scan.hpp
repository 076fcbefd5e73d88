// A linear pre-scan of a file's text that refuses nesting and operator runs too deep to parse.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace bareme::syntax {

// Brackets, pending `if`s and a run of prefix operators (`-`, `not`) open at once.
inline constexpr size_t kMaxNesting = 256;
// Binary operators (`+`, `and`, `.`, …) between two separators (`,`, `|`, `=`, `:`, `then`, …)
// at one bracket level: longer runs are refused before ANTLR reads them.
inline constexpr size_t kMaxOperatorRun = 2000;

struct ShapeProblem {
  enum class Kind { Nesting, PrefixRun, OperatorRun } kind;
  size_t byte_offset;  // of the token that went past the limit
  size_t byte_length;
};

// Scans `text` once, without recursion, skipping comments and texts. Returns the first place
// where a limit is passed, or nothing. Mismatched brackets are left to the parser.
std::optional<ShapeProblem> scan_shape(std::string_view text);

}  // namespace bareme::syntax
