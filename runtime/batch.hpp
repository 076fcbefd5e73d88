// The columnar layout of a batch of applications, shared by JIT-compiled code, the engine and
// the C++ API. Plain C layout: JIT code reads it with fixed offsets.
#pragma once

#include <cstddef>
#include <cstdint>

namespace bareme::runtime {

// One input column (or one field column of a list's elements).
struct ColumnView {
  const int64_t* values = nullptr;   // the scalar per row (Duration: its months)
  const int64_t* days = nullptr;     // Duration only: the days per row
  const uint8_t* present = nullptr;  // 1 when set for the row; null means set for every row
  const int64_t* offsets = nullptr;  // List only: row r's elements are [offsets[r], offsets[r + 1])
  const ColumnView* fields = nullptr;  // List only: one column per record field, by element
};
static_assert(sizeof(ColumnView) == 40, "JIT code reads ColumnView with fixed offsets");

struct BatchInput {
  const ColumnView* columns = nullptr;  // one per program input, in program order
  int64_t as_of = 0;                    // the evaluation date when has_as_of
  int64_t has_as_of = 0;
};

// Outputs for rows [begin, end); the arrays are indexed by row. They must not overlap each other
// or the input columns: compiled code assumes so (as `restrict` does) to vectorise its loop.
struct BatchOutput {
  uint8_t* eligible = nullptr;
  int64_t* amount = nullptr;       // cents granted
  uint64_t* failed = nullptr;      // row r: words [r * W, r * W + W), W = failed_words(…)
  uint8_t* error = nullptr;        // runtime::ErrorCode, 0 when the row evaluated
  int64_t** aid_before = nullptr;  // one array per aid of the scheme file's combines, in order
  int64_t** aid_after = nullptr;
  // One array per declared output of the scheme (ir::Scheme::outputs): two words per row, row r
  // at [2r, 2r + 1] (runtime/output_words.hpp), and one error code per row (0: computed).
  int64_t** output_words = nullptr;
  uint8_t** output_errors = nullptr;
  // Optional (null: not written). Row r's error_detail[r] says which parameter a row's
  // NoParamValue or NoEvaluationDate error is about, as param_error_detail does; 0 for every other
  // row, and when the parameter is not known (see kDetailedParams). Written by a scheme's or a
  // level's batch function, not by a catalogue's (jit::compile_all); left as it was when no row
  // can have such an error (no dated parameter among the first kDetailedParams is read), so the
  // caller fills it with zeros first.
  int64_t* error_detail = nullptr;
};

// Parameters 0 to kDetailedParams - 1 of a program are named by error_detail; the JIT carries the
// parameter of these errors in its error byte, which has room for that many.
inline constexpr uint32_t kDetailedParams = 96;

// The detail of an error about parameter `param` on the evaluation date `date` (days; any value
// for NoEvaluationDate): the parameter + 1 in the high word, the date in the low one. 0 when the
// parameter is past kDetailedParams.
constexpr int64_t param_error_detail(uint32_t param, int64_t date) {
  if (param >= kDetailedParams) return 0;
  return static_cast<int64_t>((uint64_t{param} + 1) << 32 | static_cast<uint32_t>(date));
}
// The parameter and the date of a non-zero detail.
constexpr uint32_t detail_param(int64_t detail) {
  return static_cast<uint32_t>(static_cast<uint64_t>(detail) >> 32) - 1;
}
constexpr int64_t detail_date(int64_t detail) {
  return static_cast<int32_t>(static_cast<uint32_t>(detail));
}

// Words of a row's failed-condition bit set for a scheme with `conditions` conditions: bit
// k % 64 of word k / 64 is set when condition k failed. One word at least.
constexpr size_t failed_words(size_t conditions) {
  return conditions <= 64 ? 1 : (conditions + 63) / 64;
}

using BatchFunction = void (*)(const BatchInput*, BatchOutput*, int64_t begin, int64_t end);
// Every scheme and level of a catalogue at once (jit::compile_all): outs[t] is target t's.
using CatalogueFunction = void (*)(const BatchInput*, BatchOutput* const* outs, int64_t begin, int64_t end);

}  // namespace bareme::runtime
