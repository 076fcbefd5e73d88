// Naming the inputs of a row that lie outside their bounds or their `one of` list.
#include "scoring/range_detail.hpp"

#include <fmt/format.h>

#include "runtime/text_intern.hpp"

namespace bareme::scoring {
namespace {

// Why `v`, the value of input `in`, is out of range; empty when it is not.
std::string why(const ir::Program& program, const ir::Input& in, const runtime::Value& v) {
  const auto shown = [&](const runtime::Value& x) { return interp::format_value(program, in.type, x); };
  if (in.type.is(ir::TypeKind::Text)) {
    if (!v.text || in.accepts(*v.text)) return "";
    return fmt::format("`{}` is {}, which `{}` does not list", in.name, shown(v), in.values_file);
  }
  if (in.at_least && v.scalar < *in.at_least)
    return fmt::format("`{}` is {}, below its lower bound {}", in.name, shown(v),
                       shown(runtime::Value::of(*in.at_least)));
  if (in.at_most && v.scalar > *in.at_most)
    return fmt::format("`{}` is {}, above its upper bound {}", in.name, shown(v),
                       shown(runtime::Value::of(*in.at_most)));
  return "";
}

bool checked(const ir::Input& in) {
  const bool scalar = !in.type.is(ir::TypeKind::List) && !in.type.is(ir::TypeKind::Record) &&
                      !in.type.is(ir::TypeKind::Duration);
  return scalar && (in.at_least || in.at_most || in.values);
}

void join(std::string& out, const std::string& reason) {
  if (reason.empty()) return;
  out += out.empty() ? "" : "; ";
  out += reason;
}

}  // namespace

std::string out_of_range_inputs(const ir::Program& program, const engine::Batch& batch, size_t row) {
  std::string out;
  const auto& columns = batch.columns();
  for (size_t i = 0; i < program.inputs.size() && i < columns.size(); ++i) {
    const auto& in = program.inputs[i];
    const auto& column = columns[i];
    if (!checked(in) || row >= column.values.size()) continue;
    if (!column.present.empty() && (row >= column.present.size() || !column.present[row])) continue;
    const int64_t scalar = column.values[row];
    join(out, why(program, in,
                  in.type.is(ir::TypeKind::Text) ? runtime::Value::of_text(runtime::interned_text(scalar))
                                                 : runtime::Value::of(scalar)));
  }
  return out;
}

std::string out_of_range_inputs(const ir::Program& program, const interp::Application& app) {
  std::string out;
  for (size_t i = 0; i < program.inputs.size() && i < app.inputs.size(); ++i) {
    if (checked(program.inputs[i]) && app.inputs[i]) join(out, why(program, program.inputs[i], *app.inputs[i]));
  }
  return out;
}

}  // namespace bareme::scoring
