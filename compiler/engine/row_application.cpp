// A batch row read back as an application, for what only the interpreter says about it: the
// message of a runtime error the compiled function reported as a code.
#include "engine/batch.hpp"
#include "runtime/text_intern.hpp"

namespace bareme::engine {
namespace {

runtime::Value scalar_value(ir::Type type, const Batch::Column& column, size_t at) {
  const int64_t scalar = column.values[at];
  if (type.is(ir::TypeKind::Text)) return runtime::Value::of_text(runtime::interned_text(scalar));
  if (type.is(ir::TypeKind::Duration))
    return runtime::Value::of(runtime::Duration{scalar, at < column.days.size() ? column.days[at] : 0});
  return runtime::Value::of(scalar);
}

}  // namespace

interp::Application application_of(const ir::Program& program, const Batch& batch, size_t row) {
  interp::Application app = interp::empty_application(program);
  const auto& columns = batch.columns();
  for (size_t i = 0; i < program.inputs.size() && i < columns.size(); ++i) {
    const auto& column = columns[i];
    const ir::Type type = program.inputs[i].type;
    if (row >= column.values.size()) continue;
    if (!column.present.empty() && (row >= column.present.size() || !column.present[row])) continue;
    if (!type.is(ir::TypeKind::List)) {
      app.inputs[i] = scalar_value(type, column, row);
      continue;
    }
    if (row + 1 >= column.offsets.size()) continue;
    const auto& record = program.records[type.ref];
    std::vector<runtime::Value> elements;
    for (auto e = column.offsets[row]; e < column.offsets[row + 1]; ++e) {
      std::vector<runtime::Value> fields;
      for (size_t f = 0; f < record.fields.size() && f < column.fields.size(); ++f)
        fields.push_back(scalar_value(record.fields[f].type, column.fields[f], static_cast<size_t>(e)));
      elements.push_back(runtime::Value::of_items(std::move(fields)));
    }
    app.inputs[i] = runtime::Value::of_items(std::move(elements));
  }
  return app;
}

}  // namespace bareme::engine
