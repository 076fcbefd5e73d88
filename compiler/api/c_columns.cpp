// The C ABI's bareme_score_columns: the caller's columns read in place as the JIT's column views,
// results written into the caller's arrays, on N threads; the interpreter when asked or when
// the JIT refuses the scheme.
#include "api/c_columns.hpp"

#include <algorithm>
#include <atomic>
#include <system_error>
#include <thread>

#include "diag/suggest.hpp"
#include "engine/batch.hpp"
#include "engine/evaluator.hpp"
#include "runtime/output_words.hpp"
#include "runtime/wide.hpp"

using bareme::capi::fail;
using bareme::capi::guard;
using bareme::capi::require;

namespace bareme::capi {

const char* column_type(ir::Type t) {
  switch (t.kind) {
    case ir::TypeKind::Bool:
      return "bool";
    case ir::TypeKind::Int:
      return "int";
    case ir::TypeKind::Decimal:
      return "decimal";
    case ir::TypeKind::Money:
      return "money";
    case ir::TypeKind::Rate:
      return "rate";
    case ir::TypeKind::Quantity:
      return "quantity";
    case ir::TypeKind::Date:
      return "date";
    case ir::TypeKind::Enum:
      return "enum";
    default:
      return nullptr;
  }
}

namespace {

// What the engine writes before the results are copied out: the caller's array when it gave one.
struct Scratch {
  std::vector<uint8_t> eligible, error;
  std::vector<int64_t> amount;
  std::vector<uint64_t> failed;
  std::vector<std::vector<int64_t>> before, after, words;
  std::vector<std::vector<uint8_t>> output_errors;
  std::vector<int64_t*> before_p, after_p, words_p;
  std::vector<uint8_t*> errors_p;
  size_t failed_words = 1;
};

void prepare(Scratch& s, const engine::OutputShape& shape, size_t rows, const bareme_results& r,
             runtime::BatchOutput& out) {
  s.failed_words = shape.failed_words;
  if (!r.eligible) s.eligible.assign(rows, 0);
  if (!r.amount) s.amount.assign(rows, 0);
  s.error.assign(rows,
                 0);  // read back for every row: the caller's status is uint8 too but may be absent
  s.failed.assign(rows * shape.failed_words, 0);
  s.before.assign(shape.aids, std::vector<int64_t>(rows));
  s.after.assign(shape.aids, std::vector<int64_t>(rows));
  s.words.assign(shape.outputs, std::vector<int64_t>(2 * rows));
  s.output_errors.assign(shape.outputs, std::vector<uint8_t>(rows));
  for (auto& a : s.before) s.before_p.push_back(a.data());
  for (auto& a : s.after) s.after_p.push_back(a.data());
  for (auto& a : s.words) s.words_p.push_back(a.data());
  for (auto& a : s.output_errors) s.errors_p.push_back(a.data());
  out.eligible = r.eligible ? r.eligible : s.eligible.data();
  out.amount = r.amount ? r.amount : s.amount.data();
  out.failed = s.failed.data();
  out.error = s.error.data();
  out.aid_before = s.before_p.data();
  out.aid_after = s.after_p.data();
  out.output_words = s.words_p.data();
  out.output_errors = s.errors_p.data();
}

void run_jit(runtime::BatchFunction fn, const runtime::BatchInput& input, runtime::BatchOutput& out,
             size_t rows, unsigned threads) {
  constexpr size_t kChunk = 4096;
  const size_t chunks = (rows + kChunk - 1) / kChunk;
  threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(1, chunks)));
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t k = next++; k < chunks; k = next++) {
      runtime::BatchOutput o = out;
      fn(&input, &o, static_cast<int64_t>(k * kChunk),
         static_cast<int64_t>(std::min(rows, (k + 1) * kChunk)));
    }
  };
  engine::run_on_threads(threads, work);
}

void run_interpreter(const bareme_scheme& scheme, ir::Index s, const Views& v, size_t rows,
                     const Options& o, runtime::BatchOutput& out, size_t outputs,
                     size_t failed_words, unsigned threads) {
  const auto& p = scheme.program();
  std::vector<interp::Application> apps(rows);
  for (size_t r = 0; r < rows; ++r) {
    apps[r].inputs.resize(p.inputs.size());
    apps[r].as_of = o.as_of;
    for (size_t i = 0; i < p.inputs.size(); ++i) {
      const bareme_column* c = v.given[i];
      if (c && (!c->validity || c->validity[r]))
        apps[r].inputs[i] = runtime::Value::of(c->values[r]);
    }
  }
  bool any_override = std::any_of(scheme.overrides.begin(), scheme.overrides.end(),
                                  [](const auto& x) { return x.has_value(); });
  const auto results = engine::interpret_all(
      p, s, apps, any_override ? scheme.overrides : std::vector<std::optional<runtime::Value>>{},
      threads);
  for (size_t r = 0; r < rows; ++r) {
    const auto& row = results[r];
    out.error[r] = row.error;
    out.eligible[r] = row.eligible;
    out.amount[r] = row.amount;
    for (size_t w = 0; w < row.failed.size() && w < failed_words; ++w)
      out.failed[r * failed_words + w] = row.failed[w];
    for (size_t k = 0; k < outputs; ++k) {
      out.output_words[k][2 * r] = row.output_words[2 * k];
      out.output_words[k][2 * r + 1] = row.output_words[2 * k + 1];
      out.output_errors[k][r] = row.output_errors[k];
    }
  }
}

// One output's value at rest in the unit of its column, or nothing.
std::optional<int64_t> output_cell(const ir::Output& d, const int64_t words[2]) {
  const auto type = d.value->type;
  if (!column_type(type)) return std::nullopt;
  const auto layout = d.layout();
  if (layout == runtime::OutputLayout::Scalar) return words[0];
  if (layout != runtime::OutputLayout::Wide) return std::nullopt;
  const auto value = runtime::output_value(layout, false, words);
  int64_t rest = 0;
  if (runtime::narrow(value.exact, type.digits(), runtime::RoundMode::HalfAway, rest) !=
      runtime::ErrorCode::None)
    return std::nullopt;
  return rest;
}

void finish(const bareme_scheme& scheme, ir::Index s, size_t rows, const runtime::BatchOutput& out,
            size_t failed_words, const bareme_results& r) {
  const auto& sch = scheme.program().schemes[s];
  const size_t slots = engine::refusal_slots(sch);
  for (size_t row = 0; row < rows; ++row) {
    const uint8_t code = out.error[row];
    if (r.status) r.status[row] = code;
    if (code) {
      out.eligible[row] = 0;
      out.amount[row] = 0;
    }
    if (r.first_failed) {
      int32_t first = -1;
      for (size_t k = 0; !code && k < slots && first < 0; ++k)
        if (engine::condition_failed(out.failed + row * failed_words, k))
          first = static_cast<int32_t>(k);
      r.first_failed[row] = first;
    }
    for (size_t k = 0; k < r.output_count; ++k) {
      const int64_t words[2] = {out.output_words[k][2 * row], out.output_words[k][2 * row + 1]};
      const auto cell =
          out.output_errors[k][row] ? std::nullopt : output_cell(sch.outputs[k], words);
      if (r.outputs[k]) r.outputs[k][row] = cell.value_or(0);
      if (r.output_validity && r.output_validity[k]) r.output_validity[k][row] = cell ? 1 : 0;
    }
  }
}

void score_columns(const bareme_scheme& scheme, const bareme_column* columns, size_t count,
                   size_t rows, const Options& o, const bareme_results& r) {
  const ir::Index s = evaluated_scheme(&scheme);
  const auto& p = scheme.program();
  const auto& sch = p.schemes[s];
  if (r.output_count != 0 && r.output_count != sch.outputs.size())
    fail(BAREME_BAD_COLUMN, "output_count is " + std::to_string(r.output_count) +
                                ": the scheme has " + std::to_string(sch.outputs.size()) +
                                " declared outputs (give all of them, or 0)");
  if (r.output_count) require(r.outputs, "results->outputs");
  const Views v = read_columns(p, columns, count, rows);
  if (rows == 0) return;
  const auto shape = engine::output_shape(p, s);
  Scratch scratch;
  runtime::BatchOutput out;
  prepare(scratch, shape, rows, r, out);
  const unsigned threads =
      o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  const jit::CompiledScheme* compiled = o.engine == 1 ? nullptr : scheme.compiled();
  if (compiled) {
    runtime::BatchInput input;
    input.columns = v.columns.data();
    input.has_as_of = o.as_of ? 1 : 0;
    input.as_of = o.as_of.value_or(0);
    run_jit(compiled->function, input, out, rows, threads);
  } else {
    run_interpreter(scheme, s, v, rows, o, out, shape.outputs, shape.failed_words, threads);
  }
  finish(scheme, s, rows, out, shape.failed_words, r);
}

}  // namespace
}  // namespace bareme::capi

extern "C" bareme_status bareme_score_columns(const bareme_scheme* scheme,
                                              const bareme_column* columns, size_t column_count,
                                              size_t rows, const bareme_options* options,
                                              bareme_results* results, bareme_error** error) {
  return guard(error, [&] {
    require(scheme, "scheme");
    require(results, "results");
    if (column_count > 0) require(columns, "columns");
    const auto o = bareme::capi::read_options(options);
    bareme::capi::score_columns(*scheme, columns, column_count, rows, o, *results);
  });
}
