// Every aid (scheme) and every level of a catalogue, ready to evaluate batches of applications
// together for `score --all` and `simulate --all`: each through its function of
// jit::compile_catalogue, or through the interpreter when the JIT refused it. Also the total of
// a row: the sum of the amounts of the top levels (members of no other level).
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "engine/batch.hpp"
#include "ir/ir.hpp"
#include "jit/jit.hpp"
#include "source/source_file.hpp"

namespace bareme::scoring {

// Calls visit(r) for each row r < rows where `o` is eligible or undecided. Most aids of a
// catalogue name no row of a slice: eight rows at a time are skipped when none does.
template <class Visit>
void for_each_named_row(const engine::Outputs& o, size_t rows, Visit&& visit) {
  size_t r = 0;
  for (; r + 8 <= rows; r += 8) {
    uint64_t eligible = 0, error = 0;
    std::memcpy(&eligible, o.eligible.data() + r, 8);
    std::memcpy(&error, o.error.data() + r, 8);
    if ((eligible | error) == 0) continue;
    for (size_t k = r; k < r + 8; ++k)
      if (o.eligible[k] | o.error[k]) visit(k);
  }
  for (; r < rows; ++r)
    if (o.eligible[r] | o.error[r]) visit(r);
}

// One scheme or level; `function` null: the interpreter evaluates it.
struct Target {
  bool level = false;
  ir::Index index = 0;
  runtime::BatchFunction function = nullptr;
  engine::OutputShape shape;
};

// Per good row of a block: the total of the top levels, or why it cannot be decided.
struct RowTotals {
  // No error: 0. A top level that cannot decide: 1 + its index in program.levels. The sum of
  // the top levels outside 64 bits: kTotalOverflow.
  static constexpr uint32_t kTotalOverflow = UINT32_MAX;
  std::vector<int64_t> total;
  std::vector<uint32_t> error;
  std::vector<uint8_t> some_aid;  // some scheme applies
  // The schemes that are eligible or cannot decide, row after row, in scheme order: row r's
  // are named[named_end[r - 1] (0 for row 0) .. named_end[r]).
  std::vector<uint32_t> named, named_end, cursor;
  std::pair<const uint32_t*, const uint32_t*> named_of(size_t r) const {
    return {named.data() + (r ? named_end[r - 1] : 0), named.data() + named_end[r]};
  }
};

class Catalogue {
 public:
  // Compiles every scheme and level when `use_jit`. Without `per_target` (`score --all`, which
  // only runs them all together), first as one function (jit::compile_all) evaluating each
  // once per row; targets then have no function of their own. Otherwise, or when compile_all
  // refuses, one function per target (jit::compile_catalogue); each one the JIT refuses gets a warning on
  // `warnings` (fallback_warning, `doing` the activity: "scoring"), at most 20 then a count.
  Catalogue(const ir::Program& program, bool use_jit,
            std::vector<std::optional<runtime::Value>> param_overrides,
            const source::SourceManager* sources, std::ostream* warnings, std::string_view doing,
            bool per_target = true);

  const ir::Program& program() const { return program_; }
  // The schemes in program order (target s is scheme s), then the levels (target
  // schemes + l is level l).
  const std::vector<Target>& targets() const { return targets_; }
  size_t schemes() const { return program_.schemes.size(); }
  // The levels in the order they are shown: each top level (program order) after the levels
  // among its members (in the level's order), each level once.
  const std::vector<ir::Index>& shown_levels() const { return shown_; }
  bool top(ir::Index level) const { return top_[level]; }
  bool has_levels() const { return !program_.levels.empty(); }
  // True when every target runs on the JIT: the input can be read into columns.
  bool all_compiled() const { return all_compiled_; }
  // A level's name as shown: qualified by its module when two levels share it.
  const std::string& level_name(ir::Index level) const { return level_names_[level]; }

  // Evaluates every target for each row into `out` (one Outputs per target). The compiled
  // targets read `batch` (built from `apps` when null); the interpreter reads `apps`, which
  // must then be given. `threads` share the targets and rows (0: every core).
  void run(engine::Batch* batch, std::vector<interp::Application>* apps,
           std::vector<engine::Outputs>& out, std::optional<runtime::Days> as_of,
           unsigned threads) const;
  // True when one function evaluates every target (jit::compile_all): run_slice applies.
  bool one_function() const { return all_ != nullptr; }
  // Rows [begin, end) of `batch` into `out` as rows 0 to end - begin, on this thread: a slice
  // of a block whose outputs stay in cache while they are totalled, summed and written.
  // Requires one_function().
  void run_slice(engine::Batch& batch, size_t begin, size_t end,
                 std::vector<engine::Outputs>& out, std::optional<runtime::Days> as_of) const;
  // The totals of `rows` rows evaluated by run().
  void totals(const std::vector<engine::Outputs>& out, size_t rows, RowTotals& totals) const;

 private:
  // Sizes `out` for `rows` rows and calls `call` with the outputs' views, when all_ is set.
  void run_compiled_into(
      std::vector<engine::Outputs>& out, size_t rows,
      const std::function<void(const std::vector<runtime::BatchOutput*>&)>& call) const;
  const ir::Program& program_;
  std::vector<std::optional<runtime::Value>> overrides_;
  std::shared_ptr<const jit::CompiledCatalogue> compiled_;  // keeps the functions alive
  std::shared_ptr<const jit::CompiledAll> all_;              // or every target at once
  std::vector<Target> targets_;
  std::vector<ir::Index> shown_;
  std::vector<bool> top_;
  std::vector<std::string> level_names_;
  bool all_compiled_ = true;
};

}  // namespace bareme::scoring
