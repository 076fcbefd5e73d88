// Confirming a counterexample of `bareme prove` with both engines, and the values that violate the
// property, by the interpreter.
#pragma once

#include <string>
#include <vector>

#include "driver/compile.hpp"
#include "interp/interp.hpp"
#include "ir/ir.hpp"

namespace bareme::tools {

// What each engine computes for the rule on the counterexample: "false", "true" or the error.
struct Confirmation {
  std::string interp, jit;
  bool agree = false;
};

// Evaluates `test` (output `output` of `scheme`) on `app` with the interpreter and the JIT: both
// give false (`errors`: an error), and the interpreter finds the preconditions true.
Confirmation confirm(const ir::Program& program, ir::Index scheme, const ir::Expr& test,
                     const std::vector<const ir::Expr*>& preconditions, size_t output,
                     const interp::Application& app, bool errors);

// The values that make the rule false, by the interpreter: each side of the comparison it ends in
// (through `not A or B`, `A and B` the side that fails): `amount` = 0.00 €.
std::string violating_values(const driver::Compilation& c, const ir::Program& program,
                             ir::Index scheme, const ir::Expr& test,
                             const interp::Application& app);

}  // namespace bareme::tools
