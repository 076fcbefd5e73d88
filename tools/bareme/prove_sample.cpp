// Sampling the properties of `bareme prove --sample N` with both engines (prove_sample.hpp).
#include "prove_sample.hpp"

#include <fmt/format.h>

#include <sstream>

#include "engine/evaluator.hpp"
#include "engine/fuzz.hpp"
#include "jit/jit.hpp"
#include "scoring/simulate.hpp"

namespace bareme::tools {
namespace {

// Makes each precondition of each target an output of the scheme, as the test already is;
// the property keeps a stand-in of the same type and place. Returns the outputs per target.
std::vector<std::vector<size_t>> precondition_outputs(ir::Program& program, ir::Index scheme,
                                                      const std::vector<ProveTarget>& targets) {
  auto& s = program.schemes[scheme];
  std::vector<std::vector<size_t>> out(targets.size());
  for (size_t t = 0; t < targets.size(); ++t) {
    for (const ir::Expr* pre : targets[t].preconditions) {
      for (auto& p : program.properties) {
        for (auto& owned : p.preconditions) {
          if (owned.get() != pre) continue;
          auto stand_in = std::make_unique<ir::Expr>();
          stand_in->type = pre->type;
          stand_in->span = pre->span;
          stand_in->node = ir::Literal{1, {}, {}};
          out[t].push_back(s.outputs.size());
          s.outputs.push_back(ir::Output{"prove given: " + p.name, std::move(owned), pre->span});
          owned = std::move(stand_in);
        }
      }
    }
  }
  return out;
}

// What one engine says of one target on one row: 0 the row does not count (a precondition
// false or failed, the test failed), 1 the test holds, 2 it is violated.
int outcome(const engine::RowResult& row, size_t test, const std::vector<size_t>& given) {
  for (const size_t g : given) {
    if (row.output_errors[g] != 0 || row.output_words[2 * g] == 0) return 0;
  }
  if (row.output_errors[test] != 0) return 0;
  return row.output_words[2 * test] != 0 ? 1 : 2;
}

}  // namespace

std::vector<SampleResult> sample_targets(ir::Program& program, ir::Index scheme,
                                         const std::vector<ProveTarget>& targets, size_t rows,
                                         uint64_t seed, std::optional<runtime::Days> as_of,
                                         size_t list_bound) {
  const auto given = precondition_outputs(program, scheme, targets);
  auto apps = engine::random_applications(program, rows - rows / 2, seed, false);
  for (auto& a : engine::random_applications(program, rows / 2, seed, true))
    apps.push_back(std::move(a));
  for (auto& a : apps) a.as_of = as_of;
  // Rows with a list longer than the bound are beyond what a proof says.
  std::vector<bool> beyond(apps.size(), false);
  for (size_t row = 0; row < apps.size(); ++row) {
    for (size_t i = 0; i < program.inputs.size(); ++i) {
      const auto& v = apps[row].inputs[i];
      if (program.inputs[i].type.is(ir::TypeKind::List) && v && v->items &&
          v->items->size() > list_bound)
        beyond[row] = true;
    }
  }
  const auto interpreted = engine::interpret_all(program, scheme, apps, {});
  std::vector<engine::RowResult> compiled;
  const auto fn = jit::compile(program, scheme);
  if (const auto* ok = std::get_if<0>(&fn)) {
    engine::Batch batch(program);
    batch.reserve(apps.size());
    for (const auto& a : apps) batch.append(a);
    batch.set_as_of(as_of);
    compiled = engine::run_compiled((*ok)->function, engine::output_shape(program, scheme), batch);
  }
  std::vector<SampleResult> results(targets.size());
  for (size_t t = 0; t < targets.size(); ++t) {
    SampleResult& r = results[t];
    r.rows = apps.size();
    r.jit = !compiled.empty();
    for (size_t row = 0; row < apps.size(); ++row) {
      if (r.jit && !(interpreted[row] == compiled[row])) ++r.disagreements;
      if (beyond[row]) continue;
      const int interp = outcome(interpreted[row], targets[t].output, given[t]);
      const int jit = r.jit ? outcome(compiled[row], targets[t].output, given[t]) : interp;
      if (interp != 0 && jit != 0) ++r.evaluated;
      if (interp != 2 && jit != 2) continue;
      if (r.violations++ == 0) {
        std::ostringstream line;
        scoring::write_applications(program, {apps[row]}, true, line);
        r.violation = line.str();
        while (!r.violation.empty() && r.violation.back() == '\n') r.violation.pop_back();
      }
    }
  }
  return results;
}

std::string sample_text(const SampleResult& r, uint64_t seed) {
  std::string out = fmt::format(
      "  sampled {} rows (seed {}{}): {} with the preconditions true and the test evaluated, {} "
      "violating it, {} on which the engines differ\n",
      r.rows, seed, r.jit ? "" : ", interpreter only: the JIT refused the scheme", r.evaluated,
      r.violations, r.disagreements);
  if (!r.violation.empty()) out += fmt::format("  first violating row: {}\n", r.violation);
  return out;
}

std::string sample_json(const SampleResult& r, uint64_t seed) {
  return fmt::format(
      "{{\"rows\": {}, \"seed\": {}, \"jit\": {}, \"evaluated\": {}, \"violations\": {}, "
      "\"disagreements\": {}, \"violation\": {}}}",
      r.rows, seed, r.jit, r.evaluated, r.violations, r.disagreements,
      r.violation.empty() ? "null" : r.violation);
}

}  // namespace bareme::tools
