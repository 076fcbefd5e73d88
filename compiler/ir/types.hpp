// The static types of the language as the typed IR records them.
#pragma once

#include <cstdint>
#include <string>

namespace bareme::ir {

enum class TypeKind : uint8_t {
  Error,     // the type of an expression that already has a diagnostic; silences cascades
  Bool,
  Int,       // 64-bit signed; overflow is a runtime error
  Decimal,   // millionths (runtime::kDecimalScale)
  Money,     // euro cents
  Rate,      // millionths: 60 % is 600 000
  Date,      // days since 1970-01-01
  Duration,  // months and days
  Text,
  Enum,      // ref: enum index
  Record,    // ref: record index
  List,      // ref: record index of the elements
  Quantity,  // ref: unit index; value in millionths of the unit
};

struct Type {
  TypeKind kind = TypeKind::Error;
  uint32_t ref = 0;

  static Type of(TypeKind k, uint32_t ref = 0) { return Type{k, ref}; }
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

}  // namespace bareme::ir
