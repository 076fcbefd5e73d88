// Columnar batches built from applications, and runs of compiled batch functions across cores.
#include "engine/batch.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <thread>

#include "runtime/text_intern.hpp"

namespace bareme::engine {
namespace {

int64_t scalar_of(ir::Type type, const runtime::Value& v) {
  if (type.is(ir::TypeKind::Duration)) return v.duration.months;
  if (type.is(ir::TypeKind::Text)) return runtime::intern_text(v.text ? *v.text : "");
  return v.scalar;
}

void push_scalar(Batch::Column& column, ir::Type type, const std::optional<runtime::Value>& v) {
  column.present.push_back(v ? 1 : 0);
  column.values.push_back(v ? scalar_of(type, *v) : 0);
  if (type.is(ir::TypeKind::Duration)) column.days.push_back(v ? v->duration.days : 0);
}

runtime::ColumnView view_of(const Batch::Column& c) {
  runtime::ColumnView v;
  v.values = c.values.data();
  v.days = c.days.empty() ? nullptr : c.days.data();  // durations only
  v.present = c.present.data();
  v.offsets = c.offsets.data();
  return v;
}

}  // namespace

Batch::Batch(const ir::Program& program) : program_(program), columns_(program.inputs.size()) {
  for (size_t i = 0; i < program.inputs.size(); ++i) {
    if (program.inputs[i].type.is(ir::TypeKind::List)) {
      columns_[i].fields.resize(program.records[program.inputs[i].type.ref].fields.size());
    }
  }
}

void Batch::append(const interp::Application& app) {
  for (size_t i = 0; i < program_.inputs.size(); ++i) {
    const auto& v = i < app.inputs.size() ? app.inputs[i] : std::nullopt;
    if (v)
      push_value(i, *v);
    else
      push_absent(i);
  }
  ++rows_;
}

static void clear_column(Batch::Column& c) {
  c.values.clear();
  c.days.clear();
  c.present.clear();
  c.offsets.assign(1, 0);
  for (auto& f : c.fields) clear_column(f);
}

// Keeps the first `rows` entries of `c` (`rows` list elements for a record field's column).
static void truncate_column(Batch::Column& c, size_t rows) {
  c.values.resize(std::min(c.values.size(), rows));
  c.present.resize(std::min(c.present.size(), rows));
  c.days.resize(std::min(c.days.size(), rows));
  if (c.offsets.size() > rows + 1) c.offsets.resize(rows + 1);
  const auto elements = static_cast<size_t>(c.offsets.back());
  for (auto& f : c.fields) truncate_column(f, elements);
}

void Batch::drop_partial_row() {
  for (auto& c : columns_) truncate_column(c, rows_);
}

void Batch::clear() {
  for (auto& c : columns_) clear_column(c);
  rows_ = 0;
}

void Batch::reserve(size_t rows) {
  for (auto& c : columns_) {
    c.values.reserve(rows);
    c.present.reserve(rows);
    if (!c.fields.empty()) c.offsets.reserve(rows + 1);
  }
}

void Batch::push_absent(size_t input) {
  Column& column = columns_[input];
  column.present.push_back(0);
  column.values.push_back(0);
  if (program_.inputs[input].type.is(ir::TypeKind::Duration)) column.days.push_back(0);
  if (program_.inputs[input].type.is(ir::TypeKind::List))
    column.offsets.push_back(column.offsets.back());
}

void Batch::push_list(size_t input, const int64_t* values, size_t elements) {
  Column& column = columns_[input];
  column.present.push_back(1);
  column.values.push_back(0);
  const size_t fields = column.fields.size();
  for (size_t e = 0; e < elements; ++e) {
    for (size_t f = 0; f < fields; ++f) {
      column.fields[f].present.push_back(1);
      column.fields[f].values.push_back(values[e * fields + f]);
    }
  }
  column.offsets.push_back(static_cast<int64_t>(fields == 0 ? 0 : column.fields[0].values.size()));
}

void Batch::push_value(size_t input, const runtime::Value& v) {
  const ir::Type type = program_.inputs[input].type;
  Column& column = columns_[input];
  if (!type.is(ir::TypeKind::List)) {
    engine::push_scalar(column, type, v);
    return;
  }
  column.present.push_back(1);
  column.values.push_back(0);
  const auto& record = program_.records[type.ref];
  for (const auto& element : v.elements()) {
    for (size_t f = 0; f < record.fields.size(); ++f) {
      engine::push_scalar(column.fields[f], record.fields[f].type, element.elements()[f]);
    }
  }
  column.offsets.push_back(
      static_cast<int64_t>(column.fields.empty() ? 0 : column.fields[0].values.size()));
}

bool Batch::all_present() const {
  for (size_t i = 0; i < columns_.size(); ++i) {
    const auto& c = columns_[i];
    if (program_.inputs[i].definition) continue;  // the dense variant still reads their presence
    if (!c.present.empty() && std::memchr(c.present.data(), 0, c.present.size()) != nullptr)
      return false;
  }
  return true;
}

void Batch::set_as_of(std::optional<runtime::Days> date) {
  input_.has_as_of = date ? 1 : 0;
  input_.as_of = date.value_or(0);
}

const runtime::BatchInput& Batch::input() {
  views_.clear();
  field_views_.assign(columns_.size(), {});
  for (size_t i = 0; i < columns_.size(); ++i) {
    for (const auto& f : columns_[i].fields) field_views_[i].push_back(view_of(f));
    for (auto& f : field_views_[i]) f.present = nullptr;  // a record's fields are always set
    views_.push_back(view_of(columns_[i]));
    // A column with every row set needs no presence array: compiled code then reads none.
    const auto& present = columns_[i].present;
    if (std::all_of(present.begin(), present.end(), [](uint8_t p) { return p != 0; }))
      views_.back().present = nullptr;
    views_.back().fields = field_views_[i].data();
  }
  input_.columns = views_.data();
  return input_;
}

OutputShape output_shape(const ir::Program& program, ir::Index scheme) {
  OutputShape shape;
  for (const auto& c : program.combines)
    if (c.module == program.schemes[scheme].module) shape.aids += c.aids.size();
  shape.failed_words = runtime::failed_words(refusal_slots(program.schemes[scheme]));
  shape.outputs = program.schemes[scheme].outputs.size();
  return shape;
}

namespace {

int64_t error_detail(const interp::RuntimeError& e, std::optional<runtime::Days> date) {
  const bool about_param =
      e.code == runtime::ErrorCode::NoParamValue || e.code == runtime::ErrorCode::NoEvaluationDate;
  if (!e.param || !about_param) return 0;
  return runtime::param_error_detail(*e.param, e.code == runtime::ErrorCode::NoParamValue ? date.value_or(0) : 0);
}

}  // namespace

RowResult interpreter_row(const ir::Program& program, ir::Index scheme,
                          const interp::Application& app) {
  interp::Options options;
  options.format_outputs = false;
  const auto r = interp::evaluate(program, scheme, app, options);
  RowResult out;
  const auto& declared = program.schemes[scheme].outputs;
  for (size_t k = 0; k < r.outputs.size() && k < declared.size(); ++k) {
    int64_t words[2] = {0, 0};
    const auto& o = r.outputs[k];
    if (o.value) runtime::output_words(declared[k].layout(), *o.value, o.type.digits(), words);
    out.output_words.insert(out.output_words.end(), words, words + 2);
    out.output_errors.push_back(o.error ? static_cast<uint8_t>(o.error->code) : uint8_t{0});
  }
  if (r.error) {
    out.error = static_cast<uint8_t>(r.error->code);
    out.error_detail = error_detail(*r.error, r.as_of);
    return out;
  }
  out.eligible = r.eligible;
  out.amount = r.amount;
  out.failed.assign(runtime::failed_words(refusal_slots(program.schemes[scheme])), 0);
  for (const auto& f : r.failed) out.failed[f.index / 64] |= uint64_t{1} << (f.index % 64);
  for (const auto& c : r.combines) {
    for (const auto& a : c.aids) {
      out.aid_before.push_back(a.before);
      out.aid_after.push_back(a.after);
    }
  }
  return out;
}

RowResult interpreter_level_row(const ir::Program& program, ir::Index level,
                                const interp::Application& app) {
  const auto r = interp::evaluate_level(program, level, app);
  RowResult out;
  if (r.error) {
    out.error = static_cast<uint8_t>(r.error->code);
    out.error_detail = error_detail(*r.error, r.as_of);
    return out;
  }
  out.eligible = r.level.eligible;
  out.amount = r.level.amount;
  out.failed.assign(kLevelShape.failed_words, 0);
  return out;
}

runtime::BatchOutput Outputs::view() {
  before_pointers.clear();
  after_pointers.clear();
  for (auto& v : aid_before) before_pointers.push_back(v.data());
  for (auto& v : aid_after) after_pointers.push_back(v.data());
  output_pointers.clear();
  output_error_pointers.clear();
  for (auto& v : output_words) output_pointers.push_back(v.data());
  for (auto& v : output_errors) output_error_pointers.push_back(v.data());
  return runtime::BatchOutput{eligible.data(),        amount.data(),
                              failed.data(),          error.data(),
                              before_pointers.data(), after_pointers.data(),
                              output_pointers.data(), output_error_pointers.data(),
                              error_detail.empty() ? nullptr : error_detail.data()};
}

void prepare_outputs(Outputs& out, size_t n, OutputShape shape) {
  out.eligible.assign(n, 0);
  out.error.assign(n, 0);
  out.amount.assign(n, 0);
  out.failed_words = shape.failed_words;
  out.failed.assign(n * shape.failed_words, 0);
  out.aid_before.assign(shape.aids, std::vector<int64_t>(n));
  out.aid_after.assign(shape.aids, std::vector<int64_t>(n));
  out.output_words.assign(shape.outputs, std::vector<int64_t>(2 * n));
  out.output_errors.assign(shape.outputs, std::vector<uint8_t>(n));
  out.error_detail.assign(shape.error_detail ? n : 0, 0);
}

void size_outputs(Outputs& out, size_t n, OutputShape shape) {
  out.eligible.resize(n);
  out.error.resize(n);
  out.amount.resize(n);
  out.failed_words = shape.failed_words;
  out.failed.resize(n * shape.failed_words);
  out.aid_before.resize(shape.aids);
  out.aid_after.resize(shape.aids);
  for (auto& v : out.aid_before) v.resize(n);
  for (auto& v : out.aid_after) v.resize(n);
  out.output_words.resize(shape.outputs);
  out.output_errors.resize(shape.outputs);
  for (auto& v : out.output_words) v.resize(2 * n);
  for (auto& v : out.output_errors) v.resize(n);
  out.error_detail.resize(shape.error_detail ? n : 0);
}

void run_compiled_into(runtime::BatchFunction fn, Batch& batch, Outputs& out, OutputShape shape,
                       unsigned threads) {
  prepare_outputs(out, batch.rows(), shape);
  run_prepared(fn, batch, out, threads);
}

void run_prepared(runtime::BatchFunction fn, Batch& batch, Outputs& out, unsigned threads) {
  const size_t n = batch.rows();
  const runtime::BatchInput& in = batch.input();
  runtime::BatchOutput view = out.view();
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const size_t chunk = 1 << 16;
  if (threads == 1 || n <= chunk) {
    fn(&in, &view, 0, static_cast<int64_t>(n));
    return;
  }
  // Chunks are handed out in turn; each thread writes its own rows only.
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (size_t begin = next.fetch_add(chunk); begin < n; begin = next.fetch_add(chunk)) {
        fn(&in, &view, static_cast<int64_t>(begin),
           static_cast<int64_t>(std::min(n, begin + chunk)));
      }
    });
  }
  for (auto& t : pool) t.join();
}

std::vector<RowResult> run_compiled(runtime::BatchFunction fn, OutputShape shape, Batch& batch,
                                    unsigned threads) {
  Outputs out;
  run_compiled_into(fn, batch, out, shape, threads);
  std::vector<RowResult> rows(batch.rows());
  for (size_t r = 0; r < rows.size(); ++r) rows[r] = row_of(out, r, shape);
  return rows;
}

RowResult row_of(const Outputs& out, size_t r, OutputShape shape) {
  RowResult row;
  for (size_t k = 0; k < shape.outputs; ++k) {
    row.output_words.push_back(out.output_words[k][2 * r]);
    row.output_words.push_back(out.output_words[k][2 * r + 1]);
    row.output_errors.push_back(out.output_errors[k][r]);
  }
  row.error = out.error[r];
  if (r < out.error_detail.size()) row.error_detail = out.error_detail[r];
  if (row.error) return row;
  row.eligible = out.eligible[r] != 0;
  row.amount = out.amount[r];
  row.failed.assign(out.failed_of(r), out.failed_of(r) + out.failed_words);
  for (size_t a = 0; a < shape.aids; ++a) {
    row.aid_before.push_back(out.aid_before[a][r]);
    row.aid_after.push_back(out.aid_after[a][r]);
  }
  return row;
}

}  // namespace bareme::engine
