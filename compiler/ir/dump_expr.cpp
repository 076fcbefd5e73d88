// IR expression dump: S-expressions whose head names the typed operation and its result type.
#include <fmt/format.h>

#include "ir/dump.hpp"

namespace bareme::ir {
namespace {

const char* arith_name(ArithOp op) {
  switch (op) {
    case ArithOp::IntAdd: return "int.add";
    case ArithOp::IntSub: return "int.sub";
    case ArithOp::IntMul: return "int.mul";
    case ArithOp::IntDiv: return "int.div";
    case ArithOp::DecAdd: return "dec.add";
    case ArithOp::DecSub: return "dec.sub";
    case ArithOp::DecMul: return "dec.mul";
    case ArithOp::DecDiv: return "dec.div";
    case ArithOp::MoneyAdd: return "money.add";
    case ArithOp::MoneySub: return "money.sub";
    case ArithOp::MoneyMulInt: return "money.mul_int";
    case ArithOp::MoneyMulDec: return "money.mul_dec";
    case ArithOp::MoneyMulRate: return "money.mul_rate";
    case ArithOp::MoneyDivInt: return "money.div_int";
    case ArithOp::MoneyDivDec: return "money.div_dec";
    case ArithOp::MoneyDivRate: return "money.div_rate";
    case ArithOp::MoneyDivMoney: return "money.div_money";
    case ArithOp::RateAdd: return "rate.add";
    case ArithOp::RateSub: return "rate.sub";
    case ArithOp::RateMulRate: return "rate.mul";
    case ArithOp::RateMulInt: return "rate.mul_int";
    case ArithOp::RateMulDec: return "rate.mul_dec";
    case ArithOp::QtyAdd: return "qty.add";
    case ArithOp::QtySub: return "qty.sub";
    case ArithOp::QtyMulDec: return "qty.mul_dec";
    case ArithOp::QtyMulRate: return "qty.mul_rate";
    case ArithOp::QtyDivDec: return "qty.div_dec";
    case ArithOp::QtyDivQty: return "qty.div_qty";
    case ArithOp::DateAddDuration: return "date.add";
    case ArithOp::DateSubDuration: return "date.sub";
    case ArithOp::DateSubDate: return "date.diff";
    case ArithOp::DurationAdd: return "duration.add";
    case ArithOp::DurationSub: return "duration.sub";
    case ArithOp::DurationMulInt: return "duration.mul_int";
  }
  return "?";
}

const char* compare_name(CompareOp op) {
  static constexpr const char* kNames[] = {"lt", "le", "gt", "ge", "eq", "ne"};
  return kNames[static_cast<int>(op)];
}

const char* builtin_name(BuiltinFn fn) {
  static constexpr const char* kNames[] = {"min", "max", "abs", "round", "years_between",
                                           "months_between", "days_between", "year", "month",
                                           "day", "to_decimal"};
  return kNames[static_cast<int>(fn)];
}

const char* list_op_name(ListOp op) {
  static constexpr const char* kNames[] = {"sum", "min", "max", "all", "any", "count", "filter"};
  return kNames[static_cast<int>(op)];
}

const char* mode_keyword(RoundMode m) {
  static constexpr const char* kNames[] = {"half_away", "half_even", "up", "down"};
  return kNames[static_cast<int>(m)];
}

class ExprDumper {
 public:
  explicit ExprDumper(const Program& p) : p_(p) {}

  std::string operator()(const Expr& e) const {
    return std::visit([&](const auto& node) { return show(e, node); }, e.node);
  }

 private:
  std::string ty(const Expr& e) const { return type_name(p_, e.type); }
  std::string sub(const ExprPtr& e) const { return e ? (*this)(*e) : "<none>"; }

  std::string show(const Expr& e, const Literal& l) const { return format_literal(p_, e.type, l); }
  std::string show(const Expr&, const InputRef& r) const { return "(input " + p_.inputs[r.input].name + ")"; }
  std::string show(const Expr&, const ParamRef& r) const { return "(param " + p_.params[r.param].name + ")"; }
  std::string show(const Expr&, const RuleRef& r) const { return "(rule " + p_.rules[r.rule].name + ")"; }
  std::string show(const Expr& e, const LocalRef& r) const { return fmt::format("(local {}:{})", r.slot, ty(e)); }
  std::string show(const Expr&, const SchemeRef& r) const {
    return fmt::format("(scheme {} {})", p_.schemes[r.scheme].name,
                       r.what == SchemeRef::What::Amount ? "amount" : "eligible");
  }
  std::string show(const Expr&, const LevelRef& r) const {
    return fmt::format("(level {} {})", p_.levels[r.level].name, r.what == LevelRef::What::Amount ? "amount" : "eligible");
  }
  std::string show(const Expr&, const AidRef& r) const {
    const auto& c = p_.combines[r.combine];
    return fmt::format("(aid {}.{} {})", c.name, c.aids[r.aid].name,
                       r.when == AidRef::When::Before ? "before" : "after");
  }
  std::string show(const Expr& e, const FieldRef& r) const {
    const auto& rec = p_.records[r.record->type.kind == TypeKind::Record ? r.record->type.ref : 0];
    return fmt::format("(field.{}:{} {})", rec.fields[r.field].name, ty(e), sub(r.record));
  }
  std::string show(const Expr& e, const Unary& u) const {
    return fmt::format("({}:{} {})", u.op == UnaryOp::Not ? "not" : "neg", ty(e), sub(u.operand));
  }
  std::string show(const Expr& e, const Arith& a) const {
    // `rhs-first`: the operands were swapped into the operation's order; rhs is evaluated first.
    return fmt::format("({}:{}{} {} {})", arith_name(a.op), ty(e), a.rhs_first ? " rhs-first" : "", sub(a.lhs),
                       sub(a.rhs));
  }
  std::string show(const Expr&, const Compare& c) const {
    return fmt::format("({} {} {})", compare_name(c.op), sub(c.lhs), sub(c.rhs));
  }
  std::string show(const Expr&, const Logic& l) const {
    return fmt::format("({} {} {})", l.is_and ? "and" : "or", sub(l.lhs), sub(l.rhs));
  }
  std::string show(const Expr&, const InSet& s) const {
    std::string items;
    for (const auto& x : s.elements) items += " " + sub(x);
    return fmt::format("({} {}{})", s.negated ? "not_in" : "in", sub(s.value), items);
  }
  std::string show(const Expr& e, const If& i) const {
    return fmt::format("(if:{} {} {} {})", ty(e), sub(i.condition), sub(i.then_value), sub(i.else_value));
  }
  std::string show(const Expr& e, const Match& m) const {
    const auto& en = p_.enums[m.scrutinee->type.ref];
    std::string arms;
    for (const auto& arm : m.arms) {
      std::string cases;
      for (auto c : arm.cases) cases += (cases.empty() ? "" : "|") + en.cases[c].name;
      arms += fmt::format(" ({} {})", cases, sub(arm.value));
    }
    return fmt::format("(match:{} {}{})", ty(e), sub(m.scrutinee), arms);
  }
  std::string show(const Expr& e, const Convert& c) const {
    static constexpr const char* kNames[] = {"int_to_decimal", "int_to_rate", "rate_to_decimal"};
    return fmt::format("({}:{} {})", kNames[static_cast<int>(c.op)], ty(e), sub(c.operand));
  }
  std::string show(const Expr& e, const Builtin& b) const {
    std::string args;
    for (const auto& a : b.args) args += " " + sub(a);
    const std::string mode = b.fn == BuiltinFn::Round ? std::string(" ") + mode_keyword(b.mode) : "";
    return fmt::format("({}:{}{}{})", builtin_name(b.fn), ty(e), mode, args);
  }
  std::string show(const Expr& e, const TableCall& t) const {
    std::string args;
    for (const auto& a : t.args) args += " " + sub(a);
    return fmt::format("(table {}:{}{})", p_.tables[t.table].name, ty(e), args);
  }
  std::string show(const Expr& e, const FunctionCall& f) const {
    std::string args;
    for (const auto& a : f.args) args += " " + sub(a);
    return fmt::format("(call {}:{}{})", p_.functions[f.function].name, ty(e), args);
  }
  std::string show(const Expr& e, const Comprehension& c) const {
    return fmt::format("({}:{} local {} in {}{}{})", list_op_name(c.op), ty(e), c.slot, sub(c.list),
                       c.projection ? " each " + sub(c.projection) : "",
                       c.where ? " where " + sub(c.where) : "");
  }
  std::string show(const Expr& e, const Cap& c) const {
    return fmt::format("(cap:{} {} {})", ty(e), sub(c.value), sub(c.limit));
  }
  std::string show(const Expr& e, const ListLiteral& l) const {
    std::string items;
    for (const auto& x : l.items) items += " " + sub(x);
    return fmt::format("(list:{}{})", ty(e), items);
  }
  std::string show(const Expr&, const RecordLiteral& r) const {
    const auto& rec = p_.records[r.record];
    std::string fields;
    // In source order, the order of evaluation.
    for (Index i : r.written) fields += fmt::format(" {}: {}", rec.fields[i].name, sub(r.fields[i]));
    return fmt::format("({}{})", rec.name, fields);
  }
  std::string show(const Expr& e, const NotApplicable& n) const {
    return fmt::format("(not-applicable:{} {})", ty(e), n.definition);
  }

  const Program& p_;
};

}  // namespace

std::string format_literal(const Program& program, Type type, const Literal& l) {
  switch (type.kind) {
    case TypeKind::Bool: return l.value ? "true" : "false";
    case TypeKind::Int: return std::to_string(l.value);
    case TypeKind::Decimal: return runtime::format_decimal(l.value);
    case TypeKind::Money: return runtime::format_money(l.value) + money_suffix(program, type);
    case TypeKind::Rate: return runtime::format_rate(l.value);
    case TypeKind::Date: return runtime::format_date(l.value);
    case TypeKind::Duration: return runtime::format_duration(l.duration);
    case TypeKind::Text: {
      std::string escaped;
      for (char c : l.text) {
        if (c == '"' || c == '\\') escaped += '\\';
        escaped += c == '\n' ? std::string("\\n") : std::string(1, c);
      }
      return fmt::format("\"{}\"", escaped);
    }
    case TypeKind::Enum: return program.enums[type.ref].name + "." + program.enums[type.ref].cases[static_cast<size_t>(l.value)].name;
    case TypeKind::Quantity: return runtime::format_decimal(l.value) + " " + program.units[type.ref].name;
    default: return "<literal>";
  }
}

std::string dump_expr(const Program& program, const Expr& expr) { return ExprDumper(program)(expr); }

}  // namespace bareme::ir
