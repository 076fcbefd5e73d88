// Simulation in chunks of generated applications, scored by the JIT (or the interpreter when
// the JIT refuses the scheme).
#include "scoring/simulate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>

#include "engine/evaluator.hpp"
#include "engine/fuzz.hpp"
#include "interp/interp.hpp"
#include "jit/jit.hpp"
#include "report/json_writer.hpp"
#include "readers/cells.hpp"
#include "readers/csv.hpp"
#include "scoring/most_changed.hpp"
#include "scoring/population.hpp"
#include "scoring/report_changed.hpp"
#include "scoring/report_sections.hpp"
#include "scoring/score.hpp"
#include "scoring/seeds.hpp"
#include "scoring/summary.hpp"

namespace bareme::scoring {

std::string json_value(const ir::Program& p, ir::Type t, const runtime::Value& v) {
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
                           json_value(p, rec.fields[f].type, v.elements()[i].elements()[f]));
      }
      out += "}";
    }
    return out + "]";
  }
  return report::json_escape(csv_cell(p, t, v));
}

namespace {

// How the applications of one program become applications of another, input by input.
struct InputMap {
  const ir::Program& from;
  const ir::Program& to;
  std::vector<std::optional<size_t>>
      source;                   // per input of `to`: the input of `from`, or its default
  std::vector<bool> same_type;  // copied as is, or rewritten through its text

  interp::Application translate(const interp::Application& a) const {
    interp::Application out = interp::empty_application(to);
    for (size_t i = 0; i < source.size(); ++i) {
      if (!source[i] || !a.inputs[*source[i]]) continue;
      const auto& v = *a.inputs[*source[i]];
      if (same_type[i]) {
        out.inputs[i] = v;
        continue;
      }
      std::vector<inputs::InputError> errors;
      const ir::Type from_type = from.inputs[*source[i]].type;
      const std::string cell = csv_cell(from, from_type, v);
      out.inputs[i] = inputs::read_value(
          to, to.inputs[i].type,
          from_type.is(ir::TypeKind::List) ? inputs::json_from_argument(cell) : readers::csv_cell_json(cell),
          "", errors);
    }
    return out;
  }
};

// Two types are the same when their values mean the same: same kind, and for enums, records
// and units the same names.
bool same_type(const ir::Program& a, ir::Type x, const ir::Program& b, ir::Type y) {
  using ir::TypeKind;
  if (x.kind != y.kind) return false;
  switch (x.kind) {
    case TypeKind::Enum: {
      const auto &ca = a.enums[x.ref].cases, &cb = b.enums[y.ref].cases;
      if (ca.size() != cb.size()) return false;
      for (size_t c = 0; c < ca.size(); ++c) {
        if (ca[c].name != cb[c].name) return false;
      }
      return true;
    }
    case TypeKind::Quantity:
      return a.units[x.ref].name == b.units[y.ref].name;
    case TypeKind::List:
    case TypeKind::Record: {
      const auto &fa = a.records[x.ref].fields, &fb = b.records[y.ref].fields;
      if (fa.size() != fb.size()) return false;
      for (size_t f = 0; f < fa.size(); ++f) {
        if (fa[f].name != fb[f].name || !same_type(a, fa[f].type, b, fb[f].type)) return false;
      }
      return true;
    }
    default:
      return true;
  }
}

std::variant<InputMap, std::string> map_inputs(const ir::Program& from, const ir::Program& to) {
  InputMap map{from, to, {}, {}};
  for (const auto& in : to.inputs) {
    size_t k = 0;
    while (k < from.inputs.size() && from.inputs[k].name != in.name) ++k;
    if (k == from.inputs.size()) {
      if (!in.default_value) {
        return fmt::format(
            "the reform's input \"{}\" is not an input of the baseline and has no default: give it "
            "one",
            in.name);
      }
      map.source.emplace_back();
      map.same_type.push_back(false);
      continue;
    }
    map.source.emplace_back(k);
    map.same_type.push_back(same_type(from, from.inputs[k].type, to, in.type));
  }
  return map;
}

}  // namespace

void write_applications(const ir::Program& p, const std::vector<interp::Application>& apps,
                        bool jsonl, std::ostream& out) {
  std::string text;
  for (const auto& a : apps) {
    text += jsonl ? "{" : "";
    for (size_t i = 0; i < p.inputs.size(); ++i) {
      const ir::Type t = p.inputs[i].type;
      if (jsonl) {
        if (a.inputs[i])
          text += fmt::format("{}\"{}\": {}", text.back() == '{' ? "" : ", ", p.inputs[i].name,
                              json_value(p, t, *a.inputs[i]));
      } else {
        text += (i ? "," : "") + (a.inputs[i] ? readers::csv_field(csv_cell(p, t, *a.inputs[i])) : "");
      }
    }
    text += jsonl ? "}\n" : "\n";
  }
  out << text;
}

std::string csv_cell(const ir::Program& p, ir::Type t, const runtime::Value& v) {
  switch (t.kind) {
    case ir::TypeKind::Money:
      return runtime::format_scaled(v.scalar, 2, 2);
    case ir::TypeKind::Decimal:
      return runtime::format_decimal(v.scalar);
    case ir::TypeKind::Bool:
      return v.scalar ? "true" : "false";
    case ir::TypeKind::List:
      return json_value(p, t, v);
    case ir::TypeKind::Text:
      return v.text ? *v.text : "";
    default:
      return interp::format_value(p, t, v);
  }
}

std::optional<std::string> simulate(const ir::Program& program, ir::Index scheme,
                                    const SimulateOptions& o, std::ostream& out) {
  const ir::Program& reform_program = o.reform_program ? *o.reform_program : program;
  const ir::Index reform_scheme = o.reform_program ? o.reform_scheme : scheme;
  const bool reform = o.reform_program || std::any_of(o.reform.begin(), o.reform.end(),
                                                      [](const auto& v) { return v.has_value(); });
  std::optional<InputMap> map;
  if (o.reform_program) {
    auto made = map_inputs(program, *o.reform_program);
    if (auto* why = std::get_if<std::string>(&made)) return *why;
    map.emplace(std::get<InputMap>(std::move(made)));
  }
  // Each side compiled, or evaluated by the interpreter when the JIT refuses it (one warning
  // line per distinct reason).
  std::string warned;
  auto evaluator = [&](const ir::Program& p, ir::Index s,
                       std::vector<std::optional<runtime::Value>> values, bool dense) {
    jit::CompileOptions options;
    options.all_inputs_present = dense;
    options.param_overrides = values;
    engine::Evaluator e{p, s, nullptr, engine::output_shape(p, s), std::move(values), nullptr};
    auto compiled = jit::compile(p, s, options);
    if (auto* refusal = std::get_if<jit::Refusal>(&compiled)) {
      const std::string line = fallback_warning(*refusal, o.sources, "simulating");
      if (o.warnings && line != warned) *o.warnings << line;
      warned = line;
    } else {
      e.jit = std::get<0>(compiled)->function;
      e.code = std::get<0>(compiled);
    }
    return e;
  };
  const engine::Evaluator base = evaluator(program, scheme, {}, true);
  const engine::Evaluator changed =
      reform ? evaluator(reform_program, reform_scheme, o.reform, !o.reform_program) : base;
  if (o.write && !o.write_jsonl) {
    std::string header;
    for (const auto& in : program.inputs)
      header += (header.empty() ? "" : ",") + readers::csv_field(in.name);
    *o.write << header << '\n';
  }
  // About half of each chunk starts from an eligible application, so that the amount rules and
  // the edge of eligibility are exercised.
  const auto seeds = eligible_seeds(base, o.seed);
  Summary baseline(program, scheme), reformed(reform_program, reform_scheme);
  ReformDiff diff;
  MostChanged most;
  const size_t chunk = 1 << 16;
  for (size_t done = 0, part = 0; done < o.count; done += chunk, ++part) {
    auto apps = engine::random_applications(program, std::min(chunk, o.count - done),
                                            o.seed * 1'000'003 + part, true);
    mix_with_seeds(apps, seeds, o.seed * 1'000'003 + part);
    if (o.population) apply_population(*o.population, apps, o.seed * 1'000'003 + part);
    const auto rows = base.run(apps, o.threads);
    for (const auto& r : rows) baseline.add(r);
    if (reform) {
      std::vector<engine::RowResult> other;
      std::vector<interp::Application> translated;
      if (map) {
        translated.reserve(apps.size());
        for (const auto& a : apps) translated.push_back(map->translate(a));
        other = changed.run(translated, o.threads);
      } else {
        other = changed.run(apps, o.threads);
      }
      for (size_t r = 0; r < rows.size(); ++r) {
        reformed.add(other[r]);
        diff.add(rows[r], other[r]);
        // A row one side could not decide is not compared (ReformDiff::not_compared).
        if (rows[r].error || other[r].error) continue;
        const int64_t b = rows[r].amount, a = other[r].amount;
        if (o.report && most.wants(b, a)) {
          most.add(
              {done + r + 1, b, a, apps[r], map ? std::optional(translated[r]) : std::nullopt});
        }
      }
    }
    if (o.write) write_applications(program, apps, o.write_jsonl, *o.write);
  }
  out << (reform ? "baseline " : "") << baseline.text();
  if (reform) out << "reform " << reformed.text() << diff.text();
  if (!o.summary_path.empty()) std::ofstream(o.summary_path, std::ios::binary) << baseline.json();
  if (!o.report) return std::nullopt;
  auto data =
      report_data("Simulation of " + program.schemes[scheme].name,
                  fmt::format("{} generated rows, seed {}", o.count, o.seed), o.report_command);
  data.sections.push_back(
      summary_section(baseline, reform ? "baseline" : "summary", reform ? "Baseline" : "Summary"));
  if (reform) {
    data.sections.push_back(summary_section(reformed, "reform", "Reform"));
    data.sections.insert(data.sections.begin(), reform_section(diff));
    data.changed_title = "The rows that changed most";
    data.changed =
        changed_rows(most.sorted(), ExplainSide{program, scheme, o.sources, {}},
                     ExplainSide{reform_program, reform_scheme,
                                 o.reform_program ? o.reform_sources : o.sources, o.reform});
  }
  if (!write_report(data, *o.report)) return "the HTML report could not be written";
  return std::nullopt;
}

}  // namespace bareme::scoring
