// A solver model written as the situation JSON `bareme eval --input` reads (private to prove/).
#pragma once

#include "prove/encoder.hpp"

namespace bareme::prove {

// Fills `verdict.situation` and `verdict.values` from `model`, every input the encoding read.
void write_situation(const Encoder& enc, const z3::model& model, Verdict& verdict);

}  // namespace bareme::prove
