// The benchmark's ceiling: two schemes written by hand in C++ over the same columns, with the
// same checked arithmetic and branch-free selects.
#pragma once

#include <cstdint>
#include <string>

#include "engine/batch.hpp"

namespace bareme::bench {

// Runs the hand-written version of `scheme` (flexitanie_brief or h2_size) over rows
// [0, rows); false when there is none for it.
bool run_handwritten(const std::string& scheme, const ir::Program& program, const runtime::BatchInput& in,
                     engine::Outputs& out, int64_t rows);

}  // namespace bareme::bench
