// Visits the direct sub-expressions of an IR expression, in evaluation order.
#pragma once

#include <variant>

#include "ir/ir.hpp"

namespace bareme::ir {

// Calls `visit(const Expr&)` on each direct child of `e` (not on `e`, and not on the bodies of
// the tables and functions it calls).
template <typename Visit>
void for_each_child(const Expr& e, Visit&& visit) {
  auto go = [&](const ExprPtr& x) {
    if (x) visit(*x);
  };
  std::visit(
      [&](const auto& n) {
        using N = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<N, FieldRef>) go(n.record);
        if constexpr (std::is_same_v<N, Unary> || std::is_same_v<N, Convert>) go(n.operand);
        if constexpr (std::is_same_v<N, Arith> || std::is_same_v<N, Compare> || std::is_same_v<N, Logic>) {
          go(n.lhs);
          go(n.rhs);
        }
        if constexpr (std::is_same_v<N, InSet>) {
          go(n.value);
          for (const auto& x : n.elements) go(x);
        }
        if constexpr (std::is_same_v<N, If>) {
          go(n.condition);
          go(n.then_value);
          go(n.else_value);
        }
        if constexpr (std::is_same_v<N, Match>) {
          go(n.scrutinee);
          for (const auto& a : n.arms) go(a.value);
        }
        if constexpr (std::is_same_v<N, Builtin> || std::is_same_v<N, TableCall> || std::is_same_v<N, FunctionCall>) {
          for (const auto& x : n.args) go(x);
        }
        if constexpr (std::is_same_v<N, Comprehension>) {
          go(n.list);
          go(n.where);
          go(n.projection);
        }
        if constexpr (std::is_same_v<N, Cap>) {
          go(n.value);
          go(n.limit);
        }
        if constexpr (std::is_same_v<N, ListLiteral>) {
          for (const auto& x : n.items) go(x);
        }
        if constexpr (std::is_same_v<N, RecordLiteral>) {
          for (const auto& x : n.fields) go(x);
        }
      },
      e.node);
}

}  // namespace bareme::ir
