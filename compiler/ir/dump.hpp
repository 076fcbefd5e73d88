// A stable text dump of the typed IR for `bareme check --dump=ir` and golden tests.
#pragma once

#include <string>

#include "ir/ir.hpp"

namespace bareme::ir {

std::string dump(const Program& program);
// One expression as an S-expression: `(money.mul_rate:Money (param cost) 60 %)`.
std::string dump_expr(const Program& program, const Expr& expr);
// A literal as the language writes it: `3000.00 €`, `2021-10-31`, `Region.occitanie`.
std::string format_literal(const Program& program, Type type, const Literal& literal);

}  // namespace bareme::ir
