// The C ABI's input columns: the caller's buffers checked, then wrapped in place as the JIT's
// column views (absent inputs share one zero buffer).
#include <algorithm>
#include <string>

#include "api/c_columns.hpp"
#include "diag/suggest.hpp"
#include "runtime/values.hpp"

namespace bareme::capi {
namespace {
// Dates are read as days of the years 1 to 9999 (runtime/values.hpp), as in JSON and CSV.
void check_dates(const ir::Input& in, const bareme_column& c, size_t rows) {
  static const int64_t first = *runtime::days_from_civil({1, 1, 1});
  static const int64_t last = *runtime::days_from_civil({9999, 12, 31});
  for (size_t r = 0; r < rows; ++r) {
    if (c.validity && !c.validity[r]) continue;
    if (c.values[r] < first || c.values[r] > last)
      fail(BAREME_BAD_COLUMN, "column `" + in.name + "` row " + std::to_string(r) + ": " +
                                  std::to_string(c.values[r]) +
                                  " days from 1970-01-01 is not a date of the years 1 to 9999 (" +
                                  std::to_string(first) + " to " + std::to_string(last) + ")");
  }
}

void check_values(const ir::Program& p, const ir::Input& in, const bareme_column& c, size_t rows) {
  if (in.type.is(ir::TypeKind::Date)) return check_dates(in, c, rows);
  int64_t high = -1;
  if (in.type.is(ir::TypeKind::Bool)) high = 1;
  if (in.type.is(ir::TypeKind::Enum))
    high = static_cast<int64_t>(p.enums[in.type.ref].cases.size()) - 1;
  if (high < 0) return;
  for (size_t r = 0; r < rows; ++r) {
    if (c.validity && !c.validity[r]) continue;
    if (c.values[r] < 0 || c.values[r] > high)
      fail(BAREME_BAD_COLUMN,
           "column `" + in.name + "` row " + std::to_string(r) + ": " +
               std::to_string(c.values[r]) +
               (high == 1 ? " is not a Bool (0 or 1)"
                          : " is not the index of a case of " + ir::type_name(p, in.type) +
                                " (0 to " + std::to_string(high) + ")"));
  }
}

}  // namespace

Views read_columns(const ir::Program& p, const bareme_column* columns, size_t count, size_t rows) {
  Views v;
  v.zeros.assign(rows + 1, 0);
  v.absent.assign(rows + 1, 0);
  v.given.assign(p.inputs.size(), nullptr);
  std::vector<std::string> names;
  for (const auto& in : p.inputs) names.push_back(in.name);
  for (size_t k = 0; k < count; ++k) {
    const bareme_column& c = columns[k];
    if (!c.name) fail(BAREME_NULL_ARGUMENT, "`columns[" + std::to_string(k) + "].name` is NULL");
    const auto it = std::find(names.begin(), names.end(), c.name);
    if (it == names.end()) {
      std::string message = std::string("column `") + c.name + "` names no input";
      if (auto best = diag::closest(c.name, names)) message += "; did you mean `" + *best + "`?";
      fail(BAREME_UNKNOWN_NAME, message);
    }
    const size_t i = static_cast<size_t>(it - names.begin());
    const auto& in = p.inputs[i];
    if (v.given[i]) fail(BAREME_BAD_COLUMN, "column `" + in.name + "` is given twice");
    if (!column_type(in.type))
      fail(BAREME_BAD_COLUMN, "input `" + in.name + "` is a " + ir::type_name(p, in.type) +
                                  ": it cannot be given as a column (score it through JSON)");
    if (!c.values && rows > 0) fail(BAREME_BAD_COLUMN, "column `" + in.name + "` has NULL values");
    check_values(p, in, c, rows);
    v.given[i] = &c;
  }
  v.columns.resize(p.inputs.size());
  v.fields.resize(p.inputs.size());
  for (size_t i = 0; i < p.inputs.size(); ++i) {
    runtime::ColumnView& view = v.columns[i];
    if (const bareme_column* c = v.given[i]) {
      view.values = c->values;
      view.present = c->validity;  // null: set on every row
      continue;
    }
    view.values = v.zeros.data();
    view.days = v.zeros.data();
    view.present = v.absent.data();
    view.offsets = v.zeros.data();  // every list empty (and absent)
    if (p.inputs[i].type.is(ir::TypeKind::List)) {
      runtime::ColumnView field{v.zeros.data(), v.zeros.data(), nullptr, nullptr, nullptr};
      v.fields[i].assign(p.records[p.inputs[i].type.ref].fields.size(), field);
      view.fields = v.fields[i].data();
    }
  }
  return v;
}

}  // namespace bareme::capi
