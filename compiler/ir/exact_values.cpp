// Which expressions hold exact intermediates (Expr::wide): a fixpoint over the whole program.
#include <vector>

#include "ir/ir.hpp"
#include "ir/walk.hpp"

namespace bareme::ir {
namespace {

bool produces_wide(ArithOp op) {
  switch (op) {
    case ArithOp::IntDiv: case ArithOp::DecMul: case ArithOp::DecDiv: case ArithOp::MoneyMulDec:
    case ArithOp::MoneyMulRate: case ArithOp::MoneyDivInt: case ArithOp::MoneyDivDec:
    case ArithOp::MoneyDivRate: case ArithOp::MoneyDivMoney: case ArithOp::RateMulRate:
    case ArithOp::RateMulDec: case ArithOp::QtyMulDec: case ArithOp::QtyMulRate: case ArithOp::QtyDivDec:
    case ArithOp::QtyDivQty:
      return true;
    default:
      return false;
  }
}

// Wideness only grows from pass to pass, so repeating the passes until nothing changes ends.
class Marker {
 public:
  explicit Marker(Program& p)
      : p_(p), rules_(p.rules.size()), params_(p.params.size()), inputs_(p.inputs.size()),
        function_results_(p.functions.size()), table_results_(p.tables.size()) {
    for (const auto& f : p.functions) function_params_.emplace_back(f.params.size());
    for (const auto& t : p.tables) table_params_.emplace_back(t.params.size());
    for (const auto& r : p.records) fields_.emplace_back(r.fields.size());
  }

  void run() {
    do {
      changed_ = false;
      pass();
    } while (changed_);
  }

 private:
  void set(std::vector<bool>::reference flag, bool value) {
    if (value && !flag) {
      flag = true;
      changed_ = true;
    }
  }

  void pass() {
    for (Index i = 0; i < p_.params.size(); ++i) {
      for (auto& period : p_.params[i].periods) set(params_[i], mark(*period.value));
    }
    for (Index i = 0; i < p_.inputs.size(); ++i) {
      if (p_.inputs[i].default_value) set(inputs_[i], mark(*p_.inputs[i].default_value));
    }
    for (Index r : p_.rule_order) set(rules_[r], mark(*p_.rules[r].value));
    for (Index f = 0; f < p_.functions.size(); ++f) {
      locals_ = &function_params_[f];
      set(function_results_[f], mark(*p_.functions[f].body));
    }
    for (Index t = 0; t < p_.tables.size(); ++t) {
      locals_ = &table_params_[t];
      for (auto& row : p_.tables[t].rows) {
        for (auto& cell : row.cells) {
          if (cell.lower) mark(*cell.lower->value);
          if (cell.upper) mark(*cell.upper->value);
          for (auto& v : cell.values) mark(*v);
        }
        set(table_results_[t], mark(*row.output));
      }
    }
    locals_ = nullptr;
    for (auto& s : p_.schemes) {
      for (auto& c : s.conditions) mark(*c.test);
      if (s.amount) mark(*s.amount);
      for (auto& o : s.outputs) mark(*o.value);
    }
    for (auto& c : p_.combines) {
      for (auto& a : c.aids) mark(*a.amount);
      for (auto& cap : c.caps) {
        mark(*cap.limit);
        if (cap.when) mark(*cap.when);
      }
    }
    for (auto& t : p_.tests) {
      for (auto& g : t.given) mark(*g.value);
      if (t.as_of) mark(*t.as_of);
      for (auto& e : t.expects) mark(*e);
    }
    // Properties are read by the prover and, as outputs, by both engines (bareme prove).
    for (auto& prop : p_.properties) {
      for (auto& pre : prop.preconditions) mark(*pre);
      if (prop.test) mark(*prop.test);
    }
  }

  bool mark(Expr& e) {
    for_each_child(e, [&](const Expr& child) { mark(const_cast<Expr&>(child)); });
    bool wide = std::visit([&](auto& n) { return wide_node(n); }, e.node);
    e.wide = wide && e.type.has_exact_intermediates();
    return e.wide;
  }

  template <typename N>
  bool wide_node(N& n) {
    using T = std::decay_t<N>;
    if constexpr (std::is_same_v<T, InputRef>) return inputs_[n.input];
    if constexpr (std::is_same_v<T, ParamRef>) return params_[n.param];
    if constexpr (std::is_same_v<T, RuleRef>) return rules_[n.rule];
    if constexpr (std::is_same_v<T, LocalRef>) return locals_ && n.slot < locals_->size() && (*locals_)[n.slot];
    if constexpr (std::is_same_v<T, FieldRef>) {
      const Type record = n.record->type;
      return record.is(TypeKind::Record) && record.ref < fields_.size() && n.field < fields_[record.ref].size() &&
             fields_[record.ref][n.field];
    }
    if constexpr (std::is_same_v<T, Unary>) return n.op == UnaryOp::Negate && n.operand->wide;
    if constexpr (std::is_same_v<T, Arith>) return produces_wide(n.op) || n.lhs->wide || n.rhs->wide;
    if constexpr (std::is_same_v<T, If>) return n.then_value->wide || n.else_value->wide;
    if constexpr (std::is_same_v<T, Match>) {
      for (const auto& arm : n.arms) {
        if (arm.value->wide) return true;
      }
      return false;
    }
    if constexpr (std::is_same_v<T, Convert>) return n.operand->wide;
    if constexpr (std::is_same_v<T, Builtin>) {
      if (n.fn == BuiltinFn::Round) return n.args.size() > 1 && n.args[1]->wide;
      bool any = false;
      for (const auto& a : n.args) any = any || a->wide;
      return any;
    }
    if constexpr (std::is_same_v<T, TableCall>) {
      for (Index i = 0; i < n.args.size() && i < table_params_[n.table].size(); ++i) set(table_params_[n.table][i], n.args[i]->wide);
      return table_results_[n.table];
    }
    if constexpr (std::is_same_v<T, FunctionCall>) {
      for (Index i = 0; i < n.args.size() && i < function_params_[n.function].size(); ++i) {
        set(function_params_[n.function][i], n.args[i]->wide);
      }
      return function_results_[n.function];
    }
    if constexpr (std::is_same_v<T, Comprehension>) return n.projection && n.projection->wide;
    if constexpr (std::is_same_v<T, Cap>) return n.value->wide || n.limit->wide;
    if constexpr (std::is_same_v<T, RecordLiteral>) {
      for (Index f = 0; f < n.fields.size() && n.record < fields_.size() && f < fields_[n.record].size(); ++f) {
        if (n.fields[f]) set(fields_[n.record][f], n.fields[f]->wide);
      }
      return false;
    }
    return false;
  }

  Program& p_;
  std::vector<bool> rules_, params_, inputs_, function_results_, table_results_;
  std::vector<std::vector<bool>> function_params_, table_params_, fields_;
  const std::vector<bool>* locals_ = nullptr;
  bool changed_ = false;
};

}  // namespace

void mark_exact_values(Program& program) { Marker(program).run(); }

}  // namespace bareme::ir
