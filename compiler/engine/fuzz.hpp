// The differential tester: random applications that probe every boundary of a scheme, evaluated
// by the interpreter and the JIT, compared row by row.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/batch.hpp"

namespace bareme::engine {

// Random applications for `program`: each input takes, with some probability, a constant the
// program compares it with (and its neighbours), an extreme of its type, a random value, or
// is left unset, so that every comparison, table bound and runtime error is reached.
// With `plausible`, inputs are always set and never take the extremes of their type: data for
// benchmarks and simulations rather than for hunting errors.
std::vector<interp::Application> random_applications(const ir::Program& program, size_t count, uint64_t seed,
                                                     bool plausible = false);

struct Mismatch {
  size_t row;
  RowResult interpreter, jit;
};
struct DiffReport {
  size_t rows = 0;
  size_t errors = 0;  // rows that ended in a runtime error (the same on both sides)
  std::vector<Mismatch> mismatches;  // the first few
  size_t mismatch_count = 0;
};
DiffReport differential(const ir::Program& program, ir::Index scheme, runtime::BatchFunction fn,
                        const std::vector<interp::Application>& apps);
// The same for level `level` alone, whose function comes from jit::compile_catalogue.
DiffReport differential_level(const ir::Program& program, ir::Index level, runtime::BatchFunction fn,
                              const std::vector<interp::Application>& apps);

// jit::compile_all's one function against the interpreter on every scheme, then every level
// (fuzz_all.cpp), run over two row ranges; one report per target. Where the interpreter refuses
// a scheme by its first condition, only that condition is compared among the failed ones
// (the one function skips the others: jit::CompiledAll).
std::vector<DiffReport> differential_all(const ir::Program& program, runtime::CatalogueFunction fn,
                                         const std::vector<interp::Application>& apps);

std::string describe(const ir::Program& program, const RowResult& r);

}  // namespace bareme::engine
