// Finding a diff's witness and, with --maximise, a larger change while the solver finds one:
// the bound doubles until none is found, then halves the gap (each step within a fixed solver
// budget).
#include "prove/diff_search.hpp"

#include <algorithm>
#include <chrono>

#include "prove/encoder.hpp"

namespace bareme::prove {

Found Search::run() {
  Found found;
  z3::solver solver(ctx, z3::solver::simple());
  set_budget(solver, timeout_ms, false);
  for (const auto& b : background) solver.add(b);
  solver.add(goal);
  // Another target's witness first, its inputs fixed (a level changes where its changed aid
  // does): deciding it is mostly propagation, bounded by work as the first phase is.
  for (const auto& hint : hints) {
    z3::solver tried(ctx, z3::solver::simple());
    set_budget(tried, timeout_ms, true);
    for (const auto& a : solver.assertions()) tried.add(a);
    tried.add(hint);
    if (tried.check() == z3::sat) {
      found.kind = Kind::Counterexample;
      found.model = tried.get_model();
      if (!maximise) return found;
      break;
    }
  }
  // Ordinary values first (within a fixed share of the budget): sat there is a real witness,
  // easier to read; anything else proves nothing, and the whole question is asked next.
  if (!modest.empty() && !found.model) {
    z3::solver first(ctx, z3::solver::simple());
    set_budget(first, timeout_ms, true);
    for (const auto& a : solver.assertions()) first.add(a);
    for (const auto& m : modest) first.add(m);
    if (first.check() == z3::sat) {
      found.kind = Kind::Counterexample;
      found.model = first.get_model();
      if (!maximise) return found;
    }
  }
  const auto asked = std::chrono::steady_clock::now();
  switch (found.model ? z3::sat : solver.check()) {
    case z3::unsat:
      found.kind = Kind::Proved;
      return found;
    case z3::unknown:
      found.detail = reason_unknown(solver, asked, timeout_ms);
      found.timeout = is_timeout(found.detail);
      return found;
    case z3::sat:
      break;
  }
  found.kind = Kind::Counterexample;
  if (!found.model) found.model = solver.get_model();
  if (!maximise) return found;
  auto value = [&](const z3::model& m) {
    int64_t v = 0;
    return m.eval(change, true).is_numeral_i64(v) ? v : INT64_MAX;
  };
  int64_t best = value(*found.model);
  std::optional<int64_t> above;  // no application changes by this much
  const auto start = std::chrono::steady_clock::now();
  const auto budget = std::chrono::milliseconds(4 * static_cast<int64_t>(timeout_ms));
  // Each step within a fixed amount of the solver's work, so the largest change found does not
  // depend on the machine's load; the wall-clock budget is a safety net for slow machines.
  set_budget(solver, timeout_ms, true);
  for (int step = 0; step < 80 && best < INT64_MAX; ++step) {
    if (above && *above <= best + 1) {
      found.largest = true;
      break;
    }
    if (std::chrono::steady_clock::now() - start > budget) break;
    const int64_t target =
        above ? best + (*above - best) / 2
              : (best > INT64_MAX / 4 ? INT64_MAX / 2 : std::max<int64_t>(2 * best, best + 1));
    solver.push();
    solver.add(change >= ctx.int_val(target));
    const z3::check_result r = solver.check();
    if (r == z3::sat) {
      found.model = solver.get_model();
      best = value(*found.model);
    }
    solver.pop();
    if (r == z3::unsat) above = target;
    if (r == z3::unknown) break;
  }
  return found;
}

}  // namespace bareme::prove
