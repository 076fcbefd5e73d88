// The items that test coverage counts: conditions, branches, table rows and caps of a program.
#pragma once

#include <string>
#include <vector>

#include "ir/ir.hpp"

namespace bareme::ir {

// What an item is; each has two ways that the tests should both exercise.
enum class CoverageKind : uint8_t {
  Condition,   // an `eligible when` condition: true / false
  If,          // an `if`: then taken / else taken
  MatchArm,    // one arm of a `match`: taken / another arm taken
  TableRow,    // a row of a decision table: hit / not hit when the table is read
  Cap,         // `capped at`: the limit applies (below the value) / does not
  CombineCap,  // a cap of a `combine`: removes an excess / removes nothing (or its `when` fails)
};

// The four groups that coverage totals: conditions, branches (ifs and match arms), table rows, caps.
enum class CoverageGroup : uint8_t { Conditions, Branches, TableRows, Caps };
inline constexpr size_t kCoverageGroups = 4;
CoverageGroup group_of(CoverageKind kind);
const char* group_name(CoverageGroup group);  // "conditions", "branches", "table rows", "caps"
const char* kind_name(CoverageKind kind);     // "condition", "if", "match arm", "table row", "capped at", "combine cap"
// The name of each way: {"true", "false"}, {"then", "else"}, {"taken", "not taken"},
// {"hit", "not hit"}, {"applied", "not applied"}.
const char* way_name(CoverageKind kind, bool way);

struct CoverageItem {
  CoverageKind kind;
  // The IR node the interpreter names when it records a way: the Condition, If, MatchArm,
  // TableRow, Cap or CapRule. Stable for the program's life (a program is never changed).
  const void* node;
  // The condition's label (its text, on one line, when it has none), the arm's cases
  // (`a | b`), the table's or combine's name; empty for an `if` and `capped at`.
  std::string name;
  size_t number = 0;  // the row of a table, the cap of a combine, from 1; 0 otherwise
  Index module;      // the file that declares it
  Span span;
};

// How messages name an item: "condition `eligible_age`", "if", "match arm `a | b`",
// "table row 3 of `rate`", "capped at", "combine cap 1 of `cumul`".
std::string describe(const CoverageItem& item);

// Every item of `program`, in declaration order within each kind of declaration, including
// those of definitions no test reads (the expressions of `test` blocks are not items).
std::vector<CoverageItem> coverage_items(const Program& program);

}  // namespace bareme::ir
