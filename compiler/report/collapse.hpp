// What the default explanation leaves out of a catalogue: the level members that did not decide the result.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "interp/trace.hpp"

namespace bareme::report {

// In a list of shown uses, the entry that stands for a level's replaced members (one line).
inline constexpr size_t kReplacedMembers = SIZE_MAX;
// The entry that stands for a level's members refused by their first condition, when there are
// more than a few (a catalogue's aids of other places): one line names some and counts the rest.
inline constexpr size_t kElsewhereMembers = SIZE_MAX - 1;

// The rules of the collapse, read off the trace's level members (`TraceNode::Part`). With
// `full`, every node shows every use. Otherwise: a level leaves out its replaced members (one
// summary line in their place), a member that applies without counting shows none of its uses,
// a scheme member that does not apply shows only its first refusal; a member that counts, a
// level member that does not apply and anything outside levels show everything. What a
// one-line member leaves out stays collapsed wherever it is reached again (a level the file
// declares is also a root): shown with its value, without its uses.
class Collapse {
 public:
  Collapse(const interp::Trace& trace, bool full);

  // The uses of node `id` that are shown, in order; `summary` puts one kReplacedMembers entry
  // where a level's replaced members were (text), otherwise they are simply left out (JSON).
  std::vector<size_t> shown_uses(size_t id, bool summary) const;
  // Whether node `id` is a member printed on one line, its uses left out.
  bool one_line(size_t id) const;
  // Whether node `id` is one that a one-line member leaves out: shown, if reached again, without its uses.
  bool hidden(size_t id) const { return !hidden_.empty() && hidden_[id]; }
  // The first refused condition (or not applicable amount) of a scheme member that does not apply.
  std::optional<size_t> first_refusal(size_t member) const;
  // How many of that member's conditions were refused.
  size_t refusals(size_t member) const;
  // "… 2 replaced by `paris`: `paris_basic`, `lyon`": the replaced members of level `id`.
  std::string replaced_line(size_t level) const;
  // "… 148 do not apply, each refused by its first condition: `a` (x == 1), … and 145 more".
  std::string elsewhere_line(size_t level) const;
  // A level's detail without the names of its replaced members, when those have their own line.
  std::string level_detail(size_t level) const;

 private:
  bool scheme_member(const interp::TraceNode& n) const;
  size_t replaced_count(size_t level) const;
  // Whether member `id` does not apply because its first condition failed.
  bool refused_first(size_t id) const;
  size_t elsewhere_count(size_t level) const;
  const interp::Trace& t_;
  bool full_;
  std::vector<bool> hidden_;  // by node; empty with `full`
};

}  // namespace bareme::report
