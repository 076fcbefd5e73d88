// The C ABI's bareme_describe: a scheme's or catalogue's aids, inputs, parameters and outputs as
// JSON.
#include <nlohmann/json.hpp>

#include "api/c_columns.hpp"
#include "api/c_internal.hpp"
#include "interp/interp.hpp"

using bareme::capi::guard;
using bareme::capi::require;
using nlohmann::ordered_json;

namespace {

namespace ir = bareme::ir;

ordered_json unit_of(const ir::Program& p, ir::Type t) {
  switch (t.kind) {
    case ir::TypeKind::Money:
      return "€" + ir::money_suffix(p, t);
    case ir::TypeKind::Rate:
      return "%";
    case ir::TypeKind::Quantity:
      return p.units[t.ref].name;
    default:
      return nullptr;
  }
}

ordered_json column_of(ir::Type t) {
  const char* c = bareme::capi::column_type(t);
  return c ? ordered_json(c) : ordered_json(nullptr);
}

// A constant value as plain text (`2700.00`, `true`, `occitanie`), or null when it is computed or
// fails.
ordered_json plain(const ir::Program& p, const ir::Expr& e, std::optional<ir::Index> scheme) {
  auto r = bareme::interp::evaluate_output(p, "", e, scheme, bareme::interp::empty_application(p));
  if (!r.value) return nullptr;
  return r.plain;
}

// An enum's cases: name, and label, code and open when it has them.
ordered_json cases_json(const ir::Program& p, ir::Type type) {
  ordered_json cases = ordered_json::array();
  for (const auto& c : p.enums[type.ref].cases) {
    ordered_json one;
    one["name"] = c.name;
    if (!c.label.empty()) one["label"] = c.label;
    if (!c.code.empty()) one["code"] = c.code;
    if (c.open) one["open"] = true;
    cases.push_back(one);
  }
  return cases;
}

ordered_json input_json(const ir::Program& p, const ir::Input& in,
                        std::optional<ir::Index> scheme) {
  ordered_json j;
  j["name"] = in.name;
  j["type"] = ir::type_name(p, in.type);
  j["unit"] = unit_of(p, in.type);
  j["column"] = column_of(in.type);
  if (in.type.is(ir::TypeKind::Enum)) j["cases"] = cases_json(p, in.type);
  j["required"] = in.default_value == nullptr;
  if (in.default_value) {
    j["default"] =
        in.computed_default ? ordered_json(nullptr) : plain(p, *in.default_value, scheme);
    if (!in.default_text.empty()) j["default_text"] = in.default_text;
  }
  if (in.at_least || in.at_most) {
    auto bound = [&](const std::optional<int64_t>& b) {
      return b ? ordered_json(
                     bareme::interp::plain_value(p, in.type, bareme::runtime::Value::of(*b)))
               : ordered_json(nullptr);
    };
    j["at_least"] = bound(in.at_least);
    j["at_most"] = bound(in.at_most);
  }
  if (in.definition) j["definition"] = true;
  j["doc"] = in.doc;
  return j;
}

std::string describe(const bareme_scheme& s) {
  const auto& p = s.program();
  ordered_json j;
  ordered_json aids = ordered_json::array();
  if (s.scheme) {
    const auto& scheme = p.schemes[*s.scheme];
    j["kind"] = "scheme";
    j["name"] = scheme.name;
    j["title"] = scheme.title;
    for (const auto& c : p.combines) {
      if (c.module != scheme.module) continue;
      for (const auto& a : c.aids)
        aids.push_back(ordered_json{{"name", c.name + "." + a.name}, {"combine", c.name}});
    }
    ordered_json conditions = ordered_json::array();
    for (const auto& c : scheme.conditions) conditions.push_back(c.name);
    j["conditions"] = conditions;
  } else {
    j["kind"] = "catalogue";
    j["name"] = p.modules.back().name;
    j["title"] = "";
    for (const auto& scheme : p.schemes)
      aids.push_back(ordered_json{{"name", scheme.name}, {"title", scheme.title}});
    ordered_json levels = ordered_json::array();
    for (const auto& l : p.levels)
      levels.push_back(ordered_json{{"name", l.name}, {"title", l.title}});
    j["levels"] = levels;
  }
  j["aids"] = aids;
  ordered_json inputs = ordered_json::array();
  for (const auto& in : p.inputs) inputs.push_back(input_json(p, in, s.scheme));
  j["inputs"] = inputs;
  ordered_json params = ordered_json::array();
  for (const auto& prm : p.params)
    params.push_back(ordered_json{{"name", prm.name}, {"type", ir::type_name(p, prm.type)}});
  j["parameters"] = params;
  ordered_json outputs = ordered_json::array();
  if (s.scheme) {
    for (const auto& o : p.schemes[*s.scheme].outputs) {
      ordered_json out{{"name", o.name},
                       {"type", ir::type_name(p, o.value->type)},
                       {"unit", unit_of(p, o.value->type)},
                       {"column", column_of(o.value->type)}};
      if (o.value->type.is(ir::TypeKind::Enum)) out["cases"] = cases_json(p, o.value->type);
      outputs.push_back(std::move(out));
    }
  }
  j["outputs"] = outputs;
  return j.dump(2) + "\n";
}

}  // namespace

extern "C" bareme_status bareme_describe(const bareme_scheme* scheme, char** json,
                                         bareme_error** error) {
  return guard(error, [&] {
    require(json, "json");
    *json = nullptr;
    require(scheme, "scheme");
    *json = bareme::capi::copy_out(describe(*scheme));
  });
}
