// The engine phase: batches of applications in columnar form, evaluated by the interpreter or
// the JIT, row by row results, and a thread pool for large batches.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "interp/interp.hpp"
#include "ir/ir.hpp"
#include "runtime/batch.hpp"

namespace bareme::engine {

// Owns the columns of a batch; `input()` is the view JIT code reads.
class Batch {
 public:
  explicit Batch(const ir::Program& program);
  // Appends one application as a row.
  void append(const interp::Application& app);
  // Row-by-row filling without an Application: one push per input, then end_row().
  void push_absent(size_t input);
  // A column scalar: not a Duration or a List. Inline: the readers call it for every cell.
  void push_scalar(size_t input, int64_t scalar) {
    Column& column = columns_[input];
    column.present.push_back(1);
    column.values.push_back(scalar);
  }
  void push_value(size_t input, const runtime::Value& value);
  // A set list input: `elements` records, their field scalars in field order (no Duration).
  void push_list(size_t input, const int64_t* values, size_t elements);
  void end_row() { ++rows_; }
  // Takes back the pushes made since the last end_row().
  void drop_partial_row();
  // Removes every row; the columns keep their capacity.
  void clear();
  // Room for `rows` rows in every scalar column.
  void reserve(size_t rows);
  size_t rows() const { return rows_; }
  // True when every input of every row is set (definitions declared `unless given` aside): the
  // JIT's faster variant applies.
  bool all_present() const;
  void set_as_of(std::optional<runtime::Days> date);
  const runtime::BatchInput& input();

  // Column storage: for each input, its values, presence, and days for a Duration; a list input
  // also has the offsets of its elements and one column per record field.
  struct Column {
    std::vector<int64_t> values, days;
    std::vector<uint8_t> present;
    std::vector<int64_t> offsets{0};
    std::vector<Column> fields;
  };
  std::vector<Column>& columns() { return columns_; }
  const std::vector<Column>& columns() const { return columns_; }

 private:
  const ir::Program& program_;
  size_t rows_ = 0;
  std::vector<Column> columns_;
  std::vector<runtime::ColumnView> views_;
  std::vector<std::vector<runtime::ColumnView>> field_views_;
  runtime::BatchInput input_;
};

// What a scheme's batch function writes per row besides eligibility, amount and error: the
// amounts before and after caps of the aids of its file's combines, and the words of its
// failed-condition bit set (runtime::failed_words).
struct OutputShape {
  size_t aids = 0;
  size_t failed_words = 1;
  size_t outputs = 0;  // the scheme's declared outputs (0 for a catalogue's one function)
  bool error_detail = true;  // an error_detail array (BatchOutput): none where nothing reads it
};
OutputShape output_shape(const ir::Program& program, ir::Index scheme);

// A scheme's refusals: bit k < conditions for condition k, and bit `conditions` when the amount
// was not applicable (semantics.md §3.11).
inline size_t refusal_slots(const ir::Scheme& s) {
  return s.conditions.size() + 1;
}
inline std::string refusal_name(const ir::Scheme& s, size_t k) {
  return k < s.conditions.size() ? s.conditions[k].name : "amount (not applicable)";
}

// True when bit k of the bit set `words` is set: condition k failed.
inline bool condition_failed(const uint64_t* words, size_t k) {
  return (words[k / 64] >> (k % 64)) & 1;
}

// The result of one row, comparable across back ends: when `error` is set, nothing else is.
struct RowResult {
  uint8_t error = 0;
  bool eligible = false;
  int64_t amount = 0;
  std::vector<uint64_t> failed;  // OutputShape::failed_words words; empty when `error` is set
  std::vector<int64_t> aid_before, aid_after;
  // Each declared output, whether or not `error` is set: its two words (runtime/output_words.hpp),
  // both 0 when it could not be computed, and its error code (0 when computed).
  std::vector<int64_t> output_words;
  std::vector<uint8_t> output_errors;
  // For a NoParamValue or NoEvaluationDate error: runtime::param_error_detail of its parameter.
  int64_t error_detail = 0;
  friend bool operator==(const RowResult&, const RowResult&) = default;
};

// The interpreter's result for one application, in the same shape as the JIT's.
RowResult interpreter_row(const ir::Program& program, ir::Index scheme,
                          const interp::Application& app);

// The interpreter's result for level `level` alone, in the shape of a level's batch function
// (jit::compile_catalogue): eligibility, amount, error, no failed condition.
RowResult interpreter_level_row(const ir::Program& program, ir::Index level,
                                const interp::Application& app);
inline constexpr OutputShape kLevelShape{0, 1};

// Runs a compiled batch function over every row, on `threads` threads (0: all cores).
std::vector<RowResult> run_compiled(runtime::BatchFunction fn, OutputShape shape, Batch& batch,
                                    unsigned threads = 0);
// The raw outputs of a run, columnar, for callers that aggregate without building rows.
struct Outputs {
  std::vector<uint8_t> eligible, error;
  std::vector<int64_t> amount;
  std::vector<uint64_t> failed;  // failed_words words per row
  size_t failed_words = 1;
  std::vector<std::vector<int64_t>> aid_before, aid_after;
  std::vector<std::vector<int64_t>> output_words;   // per output: two words per row
  std::vector<std::vector<uint8_t>> output_errors;  // per output: one code per row
  std::vector<int64_t> error_detail;                // per row: runtime::BatchOutput::error_detail
  const uint64_t* failed_of(size_t row) const { return failed.data() + row * failed_words; }
  // A view valid until the next call of view() or a change to the arrays.
  runtime::BatchOutput view();
  std::vector<int64_t*> before_pointers, after_pointers, output_pointers;
  std::vector<uint8_t*> output_error_pointers;
};
// Row `r` of `out`, of `shape`, as a RowResult.
RowResult row_of(const Outputs& out, size_t r, OutputShape shape);
void run_compiled_into(runtime::BatchFunction fn, Batch& batch, Outputs& out, OutputShape shape,
                       unsigned threads = 0);
// Sizes `out` for `rows` rows of `shape` (done by run_compiled_into).
void prepare_outputs(Outputs& out, size_t rows, OutputShape shape);
// Sizes `out` for `rows` rows without clearing what it held: for a function that writes every
// output of every row.
void size_outputs(Outputs& out, size_t rows, OutputShape shape);
// Row `row` of `batch` as an application (engine/row_application.cpp): the interpreter then
// says what the compiled function reported only as a code.
interp::Application application_of(const ir::Program& program, const Batch& batch, size_t row);
// Runs `fn` over every row of `batch` into outputs already prepared.
void run_prepared(runtime::BatchFunction fn, Batch& batch, Outputs& out, unsigned threads = 0);

}  // namespace bareme::engine
