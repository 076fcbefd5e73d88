// How one value of a declared output is held in two 64-bit words, by both engines.
#pragma once

#include <cstdint>

#include "runtime/value.hpp"

namespace bareme::runtime {

// The shape of an output's words, fixed by its static type and exactness.
enum class OutputLayout : uint8_t {
  Scalar,    // word 0: the scalar at rest (a Text: its interned id); word 1: 0
  Wide,      // an exact intermediate: the low and high 64 bits of the 128-bit value
  Duration,  // months and days
};

// The words of `v` laid out as `layout`; `digits`: the decimal places of the type at rest, to
// widen a value at rest for a Wide layout.
void output_words(OutputLayout layout, const Value& v, int digits, int64_t out[2]);
// The value the words hold; `text` tells a Text output (its id is looked up).
Value output_value(OutputLayout layout, bool text, const int64_t words[2]);

}  // namespace bareme::runtime
