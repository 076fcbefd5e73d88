// Simulation in chunks of generated applications, scored by the JIT.
#include "scoring/simulate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>

#include "engine/fuzz.hpp"
#include "interp/interp.hpp"
#include "jit/jit.hpp"
#include "report/json_writer.hpp"
#include "scoring/csv.hpp"
#include "scoring/summary.hpp"

namespace bareme::scoring {
namespace {

std::string json_of(const ir::Program& p, ir::Type t, const runtime::Value& v) {
  if (t.is(ir::TypeKind::Int) || t.is(ir::TypeKind::Decimal) || t.is(ir::TypeKind::Money) ||
      t.is(ir::TypeKind::Bool)) {
    return csv_cell(p, t, v);
  }
  if (t.is(ir::TypeKind::List)) {
    std::string out = "[";
    const auto& rec = p.records[t.ref];
    for (size_t i = 0; i < v.elements().size(); ++i) {
      out += i ? ", {" : "{";
      for (size_t f = 0; f < rec.fields.size(); ++f) {
        out += fmt::format("{}\"{}\": {}", f ? ", " : "", rec.fields[f].name,
                           json_of(p, rec.fields[f].type, v.elements()[i].elements()[f]));
      }
      out += "}";
    }
    return out + "]";
  }
  return report::json_escape(csv_cell(p, t, v));
}

}  // namespace

std::string csv_cell(const ir::Program& p, ir::Type t, const runtime::Value& v) {
  switch (t.kind) {
    case ir::TypeKind::Money:
      return runtime::format_scaled(v.scalar, 2, 2);
    case ir::TypeKind::Decimal:
      return runtime::format_decimal(v.scalar);
    case ir::TypeKind::Bool:
      return v.scalar ? "true" : "false";
    case ir::TypeKind::List:
      return json_of(p, t, v);
    case ir::TypeKind::Text:
      return v.text ? *v.text : "";
    default:
      return interp::format_value(p, t, v);
  }
}

std::optional<std::string> simulate(const ir::Program& program, ir::Index scheme,
                                    const SimulateOptions& o, std::ostream& out) {
  const bool reform =
      std::any_of(o.reform.begin(), o.reform.end(), [](const auto& v) { return v.has_value(); });
  auto compile = [&](std::vector<std::optional<runtime::Value>> values) {
    jit::CompileOptions options;
    options.all_inputs_present = true;
    options.param_overrides = std::move(values);
    return jit::compile(program, scheme, options);
  };
  auto base = compile({});
  auto changed = compile(o.reform);
  for (auto* c : {&base, &changed}) {
    if (auto* why = std::get_if<std::string>(c)) return *why;
  }
  if (o.write) {
    std::string header;
    for (const auto& in : program.inputs)
      header += (header.empty() ? "" : ",") + csv_field(in.name);
    *o.write << header << '\n';
  }
  Summary baseline(program, scheme), reformed(program, scheme);
  ReformDiff diff;
  const size_t chunk = 1 << 16;
  for (size_t done = 0, part = 0; done < o.count; done += chunk, ++part) {
    const auto apps = engine::random_applications(program, std::min(chunk, o.count - done),
                                                  o.seed * 1'000'003 + part, true);
    engine::Batch batch(program);
    for (const auto& a : apps) batch.append(a);
    const auto& b = *std::get<0>(base);
    const auto rows = engine::run_compiled(b.function, b.aid_count, batch, o.threads);
    for (const auto& r : rows) baseline.add(r);
    if (reform) {
      const auto& c = *std::get<0>(changed);
      const auto other = engine::run_compiled(c.function, c.aid_count, batch, o.threads);
      for (size_t r = 0; r < rows.size(); ++r) {
        reformed.add(other[r]);
        diff.add(rows[r], other[r]);
      }
    }
    if (o.write) {
      for (const auto& a : apps) {
        std::string line;
        for (size_t i = 0; i < program.inputs.size(); ++i) {
          line += (i ? "," : "") +
                  (a.inputs[i] ? csv_field(csv_cell(program, program.inputs[i].type, *a.inputs[i]))
                               : "");
        }
        *o.write << line << '\n';
      }
    }
  }
  out << (reform ? "baseline " : "") << baseline.text();
  if (reform) out << "reform " << reformed.text() << diff.text();
  if (!o.summary_path.empty()) std::ofstream(o.summary_path, std::ios::binary) << baseline.json();
  return std::nullopt;
}

}  // namespace bareme::scoring
