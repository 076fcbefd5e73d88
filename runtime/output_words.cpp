// The two words of a declared output's value, in both directions.
#include "runtime/output_words.hpp"

#include "runtime/text_intern.hpp"

namespace bareme::runtime {

void output_words(OutputLayout layout, const Value& v, int digits, int64_t out[2]) {
  switch (layout) {
    case OutputLayout::Wide: {
      const auto bits = static_cast<unsigned __int128>(v.as_wide(digits));
      out[0] = static_cast<int64_t>(static_cast<uint64_t>(bits));
      out[1] = static_cast<int64_t>(static_cast<uint64_t>(bits >> 64));
      return;
    }
    case OutputLayout::Duration:
      out[0] = v.duration.months;
      out[1] = v.duration.days;
      return;
    case OutputLayout::Scalar:
      out[0] = v.text ? intern_text(*v.text) : v.scalar;
      out[1] = 0;
      return;
  }
}

Value output_value(OutputLayout layout, bool text, const int64_t words[2]) {
  switch (layout) {
    case OutputLayout::Wide: {
      const auto bits = (static_cast<unsigned __int128>(static_cast<uint64_t>(words[1])) << 64) |
                        static_cast<uint64_t>(words[0]);
      return Value::of_wide(static_cast<Wide>(bits));
    }
    case OutputLayout::Duration: return Value::of(Duration{words[0], words[1]});
    case OutputLayout::Scalar: break;
  }
  return text ? Value::of_text(interned_text(words[0])) : Value::of(words[0]);
}

}  // namespace bareme::runtime
