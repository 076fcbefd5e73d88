// `bareme prove --all-periods`: the dates at which the dated parameters a property reads change.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ir/ir.hpp"

namespace bareme::tools {

// One stretch of dates over which every dated parameter the property reads keeps its value.
struct ProvePeriod {
  runtime::Days as_of;  // its first day; its last for the stretch before the first period
  std::string label;    // `from 2014-01-01 to 2023-12-31`, `until 2013-12-31`
  std::vector<std::string> dated;     // the dated parameters read
  std::vector<std::string> no_value;  // those of them in force in no period over the stretch
};

// The stretches of the dated parameters that `exprs` read, through rules, functions, tables,
// combines and schemes; empty when they read none.
std::vector<ProvePeriod> prove_periods(const ir::Program& program,
                                       std::span<const ir::Expr* const> exprs);

}  // namespace bareme::tools
