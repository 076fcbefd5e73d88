// The differential tester for jit::compile_all's one function: every scheme and level of a
// program evaluated at once, against the interpreter target by target.
#include <algorithm>

#include "engine/fuzz.hpp"

namespace bareme::engine {
namespace {

// A scheme refused by its first condition: that condition alone among the failed ones.
void keep_first_refusal(RowResult& row) {
  if (row.error || row.failed.empty() || (row.failed[0] & 1) == 0) return;
  std::fill(row.failed.begin(), row.failed.end(), 0);
  row.failed[0] = 1;
}

}  // namespace

std::vector<DiffReport> differential_all(const ir::Program& program, runtime::CatalogueFunction fn,
                                         const std::vector<interp::Application>& apps) {
  Batch batch(program);
  for (const auto& a : apps) batch.append(a);
  batch.set_as_of(std::nullopt);
  const size_t schemes = program.schemes.size(), targets = schemes + program.levels.size();
  // The one function reports no declared output (`score --all` writes none).
  auto shape = [&](size_t t) {
    OutputShape s = t < schemes ? output_shape(program, static_cast<ir::Index>(t)) : kLevelShape;
    s.outputs = 0;
    return s;
  };
  std::vector<Outputs> out(targets);
  std::vector<runtime::BatchOutput> views(targets);
  std::vector<runtime::BatchOutput*> outs;
  for (size_t t = 0; t < targets; ++t) {
    prepare_outputs(out[t], apps.size(), shape(t));
    // Garbage where nothing is written yet, as `score --all` does not clear its outputs: a
    // cell the function leaves unwritten is a mismatch rather than a lucky zero.
    std::fill(out[t].eligible.begin(), out[t].eligible.end(), uint8_t{0x5a});
    std::fill(out[t].error.begin(), out[t].error.end(), uint8_t{0});
    std::fill(out[t].amount.begin(), out[t].amount.end(), int64_t{-777});
    std::fill(out[t].failed.begin(), out[t].failed.end(), ~uint64_t{0});
    for (auto* column : {&out[t].aid_before, &out[t].aid_after})
      for (auto& values : *column) std::fill(values.begin(), values.end(), int64_t{-777});
    views[t] = out[t].view();
    outs.push_back(&views[t]);
  }
  // Two ranges, the later first: each call writes its own range only, before and after.
  const auto n = static_cast<int64_t>(apps.size());
  fn(&batch.input(), outs.data(), n / 3, n);
  fn(&batch.input(), outs.data(), 0, n / 3);
  std::vector<DiffReport> reports(targets);
  for (size_t t = 0; t < targets; ++t) {
    DiffReport& report = reports[t];
    report.rows = apps.size();
    for (size_t r = 0; r < apps.size(); ++r) {
      RowResult expected =
          t < schemes
              ? interpreter_row(program, static_cast<ir::Index>(t), apps[r])
              : interpreter_level_row(program, static_cast<ir::Index>(t - schemes), apps[r]);
      expected.output_words.clear();
      expected.output_errors.clear();
      expected.error_detail = 0;  // nor which parameter an error is about
      RowResult got = row_of(out[t], r, shape(t));
      if (expected.error) ++report.errors;
      keep_first_refusal(expected);
      keep_first_refusal(got);
      if (expected == got) continue;
      ++report.mismatch_count;
      if (report.mismatches.size() < 5)
        report.mismatches.push_back(Mismatch{r, std::move(expected), std::move(got)});
    }
  }
  return reports;
}

}  // namespace bareme::engine
