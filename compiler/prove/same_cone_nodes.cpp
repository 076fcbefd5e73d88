// Two expressions of one kind compared field by field: what they read through the definitions'
// comparisons (same_cone.cpp), everything else by value.
#include "prove/same_cone.hpp"

namespace bareme::prove {

bool SameCone::node(const ir::Expr& ea, const ir::Expr& eb) {
  const auto each = [&](const std::vector<ir::ExprPtr>& a, const std::vector<ir::ExprPtr>& b) {
    if (a.size() != b.size()) return false;
    for (size_t k = 0; k < a.size(); ++k) {
      if (!expr(a[k].get(), b[k].get())) return false;
    }
    return true;
  };
  return std::visit(
      [&](const auto& a) -> bool {
        using N = std::decay_t<decltype(a)>;
        const N& b = std::get<N>(eb.node);
        if constexpr (std::is_same_v<N, ir::Literal>) {
          return a.value == b.value && a.duration == b.duration && a.text == b.text;
        } else if constexpr (std::is_same_v<N, ir::InputRef>) {
          return remembered(What::Input, a.input, b.input, &SameCone::input);
        } else if constexpr (std::is_same_v<N, ir::ParamRef>) {
          return remembered(What::Param, a.param, b.param, &SameCone::param);
        } else if constexpr (std::is_same_v<N, ir::RuleRef>) {
          return remembered(What::Rule, a.rule, b.rule, &SameCone::rule);
        } else if constexpr (std::is_same_v<N, ir::LocalRef>) {
          return a.slot == b.slot;
        } else if constexpr (std::is_same_v<N, ir::SchemeRef>) {
          return a.what == b.what &&
                 remembered(What::Scheme, a.scheme, b.scheme, &SameCone::scheme);
        } else if constexpr (std::is_same_v<N, ir::AidRef>) {
          return a.aid == b.aid && a.when == b.when &&
                 remembered(What::Combine, a.combine, b.combine, &SameCone::combine);
        } else if constexpr (std::is_same_v<N, ir::LevelRef>) {
          return a.what == b.what && remembered(What::Level, a.level, b.level, &SameCone::level);
        } else if constexpr (std::is_same_v<N, ir::FieldRef>) {
          return a.field == b.field && expr(a.record.get(), b.record.get());
        } else if constexpr (std::is_same_v<N, ir::Unary> || std::is_same_v<N, ir::Convert>) {
          return a.op == b.op && expr(a.operand.get(), b.operand.get());
        } else if constexpr (std::is_same_v<N, ir::Arith>) {
          return a.op == b.op && a.rhs_first == b.rhs_first && expr(a.lhs.get(), b.lhs.get()) &&
                 expr(a.rhs.get(), b.rhs.get());
        } else if constexpr (std::is_same_v<N, ir::Compare>) {
          return a.op == b.op && expr(a.lhs.get(), b.lhs.get()) && expr(a.rhs.get(), b.rhs.get());
        } else if constexpr (std::is_same_v<N, ir::Logic>) {
          return a.is_and == b.is_and && expr(a.lhs.get(), b.lhs.get()) &&
                 expr(a.rhs.get(), b.rhs.get());
        } else if constexpr (std::is_same_v<N, ir::InSet>) {
          return a.negated == b.negated && expr(a.value.get(), b.value.get()) &&
                 each(a.elements, b.elements);
        } else if constexpr (std::is_same_v<N, ir::If>) {
          return expr(a.condition.get(), b.condition.get()) &&
                 expr(a.then_value.get(), b.then_value.get()) &&
                 expr(a.else_value.get(), b.else_value.get());
        } else if constexpr (std::is_same_v<N, ir::Match>) {
          if (a.arms.size() != b.arms.size() || !expr(a.scrutinee.get(), b.scrutinee.get()))
            return false;
          for (size_t k = 0; k < a.arms.size(); ++k) {
            if (a.arms[k].cases != b.arms[k].cases ||
                !expr(a.arms[k].value.get(), b.arms[k].value.get()))
              return false;
          }
          return true;
        } else if constexpr (std::is_same_v<N, ir::Builtin>) {
          return a.fn == b.fn && a.mode == b.mode && each(a.args, b.args);
        } else if constexpr (std::is_same_v<N, ir::TableCall>) {
          return remembered(What::Table, a.table, b.table, &SameCone::table) &&
                 each(a.args, b.args);
        } else if constexpr (std::is_same_v<N, ir::FunctionCall>) {
          return remembered(What::Function, a.function, b.function, &SameCone::function) &&
                 each(a.args, b.args);
        } else if constexpr (std::is_same_v<N, ir::Comprehension>) {
          return a.op == b.op && a.slot == b.slot && expr(a.list.get(), b.list.get()) &&
                 expr(a.projection.get(), b.projection.get()) && expr(a.where.get(), b.where.get());
        } else if constexpr (std::is_same_v<N, ir::Cap>) {
          return expr(a.value.get(), b.value.get()) && expr(a.limit.get(), b.limit.get());
        } else if constexpr (std::is_same_v<N, ir::ListLiteral>) {
          return each(a.items, b.items);
        } else if constexpr (std::is_same_v<N, ir::RecordLiteral>) {
          return a.written == b.written && each(a.fields, b.fields);
        } else if constexpr (std::is_same_v<N, ir::NotApplicable>) {
          return a.definition == b.definition;
        } else {
          static_assert(sizeof(N) == 0, "every IR node is compared");
        }
      },
      ea.node);
}

}  // namespace bareme::prove
