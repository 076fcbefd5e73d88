// Type names and type predicates of the typed IR.
#include "ir/types.hpp"

#include "ir/ir.hpp"
#include "runtime/wide.hpp"

namespace bareme::ir {

bool Type::is_numeric() const {
  return kind == TypeKind::Int || kind == TypeKind::Decimal || kind == TypeKind::Money ||
         kind == TypeKind::Rate || kind == TypeKind::Quantity;
}

int Type::digits() const {
  return kind == TypeKind::Int ? 0 : kind == TypeKind::Money ? runtime::kMoneyDigits : runtime::kMillionthDigits;
}

bool Type::has_exact_intermediates() const { return is_numeric() && kind != TypeKind::Int; }

std::string type_name(const Program& program, Type type) {
  switch (type.kind) {
    case TypeKind::Error: return "<error>";
    case TypeKind::Bool: return "Bool";
    case TypeKind::Int: return "Int";
    case TypeKind::Decimal: return "Decimal";
    case TypeKind::Money: return "Money" + money_suffix(program, type);
    case TypeKind::Rate: return "Rate";
    case TypeKind::Date: return "Date";
    case TypeKind::Duration: return "Duration";
    case TypeKind::Text: return "Text";
    case TypeKind::Enum: return program.enums[type.ref].name;
    case TypeKind::Record: return program.records[type.ref].name;
    case TypeKind::List: return "List<" + program.records[type.ref].name + ">";
    case TypeKind::Quantity: return program.units[type.ref].name;
  }
  return "?";
}

std::string money_suffix(const Program& program, Type type) {
  std::string out;
  if (type.kind != TypeKind::Money) return out;
  if (type.period == MoneyPeriod::Month) out += "/month";
  if (type.period == MoneyPeriod::Year) out += "/year";
  if (auto unit = type.per_unit()) out += "/" + program.units[*unit].name;
  return out;
}

std::optional<MoneyPeriod> period_named(const std::string& word) {
  if (word == "month" || word == "mois") return MoneyPeriod::Month;
  if (word == "year" || word == "an") return MoneyPeriod::Year;
  return std::nullopt;
}

}  // namespace bareme::ir
