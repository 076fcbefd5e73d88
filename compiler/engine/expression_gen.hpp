// Random well-typed schemes mixing the arithmetic of Int, Decimal, Money, Rate and a quantity,
// for `bareme fuzz-diff --expressions`: the interpreter and the JIT compared on generated code.
#pragma once

#include <cstdint>
#include <string>

namespace bareme::engine {

struct ExpressionOptions {
  int depth = 4;  // the deepest nesting of operators in one expression (1 to 8)
};

// The source of a scheme `generated`: inputs of type Int, Decimal, Money, Rate and `kW`, `let`
// definitions each reading the inputs and the definitions before it, sometimes a condition,
// and an `amount`. Expressions mix + - * / in every combination the type rules allow, unary
// minus, round (each mode), min, max, abs, decimal(), `capped at` and `if`, with literals from
// one unit (0.01 €, 0.0001 %) to the limits of their type. The same seed and options give the
// same text, and the checker accepts every text: a rejected one is a bug of the generator.
std::string generate_scheme(uint64_t seed, const ExpressionOptions& options = {});

}  // namespace bareme::engine
