// Population files for `bareme simulate --population`: a distribution per input (a constant,
// uniform over a range, categorical with weights, or weighted ranges) that replaces the
// generated default for that input.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "interp/interp.hpp"
#include "ir/ir.hpp"

namespace bareme::scoring {

struct Distribution {
  // Categorical: `values` with cumulative `weights`; Ranges: [lo, hi] scalars with cumulative
  // `weights` (a constant is one value, a uniform range one range).
  std::vector<runtime::Value> values;
  std::vector<std::pair<int64_t, int64_t>> ranges;
  std::vector<double> weights;
};

struct Population {
  std::vector<std::optional<Distribution>> inputs;  // per program input; none: the default
};

// Reads `{"inputs": {"name": {"uniform": [lo, hi]} | {"categorical": {"value": weight, ...}} |
// {"ranges": [[lo, hi, weight], ...]} | {"value": v}, ...}}`; an explanation when it cannot.
std::variant<Population, std::string> read_population(const ir::Program& program,
                                                      const std::string& json);

// Draws the inputs the population names, for every application, from a generator seeded with
// `seed`.
void apply_population(const Population& population, std::vector<interp::Application>& apps,
                      uint64_t seed);

}  // namespace bareme::scoring
