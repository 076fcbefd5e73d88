// The kinds of value the expression generator writes, its random source, and their literals.
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace bareme::engine::gen {

enum class Kind { Int, Decimal, Money, Rate, Qty, Bool };

// The name the language gives a kind (for `let NAME : Type`); the quantity is the unit `kW`.
const char* type_name(Kind k);

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  // A number in [0, n).
  int64_t pick(int64_t n) {
    return n <= 1 ? 0 : static_cast<int64_t>(engine_() % static_cast<uint64_t>(n));
  }
  bool chance(int one_in) { return pick(one_in) == 0; }
  template <class T, size_t N>
  const T& one_of(const T (&items)[N]) {
    return items[pick(N)];
  }

 private:
  std::mt19937_64 engine_;
};

// A non-negative literal of kind `k` (not Bool): one unit of the type, a value that makes
// half-cent ties, an ordinary one, a large one or one near the 64-bit limit, written in every
// form the lexer takes (grouped thousands, `k€` and `M€`).
std::string literal(Kind k, Rng& rng);
// A positive literal fit for a rounding step of kind `k`.
std::string step_literal(Kind k, Rng& rng);

}  // namespace bareme::engine::gen
