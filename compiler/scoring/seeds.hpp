// Eligible applications found by a greedy search, so that simulated populations reach the
// amount rules even in schemes with many conditions (21 independent ones make a random
// application eligible once in two million draws).
#pragma once

#include <cstdint>
#include <vector>

#include "engine/evaluator.hpp"
#include "interp/interp.hpp"
#include "ir/ir.hpp"

namespace bareme::scoring {

// Up to `wanted` eligible applications: random plausible ones, mutated one input at a time,
// each change kept when it fails no more conditions than before, for at most `rounds` rounds.
// Empty when none is found. The random applications are drawn from `pool` when given (one
// pool for every aid of a catalogue: generating one per aid costs more than the search).
std::vector<interp::Application> eligible_seeds(
    const engine::Evaluator& evaluator, uint64_t seed, size_t wanted = 64,
    const std::vector<interp::Application>* pool = nullptr, size_t rounds = 400);

// Replaces about half of `apps` with an eligible seed in which up to two inputs are taken from
// the application it replaces: applications at and around the edge of eligibility.
void mix_with_seeds(std::vector<interp::Application>& apps,
                    const std::vector<interp::Application>& seeds, uint64_t seed);

}  // namespace bareme::scoring
