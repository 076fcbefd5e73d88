// The static types of the language as the typed IR records them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace bareme::ir {

enum class TypeKind : uint8_t {
  Error,     // the type of an expression that already has a diagnostic; silences cascades
  Bool,
  Int,       // 64-bit signed; overflow is a runtime error
  Decimal,   // millionths (runtime::kDecimalScale)
  Money,     // euro cents; per a period and/or per a unit when Type::period / Type::ref say so
  Rate,      // millionths: 60 % is 600 000
  Date,      // days since 1970-01-01
  Duration,  // months and days
  Text,
  Enum,      // ref: enum index
  Record,    // ref: record index
  List,      // ref: record index of the elements
  Quantity,  // ref: unit index; value in millionths of the unit
};

// The period a Money value is counted per (`€/month`, `€/year`); None for a plain amount.
enum class MoneyPeriod : uint8_t { None, Month, Year };

struct Type {
  TypeKind kind = TypeKind::Error;
  MoneyPeriod period = MoneyPeriod::None;  // Money only
  // Enum, Record, List and Quantity: the index they name. Money: 0, or 1 + the index of the
  // unit it is counted per (`€/month/person`).
  uint32_t ref = 0;

  static Type of(TypeKind k, uint32_t ref = 0) {
    Type t;
    t.kind = k;
    t.ref = ref;
    return t;
  }
  // Money per `period` and, when `per_unit` is set, per one of that unit.
  static Type money(MoneyPeriod period, std::optional<uint32_t> per_unit = std::nullopt) {
    Type t = of(TypeKind::Money, per_unit ? *per_unit + 1 : 0);
    t.period = period;
    return t;
  }
  // Money counted per a period or a unit: a plain amount is not.
  bool is_money_per() const { return kind == TypeKind::Money && (period != MoneyPeriod::None || ref != 0); }
  std::optional<uint32_t> per_unit() const {
    if (kind != TypeKind::Money || ref == 0) return std::nullopt;
    return ref - 1;
  }
  bool is(TypeKind k) const { return kind == k; }
  bool is_error() const { return kind == TypeKind::Error; }
  // Int, Decimal, Money, Rate and quantities: the types with an order and arithmetic.
  bool is_numeric() const;
  // Decimal places of a value at rest: 0 for Int, 2 for Money (cents), 6 for Decimal, Rate and
  // quantities (millionths).
  int digits() const;
  // Money, Decimal, Rate and quantities: the types whose intermediates are exact (wide).
  bool has_exact_intermediates() const;
  friend bool operator==(const Type&, const Type&) = default;
};

struct Program;
// The name a person reads: `Money`, `List<PriorAid>`, `Quantity<kW>` printed as `kW`.
std::string type_name(const Program& program, Type type);
// What follows the amount in a value or a literal of this Money type: ``, `/month`, `/year/person`.
std::string money_suffix(const Program& program, Type type);
// `month` and `year`, with their French spellings `mois` and `an`.
std::optional<MoneyPeriod> period_named(const std::string& word);

}  // namespace bareme::ir
