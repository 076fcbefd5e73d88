// The explanation of an evaluation: which definitions were used, their values and citations.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "source/source_file.hpp"

namespace bareme::interp {

// One definition or decision used by an evaluation. Children are the nodes it read, by index;
// a definition used twice appears once and is referred to again.
struct TraceNode {
  enum class Kind : uint8_t { Condition, Amount, Rule, Param, Input, Table, Function, Cap, Aid, CombineCap, Level, LevelMember };
  Kind kind;
  std::string name;
  std::string value;     // formatted as the language writes it
  std::string citation;
  std::string detail;    // e.g. the table row that matched, the period of a parameter
  source::Span span;
  std::vector<size_t> children;
  // For a level's member once its level is decided: whether it counts, applies but another
  // member counts instead, does not apply, or was replaced (never evaluated). `None` for
  // other nodes, and for a member whose level was stopped by a runtime error.
  enum class Part : uint8_t { None, Counts, Outranked, DoesNotApply, Replaced };
  Part part = Part::None;
};

// The value of a node that reached `not applicable`; its detail says which definition.
inline constexpr const char* kNotApplicable = "not applicable";
// What a trace node shows when a missing input left it undecided.
inline constexpr const char* kMissing = "cannot decide";

struct Trace {
  std::vector<TraceNode> nodes;
  std::vector<size_t> roots;  // conditions, then the amount, then combines
};

}  // namespace bareme::interp
