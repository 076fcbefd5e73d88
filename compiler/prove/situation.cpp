// A counterexample's inputs, from the solver's model, as a situation JSON object.
#include "prove/situation.hpp"

#include <fmt/format.h>

#include "interp/interp.hpp"

namespace bareme::prove {
namespace {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<int>(c));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

int64_t int_of(const z3::model& m, const z3::expr& e) {
  const z3::expr v = m.eval(e, true);
  int64_t out = 0;
  if (!v.is_numeral_i64(out))
    throw Unsupported{"a value out of the 64-bit range in the model (" + v.to_string() + ")", {}};
  return out;
}

runtime::Value value_of(const ir::Program& p, const z3::model& m, const Sym& s, ir::Type t) {
  switch (s.kind) {
    case Sym::Kind::Bool:
      return runtime::Value::of(m.eval(s.v, true).is_true() ? 1 : 0);
    case Sym::Kind::Text:
      return runtime::Value::of_text(m.eval(s.v, true).get_string());
    case Sym::Kind::Record: {
      std::vector<runtime::Value> fields;
      for (size_t k = 0; k < s.items.size(); ++k)
        fields.push_back(value_of(p, m, s.items[k], p.records[t.ref].fields[k].type));
      return runtime::Value::of_items(std::move(fields));
    }
    case Sym::Kind::List: {
      std::vector<runtime::Value> items;
      const ir::Type element = ir::Type::of(ir::TypeKind::Record, t.ref);
      for (size_t k = 0; k < s.items.size(); ++k) {
        if (m.eval(s.present[k], true).is_true())
          items.push_back(value_of(p, m, s.items[k], element));
      }
      return runtime::Value::of_items(std::move(items));
    }
    default:
      return runtime::Value::of(int_of(m, s.v));
  }
}

std::string json_of(const ir::Program& p, const runtime::Value& v, ir::Type t) {
  if (t.is(ir::TypeKind::Record)) {
    std::string out = "{";
    const auto& fields = p.records[t.ref].fields;
    for (size_t k = 0; k < fields.size(); ++k)
      out += fmt::format("{}{}: {}", k ? ", " : "", quoted(fields[k].name),
                         json_of(p, v.elements()[k], fields[k].type));
    return out + "}";
  }
  if (t.is(ir::TypeKind::List)) {
    std::string out = "[";
    const ir::Type element = ir::Type::of(ir::TypeKind::Record, t.ref);
    for (size_t k = 0; k < v.elements().size(); ++k)
      out += (k ? ", " : "") + json_of(p, v.elements()[k], element);
    return out + "]";
  }
  if (t.is(ir::TypeKind::Bool)) return v.scalar ? "true" : "false";
  const std::string plain = interp::plain_value(p, t, v);
  return interp::plain_is_number(t) ? plain : quoted(plain);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> situation_members(const Encoder& enc,
                                                                   const z3::model& model,
                                                                   std::vector<Shown>& shown) {
  const auto& p = enc.program;
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [index, var] : enc.inputs) {
    const auto& in = p.inputs[index];
    if (var.given && !model.eval(*var.given, true).is_true()) {
      shown.push_back({in.name, "not given (its default)"});
      continue;
    }
    // The variable given, not the merged value `ite(given, free, default)` (whose places may
    // be an exact intermediate's).
    const Sym& free = var.free ? *var.free : var.sym;
    const runtime::Value v = value_of(p, model, free, in.type);
    out.emplace_back(in.name, json_of(p, v, in.type));
    shown.push_back({in.name, interp::format_value(p, in.type, v)});
  }
  return out;
}

std::string situation_json(const std::vector<std::pair<std::string, std::string>>& members) {
  std::string out = "{";
  for (size_t k = 0; k < members.size(); ++k)
    out += fmt::format("{}\n  {}: {}", k ? "," : "", quoted(members[k].first), members[k].second);
  return out + (members.empty() ? "}" : "\n}");
}

void write_situation(const Encoder& enc, const z3::model& model, Verdict& verdict) {
  verdict.situation = situation_json(situation_members(enc, model, verdict.values));
}

}  // namespace bareme::prove
