// What an InputOutOfRange row of `score` says: which given inputs lie outside their bounds or
// their `one of` list, with their values, read back from the row.
#pragma once

#include <string>

#include "engine/batch.hpp"
#include "interp/interp.hpp"
#include "ir/ir.hpp"

namespace bareme::scoring {

// "`code_insee` is "99999", which `communes.txt` does not list" for each given input of row
// `row` of `batch` outside its bounds or list, joined by "; "; empty when none is (a computed
// default out of range, say).
std::string out_of_range_inputs(const ir::Program& program, const engine::Batch& batch, size_t row);
// The same for an application read for the interpreter.
std::string out_of_range_inputs(const ir::Program& program, const interp::Application& app);

}  // namespace bareme::scoring
