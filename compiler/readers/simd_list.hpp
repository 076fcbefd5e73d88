// A list cell of flat records read with simdjson (On-Demand) straight into field scalars: the
// rows' reader for list cells (flat_list, the same contract, is kept as the tests' reference).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "ir/ir.hpp"

namespace bareme::readers {

// Like flat_list: a JSON array of objects, every field of the list's record given once, each
// value in a form fast_scalar takes, into `values` element by element in field order. Numbers
// are passed on as their raw text (never through a double). False sends the cell to the
// general reader, which words any error. No allocation once the thread's buffers have grown.
bool simd_list(const ir::Program& program, ir::Type list, std::string_view text,
               std::vector<int64_t>& values, size_t& elements);

}  // namespace bareme::readers
