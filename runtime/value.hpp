// A language value as the interpreter holds it: a scalar, a duration, a text, or a record or list.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/values.hpp"
#include "runtime/wide.hpp"

namespace bareme::runtime {

struct Value {
  int64_t scalar = 0;  // Bool, Int, Decimal, Money, Rate, Date, Enum, Quantity (see values.hpp)
  Duration duration;   // Duration
  std::shared_ptr<const std::string> text;         // Text
  std::shared_ptr<const std::vector<Value>> items; // a record's fields, or a list's records
  // An exact intermediate (runtime/wide.hpp): `exact` holds the value, `scalar` is unused.
  bool wide = false;
  Wide exact = 0;

  static Value of(int64_t v) { return Value{v, {}, nullptr, nullptr}; }
  static Value of_wide(Wide w) { return Value{0, {}, nullptr, nullptr, true, w}; }
  // The value as a wide one, given the places of its type when it is at rest.
  Wide as_wide(int digits) const { return wide ? exact : widen(scalar, digits); }
  static Value of(Duration d) { return Value{0, d, nullptr, nullptr}; }
  static Value of_text(std::string t) { return Value{0, {}, std::make_shared<const std::string>(std::move(t)), nullptr}; }
  static Value of_items(std::vector<Value> v) {
    return Value{0, {}, nullptr, std::make_shared<const std::vector<Value>>(std::move(v))};
  }
  const std::vector<Value>& elements() const {
    static const std::vector<Value> kNone;
    return items ? *items : kNone;
  }
};

}  // namespace bareme::runtime
