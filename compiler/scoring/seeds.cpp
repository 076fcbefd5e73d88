// The greedy search for eligible applications, and the mixing of a population with them.
#include "scoring/seeds.hpp"

#include <random>

#include "engine/evaluator.hpp"
#include "engine/fuzz.hpp"

namespace bareme::scoring {
namespace {

// 0 for an eligible application; otherwise how far it is: failed conditions, plus one.
std::vector<int> distances(const engine::Evaluator& evaluator,
                           const std::vector<interp::Application>& apps) {
  const auto rows = evaluator.run(apps, 1);
  std::vector<int> out;
  for (const auto& r : rows) {
    int failed = 0;
    for (const uint64_t word : r.failed) failed += __builtin_popcountll(word);
    out.push_back(r.error ? 1000 : r.eligible ? 0 : 1 + failed);
  }
  return out;
}

}  // namespace

std::vector<interp::Application> eligible_seeds(const engine::Evaluator& evaluator,
                                                uint64_t seed, size_t wanted,
                                                const std::vector<interp::Application>* given,
                                                size_t rounds) {
  const ir::Program& program = evaluator.program;
  constexpr size_t kWalkers = 128;
  std::vector<interp::Application> found;
  if (program.inputs.empty()) return found;
  std::vector<interp::Application> own;
  if (!given || given->empty())
    own = engine::random_applications(program, kWalkers * 16, seed ^ 0x5EEDull, true);
  const auto& pool = own.empty() ? *given : own;
  std::mt19937_64 rng(seed);
  std::vector<interp::Application> walkers;
  walkers.reserve(kWalkers);
  for (size_t w = 0; w < kWalkers; ++w)
    walkers.push_back(own.empty() ? pool[rng() % pool.size()] : pool[w]);
  auto scores = distances(evaluator, walkers);
  for (size_t round = 0; round < rounds && found.size() < wanted; ++round) {
    auto candidates = walkers;
    for (auto& c : candidates) {
      const size_t input = rng() % program.inputs.size();
      c.inputs[input] = pool[rng() % pool.size()].inputs[input];
    }
    const auto candidate_scores = distances(evaluator, candidates);
    for (size_t w = 0; w < kWalkers; ++w) {
      if (candidate_scores[w] > scores[w]) continue;
      if (candidate_scores[w] == 0 && found.size() < wanted) {
        found.push_back(candidates[w]);
        walkers[w] = pool[rng() % pool.size()];  // start again elsewhere, for variety
        scores[w] = 1000;
        continue;
      }
      walkers[w] = std::move(candidates[w]);
      scores[w] = candidate_scores[w];
    }
  }
  return found;
}

void mix_with_seeds(std::vector<interp::Application>& apps,
                    const std::vector<interp::Application>& seeds, uint64_t seed) {
  if (seeds.empty()) return;
  std::mt19937_64 rng(seed ^ 0x313Bull);
  for (auto& app : apps) {
    if (rng() % 2) continue;
    interp::Application near = seeds[rng() % seeds.size()];
    for (uint64_t k = rng() % 3; k > 0; --k) {
      const size_t input = rng() % near.inputs.size();
      near.inputs[input] = app.inputs[input];
    }
    app = std::move(near);
  }
}

}  // namespace bareme::scoring
