// Helpers for unit tests: compile a snippet held in memory and inspect the result.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "driver/compile.hpp"
#include "interp/interp.hpp"

namespace bareme::testing {

// Compiles `body` after a scheme header; the scheme declares units kW and kVA, enums Region
// and Size, and an amount of 0 € unless `with_amount` is false.
std::unique_ptr<driver::Compilation> compile_snippet(const std::string& body, bool with_amount = true);
// Every pair (a, b) of `values`: an application whose input `first` is a and every other input b.
std::vector<interp::Application> value_pairs(const ir::Program& program,
                                             const std::vector<int64_t>& values,
                                             const std::string& first);
// The ids of the diagnostics, in order: {"UnitMismatch", ...}.
std::vector<std::string> diagnostic_ids(const driver::Compilation& c);
// The type name of the rule `name`, or "" when there is none.
std::string rule_type(const driver::Compilation& c, const std::string& name);

}  // namespace bareme::testing
